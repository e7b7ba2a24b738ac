// Life-circle engine at megacity scale: graph build, full coverage (one multi-source Dijkstra per
// category), isochrone clicks and memory — and, in the same run, the naive ways on a subsample:
// one bounded Dijkstra per residence (network) and Turf buffer + pointsWithinPolygon (straight line).
// Data: data-samples/megacity/{residences,facilities,roads}.geojson, else a seeded synthetic city
// of the same size. Run: `npm run bench -- life-circle` (or `npx tsx bench/life-circle.bench.ts`).
// The coverage runs on two threads as in a page (this one and a worker_threads helper running the
// engine's own search server, bench/life-circle-helper.mjs), then on one for comparison, and the
// two results must be equal. The preparation too: the helper builds the graph while this thread
// validates, as in a page, and a one-thread preparation in the same run must give the same graph,
// snaps and issues. Peer: igraph's C Dijkstra (Debian's python3-igraph) on the same
// network, skipped with a note when absent. LIFE_CIRCLE_SHARE=1 hands the helper the tables as
// SharedArrayBuffers (a cross-origin isolated page) instead of one copy. LIFE_CIRCLE_ISOCHRONE_ONLY=1
// goes from the first analysis straight to the isochrone clicks (checked against the plain way) and stops.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { MessageChannel, Worker } from 'node:worker_threads';
import * as turf from '@turf/turf';
import { chainPosition } from '../src/life-circle/engine/graph';
import {
  DijkstraWorkspace,
  analyzePrepared,
  bucketWidth,
  computeIsochrone,
  packRoads,
  prepareLifeCircle,
  profiles,
} from '../src/life-circle/engine/index';
import type { PreparedLifeCircle } from '../src/life-circle/engine/index';
import { networkSearchOf } from '../src/life-circle/engine/analyze';
import { warmIsochrone } from '../src/life-circle/engine/isochrone';
import { referenceIsochrone } from './life-circle-isochrone-reference';
import { SearchHelper, analyzePreparedParallel, prepareParallel } from '../src/life-circle/engine/parallel';
import type { SearchPort } from '../src/life-circle/engine/parallel';
import { mulberry32 } from '../data-samples/lib-random';

type FC = { type: 'FeatureCollection'; features: any[] };

const now = () => performance.now();
/** Process CPU time in ms: on a shared machine it tracks what a quiet run would take better than wall time. */
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const ms = (t: number) => `${t.toFixed(0)} ms`;
const verdict = (value: number, target: number) => (value <= target ? 'PASS' : 'MISS');
/** The issue's figures for the same data on an idle machine before this work (wall ms). */
const BEFORE = { validate: 1200, graph: 3500, snap: 1400, searches: 5400, endToEnd: 11500 };
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();


/** A jittered street lattice (~1M segments, 5% removed), 50k residences, 200k facilities over ~20 categories. */
function synthesize(): { residences: FC; facilities: FC; roads: FC } {
  const rng = mulberry32(20180);
  const side = 725;
  const spacing = 75; // metres
  const lon0 = 106.25;
  const lat0 = 29.35;
  const mPerLat = 111195;
  const mPerLon = mPerLat * Math.cos((lat0 * Math.PI) / 180);
  const vx = new Float64Array(side * side);
  const vy = new Float64Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      vx[j * side + i] = lon0 + (i * spacing + (rng() - 0.5) * 20) / mPerLon;
      vy[j * side + i] = lat0 + (j * spacing + (rng() - 0.5) * 20) / mPerLat;
    }
  }
  const roads: any[] = [];
  const at = (k: number) => [vx[k]!, vy[k]!];
  // Streets as long lines; 5% of segments missing (dead ends, irregular blocks).
  const flush = (line: number[][]) => {
    if (line.length >= 2) roads.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: { id: `road-${roads.length}`, kind: 'residential' } });
  };
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < side; a++) {
      const k = (b: number) => (pass === 0 ? a * side + b : b * side + a);
      let current = [at(k(0))];
      for (let b = 1; b < side; b++) {
        if (rng() < 0.05) {
          flush(current);
          current = [at(k(b))];
        } else current.push(at(k(b)));
      }
      flush(current);
    }
  }
  const extent = side * spacing;
  // Clustered residences: most near a few dozen centres.
  const centres = Array.from({ length: 40 }, () => [rng() * extent, rng() * extent]);
  const place = (spread: number): [number, number] => {
    const [cx, cy] = rng() < 0.8 ? centres[Math.floor(rng() * centres.length)]! : [rng() * extent, rng() * extent];
    const r = spread * Math.sqrt(-2 * Math.log(1 - rng()));
    const angle = rng() * 2 * Math.PI;
    const x = Math.min(extent, Math.max(0, cx! + r * Math.cos(angle)));
    const y = Math.min(extent, Math.max(0, cy! + r * Math.sin(angle)));
    return [lon0 + x / mPerLon, lat0 + y / mPerLat];
  };
  const residences = Array.from({ length: 50_000 }, (_, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: place(4000) },
    properties: { id: `res-${i}`, name: `小区${i}`, population: 300 + Math.floor(rng() * 4000) },
  }));
  const categories = profiles['gb50180-2018']!.categories.map((c) => c.key);
  const weight = (key: string) => (['convenience-store', 'bus-stop', 'public-toilet', 'waste-collection', 'pharmacy'].includes(key) ? 3 : ['health-centre', 'junior-middle-school', 'rail-station', 'cultural-centre'].includes(key) ? 0.3 : 1);
  const totalWeight = categories.reduce((s, k) => s + weight(k), 0);
  const facilities: any[] = [];
  for (const key of categories) {
    const n = Math.round((200_000 * weight(key)) / totalWeight);
    for (let i = 0; i < n; i++) {
      facilities.push({ type: 'Feature', geometry: { type: 'Point', coordinates: place(6000) }, properties: { id: `${key}-${i}`, category: key } });
    }
  }
  return {
    residences: { type: 'FeatureCollection', features: residences },
    facilities: { type: 'FeatureCollection', features: facilities },
    roads: { type: 'FeatureCollection', features: roads },
  };
}

