// Where the labels of a map go (arrow names, point names): each label has places to choose from, in order of
// preference, and the placement picks one for each so that no two labels overlap, no label covers a marker and every
// label stays inside the plot. Pixels, y downwards; boxes are {x, y, width, height}. No DOM here: the drawing code
// measures the text and hands the sizes in.

/** The box of size [w, h] centred at [cx, cy]. */
export function boxAt([cx, cy], [w, h]) {
  return { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
}

/** Area of a ∩ b (0 when they only touch or are apart). */
export function overlapArea(a, b) {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Area of `box` outside `bounds` (exactly 0 when it is inside: the area less the overlap may round to 1e−13). */
export function outsideArea(box, bounds) {
  const within = box.x >= bounds.x && box.y >= bounds.y &&
    box.x + box.width <= bounds.x + bounds.width && box.y + box.height <= bounds.y + bounds.height;
  return within ? 0 : Math.max(0, box.width * box.height - overlapArea(box, bounds));
}

/** Length of the segment [p, q] inside `box` (Liang–Barsky: the segment's parameter range in each slab). */
export function segmentInBox([p, q], box) {
  let [t0, t1] = [0, 1];
  const d = [q[0] - p[0], q[1] - p[1]];
  const slabs = [
    [p[0], d[0], box.x, box.x + box.width],
    [p[1], d[1], box.y, box.y + box.height],
  ];
  for (const [start, delta, lo, hi] of slabs) {
    if (delta === 0) {
      if (start <= lo || start >= hi) return 0;
      continue;
    }
    const [a, b] = [(lo - start) / delta, (hi - start) / delta];
    t0 = Math.max(t0, Math.min(a, b));
    t1 = Math.min(t1, Math.max(a, b));
  }
  return t1 > t0 ? (t1 - t0) * Math.hypot(d[0], d[1]) : 0;
}

/** The box `grow` pixels larger on every side. */
function grown(box, grow) {
  return { x: box.x - grow, y: box.y - grow, width: box.width + 2 * grow, height: box.height + 2 * grow };
}

/** Unit directions every 360°/count, the first at `angle` (radians, y downwards) and then alternately either side of
 * it, nearer ones first. */
export function directions(angle, count = 16) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const turn = Math.ceil(i / 2) * (i % 2 ? 1 : -1) * ((2 * Math.PI) / count);
    out.push([Math.cos(angle + turn), Math.sin(angle + turn)]);
  }
  return out;
}

/** Centres for a label of size [w, h] around an anchor at `centre` whose half-extents are [ax, ay] (a marker; [0, 0]
 * for a point) plus a round margin `r` (a tip's handle): along each direction d, the nearest centre at which the line
 * across d separates the label from the anchor, t = ax|dx| + ay|dy| + r + (w|dx| + h|dy|)/2, so they never overlap. */
export function around(centre, [ax, ay], r, [w, h], dirs) {
  return dirs.map(([dx, dy]) => {
    const t = ax * Math.abs(dx) + ay * Math.abs(dy) + r + (w * Math.abs(dx) + h * Math.abs(dy)) / 2;
    return [centre[0] + t * dx, centre[1] + t * dy];
  });
}

/** Centres for a label of size [w, h] beside the segment p → q at each fraction f of its length, on its left side
 * (normal (−uy, ux)) and then its right, `offset` pixels clear of the segment's line. */
export function beside(p, q, [w, h], offset, fractions) {
  const length = Math.hypot(q[0] - p[0], q[1] - p[1]);
  const [ux, uy] = length > 0 ? [(q[0] - p[0]) / length, (q[1] - p[1]) / length] : [1, 0];
  const out = [];
  for (const f of fractions) {
    const at = [p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1])];
    for (const [nx, ny] of [[-uy, ux], [uy, -ux]]) {
      const t = offset + (w * Math.abs(nx) + h * Math.abs(ny)) / 2;
      out.push([at[0] + t * nx, at[1] + t * ny]);
    }
  }
  return out;
}

/**
 * Place labels: `labels` is a list of {size: [w, h], candidates: [[cx, cy], …] (box centres, preferred first),
 * owner}; `obstacles` is {boxes: [{box, owner}], segments: [{segment: [p, q], owner}], fixed}: boxes (markers, handles) no
 * label may cover, except one of its own owner, and more of them already sorted by `cells` in `fixed` (thousands of
 * markers that stay while arrows move); segments (arrow shafts) a label should not cross, any owner's.
 * `bounds` is the box every label stays inside; `gap` pixels are kept between labels and from boxes.
 *
 * Each label's admissible places are those inside the bounds and clear of every box; they are tried in order of
 * the length of shaft they cover (none first), then of preference, in a depth-first search over the labels (the
 * fewest places first) for one place each with no two labels within `gap`: the first such choice is the answer.
 * When there is none (or the search has looked at `budget` choices), the labels are crowded: each in turn, in the
 * order given, takes the place least outside the bounds, then of least overlap (in area, with the boxes and the
 * labels placed before it), then of least shaft covered, then of preference.
 * Returns {centres, boxes, chosen (candidate indices), crowded}.
 */
