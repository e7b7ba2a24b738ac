/**
 * The attributes of `<city-risk-layer>` read under the one attribute policy (core/attributes): an
 * unset or removed attribute is its default, silently; a value the layer cannot use is reported as a
 * warning naming the attribute and the value, and the default is used instead. Pure: one reader
 * per property (the element declares them as its `attributeReaders`, the base element reports),
 * and `resolveRiskAttributes` for the effective settings of raw values (which a page may set to
 * anything). The one check that spans two attributes, a reversed window, is `reversedWindowIssue`.
 */
import { attributeIssue, attributeName, attributeReaders, checkChoice, isUnset, readGuarded, type AttributeReader } from '../../core/attributes';
import { parseList } from '../../core/converters';
import { CRS_NAMES, type Crs } from '../../core/crs';
import { describeValue, type ValidationIssue } from '../../core/validation';
import { orderWindow } from './filter';
import { RISK_LEVELS, parseLevel, type RiskLevel } from './level';
import { toEpoch } from './time';
import { parseWindowDays, type TimeStep } from './timeline';

export type RiskMode = 'auto' | 'heat' | 'hex' | 'points';
export type HexMetric = 'level' | 'count';
export type LegendPosition = 'bottom-right' | 'bottom-left' | 'top-left' | 'top-right';

export const RISK_MODES: readonly RiskMode[] = ['auto', 'heat', 'hex', 'points'];
export const HEX_METRICS: readonly HexMetric[] = ['level', 'count'];
export const LEGEND_POSITIONS: readonly LegendPosition[] = ['bottom-right', 'bottom-left', 'top-left', 'top-right'];
export const TIME_STEPS: readonly TimeStep[] = ['day', 'week'];
/** Longest playback window: ten years of days (longer ones overflow calendar arithmetic). */
export const MAX_WINDOW_DAYS = 3660;

/** The element's raw values, as properties hold them (attribute strings, or whatever a page set). */
export interface RiskAttributeValues {
  mode: unknown;
  hexMetric: unknown;
  crs: unknown;
  step: unknown;
  window: unknown;
  legendPosition: unknown;
  colorDomain: unknown;
  categories: unknown;
  levels: unknown;
  from: unknown;
  to: unknown;
  speed: unknown;
  handoverZoom: unknown;
  heatRadius: unknown;
  hexRadius: unknown;
}

/** What the layer uses. */
export interface RiskSettings {
  mode: RiskMode;
  hexMetric: HexMetric;
  crs: Crs;
  step: TimeStep;
  windowDays: number;
  legendPosition: LegendPosition;
  /** Explicit colour domain, or null: computed from the data once. */
  colorDomain: [number, number] | null;
  /** Categories to show, or null: all. */
  categories: string[] | null;
  /** Levels to show, or null: all. */
  levels: RiskLevel[] | null;
  /** Time window in epoch ms (in order), null ends open. */
  from: number | null;
  to: number | null;
  speed: number;
  handoverZoom: number;
  heatRadius: number;
  hexRadius: number;
}

export const DEFAULT_RISK_SETTINGS: Readonly<RiskSettings> = {
  mode: 'auto',
  hexMetric: 'level',
  crs: 'wgs84',
  step: 'day',
  windowDays: 7,
  legendPosition: 'bottom-right',
  colorDomain: null,
  categories: null,
  levels: null,
  from: null,
  to: null,
  speed: 1,
  handoverZoom: 14,
  heatRadius: 30,
  hexRadius: 300,
};

/** A list attribute's items: a comma string (`"gas, bridge"`) or an array; null when unset or unreadable. */
function readList(issues: ValidationIssue[], attribute: string, value: unknown): unknown[] | null {
  if (isUnset(value)) return null;
  if (typeof value === 'string') return parseList(value);
  if (Array.isArray(value)) return value.length ? value : null;
  issues.push(attributeIssue(attribute, value, 'a comma-separated list'));
  return null;
}

/** A number attribute in `[min, max]` (`minExclusive`: above min); the default otherwise. */
function readNumber(issues: ValidationIssue[], attribute: string, value: unknown, range: { min: number; max: number; minExclusive?: boolean }, fallback: number): number {
  if (isUnset(value)) return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  const aboveMin = range.minExclusive ? n > range.min : n >= range.min;
  if (Number.isFinite(n) && aboveMin && n <= range.max) return n;
  const expected = Number.isFinite(range.max) ? `a number ${range.min}–${range.max}` : `a number ${range.minExclusive ? '>' : '≥'} ${range.min}`;
  issues.push(attributeIssue(attribute, value, expected));
  return fallback;
}

/** `"low,high"` (or `[low, high]`): two finite numbers with 0 ≤ low < high. */
function readDomain(issues: ValidationIssue[], value: unknown): [number, number] | null {
  if (isUnset(value)) return null;
  const items = typeof value === 'string' ? (parseList(value) ?? []) : Array.isArray(value) ? value : null;
  const numbers = items?.map((item) => (typeof item === 'number' ? item : typeof item === 'string' && item !== '' ? Number(item) : NaN)) ?? [];
  if (numbers.length === 2 && numbers.every(Number.isFinite) && numbers[0] >= 0 && numbers[1] > numbers[0]) return [numbers[0], numbers[1]];
  const shown = Array.isArray(value) ? value.map((item) => describeValue(item)).join(',') : value;
  issues.push(attributeIssue('color-domain', shown, '"low,high" with 0 ≤ low < high'));
  return null;
}

