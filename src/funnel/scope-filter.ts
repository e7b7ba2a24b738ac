/**
 * The funnel inside a `<city-scope>`: the scope's unit and window become part of the case filter,
 * so `metrics` is exactly `computeFunnel(data, {…options, filter})` on the cases of that unit
 * (and every unit below it) whose first stage falls in the window. A filter the page set itself
 * still applies: both must match (grids intersect, the later start and the earlier end win).
 */
import type { ScopeSelection } from '../scope/scope-context';
import type { CaseFilter, WorkingCalendar } from './model/types';
import { MS_PER_HOUR, parseOffset, parseTimestamp } from './model/time';

/** The UTC offset the funnel reads zone-less case times at: the calendar's, else +08:00. */
export function offsetOf(calendar: WorkingCalendar | undefined): number {
  const offset = calendar?.timeZone === undefined ? Number.NaN : parseOffset(calendar.timeZone);
  return Number.isFinite(offset) ? offset : 8 * MS_PER_HOUR;
}

export function scopedFilter(filter: CaseFilter | undefined, selection: ScopeSelection | null | undefined, offsetMs = 8 * MS_PER_HOUR): CaseFilter | undefined {
  if (!selection || (selection.unit === null && selection.window.from === null && selection.window.to === null)) return filter;
  const scoped: CaseFilter = { ...filter };
  if (selection.unit !== null) {
    const inUnit = selection.tree?.has(selection.unit) ? selection.tree.subtree(selection.unit) : [selection.unit];
    const own = filter?.grid === undefined ? null : new Set(typeof filter.grid === 'string' ? [filter.grid] : filter.grid);
    scoped.grid = own ? inUnit.filter((id) => own.has(id)) : inUnit;
  }
  const { from, to } = selection.window;
  // The scope's window is inclusive at both ends; the filter's `to` is exclusive.
  if (from !== null) scoped.from = laterOf(from, filter?.from, offsetMs);
  if (to !== null) scoped.to = earlierOf(to + 1, filter?.to, offsetMs);
  return scoped;
}

function laterOf(time: number, own: CaseFilter['from'], offsetMs: number): number {
  const other = own == null ? Number.NaN : parseTimestamp(own, offsetMs);
  return other > time ? other : time;
}

function earlierOf(time: number, own: CaseFilter['to'], offsetMs: number): number {
  const other = own == null ? Number.NaN : parseTimestamp(own, offsetMs);
  return other < time ? other : time;
}
