/**
 * What-if edits applied incrementally: after a facility is added, moved or removed only the
 * residences it can reach are searched again, and the result equals a full analysis of the edited
 * facilities (`analyzeLifeCircle` on `applyEdits(baseline, edits)`) column for column.
 *
 * - add in category c: the new site is snapped like any facility, one search from it bounded by
 *   maxDistance, and each residence it reaches keeps the nearer of its old and the new facility;
 * - remove: the residences whose nearest in c it was lie within maxDistance of it, so their new
 *   nearest lies within 2·maxDistance (a straight line is never longer than a walk): they are
 *   searched again from only the facilities of c that near it;
 * - a move is a remove and an add. Equal distances go to the lower facility index in every search
 *   (full or partial), and facilities keep the order `applyEdits` gives them, so ties agree too.
 *
 * Then the per-residence tallies (within, score, coverage, catchments) are adjusted for the
 * residences whose cells changed, and the totals are summed in residence order as a full analysis
 * sums them. The state holds facilities in slots: the baseline's validated facilities first, then
 * added ones; the slot order is the output order of the alive ones. Edits are always the whole plan
 * relative to the baseline: each `apply` diffs the plan against the facilities held and applies the
 * difference. What an incremental update cannot reproduce exactly is analysed in full instead: an
 * edit of a facility the baseline skipped as invalid, a removal that renumbers ids named after their
 * feature index (missing or repeated ids), a straight-line projection refitted because a facility
 * moved the data's edge, a study area whose points the baseline dropped (residences or roads outside it).
 *
 * An update answers with what changed (`step`: the rows whose outcome changed, the facilities that
 * left or joined the list, the catchments that moved, and the totals), which `patchResult` applies
 * to the previous result; nothing per edit is proportional to all residences × categories but the
 * renumbering of the facility column when a facility leaves the list. Until the first edit the state
 * holds the baseline's own columns and facility table, not copies.
 */
import { IssueCollector, type ValidationIssue } from '../../core/validation';
import {
  analyzePrepared,
  evaluateRules,
  finishAnalysis,
  isWithin,
  tallyResidences,
  networkSearchOf,
  NetworkSearch,
  planAnalysis,
  prepareLifeCircle,
  reportUnsnapped,
  type PreparedLifeCircle,
  type SearchTables,
  type Tallies,
} from './analyze';
import { AREA_RADIUS_FACTOR, areaAround, medianAfterChange, MIN_AREA_RADIUS_KM, outsideMessage, outsideParams, studyArea, type StudyArea } from './area';
import { FacilityPlan, idOf, type FacilityCollection, type FacilityEdit, type FacilityFeature, type PlanChanges } from './facility-edits';
import { chainPosition, snapToGraph } from './graph';
import { builtInProfile } from './standards';
import { BoundsAccumulator, LocalProjection } from './projection';
import { coreOf, patchResult, type EditDelta } from './result';
import { PointIndex } from './straight-line';
import type { LifeCircleColumns, LifeCircleInput, LifeCircleOptions, LifeCircleResult } from './types';
import { validateLifeCircleInput } from './validate';

/** A plan applied (`EditableAnalysis.step`): the rows and facilities that changed, or the whole result; and the plan's own issues. */
export interface EditStep {
  delta: EditDelta | null;
  result: LifeCircleResult | null;
  issues: ValidationIssue[];
}

export interface EditOutcome {
  /** The edited state's result: equal to a full analysis of `applyEdits(baseline, edits)`, its issues followed by the plan's own. The next `apply` updates its columns in place (see `patchResult`); the baseline's never change. */
  result: LifeCircleResult;
  /** Residence rows whose distance, facility, within or score of any category differs from the previous state's. */
  changed: Int32Array;
  /** The plan's own issues (an edit naming no facility, an id added twice), paths `edits[i].…`. */
  issues: ValidationIssue[];
}

const NO_RESIDENCES = { type: 'FeatureCollection', features: [] };
/** Metres added to the 2·maxDistance prefilter of a removal, far above rounding. */
const PREFILTER_MARGIN = 1;

/**
 * Facilities held by the incremental state, as growable columns (a slot per facility). Until the
 * first edit the columns are the baseline's own arrays (no copy held beside the analysis); `own`
 * copies them, with room for additions, before anything is written.
 */
class Slots {
  count = 0;
  lon: Float64Array = new Float64Array(0);
  lat: Float64Array = new Float64Array(0);
  x: Float64Array = new Float64Array(0);
  y: Float64Array = new Float64Array(0);
  /** Where each sits on the contracted network (the search's `shop` placement) and its snap; empty in a straight line. */
  chain: Int32Array = new Int32Array(0);
  at: Float64Array = new Float64Array(0);
  access: Float64Array = new Float64Array(0);
  edge: Int32Array = new Int32Array(0);
  t: Float64Array = new Float64Array(0);
  /** Analysed category index, -1 for a category outside the analysis. */
  category: Int32Array = new Int32Array(0);
  /** 1 while it is a valid facility of the current state. */
  alive: Uint8Array = new Uint8Array(0);
  /** Its category's index among the profile's, and its catchment (kept by residence tallies). */
  profileCategory: Int32Array = new Int32Array(0);
  catchmentPopulation: Float64Array = new Float64Array(0);
  catchmentResidences: Int32Array = new Int32Array(0);
  ids: string[] = [];
  names: (string | null)[] = [];
  keys: string[] = [];
  street: (string | null)[] = [];
  /** The columns are this state's own (copied from the baseline's). */
  private owned = false;

  constructor(private readonly network: boolean) {}

  /** Makes room for `count` slots in columns of its own; true when the columns were reallocated. */
  reserve(count: number): boolean {
    if (this.owned && count <= this.lon.length) return false;
    // The first copy leaves room for a few additions; later ones grow by a quarter.
    const size = this.owned ? Math.max(count, Math.ceil(this.lon.length * 1.25) + 64) : Math.max(count, this.count) + 64;
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(array: T): T => {
      const next = new (array.constructor as new (n: number) => T)(size);
      next.set(array.subarray(0, Math.min(array.length, size)));
      return next;
    };
    this.lon = grow(this.lon);
    this.lat = grow(this.lat);
    this.x = grow(this.x);
    this.y = grow(this.y);
    if (this.network) {
      this.chain = grow(this.chain);
      this.at = grow(this.at);
      this.access = grow(this.access);
      this.edge = grow(this.edge);
      this.t = grow(this.t);
    }
    this.category = grow(this.category);
    this.alive = grow(this.alive);
    this.profileCategory = grow(this.profileCategory);
    this.catchmentPopulation = grow(this.catchmentPopulation);
    this.catchmentResidences = grow(this.catchmentResidences);
    if (!this.owned) {
      this.ids = this.ids.slice();
      this.names = this.names.slice();
      this.keys = this.keys.slice();
      this.street = this.street.slice();
    }
    this.owned = true;
    return true;
  }
}

/** An added facility of the plan, held in a slot. */
interface HeldAddition {
  slot: number;
  /** Id, category and name: what makes it the same addition in another plan. */
  key: string;
  lon: number;
  lat: number;
  valid: boolean;
}

/** A facility feature of the plan as the full analysis would read it, with the issues it would report. */
interface Placed {
  /** Its feature index in the plan's facilities. */
  index: number;
  /** Its fields and position are valid (it counts in the study area); `valid`: it is inside that area too. */
  read: boolean;
  valid: boolean;
  lon: number;
  lat: number;
  id: string;
  name: string | null;
  category: string;
  street: string | null;
  edge: number;
  t: number;
  access: number;
  issues: ValidationIssue[];
}

