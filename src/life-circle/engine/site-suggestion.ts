import { IssueCollector, describeValue, isFiniteNumber, isRecord } from '../../core/validation';
import type { ValidationIssue } from '../../core/validation';
import { analyzePreparedSteps, prepareSteps, runSync } from './analyze';
import type { AnalyseOptions, PreparedLifeCircle, PrepareOptions } from './analyze';
import { DijkstraWorkspace } from './dijkstra';
import { snapToGraph } from './graph';
import { PointIndex } from './straight-line';
import type { DistanceMethod, LifeCircleInput, ProgressInfo } from './types';

export interface SiteSuggestionOptions extends PrepareOptions, Omit<AnalyseOptions, 'categories' | 'level'> {
  /** Category to place new facilities for (a radius row of the profile). */
  category: string;
  /** How many sites to pick (default 5). */
  k?: number;
  /**
   * Where a new facility may go: `junctions` (default; network nodes that are not mid-line
   * vertices), `nodes` (every network node), or given points (`[lon, lat][]` or a Point
   * FeatureCollection with `properties.id`). Without a network, the default is the residences' own locations.
   */
  candidates?: 'junctions' | 'nodes' | [number, number][] | unknown;
}

export interface SuggestedSite {
  rank: number;
  coordinates: [number, number];
  /** Given candidate id (or index), `node:<i>` for a network node, `residence:<id>` without a network. */
  candidate: string;
  /** Population newly within the limit thanks to this site (given the sites ranked before it). */
  population: number;
  residences: number;
  cumulativePopulation: number;
  /** Ids of the newly covered residences. */
  residenceIds: string[];
}

export interface SiteSuggestion {
  category: string;
  limit: number;
  method: DistanceMethod;
  /** Population outside the limit before any new site. */
  uncoveredPopulation: number;
  candidates: number;
  sites: SuggestedSite[];
  issues: ValidationIssue[];
}

interface CandidateSet {
  x: Float64Array;
  y: Float64Array;
  ids: string[];
  /** Network node of each candidate (node candidates), else -1. */
  node: Int32Array;
  edge: Int32Array;
  t: Float64Array;
  access: Float64Array;
}

/**
 * Greedy maximal coverage: ranks candidate sites for one category by the population they would
 * newly bring within the category's limit (network distance when roads are given), picking k
 * sites one after another (lazy greedy; ties go to the earlier candidate).
 */
