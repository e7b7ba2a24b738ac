/**
 * Reading and checking raw cases, one at a time into reusable typed scratch arrays (no object
 * per case). Rules:
 * - A case is skipped (error, path `cases[i]…`) when it is not an object, has no `stages`
 *   object, has an unparsable or out-of-range stage timestamp (placing it at an earlier stage
 *   would make it look stuck), or reaches none of the known stages. A record whose id repeats is
 *   skipped unless it is that id's last valid record (compute.ts, `cases[i].id`).
 * - Numbers must be usable as what they stand for: `reworks` a safe integer ≥ 0, times within
 *   ±8.64e15 ms.
 * - Kept with a warning: unknown stage / deadline keys (that key ignored), unparsable deadlines
 *   (ignored), bad `status` / `tier` / `rating` / `resolved` / `reworks` / `channel` / `grid` /
 *   `category` / `id` values (ignored), and timestamps out of order (a later stage entered before
 *   an earlier one, as happens when a rework loop records its last entry): the case still counts
 *   everywhere, only its negative duration is left out of the median / p90.
 * - A stage or deadline given as null or '' is absent (backends write both for "not yet").
 * - Warnings of one kind are reported once, with the first path and how many cases share it, so
 *   a million-row file of one recurring slip stays readable; errors keep one issue per case (up
 *   to the collector's cap, `issueCount` has them all).
 */
import type { IssueCollector, ValidationIssue } from '../../core/validation';
import { isOutOfRangeTime, parseTimestamp, parseTimestampInto } from './time';
import { describe } from './text';
import type { CaseFilter, DropReason, Rating, ResolvedStage, Tier } from './types';

export const DROP_REASONS: readonly DropReason[] = ['void', 'parked', 'extended', 'returned'];
export const TIERS: readonly Tier[] = ['big', 'small', 'micro'];
export const RATINGS: readonly Rating[] = ['satisfied', 'basically-satisfied', 'dissatisfied'];

/** Keys in paths are cut short so a 10 MB key never lands in a message. */
export const pathKey = (key: string): string => (key.length > 60 ? `${key.slice(0, 59)}…` : key);

const MAX_KINDS = 200;

/** Warnings counted by kind: one issue per kind, with the first path and the number of cases. */
export class WarningTally {
  private readonly kinds = new Map<string, { path: string; message: string; count: number }>();
  private overflow = 0;
  /** Warnings added in all (whether a read reported anything). */
  added = 0;

  add(kind: string, path: () => string, message: () => string): void {
    this.added++;
    const entry = this.kinds.get(kind);
    if (entry) entry.count++;
    else if (this.kinds.size < MAX_KINDS) this.kinds.set(kind, { path: path(), message: message(), count: 1 });
    else this.overflow++;
  }

  get size(): number {
    return this.kinds.size + (this.overflow ? 1 : 0);
  }

  /** Forgets every warning (a count started again). */
  clear(): void {
    this.kinds.clear();
    this.overflow = 0;
    this.added = 0;
  }

  toIssues(): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    for (const { path, message, count } of this.kinds.values()) {
      const more = count > 1 ? ` (${count} cases; first shown)` : '';
      issues.push({ path, message: `${message}${more}`, severity: 'warning' });
    }
    if (this.overflow) issues.push({ path: 'cases', message: `${this.overflow} more warnings of other kinds`, severity: 'warning' });
    return issues;
  }
}

const NO_STATUS = 0;

/**
 * The id a raw case counts under: a non-empty string, or a finite number as text (so `7` and
 * `"7"` are one case). Undefined when the record has no usable id.
 */
