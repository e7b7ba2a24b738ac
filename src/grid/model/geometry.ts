/**
 * Geometry of the grid's flat `[x0, y0, x1, y1, …]` rings (degrees). Turf measures and
 * simplifies; two checks stay hand-written because they run over every ring or every pick of a
 * 100k-unit grid, where Turf measured at least twice as slow (figures above each one: CPU ms of
 * one process, megacity sample, `GRID_BENCH_FLAGS=geometry-only npm run bench -- grid`).
 */
import { bbox, booleanPointInPolygon, centerOfMass, simplify } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import polylabel from 'polylabel';

/** `count` vertices at `start` (in vertices) of a flat xy array, as GeoJSON positions. */
function positionsOf(ring: ArrayLike<number>, start = 0, count = ring.length / 2): Position[] {
  const positions: Position[] = new Array(count);
  for (let i = 0; i < count; i++) positions[i] = [ring[(start + i) * 2], ring[(start + i) * 2 + 1]];
  return positions;
}

/** A closed flat ring as a GeoJSON Polygon without holes, for Turf. */
export function ringPolygon(ring: ArrayLike<number>, start = 0, count = ring.length / 2): Polygon {
  return { type: 'Polygon', coordinates: [positionsOf(ring, start, count)] };
}

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

/**
 * True when a closed ring (`count` vertices at `start`, first = last) turns the same way at every
 * vertex (or goes straight on) and goes round once: a convex polygon, so simple, with area, and a
 * fan from its first vertex triangulates it. A repeated vertex, a turn back on itself or a second
 * loop answers false (and the full checks decide). Turf's booleanConcave looks at the turns' signs
 * alone, so a pentagram passes it: not enough to skip the crossing test.
 */
export function isConvexRing(ring: ArrayLike<number>, start = 0, count = ring.length / 2): boolean {
  const n = count - 1;
  if (n < 3) return false;
  const o = start * 2;
  // The edge into vertex 0 (from vertex n - 1), then each edge in turn.
  let ex = ring[o] - ring[o + (n - 1) * 2];
  let ey = ring[o + 1] - ring[o + (n - 1) * 2 + 1];
  let turn = 0;
  // Sign changes of the edges' x and y components (zeros skipped): a direction going round once
  // changes each sign twice; a winding star with all its turns one way changes them more often.
  let xSign = Math.sign(ex);
  let ySign = Math.sign(ey);
  let xChanges = 0;
  let yChanges = 0;
  for (let i = 0; i < n; i++) {
    const fx = ring[o + (i + 1) * 2] - ring[o + i * 2];
    const fy = ring[o + (i + 1) * 2 + 1] - ring[o + i * 2 + 1];
    const cross = ex * fy - ey * fx;
    if (cross > 0 || cross < 0) {
      const sign = cross > 0 ? 1 : -1;
      if (turn === 0) turn = sign;
      else if (sign !== turn) return false;
    } else if (!(ex * fx + ey * fy > 0)) {
      // Collinear: straight on is fine; back on itself (or a repeated vertex) is not.
      return false;
    }
    if (fx !== 0) {
      if (xSign !== 0 && fx > 0 !== xSign > 0) xChanges++;
      xSign = fx;
    }
    if (fy !== 0) {
      if (ySign !== 0 && fy > 0 !== ySign > 0) yChanges++;
      ySign = fy;
    }
    ex = fx;
    ey = fy;
  }
  return turn !== 0 && xChanges <= 2 && yChanges <= 2;
}

/**
 * True when a closed ring (`count` vertices at `start`, first = last) goes once round the mean of
 * its vertices, always forward: every edge turns the same way as seen from that point, and the
 * ring's direction from it crosses the vertical twice. Every ray from the point then meets the
 * ring once, so the ring is simple and has area: what most micro-grids are (star-shaped from
 * their middle, convex or not), checked in one pass instead of the quadratic crossing test.
 * False (and the full checks decide) for anything else.
 */
