import type { CategoryOutcome, FacilityCatchment, LifeCircleColumns, LifeCircleGap, LifeCircleResult, ResidenceOutcome } from './types';

/** A result without its per-record objects: what a worker sends (columns transferred). */
export type LifeCircleCore = Omit<LifeCircleResult, 'residences' | 'gaps' | 'catchments'>;

/**
 * Adds `residences`, `gaps` and `catchments` to a core result as lazy, cached, enumerable
 * properties: on a megacity they are a million small objects, built only when read.
 */
export function materializeResult(core: LifeCircleCore): LifeCircleResult {
  const result = core as LifeCircleResult;
  // Keyed by data (category keys): a structured clone from the worker gives plain objects back,
  // where a key like "constructor" would read Object.prototype's. Re-key them without a prototype.
  result.coverage = dataRecord(Object.entries(core.coverage));
  result.rules = dataRecord(Object.entries(core.rules));
  lazy(result, 'residences', () => buildResidences(core));
  lazy(result, 'gaps', () => buildGaps(core));
  lazy(result, 'catchments', () => buildCatchments(core.columns));
  return result;
}

function lazy<K extends 'residences' | 'gaps' | 'catchments'>(target: LifeCircleResult, key: K, build: () => LifeCircleResult[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = build();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: false });
      return value;
    },
  });
}

/**
 * An object keyed by data (ids, category keys): no prototype, so "__proto__", "constructor" or
 * "toString" are ordinary keys — `record[id]` is that record's entry or undefined, never an
 * inherited member — and assignment never changes a prototype.
 */
export function dataRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

const orNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

function buildResidences(core: LifeCircleCore): Record<string, ResidenceOutcome> {
  const { residenceIds } = core.columns;
  const out = dataRecord<ResidenceOutcome>();
  for (let r = 0; r < residenceIds.length; r++) out[residenceIds[r]!] = outcomeAt(core, r);
  return out;
}

/** The row of each residence id (the last row when ids repeat, as in `residences`), per id column. */
const rowsByIds = new WeakMap<readonly string[], Map<string, number>>();

/**
 * One residence's outcome read from the result's columns, as `result.residences[id]` gives it
 * (undefined for an id not in the result), without building the outcome objects of every
 * residence: reading `residences` once costs about a second on a megacity, and a what-if edit
 * gives a new result each time.
 */
export function residenceOutcome(core: LifeCircleCore, id: string): ResidenceOutcome | undefined {
  const ids = core.columns.residenceIds;
  let rows = rowsByIds.get(ids);
  if (!rows) {
    rows = new Map();
    for (let r = 0; r < ids.length; r++) rows.set(ids[r]!, r);
    rowsByIds.set(ids, rows);
  }
  const row = rows.get(id);
  return row === undefined ? undefined : outcomeAt(core, row);
}

function outcomeAt(core: LifeCircleCore, r: number): ResidenceOutcome {
  const { columns, speed } = core;
  const { categories, facilityIds, distance, facility, within, score, met, required, population, access } = columns;
  const C = categories.length;
  const outcomes = dataRecord<CategoryOutcome>();
  for (let c = 0; c < C; c++) {
    const k = r * C + c;
    const d = orNull(distance[k]!);
    const f = facility[k]!;
    outcomes[categories[c]!] = {
      distance: d,
      minutes: d === null ? null : d / speed,
      facility: d === null || f === -1 ? null : facilityIds[f]!,
      within: within[k] === 1,
    };
  }
  return {
    score: orNull(score[r]!),
    met: met[r]!,
    required: required[r]!,
    population: population[r]!,
    access: orNull(access[r]!),
    categories: outcomes,
  };
}

function buildGaps(core: LifeCircleCore): LifeCircleGap[] {
  const { columns, categories } = core;
  const { residenceIds, distance, within, population } = columns;
  const C = categories.length;
  const gaps: LifeCircleGap[] = [];
  for (let r = 0; r < residenceIds.length; r++) {
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      if (within[k] === 1) continue;
      const category = categories[c]!;
      gaps.push({
        residence: residenceIds[r]!,
        category: category.key,
        required: category.required,
        population: population[r]!,
        distance: orNull(distance[k]!),
        limit: category.limit,
      });
    }
  }
  return gaps;
}

