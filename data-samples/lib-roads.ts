/**
 * A walking road network on the lattice refined ×2 (edge midpoints and cell centres added).
 * Roads follow chosen refined lines: streets every 150–300 m in the urban core, alleys between
 * them, sparse village roads outside, two through primaries per axis, two diagonal primaries.
 * Every crossing is a node (segments only meet at refined vertices), and each output edge runs
 * between two intersections (or dead ends). Only the largest component is kept, plus one small
 * deliberate island.
 */
import type { Hierarchy } from './lib-hierarchy';
import type { Axis, Lattice } from './lib-lattice';
import { hash01, rngFor, type Rng } from './lib-random';

export type RoadKind = 'path' | 'residential' | 'secondary' | 'primary';
const KIND_NAMES: RoadKind[] = ['path', 'path', 'residential', 'secondary', 'primary'];
const PATH = 1;
const RESIDENTIAL = 2;
const SECONDARY = 3;
const PRIMARY = 4;

export interface RoadParams {
  /** Street spacing in the core, metres [min, max]. */
  coreSpacing: [number, number];
  /** Village road spacing outside the core, metres [min, max]. */
  ruralSpacing: [number, number];
  /** Alley spacing between core streets, metres. */
  alleySpacing: number;
  /** Probability that an alley runs across a given block. */
  alleyProb: number;
  /** Probability that a village road runs along a given stretch. */
  ruralRoadProb: number;
  /** Probability that a core street continues along a given rural stretch. */
  coreLineRuralProb: number;
}

export interface RoadStats {
  edges: number;
  byKind: Record<RoadKind, number>;
  droppedSegments: number;
  islandEdges: number;
  lengthKm: number;
}

/** Refined line positions (metres) of an axis. */
function refine(axis: Axis): Float64Array {
  const n = axis.pos.length - 1;
  const out = new Float64Array(2 * n + 1);
  for (let i = 0; i <= 2 * n; i++) out[i] = i % 2 === 0 ? axis.pos[i / 2] : (axis.pos[(i - 1) / 2] + axis.pos[(i + 1) / 2]) / 2;
  return out;
}

interface LineSelection {
  kind: Uint8Array;
  /** Per band: refined core range [I0, I1] or null. */
  core: ([number, number] | null)[];
}

function selectLines(axis: Axis, rpos: Float64Array, bands: Set<number>, params: RoadParams, rng: Rng): LineSelection {
  const kind = new Uint8Array(rpos.length);
  const core: ([number, number] | null)[] = axis.core.map(() => null);
  const closest = (target: number, lo: number, hi: number) => {
    let best = lo;
    for (let i = lo; i <= hi; i++) if (Math.abs(rpos[i] - target) < Math.abs(rpos[best] - target)) best = i;
    return best;
  };
  for (const b of bands) {
    const c = axis.core[b];
    if (!c) continue;
    const I0 = 2 * c[0];
    const I1 = 2 * c[1];
    const B0 = 2 * axis.bandStart[b];
    const B1 = 2 * axis.bandEnd[b];
    core[b] = [I0, I1];
    // Core streets: the core edges plus lines every 150–300 m.
    const roads = [I0];
    for (;;) {
      const last = roads[roads.length - 1];
      const target = rpos[last] + params.coreSpacing[0] + rng() * (params.coreSpacing[1] - params.coreSpacing[0]);
      if (rpos[I1] - target < params.coreSpacing[0] * 0.7) break;
      const next = closest(target, last + 1, I1 - 1);
      if (next <= last) break;
      roads.push(next);
    }
    roads.push(I1);
    roads.forEach((i, k) => (kind[i] = k % 3 === 0 ? SECONDARY : RESIDENTIAL));
    kind[roads[Math.floor(roads.length / 3)]] = PRIMARY;
    kind[roads[Math.floor((2 * roads.length) / 3)]] = PRIMARY;
    // Alleys between consecutive streets.
    for (let k = 0; k + 1 < roads.length; k++) {
      const a = roads[k];
      const z = roads[k + 1];
      let prev = a;
      let gap = params.alleySpacing * (0.85 + 0.3 * rng());
      for (let i = a + 1; i < z; i++) {
        if (rpos[i] - rpos[prev] >= gap && rpos[z] - rpos[i] >= 0.6 * params.alleySpacing) {
          kind[i] = PATH;
          prev = i;
          gap = params.alleySpacing * (0.85 + 0.3 * rng());
        }
      }
    }
    // Village roads outside the core, both sides.
    const spacing = () => params.ruralSpacing[0] + rng() * (params.ruralSpacing[1] - params.ruralSpacing[0]);
    for (let last = I0; ; ) {
      const target = rpos[last] - spacing();
      if (target - rpos[B0] < 200) break;
      const next = closest(target, B0 + 1, last - 1);
      if (next >= last) break;
      kind[next] = RESIDENTIAL;
      last = next;
    }
    for (let last = I1; ; ) {
      const target = rpos[last] + spacing();
      if (rpos[B1] - target < 200) break;
      const next = closest(target, last + 1, B1 - 1);
      if (next <= last) break;
      kind[next] = RESIDENTIAL;
      last = next;
    }
  }
  return { kind, core };
}

