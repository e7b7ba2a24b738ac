/**
 * Time playback: a window of `windowDays` calendar days that moves by `stepDays` across the data's
 * time span. Positions are step indices 0…last; the last window is the first that reaches past
 * the latest record, so every window but the first and last is full of data, and playing wraps
 * from the last window straight to the first (a seamless loop).
 */
import { addLocalDays, startOfLocalDay } from './time';

export type TimeStep = 'day' | 'week';
export const STEP_DAYS: Readonly<Record<TimeStep, number>> = { day: 1, week: 7 };

export interface TimeWindow {
  /** Inclusive start, epoch ms. */
  from: number;
  /** Exclusive end, epoch ms. */
  to: number;
}

export interface Timeline {
  /** Local midnight of the earliest record. */
  readonly start: number;
  /** The latest record's time. */
  readonly end: number;
  readonly stepDays: number;
  readonly windowDays: number;
  /** Index of the last window (0 when the span fits in one window). */
  readonly lastIndex: number;
}

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

export function createTimeline(extent: readonly [number, number], stepDays: number, windowDays: number): Timeline {
  const start = startOfLocalDay(extent[0]);
  const end = extent[1];
  // Smallest k with windowAt(k).to > end.
  let k = Math.max(0, Math.floor(((end - start) / 86_400_000 - windowDays) / stepDays) - 1);
  while (addLocalDays(start, k * stepDays + windowDays) <= end) k++;
  while (k > 0 && addLocalDays(start, (k - 1) * stepDays + windowDays) > end) k--;
  return { start, end, stepDays, windowDays, lastIndex: k };
}

export function windowAt(timeline: Timeline, index: number): TimeWindow {
  const from = addLocalDays(timeline.start, index * timeline.stepDays);
  return { from, to: addLocalDays(from, timeline.windowDays) };
}

/** Step index of the window starting at or before `from` (clamped to 0…last). */
export function indexOf(timeline: Timeline, from: number): number {
  let k = Math.round((from - timeline.start) / 86_400_000 / timeline.stepDays);
  while (k > 0 && windowAt(timeline, k).from > from) k--;
  while (k < timeline.lastIndex && windowAt(timeline, k + 1).from <= from) k++;
  return Math.min(Math.max(k, 0), timeline.lastIndex);
}

/** The index after `index` moving by `delta` steps; past either end it wraps when `loop`, else clamps. */
export function stepIndex(timeline: Timeline, index: number, delta: number, loop: boolean): number {
  const count = timeline.lastIndex + 1;
  const next = index + delta;
  if (loop) return ((next % count) + count) % count;
  return Math.min(Math.max(next, 0), timeline.lastIndex);
}