function load(): { data: { residences: FC; facilities: FC; roads: FC }; source: string } {
  const dir = join(process.cwd(), 'data-samples', 'megacity');
  const files = ['residences', 'facilities', 'roads'].map((n) => join(dir, `${n}.geojson`));
  if (files.every(existsSync)) {
    try {
      const [residences, facilities, roads] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as FC);
      return { data: { residences: residences!, facilities: facilities!, roads: roads! }, source: 'data-samples/megacity' };
    } catch (error) {
      console.log(`(data-samples/megacity unreadable: ${(error as Error).message}; using the synthetic city)`);
    }
  }
  return { data: synthesize(), source: 'synthetic (seeded; data-samples/megacity not found — `npm run samples -- --scale megacity`)' };
}

let naiveSettled = 0;

/**
 * The naive network way: one bounded search per residence over the same contracted graph with
 * the same bucket queue, collecting every category's nearest facility on the way (facilities are
 * listed at both ends of their chain; one on the residence's own chain is also reached along it).
 * Returns the nearest distance per sampled residence and category key (Infinity beyond the bound).
 */
function naivePerResidence(prepared: PreparedLifeCircle, sample: number[], maxDistance: number): Map<string, number>[] {
  const graph = prepared.graph!;
  const core = graph.core;
  const ws = new DijkstraWorkspace(core.nodeCount);
  const facilitySnap = prepared.facilitySnap!;
  const homeSnap = prepared.residenceSnap!;
  const head = new Int32Array(core.nodeCount).fill(-1);
  const F = facilitySnap.edge.length;
  const next = new Int32Array(2 * F);
  const slotFacility = new Int32Array(2 * F);
  const slotOffset = new Float64Array(2 * F);
  const onChain = new Map<number, number[]>();
  const facilityAt = new Float64Array(F);
  let slot = 0;
  for (let f = 0; f < F; f++) {
    const e = facilitySnap.edge[f]!;
    if (e === -1) continue;
    const chain = core.edgeChain[e]!;
    const at = chainPosition(graph, e, facilitySnap.t[f]!);
    facilityAt[f] = at;
    if (!onChain.has(chain)) onChain.set(chain, []);
    onChain.get(chain)!.push(f);
    for (const [node, offset] of [
      [core.chainFrom[chain]!, at],
      [core.chainTo[chain]!, core.chainLength[chain]! - at],
    ] as const) {
      slotFacility[slot] = f;
      slotOffset[slot] = offset + facilitySnap.access[f]!;
      next[slot] = head[node]!;
      head[node] = slot++;
    }
  }
  const keys: string[] = [];
  const categoryOf = new Map<string, number>();
  const facilityCategory = Int32Array.from(prepared.input.facilities.category, (k) => {
    if (!categoryOf.has(k)) {
      categoryOf.set(k, categoryOf.size);
      keys.push(k);
    }
    return categoryOf.get(k)!;
  });
  const best = new Float64Array(keys.length);
  const found: Map<string, number>[] = [];
  naiveSettled = 0;
  for (const r of sample) {
    best.fill(Infinity);
    const e = homeSnap.edge[r]!;
    if (e !== -1) {
      const chain = core.edgeChain[e]!;
      const at = chainPosition(graph, e, homeSnap.t[r]!);
      const a = homeSnap.access[r]!;
      ws.runBuckets(core, { node: [core.chainFrom[chain]!, core.chainTo[chain]!], dist: [a + at, a + core.chainLength[chain]! - at], label: [0, 0], count: 2 }, maxDistance, bucketWidth(maxDistance));
      naiveSettled += ws.touchedCount;
      for (let i = 0; i < ws.touchedCount; i++) {
        const node = ws.touched[i]!;
        const d = ws.dist[node]!;
        for (let s = head[node]!; s !== -1; s = next[s]!) {
          const total = d + slotOffset[s]!;
          const c = facilityCategory[slotFacility[s]!]!;
          if (total < best[c]!) best[c] = total;
        }
      }
      for (const f of onChain.get(chain) ?? []) {
        const direct = Math.abs(facilityAt[f]! - at) + facilitySnap.access[f]! + a;
        const c = facilityCategory[f]!;
        if (direct < best[c]!) best[c] = direct;
      }
    }
    found.push(new Map(keys.map((k, c) => [k, best[c]! <= maxDistance ? best[c]! : Infinity])));
  }
  return found;
}

