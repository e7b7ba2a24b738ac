/**
 * Coverage by management unit: a life-circle result rolled up the grid hierarchy, so a planner
 * reads "community C03 reaches a kindergarten for 41 % of its people" instead of a million
 * residence rows. Each residence counts in its own unit and in every unit above it; figures are
 * population-weighted. Pure: no DOM, no new analysis (it reads the result's columns).
 */
import { crsTransform, type Crs } from '../../core/crs';
import { GRID_LEVELS, type GridLevel } from '../../core/levels';
import type { LifeCircleColumns } from '../engine/types';

/**
 * The unit hierarchy the coverage is summed over — what `UnitTree` (`citykit/scope`) offers; a
 * model takes it by shape, so it needs no import from another folder.
 */
export interface UnitHierarchy {
  readonly size: number;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly levels: readonly (GridLevel | null)[];
  readonly depths: ArrayLike<number>;
  /** Parent unit index, -1 for a top unit. */
  readonly parents: ArrayLike<number>;
  /** Where the units lie, when their polygons are known: the deepest unit holding (x, y) in `crs`, or -1. */
  readonly areas: { readonly crs: Crs; locate(x: number, y: number): number } | null;
  indexOf(id: string | null | undefined): number;
  /** Unit indexes, every unit after all the units below it. */
  bottomUp(): ArrayLike<number>;
}

/** How a residence was placed in its unit. */
export type UnitAssignment = 'field' | 'polygon' | 'none';

/** Where each residence lies in a hierarchy: unit indexes of `tree`, -1 when in none. */
export interface ResidenceUnits {
  units: Int32Array;
  /** How many residences were placed by their field, by a unit polygon, or not at all. */
  counts: Record<UnitAssignment, number>;
}

/**
 * Places each residence in a unit: by its own reference (`grid`, else `community`/`street` — the
 * caller passes what the data carries) when the hierarchy knows it, else in the deepest unit
 * whose polygon holds its position (`positions`: lon, lat interleaved, in `positionsCrs`).
 */
export function assignResidences(tree: UnitHierarchy, references: readonly (string | null)[], positions: ArrayLike<number> | null, positionsCrs: Crs = 'wgs84'): ResidenceUnits {
  const units = new Int32Array(references.length).fill(-1);
  const counts: Record<UnitAssignment, number> = { field: 0, polygon: 0, none: 0 };
  const areas = positions ? tree.areas : null;
  const toAreas = areas ? crsTransform(positionsCrs, areas.crs) : null;
  for (let r = 0; r < references.length; r++) {
    let unit = tree.indexOf(references[r]);
    let how: UnitAssignment = unit >= 0 ? 'field' : 'none';
    if (unit < 0 && areas && toAreas) {
      const [x, y] = toAreas(positions![2 * r]!, positions![2 * r + 1]!);
      unit = areas.locate(x, y);
      if (unit >= 0) how = 'polygon';
    }
    units[r] = unit;
    counts[how]++;
  }
  return { units, counts };
}

/** One unit's row of the coverage table. */
export interface UnitCoverageRow {
  id: string;
  name: string;
  level: GridLevel | null;
  /** 0 for a top unit. */
  depth: number;
  /** Residences in the unit or below it. */
  residences: number;
  population: number;
  /** Per analysed category (the table's order): population within its limit. */
  covered: number[];
  /** covered / population per category; 0 when the unit has no population. */
  share: number[];
  /**
   * Population-weighted share of required categories met: Σ population × met / required over the
   * unit's residences with required rows, divided by their population; null when none has any.
   */
  score: number | null;
}

/**
 * The coverage of every unit with at least one residence, as columns (a megacity has 100k units:
 * no object per unit until one is read with `row`). Row i is unit `units[i]` of the hierarchy.
 */
export interface UnitCoverageTable {
  /** Category keys, in the order of `covered` (row-major: row × categories + category). */
  categories: string[];
  /** Unit index (in the hierarchy) of each row, in the hierarchy's order. */
  units: Int32Array;
  residences: Int32Array;
  population: Float64Array;
  covered: Float64Array;
  /** NaN where a unit has no residence with required rows. */
  score: Float64Array;
  /** Residences in no unit of the hierarchy, and their population. */
  outside: { residences: number; population: number };
  /** Row `i` as an object. */
  row(i: number): UnitCoverageRow;
  /** The id and level of row `i`'s unit (no object made: for many rows). */
  id(i: number): string;
  level(i: number): GridLevel | null;
  /** The row of unit `id`, -1 when the unit has no residence (or is unknown). */
  rowOf(id: string): number;
}

/**
 * Sums the result's residences into their units and every unit above them. `units[r]` is the
 * unit index (in `tree`) of residence row r of `columns`, -1 for none (see `assignResidences`).
 */
