/**
 * Hex mode's drawing: the shown cells of a CPU hexagon binning (model/hexbins) as flat polygons
 * in one binary SolidPolygonLayer data object. A filter change re-aggregates and rebuilds the
 * (few) shown cells; a palette or count-domain change only recolours them.
 */
import type { Rgba } from '../../core/color';
import type { CompiledFilter } from '../model/filter';
import { HexBinning, type HexCells } from '../model/hexbins';
import type { RiskLevel } from '../model/level';

/** Share of a hexagon's radius drawn (a thin gap between cells, as before). */
const COVERAGE = 0.92;
const VERTICES = 7;

export interface HexColoring {
  metric: 'level' | 'count';
  palette: Readonly<Record<RiskLevel, Rgba>>;
  countDomain: readonly [number, number];
  countColors: readonly Rgba[];
}

export interface HexDrawing {
  binning: HexBinning;
  filter: CompiledFilter;
  cells: HexCells;
  coloring: HexColoring;
  data: {
    length: number;
    startIndices: Uint32Array;
    attributes: { getPolygon: { value: Float64Array; size: 2 }; getFillColor: { value: Uint8Array; size: 4; normalized: true }; indices: Uint32Array };
  };
}

/** A colour per cell: its highest level's, or its count's step of the count ramp (quantized as d3's scaleQuantize). */
function cellColor(cells: HexCells, k: number, coloring: HexColoring): Rgba {
  const { palette, countDomain, countColors } = coloring;
  if (coloring.metric === 'level') return [palette.low, palette.low, palette.general, palette.considerable, palette.major][cells.maxRank[k]];
  const [d0, d1] = countDomain;
  const step = Math.floor(((cells.counts[k] - d0) / (d1 - d0)) * countColors.length);
  return countColors[Math.min(Math.max(step, 0), countColors.length - 1)];
}

function fillColors(cells: HexCells, coloring: HexColoring): Uint8Array {
  const out = new Uint8Array(cells.length * VERTICES * 4);
  for (let k = 0; k < cells.length; k++) {
    const color = cellColor(cells, k, coloring);
    for (let v = 0; v < VERTICES; v++) out.set(color, (k * VERTICES + v) * 4);
  }
  return out;
}

const sameColoring = (a: HexColoring, b: HexColoring) => a.metric === b.metric && a.palette === b.palette && a.countDomain[0] === b.countDomain[0] && a.countDomain[1] === b.countDomain[1] && a.countColors === b.countColors;

/** The drawing for `filter` and `coloring`, reusing what `previous` already holds. */
export function hexDrawing(binning: HexBinning, filter: CompiledFilter, coloring: HexColoring, previous: HexDrawing | null): HexDrawing {
  if (previous && previous.binning === binning && previous.filter === filter) {
    if (sameColoring(previous.coloring, coloring)) return previous;
    const value = fillColors(previous.cells, coloring);
    return { ...previous, coloring, data: { ...previous.data, attributes: { ...previous.data.attributes, getFillColor: { value, size: 4, normalized: true } } } };
  }
  const cells = binning.aggregate(filter);
  const startIndices = new Uint32Array(cells.length);
  // Triangles given (a fan of four per convex hexagon): deck.gl skips its per-polygon triangulation.
  const indices = new Uint32Array(cells.length * 12);
  for (let k = 0; k < cells.length; k++) {
    startIndices[k] = k * VERTICES;
    for (let t = 0; t < 4; t++) indices.set([k * VERTICES, k * VERTICES + t + 1, k * VERTICES + t + 2], k * 12 + t * 3);
  }
  return {
    binning,
    filter,
    cells,
    coloring,
    data: {
      length: cells.length,
      startIndices,
      attributes: { getPolygon: { value: binning.outlines(cells.cells, COVERAGE), size: 2 }, getFillColor: { value: fillColors(cells, coloring), size: 4, normalized: true }, indices },
    },
  };
}

/** The shown cell (its position in `drawing.cells`) drawn at (lon, lat); -1 for none. */
export function hexCellAt(drawing: HexDrawing, lon: number, lat: number): number {
  const cell = drawing.binning.cellAt(lon, lat, COVERAGE);
  if (cell < 0) return -1;
  // Shown cells are in binning order: a binary search.
  const { cells } = drawing.cells;
  let lo = 0;
  let hi = cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cells[mid] === cell) return mid;
    if (cells[mid] < cell) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
