/**
 * Raw cases grouped by their `grid`, built once per case list, so that counting the cases of a few
 * grids (a scope's unit and the units below it) reads only those cases: `computeFunnel` on
 * `casesOf(grids)` equals `computeFunnel` on the whole list filtered to those grids, at a cost
 * proportional to the unit's cases instead of the city's. Pure: no DOM.
 *
 * Only for lists whose case ids are all distinct: a case sent twice counts as its last valid record,
 * which may lie in another grid than the earlier one — that needs the whole list, so `build`
 * returns null and the caller counts the whole list.
 */
import { subsetOf } from './columns';
import { caseIdOf } from './validate';

export class CasesByGrid {
  private constructor(
    private readonly cases: readonly unknown[],
    private readonly rows: ReadonlyMap<string, readonly number[]>,
  ) {}

  /**
   * The grouping of `cases`, or null when ids repeat (or a record cannot be read without throwing).
   * `uniqueIds`: the caller knows no id repeats (a count of the whole list reported no duplicate),
   * which saves the set of a million ids.
   */
  static build(cases: readonly unknown[], uniqueIds = false): CasesByGrid | null {
    const ids = uniqueIds ? null : new Set<string>();
    const rows = new Map<string, number[]>();
    try {
      for (let i = 0; i < cases.length; i++) {
        const record = cases[i];
        const id = ids ? caseIdOf(record) : undefined;
        if (id !== undefined) {
          if (ids!.has(id)) return null;
          ids!.add(id);
        }
        // The funnel's filter matches `grid` as text only (see CaseReader).
        const grid = typeof record === 'object' && record !== null ? (record as { grid?: unknown }).grid : undefined;
        if (typeof grid !== 'string') continue;
        const list = rows.get(grid);
        if (list) list.push(i);
        else rows.set(grid, [i]);
      }
    } catch {
      return null;
    }
    return new CasesByGrid(cases, rows);
  }

  /** Index in the whole list of each case `casesOf(grids)` returns, in list order. */
  rowsOf(grids: Iterable<string>): Int32Array {
    const lists: (readonly number[])[] = [];
    let total = 0;
    for (const grid of new Set(grids)) {
      const list = this.rows.get(grid);
      if (!list) continue;
      lists.push(list);
      total += list.length;
    }
    const rows = new Int32Array(total);
    let at = 0;
    for (const list of lists) for (const row of list) rows[at++] = row;
    // Input order, as the whole list is read: ties and case-id lists come out the same.
    return lists.length > 1 ? rows.sort() : rows;
  }

  /**
   * The cases of `grids`, in list order. Counting them reads the whole list's columns at these
   * rows (columns.ts) once the whole list has been counted: no record is read again.
   */
  casesOf(rows: Int32Array): unknown[] {
    return subsetOf(this.cases, rows);
  }
}
