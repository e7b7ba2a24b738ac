import {
  NetworkSearch,
  abortError,
  analyzePreparedSteps,
  assembleAnalysis,
  graphStage,
  needsGraph,
  networkSearchOf,
  placeStage,
  planAnalysis,
  runAsync,
  searchCategory,
  validateStage,
  yieldToEventLoop,
} from './analyze';
import type { AnalyseOptions, Placement, PrepareOptions, PreparedLifeCircle, SearchTables } from './analyze';
import { isRecord } from '../../core/validation';
import { buildWalkingGraph, graphTransferables, reviveGraph } from './graph';
import type { WalkingGraph } from './graph';
import { BoundsAccumulator, LocalProjection } from './projection';
import { isRoadLines } from './roads';
import type { RoadLines } from './roads';
import type { LifeCircleInput, LifeCircleResult, RunHooks } from './types';

/**
 * Category searches on a second thread. The engine's worker (the primary) keeps the prepared
 * input; a second worker serves searches over a MessageChannel: it gets the search tables once
 * per prepared input (shared memory where the page is cross-origin isolated, else one copy) and
 * answers one category at a time with its two result columns, transferred. Both threads take
 * categories from one queue, so the split follows the real cost of each category; each category
 * is computed by the same code either side, so the merged result equals a one-thread run.
 */

/** A message port as browsers and Node's worker_threads both give it. */
export interface SearchPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

type HelperRequest =
  | { type: 'tables'; version: number; tables: SearchTables }
  | { type: 'search'; job: number; version: number; members: Int32Array; maxDistance: number }
  | { type: 'graph'; job: number; lines: Pick<RoadLines, 'coords' | 'lineStart' | 'featureIndex'>; lon0: number; lat0: number };

interface Found {
  type: 'found';
  job: number;
  distance: Float64Array;
  nearest: Int32Array;
}

/** A walking graph built on the helper (its arrays transferred) and how long the build took there. */
interface Built {
  type: 'built';
  job: number;
  graph: WalkingGraph;
  milliseconds: number;
}

/**
 * A few category searches on a small synthetic street grid, so that the search code is compiled
 * and optimised before the first real category arrives: the helper starts with the first
 * analysis and idles while the primary prepares the input (seconds at city scale), whereas
 * compiling during the first real search delays the whole analysis.
 */
export function warmUpSearches(): void {
  const side = 40;
  const link = 90;
  const chainCount = 2 * side * (side - 1);
  const chainFrom = new Int32Array(chainCount);
  const chainTo = new Int32Array(chainCount);
  const chainLength = new Float64Array(chainCount);
  let c = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const node = y * side + x;
      for (const next of [x + 1 < side ? node + 1 : -1, y + 1 < side ? node + side : -1]) {
        if (next === -1) continue;
        chainFrom[c] = node;
        chainTo[c] = next;
        chainLength[c++] = link + ((node * 7) % 30);
      }
    }
  }
  const nodeCount = side * side;
  const offsets = new Int32Array(nodeCount + 1);
  for (let k = 0; k < chainCount; k++) {
    offsets[chainFrom[k]! + 1]!++;
    offsets[chainTo[k]! + 1]!++;
  }
  for (let n = 0; n < nodeCount; n++) offsets[n + 1]! += offsets[n]!;
  const fill = offsets.slice(0, nodeCount);
  const arcTarget = new Int32Array(2 * chainCount);
  const arcLength = new Float64Array(2 * chainCount);
  for (let k = 0; k < chainCount; k++) {
    let a = fill[chainFrom[k]!]!++;
    arcTarget[a] = chainTo[k]!;
    arcLength[a] = chainLength[k]!;
    a = fill[chainTo[k]!]!++;
    arcTarget[a] = chainFrom[k]!;
    arcLength[a] = chainLength[k]!;
  }
  const place = (count: number, stride: number): Placement => {
    const chain = new Int32Array(count);
    const at = new Float64Array(count);
    const access = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      chain[i] = (i * stride) % chainCount;
      at[i] = (i % 10) * 0.1 * chainLength[chain[i]!]!;
      access[i] = i % 25;
    }
    return { chain, at, access };
  };
  const R = 2000;
  const search = new NetworkSearch({ core: { nodeCount, offsets, arcTarget, arcLength, chainFrom, chainTo, chainLength }, home: place(R, 37), shop: place(400, 53), meanLink: link });
  const distance = new Float64Array(2 * R);
  const nearest = new Int32Array(2 * R);
  for (let round = 0; round < 30; round++) {
    const members = Int32Array.from({ length: 20 + (round % 5) * 20 }, (_, i) => (i * 13 + round) % 400);
    search.nearest(members, 1000, distance, nearest, round % 2, 2);
  }
}

