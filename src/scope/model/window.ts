/**
 * A scope's time window: `from` / `to` as the page writes them (ISO 8601 dates or date-times,
 * local time without an offset; a Date or epoch ms from script), both ends inclusive. A date
 * alone names its whole day: `from=2024-03-01&to=2024-03-02` holds both days, as a reader of the
 * link expects. An unreadable end, or a window that ends before it starts, is reported and
 * ignored. Pure.
 */
import { attributeIssue, isUnset } from '../../core/attributes';
import { toEpoch } from '../../core/time';
import { describeValue, type ValidationIssue } from '../../core/validation';

export interface ScopeWindow {
  /** Inclusive start, epoch ms; null: open. */
  from: number | null;
  /** Inclusive end, epoch ms; null: open. */
  to: number | null;
}

export const OPEN_WINDOW: ScopeWindow = Object.freeze({ from: null, to: null });

const EXPECTED = 'an ISO 8601 date or date-time (e.g. 2026-11-01 or 2026-11-01T08:00)';

/** One end of the window: epoch ms, or null when unset or unreadable (reported). */
export function readWindowEnd(issues: ValidationIssue[], attribute: 'from' | 'to', value: unknown): number | null {
  if (isUnset(value)) return null;
  const time = toEpoch(value);
  if (Number.isFinite(time)) return attribute === 'to' && isDateOnly(value) ? endOfDay(time) : time;
  issues.push(attributeIssue(attribute, value, EXPECTED));
  return null;
}

/**
 * The window `from`…`to` describe. Each unreadable end is reported (and left open); a window that
 * ends before it starts is reported and ignored as a whole.
 */
export function readWindow(issues: ValidationIssue[], from: unknown, to: unknown): ScopeWindow {
  const start = readWindowEnd(issues, 'from', from);
  const end = readWindowEnd(issues, 'to', to);
  if (!checkWindowOrder(issues, from, to)) return OPEN_WINDOW;
  return start === null && end === null ? OPEN_WINDOW : { from: start, to: end };
}

/** False (and reported) when both ends are readable and `to` comes before `from`. */
export function checkWindowOrder(issues: ValidationIssue[], from: unknown, to: unknown): boolean {
  const start = readWindowEnd([], 'from', from);
  const end = readWindowEnd([], 'to', to);
  if (start === null || end === null || end >= start) return true;
  issues.push({ ...attributeIssue('to', to, 'a time not before from'), message: `to: ${describeValue(to)} is before from ${describeValue(from)}; the time window is ignored` });
  return false;
}

/** True when `time` (epoch ms) lies in the window; a record without a time (NaN) lies only in an open window. */
export function inWindow(window: ScopeWindow, time: number): boolean {
  if (window.from === null && window.to === null) return true;
  return time === time && (window.from === null || time >= window.from) && (window.to === null || time <= window.to);
}

const isDateOnly = (value: unknown): boolean => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());

/** The last millisecond of the local day starting at `dayStart` (days of 23 or 25 hours included). */
function endOfDay(dayStart: number): number {
  const next = new Date(dayStart);
  next.setDate(next.getDate() + 1);
  return next.getTime() - 1;
}