export function caseIdOf(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const id = (record as { id?: unknown }).id;
  if (typeof id === 'string') return id === '' ? undefined : id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

/** Reads one raw case at a time; fields are valid after `read` returns true. */
export class CaseReader {
  readonly size: number;
  readonly stageIndex = new Map<string, number>();
  private readonly keys: string[];
  /** Entry time per stage (epoch ms), NaN when not reached. */
  readonly times: Float64Array;
  /** Deadline per stage (epoch ms), NaN when none. */
  readonly dues: Float64Array;
  id = '';
  /** 0 none, else 1 + index in DROP_REASONS. */
  status = NO_STATUS;
  reworks = 0;
  tier: Tier | undefined;
  channel: string | undefined;
  grid: string | undefined;
  category: string | undefined;
  /** -1 none, else index in RATINGS. */
  rating = -1;
  /** -1 unknown, 0 unresolved, 1 resolved. */
  resolved = -1;
  firstTime = NaN;
  lastStage = -1;
  /** Stages for which some case read so far carried a deadline. */
  readonly dueSeen: Uint8Array;
  /** Held in a field: a CommonJS build reads an imported function through a getter, ten million times here. */
  private readonly parse = parseTimestampInto;

  constructor(
    readonly stages: readonly ResolvedStage[],
    readonly defaultOffsetMs: number,
    readonly errors: IssueCollector,
    readonly warnings: WarningTally,
  ) {
    this.size = stages.length;
    stages.forEach((s, i) => this.stageIndex.set(s.key, i));
    this.keys = stages.map((s) => s.key);
    this.times = new Float64Array(this.size);
    this.dues = new Float64Array(this.size);
    this.dueSeen = new Uint8Array(this.size);
  }

  read(raw: unknown, index: number): boolean {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.errors.error(`cases[${index}]`, `case must be an object, got ${describe(raw)}; skipped`);
      return false;
    }
    const stages = (raw as Record<string, unknown>).stages;
    if (typeof stages !== 'object' || stages === null || Array.isArray(stages)) {
      this.errors.error(`cases[${index}].stages`, `expected {stageKey: ISO time}, got ${describe(stages)}; skipped`);
      return false;
    }
    const { times, dues, defaultOffsetMs, size } = this;
    for (let k = 0; k < size; k++) times[k] = NaN;
    let bad = false;
    let reached = 0;
    let guess = 0;
    for (const key in stages) {
      const k = this.indexOf(key, guess);
      if (k < 0) {
        this.unknownKey('stages', key, index);
        continue;
      }
      const value = (stages as Record<string, unknown>)[key];
      guess = k + 1;
      if (value == null || value === '') continue;
      if (!this.parse(value, defaultOffsetMs, times, k)) {
        times[k] = NaN;
        this.badTime(index, key, value);
        bad = true;
        continue;
      }
      reached++;
    }
    if (bad) return false;
    if (reached === 0) {
      this.errors.error(`cases[${index}].stages`, 'no known stage reached; case skipped');
      return false;
    }

    let previous = -1;
    this.firstTime = NaN;
    for (let k = 0; k < this.size; k++) {
      const t = times[k];
      if (t !== t) continue;
      if (previous < 0) this.firstTime = t;
      else if (t < times[previous]) this.outOfOrder(stages as Record<string, unknown>, previous, k, index);
      previous = k;
    }
    this.lastStage = previous;

    for (let k = 0; k < size; k++) dues[k] = NaN;
    const record = raw as Record<string, unknown>;
    const due = record.due;
    if (due != null) {
      if (typeof due !== 'object' || Array.isArray(due)) this.warn('due', index, `expected {stageKey: ISO time}, got ${describe(due)}; ignored`);
      else {
        let guess = 0;
        for (const key in due) {
          const k = this.indexOf(key, guess);
          if (k < 0) {
            this.unknownKey('due', key, index);
            continue;
          }
          const value = (due as Record<string, unknown>)[key];
          guess = k + 1;
          if (value == null || value === '') continue;
          if (this.parse(value, defaultOffsetMs, dues, k)) this.dueSeen[k] = 1;
          else {
            dues[k] = NaN;
            const what = isOutOfRangeTime(value) ? 'deadline out of range (|epoch ms| ≤ 8.64e15)' : 'unparsable deadline';
            this.warn(`due.${pathKey(key)}`, index, `${what} ${describe(value)}; ignored`);
          }
        }
      }
    }

    const id = caseIdOf(record);
    if (id !== undefined) this.id = id;
    else {
      this.id = `#${index}`;
      this.warn('id', index, `expected a string or number id, got ${describe(record.id)}; using "#${index}"`);
    }

    this.status = NO_STATUS;
    const status = record.status;
    if (status != null) {
      const s = statusCode(status);
      if (s >= 0) this.status = s + 1;
      else this.warn('status', index, `unknown status ${describe(status)} (expected ${DROP_REASONS.join(' | ')}); ignored`);
    }

    this.reworks = 0;
    const reworks = record.reworks;
    if (reworks != null) {
      if (typeof reworks === 'number' && Number.isSafeInteger(reworks) && reworks >= 0) this.reworks = reworks;
      else this.warn('reworks', index, `reworks must be a whole number ≥ 0, got ${describe(reworks)}; ignored`);
    }

    this.tier = undefined;
    const tier = record.tier;
    if (tier != null) {
      if (tier === 'big' || tier === 'small' || tier === 'micro') this.tier = tier;
      else this.warn('tier', index, `unknown tier ${describe(tier)} (expected ${TIERS.join(' | ')}); ignored`);
    }

    this.rating = -1;
    const rating = record.rating;
    if (rating != null) {
      this.rating = ratingCode(rating);
      if (this.rating < 0) this.warn('rating', index, `unknown rating ${describe(rating)} (expected ${RATINGS.join(' | ')}); ignored`);
    }

    this.resolved = -1;
    const resolved = record.resolved;
    if (resolved != null) {
      if (typeof resolved === 'boolean') this.resolved = resolved ? 1 : 0;
      else this.warn('resolved', index, `resolved must be true or false, got ${describe(resolved)}; ignored`);
    }

    this.channel = this.text(record.channel, 'channel', index);
    this.grid = this.text(record.grid, 'grid', index);
    this.category = this.text(record.category, 'category', index);
    return true;
  }

  /**
   * Stage index of `key`, or -1. Keys usually come in stage order, some skipped: the stages from
   * the one after the last match on are tried first (identity comparisons of interned strings, no
   * hash look-up).
   */
  private indexOf(key: string, guess: number): number {
    const { keys, size } = this;
    for (let k = guess; k < size; k++) if (keys[k] === key) return k;
    return this.stageIndex.get(key) ?? -1;
  }

  private text(value: unknown, field: string, index: number): string | undefined {
    if (value == null) return undefined;
    if (typeof value === 'string') return value;
    this.warn(field, index, `${field} must be text, got ${describe(value)}; ignored`);
    return undefined;
  }

  // Reporting lives in separate methods: closures inside `read` would cost an allocation per case.

  private badTime(index: number, key: string, value: unknown): void {
    const path = `cases[${index}].stages.${pathKey(key)}`;
    if (isOutOfRangeTime(value)) this.errors.error(path, `timestamp ${describe(value)} is out of range (|epoch ms| ≤ 8.64e15); case skipped`, 'out-of-range', { value: describe(value), range: '±8.64e15' });
    else this.errors.error(path, `unparsable timestamp ${describe(value)}; case skipped`);
  }

  /** A field-level warning, tallied by field (the first case's path is kept). */
  private warn(field: string, index: number, message: string): void {
    this.warnings.add(field, () => `cases[${index}].${field}`, () => message);
  }

  private unknownKey(where: 'stages' | 'due', key: string, index: number): void {
    this.warnings.add(
      `${where}\u0000${key}`,
      () => `cases[${index}].${where}.${pathKey(key)}`,
      () => `unknown stage key ${describe(key)} (expected ${this.stages.map((s) => s.key).join(' | ')}); ignored`,
    );
  }

  private outOfOrder(stages: Record<string, unknown>, before: number, after: number, index: number): void {
    const a = this.stages[before].key;
    const b = this.stages[after].key;
    this.warnings.add(
      'order',
      () => `cases[${index}].stages.${b}`,
      () => `entered ${describe(b)} at ${describe(stages[b])}, before ${describe(a)} (${describe(stages[a])}); kept, its negative duration left out`,
    );
  }
}

