import { IssueCollector, describeValue, isFiniteNumber, isRecord } from '../../core/validation';
import { DijkstraWorkspace } from './dijkstra';
import { buildWalkingGraph, chainPosition, snapPoints } from './graph';
import type { CoreGraph, SnapColumns, WalkingGraph } from './graph';
import { LocalProjection } from './projection';
import { dataRecord, materializeResult } from './result';
import type { LifeCircleCore } from './result';
import { DEFAULT_SPEEDS, resolveProfile } from './standards';
import { PointIndex } from './straight-line';
import { validateLifeCircleInput } from './validate';
import type { ValidatedLifeCircleInput } from './validate';
import type {
  AnalysedCategory,
  CategoryCoverage,
  DistanceMethod,
  LevelMinutes,
  LifeCircleInput,
  LifeCircleOptions,
  LifeCircleResult,
  ProgressInfo,
  RuleOutcome,
  RunHooks,
  StandardProfile,
} from './types';

export const DEFAULT_SNAP_TOLERANCE = 500;

/**
 * Validated input placed on the network: everything that does not depend on level, mode or
 * speed, so changing those re-runs only the searches.
 */
export interface PreparedLifeCircle {
  input: ValidatedLifeCircleInput;
  profile: StandardProfile;
  method: DistanceMethod;
  projection: LocalProjection;
  graph: WalkingGraph | null;
  residenceX: Float64Array;
  residenceY: Float64Array;
  facilityX: Float64Array;
  facilityY: Float64Array;
  residenceSnap: SnapColumns | null;
  facilitySnap: SnapColumns | null;
  snapTolerance: number;
  /** Issues from validation, graph building and snapping. */
  issues: IssueCollector;
  timings: Record<string, number>;
}

export type PrepareOptions = Pick<LifeCircleOptions, 'profile' | 'method' | 'snapTolerance' | 'issueLimit'>;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Preparation after validation: the valid input, the projection and what the options ask for. */
export interface ValidatedStage {
  validated: ValidatedLifeCircleInput;
  projection: LocalProjection;
  /** Whether a network is wanted (the method is not 'straight-line'). */
  wantsNetwork: boolean;
  requested: unknown;
  snapTolerance: number;
  issues: IssueCollector;
  timings: Record<string, number>;
}

/** Validation, the options preparation reads, and the projection. */
export function validateStage(input: LifeCircleInput, given: PrepareOptions = {}): ValidatedStage {
  const options: PrepareOptions = isRecord(given) ? given : {};
  const issueLimit = options.issueLimit;
  const issues = new IssueCollector(isFiniteNumber(issueLimit) && issueLimit >= 0 ? issueLimit : 1000);
  const timings: Record<string, number> = {};
  const start = now();
  const validated = validateLifeCircleInput(input, { profile: options.profile }, issues);
  timings.validate = now() - start;

  let snapTolerance = options.snapTolerance ?? DEFAULT_SNAP_TOLERANCE;
  if (!isFiniteNumber(snapTolerance) || snapTolerance <= 0) {
    issues.error('options.snapTolerance', `must be a positive number of metres, got ${describeValue(snapTolerance)}: using ${DEFAULT_SNAP_TOLERANCE}`);
    snapTolerance = DEFAULT_SNAP_TOLERANCE;
  }
  const requested = options.method ?? 'auto';
  if (!['auto', 'network', 'straight-line'].includes(requested)) {
    issues.error('options.method', `unknown method ${describeValue(requested)}: using "auto"`);
  }
  // Fitted to what is inside the study area only (outliers were skipped by validation). A network
  // analysis fits it to the roads: a point too far from any road is unreachable and must not
  // shape the distances of the others.
  const wantsNetwork = requested !== 'straight-line';
  const fitTo = wantsNetwork && validated.roadBounds ? validated.roadBounds : validated.bounds;
  const projection = LocalProjection.fromBounds(fitTo, validated.bounds);
  if (projection.maxScaleError > 0.01) {
    issues.warn('projection', `data spans a wide latitude range: local distances may be off by up to ${(projection.maxScaleError * 100).toFixed(1)}%`);
  }
  return { validated, projection, wantsNetwork, requested, snapTolerance, issues, timings };
}