/** Serves category searches on `port` (the second worker's side). */
export function serveSearches(port: SearchPort): void {
  let search: NetworkSearch | null = null;
  let version = -1;
  port.addEventListener('message', (event) => {
    const request = event.data as HelperRequest;
    if (request.type === 'graph') {
      const start = performance.now();
      const graph = buildWalkingGraph(request.lines, { projection: new LocalProjection(request.lon0, request.lat0) });
      const built: Built = { type: 'built', job: request.job, graph, milliseconds: performance.now() - start };
      port.postMessage(built, graphTransferables(graph));
      return;
    }
    if (request.type === 'tables') {
      search = new NetworkSearch(request.tables);
      version = request.version;
      return;
    }
    if (request.type !== 'search' || !search || request.version !== version) return;
    const R = search.tables.home.chain.length;
    const distance = new Float64Array(R).fill(Infinity);
    const nearest = new Int32Array(R).fill(-1);
    search.nearest(request.members, request.maxDistance, distance, nearest, 0, 1);
    port.postMessage({ type: 'found', job: request.job, distance, nearest } satisfies Found, [distance.buffer, nearest.buffer]);
  });
  port.start?.();
  warmUpSearches();
}

/** Shared-memory copies of the tables (one allocation both threads read). */
function sharedTables(tables: SearchTables): SearchTables {
  const share = <T extends Int32Array | Float64Array>(array: T): T => {
    const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
    copy.set(array);
    return copy;
  };
  const { core, home, shop } = tables;
  const place = (p: SearchTables['home']) => ({ chain: share(p.chain), at: share(p.at), access: share(p.access) });
  return {
    core: {
      nodeCount: core.nodeCount,
      offsets: share(core.offsets),
      arcTarget: share(core.arcTarget),
      arcLength: share(core.arcLength),
      chainFrom: share(core.chainFrom),
      chainTo: share(core.chainTo),
      chainLength: share(core.chainLength),
    },
    home: place(home),
    shop: place(shop),
    meanLink: tables.meanLink,
  };
}

/** The primary's end of the channel to a search helper. */
export class SearchHelper {
  private version = 0;
  private sentFor: NetworkSearch | null = null;
  private nextJob = 1;
  private readonly jobs = new Map<number, (found: Found | null) => void>();
  private readonly graphJobs = new Map<number, (built: Built | null) => void>();
  private lost = false;

  /** `share`: post the tables as SharedArrayBuffers (only where the page is cross-origin isolated). */
  constructor(
    private readonly port: SearchPort,
    readonly share = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  ) {
    port.addEventListener('message', (event) => {
      const answer = event.data as Found | Built;
      if (answer.type === 'found') {
        this.jobs.get(answer.job)?.(answer);
        this.jobs.delete(answer.job);
      } else if (answer.type === 'built') {
        this.graphJobs.get(answer.job)?.(answer);
        this.graphJobs.delete(answer.job);
      }
    });
    port.start?.();
  }

  /** The helper is gone (its worker failed or was replaced): its searches come back empty and run on the primary. */
  drop(): void {
    this.lost = true;
    for (const settle of this.jobs.values()) settle(null);
    for (const settle of this.graphJobs.values()) settle(null);
    this.jobs.clear();
    this.graphJobs.clear();
  }

