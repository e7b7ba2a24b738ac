/**
 * The attributes of `<city-grid-layer>` under the one attribute policy (core/attributes): a value
 * the element does not understand is reported as a warning naming the attribute and falls back to
 * the default; a removed attribute returns to the default silently. Pure: no DOM, no lit.
 *
 * Three kinds: attributes checked on their own (`gridAttributeReaders`, run by the base element);
 * the scale settings that depend on each other (`domain` on `scale`, `palette` on how many classes
 * there are, `scale="threshold"` on `thresholds`: `gridScaleSettings`); and data references
 * (`level`, `focus-id`, `selected`, `metric`), checked against the units once there is data. The
 * last two re-run in `GridChecks` when their inputs change.
 */
import { color as parseColor } from 'd3';
import { attributeIssue, attributeReaders, checkChoice, isUnset } from '../../core/attributes';
import { paletteColors, type ScaleType } from '../../core/color';
import { CRS_NAMES } from '../../core/crs';
import { describeValue, isFiniteNumber, type ValidationIssue } from '../../core/validation';
import type { GridIndex } from './hierarchy';
import { GRID_LEVELS, isGridLevel, type GridLevel } from './levels';
import type { GridScaleOptions, PerLevel } from './scales';
import { hasMetric, isPlainRecord, numericProperties } from './values';

export const SCALE_TYPES: readonly ScaleType[] = ['quantize', 'quantile', 'threshold'];
export const DEFAULT_PALETTE = 'YlOrRd';
export const DEFAULT_CLASSES = 5;
export const MAX_CLASSES = 12;
export const DEFAULT_FILL_OPACITY = 0.85;

/** Longest `unit` and `metric-label` shown. */
export const MAX_UNIT_LENGTH = 20;
export const MAX_LABEL_LENGTH = 200;

const THRESHOLDS_EXPECTED = 'ascending numbers ("10,50,100") or per level ({"district": [100, 200]})';
const DOMAIN_EXPECTED = 'numbers ("min,max", min ≤ max) or per level ({"district": [0, 100]})';
const PALETTE_EXPECTED = 'a d3 scheme name (YlOrRd, Blues, Viridis…) or CSS colours ("#fee,#fc9,#e31a1c")';

/** `"10,20"` → numbers, `'{…}'` / `'[…]'` → JSON; anything else is returned as it is. Unparsable JSON → undefined. */
function parseNumbersText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  return text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
}

/** A list of finite numbers; thresholds strictly ascending; a quantize domain `[min, max]` not reversed. */
function numberListOk(list: unknown, kind: 'thresholds' | 'domain', scale: ScaleType): list is number[] {
  if (!Array.isArray(list) || list.length === 0 || !list.every(isFiniteNumber)) return false;
  if (kind === 'thresholds') return list.every((v, i) => i === 0 || v > list[i - 1]);
  return scale === 'quantile' || list.length !== 2 || list[0] <= list[1];
}

/**
 * `thresholds` / `domain`: one list for every level, or per level. A bad list (non-numeric,
 * unsorted thresholds, a reversed domain) is reported; per level, only the bad levels are dropped.
 */
export function checkNumbersAttribute(
  issues: ValidationIssue[],
  attribute: 'thresholds' | 'domain',
  value: unknown,
  scale: ScaleType,
): PerLevel<number[]> | undefined {
  if (isUnset(value)) return undefined;
  const expected = attribute === 'thresholds' ? THRESHOLDS_EXPECTED : DOMAIN_EXPECTED;
  const parsed = parseNumbersText(value);
  if (numberListOk(parsed, attribute, scale)) return parsed;
  if (!isPlainRecord(parsed) || Object.keys(parsed).length === 0) {
    issues.push(attributeIssue(attribute, value, expected));
    return undefined;
  }
  const perLevel: Partial<Record<GridLevel, number[]>> = Object.create(null) as Partial<Record<GridLevel, number[]>>;
  let good = 0;
  for (const key of Object.keys(parsed)) {
    const list = parsed[key];
    if (isGridLevel(key) && numberListOk(list, attribute, scale)) {
      perLevel[key] = list;
      good++;
    } else {
      const path = isGridLevel(key) ? `${attribute}.${key}` : `${attribute}[${describeValue(key, 40)}]`;
      issues.push(attributeIssue(path, isGridLevel(key) ? list : key, isGridLevel(key) ? expected : GRID_LEVELS.join(' | ')));
    }
  }
  return good > 0 ? perLevel : undefined;
}

