/** Records drawn at the same spot as a clicked one (within a few pixels at the current zoom). */
import KDBush from 'kdbush';
import type { RiskTable } from './table';

/** Records within this many pixels of a clicked symbol count as "at the same spot". */
export const SAME_SPOT_PIXELS = 4;

const positionIndexes = new WeakMap<RiskTable, KDBush>();

/** A KD-tree over a table's positions (row = item id), built once per table on first use. */
export function positionIndex(table: RiskTable): KDBush {
  let index = positionIndexes.get(table);
  if (!index) {
    index = new KDBush(table.length, 64, Float64Array);
    for (let i = 0; i < table.length; i++) index.add(table.positions[3 * i], table.positions[3 * i + 1]);
    index.finish();
    positionIndexes.set(table, index);
  }
  return index;
}

export class SpotIndex {
  private index: KDBush | null = null;

  constructor(private readonly table: RiskTable) {}

  /** The rows `visible` accepts drawn within a few pixels of `row`'s symbol at `zoom`: `row` first, then by level (highest first), then row order. */
  rowsAt(row: number, zoom: number, visible: (row: number) => boolean): number[] {
    const { table } = this;
    const index = this.build();
    const lon = table.positions[3 * row];
    const lat = table.positions[3 * row + 1];
    const degreesPerPixel = 360 / (512 * 2 ** zoom);
    const dx = SAME_SPOT_PIXELS * degreesPerPixel;
    const dy = dx * Math.cos((lat * Math.PI) / 180);
    const rows = index
      .range(lon - dx, lat - dy, lon + dx, lat + dy)
      .filter((r) => r !== row && visible(r))
      .sort((a, b) => table.level[b] - table.level[a] || a - b);
    return [row, ...rows];
  }

  /** Built on the first click (or shared with the view culling). */
  private build(): KDBush {
    return (this.index ??= positionIndex(this.table));
  }
}