export function* suggestSitesSteps(prepared: PreparedLifeCircle, options: SiteSuggestionOptions): Generator<ProgressInfo, SiteSuggestion> {
  const issues = new IssueCollector();
  const k = isFiniteNumber(options.k) && options.k >= 1 ? Math.floor(options.k) : 5;
  const row = prepared.profile.categories.find((c) => c.key === options.category);
  const empty = (limit = 0): SiteSuggestion => ({
    category: options.category,
    limit,
    method: prepared.method,
    uncoveredPopulation: 0,
    candidates: 0,
    sites: [],
    issues: issues.issues,
  });
  if (!row) {
    issues.error('options.category', `unknown category ${describeValue(options.category)}`);
    return empty();
  }
  if (row.radius === null) {
    issues.error('options.category', `${row.key} is a rule row (${row.rule}) with no radius: sites cannot be ranked by distance`);
    return empty();
  }
  const current = yield* analyzePreparedSteps(prepared, { ...options, categories: [row.key], level: 'all' });
  const category = current.categories[0]!;
  const limit = category.limit!;
  const { residences } = prepared.input;
  const R = residences.ids.length;
  const within = current.columns.within;

  const uncovered: number[] = [];
  let uncoveredPopulation = 0;
  for (let r = 0; r < R; r++) {
    if (within[r] === 1 || residences.population[r]! <= 0) continue;
    uncovered.push(r);
    uncoveredPopulation += residences.population[r]!;
  }
  const candidates = readCandidates(prepared, options.candidates, issues);
  const total = uncovered.length + 1;
  yield { done: 0, total, phase: 'coverage sets' };

  // Pairs (candidate, residence) within the limit.
  const pairCandidate: number[] = [];
  const pairResidence: number[] = [];
  const graph = prepared.graph;
  const candidateIndex = new PointIndex(candidates.x, candidates.y);
  if (graph) {
    const snap = prepared.residenceSnap!;
    const workspace = new DijkstraWorkspace(graph.nodeCount);
    const nodeCandidate = new Int32Array(graph.nodeCount).fill(-1);
    const nodeMode = candidates.node.length > 0 && candidates.node[0] !== -1;
    if (nodeMode) for (let c = 0; c < candidates.node.length; c++) nodeCandidate[candidates.node[c]!] = c;
    const { edgeFrom, edgeTo, edgeLength } = graph;
    for (let i = 0; i < uncovered.length; i++) {
      const r = uncovered[i]!;
      if (i % 2000 === 1999) yield { done: i, total, phase: 'coverage sets' };
      const e = snap.edge[r]!;
      if (e === -1) continue;
      const along = snap.t[r]! * edgeLength[e]!;
      const a = snap.access[r]!;
      workspace.run(graph, { node: [edgeFrom[e]!, edgeTo[e]!], dist: [a + along, a + edgeLength[e]! - along], label: [0, 0], count: 2 }, limit);
      const { dist, touched, touchedCount } = workspace;
      if (nodeMode) {
        for (let j = 0; j < touchedCount; j++) {
          const node = touched[j]!;
          const c = nodeCandidate[node]!;
          if (c !== -1 && dist[node]! <= limit) {
            pairCandidate.push(c);
            pairResidence.push(r);
          }
        }
      } else {
        // Network distance ≥ straight-line distance: only candidates within the limit as the crow flies can qualify.
        for (const c of candidateIndex.within(prepared.residenceX[r]!, prepared.residenceY[r]!, limit)) {
          const ce = candidates.edge[c]!;
          if (ce === -1) continue;
          const length = edgeLength[ce]!;
          let d = Math.min(dist[edgeFrom[ce]!]! + candidates.t[c]! * length, dist[edgeTo[ce]!]! + (1 - candidates.t[c]!) * length);
          if (ce === e) d = Math.min(d, a + Math.abs(candidates.t[c]! - snap.t[r]!) * length);
          d += candidates.access[c]!;
          if (d <= limit) {
            pairCandidate.push(c);
            pairResidence.push(r);
          }
        }
      }
    }
  } else {
    for (const r of uncovered) {
      for (const c of candidateIndex.within(prepared.residenceX[r]!, prepared.residenceY[r]!, limit)) {
        pairCandidate.push(c);
        pairResidence.push(r);
      }
    }
  }
  yield { done: total - 1, total, phase: 'greedy' };

  // CSR: residences covered by each candidate.
  const C = candidates.x.length;
  const start = new Int32Array(C + 1);
  for (const c of pairCandidate) start[c + 1]!++;
  for (let c = 0; c < C; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, C);
  const members = new Int32Array(pairCandidate.length);
  for (let p = 0; p < pairCandidate.length; p++) members[fill[pairCandidate[p]!]!++] = pairResidence[p]!;

  const population = residences.population;
  const covered = new Uint8Array(R);
  const gainOf = (c: number): number => {
    let sum = 0;
    for (let j = start[c]!; j < start[c + 1]!; j++) if (!covered[members[j]!]) sum += population[members[j]!]!;
    return sum;
  };
  // Lazy greedy: gains only shrink as residences get covered, so a stale top that is still best after refresh is the true best.
  const heap = new MaxGainHeap();
  for (let c = 0; c < C; c++) {
    const gain = gainOf(c);
    if (gain > 0) heap.push(c, gain);
  }
  const sites: SuggestedSite[] = [];
  let cumulative = 0;
  while (sites.length < k && heap.size > 0) {
    const top = heap.pop()!;
    const fresh = gainOf(top.candidate);
    if (fresh <= 0) continue;
    if (fresh < top.gain) {
      heap.push(top.candidate, fresh);
      continue;
    }
    const newly: string[] = [];
    for (let j = start[top.candidate]!; j < start[top.candidate + 1]!; j++) {
      const r = members[j]!;
      if (covered[r]) continue;
      covered[r] = 1;
      newly.push(residences.ids[r]!);
    }
    cumulative += fresh;
    const c = top.candidate;
    sites.push({
      rank: sites.length + 1,
      coordinates: [prepared.projection.lon(candidates.x[c]!), prepared.projection.lat(candidates.y[c]!)],
      candidate: candidates.ids[c]!,
      population: fresh,
      residences: newly.length,
      cumulativePopulation: cumulative,
      residenceIds: newly,
    });
  }
  yield { done: total, total, phase: 'done' };
  return { category: row.key, limit, method: prepared.method, uncoveredPopulation, candidates: C, sites, issues: issues.issues };
}

