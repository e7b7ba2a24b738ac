/**
 * The panel's numbers, derived from an engine result without touching the DOM: coverage bars,
 * the gap list and one residence's category-by-category detail.
 */
import type { Locale } from '../../core/i18n';
import { dataRecord, residenceOutcome } from '../engine/result';
import type { AnalysedCategory, CategoryCoverage, CategoryRule, LifeCircleResult } from '../engine/types';

export interface CoverageRow {
  key: string;
  label: string;
  level: number;
  required: boolean;
  rule: CategoryRule | null;
  /** Limit in metres for the mode (null for rule rows). */
  limit: number | null;
  minutes: number | null;
  /** Population within the limit (or meeting the rule). */
  population: number;
  /** Share of the total population, 0–1. */
  share: number;
  residences: number;
  /** Facilities of the category in the data. */
  facilities: number;
  color: string;
  visible: boolean;
  /** The same category over the scope's selected unit only (absent or null: no unit selected). */
  unit?: { population: number; share: number; residences: number } | null;
}

const labelOf = (category: AnalysedCategory, locale: Locale): string => category.label[locale] ?? category.label.en ?? category.key;

/** One row per analysed category, in the profile's order. */
export function coverageRows(
  result: LifeCircleResult,
  locale: Locale,
  colors: ReadonlyMap<string, string>,
  hidden: ReadonlySet<string>,
  facilityCounts: ReadonlyMap<string, number> = new Map(),
  unit: UnitCoverage | null = null,
): CoverageRow[] {
  return result.categories.map((category) => {
    const coverage = result.coverage[category.key];
    const inUnit = unit?.coverage[category.key];
    return {
      key: category.key,
      label: labelOf(category, locale),
      level: category.level,
      required: category.required,
      rule: category.rule,
      limit: category.limit,
      minutes: category.minutes,
      population: coverage?.population ?? 0,
      share: coverage?.share ?? 0,
      residences: coverage?.residences ?? 0,
      facilities: facilityCounts.get(category.key) ?? 0,
      color: colors.get(category.key) ?? '#888888',
      visible: !hidden.has(category.key),
      unit: inUnit ? { population: inUnit.population, share: inUnit.share, residences: inUnit.residences } : null,
    };
  });
}

/** `result.coverage` and its totals over the residences of one management unit. */
export interface UnitCoverage {
  /** The unit's id. */
  unit: string;
  /** Residences of the result in the unit (in it or in a unit below it). */
  residences: number;
  /** Their population. */
  population: number;
  /** Per analysed category, as in `result.coverage`, with `share` of the unit's population. */
  coverage: Record<string, CategoryCoverage>;
}

/**
 * The coverage of one unit's residences, read from a result as it is (no new analysis): per
 * category, the population within its limit (or meeting its rule) over the unit's population.
 * `inUnit` tells, by residence id, whether a residence lies in the unit.
 */
export function unitCoverage(result: LifeCircleResult, unit: string, inUnit: (residenceId: string) => boolean): UnitCoverage {
  const { residenceIds, population, within } = result.columns;
  const C = result.categories.length;
  const coveredPopulation = new Float64Array(C);
  const coveredResidences = new Int32Array(C);
  let residences = 0;
  let people = 0;
  for (let r = 0; r < residenceIds.length; r++) {
    if (!inUnit(residenceIds[r]!)) continue;
    const weight = population[r]!;
    residences++;
    people += weight;
    for (let c = 0; c < C; c++) {
      if (within[r * C + c] !== 1) continue;
      coveredPopulation[c]! += weight;
      coveredResidences[c]!++;
    }
  }
  const coverage = dataRecord(
    result.categories.map((category, c): [string, CategoryCoverage] => [
      category.key,
      {
        population: coveredPopulation[c]!,
        share: people > 0 ? coveredPopulation[c]! / people : 0,
        residences: coveredResidences[c]!,
        required: category.required,
        limit: category.limit,
      },
    ]),
  );
  return { unit, residences, population: people, coverage };
}

export interface GapItem {
  category: string;
  label: string;
  required: boolean;
  /** Metres to the nearest facility (null: none within the search distance, or a rule row). */
  distance: number | null;
  limit: number | null;
}

export interface GapResidence {
  id: string;
  name: string;
  population: number;
  score: number | null;
  /** Categories not met, required first, then in profile order. */
  missing: GapItem[];
}

/**
 * Residences with gaps. Without `category`: those missing at least one required category, most
 * missing first, then most people, then id. With `category`: those missing that one category,
 * most people first, then farthest (none in range counts as farthest), then id.
 */
