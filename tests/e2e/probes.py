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
# Where it is: the step shown (index and the step drawn), the last step trained (head), whether it plays, η, frames
# painted and when it painted the last, the point read out ({point, step, y_hat, y, residual}, or null), the verdict
# box's words and the steps a Web Worker trained (descent_offload.js).
DESCENT_STATE = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  return {{ index: s.drawn.index, step: s.drawn.step, head: s.history.head, playing: s.playing, lr: s.lr,
           frames: s.frames, drawnAt: s.drawnAt, read: s.read,
           verdict: s.ui.verdict.querySelector("p")?.textContent ?? "", offloaded: s.ahead.offloaded }}; }}"""
# The live run's history: θ of every state 0 … head (K rows [w_k1, w_k2, b_k] each, flat), each state's loss, the
# points it classifies right, the points tied (no class predicted) and how many points there were.
DESCENT_HISTORY = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  const h = s.history, m = h.measured(s.lr);
  return {{ head: h.head, K: h.K, theta: Array.from(h.theta.subarray(0, (h.head + 1) * h.width)),
           loss: Array.from(m.loss), right: Array.from(m.right), tied: Array.from(m.tied),
           count: Array.from(m.count) }}; }}"""
# What it last drew: the step, η and θ, the cells' centres, each cell's class and confidence, the boundaries, ŷ of
# each point's own label and its marker size, and the points and labels.
DESCENT_DRAWN = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  const d = s.drawn;
  return {{ index: d.index, step: d.step, lr: s.lr, theta: Array.from(s.history.state(d.step)), xs: d.xs, ys: d.ys,
           classes: Array.from(d.classes), confidence: Array.from(d.confidence), boundaries: d.boundaries,
           own: Array.from(d.own), sizes: d.sizes, marked: d.marked, points: Array.from(s.history.points),
           labels: Array.from(s.history.labels) }}; }}"""
# The map's shading as painted: the canvas's side n, its RGB row by row from the top, and the page's neutral colour.
DESCENT_SHADE = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  const c = s.ui.shade, data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  return {{ n: c.width, rgb: Array.from(data).filter((_, i) => i % 4 !== 3), neutral: s.data.look.neutral }}; }}"""
# The control the keyboard is on inside the explorer: its data-action or input type, and its accessible name.
DESCENT_FOCUS = f"""() => {{ {_DESCENT}
  const e = host && host.shadowRoot.activeElement;
  if (!e) return null;
  return {{ control: e.dataset.action || e.type || e.tagName.toLowerCase(), name: e.getAttribute('aria-label') || '',
           outline: getComputedStyle(e).outlineStyle }}; }}"""
# The map as the explorer scales it, for pointing at it: its overlay's top left in the window, the limits and their
# pixel ends, the points and labels it shows, their markers' sizes, the run's id, the edit bar's sentence, and the
# seq of an edit the page has not taken yet (null: none).
DESCENT_MAP = f"""() => {{ {_DESCENT}
  if (!s || !s.drawn) return null;
  const at = s.ui.overlay.getBoundingClientRect();
  return {{ left: at.left, top: at.top, frame: s.map.frame, points: Array.from(s.history.points),
           labels: Array.from(s.history.labels), sizes: s.drawn.sizes, run: s.runId,
           hint: s.ui.editor.hint.textContent, pending: s.edit.pending && s.edit.pending.seq }}; }}"""
# Records, every animation frame from now on, the step drawn and the head into window.__descentSteps.
DESCENT_STEPS = f"""() => {{ window.__descentSteps = [];
  const tick = () => {{ {_DESCENT}
    if (s && s.drawn) window.__descentSteps.push([s.drawn.step, s.history.head]);
    requestAnimationFrame(tick); }};
  requestAnimationFrame(tick); }}"""

# Every text the eye can see in the window, in the page and in the explorers' open shadow roots: its words, its
# computed font size, and inside a formula (KaTeX) the formula's own size. Seen means: not display:none, hidden,
# transparent or clipped, and some of it inside the window and inside every ancestor that clips its overflow (so a
# screen-reader-only text, a folded sidebar and what lies below the first screen do not count).
VISIBLE_TEXT = """() => {
  const out = [];
  const [W, H] = [window.innerWidth, window.innerHeight];
  const up = (el) => el.parentElement || (el.getRootNode() instanceof ShadowRoot ? el.getRootNode().host : null);
  const seen = (el, rect) => {
    let [l, t, r, b] = [Math.max(rect.left, 0), Math.max(rect.top, 0), Math.min(rect.right, W),
      Math.min(rect.bottom, H)];
    for (let a = el; a; a = up(a)) {
      const s = getComputedStyle(a);
      if (s.display === "none" || parseFloat(s.opacity) === 0 || (s.clip && s.clip !== "auto")
          || (s.clipPath && s.clipPath !== "none")) return false;
      if (s.overflowX !== "visible" || s.overflowY !== "visible") {
        const box = a.getBoundingClientRect();
        [l, t, r, b] = [Math.max(l, box.left), Math.max(t, box.top), Math.min(r, box.right), Math.min(b, box.bottom)];
      }
    }
    return r - l > 1 && b - t > 1;
  };
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement, text = node.textContent.trim();
      if (!el || !text) continue;
      const style = getComputedStyle(el);
      if (style.visibility !== "visible" || style.fontFamily.includes("Material Symbols")) continue;  // icons
      const range = document.createRange();
      range.selectNodeContents(node);
      if (!Array.from(range.getClientRects()).some((rect) => seen(el, rect))) continue;
      const formula = el.closest(".katex");
      out.push({ text: text.slice(0, 60), size: parseFloat(style.fontSize), tag: el.tagName,
                 formula: formula ? parseFloat(getComputedStyle(formula).fontSize) : null });
    }
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) visit(el.shadowRoot);
  };
  visit(document.body);
  return out;
}"""
# The opacity of the markers' canvas at [u, v], pixels of the map's overlay.
DESCENT_MARKER_ALPHA = f"""([u, v]) => {{ {_DESCENT}
  const dpr = s.ui.dots.width / s.map.size, at = [Math.round((u - s.map.axis) * dpr), Math.round(v * dpr)];
  return s.ui.dots.getContext("2d").getImageData(...at, 1, 1).data[3]; }}"""
