/**
 * `computeFunnel`'s options made safe to use: every option a caller (or a page, through the
 * element) can get wrong is checked once, reported as a warning and replaced by its default, so
 * the scan never meets a value it cannot handle (an unparsable or out-of-range `now`, a filter
 * that is not text, a calendar that is not an object…). Pure, never throws.
 */
import type { IssueCollector } from '../../core/validation';
import { errorMessage, isRecord } from '../../core/validation';
import { checkCalendar } from './calendar';
import { readRateOptions } from './indicators';
import { describe } from './text';
import { isOutOfRangeTime, parseTimestamp } from './time';
import type { FunnelOptions, ReportingPeriod } from './types';
import { checkFilter } from './validate';

/** True when `value` is a time `computeFunnel` can use as `now` (ISO string, epoch ms or Date, within `Date`'s range). */
export const isUsableTime = (value: unknown): boolean => !Number.isNaN(parseTimestamp(value, 0));

/** The problem with a time value, for a message: out of range or unparsable. */
export const timeProblem = (value: unknown): string =>
  isOutOfRangeTime(value) ? `time out of range (|epoch ms| ≤ 8.64e15) ${describe(value)}` : `unparsable time ${describe(value)}`;

/**
 * A copy of `options` with `now`, `filter`, `calendar`, `durationClock`, `period` and `rates`
 * checked (paths `options.now`, `filter…`, `calendar…`, `options.durationClock`,
 * `options.period…`, `options.rates…`); what cannot be used is
 * reported to `issues` and left out. Stages, preset, limits and the time zone are checked where
 * they are resolved (compute.ts, presets.ts).
 */
export function readOptions(options: unknown, issues: IssueCollector): FunnelOptions {
  if (options == null) return {};
  const out = readSafely('options', issues, (): FunnelOptions | null => {
    if (typeof options === 'object' && !Array.isArray(options)) return { ...(options as FunnelOptions) };
    issues.warn('options', `expected an options object, got ${describe(options)}; defaults used`, 'wrong-type');
    return null;
  });
  if (!out) return {};
  const { now, filter, calendar, durationClock } = out;
  if (now === undefined || now === null || now === '') delete out.now;
  else if (!readSafely('options.now', issues, () => checkNow(now, issues))) delete out.now;
  const cleanFilter = readSafely('filter', issues, () => checkFilter(filter, issues));
  if (cleanFilter) out.filter = cleanFilter;
  else delete out.filter;
  const cleanCalendar = readSafely('calendar', issues, () => checkCalendar(calendar, issues));
  if (cleanCalendar) out.calendar = cleanCalendar;
  else delete out.calendar;
  if (durationClock != null && durationClock !== 'calendar' && durationClock !== 'working') {
    issues.warn('options.durationClock', `unknown clock ${describe(durationClock)} (expected calendar | working); the default used`, 'unknown-value');
    delete out.durationClock;
  }
  const period = readSafely('options.period', issues, () => checkPeriod(out.period, issues));
  if (period) out.period = period;
  else delete out.period;
  if (out.rates !== undefined) {
    const rates = readSafely('options.rates', issues, () => readRateOptions(out.rates, issues));
    if (rates) out.rates = rates;
    else delete out.rates;
  }
  return out;
}

/** Whether `now` is usable; reported when not. */
function checkNow(now: unknown, issues: IssueCollector): boolean {
  if (isUsableTime(now)) return true;
  issues.warn('options.now', `${timeProblem(now)}; using the current time`, isOutOfRangeTime(now) ? 'out-of-range' : 'unparsable-time');
  return false;
}

/**
 * `read()`, or undefined when the option throws as it is read (a getter, a proxy, a revoked
 * proxy): reported at `path` like any unusable option, so the count goes on with the default.
 */
function readSafely<T>(path: string, issues: IssueCollector, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    issues.warn(path, `could not be read (${describe(errorMessage(error))}); the default used`, 'wrong-type');
    return undefined;
  }
}

/** A period with two usable times, `from` not after `to`; else reported and left out (all time). */
function checkPeriod(period: unknown, issues: IssueCollector): ReportingPeriod | null {
  if (period == null) return null;
  if (!isRecord(period)) {
    issues.warn('options.period', `expected {from, to}, got ${describe(period)}; all time counted`, 'wrong-type');
    return null;
  }
  let usable = true;
  for (const end of ['from', 'to'] as const) {
    if (isUsableTime(period[end])) continue;
    usable = false;
    const value = period[end];
    issues.warn(`options.period.${end}`, `${timeProblem(value)}; all time counted`, isOutOfRangeTime(value) ? 'out-of-range' : 'unparsable-time');
  }
  if (!usable) return null;
  if (parseTimestamp(period.from, 0) > parseTimestamp(period.to, 0)) {
    issues.warn('options.period', `from ${describe(period.from)} is after to ${describe(period.to)}; all time counted`, 'out-of-range');
    return null;
  }
  return { from: period.from as ReportingPeriod['from'], to: period.to as ReportingPeriod['to'] };
}