export function gapResidences(
  result: LifeCircleResult,
  locale: Locale,
  nameOf: (id: string) => string | null,
  category: string | null = null,
): GapResidence[] {
  const categories = new Map(result.categories.map((c, i) => [c.key, { category: c, order: i }]));
  const byResidence = new Map<string, GapItem[]>();
  // What `result.gaps` lists, read from the columns in the same order: building those objects for
  // a megacity (300k gaps) would cost more than an edit.
  const { residenceIds, within, distance } = result.columns;
  const C = result.categories.length;
  for (let r = 0; r < residenceIds.length; r++) {
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      const analysed = result.categories[c]!;
      if (within[k] === 1 || (category !== null ? analysed.key !== category : !analysed.required)) continue;
      const entry = categories.get(analysed.key);
      if (!entry) continue;
      const id = residenceIds[r]!;
      let list = byResidence.get(id);
      if (!list) byResidence.set(id, (list = []));
      const d = distance[k]!;
      list.push({ category: analysed.key, label: labelOf(entry.category, locale), required: analysed.required, distance: Number.isFinite(d) ? d : null, limit: analysed.limit });
    }
  }
  const order = (key: string): number => categories.get(key)?.order ?? Infinity;
  const rows: GapResidence[] = [];
  for (const [id, missing] of byResidence) {
    const outcome = residenceOutcome(result, id);
    missing.sort((a, b) => Number(b.required) - Number(a.required) || order(a.category) - order(b.category));
    rows.push({ id, name: nameOf(id) ?? id, population: outcome?.population ?? 0, score: outcome?.score ?? null, missing });
  }
  const byId = (a: GapResidence, b: GapResidence): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (category === null) {
    rows.sort((a, b) => b.missing.length - a.missing.length || b.population - a.population || byId(a, b));
  } else {
    const far = (row: GapResidence): number => row.missing[0]?.distance ?? Infinity;
    rows.sort((a, b) => b.population - a.population || far(b) - far(a) || byId(a, b));
  }
  return rows;
}

/** Value of the gap filter that lists every residence (worst score first) instead of gaps. */
export const ALL_RESIDENCES = '*';

/** Every residence, lowest score first (no score last), then most people, then id; `missing` lists its required gaps. */
export function allResidences(result: LifeCircleResult, locale: Locale, nameOf: (id: string) => string | null): GapResidence[] {
  const withGaps = new Map(gapResidences(result, locale, nameOf).map((row) => [row.id, row]));
  const rows = result.columns.residenceIds.map((id): GapResidence => {
    const outcome = residenceOutcome(result, id)!;
    return withGaps.get(id) ?? { id, name: nameOf(id) ?? id, population: outcome.population, score: outcome.score, missing: [] };
  });
  const scoreKey = (row: GapResidence): number => row.score ?? Infinity;
  rows.sort((a, b) => scoreKey(a) - scoreKey(b) || b.population - a.population || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows;
}

export interface DetailRow {
  key: string;
  label: string;
  required: boolean;
  rule: CategoryRule | null;
  basis: AnalysedCategory['basis'];
  within: boolean;
  distance: number | null;
  minutes: number | null;
  limit: number | null;
  limitMinutes: number | null;
  facility: string | null;
  facilityName: string | null;
}

export interface ResidenceDetail {
  id: string;
  name: string;
  population: number;
  score: number | null;
  met: number;
  required: number;
  /** On the network method, the residence could not be placed on any road. */
  unreachable: boolean;
  rows: DetailRow[];
}

/** A residence's outcome per analysed category (null for an id not in the result). */
export function residenceDetail(
  result: LifeCircleResult,
  id: string,
  locale: Locale,
  nameOf: (id: string) => string | null,
  facilityNameOf: (id: string) => string | null,
): ResidenceDetail | null {
  const outcome = residenceOutcome(result, id);
  if (!outcome) return null;
  return {
    id,
    name: nameOf(id) ?? id,
    population: outcome.population,
    score: outcome.score,
    met: outcome.met,
    required: outcome.required,
    unreachable: result.method === 'network' && outcome.access === null,
    rows: result.categories.map((category) => {
      const cell = outcome.categories[category.key];
      const facility = cell?.facility ?? null;
      return {
        key: category.key,
        label: labelOf(category, locale),
        required: category.required,
        rule: category.rule,
        basis: category.basis,
        within: cell?.within ?? false,
        distance: cell?.distance ?? null,
        minutes: cell?.minutes ?? null,
        limit: category.limit,
        limitMinutes: category.minutes,
        facility,
        facilityName: facility === null ? null : (facilityNameOf(facility) ?? facility),
      };
    }),
  };
}

/** Distances the isochrone of a selected residence is drawn at: each distinct limit of the run (or its search distance). */
export function isochroneDistances(result: LifeCircleResult): number[] {
  const limits = new Set<number>();
  for (const c of result.categories) if (c.limit !== null && c.limit > 0) limits.add(c.limit);
  if (limits.size === 0 && result.maxDistance > 0) limits.add(result.maxDistance);
  return [...limits].sort((a, b) => a - b);
}

/** Categories new sites can be suggested for: the run's rows that have a radius. */
export function suggestableCategories(result: LifeCircleResult, locale: Locale): { key: string; label: string; required: boolean }[] {
  return result.categories.filter((c) => c.rule === null && c.limit !== null).map((c) => ({ key: c.key, label: labelOf(c, locale), required: c.required }));
}