  /**
   * The walking graph of `lines` in the projection centred on (lon0, lat0), built on the helper
   * (the lines are copied there, the graph's arrays come back transferred), or null when the
   * helper is gone.
   */
  buildGraph(lines: RoadLines, lon0: number, lat0: number): Promise<Built | null> {
    if (this.lost) return Promise.resolve(null);
    const job = this.nextJob++;
    return new Promise((resolve) => {
      this.graphJobs.set(job, resolve);
      const { coords, lineStart, featureIndex } = lines;
      this.port.postMessage({ type: 'graph', job, lines: { coords, lineStart, featureIndex }, lon0, lat0 } satisfies HelperRequest);
    });
  }

  /** One category's columns (distance, nearest facility per residence), or null when the helper is gone. */
  search(search: NetworkSearch, members: Int32Array, maxDistance: number): Promise<Found | null> {
    if (this.lost) return Promise.resolve(null);
    if (this.sentFor !== search) {
      this.sentFor = search;
      this.version++;
      this.port.postMessage({ type: 'tables', version: this.version, tables: this.share ? sharedTables(search.tables) : search.tables } satisfies HelperRequest);
    }
    const job = this.nextJob++;
    return new Promise((resolve) => {
      this.jobs.set(job, resolve);
      this.port.postMessage({ type: 'search', job, version: this.version, members, maxDistance } satisfies HelperRequest, [members.buffer as ArrayBuffer]);
    });
  }
}

/** How many categories the helper holds at once: one running, one waiting, so it never idles while the primary is busy. */
const IN_FLIGHT = 2;

/**
 * `analyzePreparedSteps` run with progress and cancellation, its network searches split between
 * this thread and `helper` (without a helper, or for straight-line distances: this thread only).
 */
export async function analyzePreparedParallel(
  prepared: PreparedLifeCircle,
  options: AnalyseOptions,
  helper: SearchHelper | null,
  hooks: RunHooks = {},
  offset = 0,
  outerTotal?: number,
): Promise<LifeCircleResult> {
  if (!helper || !prepared.graph) return runAsync(analyzePreparedSteps(prepared, options, offset, outerTotal), hooks);
  const { signal, onProgress } = hooks;
  const plan = planAnalysis(prepared, options);
  const { categories, maxDistance } = plan.selection;
  const C = categories.length;
  const total = outerTotal ?? offset + C + 1;
  const start = performance.now();
  const search = networkSearchOf(prepared);
  let done = 0;
  let remoteCount = 0;
  const report = (c: number): void => {
    done++;
    onProgress?.({ done: offset + done, total, phase: `category:${categories[c]!.key}` });
  };
  // Both threads take the next category from the front; categories with more facilities (whose
  // searches reach the most nodes) go first, so the last ones — where a thread may wait for the
  // other — are the cheap ones.
  const queue = Array.from({ length: C }, (_, c) => c).sort((a, b) => plan.byCategory[b]!.length - plan.byCategory[a]!.length || a - b);
  const remote = async (): Promise<void> => {
    for (let c = queue.shift(); c !== undefined && !signal?.aborted; c = queue.shift()) {
      const found = await helper.search(search, Int32Array.from(plan.byCategory[c]!), maxDistance);
      if (signal?.aborted) return;
      if (!found) searchCategory(plan, search, c);
      else {
        remoteCount++;
        for (let r = 0, k = c; r < found.distance.length; r++, k += C) {
          plan.distance[k] = found.distance[r]!;
          plan.nearest[k] = found.nearest[r]!;
        }
      }
      report(c);
    }
  };
  const remoteDone = Promise.all(Array.from({ length: IN_FLIGHT }, remote));
  for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
    if (signal?.aborted) throw abortError(signal);
    searchCategory(plan, search, c);
    report(c);
    await yieldToEventLoop();
  }
  await remoteDone;
  if (signal?.aborted) throw abortError(signal);
  plan.timings.search = performance.now() - start;
  // How many categories the second thread searched (a count among the timings, for benchmarks).
  plan.timings.helperCategories = remoteCount;
  // 1 when both threads read one shared copy of the search tables, 0 when the helper got its own.
  if (helper) plan.timings.sharedTables = helper.share ? 1 : 0;
  const result = assembleAnalysis(plan);
  onProgress?.({ done: total, total, phase: 'assemble' });
  return result;
}

