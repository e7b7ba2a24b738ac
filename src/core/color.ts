/**
 * Colour scales with fixed domains (colours must not jump when the user pans or zooms). deck.gl
 * wants RGBA byte tuples; SVG wants CSS strings: both are given.
 */
import * as d3 from 'd3';

export type Rgba = [number, number, number, number];
export type ScaleType = 'quantize' | 'quantile' | 'threshold';


/** CSS colour string → RGBA bytes (alpha 0–255). */
export function toRgba(color: string, alpha = 255): Rgba {
  const parsed = d3.color(color)?.rgb();
  if (!parsed) throw new Error(`Not a colour: ${color}`);
  return [Math.round(parsed.r), Math.round(parsed.g), Math.round(parsed.b), Math.round((parsed.opacity ?? 1) * alpha)];
}

/**
 * A palette is either a d3-scale-chromatic scheme name (`Blues`, `YlOrRd`, `Viridis`…) or a
 * list of CSS colours. Returns exactly `count` colours.
 */
export function paletteColors(palette: string | readonly string[], count: number): string[] {
  if (Array.isArray(palette)) {
    if (palette.length === count) return [...palette];
    const interpolate = d3.interpolateRgbBasis(palette as string[]);
    // d3.quantize(…, 1) samples t = 0/0 (NaN → black): one class takes the middle colour.
    return count === 1 ? [d3.rgb(interpolate(0.5)).formatHex()] : d3.quantize(interpolate, count);
  }
  const name = String(palette);
  const schemes = d3 as unknown as Record<string, unknown>;
  const discrete = schemes[`scheme${name}`];
  if (Array.isArray(discrete) && Array.isArray(discrete[count]) && discrete[count].length === count) {
    return [...(discrete[count] as string[])];
  }
  if (Array.isArray(discrete) && typeof discrete[0] === 'string' && discrete.length >= count) {
    return (discrete as string[]).slice(0, count);
  }
  const interpolator = schemes[`interpolate${name}`];
  if (typeof interpolator === 'function') {
    // Skip the palest end of sequential schemes: it disappears on a light background.
    const sample = (t: number) => (interpolator as (t: number) => string)(0.15 + 0.85 * t);
    return count === 1 ? [sample(0.5)] : d3.quantize(sample, count);
  }
  throw new Error(`Unknown palette: ${name}`);
}

export interface ColorClass {
  /** Inclusive lower bound (−Infinity for the first open class). */
  from: number;
  /** Exclusive upper bound (the last class includes it; +Infinity when open). */
  to: number;
  color: string;
  rgba: Rgba;
}

export interface ColorScale {
  type: ScaleType;
  classes: ColorClass[];
  /** Class index of a value, or -1 for no data (null, NaN, ±Infinity). */
  classOf(value: number | null | undefined): number;
  /** CSS colour, or null for no data. */
  color(value: number | null | undefined): string | null;
  rgba(value: number | null | undefined): Rgba | null;
}

export interface ColorScaleOptions {
  type?: ScaleType;
  /**
   * quantize: `[min, max]`, cut into equal-width classes. quantile: the sample of values whose
   * quantiles become the breaks (fixed once computed). threshold: ignored (use `thresholds`).
   */
  domain?: readonly number[];
  /** Class breaks for `threshold` (n breaks → n + 1 classes). */
  thresholds?: readonly number[];
  palette?: string | readonly string[];
  /** Number of classes for quantize/quantile (default 5). */
  classes?: number;
}

const isValue = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function createColorScale(options: ColorScaleOptions): ColorScale {
  const type = options.type ?? 'quantize';
  const palette = options.palette ?? 'Blues';
  let breaks: number[]; // interior breaks, ascending
  let lower = -Infinity;
  let upper = Infinity;
  if (type === 'threshold') {
    breaks = [...(options.thresholds ?? [])].sort((a, b) => a - b);
    if (breaks.length === 0) throw new Error('A threshold scale needs at least one threshold');
  } else {
    const count = Math.max(1, Math.floor(options.classes ?? 5));
    const values = (options.domain ?? []).filter((v) => Number.isFinite(v));
    if (values.length === 0) {
      breaks = [];
    } else if (type === 'quantize') {
      const [min, max] = d3.extent(values) as [number, number];
      lower = min;
      upper = max;
      breaks = max > min ? d3.scaleQuantize().domain([min, max]).range(d3.range(count)).thresholds() : [];
    } else {
      const sorted = [...values].sort((a, b) => a - b);
      lower = sorted[0];
      upper = sorted[sorted.length - 1];
      breaks = d3.range(1, count).map((i) => d3.quantileSorted(sorted, i / count) as number);
      breaks = breaks.filter((b, i) => i === 0 || b > breaks[i - 1]); // ties collapse classes
    }
  }
  const colors = paletteColors(palette, breaks.length + 1);
  const classes: ColorClass[] = colors.map((color, i) => ({
    from: i === 0 ? lower : breaks[i - 1],
    to: i === breaks.length ? upper : breaks[i],
    color,
    rgba: toRgba(color),
  }));
  const classOf = (value: number | null | undefined): number => {
    if (!isValue(value)) return -1;
    return d3.bisectRight(breaks, value);
  };
  return {
    type,
    classes,
    classOf,
    color: (value) => {
      const i = classOf(value);
      return i < 0 ? null : classes[i].color;
    },
    rgba: (value) => {
      const i = classOf(value);
      return i < 0 ? null : classes[i].rgba;
    },
  };
}
