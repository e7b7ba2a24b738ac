/**
 * Points mode draws only what can be seen: the shown records inside (a margin around) the view,
 * found through the table's KD-tree, and — when more of them than a screenful would be drawn —
 * only the topmost record of each small square of screen, since the others lie under it. The
 * legend, `stats` and `shownRecords` still count every record passing the filters. Pure: no DOM.
 */
import { rowVisible, type CompiledFilter } from './filter';
import { positionIndex } from './spots';
import type { RiskTable } from './table';

/** The view's lon/lat box and zoom (any projection whose `zoom` follows deck.gl's 512-px world). */
export interface CullView {
  readonly bounds: readonly [number, number, number, number];
  readonly zoom: number;
}

/** The area culled for: the view grown by half its size on each side, so a pan re-culls only when it leaves it. */
export type CullBox = CullView;

/**
 * More records than this are thinned to the topmost per square: about as many 8-px symbols as fit
 * side by side on a 1280 × 800 view (a software GPU pays tens of µs per symbol drawn).
 */
export const SCREENFUL = 16_000;
/** The thinning square's side in CSS pixels, doubled until the thinned set fits `SCREENFUL`. */
const FIRST_CELL_PIXELS = 2;
/** Zoom change after which the thinning squares no longer match the screen. */
const REZOOM = 0.5;
const MAX_MERCATOR_LAT = 85.051129;

/** The box to cull for around `view`. */
export function cullBoxFor(view: CullView): CullBox {
  const [west, south, east, north] = view.bounds;
  const dx = (east - west) / 2;
  const dy = (north - south) / 2;
  return { bounds: [west - dx, Math.max(south - dy, -90), east + dx, Math.min(north + dy, 90)], zoom: view.zoom };
}

/** Whether the rows culled for `box` still serve `view`. */
export function boxServes(box: CullBox | null, view: CullView): boolean {
  if (!box) return false;
  const [w, s, e, n] = box.bounds;
  const [vw, vs, ve, vn] = view.bounds;
  return Math.abs(view.zoom - box.zoom) <= REZOOM && vw >= w && vs >= s && ve <= e && vn <= n;
}

export interface CulledRows {
  /** Ascending (the table's draw order: major on top). */
  rows: Uint32Array;
  /** The side of the screen squares thinned to their topmost row, CSS pixels; 0: not thinned. */
  squarePixels: number;
}

/**
 * The rows to draw for `box`: shown by `compiled` and inside the box; thinned to the topmost row
 * per screen square (squares anchored at the box's north-west corner) when above `SCREENFUL`.
 */
export function cullRows(table: RiskTable, compiled: CompiledFilter, box: CullBox): CulledRows {
  const [west, south, east, north] = box.bounds;
  const found = positionIndex(table).range(west, south, east, north);
  const inBox = new Uint32Array(found.length);
  let n = 0;
  for (const row of found) if (rowVisible(table, compiled, row)) inBox[n++] = row;
  const rows = inBox.subarray(0, n).sort();
  return rows.length > SCREENFUL ? thin(table, rows, box) : { rows: rows.slice(), squarePixels: 0 };
}

/** World pixel position (deck.gl's 512-px tiles, `scale` = 512 · 2^zoom) of a lon/lat. */
export function worldX(lon: number, scale: number): number {
  return ((lon + 180) / 360) * scale;
}
export function worldY(lat: number, scale: number): number {
  const phi = (Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat)) * Math.PI) / 180;
  return (0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)) * scale;
}

/** The last (topmost) row per square, squares growing until at most `SCREENFUL` remain; ascending. */
function thin(table: RiskTable, rows: Uint32Array, box: CullBox): CulledRows {
  const scale = 512 * 2 ** box.zoom;
  const [west, , , north] = box.bounds;
  const x0 = worldX(west, scale);
  const y0 = worldY(north, scale);
  const xs = new Float64Array(rows.length);
  const ys = new Float64Array(rows.length);
  let width = 0;
  let height = 0;
  for (let i = 0; i < rows.length; i++) {
    xs[i] = worldX(table.positions[3 * rows[i]], scale) - x0;
    ys[i] = worldY(table.positions[3 * rows[i] + 1], scale) - y0;
    if (xs[i] > width) width = xs[i];
    if (ys[i] > height) height = ys[i];
  }
  for (let cell = FIRST_CELL_PIXELS; ; cell *= 2) {
    const cols = Math.floor(width / cell) + 1;
    const topmost = new Int32Array(cols * (Math.floor(height / cell) + 1)).fill(-1);
    // Ascending rows: the last one written to a square is the one drawn on top there.
    for (let i = 0; i < rows.length; i++) topmost[Math.floor(ys[i] / cell) * cols + Math.floor(xs[i] / cell)] = i;
    let kept = 0;
    for (const i of topmost) if (i >= 0) kept++;
    if (kept > SCREENFUL && cell < 64) continue;
    const out = new Uint32Array(kept);
    let k = 0;
    for (const i of topmost) if (i >= 0) out[k++] = rows[i];
    return { rows: out.sort(), squarePixels: cell };
  }
}
