"""Home: the two facts about linear classifiers, and where to see each one."""

import streamlit as st

import ui

PARTS = ("sidebar", "title", "scenarios")  # what a link may hide: ?hide=title,scenarios

def home() -> None:
    """The page: what each fact says, a link to each page, and the teachers' scenarios."""
    ui.frame("Home", ":material/home:", parts=PARTS)
    ui.check_url_params("home", ui.lecture_specs(PARTS))

    with ui.part("title"):
        st.title("Two facts about linear classifiers")
        st.markdown(
            "A **logistic** classifier squashes one score through the sigmoid; a **softmax** classifier "
            "scores every class and normalises. For two classes they are the same model, and both learn "
            "from the same simple error signal. Each page lets you test one fact with live numbers."
        )

    left, right = st.columns(2, gap="large")
    with left:
        st.header("1 · Sigmoid is two-class softmax")
        st.markdown(
            "With the standard softmax $\\hat y_i = e^{z_i} / \\sum_j e^{z_j}$, the logistic model "
            "$\\sigma(w^\\top x + b)$ gives the same probability of class 2 as a softmax model with rows "
            "$(w_1, b_1)$ and $(w_2, b_2)$, at every input, exactly when"
        )
        st.latex(r"w = w_2 - w_1, \qquad b = b_2 - b_1")
        st.latex(
            r"\begin{aligned}\hat y_2 &= \frac{e^{w_2^\top x + b_2}}{e^{w_1^\top x + b_1} + e^{w_2^\top x + b_2}} \\"
            r" &= \frac{1}{1 + e^{-\left((w_2 - w_1)^\top x + (b_2 - b_1)\right)}}\end{aligned}"
        )
        st.caption(
            "Writing the softmax with $e^{-z}$ instead flips the sign to $w = w_1 - w_2$: "
            "the relation depends on the convention, and $e^{+z}$ is the standard one."
        )
        ui.link("pages/sigmoid_vs_softmax.py", label="Explore sigmoid vs softmax", icon=":material/arrow_forward:")
    with right:
        st.header("2 · The gradient on the logits is ŷ − y")
        st.markdown(
            "For the cross-entropy $L = -\\sum_k y_k \\log \\hat y_k$, through the softmax Jacobian "
            "$\\partial \\hat y_i / \\partial z_k = \\hat y_i(\\delta_{ik} - \\hat y_k)$:"
        )
        st.latex(r"\frac{\partial L}{\partial z} = \hat y - y")
        st.latex(r"\nabla_W \bar L = \frac{1}{N}(\hat Y - Y)^\top X")
        st.caption(
            "Each row of $\\hat y - y$ sums to zero, so gradient descent never changes $w_1 + w_2$; "
            "two-class softmax with rate $\\eta$ moves $w_2 - w_1$ exactly like logistic regression with rate $2\\eta$."
        )
        ui.link("pages/gradient_descent.py", label="Watch gradient descent learn", icon=":material/arrow_forward:")

    with ui.part("scenarios"):
        st.divider()
        st.header("For teachers: scenarios in one click")
        st.caption(
            "Each link opens a page in a state worth discussing; the address bar then holds that state to share."
        )
        columns = st.columns(3, gap="medium")
        for i, scenario in enumerate(ui.SCENARIOS):
            with columns[i % 3].container(border=True):
                ui.link(scenario.page, label=scenario.title, icon=":material/school:", query_params=scenario.params)
                st.caption(scenario.note)


# Streamlit runs the entry script as __main__. A worker process ("spawn") imports it as __mp_main__ and must not
# draw the page: see ui/worker.py.
if __name__ == "__main__":
    home()
