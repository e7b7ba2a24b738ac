/**
 * Coverage by management unit: a life-circle result rolled up the grid hierarchy, so a planner
 * reads "community C03 reaches a kindergarten for 41 % of its people" instead of a million
 * residence rows. Each residence counts in its own unit and in every unit above it; figures are
 * population-weighted. Pure: no DOM, no new analysis (it reads the result's columns).
 */
import { crsTransform, type Crs } from '../../core/crs';
import type { GridLevel } from '../../core/levels';
import type { UnitTree } from '../../scope/model/unit-tree';
import type { LifeCircleColumns } from '../engine/types';

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
export function assignResidences(tree: UnitTree, references: readonly (string | null)[], positions: ArrayLike<number> | null, positionsCrs: Crs = 'wgs84'): ResidenceUnits {
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
  /** Per analysed category (the result's order): population within its limit. */
  covered: Float64Array;
  /** covered / population per category; 0 when the unit has no population. */
  share: Float64Array;
  /**
   * Population-weighted share of required categories met: Σ population × met / required over the
   * unit's residences with required rows, divided by their population; null when none has any.
   */
  score: number | null;
}

export interface UnitCoverageTable {
  /** Category keys, in the order of each row's `covered` and `share`. */
  categories: string[];
  /** Every unit of the hierarchy with at least one residence, in the hierarchy's order. */
  rows: UnitCoverageRow[];
  /** Residences in no unit of the hierarchy, and their population. */
  outside: { residences: number; population: number };
}

/**
 * Sums the result's residences into their units and every unit above them. `units[r]` is the
 * unit index (in `tree`) of residence row r of `columns`, -1 for none (see `assignResidences`).
 */
export function coverageByUnit(columns: LifeCircleColumns, tree: UnitTree, units: Int32Array): UnitCoverageTable {
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
  // Deepest units first, so a unit's sums are complete before they are added to its parent.
  const byDepth = Array.from({ length: U }, (_, u) => u).sort((a, b) => tree.depths[b]! - tree.depths[a]!);
  for (const u of byDepth) {
    const p = tree.parents[u]!;
    if (p < 0) continue;
    residences[p]! += residences[u]!;
    people[p]! += people[u]!;
    scoreSum[p]! += scoreSum[u]!;
    scorePeople[p]! += scorePeople[u]!;
    for (let c = 0; c < C; c++) covered[p * C + c]! += covered[u * C + c]!;
  }

  const rows: UnitCoverageRow[] = [];
  for (let u = 0; u < U; u++) {
    if (residences[u] === 0) continue;
    const unitCovered = covered.slice(u * C, u * C + C);
    rows.push({
      id: tree.ids[u]!,
      name: tree.names[u]!,
      level: tree.levels[u] ?? null,
      depth: tree.depths[u]!,
      residences: residences[u]!,
      population: people[u]!,
      covered: unitCovered,
      share: unitCovered.map((value) => (people[u]! > 0 ? value / people[u]! : 0)),
      score: scorePeople[u]! > 0 ? scoreSum[u]! / scorePeople[u]! : null,
    });
  }
  return { categories: [...categories], rows, outside };
}

/** What a coverage table can be sorted by: the score, or one category's share (its key). */
export type UnitCoverageSort = { by: 'score' } | { by: 'category'; category: string } | { by: 'population' };

/**
 * Worst first: the lowest score (or share) on top; a unit without a score last; ties by more
 * people first (a gap over more people matters more), then by id. Returns a new array.
 */
export function worstFirst(table: UnitCoverageTable, sort: UnitCoverageSort = { by: 'score' }): UnitCoverageRow[] {
  const c = sort.by === 'category' ? table.categories.indexOf(sort.category) : -1;
  const key = (row: UnitCoverageRow): number | null => {
    if (sort.by === 'score') return row.score;
    if (sort.by === 'population') return -row.population;
    return c >= 0 ? row.share[c]! : null;
  };
  return [...table.rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) {
      if (ka !== kb) return ka === null ? 1 : -1;
    } else if (ka !== kb) return ka - kb;
    if (a.population !== b.population) return b.population - a.population;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
