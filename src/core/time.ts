/**
 * Strict ISO 8601 times for CityKit inputs (risk records, time windows). `Date.parse` accepts
 * many non-ISO shapes differently per browser ("2024/5/1", "May 1"), so only ISO is accepted: a
 * date, or a date and time with an optional offset. Without an offset the time is local (a date means local midnight), which is
 * what a dashboard user means by "1 May".
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]);

/** Epoch milliseconds of an ISO 8601 date or date-time, or NaN when it is not one. */
export function parseIsoTime(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const m = ISO.exec(value.trim());
  if (!m) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] ? Number(m[4]) : 0;
  const minute = m[5] ? Number(m[5]) : 0;
  const second = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute || second || ms))) return NaN;
  if (m[8] && (m[4] === undefined)) return NaN; // an offset needs a time
  if (!m[8]) {
    // setFullYear: the Date constructor reads years 0–99 as 1900–1999.
    const local = new Date(2000, 0, 1);
    local.setFullYear(year, month - 1, day);
    return local.setHours(hour, minute, second, ms);
  }
  let offsetMinutes = 0;
  if (m[8].toUpperCase() !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return NaN;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.setUTCHours(hour, minute, second, ms) - offsetMinutes * 60_000;
}

/** Largest distance from the epoch a Date can hold (±100,000,000 days), in ms. */
export const MAX_EPOCH = 8.64e15;

/** Accepts an ISO string, a Date or epoch milliseconds within Date's range; NaN for anything else. */
export function toEpoch(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Math.abs(value) <= MAX_EPOCH ? value : NaN;
  return parseIsoTime(value);
}