/** Growable int triples (node a, node b, kind). */
class Segments {
  a = new Int32Array(1 << 16);
  b = new Int32Array(1 << 16);
  kind = new Uint8Array(1 << 16);
  length = 0;

  push(a: number, b: number, kind: number): void {
    if (this.length === this.a.length) {
      const grow = <T extends Int32Array | Uint8Array>(arr: T): T => {
        const next = new (arr.constructor as new (n: number) => T)(arr.length * 2);
        next.set(arr);
        return next;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.kind = grow(this.kind);
    }
    this.a[this.length] = a;
    this.b[this.length] = b;
    this.kind[this.length] = kind;
    this.length++;
  }
}

export function buildRoads(lattice: Lattice, h: Hierarchy, params: RoadParams, seed: number, emit: (json: string) => void): RoadStats {
  const rng = rngFor(seed, 'roads');
  const { cols, rows } = lattice;
  const NI = 2 * lattice.nc + 1;
  const NJ = 2 * lattice.nr + 1;
  const rx = refine(cols);
  const ry = refine(rows);
  const subdivided = new Set<string>();
  const colBands = new Set<number>();
  const rowBands = new Set<number>();
  h.plans.forEach((p) => {
    if (!p.subdivided) return;
    subdivided.add(`${p.col},${p.row}`);
    colBands.add(p.col);
    rowBands.add(p.row);
  });
  const colLines = selectLines(cols, rx, colBands, params, rng);
  const rowLines = selectLines(rows, ry, rowBands, params, rng);
  const colBandOfLine = (i: number) => cols.cellBand[Math.min(lattice.nc - 1, i >> 1)];
  const rowBandOfLine = (j: number) => rows.cellBand[Math.min(lattice.nr - 1, j >> 1)];
  const ownedBySubdivided = (i: number, j: number) => subdivided.has(`${colBandOfLine(i)},${rowBandOfLine(j)}`);

  // Count of street lines at or before each index: stretches between crossing streets are "runs".
  const prefix = (kind: Uint8Array) => {
    const out = new Int32Array(kind.length);
    let n = 0;
    for (let i = 0; i < kind.length; i++) {
      if (kind[i] >= RESIDENTIAL) n++;
      out[i] = n;
    }
    return out;
  };
  const colRuns = prefix(colLines.kind);
  const rowRuns = prefix(rowLines.kind);
  const inCoreLine = (sel: LineSelection, band: number, i: number) => {
    const c = sel.core[band];
    return c !== null && i >= c[0] && i <= c[1];
  };
  const inCoreSpan = (sel: LineSelection, band: number, i: number) => {
    const c = sel.core[band];
    return c !== null && i >= c[0] && i < c[1];
  };

  /**
   * Kind of one unit segment (0 = absent) on a line of kind `lineKind`. `lineCore`: the line lies in
   * the core; `spanCore`: so does the stretch it spans; `run`: which stretch between crossing streets.
   */
  const segmentKind = (lineKind: number, lineCore: boolean, spanCore: boolean, line: number, run: number, salt: number): number => {
    if (lineKind === PRIMARY) return PRIMARY;
    if (lineCore && spanCore) {
      if (lineKind >= RESIDENTIAL) return lineKind;
      if (lineKind === PATH) return hash01(seed, line, run, salt) < params.alleyProb ? PATH : 0;
      return 0;
    }
    if (lineKind >= RESIDENTIAL) {
      const p = lineCore ? params.coreLineRuralProb : params.ruralRoadProb;
      return hash01(seed, line, run, salt + 1) < p ? RESIDENTIAL : 0;
    }
    return 0;
  };

  const segs = new Segments();
  // Vertical segments: column line i, from refined row j to j + 1.
  for (let i = 0; i < NI; i++) {
    const lineKind = colLines.kind[i];
    if (lineKind === 0) continue;
    const band = colBandOfLine(i);
    const lineCore = inCoreLine(colLines, band, i);
    for (let j = 0; j + 1 < NJ; j++) {
      if (!ownedBySubdivided(i < NI - 1 ? i : i - 1, j) && !ownedBySubdivided(i > 0 ? i - 1 : i, j)) continue;
      const spanCore = inCoreSpan(rowLines, rowBandOfLine(j), j);
      const k = segmentKind(lineKind, lineCore, spanCore, i, rowRuns[j], 20);
      if (k) segs.push(j * NI + i, (j + 1) * NI + i, k);
    }
  }
  // Horizontal segments: row line j, from refined column i to i + 1.
  for (let j = 0; j < NJ; j++) {
    const lineKind = rowLines.kind[j];
    if (lineKind === 0) continue;
    const band = rowBandOfLine(j);
    const lineCore = inCoreLine(rowLines, band, j);
    for (let i = 0; i + 1 < NI; i++) {
      if (!ownedBySubdivided(i, j < NJ - 1 ? j : j - 1) && !ownedBySubdivided(i, j > 0 ? j - 1 : j)) continue;
      const spanCore = inCoreSpan(colLines, colBandOfLine(i), i);
      const k = segmentKind(lineKind, lineCore, spanCore, j + 100000, colRuns[i], 40);
      if (k) segs.push(j * NI + i, j * NI + i + 1, k);
    }
  }
  // Two diagonal primaries across each core, crossing at a refined vertex (parity chosen so).
  h.plans.forEach((p) => {
    if (!p.subdivided) return;
    const cc = colLines.core[p.col];
    const rc = rowLines.core[p.row];
    if (!cc || !rc) return;
    const [I0, I1] = cc;
    const [J0, J1] = rc;
    const w = I1 - I0;
    const hgt = J1 - J0;
    const x1 = I0 + Math.round(w * (0.08 + 0.1 * rng()));
    const y1 = J0 + Math.round(hgt * (0.08 + 0.1 * rng()));
    const k1 = Math.min(I1 - x1, J1 - y1) - Math.round(Math.min(w, hgt) * 0.1);
    let x2 = I0 + Math.round(w * (0.3 + 0.1 * rng()));
    const y2 = J1 - Math.round(hgt * (0.08 + 0.1 * rng()));
    if ((x2 - x1 + (y2 - y1)) % 2 !== 0) x2++;
    const k2 = Math.min(I1 - x2, y2 - J0) - Math.round(Math.min(w, hgt) * 0.1);
    for (let k = 0; k < k1; k++) segs.push((y1 + k) * NI + x1 + k, (y1 + k + 1) * NI + x1 + k + 1, PRIMARY);
    for (let k = 0; k < k2; k++) segs.push((y2 - k) * NI + x2 + k, (y2 - k - 1) * NI + x2 + k + 1, PRIMARY);
  });

  // Keep the largest connected component (stray village stretches would be islands by accident).
  const parent = new Int32Array(NI * NJ);
  for (let n = 0; n < parent.length; n++) parent[n] = n;
  const find = (n: number) => {
    while (parent[n] !== n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  };
  for (let s = 0; s < segs.length; s++) {
    const ra = find(segs.a[s]);
    const rb = find(segs.b[s]);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const sizes = new Map<number, number>();
  for (let s = 0; s < segs.length; s++) {
    const r = find(segs.a[s]);
    sizes.set(r, (sizes.get(r) ?? 0) + 1);
  }
  let main = -1;
  let mainSize = -1;
  for (const [r, size] of sizes) {
    if (size > mainSize || (size === mainSize && r < main)) {
      main = r;
      mainSize = size;
    }
  }
  const keep = new Uint8Array(segs.length);
  let dropped = 0;
  for (let s = 0; s < segs.length; s++) {
    if (find(segs.a[s]) === main) keep[s] = 1;
    else dropped++;
  }

  // Adjacency (CSR) of the kept segments.
  const degree = new Int32Array(NI * NJ + 1);
  for (let s = 0; s < segs.length; s++) {
    if (!keep[s]) continue;
    degree[segs.a[s] + 1]++;
    degree[segs.b[s] + 1]++;
  }
  const offset = degree; // prefix sums in place: offset[n]..offset[n+1]
  for (let n = 1; n < offset.length; n++) offset[n] += offset[n - 1];
  const incident = new Int32Array(offset[offset.length - 1]);
  const fill = offset.slice(0, NI * NJ);
  for (let s = 0; s < segs.length; s++) {
    if (!keep[s]) continue;
    incident[fill[segs.a[s]]++] = s;
    incident[fill[segs.b[s]]++] = s;
  }
  const deg = (n: number) => offset[n + 1] - offset[n];
  const isJunction = (n: number) => deg(n) !== 2 || segs.kind[incident[offset[n]]] !== segs.kind[incident[offset[n] + 1]];
  const other = (s: number, n: number) => (segs.a[s] === n ? segs.b[s] : segs.a[s]);
  const nodePosition = (n: number) => lattice.position((n % NI) / 2, Math.floor(n / NI) / 2);

  const stats: RoadStats = { edges: 0, byKind: { path: 0, residential: 0, secondary: 0, primary: 0 }, droppedSegments: dropped, islandEdges: 0, lengthKm: 0 };
  const write = (coordinates: [number, number][], kind: RoadKind) => {
    stats.edges++;
    stats.byKind[kind]++;
    for (let k = 1; k < coordinates.length; k++) {
      const [x0, y0] = lattice.toMetres(coordinates[k - 1][0], coordinates[k - 1][1]);
      const [x1, y1] = lattice.toMetres(coordinates[k][0], coordinates[k][1]);
      stats.lengthKm += Math.hypot(x1 - x0, y1 - y0) / 1000;
    }
    const id = `RD${String(stats.edges).padStart(6, '0')}`;
    emit(`{"type":"Feature","properties":{"id":"${id}","kind":"${kind}"},"geometry":{"type":"LineString","coordinates":${JSON.stringify(coordinates)}}}`);
  };
  const visited = new Uint8Array(segs.length);
  const walk = (start: number, first: number) => {
    const nodes = [start];
    let node = start;
    let seg = first;
    for (;;) {
      visited[seg] = 1;
      node = other(seg, node);
      nodes.push(node);
      if (node === start || isJunction(node)) break;
      const o = offset[node];
      seg = incident[o] === seg ? incident[o + 1] : incident[o];
      if (visited[seg]) break;
    }
    write(nodes.map(nodePosition), KIND_NAMES[segs.kind[first]]);
  };
  for (let n = 0; n < NI * NJ; n++) {
    if (deg(n) === 0 || !isJunction(n)) continue;
    for (let o = offset[n]; o < offset[n + 1]; o++) if (!visited[incident[o]]) walk(n, incident[o]);
  }
  // Pure loops without any junction.
  for (let s = 0; s < segs.length; s++) if (keep[s] && !visited[s]) walk(segs.a[s], s);

  // The deliberate island: a small loop path with two spurs inside one rural sub-cell of the first
  // subdivided street, touching nothing else.
  const firstPlan = h.plans.findIndex((p) => p.subdivided);
  if (firstPlan >= 0) {
    const p = h.plans[firstPlan];
    const cc = colLines.core[p.col];
    const rc = rowLines.core[p.row];
    if (cc && rc) {
      const i = Math.round((2 * cols.bandStart[p.col] + cc[0]) / 2);
      const j = Math.round((2 * rows.bandStart[p.row] + rc[0]) / 2);
      const at = (fx: number, fy: number) => lattice.position((i + fx) / 2, (j + fy) / 2);
      const before = stats.edges;
      write([at(0.05, 0.05), at(0.2, 0.2)], 'path');
      write([at(0.2, 0.2), at(0.8, 0.2), at(0.8, 0.8)], 'path');
      write([at(0.8, 0.8), at(0.2, 0.8), at(0.2, 0.2)], 'path');
      write([at(0.8, 0.8), at(0.95, 0.95)], 'path');
      stats.islandEdges = stats.edges - before;
    }
  }
  return stats;
}