/** What a plan's facilities are, against the baseline's. */
interface Target {
  /** New feature index of each baseline feature (-1: removed). */
  indexOfRow: Int32Array;
  /** Baseline facilities the plan removes. */
  removedSlots: number[];
  /** Baseline slots placed elsewhere (maybe invalidly). */
  moved: Map<number, Placed>;
  /** Added facilities in plan order, with their feature index. */
  added: { key: string; placed: Placed; index: number }[];
  /** Bounds of every valid point of the edited input (the projection's extent) and the projection. */
  bounds: [number, number, number, number] | null;
  projection: LocalProjection;
  /** The edited input's study area. */
  area: StudyArea | null;
}

type IssueGroup = 'validate' | 'area' | 'snap';
const FACILITY_PATH = /^facilities\.features\[(\d+)\]/;
const SNAP_MESSAGE = 'no road within the snap tolerance';

const groupOf = (issue: ValidationIssue): IssueGroup => (issue.code === 'life-outside-area' ? 'area' : issue.message.startsWith(SNAP_MESSAGE) ? 'snap' : 'validate');
const featureOf = (issue: ValidationIssue): number => {
  const match = FACILITY_PATH.exec(issue.path);
  return match ? Number(match[1]) : -1;
};

/**
 * An analysis that takes what-if edits of its facilities incrementally (see the file comment):
 * `apply(edits)` with the whole plan relative to the baseline (`[]` gives the baseline back).
 */
export class EditableAnalysis {
  /** Runs the baseline analysis and keeps what edits need. */
  static analyze(input: LifeCircleInput, options: LifeCircleOptions = {}): EditableAnalysis {
    const prepared = prepareLifeCircle(input, options);
    return new EditableAnalysis(prepared, options, analyzePrepared(prepared, options), input);
  }

  /** The current state's result (kept by `apply`; `step` answers with what changed). */
  result: LifeCircleResult;
  /** Counts the states: the baseline is 0, each `step` the next. */
  version = 0;
  private resultVersion = 0;
  /** The current state's prepared input: suggestions and isochrones read the edited facilities from it. */
  get prepared(): PreparedLifeCircle {
    this.handedOut = true;
    return this.current;
  }

  private current: PreparedLifeCircle;
  /** `prepared` was read since the last update; `build` builds its lazy columns. */
  private handedOut = false;
  private build: (() => void) | null = null;
  /** Output index of each slot in the current state's result; null while it is the baseline's (slot = index). */
  private slotNumbers: Int32Array | null = null;
  private outputCount: number;
  /** The facility ids in output order, kept while the list is the same. */
  private outputIds: string[] | null = null;
  private outputByCategory: number[][] | null = null;
  /** Slots the last update took out or put in, and those whose catchment it changed. */
  private changedSlots: number[] = [];
  private readonly changedCatchments = new Set<number>();

  private readonly plan: FacilityPlan;
  private readonly slots: Slots;
  /** Slot of each baseline facility feature (-1: the baseline skipped it). */
  private readonly slotOfRow: Int32Array;
  private readonly baseCount: number;
  /** Baseline slots whose reported id is not the feature's own (a missing or repeated id is named after the feature's index). */
  private readonly renamed: number[];
  private readonly renamedIds: Set<string>;
  /** Added facilities held, in plan order (ascending slots). */
  private held: HeldAddition[] = [];
  /** Baseline slots not in their baseline state (removed or moved). */
  private readonly dirty = new Set<number>();
  private readonly C: number;
  private readonly maxDistance: number;
  /** Nearest distance and facility (a slot) per residence × category: the baseline's columns until the first edit copies them. */
  private distance: Float64Array;
  private nearest: Int32Array;
  /** The state's columns are its own (see `own`). */
  private owned = false;
  private search: NetworkSearch | null = null;
  private readonly baseTables: SearchTables | null;
  private scratch: { distance: Float64Array; nearest: Int32Array } | null = null;
  /** Per analysed category: its baseline facilities at their baseline positions (a removal's prefilter), built on first need. */
  private readonly categoryIndex: (PointIndex | null)[];
  private residenceIndex: PointIndex | null = null;
  private readonly categoryOf: Map<string, number>;
  /** Bounds of the residences and roads, and of the baseline facilities. */
  private readonly fixedBounds: BoundsAccumulator;
  private readonly facilityBounds = new BoundsAccumulator();
  /** Whether the projection is fitted to every point (no network), so facilities can move it. */
  private readonly fitsToAllPoints: boolean;
  private fixedAreaPoints: { lon: Float64Array; lat: Float64Array } | null = null;
  /** Facility features the baseline skipped as outside the study area, with their point. */
  private readonly outsideRows = new Map<number, [number, number]>();
  /** The baseline skipped residences or roads as outside the study area (or did not list all its issues). */
  private readonly outsideElsewhere: boolean;
  /** Km from the baseline area's centre to its farthest residence, facility or road vertex. */
  private readonly farthest: number;
  private sortedArea: { lon: Float64Array; lat: Float64Array; spread: Float64Array } | null = null;
  /** Facility features of plans as read (fields and position checked), by content and place. */
  private readonly reads = new Map<string, Placed>();
  /** Residences whose distance or facility an update changed; the previous state's within and score (a worker transfers the results' own). */
  private readonly touched: Uint8Array;
  /** Cells of the residences an update changed, as they were before it (distance, slot, facility id). */
  private before: { r: number; distance: Float64Array; nearest: Int32Array; ids: (string | null)[] }[] = [];
  /** The held state's per-residence tallies and coverage (catchments are per slot), and its rules' verdicts. */
  private tally: Pick<Tallies, 'within' | 'score' | 'met' | 'required' | 'coveredPopulation' | 'coveredResidences'>;
  private ruleMet: (Uint8Array | null)[];
  /** Every population is a whole number (and their sum exact), so sums come out the same in any order: tallies are kept incrementally. */
  private readonly exactSums: boolean;
  private readonly profileIndex: Map<string, number>;
  /** The previous state came from a full analysis, not from the slots. */
  private lastWasFull = false;