function readTime(issues: ValidationIssue[], attribute: 'from' | 'to', value: unknown): number | null {
  if (isUnset(value)) return null;
  const epoch = toEpoch(value);
  if (!Number.isNaN(epoch)) return epoch;
  issues.push(attributeIssue(attribute, value, 'an ISO 8601 date or date-time'));
  return null;
}

const d = DEFAULT_RISK_SETTINGS;

function readCategories(issues: ValidationIssue[], value: unknown): string[] | null {
  // Any text is a category name (custom ones included): only non-text items are reported.
  const categories = readList(issues, 'categories', value)?.filter((item): item is string => {
    if (typeof item === 'string') return true;
    issues.push(attributeIssue('categories', item, 'category names'));
    return false;
  });
  return categories && categories.length ? categories : null;
}

function readLevels(issues: ValidationIssue[], value: unknown): RiskLevel[] | null {
  const levels: RiskLevel[] = [];
  for (const item of readList(issues, 'levels', value) ?? []) {
    const level = parseLevel(item);
    if (level) levels.push(level);
    else issues.push(attributeIssue('levels', item, RISK_LEVELS.join(' | ')));
  }
  // Only unknown names: nothing to filter by (each is reported).
  return levels.length ? levels : null;
}

function readWindowDays(issues: ValidationIssue[], value: unknown): number {
  if (isUnset(value)) return d.windowDays;
  const days = parseWindowDays(value);
  if (days !== null && days <= MAX_WINDOW_DAYS) return days;
  issues.push(attributeIssue('window', value, `days or weeks such as 7d | 2w (at most ${MAX_WINDOW_DAYS} days)`));
  return d.windowDays;
}

const readers = {
  mode: (issues, value) => checkChoice(issues, 'mode', value, RISK_MODES, d.mode),
  hexMetric: (issues, value) => checkChoice(issues, 'hex-metric', value, HEX_METRICS, d.hexMetric),
  crs: (issues, value) => checkChoice(issues, 'crs', value, CRS_NAMES, d.crs),
  step: (issues, value) => checkChoice(issues, 'step', value, TIME_STEPS, d.step),
  window: readWindowDays,
  legendPosition: (issues, value) => checkChoice(issues, 'legend-position', value, LEGEND_POSITIONS, d.legendPosition),
  colorDomain: readDomain,
  categories: readCategories,
  levels: readLevels,
  from: (issues, value) => readTime(issues, 'from', value),
  to: (issues, value) => readTime(issues, 'to', value),
  speed: (issues, value) => readNumber(issues, 'speed', value, { min: 0, max: Infinity, minExclusive: true }, d.speed),
  handoverZoom: (issues, value) => readNumber(issues, 'handover-zoom', value, { min: 0, max: 24 }, d.handoverZoom),
  heatRadius: (issues, value) => readNumber(issues, 'heat-radius', value, { min: 1, max: 100 }, d.heatRadius),
  hexRadius: (issues, value) => readNumber(issues, 'hex-radius', value, { min: 1, max: 100_000 }, d.hexRadius),
} satisfies Record<keyof RiskAttributeValues, AttributeReader>;

/** One reader per property (keyed by property name, in report order), for the element's `attributeReaders`. */
export const RISK_ATTRIBUTE_READERS = attributeReaders(readers);

/** The warning for `from` after `to` (both readable): the window between them is shown. */
export function reversedWindowIssue(values: Pick<RiskAttributeValues, 'from' | 'to'>): ValidationIssue | null {
  const from = readTime([], 'from', values.from);
  const to = readTime([], 'to', values.to);
  if (!orderWindow(from, to).reversed) return null;
  return {
    path: 'from',
    message: `from: ${describeValue(values.from, 80)} is after to ${describeValue(values.to, 80)}; the window between them is shown`,
    severity: 'warning',
    code: 'out-of-range',
    params: { value: describeValue(values.from, 80), expected: `a time before to (${describeValue(values.to, 80)})` },
  };
}

/** Effective settings of the layer and one warning per attribute value it cannot use. */
export function resolveRiskAttributes(values: RiskAttributeValues): { settings: RiskSettings; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const read = Object.fromEntries(
    Object.entries(readers).map(([name, reader]) => [name, readGuarded<unknown>(reader, issues, values[name as keyof RiskAttributeValues], attributeName(name))]),
  ) as {
    [K in keyof typeof readers]: ReturnType<(typeof readers)[K]>;
  };
  const reversed = reversedWindowIssue(values);
  if (reversed) issues.push(reversed);
  const { window: windowDays, from, to, ...rest } = read;
  const window = orderWindow(from, to);
  return { settings: { ...rest, windowDays, from: window.from, to: window.to }, issues };
}

/** The warning when `hex-radius` had to grow to keep the hexagon grid over the data's extent drawable (see `fitHexRadius`). */
export function hexRadiusIssue(wanted: number, used: number): ValidationIssue {
  return {
    path: 'hex-radius',
    message: `hex-radius: ${wanted} m needs too many hexagons over this data's extent; ${used} m is used`,
    severity: 'warning',
    code: 'out-of-range',
    params: { value: String(wanted), expected: `≥ ${used}` },
  };
}
