import { circle, rewind } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import { ContourWorkspace } from './contour';
import { DijkstraWorkspace } from './dijkstra';
import { snapToGraph } from './graph';
import type { WalkingGraph } from './graph';
import { DEFAULT_SPEEDS } from './standards';
import type { DistanceMethod } from './types';

export interface IsochroneOptions {
  /** Threshold(s) in metres; one polygon per threshold. */
  distance?: number | number[];
  /** Threshold(s) in minutes at `speed` (used when `distance` is absent). */
  minutes?: number | number[];
  /** Metres per minute (default: walking, 72). */
  speed?: number;
  /** Raster cell in metres (default: largest threshold / 150, at least 5 m). */
  cellSize?: number;
  /** Land up to this far from a reached road counts as reached (default 50 m); farther land is not claimed. */
  lateral?: number;
  /** Origins farther than this from any road are unreachable (default 500 m). */
  snapTolerance?: number;
}

export interface IsochroneProperties {
  distance: number;
  minutes: number;
  method: DistanceMethod;
  origin: [number, number];
  /** False when the origin could not be placed on the network (empty geometry). */
  reachable: boolean;
  cellSize: number;
  lateral: number;
}

export type IsochroneCollection = FeatureCollection<MultiPolygon, IsochroneProperties>;

/** Per graph: the search, raster, segment and contour buffers, reused from click to click (no garbage per click but the shapes). */
interface IsochroneWorkspace {
  search: DijkstraWorkspace;
  field: Float64Array;
  segments: Float64Array;
  contour: ContourWorkspace;
}
const workspaces = new WeakMap<WalkingGraph, IsochroneWorkspace>();
// Field beyond the lateral allowance rises this many metres per metre, so the contour hugs it.
const OFF_NETWORK_PENALTY = 1000;

function workspaceOf(graph: WalkingGraph): IsochroneWorkspace {
  let buffers = workspaces.get(graph);
  if (!buffers) {
    buffers = { search: new DijkstraWorkspace(graph.nodeCount), field: new Float64Array(0), segments: new Float64Array(7 * 1024), contour: new ContourWorkspace() };
    workspaces.set(graph, buffers);
  }
  return buffers;
}

// Six shapes: after two the next clicks still took 17–34 ms CPU on the megacity (the optimising
// compiler had not finished); after six they take what the later ones do (~10 ms).
const WARM_UP_SHAPES = 6;

/**
 * Gets a graph ready for isochrone clicks before the first one: allocates its search workspace
 * and raster buffers, and draws a few isochrones across the network (results dropped)
 * so that the search, the rasteriser and the contouring are compiled. Without it the megacity
 * bench's first click took 58 ms (a full collection set off by the workspace, then compiling) and
 * the next few 20–30 ms, against a median of 8 ms; the engine's worker
 * calls it once it has posted an analysis, while the page shows the result. Once per graph: a
 * graph that has had a click is ready.
 */
export function warmIsochrone(graph: WalkingGraph | null): void {
  if (!graph || graph.edgeCount === 0 || workspaces.has(graph)) return;
  const { projection, edgeFrom, edgeTo, nodeX, nodeY } = graph;
  for (let k = 1; k <= WARM_UP_SHAPES; k++) {
    const e = Math.floor((k * graph.edgeCount) / (WARM_UP_SHAPES + 1));
    const x = (nodeX[edgeFrom[e]!]! + nodeX[edgeTo[e]!]!) / 2;
    const y = (nodeY[edgeFrom[e]!]! + nodeY[edgeTo[e]!]!) / 2;
    // Both forms a caller gives, a list of distances and one: clicks with only one form seen here set
    // off a deoptimisation of computeIsochrone on each of the first clicks (--trace-deopt).
    computeIsochrone(graph, [projection.lon(x), projection.lat(y)], k % 2 === 0 ? { distance: [500, 1000] } : { distance: 1000 });
  }
}

/**
 * Area reachable from a point within each threshold. On a network: a bounded Dijkstra from the
 * point (snapped to the nearest edge, access leg counted), a raster distance field along reached
 * edges (network distance + the short walk off the road, limited to `lateral`), and d3-contour's
 * marching squares (ported to reused buffers, `./contour`); holes (blocks too far from any reached
 * road) are kept and unreachable land — other islands, land far from roads — is not claimed.
 * Without a graph: straight-line discs. Polygons are in WGS-84, exterior rings counter-clockwise.
 */