// Switches instead of Array#indexOf: these run for every case of a million.
export function statusCode(status: unknown): number {
  switch (status) {
    case 'void':
      return 0;
    case 'parked':
      return 1;
    case 'extended':
      return 2;
    case 'returned':
      return 3;
    default:
      return -1;
  }
}

export function ratingCode(rating: unknown): number {
  switch (rating) {
    case 'satisfied':
      return 0;
    case 'basically-satisfied':
      return 1;
    case 'dissatisfied':
      return 2;
    default:
      return -1;
  }
}

const FILTER_LISTS = ['tier', 'channel', 'grid', 'category'] as const;
const FILTER_KEYS: readonly string[] = [...FILTER_LISTS, 'from', 'to'];

/**
 * A filter with only what can be applied (never throws): `tier` / `channel` / `grid` /
 * `category` as text or lists of text (tiers from TIERS), `from` / `to` as times. Everything
 * else is reported as a warning (path `filter…`) and left out, so a bad criterion filters
 * nothing rather than everything; a list whose every entry is bad is left out the same way (an
 * empty list, as given, still matches no case). Null when nothing is left to filter by.
 */
export function checkFilter(filter: unknown, issues?: IssueCollector): CaseFilter | null {
  if (filter == null) return null;
  if (typeof filter !== 'object' || Array.isArray(filter)) {
    issues?.warn('filter', `expected {tier?, channel?, grid?, category?, from?, to?}, got ${describe(filter)}; no filter applied`, 'wrong-type');
    return null;
  }
  const source = filter as Record<string, unknown>;
  const own = (key: string) => Object.prototype.hasOwnProperty.call(source, key);
  for (const key of Object.keys(source)) {
    if (!FILTER_KEYS.includes(key)) issues?.warn(`filter.${pathKey(key)}`, `unknown filter key ${describe(key)} (expected ${FILTER_KEYS.join(' | ')}); ignored`, 'unknown-value');
  }
  const out: CaseFilter = {};
  let any = false;
  for (const key of FILTER_LISTS) {
    const value = own(key) ? source[key] : undefined;
    if (value == null) continue;
    const list = filterList(value, key, issues);
    if (list) {
      (out as Record<string, string | string[]>)[key] = list;
      any = true;
    }
  }
  for (const key of ['from', 'to'] as const) {
    const value = own(key) ? source[key] : undefined;
    if (value == null || value === '') continue;
    if (!Number.isNaN(parseTimestamp(value, 0))) {
      out[key] = value as string | number | Date;
      any = true;
    } else {
      const what = isOutOfRangeTime(value) ? 'time out of range (|epoch ms| ≤ 8.64e15)' : 'unparsable time';
      issues?.warn(`filter.${key}`, `${what} ${describe(value)}; no bound applied`, isOutOfRangeTime(value) ? 'out-of-range' : 'unparsable-time');
    }
  }
  return any ? out : null;
}

