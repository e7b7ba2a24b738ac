/**
 * Hexagon mode, aggregated on the CPU. Each row's hexagon is found once per (table, radius) on
 * deck.gl's hexagon lattice (Web Mercator common space, radius scaled at the data's middle
 * latitude); a filter change then only walks the rows once, adding each shown row to its cell.
 * Only the cells holding shown records are drawn: a software GPU no longer pays for the dense grid
 * of empty cells deck.gl's GPU aggregation allocates and draws, nor for one aggregation pass per
 * filter change. Pure: no DOM.
 */
import { commonXY, hexRadiusCommon, pointToHexbin } from './domain';
import type { CompiledFilter } from './filter';
import type { RiskTable } from './table';

const HEX_DIST_X = 2 * Math.sin(Math.PI / 3);
const HEX_DIST_Y = 1.5;
const DEG = Math.PI / 180;

/** The shown cells of one filter: per cell its centre, record count and highest level rank. */
export interface HexCells {
  readonly length: number;
  /** Cell index in the binning, per shown cell. */
  readonly cells: Uint32Array;
  readonly counts: Uint32Array;
  /** Highest level rank (1–4) of the cell's shown records. */
  readonly maxRank: Uint8Array;
}

export class HexBinning {
  /** Per row: its cell. */
  private readonly cellOf: Uint32Array;
  /** Per cell: the centre in common units. */
  private readonly centres: Float64Array;
  readonly radiusCommon: number;

  constructor(
    readonly table: RiskTable,
    readonly radiusMeters: number,
  ) {
    const radius = hexRadiusCommon(table, radiusMeters);
    this.radiusCommon = radius;
    const n = table.length;
    this.cellOf = new Uint32Array(n);
    const cellIndex = new Map<number, number>();
    const centres: number[] = [];
    const { positions } = table;
    for (let row = 0; row < n; row++) {
      const [x, y] = commonXY(positions[3 * row], positions[3 * row + 1]);
      const [i, j] = pointToHexbin(x, y, radius);
      // Exact while |i|, |j| < 2^25 (radii under a metre over the whole world).
      const key = (i + 33_554_432) * 67_108_864 + (j + 33_554_432);
      let cell = cellIndex.get(key);
      if (cell === undefined) {
        cell = cellIndex.size;
        cellIndex.set(key, cell);
        centres.push((i + (j & 1) / 2) * radius * HEX_DIST_X, j * radius * HEX_DIST_Y);
      }
      this.cellOf[row] = cell;
    }
    this.centres = Float64Array.from(centres);
  }

  get cellCount(): number {
    return this.centres.length / 2;
  }

  /** The cells holding records shown by `compiled`, in first-seen order, with counts and highest levels. */
  aggregate(compiled: CompiledFilter): HexCells {
    const { table, cellOf } = this;
    const { timeOffset, level, category } = table;
    const [lo, hi] = compiled.range;
    const { levelOn, categoryOn, unitRows } = compiled;
    const unitKeys = unitRows || compiled.unitEverything ? null : compiled.unitKeys;
    const [unitLo, unitHi] = compiled.unitRange;
    const counts = new Uint32Array(this.cellCount);
    const maxRank = new Uint8Array(this.cellCount);
    const n = unitRows ? unitRows.length : table.length;
    for (let i = 0; i < n; i++) {
      const row: number = unitRows ? unitRows[i] : i;
      const t = timeOffset[row];
      const rank = level[row];
      if (!(t >= lo && t <= hi && levelOn[rank] === 1 && categoryOn[category[row]] === 1)) continue;
      if (unitKeys !== null && !(unitKeys[row] >= unitLo && unitKeys[row] <= unitHi)) continue;
      const cell = cellOf[row];
      counts[cell]++;
      if (rank > maxRank[cell]) maxRank[cell] = rank;
    }
    let shown = 0;
    for (let cell = 0; cell < counts.length; cell++) if (counts[cell] > 0) shown++;
    const out = { length: shown, cells: new Uint32Array(shown), counts: new Uint32Array(shown), maxRank: new Uint8Array(shown) };
    let k = 0;
    for (let cell = 0; cell < counts.length; cell++) {
      if (counts[cell] === 0) continue;
      out.cells[k] = cell;
      out.counts[k] = counts[cell];
      out.maxRank[k++] = maxRank[cell];
    }
    return out;
  }

  /**
   * The closed outline (7 lon/lat pairs) of each of `cells`, shrunk by `coverage` about its centre,
   * pointy side up as deck.gl draws its hexagons.
   */
  outlines(cells: Uint32Array, coverage: number): Float64Array {
    const out = new Float64Array(cells.length * 14);
    const r = this.radiusCommon * coverage;
    for (let k = 0; k < cells.length; k++) {
      const cx = this.centres[2 * cells[k]];
      const cy = this.centres[2 * cells[k] + 1];
      for (let v = 0; v <= 6; v++) {
        const angle = ((v % 6) * Math.PI) / 3;
        const x = cx + Math.sin(angle) * r;
        const y = cy - Math.cos(angle) * r;
        out[14 * k + 2 * v] = (x * 360) / 512 - 180;
        out[14 * k + 2 * v + 1] = (2 * Math.atan(Math.exp((y * 2 * Math.PI) / 512)) - Math.PI / 2) / DEG;
      }
    }
    return out;
  }
}