/** Whether the stage wants a network and has roads to build it from. */
export function needsGraph(stage: ValidatedStage): boolean {
  const roads = stage.validated.roads;
  return stage.wantsNetwork && roads !== null && roads.lineStart.length > 1;
}

/** The walking graph of a validated stage (null: none wanted, or no usable segment). */
export function graphStage(stage: ValidatedStage): WalkingGraph | null {
  if (!needsGraph(stage)) return null;
  const graph = buildWalkingGraph(stage.validated.roads, { projection: stage.projection, issues: stage.issues });
  return graph.edgeCount === 0 ? null : graph;
}

/** The method the graph allows, and the points projected and snapped: the prepared input. */
export function placeStage(stage: ValidatedStage, graph: WalkingGraph | null): PreparedLifeCircle {
  const { validated, projection, requested, snapTolerance, issues, timings } = stage;
  let method: DistanceMethod = graph ? 'network' : 'straight-line';
  if (requested === 'network' && !graph) {
    issues.error('roads', 'network distances requested but there are no usable roads: straight-line distances used');
    method = 'straight-line';
  }
  const start = now();
  const residences = validated.residences;
  const facilities = validated.facilities;
  const residenceX = residences.lon.map((lon) => projection.x(lon));
  const residenceY = residences.lat.map((lat) => projection.y(lat));
  const facilityX = facilities.lon.map((lon) => projection.x(lon));
  const facilityY = facilities.lat.map((lat) => projection.y(lat));
  let residenceSnap: SnapColumns | null = null;
  let facilitySnap: SnapColumns | null = null;
  if (graph) {
    residenceSnap = snapPoints(graph, residenceX, residenceY, snapTolerance);
    facilitySnap = snapPoints(graph, facilityX, facilityY, snapTolerance);
    reportUnsnapped(residenceSnap, residences.featureIndex, 'residences', snapTolerance, issues);
    reportUnsnapped(facilitySnap, facilities.featureIndex, 'facilities', snapTolerance, issues);
  }
  timings.snap = now() - start;
  return {
    input: validated,
    profile: validated.profile,
    method,
    projection,
    graph,
    residenceX,
    residenceY,
    facilityX,
    facilityY,
    residenceSnap,
    facilitySnap,
    snapTolerance,
    issues,
    timings,
  };
}

/** Steps of preparation; yields progress between the heavy ones (see `runSync` / `runAsync`). */
export function* prepareSteps(input: LifeCircleInput, given: PrepareOptions = {}, total = 3): Generator<ProgressInfo, PreparedLifeCircle> {
  const stage = validateStage(input, given);
  yield { done: 1, total, phase: 'validate' };
  const start = now();
  const graph = graphStage(stage);
  stage.timings.graph = now() - start;
  yield { done: 2, total, phase: 'graph' };
  const prepared = placeStage(stage, graph);
  yield { done: 3, total, phase: 'snap' };
  return prepared;
}

/** Warns for each point that found no road within the tolerance (path by its feature index). */
export function reportUnsnapped(snap: SnapColumns, featureIndex: Int32Array, name: string, tolerance: number, issues: IssueCollector): void {
  for (let i = 0; i < snap.edge.length; i++) {
    if (snap.edge[i] !== -1) continue;
    issues.warn(
      `${name}.features[${featureIndex[i]}].geometry`,
      `no road within the snap tolerance (${tolerance} m): unreachable on the network (distances null, limits not met)`,
    );
  }
}

export type AnalyseOptions = Pick<LifeCircleOptions, 'level' | 'mode' | 'speeds' | 'maxDistance' | 'categories'>;