export function computeIsochrone(graph: WalkingGraph | null, origin: [number, number], options: IsochroneOptions = {}): IsochroneCollection {
  const speed = options.speed !== undefined && options.speed > 0 ? options.speed : DEFAULT_SPEEDS.walk;
  const raw = options.distance ?? (options.minutes !== undefined ? toArray(options.minutes).map((m) => m * speed) : 1000);
  const thresholds = toArray(raw)
    .filter((d) => Number.isFinite(d) && d > 0)
    .sort((a, b) => a - b);
  const lateral = options.lateral !== undefined && options.lateral >= 0 ? options.lateral : 50;
  const maxThreshold = thresholds.length ? thresholds[thresholds.length - 1]! : 0;
  const cellSize = options.cellSize !== undefined && options.cellSize > 0 ? options.cellSize : Math.max(5, maxThreshold / 150);
  const method: DistanceMethod = graph ? 'network' : 'straight-line';
  const properties = (distance: number, reachable: boolean): IsochroneProperties => ({
    distance,
    minutes: distance / speed,
    method,
    origin: [origin[0], origin[1]],
    reachable,
    cellSize,
    lateral,
  });
  const validOrigin = Number.isFinite(origin[0]) && Number.isFinite(origin[1]);
  if (!graph) {
    return collection(thresholds.map((d) => feature(validOrigin ? [disc(origin, d)] : [], properties(d, validOrigin))));
  }
  const projection = graph.projection;
  const ox = projection.x(origin[0]);
  const oy = projection.y(origin[1]);
  const snap = validOrigin ? snapToGraph(graph, ox, oy, options.snapTolerance ?? 500) : { edge: -1, t: 0, access: Infinity };
  if (snap.edge === -1 || thresholds.length === 0) return collection(thresholds.map((d) => feature([], properties(d, false))));

  // 1. Network distances from the origin, bounded by the largest threshold.
  const buffers = workspaceOf(graph);
  const workspace = buffers.search;
  const { edgeFrom, edgeTo, edgeLength, nodeX, nodeY, offsets, arcTarget, arcLength } = graph;
  const e0 = snap.edge;
  const along0 = snap.t * edgeLength[e0]!;
  workspace.run(
    graph,
    {
      node: [edgeFrom[e0]!, edgeTo[e0]!],
      dist: [snap.access + along0, snap.access + edgeLength[e0]! - along0],
      label: [0, 0],
      count: 2,
    },
    maxThreshold,
  );
  const { dist, touched, touchedCount } = workspace;

  // 2. Segments to rasterise: reached edges, the origin's own edge, and the access leg.
  let segments = buffers.segments; // ax, ay, bx, by, distance at a, distance at b, length
  let used = 0;
  const push = (ax: number, ay: number, bx: number, by: number, da: number, db: number, length: number): void => {
    if (used + 7 > segments.length) {
      const grown = new Float64Array(segments.length * 2);
      grown.set(segments);
      segments = buffers.segments = grown;
    }
    segments[used++] = ax;
    segments[used++] = ay;
    segments[used++] = bx;
    segments[used++] = by;
    segments[used++] = da;
    segments[used++] = db;
    segments[used++] = length;
  };
  for (let i = 0; i < touchedCount; i++) {
    const u = touched[i]!;
    const du = dist[u]!;
    if (!(du <= maxThreshold)) continue;
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = arcTarget[k]!;
      const dv = dist[v]!;
      const reachedV = dv <= maxThreshold;
      if (reachedV && v < u) continue; // each edge once
      push(nodeX[u]!, nodeY[u]!, nodeX[v]!, nodeY[v]!, du, reachedV ? dv : Infinity, arcLength[k]!);
    }
  }
  const px = nodeX[edgeFrom[e0]!]! + snap.t * (nodeX[edgeTo[e0]!]! - nodeX[edgeFrom[e0]!]!);
  const py = nodeY[edgeFrom[e0]!]! + snap.t * (nodeY[edgeTo[e0]!]! - nodeY[edgeFrom[e0]!]!);
  // The origin's edge, split at the snapped point, so distances along it do not go via a node.
  push(px, py, nodeX[edgeFrom[e0]!]!, nodeY[edgeFrom[e0]!]!, snap.access, Infinity, along0);
  push(px, py, nodeX[edgeTo[e0]!]!, nodeY[edgeTo[e0]!]!, snap.access, Infinity, edgeLength[e0]! - along0);
  push(ox, oy, px, py, 0, Infinity, snap.access);

  // 3. Raster distance field over the reached area.
  const reach = lateral + 2 * cellSize;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let s = 0; s < used; s += 7) {
    minX = Math.min(minX, segments[s]!, segments[s + 2]!);
    maxX = Math.max(maxX, segments[s]!, segments[s + 2]!);
    minY = Math.min(minY, segments[s + 1]!, segments[s + 3]!);
    maxY = Math.max(maxY, segments[s + 1]!, segments[s + 3]!);
  }
  let cell = cellSize;
  // Keep the raster bounded (≤ 4M cells) even for a huge threshold.
  while (((maxX - minX + 2 * reach) / cell) * ((maxY - minY + 2 * reach) / cell) > 4e6) cell *= 1.5;
  const x0 = minX - reach;
  const y0 = minY - reach;
  const nx = Math.max(2, Math.ceil((maxX - minX + 2 * reach) / cell) + 1);
  const ny = Math.max(2, Math.ceil((maxY - minY + 2 * reach) / cell) + 1);
  // The field is kept negated: the contour keeps values ≥ its threshold, and we want distances ≤ it.
  if (buffers.field.length < nx * ny) buffers.field = new Float64Array(nx * ny);
  const values = buffers.field.subarray(0, nx * ny).fill(-Infinity);
  for (let s = 0; s < used; s += 7) {
    rasterSegment(values, nx, ny, x0, y0, cell, reach, lateral, thresholds[0]!, segments, s);
  }

  // 4. Contours: cells with distance ≤ threshold, i.e. negated field ≥ -threshold.
  const toPosition = (gx: number, gy: number): Position => [projection.lon(x0 + gx * cell), projection.lat(y0 + gy * cell)];
  const features = thresholds.map((d) => {
    const polygons = buffers.contour.contour(values, nx, ny, -d, toPosition);
    const shaped = feature(polygons, { ...properties(d, true), cellSize: cell });
    // RFC 7946 winding (exterior counter-clockwise, holes clockwise), rewound in place.
    rewind(shaped, { mutate: true });
    return shaped;
  });
  return collection(features);
}

