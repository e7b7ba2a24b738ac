/**
 * Metric values per unit: from a feature property (`metric`) or from a separate `values` input
 * (`{id: number}` or `[{id, value}]`) that a backend refreshes without re-sending geometry.
 * Result: one Float64Array slot per unit of the index, NaN for "no data".
 */
import { IssueCollector, describeValue, isRecord, type ValidationIssue } from '../../core/validation';
import type { GridIndex } from './hierarchy';

export interface GridValues {
  values: Float64Array;
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

function noData(size: number): Float64Array {
  return new Float64Array(size).fill(NaN);
}

/** Reads `properties[metric]` of every unit; non-numeric values are reported and count as no data. */
export function metricValues(index: GridIndex, metric: string, limit = 1000): GridValues {
  const issues = new IssueCollector(limit);
  const values = noData(index.size);
  for (let u = 0; u < index.size; u++) {
    const raw = (index.features[u].properties as Record<string, unknown> | null)?.[metric];
    const value = parseMetricValue(raw);
    if (value === undefined) {
      issues.warn(`features[${index.sources[u]}].properties.${metric}`, `not a number: ${describeValue(raw)}`, 'not-a-number', {
        value: describeValue(raw),
      });
    } else if (value !== null) values[u] = value;
  }
  return { values, issues: issues.issues, total: issues.total };
}

/**
 * Normalizes `{id: number}` or `[{id, value}]`. Ids matching no unit and non-numeric values are
 * reported (warnings: the units are still drawn, as no data).
 */
export function normalizeValues(input: unknown, index: GridIndex, limit = 1000): GridValues {
  const issues = new IssueCollector(limit);
  const values = noData(index.size);
  const put = (id: string, raw: unknown, idPath: string, valuePath: string) => {
    const unit = index.indexOf(id);
    if (unit < 0) {
      issues.warn(idPath, `no unit has id ${describeValue(id)}`, 'unknown-reference', { value: describeValue(id) });
      return;
    }
    const value = parseMetricValue(raw);
    if (value === undefined) {
      issues.warn(valuePath, `not a number: ${describeValue(raw)}`, 'not-a-number', { value: describeValue(raw) });
      values[unit] = NaN;
    } else values[unit] = value ?? NaN;
  };
  if (Array.isArray(input)) {
    input.forEach((entry: unknown, i) => {
      if (!isRecord(entry) || (typeof entry.id !== 'string' && typeof entry.id !== 'number')) {
        issues.warn(`values[${i}]`, `expected {id, value}: ${describeValue(entry)}`, 'wrong-type', { expected: '{id, value}' });
        return;
      }
      put(String(entry.id), entry.value, `values[${i}].id`, `values[${i}].value`);
    });
  } else if (isRecord(input)) {
    for (const id of Object.keys(input)) {
      const path = `values[${JSON.stringify(id)}]`;
      put(id, input[id], path, path);
    }
  } else if (input != null) {
    issues.error('values', `expected {id: number} or [{id, value}], got ${describeValue(input)}`, 'wrong-type', {
      expected: '{id: number} | [{id, value}]',
    });
  }
  return { values, issues: issues.issues, total: issues.total };
}