  /**
   * @param base the prepared input the baseline was analysed from
   * @param options the baseline's analysis options
   * @param baseline its result (the columns edits need are copied: a worker may transfer the result's)
   * @param input the raw input: plans edit its facilities; the rest is read only when a plan needs a full analysis
   */
  constructor(
    readonly base: PreparedLifeCircle,
    private readonly options: LifeCircleOptions,
    readonly baseline: LifeCircleResult,
    private readonly input: LifeCircleInput,
  ) {
    this.result = baseline;
    this.current = base;
    const raw = input.facilities as Partial<FacilityCollection> | null | undefined;
    // Facilities that are no collection were reported by the analysis: a plan edits none of them.
    this.plan = new FacilityPlan({ features: Array.isArray(raw?.features) ? raw.features : [] });
    const { facilities, residences } = base.input;
    const F = facilities.ids.length;
    const R = residences.ids.length;
    this.baseCount = F;
    this.outputCount = F;
    this.C = baseline.categories.length;
    this.maxDistance = baseline.maxDistance;
    this.slotOfRow = new Int32Array(this.plan.features.length).fill(-1);
    for (let f = 0; f < F; f++) this.slotOfRow[facilities.featureIndex[f]!] = f;
    this.renamed = [];
    for (let f = 0; f < F; f++) if (this.plan.rawId(facilities.featureIndex[f]!) !== facilities.ids[f]) this.renamed.push(f);
    this.renamedIds = new Set(this.renamed.map((f) => facilities.ids[f]!));
    this.categoryOf = new Map(baseline.categories.map((c, i) => [c.key, i]));

    const slots = (this.slots = new Slots(base.graph !== null));
    slots.count = F;
    slots.lon = facilities.lon;
    slots.lat = facilities.lat;
    slots.x = base.facilityX;
    slots.y = base.facilityY;
    slots.ids = facilities.ids;
    slots.names = facilities.names;
    slots.keys = facilities.category;
    slots.street = facilities.street;
    slots.alive = new Uint8Array(F).fill(1);
    slots.category = Int32Array.from(facilities.category, (key) => this.categoryOf.get(key) ?? -1);
    this.baseTables = base.graph ? networkSearchOf(base).tables : null;
    if (this.baseTables) {
      const { shop } = this.baseTables;
      slots.chain = shop.chain;
      slots.at = shop.at;
      slots.access = shop.access;
      slots.edge = base.facilitySnap!.edge;
      slots.t = base.facilitySnap!.t;
    }
    // The baseline's columns are the state's until the first edit (see `own`).
    const { columns } = baseline;
    this.distance = columns.distance;
    this.nearest = columns.facility;
    this.categoryIndex = baseline.categories.map(() => null);
    this.touched = new Uint8Array(R);
    this.tally = {
      within: columns.within,
      score: columns.score,
      met: columns.met,
      required: columns.required,
      coveredPopulation: Float64Array.from(baseline.categories, (c) => baseline.coverage[c.key]!.population),
      coveredResidences: Int32Array.from(baseline.categories, (c) => baseline.coverage[c.key]!.residences),
    };
    slots.catchmentPopulation = columns.catchmentPopulation;
    slots.catchmentResidences = columns.catchmentResidences;
    slots.profileCategory = columns.facilityCategory;
    this.profileIndex = new Map(base.profile.categories.map((c, i) => [c.key, i]));
    let total = 0;
    let whole = true;
    for (let r = 0; r < R && whole; r++) {
      whole = Number.isInteger(residences.population[r]);
      total += residences.population[r]!;
    }
    this.exactSums = whole && total <= Number.MAX_SAFE_INTEGER;
    const baseByCategory: number[][] = baseline.categories.map(() => []);
    for (let f = 0; f < F; f++) if (slots.category[f] !== -1) baseByCategory[slots.category[f]!]!.push(f);
    this.ruleMet = evaluateRules(planAnalysis(base, options, { byCategory: baseByCategory, distance: columns.distance, nearest: columns.facility })).ruleMet;

    for (let f = 0; f < F; f++) this.facilityBounds.add(facilities.lon[f]!, facilities.lat[f]!);
    this.fixedBounds = new BoundsAccumulator();
    for (let r = 0; r < R; r++) this.fixedBounds.add(residences.lon[r]!, residences.lat[r]!);
    const roads = base.input.roads;
    if (roads) for (let i = 0; i < roads.coords.length; i += 2) this.fixedBounds.add(roads.coords[i]!, roads.coords[i + 1]!);
    this.fitsToAllPoints = !(options.method !== 'straight-line' && base.input.roadBounds);

    let elsewhere = base.issues.total > base.issues.issues.length;
    for (const issue of base.issues.issues) {
      if (issue.code !== 'life-outside-area') continue;
      const row = featureOf(issue);
      const coordinates = row === -1 ? null : (this.plan.features[row]?.geometry?.coordinates as number[] | undefined);
      if (coordinates) this.outsideRows.set(row, [coordinates[0]!, coordinates[1]!]);
      else elsewhere = true;
    }
    this.outsideElsewhere = elsewhere;
    let farthest = 0;
    const area = base.input.area;
    if (area) {
      for (let r = 0; r < R; r++) farthest = Math.max(farthest, area.distance(residences.lon[r]!, residences.lat[r]!));
      for (let f = 0; f < F; f++) farthest = Math.max(farthest, area.distance(facilities.lon[f]!, facilities.lat[f]!));
      if (roads) for (let i = 0; i < roads.coords.length; i += 2) farthest = Math.max(farthest, area.distance(roads.coords[i]!, roads.coords[i + 1]!));
    }
    this.farthest = farthest;
  }

  /** Applies a plan (the whole list of edits relative to the baseline): the edited state's result and the rows it changed. */
  apply(edits: readonly FacilityEdit[]): EditOutcome {
    // `result` is patched: it must be the state's (`step` answers a caller that keeps its own).
    if (this.resultVersion !== this.version) throw new Error('apply() after step(): the result held is not the current state\'s');
    const previous = this.result;
    const step = this.step(edits);
    let result: LifeCircleResult;
    let changed: Int32Array;
    if (step.delta) {
      const started = now();
      result = patchResult(previous, step.delta);
      result.timings.patch = now() - started;
      changed = step.delta.rows;
    } else {
      result = step.result!;
      changed = differingRows(previous.columns, result.columns);
    }
    this.result = result;
    this.resultVersion = this.version;
    return { result, changed, issues: step.issues };
  }

  /**
   * Applies a plan and answers as a worker does: the rows and facilities that changed against the
   * previous state (`delta`, see `patchResult`), or the whole result when the update could not be
   * incremental (a full analysis, or the first update after one). `version` counts the states.
   */
  step(edits: readonly FacilityEdit[]): EditStep {
    const started = now();
    this.freezePrepared();
    const changes = this.plan.changes(edits);
    const target = this.target(changes);
    const base = this.version++;
    let outcome: EditStep;
    if (target) {
      this.own();
      this.touched.fill(0);
      this.before = [];
      this.update(target);
      outcome = this.assemble(target, !this.lastWasFull, { base, version: this.version });
      (outcome.delta?.head ?? outcome.result!).timings = { edit: now() - started };
    } else {
      // In full; the slots keep the facilities they hold, which the next plan is diffed against.
      this.current = prepareLifeCircle({ ...this.input, facilities: this.plan.apply(edits).facilities }, this.options);
      const result = analyzePrepared(this.current, this.options);
      result.timings = { ...result.timings, full: now() - started };
      outcome = { delta: null, result, issues: [] };
    }
    this.lastWasFull = !target;
    outcome.issues = changes.issues;
    if (changes.issues.length > 0) {
      const head = outcome.delta?.head ?? outcome.result!;
      head.issues = [...head.issues, ...changes.issues];
      head.issueCount += changes.issues.length;
    }
    return outcome;
  }

  /** The plan's facilities against the baseline's, or null when only a full analysis gives them exactly. */
  private target(changes: PlanChanges): Target | null {
    const rawCount = this.slotOfRow.length;
    const indexOfRow = new Int32Array(rawCount);
    let kept = 0;
    const removedRows = Int32Array.from(changes.removed).sort();
    for (let row = 0, next = 0; row < rawCount; row++) {
      if (next < removedRows.length && removedRows[next] === row) {
        indexOfRow[row] = -1;
        next++;
      } else indexOfRow[row] = kept++;
    }
    const removedSlots = Array.from(removedRows, (row) => this.slotOfRow[row]!).filter((slot) => slot !== -1);
    const moved = new Map<number, Placed>();
    for (const [row, feature] of changes.moved) {
      const slot = this.slotOfRow[row]!;
      // A move of a facility the baseline skipped could make it valid, with issues only a full analysis orders.
      if (slot === -1) return null;
      moved.set(slot, this.read(feature, indexOfRow[row]!));
    }
    const added: Target['added'] = [];
    for (const feature of changes.added) {
      const index = kept + added.length;
      const placed = this.read(feature, index);
      // A validated id other than the one given (empty, or taken by a facility named after its index).
      if (placed.read && (placed.id !== idOf(feature) || this.renamedIds.has(placed.id))) return null;
      added.push({ key: JSON.stringify([idOf(feature), feature.properties?.category ?? null, feature.properties?.name ?? null]), placed, index });
    }
    const { facilities } = this.base.input;
    // An id named after the feature's index changes when the index does.
    for (const slot of this.renamed) if (indexOfRow[facilities.featureIndex[slot]!] !== facilities.featureIndex[slot]) return null;
    const placedAll = [...moved.values(), ...added.map((a) => a.placed)];

    const areas = this.areaOf(indexOfRow, removedSlots, moved, placedAll);
    if (areas === undefined) return null;
    for (const placed of placedAll) this.settle(placed, areas.check);
    const area = areas.area;

    const box = new BoundsAccumulator();
    const fixed = this.fixedBounds;
    if (fixed.bounds) {
      box.add(fixed.minLon, fixed.minLat);
      box.add(fixed.maxLon, fixed.maxLat);
    }
    // The baseline facilities' box holds unless a facility taken out or moved lay on its edge.
    const edge = this.facilityBounds;
    const onEdge = (slot: number): boolean => {
      const x = facilities.lon[slot]!;
      const y = facilities.lat[slot]!;
      return x === edge.minLon || x === edge.maxLon || y === edge.minLat || y === edge.maxLat;
    };
    if (edge.bounds && !removedSlots.some(onEdge) && ![...moved.keys()].some(onEdge)) {
      box.add(edge.minLon, edge.minLat);
      box.add(edge.maxLon, edge.maxLat);
    } else {
      for (let slot = 0; slot < this.baseCount; slot++) {
        if (indexOfRow[facilities.featureIndex[slot]!] === -1 || moved.has(slot)) continue;
        box.add(facilities.lon[slot]!, facilities.lat[slot]!);
      }
    }
    for (const placed of placedAll) if (placed.valid) box.add(placed.lon, placed.lat);
    const bounds = box.bounds;
    const projection = LocalProjection.fromBounds(this.fitsToAllPoints ? bounds : this.base.input.roadBounds, bounds);
    const was = this.base.projection;
    // A projection fitted to the facilities moves every distance; a scale warning comes or goes.
    if (projection.lon0 !== was.lon0 || projection.lat0 !== was.lat0 || projection.maxScaleError > 0.01 !== was.maxScaleError > 0.01) return null;
    return { indexOfRow, removedSlots, moved, added, bounds, projection: new LocalProjection(was.lon0, was.lat0, projection.maxScaleError), area };
  }