function readCandidates(prepared: PreparedLifeCircle, given: SiteSuggestionOptions['candidates'], issues: IssueCollector): CandidateSet {
  const graph = prepared.graph;
  const projection = prepared.projection;
  const points: { x: number; y: number; id: string }[] = [];
  if (given === undefined || given === 'junctions' || given === 'nodes') {
    if (graph) {
      const node: number[] = [];
      for (let n = 0; n < graph.nodeCount; n++) {
        const degree = graph.offsets[n + 1]! - graph.offsets[n]!;
        if (given === 'nodes' || degree !== 2) node.push(n);
      }
      const nodes = Int32Array.from(node);
      return {
        x: Float64Array.from(nodes, (n) => graph.nodeX[n]!),
        y: Float64Array.from(nodes, (n) => graph.nodeY[n]!),
        ids: node.map((n) => `node:${n}`),
        node: nodes,
        edge: new Int32Array(0),
        t: new Float64Array(0),
        access: new Float64Array(0),
      };
    }
    const { residences } = prepared.input;
    residences.ids.forEach((id, r) => points.push({ x: prepared.residenceX[r]!, y: prepared.residenceY[r]!, id: `residence:${id}` }));
  } else {
    const list: unknown[] = Array.isArray(given) ? given : isRecord(given) && Array.isArray(given.features) ? given.features : [];
    if (list.length === 0) issues.error('options.candidates', `expected "junctions", "nodes", [lon, lat][] or a Point FeatureCollection, got ${describeValue(given)}`);
    list.forEach((item, index) => {
      let position: unknown = item;
      let id = String(index);
      if (isRecord(item)) {
        position = isRecord(item.geometry) && item.geometry.type === 'Point' ? item.geometry.coordinates : undefined;
        const props = isRecord(item.properties) ? item.properties : {};
        if (typeof props.id === 'string' || isFiniteNumber(props.id)) id = String(props.id);
      }
      if (!Array.isArray(position) || !isFiniteNumber(position[0]) || !isFiniteNumber(position[1])) {
        issues.error(`options.candidates[${index}]`, `not a valid [lon, lat] point, got ${describeValue(position)}: skipped`);
        return;
      }
      points.push({ x: projection.x(position[0]), y: projection.y(position[1]), id });
    });
  }
  const x = Float64Array.from(points, (p) => p.x);
  const y = Float64Array.from(points, (p) => p.y);
  const edge = new Int32Array(points.length).fill(-1);
  const t = new Float64Array(points.length);
  const access = new Float64Array(points.length);
  if (graph) {
    points.forEach((p, c) => {
      const snap = snapToGraph(graph, p.x, p.y, prepared.snapTolerance);
      edge[c] = snap.edge;
      t[c] = snap.t;
      access[c] = snap.access;
      if (snap.edge === -1) issues.warn(`options.candidates[${c}]`, `no road within ${prepared.snapTolerance} m: cannot serve anyone on the network`);
    });
  }
  return { x, y, ids: points.map((p) => p.id), node: new Int32Array(points.length).fill(-1), edge, t, access };
}

/** Max-heap of (gain, candidate); ties pop the lower candidate index first. */
class MaxGainHeap {
  private readonly items: { candidate: number; gain: number }[] = [];
  get size(): number {
    return this.items.length;
  }
  private before(a: { candidate: number; gain: number }, b: { candidate: number; gain: number }): boolean {
    return a.gain > b.gain || (a.gain === b.gain && a.candidate < b.candidate);
  }
  push(candidate: number, gain: number): void {
    const items = this.items;
    items.push({ candidate, gain });
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }
  pop(): { candidate: number; gain: number } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && this.before(items[l]!, items[best]!)) best = l;
        if (r < items.length && this.before(items[r]!, items[best]!)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}

/** Greedy best new sites for one category (see `suggestSitesSteps`); accepts raw input or prepared input. */
export function suggestSites(input: LifeCircleInput | PreparedLifeCircle, options: SiteSuggestionOptions): SiteSuggestion {
  const prepared = isPrepared(input) ? input : runSync(prepareSteps(input, options));
  return runSync(suggestSitesSteps(prepared, options));
}

export function isPrepared(value: unknown): value is PreparedLifeCircle {
  return isRecord(value) && 'residenceX' in value && 'profile' in value && 'method' in value;
}
