// A Plotly chart that stays on the page across reruns: each new figure is drawn with Plotly.react on the same
// node. Streamlit calls this function again with the same parentElement whenever the data (the figure) or the
// theme changes, as long as the element keeps its key.

const PLOTLY_URL = "__PLOTLY_URL__"; // relative to the page; filled in by ui/chart.py
const STATE = "__liveChart"; // per-chart state, kept on the element itself

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__liveChartPlotly) {
    window.__liveChartPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(PLOTLY_URL, document.baseURI).href;
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.js did not load")));
      script.onerror = () => {
        window.__liveChartPlotly = null; // a later call tries again
        reject(new Error(`could not load ${script.src}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.__liveChartPlotly;
}

// Streamlit gives components its theme as CSS custom properties; the figure's own settings win over these.
function themeTemplate(element) {
  const css = getComputedStyle(element);
  const v = (name) => css.getPropertyValue(name).trim();
  const text = v("--st-text-color");
  const line = v("--st-border-color-light") || v("--st-border-color");
  // automargin: axes make room for their tick labels and titles, as st.plotly_chart's theme let them.
  const axis = { gridcolor: line, linecolor: line, zeroline: false, tickcolor: line, automargin: true };
  return {
    layout: {
      font: { color: text, family: v("--st-font") || undefined },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      xaxis: axis,
      yaxis: axis,
      hoverlabel: { bgcolor: v("--st-secondary-background-color"), bordercolor: line, font: { color: text } },
      legend: { bgcolor: "rgba(0,0,0,0)" },
    },
    data: {},
  };
}

function merged(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra || {})) {
    const nested = value && typeof value === "object" && !Array.isArray(value);
    out[key] = nested && out[key] && typeof out[key] === "object" ? merged(out[key], value) : value;
  }
  return out;
}

export default function liveChart({ data, parentElement }) {
  let state = parentElement[STATE];
  if (!state) {
    const div = document.createElement("div");
    div.style.width = "100%";
    parentElement.appendChild(div);
    state = parentElement[STATE] = { div, seq: 0, resize: null, closed: false, message: false };
  }
  const seq = ++state.seq;
  const current = () => seq === state.seq && !state.closed; // not superseded by a newer figure, nor removed
  const { figure, config, name } = JSON.parse(new TextDecoder().decode(data));
  // A figure with a name: plotly.js gives its SVG none, and a screen reader would meet unnamed shapes and ticks.
  state.div.setAttribute("role", "figure");
  state.div.setAttribute("aria-label", name);
  state.div.style.minHeight = `${figure.layout?.height || 450}px`; // hold the space while plotly.js loads
  if (!window.Plotly && !state.div._fullLayout) {
    state.div.textContent = "Loading the chart…";
    state.message = true;
  }

  loadPlotly()
    .then(async (Plotly) => {
      if (!current()) return;
      if (state.message) {
        state.div.textContent = "";
        state.message = false;
      }
      if (state.div._transitionData?._frames?.length) {
        // A playing animation would go on showing the previous run's frames over the new figure.
        await Plotly.animate(state.div, [null], { mode: "immediate", frame: { duration: 0, redraw: false } })
          .catch(() => {});
        if (!current()) return;
      }
      const layout = { ...figure.layout, autosize: true };
      delete layout.width; // follow the column
      layout.template = merged(themeTemplate(parentElement), layout.template);
      // Only the figure-object form of Plotly.react takes the animation's frames.
      return Plotly.react(state.div, { data: figure.data, layout, config, frames: figure.frames || [] }).then(() => {
        if (state.resize) return;
        let pending = false;
        state.resize = new ResizeObserver(() => {
          if (pending) return;
          pending = true;
          requestAnimationFrame(() => {
            pending = false;
            // Not while hidden (a closed tab or expander): Plotly refuses to size an undisplayed chart.
            if (state.div.offsetParent === null || !state.div._fullLayout) return;
            Plotly.Plots.resize(state.div).catch(() => {});
          });
        });
        state.resize.observe(parentElement);
      });
    })
    .catch((error) => {
      if (!current()) return;
      window.Plotly?.purge(state.div);
      state.message = true;
      state.div.textContent = `This chart could not be drawn (${error.message}). It is tried again on the next change.`;
    });

  // Streamlit also runs a cleanup when newer data cancels this call; let go only once the node is gone.
  return () =>
    setTimeout(() => {
      if (parentElement.isConnected || parentElement[STATE] !== state) return;
      state.closed = true;
      state.resize?.disconnect();
      window.Plotly?.purge(state.div);
      delete parentElement[STATE];
    }, 0);
}
