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

/** One number per lattice position (columns and rows of a binning stay far within ±2²¹). */
const latticeKey = (i: number, j: number) => (i + 2_097_152) * 4_194_304 + (j + 2_097_152);

export class HexBinning {
  /** Per row: its cell. */
  private readonly cellOf: Uint32Array;
  /** Per cell: the centre in common units. */
  private readonly centres: Float64Array;
  /** Lattice position (see `latticeKey`) → cell, built on the first `cellAt`. */
  private cellsByKey: Map<number, number> | null = null;
  readonly radiusCommon: number;

  constructor(
    readonly table: RiskTable,
    readonly radiusMeters: number,
  ) {
    const radius = hexRadiusCommon(table, radiusMeters);
    this.radiusCommon = radius;
    const n = table.length;
    const { positions } = table;
    this.cellOf = new Uint32Array(n);
    // Cell numbers in first-seen order through a dense table over the lattice rows and columns the
    // data's bounds can reach (one spare on each side for d3-hexbin's corner moves): one pass, no
    // per-row bin pairs. Extents too large for it (a record across the world) fall back to a Map.
    const bounds = table.bounds ?? [0, 0, 0, 0];
    const [x0, y0] = commonXY(bounds[0], bounds[1]);
    const [x1, y1] = commonXY(bounds[2], bounds[3]);
    const minJ = Math.floor(y0 / (radius * HEX_DIST_Y)) - 1;
    const rows = Math.ceil(y1 / (radius * HEX_DIST_Y)) + 1 - minJ + 1;
    const minI = Math.floor(x0 / (radius * HEX_DIST_X)) - 2;
    const columns = Math.ceil(x1 / (radius * HEX_DIST_X)) + 2 - minI + 1;
    const span = n ? rows * columns : 0;
    const dense = span > 0 && span <= 16_777_216 ? new Int32Array(span).fill(-1) : null;
    const sparse = dense ? null : new Map<number, number>();
    const centres: number[] = [];
    const bin: [number, number] = [0, 0];
    for (let row = 0; row < n; row++) {
      // Projected inline (as commonXY does).
      const x = (512 * (positions[3 * row] + 180)) / 360;
      const y = (512 / (2 * Math.PI)) * Math.log(Math.tan(Math.PI / 4 + (positions[3 * row + 1] * DEG) / 2));
      pointToHexbin(x, y, radius, bin);
      const i = bin[0];
      const j = bin[1];
      const key = (j - minJ) * columns + (i - minI);
      let cell = dense ? dense[key] : (sparse!.get(key) ?? -1);
      if (cell < 0) {
        cell = centres.length / 2;
        if (dense) dense[key] = cell;
        else sparse!.set(key, cell);
        centres.push((i + (j & 1) / 2) * radius * HEX_DIST_X, j * radius * HEX_DIST_Y);
      }
      this.cellOf[row] = cell;
    }
    this.centres = Float64Array.from(centres);
  }

  /**
   * The cell whose hexagon, shrunk by `coverage` as drawn, holds (lon, lat); -1 for none (no
   * record there, or in the gap between two drawn hexagons). Picks on the CPU, as the GPU would:
   * the drawn hexagons are tested, not the binning (d3-hexbin's corner rule strays from them).
   */
  cellAt(lon: number, lat: number, coverage: number): number {
    const [x, y] = commonXY(lon, lat);
    const [i, j] = pointToHexbin(x, y, this.radiusCommon);
    const byKey = (this.cellsByKey ??= this.latticeCells());
    const r = this.radiusCommon * coverage;
    // The binned cell and its neighbours: drawn hexagons do not overlap, so at most one holds it.
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const cell = byKey.get(latticeKey(i + di, j + dj)) ?? -1;
        if (cell < 0) continue;
        // Inside the pointy-top hexagon: within its half-width across, and below its slanted edges.
        const dx = Math.abs(x - this.centres[2 * cell]);
        const dy = Math.abs(y - this.centres[2 * cell + 1]);
        if (dx <= Math.sin(Math.PI / 3) * r && dy <= r - dx / Math.sqrt(3)) return cell;
      }
    }
    return -1;
  }

  private latticeCells(): Map<number, number> {
    const byKey = new Map<number, number>();
    for (let cell = 0; cell < this.cellCount; cell++) {
      const j = Math.round(this.centres[2 * cell + 1] / (this.radiusCommon * HEX_DIST_Y));
      const i = Math.round(this.centres[2 * cell] / (this.radiusCommon * HEX_DIST_X) - (j & 1) / 2);
      byKey.set(latticeKey(i, j), cell);
    }
    return byKey;
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
    const toLon = (x: number) => (x * 360) / 512 - 180;
    const toLat = (y: number) => (2 * Math.atan(Math.exp((y * 2 * Math.PI) / 512)) - Math.PI / 2) / DEG;
    // Corners at 0°, 60° … 300° from north-down (sin, -cos): two columns and four rows per hexagon.
    const dx = Math.sin(Math.PI / 3) * r;
    for (let k = 0; k < cells.length; k++) {
      const cx = this.centres[2 * cells[k]];
      const cy = this.centres[2 * cells[k] + 1];
      const [west, centre, east] = [toLon(cx - dx), toLon(cx), toLon(cx + dx)];
      const [bottom, low, high, top] = [toLat(cy - r), toLat(cy - r / 2), toLat(cy + r / 2), toLat(cy + r)];
      out.set([centre, bottom, east, low, east, high, centre, top, west, high, west, low, centre, bottom], 14 * k);
    }
    return out;
  }
}