/** The categories a run analyses, with limits for the mode. */
export function selectCategories(
  profile: StandardProfile,
  options: AnalyseOptions,
  issues: IssueCollector,
  hasStreets: boolean,
): { level: LevelMinutes | 'all'; categories: AnalysedCategory[]; speed: number; mode: 'walk' | 'bike'; maxDistance: number } {
  let level = options.level ?? 'all';
  const levels = new Set(profile.levels.map((l) => l.minutes));
  if (level !== 'all' && !levels.has(level)) {
    issues.error('options.level', `unknown level ${describeValue(level)} (profile levels: ${[...levels].join(', ')}): analysing all levels`);
    level = 'all';
  }
  let mode = options.mode ?? 'walk';
  if (mode !== 'walk' && mode !== 'bike') {
    issues.error('options.mode', `unknown mode ${describeValue(mode)}: using "walk"`);
    mode = 'walk';
  }
  const speeds = isRecord(options.speeds) ? options.speeds : undefined;
  if (options.speeds !== undefined && !speeds) {
    issues.error('options.speeds', `must be an object {walk?, bike?} in metres per minute, got ${describeValue(options.speeds)}: using the defaults`);
  }
  const speedOf = (key: 'walk' | 'bike'): number => {
    const given = speeds?.[key];
    if (given === undefined) return DEFAULT_SPEEDS[key];
    if (isFiniteNumber(given) && given > 0) return given;
    issues.error(`options.speeds.${key}`, `must be a positive number of metres per minute, got ${describeValue(given)}: using ${DEFAULT_SPEEDS[key]}`);
    return DEFAULT_SPEEDS[key];
  };
  const walk = speedOf('walk');
  const speed = mode === 'bike' ? speedOf('bike') : walk;
  // Radii are walking distances; by bike the same minutes reach farther.
  const scale = speed / walk;
  let wanted: Set<string> | null = null;
  if (options.categories !== undefined && !Array.isArray(options.categories)) {
    issues.error('options.categories', `must be an array of category keys, got ${describeValue(options.categories)}: analysing every category`);
  } else if (options.categories !== undefined) {
    wanted = new Set(options.categories);
    const known = new Set(profile.categories.map((c) => c.key));
    for (const key of wanted) if (!known.has(key)) issues.error('options.categories', `unknown category ${describeValue(key)}: ignored`);
  }
  const categories: AnalysedCategory[] = profile.categories
    .filter((row) => (level === 'all' || row.level === level) && (!wanted || wanted.has(row.key)))
    .map((row) => {
      const limit = row.radius === null ? null : row.radius * scale;
      const rule = row.rule ?? null;
      const basis = rule === null ? 'distance' : hasStreets ? 'street' : 'dataset';
      return {
        key: row.key,
        label: row.label,
        level: row.level,
        required: row.required,
        confidence: row.confidence,
        note: row.note,
        limit,
        minutes: limit === null ? null : limit / speed,
        rule,
        basis,
        scored: basis !== 'dataset',
      };
    });
  let maxDistance = 0;
  for (const c of categories) if (c.limit !== null) maxDistance = Math.max(maxDistance, c.limit);
  if (maxDistance === 0) {
    for (const l of profile.levels) if (level === 'all' || l.minutes === level) maxDistance = Math.max(maxDistance, l.distance * scale);
  }
  if (options.maxDistance !== undefined) {
    if (isFiniteNumber(options.maxDistance) && options.maxDistance > 0) {
      if (options.maxDistance < maxDistance) {
        issues.warn('options.maxDistance', `${options.maxDistance} m is below the largest limit (${maxDistance} m): using ${maxDistance} m`);
      } else maxDistance = options.maxDistance;
    } else issues.error('options.maxDistance', `must be a positive number of metres, got ${describeValue(options.maxDistance)}: using ${maxDistance} m`);
  }
  return { level, categories, speed, mode, maxDistance };
}

/** What one analysis over prepared input works on: the categories, their facilities and the result columns the searches fill. */
export interface AnalysisPlan {
  prepared: PreparedLifeCircle;
  issues: IssueCollector;
  timings: Record<string, number>;
  selection: ReturnType<typeof selectCategories>;
  /** Facilities of each analysed category. */
  byCategory: number[][];
  /** Residence × category, row-major: nearest network or straight-line distance (Infinity beyond the bound) and its facility (-1). */
  distance: Float64Array;
  nearest: Int32Array;
  /** Category key index of each facility when the caller has it (else derived from the facilities' categories). */
  facilityCategory?: Int32Array;
}

/**
 * The plan of an analysis over prepared input. `filled`: the facilities by category and the search
 * columns when the caller has them already (an incremental update), else they are grouped here and
 * the columns start empty.
 */