function filterList(value: unknown, key: (typeof FILTER_LISTS)[number], issues?: IssueCollector): string | string[] | null {
  const ok = (entry: unknown): entry is string => typeof entry === 'string' && (key !== 'tier' || (TIERS as readonly string[]).includes(entry));
  const expected = key === 'tier' ? TIERS.join(' | ') : 'text';
  if (typeof value === 'string') {
    if (ok(value)) return value;
    issues?.warn(`filter.${key}`, `unknown ${key} ${describe(value)} (expected ${expected}); not filtered by ${key}`, 'unknown-value');
    return null;
  }
  if (!Array.isArray(value)) {
    issues?.warn(`filter.${key}`, `expected ${expected} or a list of it, got ${describe(value)}; not filtered by ${key}`, 'wrong-type');
    return null;
  }
  const kept: string[] = [];
  value.forEach((entry, index) => {
    if (ok(entry)) kept.push(entry);
    else issues?.warn(`filter.${key}[${index}]`, `expected ${expected}, got ${describe(entry)}; ignored`, typeof entry === 'string' ? 'unknown-value' : 'wrong-type');
  });
  return kept.length || value.length === 0 ? kept : null;
}

/** A `CaseFilter` compiled for the scan: sets for membership, epoch ms for the time range. */
export class CompiledFilter {
  private readonly tier: Set<string> | null;
  private readonly channel: Set<string> | null;
  private readonly grid: Set<string> | null;
  private readonly category: Set<string> | null;
  private readonly from: number;
  private readonly to: number;

  /** `filter` may be anything: what cannot be applied is reported to `issues` (see `checkFilter`) and left out. */
  constructor(filter: unknown, defaultOffsetMs: number, issues?: IssueCollector) {
    const clean = checkFilter(filter, issues) ?? {};
    this.tier = toSet(clean.tier);
    this.channel = toSet(clean.channel);
    this.grid = toSet(clean.grid);
    this.category = toSet(clean.category);
    this.from = clean.from == null ? -Infinity : parseTimestamp(clean.from, defaultOffsetMs);
    this.to = clean.to == null ? Infinity : parseTimestamp(clean.to, defaultOffsetMs);
  }

  matches(tier: string | undefined, channel: string | undefined, grid: string | undefined, category: string | undefined, firstTime: number): boolean {
    if (this.tier && (tier === undefined || !this.tier.has(tier))) return false;
    if (this.channel && (channel === undefined || !this.channel.has(channel))) return false;
    if (this.grid && (grid === undefined || !this.grid.has(grid))) return false;
    if (this.category && (category === undefined || !this.category.has(category))) return false;
    return firstTime >= this.from && firstTime < this.to;
  }
}

function toSet(value: string | readonly string[] | undefined): Set<string> | null {
  if (value == null) return null;
  return new Set(typeof value === 'string' ? [value] : value);
}