export function isStarShapedRing(ring: ArrayLike<number>, start = 0, count = ring.length / 2): boolean {
  const n = count - 1;
  if (n < 3) return false;
  const o = start * 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += ring[o + i * 2];
    cy += ring[o + i * 2 + 1];
  }
  cx /= n;
  cy /= n;
  let turn = 0;
  let sides = 0;
  let px = ring[o] - cx;
  let py = ring[o + 1] - cy;
  for (let i = 1; i <= n; i++) {
    const qx = ring[o + i * 2] - cx;
    const qy = ring[o + i * 2 + 1] - cy;
    const cross = px * qy - py * qx;
    if (!(cross > 0 || cross < 0)) return false;
    const sign = cross > 0 ? 1 : -1;
    if (turn === 0) turn = sign;
    else if (sign !== turn) return false;
    // Going round once, the direction from the point crosses the vertical twice.
    if (px < 0 !== qx < 0) sides++;
    px = qx;
    py = qy;
  }
  return sides <= 2;
}

const SWEPT_ABOVE = 64;

/**
 * First pair of non-adjacent segments of a closed ring that touch or cross, as
 * `[segmentA, segmentB]` (segment i runs from vertex i to i + 1), or null for a simple ring.
 * `ring` holds `count` vertices at `start` (in vertices) of a flat xy array; first = last.
 *
 * Hand-written (validation runs it on rings that are neither convex nor star-shaped): Turf's kinks
 * tests every pair of segments. On the megacity rings (`GRID_BENCH_FLAGS=geometry-only npm run
 * bench -- grid`, 4 December, load 1.8): a 10,000-vertex outline 392 ms against 14 ms CPU here, the
 * 498 longer rings 104 ms against 15 ms (the sweep; 37 ms through a Flatbush search per segment
 * before), the 121,705 micro-grid rings 393 ms against 49 ms.
 * kinks also reports points, not the segments the issue names, and misses collinear overlaps
 * (test/fixtures/geometry/self-intersection.json).
 */
export function findSelfIntersection(ring: ArrayLike<number>, start = 0, count = ring.length / 2): [number, number] | null {
  const segments = count - 1;
  if (segments < 3) return null;
  if (segments <= SWEPT_ABOVE) {
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
  return findSweptSelfIntersection(ring, start, segments);
}

/**
 * `findSelfIntersection` of a long ring (`segments` segments at `start`): a sweep over the segments
 * in order of their west ends, each tested against those starting before its east end (and overlapping
 * in y). Of all crossing pairs it names the first (lowest segment numbers), as the short-ring loop
 * does. Sorted typed arrays and no allocation per segment: a Flatbush index with a search per
 * segment took 45 ms of the megacity grid's first frame for its 498 longer rings.
 */
function findSweptSelfIntersection(ring: ArrayLike<number>, start: number, segments: number): [number, number] | null {
  const o = start * 2;
  const west = new Float64Array(segments);
  const order = new Uint32Array(segments);
  for (let i = 0; i < segments; i++) {
    const x0 = ring[o + i * 2];
    const x1 = ring[o + i * 2 + 2];
    west[i] = x0 < x1 ? x0 : x1;
    order[i] = i;
  }
  order.sort((a, b) => west[a] - west[b]);
  let best: [number, number] | null = null;
  for (let a = 0; a < segments; a++) {
    const i = order[a];
    const ax = ring[o + i * 2], ay = ring[o + i * 2 + 1], bx = ring[o + i * 2 + 2], by = ring[o + i * 2 + 3];
    const east = ax > bx ? ax : bx;
    const south = ay < by ? ay : by;
    const north = ay > by ? ay : by;
    for (let b = a + 1; b < segments; b++) {
      const j = order[b];
      if (west[j] > east) break;
      const cy = ring[o + j * 2 + 1], dy = ring[o + j * 2 + 3];
      if ((cy < south && dy < south) || (cy > north && dy > north)) continue;
      const low = i < j ? i : j;
      const high = i < j ? j : i;
      // Neighbours share a vertex: not a crossing (the first and last segment meet at the closing vertex).
      if (high === low + 1 || (low === 0 && high === segments - 1)) continue;
      if (best && (low > best[0] || (low === best[0] && high >= best[1]))) continue;
      if (segmentsIntersect(ax, ay, bx, by, ring[o + j * 2], cy, ring[o + j * 2 + 2], dy)) best = [low, high];
    }
  }
  return best;
}

/** Twice the signed planar area (shoelace) of a closed ring, in squared degrees; positive when counter-clockwise. */
export function ringArea2(ring: ArrayLike<number>, start = 0, count = ring.length / 2): number {
  let sum = 0;
  for (let i = 0; i < count - 1; i++) {
    const a = (start + i) * 2;
    sum += ring[a] * ring[a + 3] - ring[a + 2] * ring[a + 1];
  }
  return sum;
}

/** Area centroid of a closed ring (Turf's centre of mass; the vertex mean for a ring without area). */
export function ringCentroid(ring: ArrayLike<number>, start = 0, count = ring.length / 2): [number, number] {
  const [x, y] = centerOfMass(ringPolygon(ring, start, count)).geometry.coordinates;
  return [x, y];
}

/**
 * Even-odd point-in-ring test. Hand-written: picking and assigning points to units run it over
 * the index's typed rings; Turf's booleanPointInPolygon takes 1,723 ms per 1M tests against 865 ms
 * here (medians of 6 runs), and needs GeoJSON rings: 136 MB of heap for the megacity grid against
 * its 23 MB typed array.
 */
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
 * array): the outer ring's centre of mass when Turf finds it inside the polygon, else (concave or
 * holed shapes) the polygon's pole of inaccessibility by `polylabel`: the inside point farthest
 * from its outline.
 */