export function planAnalysis(prepared: PreparedLifeCircle, given: AnalyseOptions = {}, filled?: Pick<AnalysisPlan, 'byCategory' | 'distance' | 'nearest' | 'facilityCategory'>): AnalysisPlan {
  const options: AnalyseOptions = isRecord(given) ? given : {};
  const issues = new IssueCollector(prepared.issues.limit);
  for (const issue of prepared.issues.issues) issues.add(issue);
  issues.total = prepared.issues.total;
  const { residences, facilities } = prepared.input;
  const R = residences.ids.length;
  const F = facilities.ids.length;
  const hasStreets = residences.street.some((s) => s !== null);
  const selection = selectCategories(prepared.profile, options, issues, hasStreets);
  const C = selection.categories.length;
  const plan = { prepared, issues, timings: { ...prepared.timings }, selection };
  if (filled) return { ...plan, ...filled };
  // Facilities grouped by analysed category.
  const categoryIndex = new Map(selection.categories.map((c, i) => [c.key, i]));
  const byCategory: number[][] = selection.categories.map(() => []);
  for (let f = 0; f < F; f++) {
    const c = categoryIndex.get(facilities.category[f]!);
    if (c !== undefined) byCategory[c]!.push(f);
  }
  return { ...plan, byCategory, distance: new Float64Array(R * C).fill(Infinity), nearest: new Int32Array(R * C).fill(-1) };
}

/** Fills one category's columns of the plan. */
export function searchCategory(plan: AnalysisPlan, search: NetworkSearch | null, c: number): void {
  const members = Int32Array.from(plan.byCategory[c]!);
  const C = plan.selection.categories.length;
  const { maxDistance } = plan.selection;
  if (search) search.nearest(members, maxDistance, plan.distance, plan.nearest, c, C);
  else straightLineNearest(plan.prepared, members, maxDistance, plan.distance, plan.nearest, c, C);
}

/** Steps of one analysis over prepared input. */
export function* analyzePreparedSteps(
  prepared: PreparedLifeCircle,
  given: AnalyseOptions = {},
  offset = 0,
  outerTotal?: number,
): Generator<ProgressInfo, LifeCircleResult> {
  const plan = planAnalysis(prepared, given);
  const { categories } = plan.selection;
  const C = categories.length;
  const total = outerTotal ?? offset + C + 1;
  const start = now();
  const search = prepared.graph ? networkSearchOf(prepared) : null;
  for (let c = 0; c < C; c++) {
    searchCategory(plan, search, c);
    yield { done: offset + c + 1, total, phase: `category:${categories[c]!.key}` };
  }
  plan.timings.search = now() - start;
  const result = assembleAnalysis(plan);
  yield { done: total, total, phase: 'assemble' };
  return result;
}

/** Per residence and per category: what the searches and rules give, before the totals. */
export interface Tallies {
  within: Uint8Array;
  score: Float64Array;
  met: Int32Array;
  required: Int32Array;
  /** Per facility of the plan (its index). */
  catchmentPopulation: Float64Array;
  catchmentResidences: Int32Array;
  /** Per analysed category. */
  coveredPopulation: Float64Array;
  coveredResidences: Int32Array;
}

/** Rules, scores, coverage and catchments from the filled search columns. */
export function assembleAnalysis(plan: AnalysisPlan): LifeCircleResult {
  const start = now();
  const { rules, ruleMet } = evaluateRules(plan);
  return finishAnalysis(plan, rules, tallyResidences(plan, ruleMet), start);
}

