"""Labels on the explorers' maps as Chromium draws them: on the sigmoid page's defaults, presets, free mode, the
projector, a phone and twenty random views given in the address, and on the descent page, no two label boxes
intersect, no label covers a point's marker (or another arrow's tip), and every label lies inside its plot."""

import itertools
from urllib.parse import urlencode

import numpy as np
import pytest

from tests.e2e.conftest import SIZES, settle
from tests.e2e.probes import DESCENT_STATE, EXPLORER
from tests.e2e.test_sigmoid_keyboard import handle
from tests.e2e.test_sigmoid_vs_softmax import PATH, opened
from tests.pages.apptest import import_page

pytestmark = pytest.mark.e2e

presets = import_page("pages/sigmoid_vs_softmax.py")
ROWS = ("w1_1", "w1_2", "b1", "w2_1", "w2_2", "b2")

# Each map of the sigmoid explorer as drawn: its plot's box, its visible labels (the arrow they name, or null for a
# point's), its markers, and the handles one can grab; boxes are [left, top, right, bottom] in the window.
SIGMOID_LAYOUT = """() => { const box = document.querySelector('.st-key-explorer');
  const host = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const rect = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = (e) => getComputedStyle(e).visibility === 'visible';
  const arrow = (e) => e.closest('[data-arrow]')?.dataset.arrow ?? null;
  return [...host.shadowRoot.querySelectorAll('.sx-map')].map((map) => ({
    map: map.dataset.model, plot: rect(map.querySelector('canvas')),
    labels: [...map.querySelectorAll('.sx-arrow-label, .sx-point-label')].filter(shown)
      .map((e) => ({ text: e.textContent, owner: arrow(e), box: rect(e) })),
    markers: [...map.querySelectorAll('.sx-point')].map((e) => ({ text: e.dataset.name, box: rect(e) })),
    handles: [...map.querySelectorAll('.sx-draggable .sx-handle')].filter(shown)
      .map((e) => ({ text: arrow(e), owner: arrow(e), box: rect(e) })),
  })); }"""

# The descent map as drawn: the rows' visible labels, the rows' mean, and each point's marker from its centre and
# size (the points are painted on a canvas).
DESCENT_LAYOUT = """() => { const box = document.querySelector('.st-key-descent');
  const host = [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const s = host.shadowRoot.__descentExplorer;
  const rect = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = (e) => getComputedStyle(e).visibility === 'visible';
  const at = s.ui.overlay.getBoundingClientRect(), h = s.history, sizes = s.drawn.sizes;
  const markers = Array.from({ length: h.n }, (_, i) => {
    const [x, y, r] = [at.left + s.map.px(h.points[2 * i]), at.top + s.map.py(h.points[2 * i + 1]), sizes[i] / 2];
    return { text: `point ${i + 1}`, box: [x - r, y - r, x + r, y + r] };
  });
  const mean = s.ui.overlay.querySelector('.dx-mean');
  if (shown(mean)) markers.push({ text: "the rows' mean", box: rect(mean) });
  return [{ map: 'descent', plot: rect(s.ui.shade), markers, handles: [],
    labels: [...s.ui.overlay.querySelectorAll('.dx-row .dx-arrow-label')].filter(shown)
      .map((e) => ({ text: e.textContent, owner: e.closest('[data-arrow]').dataset.arrow, box: rect(e) })) }]; }"""