export function placeLabels(labels, obstacles, bounds, { gap = 2, budget = 5000 } = {}) {
  const boxes = obstacles.boxes ?? [];
  const segments = obstacles.segments ?? [];
  const inner = grown(bounds, -gap);
  const grid = obstacles.fixed ? joined(cells(boxes), obstacles.fixed) : cells(boxes);
  const places = labels.map((label) => {
    const all = label.candidates.map((c) => boxAt(c, label.size));
    const reach = all.reduce((r, b) => unionBox(r, grown(b, gap)), null);
    const others = (o) => o.owner === undefined || o.owner !== label.owner;
    const crossing = reach ? segments.filter((s) => segmentInBox(s.segment, reach) > 0) : [];
    return all.map((box, index) => {
      const padded = grown(box, gap);
      const shaft = crossing.reduce((sum, s) => sum + segmentInBox(s.segment, box), 0);
      const covers = (o) => others(o) && overlapArea(padded, o.box) > 0;
      // The area covered is needed only when the labels are crowded: a place is admissible when it covers nothing.
      const covered = () => grid.under(padded).reduce((sum, o) => sum + (others(o) ? overlapArea(padded, o.box) : 0), 0);
      return { index, box, outside: outsideArea(box, inner), free: !grid.some(padded, covers), covered, shaft };
    });
  });
  const clash = (a, b) => overlapArea(grown(a, gap / 2), grown(b, gap / 2)) > 0;
  const order = labels.map((_, i) => i);
  const admissible = places.map((list) =>
    list.filter((p) => p.outside === 0 && p.free).sort((a, b) => a.shaft - b.shaft || a.index - b.index),
  );
  order.sort((i, j) => admissible[i].length - admissible[j].length || i - j);
  const pick = new Array(labels.length).fill(null);
  let looked = 0;
  const search = (depth) => {
    if (depth === order.length) return true;
    const i = order[depth];
    for (const place of admissible[i]) {
      if (++looked > budget) return false;
      if (order.slice(0, depth).some((j) => clash(place.box, pick[j].box))) continue;
      pick[i] = place;
      if (search(depth + 1)) return true;
    }
    pick[i] = null;
    return false;
  };
  const crowded = !search(0);
  if (crowded) {
    labels.forEach((_, i) => {
      const before = pick.slice(0, i).filter(Boolean);
      const cost = (p) => p.covered() + before.reduce((sum, q) => sum + overlapArea(grown(p.box, gap / 2), grown(q.box, gap / 2)), 0);
      const ranked = places[i].map((p) => ({ p, c: cost(p) }));
      ranked.sort((a, b) => a.p.outside - b.p.outside || a.c - b.c || a.p.shaft - b.p.shaft || a.p.index - b.p.index);
      pick[i] = ranked.length ? ranked[0].p : null;
    });
  }
  return {
    centres: pick.map((p, i) => (p ? labels[i].candidates[p.index] : null)),
    boxes: pick.map((p) => (p ? p.box : null)),
    chosen: pick.map((p) => (p ? p.index : -1)),
    crowded,
  };
}

const CELL = 24; // px: the side of the squares `cells` sorts boxes into

/** The boxes {box} sorted into CELL × CELL squares, so that a label's places are checked against the few boxes near
 * them, not all of the descent page's thousands of markers: `some(box, test)` whether `test` holds of a box in a
 * square `box` meets (stopping at the first), `under(box)` every such box, once. */
export function cells(items) {
  const grid = new Map();
  const span = (lo, size) => [Math.floor(lo / CELL), Math.floor((lo + size) / CELL)];
  const keys = (box) => {
    const [[i0, i1], [j0, j1]] = [span(box.x, box.width), span(box.y, box.height)];
    const out = [];
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) out.push(i * 65536 + j);
    return out;
  };
  for (const item of items) for (const key of keys(item.box)) (grid.get(key) ?? grid.set(key, []).get(key)).push(item);
  return {
    some: (box, test) => keys(box).some((key) => grid.get(key)?.some(test)),
    under: (box) => [...new Set(keys(box).flatMap((key) => grid.get(key) ?? []))],
  };
}

/** Two `cells` indexes as one. */
function joined(a, b) {
  return {
    some: (box, test) => a.some(box, test) || b.some(box, test),
    under: (box) => [...a.under(box), ...b.under(box)],
  };
}

function unionBox(a, b) {
  if (!a) return b;
  const [x, y] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

const SHAFT = [0.75, 0.5, 0.25]; // along an arrow from its tail, when nothing around the tip is free
const MIDDLE = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

/** Places for the label of the arrow from → to, of size [w, h]: around the tip, `reach` pixels from it, the first
 * straight on beyond it, then beside the shaft `offset` pixels from its line, nearest the tip first, then around the
 * tip again further out. With `middle`, beside the shaft first, nearest its middle, then around the tip. */
export function arrowCandidates(from, to, size, { reach, offset, middle = false }) {
  const dirs = directions(Math.atan2(to[1] - from[1], to[0] - from[0]));
  const tip = around(to, [0, 0], reach, size, dirs);
  const further = around(to, [0, 0], reach + 1.5 * size[1], size, dirs);
  if (middle) return [...beside(from, to, size, offset, MIDDLE), ...tip, ...further];
  return [...tip, ...beside(from, to, size, offset, SHAFT), ...further];
}

/** Places for the label of a marker of half-extent `half` at `centre`: up and right of it first, then around it
 * (eight ways), `gap` pixels clear, then the same a line further out. */
export function pointCandidates(centre, half, size, gap) {
  const dirs = directions(-Math.PI / 4, 8);
  return [...around(centre, [half, half], gap, size, dirs), ...around(centre, [half, half], gap + size[1], size, dirs)];
}