/** Rule rows: per street when residences carry `street`, else present/absent for the data set; with each rule's verdict per residence. */
export function evaluateRules(plan: AnalysisPlan): { rules: Record<string, RuleOutcome>; ruleMet: (Uint8Array | null)[] } {
  const { prepared, selection, byCategory } = plan;
  const residences = prepared.input.residences;
  const R = residences.ids.length;
  const { categories } = selection;
  const rules = dataRecord<RuleOutcome>();
  const ruleMet: (Uint8Array | null)[] = categories.map(() => null);
  categories.forEach((category, c) => {
    if (category.rule === null) return;
    const members = byCategory[c]!;
    const met = new Uint8Array(R);
    if (category.basis === 'street') {
      const streetOf = facilityStreets(prepared, members);
      const served = new Set<string>();
      for (const s of streetOf) if (s !== null) served.add(s);
      const streets = new Set<string>();
      for (let r = 0; r < R; r++) {
        const street = residences.street[r];
        if (street === null || street === undefined) continue;
        streets.add(street);
        if (served.has(street)) met[r] = 1;
      }
      const missing = [...streets].filter((s) => !served.has(s)).sort();
      rules[category.key] = {
        rule: category.rule,
        basis: 'street',
        facilities: members.length,
        streets: streets.size,
        streetsServed: streets.size - missing.length,
        streetsMissing: missing,
        present: missing.length === 0 && streets.size > 0,
      };
    } else {
      const present = members.length > 0;
      if (present) met.fill(1);
      rules[category.key] = { rule: category.rule, basis: 'dataset', facilities: members.length, present };
    }
    ruleMet[c] = met;
  });

  return { rules, ruleMet };
}

/** Whether a residence × category cell is within: its distance within the limit, or the rule met. */
export function isWithin(category: AnalysedCategory, distance: number, ruleMet: Uint8Array | null, r: number): boolean {
  return category.rule === null ? distance <= category.limit! : ruleMet![r] === 1;
}

/** Within, scores, coverage and catchments over every residence. */
export function tallyResidences(plan: AnalysisPlan, ruleMet: (Uint8Array | null)[]): Tallies {
  const { prepared, selection, distance, nearest } = plan;
  const residences = prepared.input.residences;
  const R = residences.ids.length;
  const F = prepared.input.facilities.ids.length;
  const { categories } = selection;
  const C = categories.length;
  const within = new Uint8Array(R * C);
  const score = new Float64Array(R);
  const metCount = new Int32Array(R);
  const requiredCount = new Int32Array(R);
  const catchmentPopulation = new Float64Array(F);
  const catchmentResidences = new Int32Array(F);
  const coveredPopulation = new Float64Array(C);
  const coveredResidences = new Int32Array(C);
  for (let r = 0; r < R; r++) {
    const people = residences.population[r]!;
    let met = 0;
    let required = 0;
    for (let c = 0; c < C; c++) {
      const category = categories[c]!;
      const k = r * C + c;
      const ok = isWithin(category, distance[k]!, ruleMet[c]!, r);
      if (ok) {
        within[k] = 1;
        coveredPopulation[c]! += people;
        coveredResidences[c]!++;
        const f = nearest[k]!;
        if (f !== -1) {
          catchmentPopulation[f]! += people;
          catchmentResidences[f]!++;
        }
      }
      if (category.required && category.scored) {
        required++;
        if (ok) met++;
      }
    }
    metCount[r] = met;
    requiredCount[r] = required;
    score[r] = required > 0 ? met / required : NaN;
  }
  return { within, score, met: metCount, required: requiredCount, catchmentPopulation, catchmentResidences, coveredPopulation, coveredResidences };
}

