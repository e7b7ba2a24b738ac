/**
 * Colour and size domains, computed once per data set (never per view), so colours do not shift
 * when the user pans, zooms or filters.
 */
import type { RiskTable } from './table';

/**
 * ∫∫ K over the unit disk for deck.gl's heat kernel K(u) = exp(−u²/0.05555) / (√π · 0.166666):
 * 2π · (0.05555 / 2) · (1 − e^(−1/0.05555)) / (√π · 0.166666). A uniform density ρ per m² sums to
 * ρ · KERNEL_AREA · R² at a texel, R being the kernel radius in metres.
 */
export const HEAT_KERNEL_AREA =
  (2 * Math.PI * (0.05555 / 2) * (1 - Math.exp(-1 / 0.05555))) / (1.77245385 * 0.166666);

/** Quantile of an ascending typed array (linear interpolation, as d3.quantileSorted). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  return i + 1 < n ? sorted[i] + (sorted[i + 1] - sorted[i]) * (h - i) : sorted[n - 1];
}

const EARTH_RADIUS = 6_371_008.8;
const DEG = Math.PI / 180;

/**
 * Heat colour domain in weight per km², computed once per data set: `[low, high]`. The data's
 * extent is cut into cells of a 50th of its longer side (100 m – 2 km), about the heat kernel's
 * size when the whole data set is in view; high is the 99th percentile of the occupied cells'
 * density (the busiest spots reach the top colour), low a fiftieth of it (fainter areas fade
 * out). `[0, 0]` for an empty table.
 */
export function heatDensityDomain(table: RiskTable): [number, number] {
  if (!table.length || !table.bounds) return [0, 0];
  const [west, south, east, north] = table.bounds;
  const midLat = (south + north) / 2;
  const metersPerDegX = EARTH_RADIUS * DEG * Math.cos(midLat * DEG);
  const metersPerDegY = EARTH_RADIUS * DEG;
  const span = Math.max((east - west) * metersPerDegX, (north - south) * metersPerDegY);
  const cellMeters = Math.min(Math.max(span / 50, 100), 2000);
  const cells = new Map<number, number>();
  const { positions, weight } = table;
  for (let i = 0; i < table.length; i++) {
    const cx = Math.floor(((positions[3 * i] - west) * metersPerDegX) / cellMeters);
    const cy = Math.floor(((positions[3 * i + 1] - south) * metersPerDegY) / cellMeters);
    const key = cx * 1_048_576 + cy;
    cells.set(key, (cells.get(key) ?? 0) + weight[i]);
  }
  const cellKm2 = (cellMeters / 1000) ** 2;
  const densities = Float64Array.from([...cells.values()].filter((w) => w > 0), (w) => w / cellKm2).sort();
  if (!densities.length) return [0, 0];
  const high = quantileSorted(densities, 0.99);
  return [high / 50, high];
}

/**
 * The texel-value domain deck.gl's heat shader compares against, for a density domain in weight
 * per km² and a kernel of `radiusMeters`. Scaling with R² keeps a uniform density the same colour
 * at every zoom (deck.gl's own `colorDomain` scaling is linear in metres per pixel, so colours drift
 * by 2× per zoom step).
 */
export function heatTexelDomain(densityDomain: readonly [number, number], radiusMeters: number, weightsScale = 1): [number, number] {
  const factor = 1e-6 * HEAT_KERNEL_AREA * radiusMeters * radiusMeters * weightsScale;
  return [densityDomain[0] * factor, densityDomain[1] * factor];
}

/** A hexagon radius in common units, at the middle latitude of the data (as deck.gl's HexagonLayer scales it). */
export function hexRadiusCommon(table: RiskTable, radiusMeters: number): number {
  const midLat = table.bounds ? (table.bounds[1] + table.bounds[3]) / 2 : 0;
  return radiusMeters * (512 / (2 * Math.PI * EARTH_RADIUS * Math.cos(midLat * DEG)));
}

/** Web Mercator "common" coordinates of deck.gl (512 units per world at zoom 0). */
export function commonXY(lon: number, lat: number): [number, number] {
  const x = (512 * (lon + 180)) / 360;
  const y = (512 / (2 * Math.PI)) * Math.log(Math.tan(Math.PI / 4 + (lat * DEG) / 2));
  return [x, y];
}

const HEX_DIST_X = 2 * Math.sin(Math.PI / 3);
const HEX_DIST_Y = 1.5;