  /** The study area's points other than facilities: residences and one per road line (built when an area must be computed again). */
  private areaPoints(): { lon: Float64Array; lat: Float64Array } {
    if (this.fixedAreaPoints) return this.fixedAreaPoints;
    const { residences, roads } = this.base.input;
    const R = residences.ids.length;
    const lines = roads ? roads.lineStart.length - 1 : 0;
    const areaLon = new Float64Array(R + lines);
    const areaLat = new Float64Array(R + lines);
    areaLon.set(residences.lon);
    areaLat.set(residences.lat);
    for (let l = 0; l < lines; l++) {
      const middle = (roads!.lineStart[l]! + roads!.lineStart[l + 1]!) >> 1;
      areaLon[R + l] = roads!.coords[2 * middle]!;
      areaLat[R + l] = roads!.coords[2 * middle + 1]!;
    }
    this.fixedAreaPoints = { lon: areaLon, lat: areaLat };
    return this.fixedAreaPoints;
  }

  /**
   * The study area of the edited input (its median centre moves with the facilities), or undefined
   * when it may change which of the baseline's other points are inside it. The centre comes from
   * the baseline's sorted coordinates and the few points the plan takes out or puts in; the radius
   * (10 × the median distance from the centre) is bounded the same way and computed over every
   * point only when a decision needs it: a facility of the plan near or past the edge, or an
   * outlier's message. `lazy`: the area is exact in centre and decisions, its radius computed on
   * first read.
   */
  private areaOf(indexOfRow: Int32Array, removedSlots: number[], moved: Map<number, Placed>, placed: Placed[]): { area: StudyArea | null; check: StudyArea | null } | undefined {
    const same = (area: StudyArea | null) => ({ area, check: area });
    const was = this.base.input.area;
    const { facilities } = this.base.input;
    const removed: [number, number][] = [];
    for (const slot of [...removedSlots, ...moved.keys()]) removed.push([facilities.lon[slot]!, facilities.lat[slot]!]);
    for (const [row, point] of this.outsideRows) if (indexOfRow[row] === -1) removed.push(point);
    const added = placed.filter((p) => p.read).map((p): [number, number] => [p.lon, p.lat]);
    if (!was || (removed.length === 0 && added.length === 0)) return same(was);
    // Points the baseline skipped as outside, other than facilities, are not at hand: the centre cannot be found without them.
    if (this.outsideElsewhere) return undefined;
    const sorted = (this.sortedArea ??= this.sortArea());
    const lon0 = medianAfterChange(sorted.lon, removed.map((p) => p[0]), added.map((p) => p[0]));
    const lat0 = medianAfterChange(sorted.lat, removed.map((p) => p[1]), added.map((p) => p[1]));
    // Spreads from the old centre, then bounded for the new one (a point's distance moves by at most the shift, scaled by the change of metric).
    const spread = medianAfterChange(sorted.spread, removed.map((p) => was.distance(p[0], p[1])), added.map((p) => was.distance(p[0], p[1])));
    const centre = areaAround(lon0, lat0, 0);
    const shift = centre.distance(was.lon, was.lat);
    const ratio = Math.cos((lat0 * Math.PI) / 180) / Math.cos((was.lat * Math.PI) / 180);
    const low = Math.max(MIN_AREA_RADIUS_KM, AREA_RADIUS_FACTOR * (spread * Math.min(1, ratio) - shift)) * (1 - 1e-9);
    const high = Math.max(MIN_AREA_RADIUS_KM, AREA_RADIUS_FACTOR * (spread * Math.max(1, ratio) + shift)) * (1 + 1e-9);
    // The baseline's points stay inside when even the farthest does.
    if (!(this.farthest * Math.max(1, ratio) + shift < low * (1 - 1e-6))) return undefined;
    const exact = (): StudyArea => this.exactArea(indexOfRow, moved, placed);
    if (high <= MIN_AREA_RADIUS_KM * (1 + 1e-9)) return same(areaAround(lon0, lat0, MIN_AREA_RADIUS_KM));
    const certain = placed.every((p) => !p.read || centre.distance(p.lon, p.lat) < low * (1 - 1e-6));
    const stillOutside = [...this.outsideRows.keys()].some((row) => indexOfRow[row] !== -1);
    if (!certain || stillOutside) {
      const area = exact();
      for (const [row, [x, y]] of this.outsideRows) if (indexOfRow[row] !== -1 && area.contains(x, y)) return undefined;
      return same(area);
    }
    // Every decision is made (the plan's facilities are well inside): the radius is computed if anything reads it.
    let full: StudyArea | null = null;
    const area: StudyArea = {
      lon: lon0,
      lat: lat0,
      get radius() {
        return (full ??= exact()).radius;
      },
      distance: centre.distance,
      contains: (x, y) => (full ??= exact()).contains(x, y),
    };
    return { area, check: areaAround(lon0, lat0, low) };
  }

  /** The study area over every point of the edited input (what `validateLifeCircleInput` computes). */
  private exactArea(indexOfRow: Int32Array, moved: Map<number, Placed>, placed: Placed[]): StudyArea {
    const { facilities } = this.base.input;
    const fixed = this.areaPoints();
    let n = fixed.lon.length;
    const size = n + this.baseCount + placed.length + this.outsideRows.size;
    const lon = new Float64Array(size);
    const lat = new Float64Array(size);
    lon.set(fixed.lon);
    lat.set(fixed.lat);
    const push = (x: number, y: number): void => {
      lon[n] = x;
      lat[n++] = y;
    };
    for (let slot = 0; slot < this.baseCount; slot++) {
      if (indexOfRow[facilities.featureIndex[slot]!] === -1 || moved.has(slot)) continue;
      push(facilities.lon[slot]!, facilities.lat[slot]!);
    }
    for (const p of placed) if (p.read) push(p.lon, p.lat);
    for (const [row, [x, y]] of this.outsideRows) if (indexOfRow[row] !== -1) push(x, y);
    return studyArea(lon.subarray(0, n), lat.subarray(0, n))!;
  }

