/**
 * Metric values per unit: from a feature property (`metric`) or from a separate `values` input
 * (`{id: number}`, `[{id, value}]` or columns `{ids: [...], values: [...]}`) that a backend
 * refreshes without re-sending geometry. Result: one Float64Array slot per unit of the index,
 * NaN for "no data".
 *
 * A `values` input of the wrong shape, or one of which not a single entry can be used, is
 * rejected as a whole (`values: null`): the caller keeps what it showed before. A partly bad
 * input keeps its good entries and reports the others by key or index and field.
 */
import { IssueCollector, describeValue, errorMessage, isRecord, type ValidationIssue } from '../../core/validation';
import type { GridIndex } from './hierarchy';

export interface GridValues {
  values: Float64Array;
  issues: ValidationIssue[];
  total: number;
}

export interface NormalizedValues {
  /** Null when the input was rejected as a whole (keep the previous values). */
  values: Float64Array | null;
  issues: ValidationIssue[];
  total: number;
}

/** A finite number (numeric strings accepted, as many backends send them); null = explicit no data; undefined = invalid. */
export function parseMetricValue(raw: unknown): number | null | undefined {
  if (raw == null) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && raw.trim() !== '') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** An own property of a record (never one inherited from Object.prototype, e.g. `constructor`). */
export const ownValue = (record: unknown, key: string): unknown =>
  isRecord(record) && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

