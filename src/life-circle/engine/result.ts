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
  const { columns, speed } = core;
  const { residenceIds, categories, facilityIds, distance, facility, within, score, met, required, population, access } = columns;
  const C = categories.length;
  const out = dataRecord<ResidenceOutcome>();
  for (let r = 0; r < residenceIds.length; r++) {
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
    out[residenceIds[r]!] = {
      score: orNull(score[r]!),
      met: met[r]!,
      required: required[r]!,
      population: population[r]!,
      access: orNull(access[r]!),
      categories: outcomes,
    };
  }
  return out;
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

/** The core of a (possibly materialized) result, without triggering the lazy getters. */
export function coreOf(result: LifeCircleResult): LifeCircleCore {
  const { method, profile, level, mode, speed, maxDistance, projection, categories, coverage, rules, summary, issues, issueCount, columns, timings } = result;
  return { method, profile, level, mode, speed, maxDistance, projection, categories, coverage, rules, summary, issues, issueCount, columns, timings };
}
