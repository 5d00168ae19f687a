"""JavaScript probes shared by the browser tests and the browser benchmark."""

# Records the time of every DOM mutation inside a Plotly chart, so a redraw can be timed whether the chart is
# redrawn in place (the app's charts) or remounted (st.plotly_chart, as in the floor app, when its data changed).
INSTALL_REDRAW_PROBE = """() => {
  window.__plotMutations = [];
  const inPlot = (node) => node && node.closest && node.closest('[data-testid="stPlotlyChart"], .js-plotly-plot');
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (inPlot(el)) { window.__plotMutations.push(now); break; }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""

# The data of every Plotly chart on the page, as Plotly holds it after decoding.
PLOTTED_DATA = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd) =>
  (gd._fullData || []).map((t) => ({
    type: t.type, name: t.name,
    x: t.x ? Array.from(t.x) : null,
    y: t.y ? Array.from(t.y) : null,
    z: t.z ? Array.from(t.z, (row) => (row && row.length !== undefined ? Array.from(row) : row)) : null,
  })))"""

# Chart font sizes, as Plotly laid them out.
FONT_SIZES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd) => gd._fullLayout.font.size)"""

# The figure that holds frames, as Plotly keeps it in the page.
ANIMATION = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .find((gd) => gd._transitionData && gd._transitionData._frames && gd._transitionData._frames.length)"""
# The step the animation shows: the x of the "current loss" marker.
SHOWN_STEP = f"""() => {{ const gd = ({ANIMATION})();
  return gd._fullData.find((t) => t.name === 'current loss').x[0]; }}"""
# Count Plotly's frame events on the animation from now on.
COUNT_FRAMES = f"""() => {{ const gd = ({ANIMATION})(); window.__frames = 0;
  gd.on('plotly_animatingframe', () => {{ window.__frames += 1; }}); }}"""
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