/** The result from the tallies: totals in residence order, coverage per category, the columns. */
export function finishAnalysis(plan: AnalysisPlan, rules: Record<string, RuleOutcome>, tallies: Tallies, start = now()): LifeCircleResult {
  const { prepared, issues, timings, selection, byCategory, distance, nearest } = plan;
  const { input, method } = prepared;
  const residences = input.residences;
  const facilities = input.facilities;
  const R = residences.ids.length;
  const { categories, maxDistance, speed } = selection;
  const { within, score, met, required, catchmentPopulation, catchmentResidences, coveredPopulation, coveredResidences } = tallies;
  let totalPopulation = 0;
  let fullyServed = 0;
  let scoreWeight = 0;
  let scoreSum = 0;
  for (let r = 0; r < R; r++) {
    const people = residences.population[r]!;
    totalPopulation += people;
    if (required[r]! > 0) {
      scoreSum += people * score[r]!;
      scoreWeight += people;
      if (met[r] === required[r]) fullyServed += people;
    }
  }
  const coverage = dataRecord<CategoryCoverage>();
  categories.forEach((category, c) => {
    coverage[category.key] = {
      population: coveredPopulation[c]!,
      share: totalPopulation > 0 ? coveredPopulation[c]! / totalPopulation : 0,
      residences: coveredResidences[c]!,
      required: category.required,
      limit: category.limit,
    };
  });

  const access = new Float64Array(R).fill(NaN);
  let unreachable = 0;
  if (prepared.residenceSnap) {
    for (let r = 0; r < R; r++) {
      if (prepared.residenceSnap.edge[r] === -1) unreachable++;
      else access[r] = prepared.residenceSnap.access[r]!;
    }
  }

  const core: LifeCircleCore = {
    method,
    profile: { id: prepared.profile.id, version: prepared.profile.version },
    level: selection.level,
    mode: selection.mode,
    speed,
    maxDistance,
    projection: prepared.projection.info(),
    categories,
    coverage,
    rules,
    summary: {
      residences: R,
      population: totalPopulation,
      facilities: byCategory.reduce((sum, list) => sum + list.length, 0),
      unreachableResidences: unreachable,
      meanScore: scoreWeight > 0 ? scoreSum / scoreWeight : null,
      fullyServedPopulation: fullyServed,
      fullyServedShare: totalPopulation > 0 ? fullyServed / totalPopulation : 0,
    },
    issues: issues.issues,
    issueCount: issues.total,
    columns: {
      residenceIds: residences.ids,
      categories: categories.map((c) => c.key),
      facilityIds: facilities.ids,
      population: residences.population.slice(),
      distance,
      facility: nearest,
      within,
      score,
      met,
      required,
      access,
      catchmentPopulation,
      catchmentResidences,
      facilityCategory: plan.facilityCategory ?? facilityCategory(prepared),
      facilityCategoryKeys: prepared.profile.categories.map((c) => c.key),
    },
    timings,
  };
  timings.assemble = now() - start;
  return materializeResult(core);
}

/** Category key index of each facility, into the profile's categories. */
export function facilityCategory(prepared: PreparedLifeCircle): Int32Array {
  const keyIndex = new Map(prepared.profile.categories.map((c, i) => [c.key, i]));
  return Int32Array.from(prepared.input.facilities.category, (key) => keyIndex.get(key) ?? -1);
}

/** Streets of facilities: their own `street`, else the street of the nearest residence that has one. */
function facilityStreets(prepared: PreparedLifeCircle, members: number[]): (string | null)[] {
  const { residences, facilities } = prepared.input;
  const withStreet = Int32Array.from(residences.street.flatMap((s, r) => (s === null ? [] : [r])));
  const index = new PointIndex(prepared.residenceX, prepared.residenceY, withStreet);
  return members.map((f) => {
    const own = facilities.street[f];
    if (own) return own;
    const found = index.nearest(prepared.facilityX[f]!, prepared.facilityY[f]!, Infinity);
    return found.index === -1 ? null : residences.street[found.index]!;
  });
}

function straightLineNearest(
  prepared: PreparedLifeCircle,
  members: Int32Array,
  maxDistance: number,
  distance: Float64Array,
  nearest: Int32Array,
  c: number,
  C: number,
): void {
  const index = new PointIndex(prepared.facilityX, prepared.facilityY, members);
  const { residenceX, residenceY } = prepared;
  for (let r = 0; r < residenceX.length; r++) {
    const found = index.nearest(residenceX[r]!, residenceY[r]!, maxDistance);
    if (found.index !== -1 && found.distance <= maxDistance) {
      distance[r * C + c] = found.distance;
      nearest[r * C + c] = found.index;
    }
  }
}

/** Where residences or facilities sit on the contracted network: chain (-1: not on it), metres along it, access leg. */
export interface Placement {
  chain: Int32Array;
  at: Float64Array;
  access: Float64Array;
}

/** All a category search reads, as typed arrays: what a second thread gets once per prepared input. */
export interface SearchTables {
  core: Pick<CoreGraph, 'nodeCount' | 'offsets' | 'arcTarget' | 'arcLength' | 'chainFrom' | 'chainTo' | 'chainLength'>;
  home: Placement;
  shop: Placement;
  /** Mean chain length (sets the bucket width). */
  meanLink: number;
}