/** How many colours the scale needs at most (for checking a palette with a fixed number of colours). */
function colourCount(scale: ScaleType, classes: number, thresholds: PerLevel<number[]> | undefined): number {
  if (scale !== 'threshold') return classes;
  const lists = Array.isArray(thresholds) ? [thresholds] : Object.values(thresholds ?? {});
  return Math.max(1, ...lists.map((list) => (list as number[]).length + 1));
}

/** A d3 scheme name or a list of CSS colours that yields `count` real colours; else the default. */
export function checkPalette(issues: ValidationIssue[], value: unknown, count: number): string | string[] {
  if (isUnset(value)) return DEFAULT_PALETTE;
  let palette: unknown = value;
  if (typeof value === 'string') palette = value.includes(',') ? value.split(',').map((s) => s.trim()) : value.trim();
  const listOk = Array.isArray(palette) && palette.length > 0 && palette.every((c) => typeof c === 'string' && parseColor(c) != null);
  if (typeof palette === 'string' || listOk) {
    try {
      const colors = paletteColors(palette as string | string[], count);
      if (colors.length === count && colors.every((c) => typeof c === 'string' && parseColor(c) != null)) return palette as string | string[];
    } catch {
      // Unknown scheme name: reported below.
    }
  }
  issues.push(attributeIssue('palette', value, PALETTE_EXPECTED));
  return DEFAULT_PALETTE;
}

/** A number attribute (text that is no number arrives as written: core/converters) within `ok`. */
function numberReader(attribute: string, ok: (n: number) => boolean, expected: string, fallback: number) {
  return (issues: ValidationIssue[], value: unknown): number => {
    if (isUnset(value)) return fallback;
    if (typeof value === 'number' && ok(value)) return value;
    issues.push(attributeIssue(attribute, value, expected));
    return fallback;
  };
}

/** Free text (a unit, a title): shown as given, cut with a warning when longer than `max`. */
export function checkText(issues: ValidationIssue[], attribute: string, value: unknown, max: number): string | undefined {
  if (isUnset(value)) return undefined;
  const text = String(value);
  if (text.length <= max) return text;
  issues.push({ ...attributeIssue(attribute, value, `at most ${max} characters`), code: 'too-long', params: { value: text.length, max } });
  return `${text.slice(0, max - 1)}…`;
}

/** The grid's attributes checked on their own, by property name; each returns the value in effect. */
export const gridReaders = {
  crs: (issues: ValidationIssue[], value: unknown) => checkChoice(issues, 'crs', value, CRS_NAMES, 'wgs84'),
  scale: (issues: ValidationIssue[], value: unknown) => checkChoice(issues, 'scale', value, SCALE_TYPES, 'quantize'),
  // Strict ascent does not depend on the scale; a reversed `[max, min]` domain does (gridScaleSettings).
  thresholds: (issues: ValidationIssue[], value: unknown) => checkNumbersAttribute(issues, 'thresholds', value, 'threshold'),
  classes: numberReader('classes', (n) => Number.isInteger(n) && n >= 1 && n <= MAX_CLASSES, `an integer 1–${MAX_CLASSES}`, DEFAULT_CLASSES),
  labels: (issues: ValidationIssue[], value: unknown) => checkChoice(issues, 'labels', value, ['auto', 'none'] as const, 'auto'),
  fillOpacity: numberReader('fill-opacity', (n) => n >= 0 && n <= 1, 'a number 0–1', DEFAULT_FILL_OPACITY),
  unit: (issues: ValidationIssue[], value: unknown) => checkText(issues, 'unit', value, MAX_UNIT_LENGTH),
  metricLabel: (issues: ValidationIssue[], value: unknown) => checkText(issues, 'metric-label', value, MAX_LABEL_LENGTH),
};

/** `gridReaders` as the base element runs them (a bad value reported as a warning, the default used). */
export const gridAttributeReaders = attributeReaders(gridReaders);

/** The scale attributes as the element holds them (strings from markup, or whatever a page assigned). */
export interface GridScaleInput {
  scale?: unknown;
  thresholds?: unknown;
  domain?: unknown;
  palette?: unknown;
  classes?: unknown;
}

