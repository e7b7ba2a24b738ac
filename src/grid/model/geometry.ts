/**
 * Small planar geometry checks and measures on flat `[x0, y0, x1, y1, …]` rings (degrees).
 * Grid rings are short (a micro-grid has a handful of vertices), so the common case stays a
 * tight loop; long rings (district boundaries) go through a Flatbush index of their segments.
 */
import Flatbush from 'flatbush';

/** Sign of the turn a → b → c: >0 counter-clockwise, <0 clockwise, 0 collinear. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** c lies on segment a–b, given that the three points are collinear. */
function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/** Segments p1–p2 and p3–p4 share at least one point (touching counts). */
export function segmentsIntersect(
  x1: number, y1: number, x2: number, y2: number,
  x3: number, y3: number, x4: number, y4: number,
): boolean {
  const d1 = orient(x3, y3, x4, y4, x1, y1);
  const d2 = orient(x3, y3, x4, y4, x2, y2);
  const d3 = orient(x1, y1, x2, y2, x3, y3);
  const d4 = orient(x1, y1, x2, y2, x4, y4);
  if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) return true;
  if (d1 === 0 && onSegment(x3, y3, x4, y4, x1, y1)) return true;
  if (d2 === 0 && onSegment(x3, y3, x4, y4, x2, y2)) return true;
  if (d3 === 0 && onSegment(x1, y1, x2, y2, x3, y3)) return true;
  if (d4 === 0 && onSegment(x1, y1, x2, y2, x4, y4)) return true;
  return false;
}

const INDEXED_ABOVE = 64;

/**
 * First pair of non-adjacent segments of a closed ring that touch or cross, as
 * `[segmentA, segmentB]` (segment i runs from vertex i to i + 1), or null for a simple ring.
 * `ring` holds `count` vertices at `start` (in vertices) of a flat xy array; first = last.
 */
export function findSelfIntersection(ring: ArrayLike<number>, start = 0, count = ring.length / 2): [number, number] | null {
  const segments = count - 1;
  if (segments < 3) return null;
  const x = (i: number) => ring[(start + i) * 2];
  const y = (i: number) => ring[(start + i) * 2 + 1];
  const check = (i: number, j: number): boolean => {
    if (j === i || j === i + 1 || i === j + 1) return false;
    if ((i === 0 && j === segments - 1) || (j === 0 && i === segments - 1)) return false;
    const ax = x(i), ay = y(i), bx = x(i + 1), by = y(i + 1), cx = x(j), cy = y(j), dx = x(j + 1), dy = y(j + 1);
    // Disjoint boxes cannot touch: most pairs stop here.
    if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return false;
    if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return false;
    return segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy);
  };
  if (segments <= INDEXED_ABOVE) {
    // Short rings (every micro-grid): a plain double loop, coordinates read once per segment.
    const o = start * 2;
    for (let i = 0; i < segments - 2; i++) {
      const ax = ring[o + i * 2], ay = ring[o + i * 2 + 1], bx = ring[o + i * 2 + 2], by = ring[o + i * 2 + 3];
      const minX = ax < bx ? ax : bx, maxX = ax < bx ? bx : ax, minY = ay < by ? ay : by, maxY = ay < by ? by : ay;
      const last = i === 0 ? segments - 1 : segments;
      for (let j = i + 2; j < last; j++) {
        const cx = ring[o + j * 2], cy = ring[o + j * 2 + 1], dx = ring[o + j * 2 + 2], dy = ring[o + j * 2 + 3];
        if ((cx < minX && dx < minX) || (cx > maxX && dx > maxX) || (cy < minY && dy < minY) || (cy > maxY && dy > maxY)) continue;
        if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return [i, j];
      }
    }
    return null;
  }
  const index = new Flatbush(segments);
  for (let i = 0; i < segments; i++) {
    index.add(Math.min(x(i), x(i + 1)), Math.min(y(i), y(i + 1)), Math.max(x(i), x(i + 1)), Math.max(y(i), y(i + 1)));
  }
  index.finish();
  for (let i = 0; i < segments; i++) {
    const hits = index.search(Math.min(x(i), x(i + 1)), Math.min(y(i), y(i + 1)), Math.max(x(i), x(i + 1)), Math.max(y(i), y(i + 1)));
    for (const j of hits) if (j > i && check(i, j)) return [i, j];
  }
  return null;
}

/** Twice the signed area (shoelace) of a closed ring; positive when counter-clockwise. */
export function ringArea2(ring: ArrayLike<number>, start = 0, count = ring.length / 2): number {
  let sum = 0;
  for (let i = 0; i < count - 1; i++) {
    const a = (start + i) * 2;
    sum += ring[a] * ring[a + 3] - ring[a + 2] * ring[a + 1];
  }
  return sum;
}

