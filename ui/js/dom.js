// Building blocks the explorers draw with: elements and SVG elements with their attributes, and colours.

const SVG = "http://www.w3.org/2000/svg";

/** A new element `tag` with `attrs`, appended to `parent` if given; in the namespace `ns` if given. */
export function el(tag, attrs = {}, parent = null, ns = null) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

/** Set `node`'s attribute `name` to `value` unless it has it already: a map that plays sets hundreds a second, most
 * to what they were, and each set is a change the browser takes note of (styles, observers). */
export function attr(node, name, value) {
  const text = String(value);
  if (node.getAttribute(name) !== text) node.setAttribute(name, text);
}

/** A new SVG element, as `el`. */
export const svg = (tag, attrs, parent) => el(tag, attrs, parent, SVG);

/** "#RRGGBB" as [r, g, b], 0 … 255. */
export function hexRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Paint an n × n grid of cells into `canvas`, one pixel a cell (the canvas is scaled to the map by CSS). Cells
 * run row by row from the lowest x₂, as core.grid_points orders them; cell k takes the RGB at offset index(k)
 * of the colour table table(k). */
export function paintCells(canvas, n, table, index) {
  if (canvas.width !== n) {
    canvas.width = n;
    canvas.height = n;
  }
  const context = canvas.getContext("2d");
  const image = context.createImageData(n, n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const cell = (n - 1 - row) * n + col; // canvas rows run top down
      const [colours, i] = [table(cell), index(cell)];
      const o = 4 * (row * n + col);
      image.data[o] = colours[i];
      image.data[o + 1] = colours[i + 1];
      image.data[o + 2] = colours[i + 2];
      image.data[o + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}

/** How far `element` starts below the top of the page's scrolling area: where it sits on the first screen,
 * whatever the student has scrolled since (Streamlit scrolls its main area, not the window). */
export function pageTop(element) {
  const host = element.getRootNode().host || element;
  const scroller = host.closest('[data-testid="stMain"]');
  return host.getBoundingClientRect().top + (scroller ? scroller.scrollTop : window.scrollY);
}