/**
 * The colour scale settings in effect, and the warnings of the checks that span attributes (a
 * domain for the scale, a palette with enough colours, thresholds for `scale="threshold"`); the
 * readers report what each attribute gets wrong on its own.
 */
export function gridScaleSettings(input: GridScaleInput): { options: GridScaleOptions & { palette: string | string[] }; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const scale = gridReaders.scale([], input.scale);
  const thresholds = gridReaders.thresholds([], input.thresholds);
  const classes = gridReaders.classes([], input.classes);
  const domain = checkNumbersAttribute(issues, 'domain', input.domain, scale);
  const type: ScaleType = scale === 'threshold' && !thresholds ? 'quantize' : scale;
  if (scale === 'threshold' && !thresholds && isUnset(input.thresholds)) {
    issues.push({ path: 'thresholds', message: 'thresholds: missing; scale="threshold" needs them (quantize is used)', severity: 'warning', code: 'missing' });
  }
  const palette = checkPalette(issues, input.palette, colourCount(type, classes, thresholds));
  return { options: { type, thresholds, domain, palette, classes }, issues };
}

/** `level`, `focus-id`, `selected`, `metric` against the data (`metricNamesValues`: `values` is set, so `metric` only names them). */
export function checkDataAttribute(
  attribute: 'level' | 'focus-id' | 'selected' | 'metric',
  value: unknown,
  index: GridIndex,
  metricNamesValues = false,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (isUnset(value) || index.size === 0) return issues;
  if (attribute === 'level') checkChoice(issues, 'level', value, index.levelsPresent, index.levelsPresent[0]);
  else if (attribute === 'metric') {
    if (!metricNamesValues && (typeof value !== 'string' || !hasMetric(index, value))) {
      const known = numericProperties(index);
      issues.push(attributeIssue('metric', value, known.length ? known.join(' | ') : 'a numeric property of the features'));
    }
  } else if (typeof value !== 'string' || index.indexOf(value) < 0) issues.push(attributeIssue(attribute, value, 'the id of a unit in the data'));
  return issues;
}

/** The data references, by property and attribute name. */
const DATA_ATTRIBUTES = [['level', 'level'], ['focusId', 'focus-id'], ['selected', 'selected'], ['metric', 'metric']] as const;
const SCALE_PROPERTIES = ['scale', 'thresholds', 'domain', 'palette', 'classes'] as const;

export interface GridCheckedInput extends GridScaleInput {
  level?: unknown;
  focusId?: unknown;
  selected?: unknown;
  metric?: unknown;
  values?: unknown;
}

/**
 * The checks the readers cannot make on their own — the scale settings together, the data
 * references against the units — each re-run when its inputs change.
 */
export class GridChecks {
  /** The colour scale settings in effect. */
  scaleOptions: GridScaleOptions = gridScaleSettings({}).options;
  private scaleIssues: ValidationIssue[] = [];
  private readonly dataIssues = new Map<string, ValidationIssue[]>();
  /** References named before there was data to check them against. */
  private pending = false;

  /**
   * Re-checks what the changed properties touch (`index`: the units, null before data; `rebuilt`:
   * new data, every reference again). Every warning of these checks when it re-checked any, else null.
   */
  update(input: GridCheckedInput, changed: (property: string) => boolean, index: GridIndex | null, rebuilt: boolean): ValidationIssue[] | null {
    let rechecked = false;
    if (SCALE_PROPERTIES.some(changed)) {
      ({ options: this.scaleOptions, issues: this.scaleIssues } = gridScaleSettings(input));
      rechecked = true;
    }
    if (!index) this.pending ||= DATA_ATTRIBUTES.some(([property]) => changed(property));
    else {
      const all = rebuilt || this.pending;
      this.pending = false;
      for (const [property, attribute] of DATA_ATTRIBUTES) {
        if (all || changed(property) || (property === 'metric' && changed('values'))) {
          this.dataIssues.set(attribute, checkDataAttribute(attribute, input[property], index, input.values != null));
          rechecked = true;
        }
      }
    }
    return rechecked ? [...this.scaleIssues, ...[...this.dataIssues.values()].flat()] : null;
  }
}