def meet(a, b) -> bool:
    """The boxes share some area (touching edges do not count)."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 0 and min(a[3], b[3]) - max(a[1], b[1]) > 0


def problems(maps: list[dict]) -> list[str]:
    """Every label that meets another label, a marker or another arrow's handle, or leaves its plot (half a pixel of
    rounding allowed)."""
    found = []
    for m in maps:
        for a, b in itertools.combinations(m["labels"], 2):
            if meet(a["box"], b["box"]):
                found.append(f"{m['map']}: {a['text']} meets {b['text']}")
        for label in m["labels"]:
            for thing in m["markers"] + [h for h in m["handles"] if h["owner"] != label["owner"]]:
                if meet(label["box"], thing["box"]):
                    found.append(f"{m['map']}: {label['text']} covers {thing['text']}")
            (l0, t0, r0, b0), (l1, t1, r1, b1) = label["box"], m["plot"]
            if l0 < l1 - 0.5 or t0 < t1 - 0.5 or r0 > r1 + 0.5 or b0 > b1 + 0.5:
                found.append(f"{m['map']}: {label['text']} leaves the plot")
    return found


def sigmoid_layout(page) -> list[dict]:
    maps = page.evaluate(SIGMOID_LAYOUT)
    for m in maps:  # every point keeps its label on both maps
        assert sorted(x["text"] for x in m["labels"] if x["owner"] is None) == list("ABCDE")
    return maps


def query(view: dict) -> str:
    return urlencode({k: (v if isinstance(v, str) else f"{v:g}") for k, v in view.items()})


def random_views(count: int, seed: int = 21) -> list[dict]:
    """Views as a student sets them with the sliders: rows and the free weights in ±5 by 0.1, either mode."""
    rng = np.random.default_rng(seed)
    keys = (*ROWS, "w_1", "w_2", "b")
    return [{**dict(zip(keys, np.round(rng.uniform(-5, 5, len(keys)), 1).tolist(), strict=True)),
             "mode": str(rng.choice(["linked", "free"]))} for _ in range(count)]


VIEWS = {
    "defaults": "",
    **{f"preset {name}": query(presets.preset_values(name)) for name in presets.PRESETS},
    "free": query({**presets.DEFAULTS, "mode": "free"}),
    "equal rows": "w1_1=1&w1_2=1&b1=0&w2_1=1&w2_2=1&b2=0",  # both tips on one spot, w₂ − w₁ of length 0
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_labels_stay_apart_on_the_defaults_presets_and_free_mode(server, open_page, name):
    page = opened(open_page, f"{server}{PATH}?{VIEWS[name]}")
    assert problems(sigmoid_layout(page)) == []


@pytest.mark.parametrize(
    ("query_", "size", "dark"),
    [("projector=1", "projector", False), ("projector=1&present=1", "projector", True), ("present=1", "laptop", False)],
)
def test_labels_stay_apart_on_the_projector(server, open_page, query_, size, dark):
    page = opened(open_page, f"{server}{PATH}?{query_}", size=size, dark=dark)
    assert problems(sigmoid_layout(page)) == []


def test_labels_stay_apart_on_a_phone_with_finger_sized_tips(server, browser):
    """A 390 px touch screen: the maps stacked, the tips' handles 44 px across, so the labels keep further off."""
    width, height = SIZES["phone"]
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for view in ("", VIEWS["preset shifted rows (w₁ + c, w₂ + c)"], query(random_views(1, seed=5)[0])):
        page.goto(f"{server}{PATH}?{view}")
        page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
        settle(page)
        maps = sigmoid_layout(page)
        assert {m["map"] for m in maps} == {"logistic", "softmax"} and problems(maps) == [], view
        assert max(h["box"][2] - h["box"][0] for m in maps for h in m["handles"]) >= 44  # the finger-sized tips
    context.close()


def test_labels_stay_apart_on_twenty_random_views(server, browser):
    """Twenty views drawn at random, each opened from its address on one page: no label meets another, a marker or
    another tip, on either map."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    for view in random_views(20):
        page.goto(f"{server}{PATH}?{query(view)}")
        page.wait_for_function(f"() => ({EXPLORER})() !== null", timeout=30_000)
        settle(page)
        assert page.evaluate(EXPLORER)["values"] == {k: v for k, v in view.items() if k != "mode"}
        assert problems(sigmoid_layout(page)) == [], view
    context.close()


def test_labels_are_placed_again_on_every_frame_of_a_move(server, open_page):
    """w₂'s tip walked with Shift+← from (1, 1) past C, the difference's middle and w₁'s tip to the map's edge: after
    every press (each drawn in the next frame, before anything is sent) the labels are apart again, and w₂'s label
    moved with its tip."""
    page = opened(open_page, f"{server}{PATH}")
    handle(page, "w2").focus()
    seen = set()
    for _ in range(5):
        frames = page.evaluate(EXPLORER)["frames"]
        page.keyboard.press("Shift+ArrowLeft")
        page.wait_for_function(f"() => ({EXPLORER})().frames > {frames}")
        maps = sigmoid_layout(page)
        assert problems(maps) == []
        seen.add(tuple(next(x["box"] for x in maps[1]["labels"] if x["owner"] == "w2")))
    assert len(seen) == 5


@pytest.mark.parametrize("query_", ["step=100", "step=20&classes=5", "data=moons&step=300"])
def test_row_labels_stay_apart_on_the_descent_page(server, open_page, query_):
    """The default data trained 100 steps, five classes after 20, and moons after 300: the rows' labels w₁ … w_K
    (all shown) meet no other label, no point's marker and not the rows' mean."""
    page = open_page(f"{server}/gradient_descent?{query_}")
    asked = dict(p.split("=") for p in query_.split("&"))
    step = int(asked["step"])
    page.wait_for_function(f"() => {{ const s = ({DESCENT_STATE})(); return s && s.step === {step}; }}",
                           timeout=30_000)
    settle(page)
    maps = page.evaluate(DESCENT_LAYOUT)
    assert len(maps[0]["labels"]) == int(asked.get("classes", 3))
    assert problems(maps) == []


def test_the_difference_label_goes_with_its_arrow_into_free_mode(server, open_page):
    """Freeing the logistic weights hides w₂ − w₁, and its label with it (a label shown on its own once stayed)."""
    page = opened(open_page, f"{server}{PATH}")
    assert "w₂ − w₁" in [x["text"] for x in sigmoid_layout(page)[1]["labels"]]
    frames = page.evaluate(EXPLORER)["frames"]
    page.locator("#sx-mode-free").check()  # found inside the explorer's open shadow root
    page.wait_for_function(f"() => ({EXPLORER})().frames > {frames}")
    maps = sigmoid_layout(page)
    assert "w₂ − w₁" not in [x["text"] for x in maps[1]["labels"]] and problems(maps) == []