export function labelPoint(coords: ArrayLike<number>, rings: ReadonlyArray<readonly [start: number, count: number]>): [number, number] {
  const polygon: Polygon = { type: 'Polygon', coordinates: rings.map(([start, count]) => positionsOf(coords, start, count)) };
  // The outer ring's alone: Turf's centre of mass of a holed polygon runs its rings together as one.
  const centre = centerOfMass({ type: 'Polygon', coordinates: [polygon.coordinates[0]] });
  const [cx, cy] = centre.geometry.coordinates;
  if (booleanPointInPolygon(centre, polygon)) return [cx, cy];
  // Outside (a U, a ring around a hole): the pole of inaccessibility, to 1 % of the unit's size.
  const [west, south, east, north] = bbox(polygon);
  const [x, y] = polylabel(polygon.coordinates as number[][][], Math.max(east - west, north - south) / 100 || 1e-9);
  return [x, y];
}

/**
 * Douglas–Peucker simplification of a closed ring (flat xy, first = last) by Turf: drops
 * vertices within `tolerance` of the simplified outline. The result stays closed and keeps at
 * least four positions (a triangle), so it can always be filled.
 */
export function simplifyRing(ring: ArrayLike<number>, tolerance: number, start = 0, count = ring.length / 2): number[] {
  const positions = positionsOf(ring, start, count);
  if (count <= 4 || tolerance <= 0) return positions.flat();
  // As a line: Turf's polygon mode would keep the whole ring when a triangle is all that survives.
  const simplified = simplify({ type: 'LineString', coordinates: positions }, { tolerance, highQuality: true, mutate: true }).coordinates;
  return (simplified.length >= 4 ? simplified : widestTriangle(positions)).flat();
}

/** Vertex 0, the vertex farthest from it, and the vertex farthest from the line through both, closed. */
function widestTriangle(positions: Position[]): Position[] {
  const [x0, y0] = positions[0];
  const fromFirst = (i: number) => (positions[i][0] - x0) ** 2 + (positions[i][1] - y0) ** 2;
  let far = 1;
  for (let i = 2; i < positions.length - 1; i++) if (fromFirst(i) > fromFirst(far)) far = i;
  const [dx, dy] = [positions[far][0] - x0, positions[far][1] - y0];
  const offChord = (i: number) => Math.abs(dx * (positions[i][1] - y0) - dy * (positions[i][0] - x0));
  let extra = far === 1 ? 2 : 1;
  for (let i = 1; i < positions.length - 1; i++) if (i !== far && offChord(i) > offChord(extra)) extra = i;
  return [0, Math.min(far, extra), Math.max(far, extra), 0].map((i) => positions[i]);
}
