/**
 * Which records lie in a scope's management unit, in the form the GPU data filter takes. Each
 * record carries a float key: its unit's position in the hierarchy's depth-first order, so the
 * records of a unit and of every unit below it are one interval of keys. Selecting another unit
 * then moves two filter bounds (uniforms); the keys themselves are computed and uploaded once per
 * (table, hierarchy). A record lies in the unit its `grid` field names; one without a grid, or with
 * a grid the hierarchy does not know, lies in the deepest unit whose polygon contains it when the
 * hierarchy came with polygons (the same rule as the roll-up), else in no unit. Pure: no DOM.
 */
import { crsTransform, type Crs } from '../../core/crs';
import type { RiskTable } from './table';

/** What the filter needs of a unit hierarchy (a scope's `UnitTree` is one). */
export interface UnitHierarchy {
  readonly size: number;
  readonly ids: readonly string[];
  /** Parent unit index, -1 for a root. */
  readonly parents: ArrayLike<number>;
  /** Unit index of `id`, -1 when unknown. */
  indexOf(id: string | null | undefined): number;
  /** `id` and every unit below it, depth first. */
  subtree(id: string): string[];
  /** Where the units lie, when their polygons are known: the unit index of the deepest unit containing a position. */
  readonly areas?: { readonly crs: Crs; locate(x: number, y: number): number } | null;
}

/** Key of a record in no known unit: outside every unit's interval. */
export const NO_UNIT = -1;

/** An interval no key falls in (a unit nothing lies in). */
const NOTHING: readonly [number, number] = [NO_UNIT - 2, NO_UNIT - 1];

export interface RiskUnitFilter {
  /** Per row: its unit key (float32, `NO_UNIT` when the record lies in no known unit). */
  readonly keys: Float32Array;
  /** The inclusive interval of keys shown. */
  readonly range: readonly [number, number];
  /**
   * The rows whose key lies in `range` (in any order), when known: counts walk only these instead
   * of every row. Absent: walk all rows and test each key.
   */
  readonly rows?: Uint32Array;
  /** True when `range` holds every key (nothing is filtered out by the unit). */
  readonly everything?: boolean;
  /** The columns a count reads, for `rows` in the same order: read in sequence, not scattered over the table. */
  readonly rowColumns?: RiskRowColumns;
  /**
   * Records in the unit per level rank (index 1–4; index 0 the total), when known: with no time
   * window and every category shown, the legend's counts are these (no walk over the rows).
   */
  readonly levelCounts?: readonly number[];
}

/** Copies of a table's counted columns, in some order of its rows. */
export interface RiskRowColumns {
  readonly timeOffset: Float32Array;
  readonly level: Uint8Array;
  readonly category: Uint16Array;
}

/** Ranks 0–4 per slot of the level prefix table (rank 0 unused by rows: it holds the total). */
const RANKS = 5;

/** The unit keys of one table under one hierarchy (see the module comment). */
export class RiskUnitIndex {
  readonly keys: Float32Array;
  /** Per unit index: its depth-first position. */
  private readonly position: Int32Array;
  /** Per unit index: how many units its subtree holds (itself included). */
  private readonly size: Int32Array;
  /**
   * Rows sorted by key (stable), where each key's run starts, and per run start the rows before it
   * per level rank (a prefix table: a unit's counts by level are two reads), and the counted columns
   * in that order (a count under a time window reads its unit's run in sequence): built once.
   */
  private sorted: { rows: Uint32Array; starts: Uint32Array; levelsBefore: Uint32Array; columns: RiskRowColumns } | null = null;

  /** `crs`: the CRS of the table's positions. */
  constructor(
    readonly table: RiskTable,
    readonly tree: UnitHierarchy,
    readonly crs: Crs,
  ) {
    const n = tree.size;
    this.position = new Int32Array(n).fill(NO_UNIT);
    this.size = new Int32Array(n).fill(1);
    // Roots in index order, each followed by its subtree: every subtree is one run of positions.
    const order: number[] = [];
    for (let root = 0; root < n; root++) {
      if (tree.parents[root] >= 0) continue;
      for (const id of tree.subtree(tree.ids[root])) order.push(tree.indexOf(id));
    }
    order.forEach((unit, position) => (this.position[unit] = position));
    // Children come after their parent in depth-first order: sum the sizes from the end.
    for (let i = order.length - 1; i >= 0; i--) {
      const parent = tree.parents[order[i]];
      if (parent >= 0) this.size[parent] += this.size[order[i]];
    }
    // One lookup per distinct grid id, then one array read per record.
    const keyOfGrid = new Float32Array(table.grids.length);
    table.grids.forEach((grid, code) => {
      const unit = tree.indexOf(grid);
      keyOfGrid[code] = unit < 0 ? NO_UNIT : this.position[unit];
    });
    this.keys = new Float32Array(table.length);
    const areas = tree.areas;
    const toAreas = areas && areas.crs !== crs ? crsTransform(crs, areas.crs) : null;
    const { positions } = table;
    for (let row = 0; row < table.length; row++) {
      const code = table.gridCode[row];
      let key = code < 0 ? NO_UNIT : keyOfGrid[code];
      if (key === NO_UNIT && areas) {
        const [x, y] = toAreas ? toAreas(positions[row * 3], positions[row * 3 + 1]) : [positions[row * 3], positions[row * 3 + 1]];
        const unit = areas.locate(x, y);
        if (unit >= 0) key = this.position[unit];
      }
      this.keys[row] = key;
    }
  }

