"""JavaScript probes shared by the browser tests and the browser benchmark."""

# Records the time of every DOM mutation inside a Plotly chart or an explorer (in its shadow root), so a redraw can be
# timed whether the chart is redrawn in place (the app's charts and explorers) or remounted (st.plotly_chart, as
# in the floor app, when its data changed).
INSTALL_REDRAW_PROBE = """() => {
  window.__plotMutations = [];
  const inPlot = (node) => node && node.closest && node.closest('[data-testid="stPlotlyChart"], .js-plotly-plot');
  const record = (all) => new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (all || inPlot(el)) { window.__plotMutations.push(now); break; }
    }
  });
  const options = {subtree: true, childList: true, attributes: true, characterData: true};
  record(false).observe(document.body, options);
  for (const host of document.querySelectorAll('[data-testid="stMain"] *')) {
    if (host.shadowRoot) record(true).observe(host.shadowRoot, options);
  }
}"""

# Chart font sizes, as Plotly laid them out.
FONT_SIZES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd) => gd._fullLayout.font.size)"""

# A Streamlit slider's keyboard-focusable thumb (react-aria renders a visually hidden range input).
SLIDER_INPUT = '[data-testid="stSlider"] input[type="range"]'

# What the sigmoid explorer holds and last drew: its values and mode, the probabilities painted into each map at
# the cells' centres, how many frames it has drawn and when it drew the last (performance.now()).
EXPLORER = """() => { const box = document.querySelector('.st-key-explorer');
  const host = box && [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const s = host && host.shadowRoot.__sigmoidExplorer;
  if (!s || !s.drawn) return null;
  return { values: { ...s.values }, mode: s.mode, frames: s.frames, drawnAt: s.drawnAt, centres: s.drawn.centres,
           logistic: Array.from(s.drawn.logistic), softmax: Array.from(s.drawn.softmax) }; }"""

# The descent explorer, found in its shadow root under the element keyed "descent".
_DESCENT = """const box = document.querySelector('.st-key-descent');
  const host = box && [box, ...box.querySelectorAll('*')].find((e) => e.shadowRoot);
  const s = host && host.shadowRoot.__descentExplorer;"""
# Where it is: the state index shown, its step, whether it plays, frames painted and when it painted the last.
DESCENT_STATE = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  return {{ index: s.drawn.index, step: s.drawn.step, playing: s.playing, frames: s.frames, drawnAt: s.drawnAt,
           states: s.run.steps.length }}; }}"""
# What it last drew: the cells' centres, each cell's class and confidence, the boundaries, ŷ of each point's own
# label and its marker size, and the loss and accuracy of every step.
DESCENT_DRAWN = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  const d = s.drawn;
  return {{ index: d.index, step: d.step, xs: d.xs, ys: d.ys, classes: Array.from(d.classes),
           confidence: Array.from(d.confidence), boundaries: d.boundaries, own: Array.from(d.own), sizes: d.sizes,
           points: Array.from(s.run.points), labels: Array.from(s.run.labels), loss: Array.from(s.run.loss),
           accuracy: Array.from(s.run.accuracy) }}; }}"""
# The control the keyboard is on inside the explorer: its data-action or input type, and its accessible name.
DESCENT_FOCUS = f"""() => {{ {_DESCENT}
  const e = host && host.shadowRoot.activeElement;
  if (!e) return null;
  return {{ control: e.dataset.action || e.type || e.tagName.toLowerCase(), name: e.getAttribute('aria-label') || '',
           outline: getComputedStyle(e).outlineStyle }}; }}"""
# The map as the explorer scales it, for pointing at it: its overlay's top left in the window, the limits and their
# pixel ends, the points and labels it shows, their markers' sizes, the run's id and the edit bar's sentence.
DESCENT_MAP = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  const at = s.ui.overlay.getBoundingClientRect();
  return {{ left: at.left, top: at.top, frame: s.map.frame, points: Array.from(s.run.points),
           labels: Array.from(s.run.labels), sizes: s.drawn.sizes, run: s.runId,
           hint: s.ui.editor.hint.textContent }}; }}"""
