/**
 * Colour classes per level. A level's domain is fixed once per data set and metric (from the
 * values first seen, or given), so colours never jump when the user pans, zooms or the numbers
 * refresh; a refreshed value outside the domain falls into the first or last class.
 */
import { createColorScale, type ColorScale, type ScaleType } from '../../core/color';
import type { GridLevel } from './levels';
import type { GridIndex } from './hierarchy';

/** A value for every level, or one per level. */
export type PerLevel<T> = T | Partial<Record<GridLevel, T>>;

export interface GridScaleOptions {
  type: ScaleType;
  palette: string | readonly string[];
  /** Classes for quantize/quantile. */
  classes: number;
  /** Breaks for `threshold`. */
  thresholds?: PerLevel<readonly number[]>;
  /** Fixed domain: `[min, max]` for quantize, the sample for quantile. */
  domain?: PerLevel<readonly number[]>;
}

export function forLevel<T>(value: PerLevel<T> | undefined, level: GridLevel): T | undefined {
  if (value == null) return undefined;
  if (Array.isArray(value)) return value as T;
  return Object.prototype.hasOwnProperty.call(value, level) ? (value as Partial<Record<GridLevel, T>>)[level] : undefined;
}

/**
 * The scale of one level: its domain from `options.domain` or from the finite values of all its
 * units. Null when there is nothing to build it from (no values yet, no thresholds).
 */
export function levelScale(index: GridIndex, values: ArrayLike<number>, level: GridLevel, options: GridScaleOptions): ColorScale | null {
  const palette = options.palette;
  if (options.type === 'threshold') {
    const thresholds = forLevel(options.thresholds, level);
    if (!thresholds || thresholds.length === 0) return null;
    return createColorScale({ type: 'threshold', thresholds, palette });
  }
  let domain = forLevel(options.domain, level);
  if (!domain || domain.length === 0) {
    domain = options.type === 'quantize' ? levelExtent(index, values, level) : levelSample(index, values, level);
    if (domain.length === 0) return null;
  }
  return createColorScale({ type: options.type, domain, palette, classes: options.classes });
}

/** The finite values of a level's units. */
function levelSample(index: GridIndex, values: ArrayLike<number>, level: GridLevel): number[] {
  const sample: number[] = [];
  for (const u of index.unitsAt(level)) if (Number.isFinite(values[u])) sample.push(values[u]);
  return sample;
}

/** `[min, max]` of a level's finite values (all a quantize scale reads of them; one pass, no sample array); empty without any. */
function levelExtent(index: GridIndex, values: ArrayLike<number>, level: GridLevel): number[] {
  let min = Infinity;
  let max = -Infinity;
  const units = index.unitsAt(level);
  for (let k = 0; k < units.length; k++) {
    const v = values[units[k]];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [];
}

export interface ClassCounts {
  /** Units per class, in class order. */
  counts: number[];
  noData: number;
}

export function countClasses(scale: ColorScale | null, values: ArrayLike<number>, units: ArrayLike<number>): ClassCounts {
  const counts = new Array<number>(scale?.classes.length ?? 0).fill(0);
  let noData = 0;
  for (let i = 0; i < units.length; i++) {
    const k = scale ? scale.classOf(values[units[i]]) : -1;
    if (k < 0) noData++;
    else counts[k]++;
  }
  return { counts, noData };
}
