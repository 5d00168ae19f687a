// The labels of an explorer's map (arrow names, point names) placed by label_place.js: each text measured as drawn,
// its places listed around its arrow's tip or its marker, the placement written back. Placed again every frame.

import { attr } from "./dom.js";
import { arrowCandidates, placeLabels, pointCandidates } from "./label_place.js";

/** The size [w, h] of an SVG text's box and where the box's centre lies from the text's (x, y), centred on x; kept
 * while its words, the map's `font` size and the page's fonts stay (measuring lays the page out, and labels are placed
 * every frame). */
function measure(text, font) {
  const key = `${text.textContent}|${font}|${document.fonts?.status}`; // a web font that loads later measures anew
  if (text.measured?.key === key) return text.measured;
  text.setAttribute("text-anchor", "middle");
  const box = text.getBBox();
  const [x, y] = ["x", "y"].map((a) => Number(text.getAttribute(a)) || 0);
  const measured = { key, size: [box.width, box.height], shift: [box.x + box.width / 2 - x, box.y + box.height / 2 - y] };
  if (box.width > 0) text.measured = measured; // not while it is not laid out (nothing drawn yet)
  return measured;
}

const square = ([x, y], r) => ({ x: x - r, y: y - r, width: 2 * r, height: 2 * r });

/** The label of an arrow as setArrow drew it (null when hidden or unlabelled), `offset` pixels clear of its shaft's
 * line and `gap` clear of its tip. */
export function arrowLabel(arrow, { gap, offset, font }) {
  const at = arrow.at;
  if (!at || !at.label) return null;
  const { size, shift } = measure(arrow.text, font);
  const candidates = arrowCandidates(at.from, at.to, size, { reach: at.radius + gap, offset, middle: at.middle });
  return { text: arrow.text, size, shift, candidates, owner: arrow };
}

/** The label `text` of a marker of half-extent `half` at `centre` (pixels), `gap` clear of it, in the map's `font`
 * size. */
export function pointLabel(text, centre, half, gap, font) {
  const { size, shift } = measure(text, font);
  return { text, size, shift, candidates: pointCandidates(centre, half, size, gap), owner: text };
}

/** What labels keep off, of the arrows shown: their tips (the handle, or the head), and, where they can, their
 * shafts. */
export function arrowObstacles(arrows) {
  const shown = arrows.filter((arrow) => arrow.at);
  return {
    boxes: shown.map((arrow) => ({ box: square(arrow.at.to, arrow.at.radius), owner: arrow })),
    segments: shown.map((arrow) => ({ segment: [arrow.at.from, arrow.at.to], owner: arrow })),
  };
}

/** A marker of half-extent `half` at `centre` as an obstacle no label covers. */
export const markerBox = (centre, half) => ({ box: square(centre, half) });

/** Place `labels` (nulls are left out) clear of `obstacles` ({boxes, segments}) inside `bounds`, move each text
 * there, and answer label_place.js's placement (with its `crowded` flag). */
export function placeTexts(labels, obstacles, bounds, gap) {
  const shown = labels.filter(Boolean);
  const placed = placeLabels(shown, obstacles, bounds, { gap });
  shown.forEach(({ text, shift }, i) => {
    const centre = placed.centres[i];
    attr(text, "visibility", centre ? "inherit" : "hidden");
    if (!centre) return;
    text.setAttribute("x", centre[0] - shift[0]);
    text.setAttribute("y", centre[1] - shift[1]);
  });
  return placed;
}