/** d3-hexbin's point → hexagon (as deck.gl's HexagonLayer uses it), written into `out` (no allocation per call when given). */
export function pointToHexbin(px: number, py: number, radius: number, out: [number, number] = [0, 0]): [number, number] {
  const y = py / radius / HEX_DIST_Y;
  let pj = Math.round(y);
  const x = px / radius / HEX_DIST_X - (pj & 1) / 2;
  let pi = Math.round(x);
  const py1 = y - pj;
  if (Math.abs(py1) * 3 > 1) {
    const px1 = x - pi;
    const pi2 = pi + (x < pi ? -1 : 1) / 2;
    const pj2 = pj + (y < pj ? -1 : 1);
    const px2 = x - pi2;
    const py2 = y - pj2;
    if (px1 * px1 + py1 * py1 > px2 * px2 + py2 * py2) {
      pi = pi2 + (pj & 1 ? 1 : -1) / 2;
      pj = pj2;
    }
  }
  out[0] = pi;
  out[1] = pj;
  return out;
}

/**
 * Largest number of records in one hexagon of `radiusMeters` over the whole data set: the top of
 * the hex count colour domain. Binned like deck.gl (Web Mercator, radius scaled at the data's
 * centre latitude); the origin may differ, so it is a calibration, not a promise per cell.
 */
export function hexCountMax(table: RiskTable, radiusMeters: number): number {
  if (!table.length || !table.bounds) return 0;
  const radius = hexRadiusCommon(table, radiusMeters);
  const bins = new Map<number, number>();
  let max = 0;
  const { positions } = table;
  for (let i = 0; i < table.length; i++) {
    const [x, y] = commonXY(positions[3 * i], positions[3 * i + 1]);
    const [bi, bj] = pointToHexbin(x, y, radius);
    const key = bi * 4_194_304 + bj;
    const n = (bins.get(key) ?? 0) + 1;
    bins.set(key, n);
    if (n > max) max = n;
  }
  return max;
}

export interface RadiusScale {
  /** Weight at which points reach the largest radius (the 99th percentile of weights). */
  readonly reference: number;
  readonly minPixels: number;
  readonly maxPixels: number;
  radius(weight: number): number;
}

/** Point radius by weight (square-root scale, so area tracks weight), fixed per data set. */
export function radiusScale(table: RiskTable, minPixels = 4, maxPixels = 10): RadiusScale {
  const sorted = Float64Array.from(table.weight).sort();
  const reference = sorted.length ? Math.max(quantileSorted(sorted, 0.99), 1e-9) : 1;
  return {
    reference,
    minPixels,
    maxPixels,
    radius: (weight) => minPixels + (maxPixels - minPixels) * Math.sqrt(Math.min(Math.max(weight, 0) / reference, 1)),
  };
}

/**
 * deck.gl's GPU hexagon aggregation allocates one bin per hexagon of a dense grid over the data's
 * extent (padded by one), occupied or not: a single record on the far side of the world at a 300 m
 * radius asks for billions and stalls the page. `fitHexRadius` keeps the grid within 256² bins
 * (a city at 300 m fits; a province gets hexagons of about a kilometre).
 */
export const MAX_HEX_BINS = 65_536;

/** Hexagons in that dense grid for `radiusMeters` (radius scaled at the data's centre latitude, as deck.gl does). */
export function hexGridSize(table: RiskTable, radiusMeters: number): number {
  if (!table.length || !table.bounds) return 0;
  const [west, south, east, north] = table.bounds;
  const midLat = (south + north) / 2;
  const radius = radiusMeters * (512 / (2 * Math.PI * EARTH_RADIUS * Math.cos(midLat * DEG)));
  const [x0, y0] = commonXY(west, south);
  const [x1, y1] = commonXY(east, north);
  const columns = Math.floor((x1 - x0) / (radius * HEX_DIST_X)) + 3;
  const rows = Math.floor((y1 - y0) / (radius * HEX_DIST_Y)) + 3;
  return columns * rows;
}

/** `radiusMeters`, or the smallest whole-metre radius above it whose grid fits in `maxBins`. */
export function fitHexRadius(table: RiskTable, radiusMeters: number, maxBins = MAX_HEX_BINS): number {
  const bins = hexGridSize(table, radiusMeters);
  if (bins <= maxBins) return radiusMeters;
  // The grid shrinks with the square of the radius; a few 5 % steps absorb the padding rows.
  let radius = Math.ceil(radiusMeters * Math.sqrt(bins / maxBins));
  while (hexGridSize(table, radius) > maxBins) radius = Math.ceil(radius * 1.05);
  return radius;
}