/** Only plain objects (object literals, JSON) are `{id: number}` maps; a Map, a typed array, a Date are not. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What a value is, for "wrong type" messages: `a string ("abc")`, `a Map`, `an array of 3 non-records`. */
export function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${value.length})`;
  if (typeof value === 'object') return `a ${Object.prototype.toString.call(value).slice(8, -1)}`;
  return `a ${typeof value} (${describeValue(value)})`;
}

const noData = (size: number) => new Float64Array(size).fill(NaN);
const keyPath = (key: string) => `values[${describeValue(key, 80)}]`;
const FEATURE_FIELD = /^[A-Za-z_$][\w$]*$/;
/** `features[3].properties.events`, or `…properties["a b"]` for a key that is not an identifier. */
export const propertyPath = (source: number, key: string) =>
  `features[${source}].properties${FEATURE_FIELD.test(key) && key.length <= 80 ? `.${key}` : `[${describeValue(key, 80)}]`}`;

/** Reads `properties[metric]` (own properties only) of every unit; non-numeric values are reported and count as no data. */
export function metricValues(index: GridIndex, metric: string, limit = 1000): GridValues {
  const issues = new IssueCollector(limit);
  const values = noData(index.size);
  for (let u = 0; u < index.size; u++) {
    const raw = ownValue(index.features[u].properties, metric);
    const value = parseMetricValue(raw);
    if (value === undefined) {
      issues.warn(propertyPath(index.sources[u], metric), `not a number: ${describeValue(raw)}`, 'not-a-number', {
        value: describeValue(raw),
      });
    } else if (value !== null) values[u] = value;
  }
  return { values, issues: issues.issues, total: issues.total };
}

/** True when some unit has the metric as an own property (so an unknown metric name can be reported). */
export function hasMetric(index: GridIndex, metric: string): boolean {
  for (let u = 0; u < index.size; u++) {
    const properties = index.features[u].properties;
    if (isRecord(properties) && Object.prototype.hasOwnProperty.call(properties, metric)) return true;
  }
  return false;
}

/** Numeric properties of the first units (the metrics a page could colour by). */
export function numericProperties(index: GridIndex, sample = 200): string[] {
  const names = new Set<string>();
  for (let u = 0; u < Math.min(index.size, sample); u++) {
    const properties = index.features[u].properties;
    if (!isRecord(properties)) continue;
    for (const key of Object.keys(properties)) {
      if (key !== 'id' && key !== 'parent' && typeof properties[key] === 'number') names.add(key);
    }
  }
  return [...names];
}

/** The columnar `values` form: a plain object whose `ids` is an array (an `{id: number}` map has numbers there). */
export function isValueColumns(input: unknown): input is { ids: readonly unknown[]; values?: unknown } {
  return isPlainRecord(input) && Array.isArray(ownValue(input, 'ids'));
}

/**
 * Normalizes `{id: number}`, `[{id, value}]` or columns `{ids, values}` (`values[k]` is the value
 * of `ids[k]`; a typed array will do, NaN there meaning no data; other members are not read). Ids matching no unit,
 * non-numeric values and repeated ids are reported (warnings: the units are still drawn, as no
 * data; the first of a repeated id wins). Rejected as a whole (error, `values: null`): anything but
 * a plain object or an array, columns of two lengths, and a non-empty input none of whose entries
 * is usable. `{}`, `[]` and empty columns mean "no values".
 *
 * The columns are the fastest form to read: an `{id: number}` refresh of 100k units spends most
 * of its time in the engine listing the object's keys (`npm run bench -- grid` prints both).
 *
 * One typed pass: each id goes to its unit through the index's id map (built once per data set)
 * and its number straight into the Float64Array; issue paths are written only for an issue.
 * `keyUnits` (one per index) remembers the units of the last `{id: number}` input's keys.
 */
export function normalizeValues(input: unknown, index: GridIndex, limit = 1000, keyUnits?: KeyUnits): NormalizedValues {
  try {
    return readValues(input, index, limit, keyUnits);
  } catch (error) {
    // Input that throws when read (a getter, a proxy, a revoked proxy): rejected as a whole, as any unusable input.
    const message = `values could not be read: ${describeValue(errorMessage(error), 120)}`;
    return { values: null, issues: [{ path: 'values', message, severity: 'error', code: 'wrong-type', params: { expected: '{id: number} | [{id, value}]' } }], total: 1 };
  }
}

function readValues(input: unknown, index: GridIndex, limit: number, keyUnits?: KeyUnits): NormalizedValues {
  const issues = new IssueCollector(limit);
  const values = noData(index.size);
  const reject = (message: string, code = 'wrong-type'): NormalizedValues => {
    const error = { path: 'values', message, severity: 'error' as const, code, params: { expected: '{id: number} | [{id, value}]' } };
    return { values: null, issues: [error, ...issues.issues.slice(0, limit - 1)], total: issues.total + 1 };
  };
  let read: { entries: number; usable: number };
  if (Array.isArray(input)) {
    const list = readValueList(input, index, values, issues);
    if (input.length > 0 && list.records === 0) return reject(`values must be {id: number} or [{id, value}]; got an array of ${input.length} entries, none of them {id, value}`);
    read = list;
  } else if (isValueColumns(input)) {
    const column = ownValue(input, 'values');
    if (!Array.isArray(column) && !(ArrayBuffer.isView(column) && !(column instanceof DataView))) {
      return reject(`values.values must be an array beside values.ids, not ${typeOfValue(column)}`);
    }
    const numbers = column as ArrayLike<unknown>;
    if (numbers.length !== input.ids.length) {
      return reject(`values.ids has ${input.ids.length} entries and values.values ${numbers.length}; they must pair up`);
    }
    read = readValueColumns(input.ids, numbers, index, values, issues, keyUnits);
  } else if (isPlainRecord(input)) {
    read = readValueMap(input, index, values, issues, keyUnits);
  } else {
    return reject(`values must be {id: number} or [{id, value}], not ${typeOfValue(input)}`);
  }
  if (read.usable === 0 && read.entries > 0) return reject('values: no entry names a unit with a number; the previous values are kept', 'no-usable-entry');
  return { values, issues: issues.issues, total: issues.total };
}

/**
 * The units of the keys of the last `{id: number}` input read against one index. A backend's
 * refresh sends the same ids in the same order: their units are then taken from here instead of
 * looked up again (property keys are interned strings, so comparing them is comparing pointers).
 */
export class KeyUnits {
  keys: readonly unknown[] = [];
  units = new Int32Array(0);
}

/**
 * Columns into `values`: how many entries there were, and were usable. The same walk as the
 * `{id: number}` form's without listing an object's keys; `memo` likewise remembers the ids' units.
 */
function readValueColumns(ids: readonly unknown[], numbers: ArrayLike<unknown>, index: GridIndex, values: Float64Array, issues: IssueCollector, memo?: KeyUnits): { entries: number; usable: number } {
  const byId = index.byId;
  const known = memo && memo.keys.length === ids.length ? memo.keys : null;
  const units = known ? memo!.units : new Int32Array(ids.length);
  const seen = new Uint8Array(index.size);
  const typed = ArrayBuffer.isView(numbers);
  const idPath = (k: number) => `values.ids[${k}]`;
  let usable = 0;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    let unit = units[k];
    if (known === null || known[k] !== id) {
      if (typeof id === 'string') unit = byId.get(id) ?? -1;
      else if (typeof id === 'number' && Number.isFinite(id)) unit = byId.get(String(id)) ?? -1;
      else unit = -2;
      units[k] = unit;
    }
    if (unit < 0) {
      if (unit === -2) issues.warn(idPath(k), `expected an id: ${describeValue(id)}`, 'wrong-type', { expected: 'string' });
      else issues.warn(idPath(k), `no unit has id ${describeValue(String(id))}`, 'unknown-reference', { value: describeValue(String(id)) });
      continue;
    }
    if (seen[unit]) {
      issues.warn(idPath(k), `id ${describeValue(String(id))} is given more than once; the first value is used`, 'duplicate-id', { value: describeValue(String(id)) });
      continue;
    }
    seen[unit] = 1;
    const raw = numbers[k];
    if (typeof raw === 'number' && Number.isFinite(raw)) {
      values[unit] = raw;
      usable++;
      continue;
    }
    // A typed array has no null: there NaN says "no data".
    const value = typed && Number.isNaN(raw) ? null : parseMetricValue(raw);
    if (value === undefined) {
      issues.warn(`values.values[${k}]`, `not a number: ${describeValue(raw)}`, 'not-a-number', { value: describeValue(raw) });
      continue;
    }
    if (value !== null) values[unit] = value;
    usable++;
  }
  if (memo) {
    // A copy: the page may refill the same array with other ids before the next refresh.
    memo.keys = ids.slice();
    memo.units = units;
  }
  return { entries: ids.length, usable };
}

/** `{id: number}` into `values`: how many entries there were, and were usable. Keys are own and distinct, so no id repeats. */
function readValueMap(input: Record<string, unknown>, index: GridIndex, values: Float64Array, issues: IssueCollector, memo?: KeyUnits): { entries: number; usable: number } {
  const byId = index.byId;
  const ids = Object.keys(input);
  const known = memo && memo.keys.length === ids.length ? memo.keys : null;
  const units = known ? memo!.units : new Int32Array(ids.length);
  let usable = 0;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    let unit = units[k];
    if (known === null || known[k] !== id) units[k] = unit = byId.get(id) ?? -1;
    if (unit < 0) {
      issues.warn(keyPath(id), `no unit has id ${describeValue(id)}`, 'unknown-reference', { value: describeValue(id) });
      continue;
    }
    const raw = input[id];
    // Numbers (the usual case) go straight in; anything else through the full parse.
    if (typeof raw === 'number' && Number.isFinite(raw)) {
      values[unit] = raw;
      usable++;
      continue;
    }
    const value = parseMetricValue(raw);
    if (value === undefined) {
      issues.warn(keyPath(id), `not a number: ${describeValue(raw)}`, 'not-a-number', { value: describeValue(raw) });
      continue;
    }
    if (value !== null) values[unit] = value;
    usable++;
  }
  if (memo) {
    memo.keys = ids;
    memo.units = units;
  }
  return { entries: ids.length, usable };
}

/** `[{id, value}]` into `values`: how many entries there were, were records, and were usable. */
function readValueList(input: readonly unknown[], index: GridIndex, values: Float64Array, issues: IssueCollector): { entries: number; records: number; usable: number } {
  const byId = index.byId;
  const seen = new Uint8Array(index.size);
  let records = 0;
  let usable = 0;
  for (let i = 0; i < input.length; i++) {
    const entry: unknown = input[i];
    if (entry === undefined && !(i in input)) continue; // a hole, as forEach skips it
    const rawId = ownValue(entry, 'id');
    if (!isRecord(entry) || (typeof rawId !== 'string' && !(typeof rawId === 'number' && Number.isFinite(rawId)))) {
      if (isRecord(entry)) records++;
      issues.warn(`values[${i}]`, `expected {id, value}: ${describeValue(entry)}`, 'wrong-type', { expected: '{id, value}' });
      continue;
    }
    records++;
    if (!Object.prototype.hasOwnProperty.call(entry, 'value')) {
      issues.warn(`values[${i}].value`, 'value is missing', 'missing');
      continue;
    }
    const id = String(rawId);
    const unit = byId.get(id);
    if (unit === undefined) {
      issues.warn(`values[${i}].id`, `no unit has id ${describeValue(id)}`, 'unknown-reference', { value: describeValue(id) });
      continue;
    }
    if (seen[unit]) {
      issues.warn(`values[${i}].id`, `id ${describeValue(id)} is given more than once; the first value is used`, 'duplicate-id', { value: describeValue(id) });
      continue;
    }
    seen[unit] = 1;
    const value = parseMetricValue(entry.value);
    if (value === undefined) {
      issues.warn(`values[${i}].value`, `not a number: ${describeValue(entry.value)}`, 'not-a-number', { value: describeValue(entry.value) });
      continue;
    }
    if (value !== null) values[unit] = value;
    usable++;
  }
  return { entries: input.length, records, usable };
}

export interface ResolvedValues {
  values: Float64Array;
  /** Where the values came from: the `values` input, the last accepted one, or the metric. */
  from: 'values' | 'previous' | 'metric' | 'none';
  /** Issues of the `values` input (its rejection included) and of the metric property. */
  valueIssues: ValidationIssue[];
  valueTotal: number;
  metricIssues: ValidationIssue[];
  metricTotal: number;
}

/**
 * The values to show: the `values` input when set (else the `metric` property); a rejected
 * `values` input falls back to `previous` (the last accepted input; null: the metric), so a bad
 * refresh never blanks the map.
 */
export function resolveValues(index: GridIndex, input: unknown, previous: unknown, metric: string | undefined, keyUnits?: KeyUnits): ResolvedValues {
  let valueIssues: ValidationIssue[] = [];
  let valueTotal = 0;
  if (input != null) {
    const result = normalizeValues(input, index, undefined, keyUnits);
    if (result.values) return { ...ok(result.values, 'values'), valueIssues: result.issues, valueTotal: result.total };
    valueIssues = result.issues;
    valueTotal = result.total;
    if (previous != null) {
      const kept = normalizeValues(previous, index).values;
      if (kept) return { ...ok(kept, 'previous'), valueIssues, valueTotal };
    }
  }
  if (metric) {
    const result = metricValues(index, metric);
    return { ...ok(result.values, 'metric'), valueIssues, valueTotal, metricIssues: result.issues, metricTotal: result.total };
  }
  return { ...ok(noData(index.size), 'none'), valueIssues, valueTotal };
}

function ok(values: Float64Array, from: ResolvedValues['from']) {
  return { values, from, valueIssues: [], valueTotal: 0, metricIssues: [], metricTotal: 0 };
}