  /**
   * The filter showing every record, on the same keys: a scope with a hierarchy keeps its keys on
   * the GPU whether a unit is selected or not, so clearing and selecting never re-upload them.
   */
  all(): RiskUnitFilter {
    const byRank = this.table.levelCounts;
    const levelCounts = [0, byRank[1], byRank[2], byRank[3], byRank[4]];
    levelCounts[0] = levelCounts[1] + levelCounts[2] + levelCounts[3] + levelCounts[4];
    return { keys: this.keys, range: [NO_UNIT, Math.max(this.tree.size, 1)], everything: true, levelCounts };
  }

  /**
   * The filter showing the records of `unit` and of every unit below it (none for an unknown unit),
   * with its rows: a subtree's keys are one interval, so its rows are one run of the sorted rows.
   */
  filter(unit: string): RiskUnitFilter {
    const u = this.tree.indexOf(unit);
    const start = u < 0 ? NO_UNIT : this.position[u];
    if (start < 0) return { keys: this.keys, range: NOTHING, rows: new Uint32Array(0) };
    const { rows, starts, levelsBefore, columns } = this.rowsByKey();
    // starts[k + 1] is where key k's run begins (slot 0 holds NO_UNIT's).
    const [first, end] = [start + 1, start + this.size[u] + 1];
    const levelCounts = [0, 0, 0, 0, 0];
    for (let rank = 1; rank < RANKS; rank++) levelCounts[0] += levelCounts[rank] = levelsBefore[end * RANKS + rank] - levelsBefore[first * RANKS + rank];
    const [from, to] = [starts[first], starts[end]];
    const rowColumns = { timeOffset: columns.timeOffset.subarray(from, to), level: columns.level.subarray(from, to), category: columns.category.subarray(from, to) };
    return { keys: this.keys, range: [start, end - 2], rows: rows.subarray(from, to), rowColumns, levelCounts };
  }

  /** Sorts the rows by unit now (else on the first unit selected): for an idle moment after the index is made. */
  prepare(): void {
    this.rowsByKey();
  }

  /** Counting sort of the rows by key (NO_UNIT first), with its level prefix table and columns, once per index. */
  private rowsByKey(): NonNullable<RiskUnitIndex['sorted']> {
    if (this.sorted) return this.sorted;
    const { keys } = this;
    const { level } = this.table;
    const slots = this.tree.size + 2;
    const starts = new Uint32Array(slots);
    const levelsBefore = new Uint32Array(slots * RANKS);
    for (let row = 0; row < keys.length; row++) {
      starts[keys[row] + 2]++;
      levelsBefore[(keys[row] + 2) * RANKS + level[row]]++;
    }
    for (let slot = 1; slot < slots; slot++) {
      starts[slot] += starts[slot - 1];
      for (let rank = 0; rank < RANKS; rank++) levelsBefore[slot * RANKS + rank] += levelsBefore[(slot - 1) * RANKS + rank];
    }
    const next = starts.slice(0, -1);
    const rows = new Uint32Array(keys.length);
    for (let row = 0; row < keys.length; row++) rows[next[keys[row] + 1]++] = row;
    const { timeOffset, category } = this.table;
    const columns = { timeOffset: new Float32Array(rows.length), level: new Uint8Array(rows.length), category: new Uint16Array(rows.length) };
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      columns.timeOffset[i] = timeOffset[row];
      columns.level[i] = level[row];
      columns.category[i] = category[row];
    }
    this.sorted = { rows, starts, levelsBefore, columns };
    return this.sorted;
  }
}

/** Without a hierarchy a unit holds the records of its own id only: key 0 for those, per (table, unit). */
export function exactUnitFilter(table: RiskTable, unit: string): RiskUnitFilter {
  const wanted = table.grids.indexOf(unit);
  const keys = new Float32Array(table.length);
  const rows: number[] = [];
  const levelCounts = [0, 0, 0, 0, 0];
  for (let row = 0; row < table.length; row++) {
    const inside = wanted >= 0 && table.gridCode[row] === wanted;
    keys[row] = inside ? 0 : NO_UNIT;
    if (!inside) continue;
    rows.push(row);
    levelCounts[table.level[row]]++;
  }
  levelCounts[0] = rows.length;
  return { keys, range: [0, 0], rows: Uint32Array.from(rows), levelCounts };
}
