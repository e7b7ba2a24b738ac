/**
 * Time playback of risk records: the calendar-window timeline (core/timeline, which the time
 * slider steps through too) and the lengths the `window` attribute accepts.
 */
export { STEP_DAYS, createTimeline, indexOf, stepIndex, windowAt, type TimeStep, type TimeWindow, type Timeline } from '../../core/timeline';

/** Parses a window length: `7`, `"7d"`, `"2w"`; null when it is not a positive whole number of days/weeks. */
export function parseWindowDays(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+)\s*(d|day|days|w|week|weeks|天|周)?\s*$/i.exec(value);
  if (!m) return null;
  const count = Number(m[1]);
  if (count <= 0) return null;
  const unit = (m[2] ?? 'd').toLowerCase();
  return unit.startsWith('w') || unit === '周' ? count * 7 : count;
}
