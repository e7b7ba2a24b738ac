/**
 * Validation shared by every data contract: a validator keeps the valid records and reports the
 * rest, so bad input never blanks good data.
 */

/** One problem found in input data. `path` names the record and field, e.g. `features[12].properties.id`. */
export interface ValidationIssue {
  path: string;
  message: string;
  /** `error`: the record was skipped. `warning`: the record was kept but something is off. */
  severity?: 'error' | 'warning';
  /** Stable machine code (e.g. `missing`, `not-a-number`), used to localize the message. */
  code?: IssueCode | (string & {});
  /** Values for the localized message template, e.g. `{value: 'NaN'}`. */
  params?: Record<string, string | number>;
}

/** Issue codes with built-in zh-CN/en messages (src/core/i18n.ts). */
export type IssueCode =
  | 'missing'
  | 'not-a-number'
  | 'out-of-range'
  | 'duplicate-id'
  | 'unknown-reference'
  | 'unknown-value'
  | 'invalid-geometry'
  | 'swapped-coordinates'
  | 'unparsable-time'
  | 'wrong-type';

export interface ValidationResult<T> {
  valid: T[];
  issues: ValidationIssue[];
}

/** Collects issues while a validator walks the input; caps how many are kept so a 1M-row file of bad rows stays cheap. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];
  /** Count of all issues, including those past the cap. */
  total = 0;
  constructor(readonly limit = 1000) {}

  error(path: string, message: string, code?: ValidationIssue['code'], params?: ValidationIssue['params']): void {
    this.add({ path, message, severity: 'error', ...(code ? { code } : {}), ...(params ? { params } : {}) });
  }

  warn(path: string, message: string, code?: ValidationIssue['code'], params?: ValidationIssue['params']): void {
    this.add({ path, message, severity: 'warning', ...(code ? { code } : {}), ...(params ? { params } : {}) });
  }

  add(issue: ValidationIssue): void {
    this.total++;
    if (this.issues.length < this.limit) this.issues.push(issue);
  }

  get hasErrors(): boolean {
    return this.issues.some((i) => i.severity !== 'warning');
  }
}

/** Validates each record of an array; records for which `check` returns false are skipped. */
export function validateRecords<T>(
  records: readonly unknown[],
  check: (record: unknown, path: string, issues: IssueCollector) => record is T,
  basePath = '',
  collector = new IssueCollector(),
): ValidationResult<T> {
  const valid: T[] = [];
  records.forEach((record, index) => {
    if (check(record, `${basePath}[${index}]`, collector)) valid.push(record);
  });
  return { valid, issues: collector.issues };
}

/** Short, safe rendering of a bad value for messages: never dumps a 10 MB string. */
export function describeValue(value: unknown, max = 40): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value == null) text = String(value);
  else text = describeObject(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `array(n)` or the type's name; a revoked proxy or a throwing `length` is described by its type. */
function describeObject(value: unknown): string {
  try {
    return Array.isArray(value) ? `array(${value.length})` : typeof value;
  } catch {
    return typeof value;
  }
}

/** The message of a thrown value, for a report; never throws itself (an error object may throw when read). */
export function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
