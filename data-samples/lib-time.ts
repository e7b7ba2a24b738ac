/**
 * Local time (UTC+08:00) as seconds since 2026-01-01T00:00+08:00, a working calendar for
 * deadlines, and fast ISO-8601 formatting with the +08:00 offset.
 */

export const DAY = 86400;
export const HOUR = 3600;
export const MINUTE = 60;

/** 2026-01-01 was a Thursday (0 = Monday). */
const FIRST_WEEKDAY = 3;

/** Day index (since 2026-01-01) of a calendar date in 2026. */
export function dayOf(month: number, day: number): number {
  return Math.round((Date.UTC(2026, month - 1, day) - Date.UTC(2026, 0, 1)) / 86400000);
}

/** The 90-day window of the samples: 2026-08-03 to 2026-10-31 inclusive. */
export const WINDOW_START = dayOf(8, 3) * DAY;
export const WINDOW_END = (dayOf(10, 31) + 1) * DAY;
export const WINDOW_DAYS = (WINDOW_END - WINDOW_START) / DAY;

/** National Day holiday (1–7 October): a synthetic calendar with no make-up working days. */
const HOLIDAYS = new Set(Array.from({ length: 7 }, (_, i) => dayOf(10, 1 + i)));

export const weekday = (day: number) => (day + FIRST_WEEKDAY) % 7;
export const isHoliday = (day: number) => HOLIDAYS.has(day);
export const isWorkingDay = (day: number) => weekday(day) < 5 && !HOLIDAYS.has(day);

/** Working periods of a working day, seconds from midnight: 09:00–12:00 and 13:30–17:30 (7 h). */
const PERIODS: readonly (readonly [number, number])[] = [
  [9 * HOUR, 12 * HOUR],
  [13.5 * HOUR, 17.5 * HOUR],
];
export const WORKING_DAY_SECONDS = 7 * HOUR;

/** Adds `seconds` of working time to instant `t` (an instant outside working time first moves to the next working moment). */
export function addWorking(t: number, seconds: number): number {
  let day = Math.floor(t / DAY);
  let inDay = t - day * DAY;
  let left = seconds;
  for (let guard = 0; guard < 4000; guard++) {
    if (isWorkingDay(day)) {
      for (const [start, end] of PERIODS) {
        if (inDay >= end) continue;
        const from = Math.max(inDay, start);
        const room = end - from;
        if (left <= room) return day * DAY + from + left;
        left -= room;
        inDay = end;
      }
    }
    day++;
    inDay = 0;
  }
  throw new Error('addWorking: runaway');
}

const DAY_PREFIX: string[] = [];
for (let d = 0; d < 800; d++) {
  const date = new Date(Date.UTC(2026, 0, 1) + d * 86400000);
  DAY_PREFIX.push(`${date.toISOString().slice(0, 10)}T`);
}
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** ISO-8601 / RFC 3339 local time with offset, e.g. 2026-08-03T09:15:07+08:00. */
export function iso(t: number): string {
  const s = Math.floor(t);
  const day = Math.floor(s / DAY);
  let rest = s - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  return `${DAY_PREFIX[day]}${TWO[h]}:${TWO[m]}:${TWO[rest - m * MINUTE]}+08:00`;
}