/** Largest difference between the engine's distances and the naive ones on the sample (Infinity when one side reaches and the other does not). */
function naiveDifference(result: ReturnType<typeof analyzePrepared>, sample: number[], naive: Map<string, number>[]): number {
  const C = result.categories.length;
  let worst = 0;
  sample.forEach((r, i) => {
    result.categories.forEach((category, c) => {
      const engine = result.columns.distance[r * C + c]!;
      const expected = naive[i]!.get(category.key) ?? Infinity;
      const gap = engine === expected ? 0 : Math.abs(engine - expected);
      if (!(gap <= worst)) worst = gap;
    });
  });
  return worst;
}

/** A textbook per-residence search, as commonly written: Map for distances, an array heap of [distance, node] pairs. */
function textbookPerResidence(prepared: PreparedLifeCircle, sample: number[], maxDistance: number): number {
  const graph = prepared.graph!;
  const homeSnap = prepared.residenceSnap!;
  const facilitySnap = prepared.facilitySnap!;
  const atNode = new Map<number, { facility: number; offset: number }[]>();
  for (let f = 0; f < facilitySnap.edge.length; f++) {
    const e = facilitySnap.edge[f]!;
    if (e === -1) continue;
    const along = facilitySnap.t[f]! * graph.edgeLength[e]!;
    for (const [node, offset] of [
      [graph.edgeFrom[e]!, along + facilitySnap.access[f]!],
      [graph.edgeTo[e]!, graph.edgeLength[e]! - along + facilitySnap.access[f]!],
    ] as const) {
      if (!atNode.has(node)) atNode.set(node, []);
      atNode.get(node)!.push({ facility: f, offset });
    }
  }
  const categories = prepared.input.facilities.category;
  let checksum = 0;
  for (const r of sample) {
    const e = homeSnap.edge[r]!;
    if (e === -1) continue;
    const along = homeSnap.t[r]! * graph.edgeLength[e]!;
    const a = homeSnap.access[r]!;
    const dist = new Map<number, number>();
    const heap: [number, number][] = [];
    const push = (d: number, node: number) => {
      heap.push([d, node]);
      let i = heap.length - 1;
      while (i > 0 && heap[(i - 1) >> 1]![0] > heap[i]![0]) {
        [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1]!, heap[i]!];
        i = (i - 1) >> 1;
      }
    };
    const pop = () => {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const m = l + 1 < heap.length && heap[l + 1]![0] < heap[l]![0] ? l + 1 : l;
          if (l >= heap.length || heap[m]![0] >= heap[i]![0]) break;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      }
      return top;
    };
    for (const [node, d] of [
      [graph.edgeFrom[e]!, a + along],
      [graph.edgeTo[e]!, a + graph.edgeLength[e]! - along],
    ] as const) {
      if (d < (dist.get(node) ?? Infinity)) {
        dist.set(node, d);
        push(d, node);
      }
    }
    const best = new Map<string, number>();
    while (heap.length) {
      const [d, u] = pop();
      if (d > dist.get(u)!) continue;
      for (const { facility, offset } of atNode.get(u) ?? []) {
        const key = categories[facility]!;
        if (d + offset < (best.get(key) ?? Infinity)) best.set(key, d + offset);
      }
      for (let k = graph.offsets[u]!; k < graph.offsets[u + 1]!; k++) {
        const v = graph.arcTarget[k]!;
        const nd = d + graph.arcLength[k]!;
        if (nd <= maxDistance && nd < (dist.get(v) ?? Infinity)) {
          dist.set(v, nd);
          push(nd, v);
        }
      }
    }
    for (const d of best.values()) if (d <= maxDistance) checksum += d;
  }
  return checksum;
}

/** The naive straight-line way with Turf: a buffer per residence and category, then pointsWithinPolygon. */
function naiveTurf(data: { residences: FC; facilities: FC }, points: [number, number][], sample: number[], radii: Map<string, number>): number {
  const byCategory = new Map<string, FC>();
  for (const f of data.facilities.features) {
    const key = f.properties.category as string;
    if (!radii.has(key)) continue;
    if (!byCategory.has(key)) byCategory.set(key, { type: 'FeatureCollection', features: [] });
    byCategory.get(key)!.features.push(f);
  }
  let found = 0;
  for (const r of sample) {
    const home = turf.point(points[r]!);
    for (const [key, radius] of radii) {
      const circle = turf.buffer(home, radius / 1000, { units: 'kilometers' });
      if (!circle) continue;
      const inside = turf.pointsWithinPolygon(byCategory.get(key) as any, circle as any);
      let nearest = Infinity;
      for (const f of inside.features) nearest = Math.min(nearest, turf.distance(home, f as any, { units: 'meters' }));
      if (nearest < Infinity) found++;
    }
  }
  return found;
}