  /** The baseline's study-area points sorted by longitude, latitude and distance from its centre (built at the first plan). */
  private sortArea(): { lon: Float64Array; lat: Float64Array; spread: Float64Array } {
    const { facilities, area } = this.base.input;
    const fixed = this.areaPoints();
    const n = fixed.lon.length + this.baseCount + this.outsideRows.size;
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    lon.set(fixed.lon);
    lat.set(fixed.lat);
    lon.set(facilities.lon, fixed.lon.length);
    lat.set(facilities.lat, fixed.lon.length);
    let at = fixed.lon.length + this.baseCount;
    for (const [x, y] of this.outsideRows.values()) {
      lon[at] = x;
      lat[at++] = y;
    }
    const spread = new Float64Array(n);
    for (let i = 0; i < n; i++) spread[i] = area!.distance(lon[i]!, lat[i]!);
    return { lon: lon.sort(), lat: lat.sort(), spread: spread.sort() };
  }

  /** A facility feature of the plan read as the full analysis reads it: fields and position (the study area comes later, see `settle`). */
  private read(feature: FacilityFeature, index: number): Placed {
    // Plans repeat their edits: a feature read before (same fields, same place in the list) is read once.
    const key = JSON.stringify([index, feature.properties ?? null, feature.geometry ?? null]);
    let known = this.reads.get(key);
    if (!known) {
      // A built-in profile by its id: an object would be resolved again for every feature.
      const profile = builtInProfile(this.base.profile.id) === this.base.profile ? this.base.profile.id : this.base.profile;
      const checked = validateLifeCircleInput({ residences: NO_RESIDENCES, facilities: { type: 'FeatureCollection', features: [feature] } }, { profile });
      const path = `facilities.features[${index}]`;
      const issues = checked.issues.filter((i) => FACILITY_PATH.test(i.path)).map((i) => ({ ...i, path: i.path.replace(FACILITY_PATH, path) }));
      const table = checked.facilities;
      known = { read: false, valid: false, index, lon: NaN, lat: NaN, id: '', name: null, category: '', street: null, edge: -1, t: 0, access: Infinity, issues };
      if (table.ids.length > 0) Object.assign(known, { read: true, lon: table.lon[0]!, lat: table.lat[0]!, id: table.ids[0]!, name: table.names[0]!, category: table.category[0]!, street: table.street[0]! });
      if (this.reads.size >= 10000) this.reads.clear();
      this.reads.set(key, known);
    }
    return { ...known, issues: [...known.issues] };
  }

  /** Inside the study area (else reported and skipped), then snapped to the network (reported when no road is near). */
  private settle(placed: Placed, area: StudyArea | null): void {
    if (!placed.read) return;
    const base = this.base;
    if (area && !area.contains(placed.lon, placed.lat)) {
      const km = area.distance(placed.lon, placed.lat);
      placed.issues.push({ path: `facilities.features[${placed.index}].geometry.coordinates`, message: outsideMessage(area, km), severity: 'error', code: 'life-outside-area', params: outsideParams(area, km) });
      return;
    }
    placed.valid = true;
    if (!base.graph) return;
    const snap = snapToGraph(base.graph, base.projection.x(placed.lon), base.projection.y(placed.lat), base.snapTolerance);
    Object.assign(placed, snap);
    const collector = new IssueCollector();
    reportUnsnapped({ edge: Int32Array.of(snap.edge), t: Float64Array.of(snap.t), access: Float64Array.of(snap.access) }, Int32Array.of(placed.index), 'facilities', base.snapTolerance, collector);
    placed.issues.push(...collector.issues);
  }

  /** Diffs the target against the slots held and applies the difference: removals first, then additions. */
  private update(target: Target): void {
    const { slots } = this;
    const removals: number[] = [];
    const additions: { slot: number; placed: Placed }[] = [];

    // Baseline facilities: removed, moved, or back in their baseline state.
    const wanted = new Map<number, Placed | null>();
    for (const slot of this.dirty) wanted.set(slot, null);
    for (const slot of target.removedSlots) wanted.set(slot, REMOVED);
    for (const [slot, placed] of target.moved) wanted.set(slot, placed);
    for (const [slot, placed] of wanted) {
      const want = placed ?? this.baselinePlacement(slot);
      if (placed === null) this.dirty.delete(slot);
      else this.dirty.add(slot);
      const alive = slots.alive[slot] === 1;
      if (want.valid && alive && slots.lon[slot] === want.lon && slots.lat[slot] === want.lat) continue;
      if (alive) removals.push(slot);
      if (want.valid) additions.push({ slot, placed: want });
    }

    // Added facilities: those held in the plan's order are kept; the first one that breaks the
    // order ends the kept run (facility order must follow the plan) and the rest are added anew.
    const heldAt = new Map(this.held.map((h, i) => [h.key, i]));
    const kept: HeldAddition[] = [];
    const drop = (held: HeldAddition): void => {
      if (slots.alive[held.slot] === 1) removals.push(held.slot);
    };
    let from = 0;
    let j = 0;
    for (; j < target.added.length; j++) {
      const at = heldAt.get(target.added[j]!.key);
      if (at === undefined || at < from) break;
      for (let k = from; k < at; k++) drop(this.held[k]!);
      const held = this.held[at]!;
      const { placed } = target.added[j]!;
      if (held.lon !== placed.lon || held.lat !== placed.lat || held.valid !== placed.valid) {
        drop(held);
        if (placed.valid) additions.push({ slot: held.slot, placed });
        held.lon = placed.lon;
        held.lat = placed.lat;
        held.valid = placed.valid;
      }
      kept.push(held);
      from = at + 1;
    }
    for (let k = from; k < this.held.length; k++) drop(this.held[k]!);
    // New slots go after every slot used so far: a slot is never reused, so what it holds never changes but its position.
    let next = slots.count;
    for (; j < target.added.length; j++) {
      const { key, placed } = target.added[j]!;
      const slot = next++;
      if (slots.reserve(slot + 1)) this.search = null;
      if (slot >= slots.count) slots.alive[slot] = 0;
      slots.count = Math.max(slots.count, slot + 1);
      kept.push({ slot, key, lon: placed.lon, lat: placed.lat, valid: placed.valid });
      if (placed.valid) additions.push({ slot, placed });
    }
    this.held = kept;

    this.changedSlots = [...removals, ...additions.map((a) => a.slot)];
    for (const slot of removals) this.remove(slot);
    for (const { slot, placed } of additions) this.add(slot, placed);
  }

  private baselinePlacement(slot: number): Placed {
    const { facilities } = this.base.input;
    const snap = this.base.facilitySnap;
    return {
      index: -1,
      read: true,
      valid: true,
      lon: facilities.lon[slot]!,
      lat: facilities.lat[slot]!,
      id: facilities.ids[slot]!,
      name: facilities.names[slot]!,
      category: facilities.category[slot]!,
      street: facilities.street[slot]!,
      edge: snap ? snap.edge[slot]! : -1,
      t: snap ? snap.t[slot]! : 0,
      access: snap ? snap.access[slot]! : Infinity,
      issues: [],
    };
  }

  private networkSearch(): NetworkSearch {
    if (!this.search) {
      const { core, home, meanLink } = this.baseTables!;
      const { chain, at, access } = this.slots;
      this.search = new NetworkSearch({ core, home, shop: { chain, at, access }, meanLink });
    }
    return this.search;
  }