/**
 * Preparation with the graph built on the helper while this thread validates (at city scale the
 * two take about the same time, and the helper's small heap makes the build's allocations cheap to
 * collect, where this thread's heap holds the page's GeoJSON). The helper builds from the packed
 * roads as given, in the projection their bounds give; validation keeps every road line in nearly
 * every data set, and then the projection and graph are exactly those of a one-thread preparation.
 * When validation drops a road (a vertex outside the study area) or the method is not a network,
 * the helper's graph is not used and the graph is built here, as `prepareSteps` does. Without a
 * helper, or roads that are not packed (`packRoads`), everything runs here. While it waits for the
 * graph, this thread compiles its search code (the helper does so when it starts).
 */
export async function prepareParallel(input: LifeCircleInput, options: PrepareOptions, helper: SearchHelper | null, hooks: RunHooks = {}, total = 3): Promise<PreparedLifeCircle> {
  const { signal, onProgress } = hooks;
  const roads = isRecord(input) ? input.roads : undefined;
  let building: { promise: Promise<Built | null>; lon0: number; lat0: number } | null = null;
  const method = isRecord(options) ? options.method : undefined;
  if (helper && isRoadLines(roads) && roads.lineStart.length > 1 && method !== 'straight-line') {
    const bounds = new BoundsAccumulator();
    const { coords } = roads;
    for (let i = 0; i < coords.length; i += 2) bounds.add(coords[i]!, coords[i + 1]!);
    const { lon0, lat0 } = LocalProjection.fromBounds(bounds.bounds);
    building = { promise: helper.buildGraph(roads, lon0, lat0), lon0, lat0 };
  }
  if (signal?.aborted) throw abortError(signal);
  const stage = validateStage(input, options);
  onProgress?.({ done: 1, total, phase: 'validate' });
  await yieldToEventLoop();
  if (signal?.aborted) throw abortError(signal);
  const start = now();
  let graph: WalkingGraph | null = null;
  // The helper's graph is this input's when validation kept the very lines it was given and fitted the same origin.
  const usable =
    building !== null && needsGraph(stage) && stage.validated.roads === roads && stage.projection.lon0 === building.lon0 && stage.projection.lat0 === building.lat0;
  let built: Built | null = null;
  if (usable) {
    // Still building (a city's graph takes longer than validating it): this thread would idle, so
    // it compiles its search code meanwhile, as the helper did when it started.
    const early = await Promise.race([building!.promise, yieldToEventLoop().then(() => 'building' as const)]);
    if (early === 'building') warmUpSearches();
    built = early === 'building' ? await building!.promise : early;
  }
  if (signal?.aborted) throw abortError(signal);
  if (built) {
    for (const issue of built.graph.issues) stage.issues.add(issue);
    graph = built.graph.edgeCount === 0 ? null : { ...reviveGraph(built.graph, stage.projection), issues: stage.issues.issues };
    stage.timings.graph = built.milliseconds;
    // How long this thread waited for it after validating.
    stage.timings.graphWait = now() - start;
  } else {
    graph = graphStage(stage);
    stage.timings.graph = now() - start;
  }
  onProgress?.({ done: 2, total, phase: 'graph' });
  await yieldToEventLoop();
  if (signal?.aborted) throw abortError(signal);
  const prepared = placeStage(stage, graph);
  onProgress?.({ done: 3, total, phase: 'snap' });
  return prepared;
}

const now = (): number => performance.now();