/** A Python with igraph (Debian's python3-igraph lives under the system Python), or null. */
function pythonWithIgraph(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import igraph'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

/**
 * Peer: igraph's C Dijkstra on the same contracted network, one search per category from a
 * super-source joined to the category's seeds (see bench/life-circle-igraph.py). Its first
 * category's distances at the residences' chain ends are checked against the engine's.
 */
function igraphPeer(prepared: PreparedLifeCircle, maxDistance: number, oneThreadSearches: number, twoThreadSearches: number): void {
  const python = pythonWithIgraph();
  if (!python) {
    console.log('\npeer igraph: skipped (python3-igraph not installed: `apt-get install -y python3-igraph`)');
    return;
  }
  const { core, shop, home } = networkSearchOf(prepared).tables;
  const folder = mkdtempSync(join(tmpdir(), 'life-circle-igraph-'));
  try {
    // Where the engine reads distances: both ends of each residence's chain.
    const ends = new Set<number>();
    for (let r = 0; r < home.chain.length; r++) {
      const chain = home.chain[r]!;
      if (chain !== -1) ends.add(core.chainFrom[chain]!).add(core.chainTo[chain]!);
    }
    const wanted = Int32Array.from(ends);
    const header = Int32Array.of(core.nodeCount, core.arcTarget.length, wanted.length);
    writeFileSync(join(folder, 'graph.bin'), Buffer.concat([header, core.offsets, core.arcTarget, core.arcLength, wanted].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
    const byCategory = new Map<string, number[]>();
    prepared.input.facilities.category.forEach((key, f) => {
      if (!byCategory.has(key)) byCategory.set(key, []);
      byCategory.get(key)!.push(f);
    });
    const parts: Buffer[] = [Buffer.from(Int32Array.of(byCategory.size).buffer)];
    const firstSeeds = { node: [] as number[], dist: [] as number[] };
    for (const members of byCategory.values()) {
      const node: number[] = [];
      const dist: number[] = [];
      for (const f of members) {
        const chain = shop.chain[f]!;
        if (chain === -1) continue;
        node.push(core.chainFrom[chain]!, core.chainTo[chain]!);
        dist.push(shop.access[f]! + shop.at[f]!, shop.access[f]! + core.chainLength[chain]! - shop.at[f]!);
      }
      if (firstSeeds.node.length === 0) Object.assign(firstSeeds, { node, dist });
      parts.push(Buffer.from(Int32Array.of(node.length).buffer), Buffer.from(Int32Array.from(node).buffer), Buffer.from(Float64Array.from(dist).buffer));
    }
    writeFileSync(join(folder, 'seeds.bin'), Buffer.concat(parts));
    const run = spawnSync(python, [new URL('./life-circle-igraph.py', import.meta.url).pathname, folder], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) {
      console.log(`\npeer igraph: failed (${run.stderr.trim().split('\n').at(-1)})`);
      return;
    }
    const peer = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { version: string; wall: number[]; cpu: number[] };
    const wall = peer.wall.reduce((a, b) => a + b, 0);
    const cpuTotal = peer.cpu.reduce((a, b) => a + b, 0);
    // The engine's search for the first category, on the same seeds.
    const ws = new DijkstraWorkspace(core.nodeCount);
    const seeds = { node: Int32Array.from(firstSeeds.node), dist: Float64Array.from(firstSeeds.dist), label: new Int32Array(firstSeeds.node.length), count: firstSeeds.node.length };
    ws.runBuckets(core, seeds, maxDistance, bucketWidth(maxDistance, networkSearchOf(prepared).tables.meanLink));
    const theirs = new Float64Array(readFileSync(join(folder, 'first.bin')).buffer.slice(0));
    let worst = 0;
    wanted.forEach((node, i) => {
      const ours = ws.dist[node]!;
      // igraph has no bound; ours is Infinity past it. The super-source legs add ≤ 1e-9 m each.
      const expected = theirs[i]! <= maxDistance ? theirs[i]! : Infinity;
      const gap = ours === expected ? 0 : Math.abs(ours - expected);
      if (!(gap <= worst) && !(expected === Infinity && ours > maxDistance - 1e-6)) worst = gap;
    });
    console.log(`\npeer igraph ${peer.version} (C Dijkstra, no cutoff, super-source per category, same contracted network): ${peer.wall.length} categories in ${ms(wall)} wall, ${ms(cpuTotal)} cpu`);
    console.log(`  engine searches one thread ${ms(oneThreadSearches)} → ${(wall / oneThreadSearches).toFixed(2)}× igraph's time; two threads ${ms(twoThreadSearches)} → ${(wall / twoThreadSearches).toFixed(2)}×`);
    console.log(`  first category at ${wanted.length} residence chain ends: equal to igraph's distances within 1e-6 m: ${worst <= 1e-6 ? 'yes' : 'NO'} (largest difference ${worst.toExponential(1)} m)`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Every array of two walking graphs (and their segment grids) equal, element by element. */
function sameGraph(a: PreparedLifeCircle['graph'] & object, b: PreparedLifeCircle['graph'] & object): boolean {
  const arrays = (g: typeof a) => [
    g.nodeX, g.nodeY, g.offsets, g.arcTarget, g.arcLength, g.arcEdge, g.edgeFrom, g.edgeTo, g.edgeLength, g.component,
    g.core.offsets, g.core.arcTarget, g.core.arcLength, g.core.chainFrom, g.core.chainTo, g.core.chainLength, g.core.edgeChain, g.core.edgeChainOffset, g.core.edgeChainForward, g.core.coreNode,
    g.edgeIndex!.cellStart, g.edgeIndex!.ids,
  ];
  const other = arrays(b);
  return a.projection.lon0 === b.projection.lon0 && a.projection.lat0 === b.projection.lat0 && a.componentCount === b.componentCount && a.mainComponent === b.mainComponent &&
    arrays(a).every((array, i) => array.length === other[i]!.length && array.every((v, k) => Object.is(v, other[i]![k])));
}

function sameSnaps(a: PreparedLifeCircle, b: PreparedLifeCircle): boolean {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length === y.length && Array.prototype.every.call(x, (v: number, k: number) => Object.is(v, y[k]));
  return [a.residenceSnap!, a.facilitySnap!].every((snap, i) => {
    const other = i === 0 ? b.residenceSnap! : b.facilitySnap!;
    return same(snap.edge, other.edge) && same(snap.t, other.t) && same(snap.access, other.access);
  });
}

function sampleIndices(count: number, size: number, seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: Math.min(size, count) }, () => Math.floor(rng() * count));
}

async function main() {
  console.log(`machine load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (wall times stretch with load; cpu times much less)`);
  let t = now();
  const { data, source } = load();
  const loadTime = now() - t;
  console.log(`data: ${source}`);
  console.log(
    `  ${data.residences.features.length} residences, ${data.facilities.features.length} facilities, ${data.roads.features.length} road features (loaded in ${ms(loadTime)})`,
  );
  // What crossing to a Web Worker costs (structured clone, as postMessage does) vs transferring the
  // result columns. LIFE_CIRCLE_SKIP_HANDOFF=1 skips the GeoJSON clones (half a minute on a busy machine).
  const skipHandOff = process.env.LIFE_CIRCLE_SKIP_HANDOFF === '1';
  t = now();
  if (!skipHandOff) structuredClone(data.roads);
  const cloneRoads = now() - t;
  t = now();
  let packed = packRoads(data.roads);
  const packTime = now() - t;
  t = now();
  packed = structuredClone(packed, { transfer: [packed.coords.buffer, packed.lineStart.buffer, packed.featureIndex.buffer] });
  const packedHandOff = now() - t;
  t = now();
  if (!skipHandOff) {
    structuredClone(data.residences);
    structuredClone(data.facilities);
  }
  const clonePoints = now() - t;
  if (skipHandOff) console.log(`\nworker hand-off: roads packed to typed arrays ${ms(packTime)} + transfer ${ms(packedHandOff)} (GeoJSON clones skipped: LIFE_CIRCLE_SKIP_HANDOFF=1)`);
  else {
    console.log(`\nworker hand-off (once per data change): roads as GeoJSON (structured clone) ${ms(cloneRoads)} vs packed to typed arrays ${ms(packTime)} + transfer ${ms(packedHandOff)} → ${(cloneRoads / (packTime + packedHandOff)).toFixed(1)}× (the client packs)`);
    console.log(`  residences + facilities cloned ${ms(clonePoints)}`);
  }

  // As in the worker: the engine gets packed roads; the GeoJSON network is dropped.
  (data as { roads: unknown }).roads = null;
  gc();
  const baseline = process.memoryUsage();

  // The search helper starts with the first analysis, as in a page (the engine's worker spawns it
  // then), and warms its search code up while the primary validates, on the other core. Here it is
  // started and ready before the preparation is timed. It builds the walking graph while this
  // thread validates (prepareParallel, as the engine's worker does), so the preparation's CPU
  // figure counts both threads.
  const channel = new MessageChannel();
  const helperThread = new Worker(new URL('./life-circle-helper.mjs', import.meta.url), { workerData: { port: channel.port2 }, transferList: [channel.port2] });
  await new Promise((resolve) => helperThread.once('message', resolve));
  const share = process.env.LIFE_CIRCLE_SHARE === '1';
  const helper = new SearchHelper(channel.port1 as unknown as SearchPort, share);
  const input = { residences: data.residences, facilities: data.facilities, roads: packed };
  t = now();
  let c = cpu();
  const prepared = await prepareParallel(input, { issueLimit: 50 }, helper);
  const prepareTime = now() - t;
  const prepareCpu = cpu() - c;
  const graph = prepared.graph!;
  console.log(`\nprepare (validate ∥ graph on the helper, then snap): ${ms(prepareTime)} wall, ${ms(prepareCpu)} cpu (both threads); load average now ${loadavg()[0]!.toFixed(1)}`);
  console.log(
    `  validate ${ms(prepared.timings.validate!)}, graph build ${ms(prepared.timings.graph!)} on the helper (waited for ${ms(prepared.timings.graphWait ?? 0)} after validating), snap ${ms(prepared.timings.snap!)}`,
  );
  console.log(`  graph build phases: ${Object.entries(prepared.graph!.timings).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);
  console.log(`  graph: ${graph.nodeCount} nodes (${graph.core.nodeCount} after contracting mid-line vertices), ${graph.edgeCount} edges, ${graph.componentCount} components, ${(graph.totalLength / 1000).toFixed(0)} km, typed arrays ${mb(graph.bytes)}`);
  console.log(`  issues: ${prepared.issues.total}${prepared.issues.issues[0] ? ` (first: ${prepared.issues.issues[0].path}: ${prepared.issues.issues[0].message})` : ''}`);

  const { validate, graph: graphTime, snap } = prepared.timings as { validate: number; graph: number; snap: number };
  console.log(`  graph build ${ms(graphTime)} vs ${ms(BEFORE.graph)} before → ${(BEFORE.graph / graphTime).toFixed(2)}×  [target ≥ 2× (≤ ${ms(BEFORE.graph / 2)}): ${verdict(graphTime, BEFORE.graph / 2)}]`);
  console.log(`  snapping ${ms(snap)} vs ${ms(BEFORE.snap)} before → ${(BEFORE.snap / snap).toFixed(2)}×  [target ≥ 2× (≤ ${ms(BEFORE.snap / 2)}): ${verdict(snap, BEFORE.snap / 2)}]`);
  console.log(`  validate ${ms(validate)} vs ${ms(BEFORE.validate)} before`);

  // Full coverage on two threads: this one and the helper.
  t = now();
  c = cpu();
  const result = await analyzePreparedParallel(prepared, { level: 'all' }, helper);
  const coverageTime = now() - t;
  const coverageCpu = cpu() - c;
  // What the engine's worker does once it has posted the result, while the page draws it.
  t = now();
  c = cpu();
  warmIsochrone(graph);
  const isochroneReady = now() - t;
  const isochroneReadyCpu = cpu() - c;
  const C = result.categories.length;
  const searches = result.timings.search!;
  console.log(`\nfull coverage on two threads (network, ${C} categories, ${result.columns.residenceIds.length} residences, bound ${result.maxDistance} m; helper tables ${share ? 'shared' : 'copied once'}; ${result.timings.helperCategories} categories on the helper): ${ms(coverageTime)} wall, ${ms(coverageCpu)} cpu (both threads)`);
  console.log(`  searches ${ms(searches)} vs ${ms(BEFORE.searches)} before → ${(BEFORE.searches / searches).toFixed(1)}×  [target ≤ 1500 ms: ${verdict(searches, 1500)}]; assemble ${ms(result.timings.assemble!)}`);
  console.log(`  mean score ${result.summary.meanScore?.toFixed(3)}, fully served ${(result.summary.fullyServedShare * 100).toFixed(1)}%`);
  const endToEnd = prepareTime + coverageTime;
  console.log(`  end to end (prepare + coverage): ${ms(endToEnd)} wall, ${ms(prepareCpu + coverageCpu)} cpu vs ${ms(BEFORE.endToEnd)} before  [target ≤ 4000 ms: ${verdict(endToEnd, 4000)}]; load average now ${loadavg()[0]!.toFixed(1)}`);
  // LIFE_CIRCLE_ISOCHRONE_ONLY=1: straight from this analysis to the clicks, and stop after them.
  const isochroneOnly = process.env.LIFE_CIRCLE_ISOCHRONE_ONLY === '1';
  let oneThreadSearches = NaN;
  if (!isochroneOnly) {
    // Again, warm: the first run also pays each thread's JIT warm-up and the tables' copy to the helper.
    t = now();
    c = cpu();
    const warm = await analyzePreparedParallel(prepared, { level: 'all' }, helper);
    const warmTime = now() - t;
    const warmCpu = cpu() - c;
    console.log(`  again, warm: searches ${ms(warm.timings.search!)} (coverage ${ms(warmTime)} wall, ${ms(warmCpu)} cpu)  [target ≤ 1500 ms: ${verdict(warm.timings.search!, 1500)}]`);
    t = now();
    c = cpu();
    const oneThread = analyzePrepared(prepared, { level: 'all' });
    const oneThreadTime = now() - t;
    const oneThreadCpu = cpu() - c;
    oneThreadSearches = oneThread.timings.search!;
    const equal =
      oneThread.columns.distance.every((d, i) => Object.is(d, result.columns.distance[i])) && oneThread.columns.facility.every((f, i) => f === result.columns.facility[i]);
    console.log(
      `  same run on one thread: searches ${ms(oneThread.timings.search!)} (coverage ${ms(oneThreadTime)} wall, ${ms(oneThreadCpu)} cpu) → two threads ${(oneThread.timings.search! / searches).toFixed(2)}× faster; results equal: ${equal ? 'yes' : 'NO'}`,
    );
    if (!equal) process.exitCode = 1;
    t = now();
    const residenceCount = Object.keys(result.residences).length;
    const gapCount = result.gaps.length;
    console.log(`  materialising ${residenceCount} residence objects + ${gapCount} gaps (lazy, on first read): ${ms(now() - t)}`);

    const byLevel: string[] = [];
    for (const level of [5, 10, 15] as const) {
      const s = now();
      await analyzePreparedParallel(prepared, { level }, helper);
      byLevel.push(`${level} min ${ms(now() - s)}`);
    }
    console.log(`  single level re-runs on the prepared graph (two threads): ${byLevel.join(', ')}`);
  }
  await helperThread.terminate();

  // Isochrone clicks: the first ones a user makes after the analysis is shown (none discarded).
  const clicks = sampleIndices(prepared.input.residences.ids.length, 30, 7);
  const clickTimes: number[] = [];
  const clickCpu: number[] = [];
  const clickOrigin = (r: number): [number, number] => [prepared.input.residences.lon[r]!, prepared.input.residences.lat[r]!];
  for (const r of clicks) {
    const s = now();
    const sc = cpu();
    computeIsochrone(graph, clickOrigin(r), { distance: 1000 });
    clickTimes.push(now() - s);
    clickCpu.push(cpu() - sc);
  }
  // In click order: slow first clicks point at warm-up, scattered ones at garbage collection or bigger reaches.
  const clicksInOrder = clickTimes.map((wall, i) => `${wall.toFixed(1)}/${clickCpu[i]!.toFixed(1)}`).join(' ');
  clickTimes.sort((a, b) => a - b);
  clickCpu.sort((a, b) => a - b);
  console.log(
    `\nisochrone clicks readied after the analysis was posted (workspace, buffers, compiled code; as the engine's worker does, off the click path): ${ms(isochroneReady)} wall, ${ms(isochroneReadyCpu)} cpu`,
  );
  console.log(
    `isochrone click (1000 m, network, raster + marching squares, the first ${clicks.length} clicks): median ${clickTimes[clickTimes.length >> 1]!.toFixed(1)} ms, p95 ${clickTimes[Math.floor(clickTimes.length * 0.95)]!.toFixed(1)} ms, max ${clickTimes[clickTimes.length - 1]!.toFixed(1)} ms wall; cpu median ${clickCpu[clickCpu.length >> 1]!.toFixed(1)} ms, p95 ${clickCpu[Math.floor(clickCpu.length * 0.95)]!.toFixed(1)} ms  [target p95 ≤ 16 ms: ${verdict(clickTimes[Math.floor(clickTimes.length * 0.95)]!, 16)}]`,
  );
  console.log(`  each click in order (ms wall/cpu): ${clicksInOrder}`);
  // The same clicks the plain way (every cell of each reached segment's bounding box, fresh
  // buffers, d3-contour and Turf as documented): the shapes must be the engine's, number for number.
  // The engine's are drawn again here rather than kept from the timed clicks, which keep nothing.
  const referenceTimes: number[] = [];
  const sameShapes = clicks.filter((r) => {
    const s = now();
    const reference = JSON.stringify(referenceIsochrone(graph, clickOrigin(r), 1000));
    referenceTimes.push(now() - s);
    return reference === JSON.stringify(computeIsochrone(graph, clickOrigin(r), { distance: 1000 }).features[0]!.geometry.coordinates);
  }).length;
  referenceTimes.sort((a, b) => a - b);
  console.log(
    `  the plain way on the same clicks: median ${referenceTimes[referenceTimes.length >> 1]!.toFixed(1)} ms wall → the engine ${(referenceTimes[referenceTimes.length >> 1]! / clickTimes[clickTimes.length >> 1]!).toFixed(1)}× faster at the median; same shapes: ${sameShapes === clicks.length ? 'yes' : `NO (${clicks.length - sameShapes} of ${clicks.length} differ)`}; load average now ${loadavg()[0]!.toFixed(1)}`,
  );
  if (sameShapes !== clicks.length) process.exitCode = 1;
  if (isochroneOnly) return;

  const memory = process.memoryUsage();
  console.log(`\nmemory: peak rss ${mb(resourceUsage().maxRSS * 1024)} (both threads), rss ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)} (+${mb(memory.heapUsed - baseline.heapUsed)} over the loaded points), array buffers ${mb(memory.arrayBuffers)} (graph ${mb(graph.bytes)})`);
  console.log(`  result columns for the worker to transfer: ${mb(result.columns.distance.byteLength + result.columns.facility.byteLength + result.columns.within.byteLength)} (moved, not copied)`);

  // The same preparation on one thread (after the memory figures: it holds a second graph).
  gc();
  t = now();
  c = cpu();
  const alone = prepareLifeCircle(input, { issueLimit: 50 });
  const aloneTime = now() - t;
  const aloneCpu = cpu() - c;
  const samePrepared = sameGraph(alone.graph!, graph) && sameSnaps(alone, prepared) && JSON.stringify(alone.issues) === JSON.stringify(prepared.issues);
  console.log(
    `\nprepare on one thread (validate, graph, snap in turn): ${ms(aloneTime)} wall, ${ms(aloneCpu)} cpu (validate ${ms(alone.timings.validate!)}, graph ${ms(alone.timings.graph!)}, snap ${ms(alone.timings.snap!)}) → two threads ${(aloneTime / prepareTime).toFixed(2)}× faster; graph, snaps and issues equal: ${samePrepared ? 'yes' : 'NO'}`,
  );
  if (!samePrepared) process.exitCode = 1;

  // Naive network: one bounded Dijkstra per residence.
  const sample = sampleIndices(prepared.input.residences.ids.length, 400, 11);
  t = now();
  c = cpu();
  const naive = naivePerResidence(prepared, sample, result.maxDistance);
  const naiveTime = now() - t;
  const naiveCpu = cpu() - c;
  const naiveGap = naiveDifference(result, sample, naive);
  const naivePerHome = naiveTime / sample.length;
  const naiveTotal = naivePerHome * result.columns.residenceIds.length;
  console.log(`\nnaive network (one bounded Dijkstra per residence, same contracted graph and bucket queue): ${sample.length} residences in ${ms(naiveTime)} → ${naivePerHome.toFixed(2)} ms each`);
  const naiveCpuTotal = (naiveCpu / sample.length) * result.columns.residenceIds.length;
  console.log(`  extrapolated to ${result.columns.residenceIds.length}: ${(naiveTotal / 1000).toFixed(1)} s vs multi-source ${(result.timings.search! / 1000).toFixed(2)} s searches → ${(naiveTotal / result.timings.search!).toFixed(0)}× faster  [target ≥ 50×]`);
  console.log(`  vs the whole coverage run incl. assembly: ${(naiveTotal / coverageTime).toFixed(0)}× wall, ${(naiveCpuTotal / coverageCpu).toFixed(0)}× cpu`);
  console.log(`  equal to the naive way on the ${sample.length} × ${C} sampled distances: ${naiveGap <= 1e-6 ? 'yes' : 'NO'} (largest difference ${naiveGap.toExponential(1)} m)`);
  if (!(naiveGap <= 1e-6)) process.exitCode = 1;
  console.log(
    `  why: per-residence work ≈ residences × nodes in a ${result.maxDistance} m ball (${(naiveSettled / sample.length).toFixed(0)} here); per-category work ≈ categories × graph nodes (${C} × ${graph.core.nodeCount}) — the ratio grows with network density and residence count`,
  );
  t = now();
  c = cpu();
  const textbookSample = sample.slice(0, 150);
  textbookPerResidence(prepared, textbookSample, result.maxDistance);
  const textbookTime = now() - t;
  const textbookCpu = cpu() - c;
  const textbookTotal = (textbookTime / textbookSample.length) * result.columns.residenceIds.length;
  console.log(`naive network, textbook code (Map distances, array-of-pairs heap, one search per residence): ${textbookSample.length} residences in ${ms(textbookTime)} → ${(textbookTime / textbookSample.length).toFixed(2)} ms each`);
  console.log(`  extrapolated to ${result.columns.residenceIds.length}: ${(textbookTotal / 1000).toFixed(1)} s → ${(textbookTotal / result.timings.search!).toFixed(0)}× slower than the multi-source searches; vs the whole coverage run ${(textbookTotal / coverageTime).toFixed(0)}× wall, ${((textbookCpu / textbookSample.length) * result.columns.residenceIds.length / coverageCpu).toFixed(0)}× cpu`);

  igraphPeer(prepared, result.maxDistance, oneThreadSearches, searches);

  // Straight line: flatbush nearest vs Turf buffer + pointsWithinPolygon.
  gc();
  t = now();
  const straightPrepared = prepareLifeCircle({ residences: data.residences, facilities: data.facilities }, { method: 'straight-line', issueLimit: 50 });
  const straightPrepare = now() - t;
  t = now();
  c = cpu();
  const straight = analyzePrepared(straightPrepared, { level: 'all' });
  const straightTime = now() - t;
  const straightCpu = cpu() - c;
  console.log(`\nstraight-line coverage (kdbush nearest, ${straight.categories.length} categories): ${ms(straightTime)} wall, ${ms(straightCpu)} cpu (+ validate ${ms(straightPrepare)})`);
  const radii = new Map(straight.categories.filter((c) => c.limit !== null).map((c) => [c.key, c.limit!] as [string, number]));
  const turfSample = sampleIndices(straightPrepared.input.residences.ids.length, 10, 13);
  const points = Array.from(straightPrepared.input.residences.lon, (lon, i) => [lon, straightPrepared.input.residences.lat[i]!] as [number, number]);
  t = now();
  c = cpu();
  naiveTurf(data, points, turfSample, radii);
  const turfTime = now() - t;
  const turfCpu = cpu() - c;
  const turfTotal = (turfTime / turfSample.length) * data.residences.features.length;
  console.log(`naive straight-line (Turf buffer + pointsWithinPolygon per residence × category): ${turfSample.length} residences in ${ms(turfTime)}`);
  console.log(`  extrapolated to ${data.residences.features.length}: ${(turfTotal / 60000).toFixed(1)} min vs ${ms(straightTime)} → ${(turfTotal / straightTime).toFixed(0)}× faster wall, ${((turfCpu / turfSample.length) * data.residences.features.length / straightCpu).toFixed(0)}× cpu`);
}

await main();