export function coverageByUnit(columns: LifeCircleColumns, tree: UnitHierarchy, units: Int32Array): UnitCoverageTable {
  const { categories, population, within, score, required } = columns;
  const C = categories.length;
  const U = tree.size;
  const residences = new Int32Array(U);
  const people = new Float64Array(U);
  const covered = new Float64Array(U * C);
  const scoreSum = new Float64Array(U);
  const scorePeople = new Float64Array(U);
  const outside = { residences: 0, population: 0 };

  // Each residence into its own unit; the hierarchy's sums come after, one pass up the tree.
  for (let r = 0; r < units.length; r++) {
    const u = units[r]!;
    const weight = population[r]!;
    if (u < 0) {
      outside.residences++;
      outside.population += weight;
      continue;
    }
    residences[u]!++;
    people[u]! += weight;
    for (let c = 0; c < C; c++) if (within[r * C + c] === 1) covered[u * C + c]! += weight;
    if (required[r]! > 0 && Number.isFinite(score[r]!)) {
      scoreSum[u]! += weight * score[r]!;
      scorePeople[u]! += weight;
    }
  }
  const bottomUp = tree.bottomUp();
  for (let k = 0; k < bottomUp.length; k++) {
    const u = bottomUp[k]!;
    const p = tree.parents[u]!;
    if (p < 0 || residences[u] === 0) continue;
    residences[p]! += residences[u]!;
    people[p]! += people[u]!;
    scoreSum[p]! += scoreSum[u]!;
    scorePeople[p]! += scorePeople[u]!;
    for (let c = 0; c < C; c++) covered[p * C + c]! += covered[u * C + c]!;
  }

  let rows = 0;
  for (let u = 0; u < U; u++) if (residences[u]! > 0) rows++;
  const table = {
    categories: [...categories],
    units: new Int32Array(rows),
    residences: new Int32Array(rows),
    population: new Float64Array(rows),
    covered: new Float64Array(rows * C),
    score: new Float64Array(rows),
    outside,
  };
  const rowByUnit = new Int32Array(U).fill(-1);
  for (let u = 0, i = 0; u < U; u++) {
    if (residences[u] === 0) continue;
    rowByUnit[u] = i;
    table.units[i] = u;
    table.residences[i] = residences[u]!;
    table.population[i] = people[u]!;
    for (let c = 0; c < C; c++) table.covered[i * C + c] = covered[u * C + c]!;
    table.score[i] = scorePeople[u]! > 0 ? scoreSum[u]! / scorePeople[u]! : NaN;
    i++;
  }
  return {
    ...table,
    rowOf: (id) => rowByUnit[tree.indexOf(id)] ?? -1,
    id: (i) => tree.ids[table.units[i]!]!,
    level: (i) => tree.levels[table.units[i]!] ?? null,
    row(i) {
      const u = table.units[i]!;
      const unitCovered = Array.from(table.covered.subarray(i * C, i * C + C));
      const unitPeople = table.population[i]!;
      return {
        id: tree.ids[u]!,
        name: tree.names[u]!,
        level: tree.levels[u] ?? null,
        depth: tree.depths[u]!,
        residences: table.residences[i]!,
        population: unitPeople,
        covered: unitCovered,
        share: unitCovered.map((value) => (unitPeople > 0 ? value / unitPeople : 0)),
        score: Number.isNaN(table.score[i]!) ? null : table.score[i]!,
      };
    },
  };
}

/** What a coverage table can be sorted by: the score, one category's share (its key), or population. */
export type UnitCoverageSort = { by: 'score' } | { by: 'category'; category: string } | { by: 'population' };

/**
 * Row indexes, worst first: the lowest score (or share) on top; a unit without a score last; ties
 * by more people first (a gap over more people matters more), then by unit order. By population:
 * the most people first.
 */
export function worstFirst(table: UnitCoverageTable, sort: UnitCoverageSort = { by: 'score' }): Int32Array {
  const C = table.categories.length;
  const c = sort.by === 'category' ? table.categories.indexOf(sort.category) : -1;
  const rows = table.units.length;
  const key = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const people = table.population[i]!;
    if (sort.by === 'score') key[i] = table.score[i]!;
    else if (sort.by === 'population') key[i] = -people;
    else key[i] = c >= 0 && people > 0 ? table.covered[i * C + c]! / people : c >= 0 ? 0 : NaN;
  }
  return Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) => {
    const ka = key[a]!;
    const kb = key[b]!;
    if (Number.isNaN(ka) || Number.isNaN(kb)) {
      if (Number.isNaN(ka) !== Number.isNaN(kb)) return Number.isNaN(ka) ? 1 : -1;
    } else if (ka !== kb) return ka - kb;
    return table.population[b]! - table.population[a]! || a - b;
  });
}


/** The levels the table has rows at, top to bottom (`GRID_LEVELS` order; units without a level are left out). */
export function tableLevels(table: UnitCoverageTable): GridLevel[] {
  const present = new Set<GridLevel>();
  for (let i = 0; i < table.units.length; i++) {
    const level = table.level(i);
    if (level) present.add(level);
  }
  return GRID_LEVELS.filter((level) => present.has(level));
}

/** The rows of `order` (e.g. `worstFirst`'s) whose unit is at `level`, in that order. */
export function rowsAtLevel(table: UnitCoverageTable, order: Int32Array, level: GridLevel): Int32Array {
  return order.filter((i) => table.level(i) === level);
}

/**
 * What a choropleth colours each unit by, in percent: the sorted category's share, else the
 * score (a unit without a score: no value). `[{id, value}]` rows, so unit ids never become keys.
 */
export function unitValues(table: UnitCoverageTable, sort: UnitCoverageSort): { id: string; value: number | null }[] {
  const C = table.categories.length;
  const c = sort.by === 'category' ? table.categories.indexOf(sort.category) : -1;
  return Array.from(table.units, (_, i) => {
    const people = table.population[i]!;
    const value = c >= 0 ? (people > 0 ? table.covered[i * C + c]! / people : 0) : table.score[i]!;
    return { id: table.id(i), value: Number.isNaN(value) ? null : value * 100 };
  });
}
