/**
 * Working calendar: weekdays, daily working hours, holidays and make-up working days (调休) in a
 * fixed-offset local time. Working time between two instants is a difference of one closed-form
 * cumulative function W(t) = working days before t's day × hours per day + worked part of t's
 * day, so a million durations cost a million O(1) look-ups, never minute stepping.
 */
import { IssueCollector, isFiniteNumber } from '../../core/validation';
import { MS_PER_DAY, MS_PER_HOUR, parseIsoDate, parseOffset, parseTimestamp } from './time';
import { describe } from './text';
import type { WorkingCalendar } from './types';

/** Monday–Friday, 09:00–12:00 and 13:30–18:00, Beijing time, no holidays. */
export const DEFAULT_WORKING_CALENDAR: Readonly<Required<WorkingCalendar>> = Object.freeze({
  weekdays: [1, 2, 3, 4, 5],
  hours: [
    [9, 12],
    [13.5, 18],
  ] as Array<[number, number]>,
  holidays: [],
  workdays: [],
  timeZone: '+08:00',
});

const CACHE_DAYS = 1 << 13; // ~22 years of per-day figures around the first day asked for

export class CompiledCalendar {
  /** Milliseconds east of UTC of the calendar's local time. */
  readonly offsetMs: number;
  /** Working milliseconds in one full working day. */
  readonly dayMs: number;
  readonly issues: IssueCollector;
  private readonly weekdayMask = new Uint8Array(7); // by day-number mod 7 (0 = Thursday)
  private readonly weekPrefix = new Int32Array(8);
  private readonly workingPerWeek: number;
  private readonly holidayDays: Int32Array; // holidays that fall on a working weekday, sorted
  private readonly makeupDays: Int32Array; // make-up days that fall on a non-working weekday, sorted
  private readonly holidaySet: Set<number>;
  private readonly makeupSet: Set<number>;
  private readonly spans: Float64Array; // [start, end, ...] ms within the day, merged and sorted
  private cacheBase = NaN;
  private readonly cacheBefore = new Float64Array(CACHE_DAYS).fill(NaN);

  /** `calendar` may be anything: what is wrong is reported to `issues` (see `checkCalendar`) and the default used for it. */
  constructor(calendar: unknown = {}, issues = new IssueCollector()) {
    this.issues = issues;
    const clean = checkCalendar(calendar, issues) ?? DEFAULT_WORKING_CALENDAR;
    this.offsetMs = parseOffset(clean.timeZone);

    for (const weekday of clean.weekdays) this.weekdayMask[(weekday + 3) % 7] = 1;
    for (let i = 0; i < 7; i++) this.weekPrefix[i + 1] = this.weekPrefix[i] + this.weekdayMask[i];
    this.workingPerWeek = this.weekPrefix[7];

    this.spans = mergeSpans(clean.hours);
    let dayMs = 0;
    for (let i = 0; i < this.spans.length; i += 2) dayMs += this.spans[i + 1] - this.spans[i];
    this.dayMs = dayMs;

    const makeup = new Set(clean.workdays.map(parseIsoDate));
    const holidays = new Set(clean.holidays.map(parseIsoDate));
    for (const day of makeup) holidays.delete(day); // a make-up day listed as a holiday too is worked
    this.makeupSet = makeup;
    this.holidaySet = holidays;
    const weekdayWorks = (day: number) => this.weekdayMask[mod7(day)] === 1;
    this.holidayDays = Int32Array.from([...holidays].filter(weekdayWorks)).sort();
    this.makeupDays = Int32Array.from([...makeup].filter((d) => !weekdayWorks(d))).sort();
  }

  isWorkingDay(day: number): boolean {
    if (this.holidaySet.has(day)) return false;
    if (this.makeupSet.has(day)) return true;
    return this.weekdayMask[mod7(day)] === 1;
  }

  /** Working milliseconds from the calendar's epoch to `day` 00:00 local (negative before 1970). */
  workingMsBeforeDay(day: number): number {
    let index = day - this.cacheBase;
    if (index !== index) {
      this.cacheBase = day - CACHE_DAYS / 2;
      index = CACHE_DAYS / 2;
    }
    if (index >= 0 && index < CACHE_DAYS) {
      const cached = this.cacheBefore[index];
      if (cached === cached) return cached;
      return (this.cacheBefore[index] = this.computeBefore(day));
    }
    return this.computeBefore(day);
  }

  private computeBefore(day: number): number {
    const weeks = Math.floor(day / 7);
    const days =
      weeks * this.workingPerWeek +
      this.weekPrefix[day - weeks * 7] -
      countBelow(this.holidayDays, day) +
      countBelow(this.makeupDays, day);
    return days * this.dayMs;
  }

  /** W(t): cumulative working milliseconds at instant `t` (epoch ms). */
  workingMsAt(t: number): number {
    const local = t + this.offsetMs;
    const day = Math.floor(local / MS_PER_DAY);
    const before = this.workingMsBeforeDay(day);
    if (!this.isWorkingDay(day)) return before;
    const inDay = local - day * MS_PER_DAY;
    const spans = this.spans;
    let worked = 0;
    for (let i = 0; i < spans.length; i += 2) {
      if (inDay <= spans[i]) break;
      worked += (inDay < spans[i + 1] ? inDay : spans[i + 1]) - spans[i];
    }
    return before + worked;
  }

  /** Working milliseconds between two instants (negative when `b` is before `a`). */
  workingMsBetween(a: number, b: number): number {
    return this.workingMsAt(b) - this.workingMsAt(a);
  }

  hoursBetween(a: number, b: number): number {
    return this.workingMsBetween(a, b) / MS_PER_HOUR;
  }
}