export function searchTables(prepared: PreparedLifeCircle, graph: WalkingGraph): SearchTables {
  const place = (snap: SnapColumns): Placement => {
    const chain = new Int32Array(snap.edge.length).fill(-1);
    const at = new Float64Array(snap.edge.length);
    for (let i = 0; i < snap.edge.length; i++) {
      const e = snap.edge[i]!;
      if (e === -1) continue;
      chain[i] = graph.core.edgeChain[e]!;
      at[i] = chainPosition(graph, e, snap.t[i]!);
    }
    return { chain, at, access: snap.access };
  };
  const { nodeCount, offsets, arcTarget, arcLength, chainFrom, chainTo, chainLength, chainCount } = graph.core;
  let length = 0;
  for (let c = 0; c < chainCount; c++) length += chainLength[c]!;
  return {
    core: { nodeCount, offsets, arcTarget, arcLength, chainFrom, chainTo, chainLength },
    home: place(prepared.residenceSnap!),
    shop: place(prepared.facilitySnap!),
    meanLink: chainCount > 0 ? length / chainCount : 0,
  };
}

const searches = new WeakMap<PreparedLifeCircle, NetworkSearch>();

/** The network search of prepared input (built once; a new level or mode reuses it). */
export function networkSearchOf(prepared: PreparedLifeCircle): NetworkSearch {
  let search = searches.get(prepared);
  if (!search) {
    search = new NetworkSearch(searchTables(prepared, prepared.graph!));
    searches.set(prepared, search);
  }
  return search;
}

/**
 * Network distances for one category: one multi-source Dijkstra (Δ-stepping) over the contracted
 * network from all its facilities (each seeded at both ends of its chain with access leg +
 * offset), then each residence reads the distance at both ends of its own chain — or straight
 * along the chain when a facility shares it.
 */
export class NetworkSearch {
  private readonly workspace: DijkstraWorkspace;
  private readonly chainHead: Int32Array;
  private readonly seedNode: Int32Array;
  private readonly seedDist: Float64Array;
  private readonly seedLabel: Int32Array;

  constructor(readonly tables: SearchTables) {
    this.workspace = new DijkstraWorkspace(tables.core.nodeCount);
    this.chainHead = new Int32Array(tables.core.chainFrom.length).fill(-1);
    const F = tables.shop.chain.length;
    this.seedNode = new Int32Array(2 * F);
    this.seedDist = new Float64Array(2 * F);
    this.seedLabel = new Int32Array(2 * F);
  }

  nearest(members: Int32Array, maxDistance: number, distance: Float64Array, nearest: Int32Array, c: number, C: number): void {
    const { workspace, chainHead } = this;
    const { core, shop, home, meanLink } = this.tables;
    const { chainFrom, chainTo, chainLength } = core;
    const next = new Int32Array(members.length);
    let count = 0;
    for (let m = 0; m < members.length; m++) {
      const f = members[m]!;
      const chain = shop.chain[f]!;
      if (chain === -1) continue;
      this.seedNode[count] = chainFrom[chain]!;
      this.seedDist[count] = shop.access[f]! + shop.at[f]!;
      this.seedLabel[count++] = f;
      this.seedNode[count] = chainTo[chain]!;
      this.seedDist[count] = shop.access[f]! + (chainLength[chain]! - shop.at[f]!);
      this.seedLabel[count++] = f;
      next[m] = chainHead[chain]!;
      chainHead[chain] = m;
    }
    workspace.runBuckets(core, { node: this.seedNode, dist: this.seedDist, label: this.seedLabel, count }, maxDistance, bucketWidth(maxDistance, meanLink));
    const { dist, label } = workspace;
    const R = home.chain.length;
    for (let r = 0; r < R; r++) {
      const chain = home.chain[r]!;
      if (chain === -1) continue;
      const at = home.at[r]!;
      const u = chainFrom[chain]!;
      const v = chainTo[chain]!;
      let best = dist[u]! + at;
      let bestFacility = label[u]!;
      const viaV = dist[v]! + (chainLength[chain]! - at);
      // Equal distances go to the lower facility index (as at the nodes), so a search over any
      // subset holding the nearest facilities gives the same answer (incremental edits rely on it).
      if (viaV < best || (viaV === best && label[v]! < bestFacility)) {
        best = viaV;
        bestFacility = label[v]!;
      }
      // A facility on the same chain is reached along it, not via a junction.
      for (let m = chainHead[chain]!; m !== -1; m = next[m]!) {
        const f = members[m]!;
        const direct = Math.abs(shop.at[f]! - at) + shop.access[f]!;
        if (direct < best || (direct === best && f < bestFacility)) {
          best = direct;
          bestFacility = f;
        }
      }
      best += home.access[r]!;
      if (best <= maxDistance) {
        distance[r * C + c] = best;
        nearest[r * C + c] = bestFacility;
      }
    }
    for (let m = 0; m < members.length; m++) {
      const chain = shop.chain[members[m]!]!;
      if (chain !== -1) chainHead[chain] = -1;
    }
  }
}

