// Builders for life-circle engine tests: data laid out in local metres around a fixed origin and
// converted to WGS-84, a seeded random graph generator, and a brute-force distance reference.
import { LocalProjection, buildWalkingGraph, snapToGraph } from '../../src/life-circle/engine/index';
import type { WalkingGraph } from '../../src/life-circle/engine/index';

export const ORIGIN: [number, number] = [106.5, 29.5];
const R = 6371008.8;
const ky = (R * Math.PI) / 180;
const kx = ky * Math.cos((ORIGIN[1] * Math.PI) / 180);

/** Metres east/north of ORIGIN → [lon, lat]. */
export const at = (x: number, y: number): [number, number] => [ORIGIN[0] + x / kx, ORIGIN[1] + y / ky];

export type Feature = { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> };
export const fc = <T,>(features: T[]) => ({ type: 'FeatureCollection' as const, features });

export const road = (id: string, ...points: [number, number][]): Feature => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) },
  properties: { id },
});
export const home = (id: string, x: number, y: number, population = 100, extra: Record<string, unknown> = {}): Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at(x, y) },
  properties: { id, name: id, population, ...extra },
});
export const facility = (id: string, category: string, x: number, y: number, extra: Record<string, unknown> = {}): Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at(x, y) },
  properties: { id, name: id, category, ...extra },
});

/** Projected metres of a [lon, lat] under the projection a result reports. */
export function projector(info: { lon0: number; lat0: number }) {
  const p = new LocalProjection(info.lon0, info.lat0);
  return ([lon, lat]: [number, number]): [number, number] => [p.x(lon), p.y(lat)];
}

export function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CATEGORIES = ['kindergarten', 'primary-school', 'junior-middle-school'] as const;

/**
 * A random road graph: `nodes` points in a 1.6 km square, each joined to its 2 nearest
 * neighbours plus a few random links; some links get a mid vertex; some seeds add an island
 * 3 km away. Residences and facilities scattered over both, a few far from any road.
 */
export function randomCity(seed: number) {
  const rng = mulberry32(seed);
  const n = 20 + Math.floor(rng() * 41);
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) pts.push([rng() * 1600, rng() * 1600]);
  const island = seed % 3 === 0;
  const islandStart = pts.length;
  if (island) for (let i = 0; i < 6; i++) pts.push([4600 + rng() * 300, rng() * 300]);
  const roads: Feature[] = [];
  const seen = new Set<string>();
  const link = (a: number, b: number) => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    const [ax, ay] = pts[a]!;
    const [bx, by] = pts[b]!;
    if (rng() < 0.3) {
      // A bent line: the mid vertex is a degree-2 node.
      const mx = (ax + bx) / 2 + (rng() - 0.5) * 80;
      const my = (ay + by) / 2 + (rng() - 0.5) * 80;
      roads.push(road(`r${roads.length}`, [ax, ay], [mx, my], [bx, by]));
    } else roads.push(road(`r${roads.length}`, [ax, ay], [bx, by]));
  };
  const groups = island ? [[0, islandStart], [islandStart, pts.length]] : [[0, pts.length]];
  for (const [from, to] of groups) {
    for (let i = from!; i < to!; i++) {
      const byDistance = [];
      for (let j = from!; j < to!; j++) if (j !== i) byDistance.push({ j, d: Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]) });
      byDistance.sort((p, q) => p.d - q.d);
      for (const { j } of byDistance.slice(0, 2)) link(i, j);
      if (rng() < 0.15) link(i, from! + Math.floor(rng() * (to! - from!)));
    }
  }
  const place = (): [number, number] => {
    const r = rng();
    if (island && r < 0.15) return [4550 + rng() * 400, rng() * 300];
    if (r > 0.95) return [rng() * 1600, 2300 + rng() * 200]; // beyond the snap tolerance
    return [rng() * 1600, rng() * 1600];
  };
  const residences: Feature[] = [];
  for (let i = 0; i < 14; i++) {
    const [x, y] = place();
    residences.push(home(`h${i}`, x, y, 50 + Math.floor(rng() * 500)));
  }
  const facilities: Feature[] = [];
  for (let i = 0; i < 24; i++) {
    const [x, y] = place();
    facilities.push(facility(`f${i}`, CATEGORIES[Math.floor(rng() * CATEGORIES.length)]!, x, y));
  }
  return { residences: fc(residences), facilities: fc(facilities), roads: fc(roads) };
}

/**
 * All-pairs walking distances by Floyd–Warshall on an explicit graph: the network's nodes, every
 * point's snapped position (splitting its edge) and the point itself (joined by its access leg).
 * Shares only the graph and the snapping with the engine, not its search.
 */
export function bruteForceDistances(graph: WalkingGraph, points: [number, number][], snapTolerance: number): number[][] {
  const N = graph.nodeCount;
  const P = points.length;
  const size = N + 2 * P;
  const d: Float64Array[] = Array.from({ length: size }, (_, i) => {
    const row = new Float64Array(size).fill(Infinity);
    row[i] = 0;
    return row;
  });
  const join = (a: number, b: number, w: number) => {
    if (w < d[a]![b]!) {
      d[a]![b] = w;
      d[b]![a] = w;
    }
  };
  const onEdge = new Map<number, { t: number; node: number }[]>();
  points.forEach(([lon, lat], i) => {
    const snap = snapToGraph(graph, graph.projection.x(lon), graph.projection.y(lat), snapTolerance);
    if (snap.edge === -1) return;
    join(N + P + i, N + i, snap.access);
    if (!onEdge.has(snap.edge)) onEdge.set(snap.edge, []);
    onEdge.get(snap.edge)!.push({ t: snap.t, node: N + i });
  });
  for (let e = 0; e < graph.edgeCount; e++) {
    const length = graph.edgeLength[e]!;
    const stops = [{ t: 0, node: graph.edgeFrom[e]! }, ...(onEdge.get(e) ?? []).sort((p, q) => p.t - q.t), { t: 1, node: graph.edgeTo[e]! }];
    for (let s = 1; s < stops.length; s++) join(stops[s - 1]!.node, stops[s]!.node, (stops[s]!.t - stops[s - 1]!.t) * length);
  }
  for (let k = 0; k < size; k++) {
    const dk = d[k]!;
    for (let i = 0; i < size; i++) {
      const dik = d[i]![k]!;
      if (dik === Infinity) continue;
      const di = d[i]!;
      for (let j = 0; j < size; j++) {
        const via = dik + dk[j]!;
        if (via < di[j]!) di[j] = via;
      }
    }
  }
  return points.map((_, i) => points.map((__, j) => d[N + P + i]![N + P + j]!));
}

export function graphOf(roads: unknown, bounds: { lon0: number; lat0: number }): WalkingGraph {
  return buildWalkingGraph(roads, { projection: new LocalProjection(bounds.lon0, bounds.lat0) });
}