  /** Takes a facility out: the residences it was nearest to are searched again from the facilities of its category near it. */
  private remove(slot: number): void {
    const { slots, C, nearest } = this;
    slots.alive[slot] = 0;
    const c = slots.category[slot]!;
    if (c === -1) return;
    const R = this.touched.length;
    const affected: number[] = [];
    for (let r = 0; r < R; r++) if (nearest[r * C + c] === slot) affected.push(r);
    if (affected.length === 0) return;
    const members = this.nearby(c, slots.x[slot]!, slots.y[slot]!, 2 * this.maxDistance + PREFILTER_MARGIN);
    if (this.base.graph) {
      const found = this.searchFrom(members);
      for (const r of affected) this.set(r * C + c, found.distance[r]!, found.nearest[r]!);
      return;
    }
    // Straight line: the nearest-point query of a full analysis, over the nearby facilities only.
    const index = new PointIndex(slots.x, slots.y, members);
    const { residenceX, residenceY } = this.base;
    for (const r of affected) {
      const hit = index.nearest(residenceX[r]!, residenceY[r]!, this.maxDistance);
      const ok = hit.index !== -1 && hit.distance <= this.maxDistance;
      this.set(r * C + c, ok ? hit.distance : Infinity, ok ? hit.index : -1);
    }
  }

  /** Sets one residence × category cell; a residence's cells as they were are kept at its first change. */
  private set(k: number, distance: number, nearest: number): void {
    if (this.distance[k] === distance && this.nearest[k] === nearest) return;
    const { C, slots } = this;
    const r = Math.floor(k / C);
    if (this.touched[r] === 0) {
      this.touched[r] = 1;
      const nearest = this.nearest.slice(r * C, r * C + C);
      this.before.push({ r, distance: this.distance.slice(r * C, r * C + C), nearest, ids: Array.from(nearest, (f) => (f === -1 ? null : slots.ids[f]!)) });
    }
    this.distance[k] = distance;
    this.nearest[k] = nearest;
  }

  /** Puts a facility in: each residence it reaches keeps the nearer of its facility and this one (equal: the lower slot). */
  private add(slot: number, placed: Placed): void {
    const { slots, C, distance, nearest, base } = this;
    const x = base.projection.x(placed.lon);
    const y = base.projection.y(placed.lat);
    slots.lon[slot] = placed.lon;
    slots.lat[slot] = placed.lat;
    slots.x[slot] = x;
    slots.y[slot] = y;
    slots.ids[slot] = placed.id;
    slots.names[slot] = placed.name;
    slots.keys[slot] = placed.category;
    slots.street[slot] = placed.street;
    slots.category[slot] = this.categoryOf.get(placed.category) ?? -1;
    slots.profileCategory[slot] = this.profileIndex.get(placed.category) ?? -1;
    slots.alive[slot] = 1;
    slots.edge[slot] = placed.edge;
    slots.t[slot] = placed.t;
    slots.access[slot] = placed.access;
    if (base.graph) {
      slots.chain[slot] = placed.edge === -1 ? -1 : base.graph.core.edgeChain[placed.edge]!;
      slots.at[slot] = placed.edge === -1 ? 0 : chainPosition(base.graph, placed.edge, placed.t);
    }
    const c = slots.category[slot]!;
    if (c === -1) return;
    if (base.graph) {
      if (slots.chain[slot] === -1) return;
      const found = this.searchFrom(Int32Array.of(slot));
      for (let r = 0; r < found.distance.length; r++) {
        const d = found.distance[r]!;
        if (d === Infinity) continue;
        const k = r * C + c;
        if (d < distance[k]! || (d === distance[k]! && slot < nearest[k]!)) this.set(k, d, slot);
      }
      return;
    }
    // Straight line, ranked as the nearest-point query ranks: squared distance, then the lower index.
    this.residenceIndex ??= new PointIndex(base.residenceX, base.residenceY);
    const { residenceX, residenceY } = base;
    const limit = this.maxDistance;
    for (const r of this.residenceIndex.within(x, y, limit)) {
      const dx = x - residenceX[r]!;
      const dy = y - residenceY[r]!;
      const d2 = dx * dx + dy * dy;
      const k = r * C + c;
      const old = nearest[k]!;
      if (old !== -1) {
        const ox = slots.x[old]! - residenceX[r]!;
        const oy = slots.y[old]! - residenceY[r]!;
        const o2 = ox * ox + oy * oy;
        if (o2 < d2 || (o2 === d2 && old < slot)) continue;
      }
      const d = Math.hypot(dx, dy);
      if (d <= limit) this.set(k, d, slot);
    }
  }

  /** One bounded network search from the given slots, into the scratch columns. */
  private searchFrom(members: Int32Array): { distance: Float64Array; nearest: Int32Array } {
    const R = this.touched.length;
    const scratch = (this.scratch ??= { distance: new Float64Array(R), nearest: new Int32Array(R) });
    scratch.distance.fill(Infinity);
    scratch.nearest.fill(-1);
    this.networkSearch().nearest(members, this.maxDistance, scratch.distance, scratch.nearest, 0, 1);
    return scratch;
  }

  /** Copies the baseline's columns the state shares before the first edit writes them. */
  private own(): void {
    if (this.owned) return;
    this.owned = true;
    this.distance = this.distance.slice();
    this.nearest = this.nearest.slice();
    const { tally } = this;
    this.tally = { ...tally, within: tally.within.slice(), score: tally.score.slice(), met: tally.met.slice(), required: tally.required.slice() };
    if (this.slots.reserve(this.slots.count)) this.search = null;
  }

  /** Alive facilities of analysed category c within `radius` metres of (x, y) in a straight line, ascending. */
  private nearby(c: number, x: number, y: number, radius: number): Int32Array {
    const { slots } = this;
    let index = this.categoryIndex[c];
    if (!index) {
      const members: number[] = [];
      for (let f = 0; f < this.baseCount; f++) if (slots.category[f] === c) members.push(f);
      index = new PointIndex(this.base.facilityX, this.base.facilityY, Int32Array.from(members));
      this.categoryIndex[c] = index;
    }
    const found: number[] = [];
    // Baseline facilities at their baseline positions from the index; moved and added ones one by one.
    for (const f of index.within(x, y, radius)) if (slots.alive[f] === 1 && !this.dirty.has(f)) found.push(f);
    const r2 = radius * radius;
    const check = (f: number): void => {
      if (slots.alive[f] !== 1 || slots.category[f] !== c) return;
      const dx = slots.x[f]! - x;
      const dy = slots.y[f]! - y;
      if (dx * dx + dy * dy <= r2) found.push(f);
    };
    for (const f of this.dirty) check(f);
    for (const held of this.held) check(held.slot);
    return Int32Array.from(found).sort();
  }

