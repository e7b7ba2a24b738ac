/**
 * Time playback in local calendar days (pure, no DOM): a window of `windowDays` days that moves
 * by `stepDays` across a time span. Positions are step indices 0…last; the last window is the
 * first that reaches past the span's end, so every window but the first and last is full, and
 * playing wraps from the last window straight to the first (a seamless loop).
 */

export type TimeStep = 'day' | 'week';
export const STEP_DAYS: Readonly<Record<TimeStep, number>> = { day: 1, week: 7 };

export interface TimeWindow {
  /** Inclusive start, epoch ms. */
  from: number;
  /** Exclusive end, epoch ms. */
  to: number;
}

export interface Timeline {
  /** Local midnight of the span's start. */
  readonly start: number;
  /** The span's end. */
  readonly end: number;
  readonly stepDays: number;
  readonly windowDays: number;
  /** Index of the last window (0 when the span fits in one window). */
  readonly lastIndex: number;
}

/** Local midnight at or before `epoch`. */
export function startOfLocalDay(epoch: number): number {
  const d = new Date(epoch);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** `epoch` moved by `days` calendar days (local time: a day across a DST change stays a day). */
export function addLocalDays(epoch: number, days: number): number {
  const d = new Date(epoch);
  d.setDate(d.getDate() + days);
  return d.getTime();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local ISO 8601 with offset, e.g. `2024-05-01T08:00:00+08:00`: unambiguous and readable in the page's zone. */
export function formatIsoLocal(epoch: number): string {
  const d = new Date(epoch);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
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
