"""Round trips of the share link on both pages: a random view is set the way a student sets it (the explorer's
report, the widgets), the page's own "Share this view" link is read, and a fresh session opened on that link holds
the same view: every number, the mode, the step, open tabs and sections with their settings, the answer."""

from urllib.parse import parse_qs, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.diagnostics import start_weights
from tests.pages import apptest
from ui.descent_settings import LEARNING_RATES
from ui.params import url_problems
from ui.sigmoid_explorer import MODES, NUMBER_KEYS, TYPED

SIGMOID, DESCENT = "pages/sigmoid_vs_softmax.py", "pages/gradient_descent.py"
sigmoid_page = apptest.import_page(SIGMOID)
descent_page = apptest.import_page(DESCENT)
SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shared(at) -> dict[str, str]:
    """The parameters of the link in the page's "Share this view" popover, each once."""
    (link,) = [code.value for code in at.code if code.value.startswith(("http", "?"))]
    params = parse_qs(urlsplit(link).query, keep_blank_values=True)
    assert all(len(values) == 1 for values in params.values()), params
    return {key: values[0] for key, values in params.items()}


def multiples(step: float, lo: float, hi: float):
    return st.integers(round(lo / step), round(hi / step)).map(lambda i: i * step)


weights = st.one_of(
    multiples(0.1, -5, 5).map(lambda x: round(x, 10)),  # what the sliders and arrows set
    st.floats(-TYPED, TYPED, allow_nan=False, allow_infinity=False),  # anything typed
)
SIGMOID_SECTIONS = {  # each tab's own settings and what they may hold
    "Shift rows": {"c1": multiples(0.5, -3, 3), "c2": multiples(0.5, -3, 3), "cb": multiples(0.5, -3, 3)},
    "Scale k": {"k": multiples(0.25, 0.25, 4)},
    "Sign convention": {"negated": st.booleans()},
}


@st.composite
def sigmoid_views(draw):
    values = {key: draw(weights) for key in NUMBER_KEYS}
    mode = draw(st.sampled_from(MODES))
    tab = draw(st.sampled_from(list(sigmoid_page.VIEWS)))
    inner = {key: draw(values_of) for key, values_of in SIGMOID_SECTIONS.get(tab, {}).items()}
    answer = draw(st.booleans()) if mode == "free" else None
    return values, mode, tab, inner, answer


def sigmoid_state(at) -> tuple:
    """The view the session holds: the explorer's numbers and mode, the open tab, its settings, the answer."""
    tab = at.session_state["tab"]
    inner = {key: at.session_state[key] for key in SIGMOID_SECTIONS.get(tab, {})}
    answer = at.toggle(key="answer").value if at.session_state["sx_view"]["mode"] == "free" else None
    return at.session_state["sx_view"], tab, inner, answer


@SLOW
@given(sigmoid_views())
def test_a_sigmoid_view_comes_back_from_its_share_link(view):
    values, mode, tab, inner, answer = view
    at = apptest.open_page(SIGMOID)
    at.session_state["explorer"] = {"view": {"values": values, "mode": mode, "seq": "round-trip"}}
    at.session_state["tab"] = tab
    at.run()
    for key, value in inner.items():
        widget = at.toggle(key=key) if key == "negated" else at.slider(key=key)
        widget.set_value(value)
    if answer is not None:
        at.toggle(key="answer").set_value(answer)
    at.run()
    before = sigmoid_state(at)
    assert before[0] == values | {"mode": mode} and before[1:] == (tab, inner, answer)
    link = shared(at)
    assert url_problems({k: [v] for k, v in link.items()}, sigmoid_page.SPECS) == ([], set())
    again = apptest.open_page(SIGMOID, **link)
    assert not again.exception
    assert sigmoid_state(again) == before


@st.composite
def descent_views(draw):
    data = draw(st.sampled_from(["blobs", "overlap", "xor"]))
    return {
        "data": data,
        "n": draw(st.integers(10, 300)),
        "noise": round(draw(multiples(0.05, 0, 3)), 10),
        "seed": draw(st.integers(0, 9999)),
        "classes": 2 if data == "xor" else draw(st.integers(2, 5)),
        "lr": draw(st.sampled_from(LEARNING_RATES)),
        "init": draw(st.sampled_from(["zeros", "random"])),
    }, draw(st.integers(0, 3000)), draw(st.sets(st.sampled_from(list(descent_page.SECTIONS)))), draw(
        st.integers(1, 2000)
    )


def descent_state(at) -> tuple:
    """The view the session holds: the settings, the open sections, the compared steps (of the open comparison)."""
    chosen = {key: at.session_state[key] for key in ("data", "n", "noise", "seed", "classes", "lr", "init")}
    opened = {key for key in descent_page.SECTIONS if at.session_state[key]}
    compared = at.session_state["two_class_steps"] if "two_class_steps" in at.session_state else None
    return chosen, opened, compared


@SLOW
@given(descent_views())
def test_a_descent_view_comes_back_from_its_share_link(view):
    """The settings, the step the map rests on (as the browser reports it; the fresh page sends the map that step to
    train to), the open sections and the steps the two-class comparison runs."""
    chosen, step, opened, compared = view
    at = apptest.open_page(DESCENT, **{key: str(value) for key, value in chosen.items()})
    for key in opened:
        at.session_state[key] = True
    two_class = "open_two_class" in opened and chosen["classes"] == 2  # the comparison needs two classes
    if two_class:
        at.session_state["two_class_steps"] = compared
    at.run()
    W0, b0 = start_weights(chosen["init"], classes=chosen["classes"], dims=2, seed=chosen["seed"])
    apptest.rest_on(at, step, W0 + 0.01 * step, b0)  # any weights: the link carries the step, the browser trains
    before = descent_state(at)
    assert before == (chosen, opened, compared if two_class else None)
    link = shared(at)
    assert url_problems({k: [v] for k, v in link.items()}, descent_page.URL_PARAMS) == ([], set())
    again = apptest.open_page(DESCENT, **link)
    assert not again.exception, again.exception
    assert descent_state(again) == before
    assert (apptest.sent(again, "descent_explorer")["step"] or 0) == step