/** Area centroid of a closed ring (vertex mean for a degenerate one). */
export function ringCentroid(ring: ArrayLike<number>, start = 0, count = ring.length / 2): [number, number] {
  let cx = 0;
  let cy = 0;
  let area2 = 0;
  // Relative to the first vertex: keeps precision for small rings far from the origin.
  const ox = ring[start * 2];
  const oy = ring[start * 2 + 1];
  for (let i = 0; i < count - 1; i++) {
    const a = (start + i) * 2;
    const x0 = ring[a] - ox;
    const y0 = ring[a + 1] - oy;
    const x1 = ring[a + 2] - ox;
    const y1 = ring[a + 3] - oy;
    const cross = x0 * y1 - x1 * y0;
    area2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (area2 === 0) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < count - 1; i++) {
      sx += ring[(start + i) * 2];
      sy += ring[(start + i) * 2 + 1];
    }
    return [sx / Math.max(1, count - 1), sy / Math.max(1, count - 1)];
  }
  return [ox + cx / (3 * area2), oy + cy / (3 * area2)];
}

/** Even-odd point-in-ring test. */
export function pointInRing(px: number, py: number, ring: ArrayLike<number>, start = 0, count = ring.length / 2): boolean {
  let inside = false;
  for (let i = 0, j = count - 1; i < count; j = i++) {
    const xi = ring[(start + i) * 2];
    const yi = ring[(start + i) * 2 + 1];
    const xj = ring[(start + j) * 2];
    const yj = ring[(start + j) * 2 + 1];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * A point for a label inside a polygon (outer ring + holes, given as vertex ranges of one flat
 * array): the area centroid when it falls inside, else the middle of the widest inside span of
 * the horizontal line through the centroid (concave or holed shapes).
 */
export function labelPoint(coords: ArrayLike<number>, rings: ReadonlyArray<readonly [start: number, count: number]>): [number, number] {
  const [outerStart, outerCount] = rings[0];
  const [cx, cy] = ringCentroid(coords, outerStart, outerCount);
  const inside = (x: number, y: number) =>
    pointInRing(x, y, coords, outerStart, outerCount) && rings.slice(1).every(([s, c]) => !pointInRing(x, y, coords, s, c));
  if (inside(cx, cy)) return [cx, cy];
  const crossings: number[] = [];
  for (const [s, c] of rings) {
    for (let i = 0; i < c - 1; i++) {
      const a = (s + i) * 2;
      const y0 = coords[a + 1];
      const y1 = coords[a + 3];
      if (y0 > cy !== y1 > cy) crossings.push(coords[a] + ((cy - y0) / (y1 - y0)) * (coords[a + 2] - coords[a]));
    }
  }
  crossings.sort((a, b) => a - b);
  let best: [number, number] = [cx, cy];
  let widest = -1;
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const width = crossings[i + 1] - crossings[i];
    if (width > widest) {
      widest = width;
      best = [(crossings[i] + crossings[i + 1]) / 2, cy];
    }
  }
  return best;
}

/**
 * Douglas–Peucker simplification of a closed ring (flat xy, first = last): drops vertices that
 * lie within `tolerance` of the simplified outline. The result stays closed and keeps at least
 * four positions (a triangle), so it can always be filled.
 */
export function simplifyRing(ring: ArrayLike<number>, tolerance: number, start = 0, count = ring.length / 2): number[] {
  const n = count - 1; // distinct vertices
  const x = (i: number) => ring[(start + i) * 2];
  const y = (i: number) => ring[(start + i) * 2 + 1];
  if (n <= 3 || tolerance <= 0) {
    const copy: number[] = [];
    for (let i = 0; i < count; i++) copy.push(x(i), y(i));
    return copy;
  }
  // Split the ring at the vertex farthest from vertex 0, then simplify both chains.
  let far = 1;
  let best = -1;
  for (let i = 1; i < n; i++) {
    const d = (x(i) - x(0)) ** 2 + (y(i) - y(0)) ** 2;
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = keep[far] = keep[n] = 1;
  const tolerance2 = tolerance * tolerance;
  const stack: number[] = [0, far, far, n];
  while (stack.length) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const ax = x(first);
    const ay = y(first);
    const dx = x(last) - ax;
    const dy = y(last) - ay;
    const length2 = dx * dx + dy * dy;
    let index = -1;
    let max = tolerance2;
    for (let i = first + 1; i < last; i++) {
      let t = length2 > 0 ? ((x(i) - ax) * dx + (y(i) - ay) * dy) / length2 : 0;
      t = Math.max(0, Math.min(1, t));
      const d = (x(i) - ax - t * dx) ** 2 + (y(i) - ay - t * dy) ** 2;
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push(first, index, index, last);
    }
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i];
  // A triangle at least: add back the vertex farthest from the chord 0–far on the other side.
  if (kept < 3) {
    let extra = -1;
    let max = -1;
    for (let i = 1; i < n; i++) {
      if (keep[i]) continue;
      const d = Math.abs((x(far) - x(0)) * (y(i) - y(0)) - (y(far) - y(0)) * (x(i) - x(0)));
      if (d > max) {
        max = d;
        extra = i;
      }
    }
    if (extra >= 0) keep[extra] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i <= n; i++) if (keep[i]) out.push(x(i), y(i));
  return out;
}