const mod7 = (day: number) => ((day % 7) + 7) % 7;

function countBelow(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const CALENDAR_KEYS: readonly string[] = ['weekdays', 'hours', 'holidays', 'workdays', 'timeZone'];

/**
 * The calendar with only valid parts (never throws): bad entries are reported as warnings (path
 * `calendar…`) and left out; a part that is not a list, or a list with nothing valid in it, is
 * reported and takes the default (Monday–Friday, 09:00–12:00 and 13:30–18:00, +08:00, no
 * holidays). Null (reported) when `calendar` is not an object at all; null silently when unset.
 */
export function checkCalendar(calendar: unknown, issues?: IssueCollector): Required<WorkingCalendar> | null {
  if (calendar == null) return null;
  if (typeof calendar !== 'object' || Array.isArray(calendar)) {
    issues?.warn('calendar', `expected {weekdays?, hours?, holidays?, workdays?, timeZone?}, got ${describe(calendar)}; no calendar used`, 'wrong-type');
    return null;
  }
  const source = calendar as Record<string, unknown>;
  const get = (key: string) => (Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined);
  const D = DEFAULT_WORKING_CALENDAR;

  let timeZone = D.timeZone;
  const zone = get('timeZone');
  if (zone != null) {
    if (typeof zone === 'string' && !Number.isNaN(parseOffset(zone))) timeZone = zone;
    else issues?.warn('calendar.timeZone', `unparsable offset ${describe(zone)}; using +08:00`, 'unknown-value');
  }

  const weekdays = readList(get('weekdays'), 'calendar.weekdays', D.weekdays, issues, (weekday) =>
    Number.isInteger(weekday) && (weekday as number) >= 1 && (weekday as number) <= 7 ? null : `weekday must be 1 (Monday) … 7 (Sunday), got ${describe(weekday)}; ignored`,
  ) as number[];
  const hours = readList(get('hours'), 'calendar.hours', D.hours, issues, (pair) => {
    const ok =
      Array.isArray(pair) && pair.length === 2 && isFiniteNumber(pair[0]) && isFiniteNumber(pair[1]) && pair[0] >= 0 && pair[1] <= 24 && pair[0] < pair[1];
    return ok ? null : `working hours must be [start, end] with 0 ≤ start < end ≤ 24, got ${describe(pair)}; ignored`;
  }) as Array<[number, number]>;
  const isDate = (text: unknown) => (Number.isNaN(parseIsoDate(text)) ? `expected an ISO date (YYYY-MM-DD), got ${describe(text)}; ignored` : null);
  const workdays = readList(get('workdays'), 'calendar.workdays', null, issues, isDate) as string[];
  const holidays = readList(get('holidays'), 'calendar.holidays', null, issues, isDate) as string[];

  for (const key of Object.keys(source)) {
    if (!CALENDAR_KEYS.includes(key)) issues?.warn(`calendar.${key.length > 60 ? `${key.slice(0, 59)}…` : key}`, `unknown calendar key ${describe(key)} (expected ${CALENDAR_KEYS.join(' | ')}); ignored`, 'unknown-value');
  }
  return { timeZone, weekdays, hours: hours.map((pair) => [pair[0], pair[1]]), workdays, holidays };
}

/**
 * Valid entries of a calendar list (`problem` says what is wrong with one, or null). `fallback`
 * (when given) replaces a list that is not one or has nothing valid in it; without one, such a
 * list is simply empty.
 */
function readList<T>(value: unknown, path: string, fallback: readonly T[] | null, issues: IssueCollector | undefined, problem: (entry: unknown) => string | null): T[] {
  const usingDefault = fallback ? '; using the default' : '; ignored';
  if (value == null) return fallback ? [...fallback] : [];
  if (!Array.isArray(value)) {
    issues?.warn(path, `expected a list, got ${describe(value)}${usingDefault}`, 'wrong-type');
    return fallback ? [...fallback] : [];
  }
  const kept: T[] = [];
  value.forEach((entry, index) => {
    const message = problem(entry);
    if (message === null) kept.push(entry as T);
    else issues?.warn(`${path}[${index}]`, message);
  });
  if (kept.length === 0 && fallback) {
    issues?.warn(path, `no valid entry${usingDefault}`);
    return [...fallback];
  }
  return kept;
}

function mergeSpans(hours: ReadonlyArray<readonly [number, number]>): Float64Array {
  const spans = hours.map(([start, end]) => [start * MS_PER_HOUR, end * MS_PER_HOUR]).sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [start, end] of spans) {
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]) merged[last] = Math.max(merged[last], end);
    else merged.push(start, end);
  }
  return Float64Array.from(merged);
}

const compiled = new WeakMap<WorkingCalendar, CompiledCalendar>();

/** Compiles once per calendar object (cached), so repeated calls stay cheap. */
export function compileCalendar(calendar: WorkingCalendar): CompiledCalendar {
  if (typeof calendar !== 'object' || calendar === null) return new CompiledCalendar(calendar);
  let result = compiled.get(calendar);
  if (!result) compiled.set(calendar, (result = new CompiledCalendar(calendar)));
  return result;
}

/**
 * Working hours between two instants under `calendar` (ISO strings, epoch ms or Dates; a
 * zone-less string is read in the calendar's offset). Negative when `b` is before `a`; NaN when
 * either is unparsable.
 */
export function workingHoursBetween(
  a: string | number | Date,
  b: string | number | Date,
  calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): number {
  const clock = compileCalendar(calendar);
  const start = parseTimestamp(a, clock.offsetMs);
  const end = parseTimestamp(b, clock.offsetMs);
  if (start !== start || end !== end) return NaN;
  return clock.hoursBetween(start, end);
}