function buildCatchments(columns: LifeCircleColumns): Record<string, FacilityCatchment> {
  const { facilityIds, facilityCategory, facilityCategoryKeys, catchmentPopulation, catchmentResidences, categories } = columns;
  const analysed = new Set(categories);
  const out = dataRecord<FacilityCatchment>();
  for (let f = 0; f < facilityIds.length; f++) {
    const category = facilityCategoryKeys[facilityCategory[f]!];
    if (category === undefined || !analysed.has(category)) continue;
    out[facilityIds[f]!] = { category, population: catchmentPopulation[f]!, residences: catchmentResidences[f]! };
  }
  return out;
}

/** Typed arrays of a core result, for `postMessage(…, transfer)`. */
export function transferablesOf(core: LifeCircleCore): ArrayBuffer[] {
  const c = core.columns;
  const buffers = [
    c.population,
    c.distance,
    c.facility,
    c.within,
    c.score,
    c.met,
    c.required,
    c.access,
    c.catchmentPopulation,
    c.catchmentResidences,
    c.facilityCategory,
  ].map((array) => array.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}

/** The core with copies of its typed columns: to transfer while the engine keeps the originals (what-if edits start from them). */
export function withCopiedColumns(core: LifeCircleCore): LifeCircleCore {
  const c = core.columns;
  const columns = { ...c };
  for (const key of ['population', 'distance', 'facility', 'within', 'score', 'met', 'required', 'access', 'catchmentPopulation', 'catchmentResidences', 'facilityCategory'] as const) {
    (columns as Record<typeof key, unknown>)[key] = c[key].slice();
  }
  return { ...core, columns };
}

/** The core of a (possibly materialized) result, without triggering the lazy getters. */
export function coreOf(result: LifeCircleResult): LifeCircleCore {
  const { method, profile, level, mode, speed, maxDistance, projection, categories, coverage, rules, summary, issues, issueCount, columns, timings } = result;
  return { method, profile, level, mode, speed, maxDistance, projection, categories, coverage, rules, summary, issues, issueCount, columns, timings };
}

/**
 * What one what-if edit changed, against the state before it (`base` → `version`): the rows whose
 * outcome changed with their cells, the facilities that left or joined the list, the catchments
 * that changed, and the rest of the result (small). A worker sends this instead of the columns;
 * `patchResult` applies it to the result of the state before.
 */
export interface EditDelta {
  base: number;
  version: number;
  /** Residence rows that changed (ascending), their cells row-major in category order, and their tallies (`required` never changes). */
  rows: Int32Array;
  distance: Float64Array;
  facility: Int32Array;
  within: Uint8Array;
  score: Float64Array;
  met: Int32Array;
  /** Facilities that left the list (their index before) and joined it (their index after), ascending; null when the list is the same. */
  facilities: { dropped: Int32Array; joined: Int32Array; ids: string[]; category: Int32Array } | null;
  /** Catchments that changed or joined, by facility index after the edit. */
  catchments: { at: Int32Array; population: Float64Array; residences: Int32Array };
  head: Omit<LifeCircleCore, 'columns'>;
}

/** Typed arrays of a delta, for `postMessage(…, transfer)`. */
export function deltaTransferables(delta: EditDelta): ArrayBuffer[] {
  const { rows, distance, facility, within, score, met, facilities, catchments } = delta;
  const arrays = [rows, distance, facility, within, score, met, catchments.at, catchments.population, catchments.residences];
  if (facilities) arrays.push(facilities.dropped, facilities.joined, facilities.category);
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

/** Results `patchResult` made: their columns are the patch's own, so the next patch writes them in place. */
const patched = new WeakSet<LifeCircleResult>();

/**
 * The result after an edit: `previous` (the result of the state the delta starts from) with the
 * delta applied, as a new result object. When `previous` came from an earlier patch its residence
 * columns are updated in place (a plan's result is superseded by the next edit's: no copy of a
 * million cells per edit, no garbage); any other result (an analysis, the baseline) is left as it
 * was and the changed columns are copied first. Facility indices are renumbered when facilities
 * left or joined the list before its end.
 */
export function patchResult(previous: LifeCircleResult, delta: EditDelta): LifeCircleResult {
  const was = previous.columns;
  const C = was.categories.length;
  const { rows } = delta;
  const own = patched.has(previous);
  const writable = <T extends Float64Array | Int32Array | Uint8Array>(column: T): T => (own ? column : (column.slice() as T));
  let { facilityIds, facilityCategory, catchmentPopulation, catchmentResidences, facility } = was;
  const list = delta.facilities;
  if (list) {
    const before = facilityIds.length;
    const F = before - list.dropped.length + list.joined.length;
    const indexAfter = new Int32Array(before).fill(-1);
    // Filled in order (an array made at its full length would be a slow sparse one at this size).
    facilityIds = [];
    facilityCategory = new Int32Array(F);
    catchmentPopulation = new Float64Array(F);
    catchmentResidences = new Int32Array(F);
    mergeFacilities(was, list, indexAfter, { facilityIds, facilityCategory, catchmentPopulation, catchmentResidences });
    // Facilities that joined at the end only: every index stays.
    const shifted = list.dropped.length > 0 || (list.joined.length > 0 && list.joined[0]! < before);
    if (shifted) facility = renumber(facility, indexAfter, own ? facility : new Int32Array(facility.length));
    else if (rows.length > 0) facility = writable(facility);
  } else {
    if (rows.length > 0) facility = writable(facility);
    if (delta.catchments.at.length > 0) {
      catchmentPopulation = writable(catchmentPopulation);
      catchmentResidences = writable(catchmentResidences);
    }
  }
  const { at } = delta.catchments;
  for (let i = 0; i < at.length; i++) {
    catchmentPopulation[at[i]!] = delta.catchments.population[i]!;
    catchmentResidences[at[i]!] = delta.catchments.residences[i]!;
  }
  let { distance, within, score, met } = was;
  if (rows.length > 0) {
    distance = writable(distance);
    within = writable(within);
    score = writable(score);
    met = writable(met);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      distance.set(delta.distance.subarray(i * C, i * C + C), r * C);
      facility.set(delta.facility.subarray(i * C, i * C + C), r * C);
      within.set(delta.within.subarray(i * C, i * C + C), r * C);
      score[r] = delta.score[i]!;
      met[r] = delta.met[i]!;
    }
  }
  const columns = { ...was, facilityIds, facilityCategory, catchmentPopulation, catchmentResidences, facility, distance, within, score, met };
  const result = materializeResult({ ...delta.head, columns });
  patched.add(result);
  return result;
}

type FacilityColumns = Pick<LifeCircleColumns, 'facilityIds' | 'facilityCategory' | 'catchmentPopulation' | 'catchmentResidences'>;

/** The facility columns after facilities left and joined the list, into `out`; `indexAfter`: each old index's new one (-1: left). */
function mergeFacilities(was: FacilityColumns, list: NonNullable<EditDelta['facilities']>, indexAfter: Int32Array, out: FacilityColumns): void {
  const F = out.facilityCategory.length;
  let old = 0;
  let dropped = 0;
  let joined = 0;
  for (let f = 0; f < F; f++) {
    if (joined < list.joined.length && list.joined[joined] === f) {
      out.facilityIds.push(list.ids[joined]!);
      out.facilityCategory[f] = list.category[joined++]!;
      continue;
    }
    while (dropped < list.dropped.length && list.dropped[dropped] === old) {
      old++;
      dropped++;
    }
    indexAfter[old] = f;
    out.facilityIds.push(was.facilityIds[old]!);
    out.facilityCategory[f] = was.facilityCategory[old]!;
    out.catchmentPopulation[f] = was.catchmentPopulation[old]!;
    out.catchmentResidences[f] = was.catchmentResidences[old++]!;
  }
}

/** Facility indices mapped to their new ones (-1 stays), into `out` (may be `facility` itself). */
function renumber(facility: Int32Array, indexAfter: Int32Array, out: Int32Array): Int32Array {
  for (let k = 0; k < facility.length; k++) {
    const f = facility[k]!;
    out[k] = f === -1 ? -1 : indexAfter[f]!;
  }
  return out;
}