  /**
   * The edited state's answer: the rows and facilities that changed (`incremental`), else the
   * whole result as a full analysis gives it. Its prepared input (facilities in output order) is
   * built when read (`prepared`).
   */
  private assemble(target: Target, incremental: boolean, versions: { base: number; version: number }): EditStep {
    const { slots, C } = this;
    // Output order is the alive slots in slot order: only facilities that left or joined change it.
    const dropped: number[] = [];
    const joined: number[] = [];
    for (const slot of new Set(this.changedSlots)) {
      const was = this.outputIndex(slot) !== -1;
      if (was !== (slots.alive[slot] === 1)) (was ? dropped : joined).push(slot);
    }
    this.changedSlots = [];
    const droppedAt = Int32Array.from(dropped, (slot) => this.outputIndex(slot)).sort();
    if (dropped.length + joined.length > 0) this.numberSlots();
    const issues = this.issuesOf(target);
    const prepared = this.preparedState(target, issues);
    this.current = prepared;
    // Moves keep the list: the facilities of each category stay as they were.
    const byCategory = (this.outputByCategory ??= membersByCategory(slots.category, slots.alive, slots.count, C));
    const whole = !incremental || !this.exactSums;
    const nearest = whole ? this.inOutputNumbers(this.nearest) : this.nearest;
    const facilityCategory = whole ? this.inOutputOrder(slots.profileCategory) : slots.profileCategory;
    const plan = planAnalysis(prepared, this.options, { byCategory, distance: whole ? this.distance.slice() : this.distance, nearest, facilityCategory });
    const { rules, ruleMet } = evaluateRules(plan);
    const full = this.exactSums ? null : tallyResidences(plan, ruleMet);
    const changed = this.retally(ruleMet, full);
    const { tally } = this;
    if (whole) {
      const tallies: Tallies = full ?? {
        within: tally.within.slice(),
        score: tally.score.slice(),
        met: tally.met.slice(),
        required: tally.required.slice(),
        catchmentPopulation: this.inOutputOrder(slots.catchmentPopulation),
        catchmentResidences: this.inOutputOrder(slots.catchmentResidences),
        coveredPopulation: tally.coveredPopulation.slice(),
        coveredResidences: tally.coveredResidences.slice(),
      };
      this.changedCatchments.clear();
      return { delta: null, result: finishAnalysis(plan, rules, tallies), issues: [] };
    }
    // The totals as a full analysis sums them; the columns it builds around the state's are not kept.
    const tallies: Tallies = { ...tally, catchmentPopulation: slots.catchmentPopulation, catchmentResidences: slots.catchmentResidences };
    const { columns: _columns, ...head } = coreOf(finishAnalysis(plan, rules, tallies));
    const n = changed.length;
    const delta: EditDelta = {
      ...versions,
      rows: changed,
      distance: new Float64Array(n * C),
      facility: new Int32Array(n * C),
      within: new Uint8Array(n * C),
      score: new Float64Array(n),
      met: new Int32Array(n),
      facilities: null,
      catchments: this.catchmentsChanged(joined),
      head,
    };
    changed.forEach((r, i) => {
      delta.distance.set(this.distance.subarray(r * C, r * C + C), i * C);
      delta.within.set(tally.within.subarray(r * C, r * C + C), i * C);
      for (let c = 0; c < C; c++) {
        const slot = this.nearest[r * C + c]!;
        delta.facility[i * C + c] = slot === -1 ? -1 : this.outputIndex(slot);
      }
      delta.score[i] = tally.score[r]!;
      delta.met[i] = tally.met[r]!;
    });
    if (dropped.length + joined.length > 0) {
      joined.sort((a, b) => a - b);
      delta.facilities = {
        dropped: droppedAt,
        joined: Int32Array.from(joined, (slot) => this.outputIndex(slot)),
        ids: joined.map((slot) => slots.ids[slot]!),
        category: Int32Array.from(joined, (slot) => slots.profileCategory[slot]!),
      };
    }
    return { delta, result: null, issues: [] };
  }

  /** The catchments the last update changed (and those of facilities that joined), by output index. */
  private catchmentsChanged(joined: number[]): EditDelta['catchments'] {
    const { slots } = this;
    const alive = [...new Set([...this.changedCatchments, ...joined])].filter((slot) => slots.alive[slot] === 1);
    this.changedCatchments.clear();
    return {
      at: Int32Array.from(alive, (slot) => this.outputIndex(slot)),
      population: Float64Array.from(alive, (slot) => slots.catchmentPopulation[slot]!),
      residences: Int32Array.from(alive, (slot) => slots.catchmentResidences[slot]!),
    };
  }

  /** A slot's index in the facilities of the current state's result (-1: not there). */
  private outputIndex(slot: number): number {
    const numbers = this.slotNumbers;
    if (!numbers) return slot < this.baseCount ? slot : -1;
    return slot < numbers.length ? numbers[slot]! : -1;
  }

  /** Numbers the alive slots in slot order (their output index) after facilities left or joined. */
  private numberSlots(): void {
    const { slots } = this;
    const numbers = new Int32Array(slots.count);
    this.outputCount = numberAlive(slots.alive, slots.count, numbers);
    this.slotNumbers = numbers;
    this.outputIds = null;
    this.outputByCategory = null;
  }

  /** A per-slot column in output order (alive slots only). */
  private inOutputOrder<T extends Float64Array | Int32Array>(column: T): T {
    const out = new (column.constructor as new (n: number) => T)(this.outputCount);
    return inOutputOrder(column, this.slots.alive, this.slots.count, out);
  }

  /** A per-slot text column in output order. */
  private textInOutputOrder<T>(column: T[]): T[] {
    if (this.slotNumbers === null && this.slots.count === this.baseCount) return column.slice(0, this.baseCount);
    const out: T[] = [];
    const { alive, count } = this.slots;
    // Pushed in order: an array made at its full length would be a slow sparse one at this size.
    for (let slot = 0; slot < count; slot++) if (alive[slot] === 1) out.push(column[slot]!);
    return out;
  }

  /** Residence × category slots as output indices. */
  private inOutputNumbers(nearest: Int32Array): Int32Array {
    const out = new Int32Array(nearest.length);
    for (let k = 0; k < nearest.length; k++) out[k] = nearest[k] === -1 ? -1 : this.outputIndex(nearest[k]!);
    return out;
  }

  /**
   * The edited state's prepared input (what suggestions and isochrones read): the baseline's, with
   * the facility columns in output order built on first read. `freezePrepared` builds them before
   * the next update changes the slots, once the state has been handed out.
   */
  private preparedState(target: Target, issues: IssueCollector): PreparedLifeCircle {
    const { base, slots } = this;
    const { facilities } = base.input;
    const once = <T>(build: () => T): (() => T) => {
      let value: T | undefined;
      let built = false;
      return () => {
        if (!built) {
          value = build();
          built = true;
        }
        return value as T;
      };
    };
    const featureIndex = once(() => {
      const indexOf = new Int32Array(slots.count).fill(-1);
      for (let slot = 0; slot < this.baseCount; slot++) indexOf[slot] = target.indexOfRow[facilities.featureIndex[slot]!]!;
      this.held.forEach((held, j) => (indexOf[held.slot] = target.added[j]!.index));
      return this.inOutputOrder(indexOf);
    });
    const ids = once(() => (this.outputIds ??= this.textInOutputOrder(slots.ids)));
    const names = once(() => this.textInOutputOrder(slots.names));
    const category = once(() => this.textInOutputOrder(slots.keys));
    const street = once(() => this.textInOutputOrder(slots.street));
    const lon = once(() => this.inOutputOrder(slots.lon));
    const lat = once(() => this.inOutputOrder(slots.lat));
    const x = once(() => this.inOutputOrder(slots.x));
    const y = once(() => this.inOutputOrder(slots.y));
    const snap = once(() => (base.facilitySnap ? { edge: this.inOutputOrder(slots.edge), t: this.inOutputOrder(slots.t), access: this.inOutputOrder(slots.access) } : null));
    const table = {
      get ids() { return ids(); },
      get names() { return names(); },
      get category() { return category(); },
      get street() { return street(); },
      get lon() { return lon(); },
      get lat() { return lat(); },
      get featureIndex() { return featureIndex(); },
    };
    this.build = () => {
      for (const column of [ids, names, category, street, lon, lat, x, y, snap, featureIndex]) column();
    };
    return {
      ...base,
      input: { ...base.input, facilities: table, bounds: target.bounds, area: target.area, issues: issues.issues, issueCount: issues.total },
      projection: target.projection,
      get facilityX() { return x(); },
      get facilityY() { return y(); },
      get facilitySnap() { return snap(); },
      issues,
      timings: {},
    };
  }

  /** Builds the handed-out state's lazy columns before an update changes the slots they read. */
  private freezePrepared(): void {
    if (this.handedOut) this.build?.();
    this.handedOut = false;
    this.build = null;
  }