// Marks a cell deep inside every contour: its distance is not needed, only that it is reached.
const DEEP = 0;

/**
 * Writes max(negated field, -distance) for cells near one segment; distance = network + off-road
 * walk. A cell this segment puts deep inside the nearest threshold is marked DEEP instead (below).
 */
function rasterSegment(
  negated: Float64Array,
  nx: number,
  ny: number,
  x0: number,
  y0: number,
  cell: number,
  reach: number,
  lateral: number,
  nearestThreshold: number,
  s: Float64Array,
  i: number,
): void {
  const ax = s[i]!;
  const ay = s[i + 1]!;
  const bx = s[i + 2]!;
  const by = s[i + 3]!;
  const da = s[i + 4]!;
  const db = s[i + 5]!;
  const length = s[i + 6]!;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const ix0 = Math.max(0, Math.floor((Math.min(ax, bx) - reach - x0) / cell - 0.5));
  const ix1 = Math.min(nx - 1, Math.ceil((Math.max(ax, bx) + reach - x0) / cell - 0.5));
  const iy0 = Math.max(0, Math.floor((Math.min(ay, by) - reach - y0) / cell - 0.5));
  const iy1 = Math.min(ny - 1, Math.ceil((Math.max(ay, by) + reach - y0) / cell - 0.5));
  const reachSq = reach * reach;
  // A cell's exact distance only shapes the contours where it and a side neighbour lie on either
  // side of a threshold (marching squares places each vertex between two such cells). A cell this
  // segment reaches at d, at most lateral - cell off the road, has all four neighbours within
  // lateral of it too, each at most d + cell (farther off the road) + cell × stretch (along it: the
  // network length per metre of segment) away. When that is still a micrometre under the nearest
  // threshold, no contour passes next to the cell: it is marked DEEP (0 ≥ every negated threshold),
  // and the segments after skip it without computing (the megacity bench's clicks: 322k cells
  // computed → 148k, the raster 6.1 → 4.8 ms cpu a click).
  const stretch = lengthSq > 0 ? length / Math.sqrt(lengthSq) : 0;
  const deepValue = -(nearestThreshold - cell * (1 + stretch) - 1e-6);
  const deepOff = lateral - cell;
  // No cell gets less than the nearer end's distance from this segment, plus (row by row) the
  // gap between the row and the segment's latitude span, walked off the road: cells already at or
  // under that (from segments nearer the origin, rasterised first) are skipped. The gap is taken
  // a micrometre short, far beyond rounding, and summed as a cell's value is, so that no cell this
  // segment would improve is skipped (floating-point sums are monotonic).
  const nearer = Math.min(da, db);
  const spanLow = Math.min(ay, by);
  const spanHigh = Math.max(ay, by);
  const length2 = Math.sqrt(lengthSq);
  // Per row the capsule's band is linear in the row's height: its slopes once per segment, not
  // four divisions a row (rows took a third of the raster's profile; a click ~0.3 ms cpu less).
  const bandSlope = dx / dy;
  const bandHalf = (reach * length2) / Math.abs(dy);
  const besideSlope = dy / dx;
  const besideLow = Math.min(0, lengthSq / dx);
  const besideHigh = Math.max(0, lengthSq / dx);
  const perCell = 1 / cell;
  for (let iy = iy0; iy <= iy1; iy++) {
    const cy = y0 + (iy + 0.5) * cell;
    const row = iy * nx;
    const gap = Math.max(0, (cy < spanLow ? spanLow - cy : cy > spanHigh ? cy - spanHigh : 0) - 1e-6);
    const floor = -(nearer + gap + (gap > lateral ? (gap - lateral) * OFF_NETWORK_PENALTY : 0));
    // Only the stretch of the row inside the capsule (the segment widened by `reach`): the union of
    // the two end discs and the band beside the segment, a convex shape, so one interval.
    let lo = Infinity;
    let hi = -Infinity;
    const ey0 = cy - ay;
    const ey1 = cy - by;
    if (ey0 * ey0 <= reachSq) {
      const h = Math.sqrt(reachSq - ey0 * ey0);
      lo = ax - h;
      hi = ax + h;
    }
    if (ey1 * ey1 <= reachSq) {
      const h = Math.sqrt(reachSq - ey1 * ey1);
      lo = Math.min(lo, bx - h);
      hi = Math.max(hi, bx + h);
    }
    // The terms summed below, however large: a nearly level or upright segment's line crosses the
    // row far off, and the interval's ends come out of large terms that cancel.
    let spread = 0;
    if (lengthSq > 0) {
      let p = -Infinity;
      let q = Infinity;
      // Within `reach` of the segment's line…
      if (dy !== 0) {
        const middle = ax + ey0 * bandSlope;
        p = middle - bandHalf;
        q = middle + bandHalf;
        spread = Math.abs(middle) + bandHalf;
      } else if (Math.abs(ey0) > reach) p = Infinity;
      // …and beside it (0 ≤ t ≤ 1).
      if (dx !== 0) {
        const u = ax - ey0 * besideSlope;
        p = Math.max(p, u + besideLow);
        q = Math.min(q, u + besideHigh);
        spread += Math.abs(u) + besideHigh - besideLow;
      } else if (ey0 * dy < 0 || ey0 * dy > lengthSq) p = Infinity;
      if (p <= q) {
        lo = Math.min(lo, p);
        hi = Math.max(hi, q);
      }
    }
    if (!(lo <= hi)) continue;
    // A little wider than computed, by far more than the rounding of those terms: a cell too many is
    // filtered below, a cell too few would be lost.
    const margin = 1e-6 + 1e-9 * (Math.abs(lo) + Math.abs(hi) + spread);
    const from = Math.max(ix0, Math.ceil((lo - margin - x0) * perCell - 0.5));
    const to = Math.min(ix1, Math.floor((hi + margin - x0) * perCell - 0.5));
    for (let ix = from; ix <= to; ix++) {
      if (negated[row + ix]! >= floor) continue;
      const cx = x0 + (ix + 0.5) * cell;
      let t = lengthSq > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / lengthSq : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = ax + t * dx - cx;
      const ey = ay + t * dy - cy;
      const offSq = ex * ex + ey * ey;
      if (offSq > reachSq) continue;
      const off = Math.sqrt(offSq);
      const network = Math.min(da + t * length, db + (1 - t) * length);
      const value = -(network + off + (off > lateral ? (off - lateral) * OFF_NETWORK_PENALTY : 0));
      const k = row + ix;
      if (value >= deepValue && off <= deepOff) negated[k] = DEEP;
      else if (value > negated[k]!) negated[k] = value;
    }
  }
}

function toArray(value: number | number[]): number[] {
  return Array.isArray(value) ? value : [value];
}

/** The straight-line reach: a 64-step geodesic circle of `radius` metres, counter-clockwise. */
function disc(origin: [number, number], radius: number): Position[][] {
  return circle(origin, radius, { steps: 64, units: 'meters' }).geometry.coordinates;
}

function feature(coordinates: Position[][][], properties: IsochroneProperties): Feature<MultiPolygon, IsochroneProperties> {
  return { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates }, properties };
}

function collection(features: Feature<MultiPolygon, IsochroneProperties>[]): IsochroneCollection {
  return { type: 'FeatureCollection', features };
}