/**
 * Δ-stepping bucket width (exact for any width): about three mean links, so a bucket pass sweeps
 * many nodes in memory order for few rescans (measured fastest on a 565k-node city: ~200 m), kept
 * between 1/40 and 1/4 of the bound. Without a mean link length: 1/40 of the bound.
 */
export const bucketWidth = (bound: number, meanLink = 0): number => Math.max(Math.min(bound / 4, Math.max(bound / 40, 3 * meanLink)), 1e-6);

/** Runs a step generator to completion synchronously. */
export function runSync<T>(steps: Generator<ProgressInfo, T>, onProgress?: (p: ProgressInfo) => void): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress?.(step.value);
  }
}

/** Runs a step generator, yielding to the event loop between steps so a cancel message or abort can land. */
export async function runAsync<T>(steps: Generator<ProgressInfo, T>, hooks: RunHooks = {}): Promise<T> {
  const { signal, onProgress } = hooks;
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    const step = steps.next();
    if (step.done) return step.value;
    onProgress?.(step.value);
    await yieldToEventLoop();
  }
}

/** A macrotask turn without setTimeout's 4 ms clamp (a posted message), so cancel messages get through. */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('life-circle analysis aborted');
  error.name = 'AbortError';
  return error;
}

/** Number of progress steps an analysis will report. */
export function stepCount(options: LifeCircleOptions): number {
  const profile = resolveProfile(options.profile, new IssueCollector(0));
  const level = options.level ?? 'all';
  const wanted = Array.isArray(options.categories) ? new Set(options.categories) : null;
  const C = profile.categories.filter((row) => (level === 'all' || row.level === level || !profile.levels.some((l) => l.minutes === level)) && (!wanted || wanted.has(row.key))).length;
  return 3 + C + 1;
}

/** Validation, graph, snapping and analysis as one step sequence. */
export function* analyzeSteps(input: LifeCircleInput, given: LifeCircleOptions = {}): Generator<ProgressInfo, LifeCircleResult> {
  // Options from a page may be anything; garbage in a field is reported by the step that reads it.
  const options: LifeCircleOptions = isRecord(given) ? given : {};
  const total = stepCount(options);
  const prepared = yield* prepareSteps(input, options, total);
  return yield* analyzePreparedSteps(prepared, options, 3, total);
}

/**
 * 15-minute life-circle analysis: per residence and category the nearest facility (walking
 * network when roads are given, else straight line) and whether it is within the level's limit;
 * scores, population-weighted coverage, gaps and catchments. Bad records are reported in
 * `issues` and skipped; the valid part is analysed. Distances in metres.
 */
export function analyzeLifeCircle(input: LifeCircleInput, options: LifeCircleOptions = {}): LifeCircleResult {
  return runSync(analyzeSteps(input, options));
}

/** Same as `analyzeLifeCircle`, with progress and cancellation; yields to the event loop between steps. */
export function analyzeLifeCircleAsync(input: LifeCircleInput, options: LifeCircleOptions = {}, hooks: RunHooks = {}): Promise<LifeCircleResult> {
  return runAsync(analyzeSteps(input, options), hooks);
}

/** Preparation alone (validation, graph, snapping), for reuse across levels and modes. */
export function prepareLifeCircle(input: LifeCircleInput, options: PrepareOptions = {}): PreparedLifeCircle {
  return runSync(prepareSteps(input, options));
}

export function analyzePrepared(prepared: PreparedLifeCircle, options: AnalyseOptions = {}): LifeCircleResult {
  return runSync(analyzePreparedSteps(prepared, options));
}