  /**
   * Brings the held tallies to the updated cells and rules, visiting only the residences whose
   * cells changed or whose rule verdict did (no other residence can change), and returns those
   * whose outcome changed. With `full` tallies (populations that are not whole numbers: sums must
   * run in residence order) they are taken from it instead of being adjusted.
   */
  private retally(ruleMet: (Uint8Array | null)[], full: Tallies | null): Int32Array {
    const { C, slots, tally, distance, nearest } = this;
    const { categories } = this.baseline;
    const population = this.base.input.residences.population;
    const visit = new Map<number, Int32Array | null>();
    for (const { r, nearest: was } of this.before) visit.set(r, was);
    ruleMet.forEach((met, c) => {
      const was = this.ruleMet[c];
      if (met && was) for (let r = 0; r < met.length; r++) if (met[r] !== was[r] && !visit.has(r)) visit.set(r, null);
    });
    this.ruleMet = ruleMet;
    const moved = new Set<number>();
    for (const { r, distance: d, ids } of this.before) {
      // Touched, maybe back to what it was (a move that keeps a residence's nearest).
      for (let c = 0; c < C; c++) {
        const f = nearest[r * C + c]!;
        if (d[c] !== distance[r * C + c] || ids[c] !== (f === -1 ? null : slots.ids[f])) moved.add(r);
      }
    }
    const changed: number[] = [];
    for (const [r, was] of visit) {
      const people = population[r]!;
      let rowChanged = moved.has(r);
      let met = 0;
      let required = 0;
      for (let c = 0; c < C; c++) {
        const k = r * C + c;
        const category = categories[c]!;
        const before = tally.within[k]!;
        const after = full ? full.within[k]! : isWithin(category, distance[k]!, ruleMet[c]!, r) ? 1 : 0;
        if (before !== after) rowChanged = true;
        if (!full) {
          const oldSlot = was ? was[c]! : nearest[k]!;
          if (before === 1) {
            tally.coveredPopulation[c]! -= people;
            tally.coveredResidences[c]!--;
            if (oldSlot !== -1) {
              slots.catchmentPopulation[oldSlot]! -= people;
              this.changedCatchments.add(oldSlot);
              slots.catchmentResidences[oldSlot]!--;
            }
          }
          if (after === 1) {
            tally.coveredPopulation[c]! += people;
            tally.coveredResidences[c]!++;
            const slot = nearest[k]!;
            if (slot !== -1) {
              slots.catchmentPopulation[slot]! += people;
              this.changedCatchments.add(slot);
              slots.catchmentResidences[slot]!++;
            }
          }
        }
        tally.within[k] = after;
        if (category.required && category.scored) {
          required++;
          if (after === 1) met++;
        }
      }
      const score = required > 0 ? met / required : NaN;
      if (!Object.is(score, tally.score[r])) rowChanged = true;
      tally.score[r] = score;
      tally.met[r] = met;
      tally.required[r] = required;
      if (rowChanged) changed.push(r);
    }
    return Int32Array.from(changed).sort();
  }

  /**
   * The baseline's preparation issues for the edited facilities: a removed or moved facility's are
   * dropped, the others renumbered to their new feature index, and those of moved and added
   * facilities go in where a full analysis reports them (by kind, then feature index).
   */
  private issuesOf(target: Target): IssueCollector {
    const before = this.base.issues;
    const { featureIndex } = this.base.input.facilities;
    const movedRows = new Set([...target.moved.keys()].map((slot) => featureIndex[slot]!));
    const list: ValidationIssue[] = [];
    let dropped = 0;
    for (const issue of before.issues) {
      const row = featureOf(issue);
      if (row === -1) {
        list.push(issue);
        continue;
      }
      const index = target.indexOfRow[row]!;
      if (index === -1 || movedRows.has(row)) {
        dropped++;
        continue;
      }
      const renumbered = index === row ? issue : { ...issue, path: issue.path.replace(FACILITY_PATH, `facilities.features[${index}]`) };
      // An outlier's distance is from the edited area's centre.
      const point = this.outsideRows.get(row);
      if (point && issue.code === 'life-outside-area' && target.area && target.area !== this.base.input.area) {
        const km = target.area.distance(point[0], point[1]);
        list.push({ ...renumbered, message: outsideMessage(target.area, km), params: outsideParams(target.area, km) });
      } else list.push(renumbered);
    }
    const fresh = [...target.moved.values(), ...target.added.map((a) => a.placed)].flatMap((p) => p.issues);
    fresh.sort((a, b) => featureOf(a) - featureOf(b));
    for (const issue of fresh) list.splice(insertionPoint(list, issue), 0, issue);
    const collector = new IssueCollector(before.limit);
    for (const issue of list) collector.add(issue);
    collector.total = before.total - dropped + fresh.length;
    return collector;
  }
}

const REMOVED = { read: false, valid: false } as Placed;

/** Where a full analysis lists a facility's issue: among its kind's in feature order (see `issuesOf`). */
function insertionPoint(list: ValidationIssue[], issue: ValidationIssue): number {
  const group = groupOf(issue);
  const index = featureOf(issue);
  let firstOfGroup = -1;
  let after = -1;
  for (let p = 0; p < list.length; p++) {
    const other = list[p]!;
    const at = featureOf(other);
    if (at === -1 || groupOf(other) !== group) continue;
    if (firstOfGroup === -1) firstOfGroup = p;
    if (at <= index) after = p;
  }
  if (after !== -1) return after + 1;
  if (firstOfGroup !== -1) return firstOfGroup;
  // None of its kind yet: after the residences' of the same kind, before what comes later.
  let anchor = -1;
  for (let p = 0; p < list.length; p++) if (list[p]!.path.startsWith('residences.') && groupOf(list[p]!) === group) anchor = p;
  if (anchor !== -1) return anchor + 1;
  if (group === 'snap') return list.length;
  const later = list.findIndex((other) => (group === 'validate' ? other.path.startsWith('roads') || groupOf(other) !== 'validate' : groupOf(other) === 'snap' || other.path === 'projection'));
  return later === -1 ? list.length : later;
}

/** Rows whose distance, facility (by id), within or score of any category differs between two results over the same residences and categories (detached columns: every row). */
function differingRows(last: LifeCircleColumns, next: LifeCircleColumns): Int32Array {
  const R = next.score.length;
  if (last.score.length !== R || last.distance.length !== next.distance.length) return Int32Array.from({ length: R }, (_, r) => r);
  const C = R > 0 ? next.distance.length / R : 0;
  const rows: number[] = [];
  for (let r = 0; r < R; r++) {
    let differs = !Object.is(last.score[r], next.score[r]);
    for (let k = r * C; !differs && k < (r + 1) * C; k++) {
      const a = last.facility[k]!;
      const b = next.facility[k]!;
      differs = last.distance[k] !== next.distance[k] || last.within[k] !== next.within[k] || (a === -1 ? b !== -1 : b === -1 || last.facilityIds[a] !== next.facilityIds[b]);
    }
    if (differs) rows.push(r);
  }
  return Int32Array.from(rows);
}

/** Alive slots of each analysed category, as output indices (slots numbered in order, skipping dead ones). */
function membersByCategory(category: Int32Array, alive: Uint8Array, count: number, C: number): number[][] {
  const members: number[][] = Array.from({ length: C }, () => []);
  for (let slot = 0, f = 0; slot < count; slot++) {
    if (alive[slot] !== 1) continue;
    const c = category[slot]!;
    if (c !== -1) members[c]!.push(f);
    f++;
  }
  return members;
}

/** Numbers the alive slots in order into `numbers` (-1 for a dead one); their count. */
function numberAlive(alive: Uint8Array, count: number, numbers: Int32Array): number {
  let f = 0;
  for (let slot = 0; slot < count; slot++) numbers[slot] = alive[slot] === 1 ? f++ : -1;
  return f;
}

/** The alive slots' values of a per-slot column, in order, into `out`. */
function inOutputOrder<T extends Float64Array | Int32Array>(column: T, alive: Uint8Array, count: number, out: T): T {
  for (let slot = 0, f = 0; slot < count; slot++) if (alive[slot] === 1) out[f++] = column[slot]!;
  return out;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
