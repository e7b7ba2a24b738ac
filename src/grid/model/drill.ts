/**
 * The drill-down state machine of the grid, pure: which level and focus the `level` / `focus-id`
 * inputs describe, where a drill into a unit or one level up leads, the extent of the units
 * shown, and the undo of the two clicks a double-click starts with.
 */
import type { DrillState, GridIndex } from './hierarchy';
import { isGridLevel, levelDepth, type GridLevel } from './levels';

/** `[west, south, east, north]` in degrees. */
export type Bounds = [number, number, number, number];

export interface DrillRequest {
  level: unknown;
  focusId: string | undefined;
  /** Only the focus was set: show its children. */
  focusChanged?: boolean;
  /** Only the level was set: a level at or above the focus clears the focus. */
  levelChanged?: boolean;
}

export interface DrillResolution {
  state: DrillState;
  /** The inputs as they now read (the level filled in; an unknown focus id kept as given, to be reported). */
  level: GridLevel | undefined;
  focusId: string | undefined;
}

/** Turns `level` / `focus-id` into a consistent drill state; null when the data has no units. */
export function resolveDrill(index: GridIndex, request: DrillRequest): DrillResolution | null {
  const top = index.levelsPresent[0] as GridLevel | undefined;
  if (!top) return null;
  const requested = request.level;
  let level: GridLevel | undefined = isGridLevel(requested) && index.levelsPresent.includes(requested) ? requested : undefined;
  let focus = request.focusId != null ? index.indexOf(request.focusId) : -1;
  const unknownFocus = request.focusId != null && focus < 0;
  if (focus >= 0 && level && request.levelChanged && levelDepth(level) <= levelDepth(index.levels[focus])) focus = -1;
  if (focus >= 0) {
    const childLevel = index.childLevel(focus);
    if (!childLevel) {
      // A leaf cannot be drilled into: show it among its siblings.
      level = index.levels[focus];
      focus = index.parents[focus];
    } else if (!level || request.focusChanged || levelDepth(level) <= levelDepth(index.levels[focus])) {
      level = childLevel;
    }
  }
  level ??= top;
  const state: DrillState = { level, focus: focus >= 0 ? focus : null };
  return { state, level, focusId: unknownFocus ? request.focusId : state.focus != null ? index.ids[state.focus] : undefined };
}

export const sameDrill = (a: DrillState | null, b: DrillState | null): boolean => a?.level === b?.level && a?.focus === b?.focus;

/** Where a drill leads: the unit whose children are shown (null: the top), the level shown, the ids down to it. */
export interface DrillTarget {
  id: string | null;
  level: GridLevel;
  path: string[];
}

/** The children of `unit` (null: the top level, at `levelAtTop`); null when there is nowhere to go. */
export function drillTarget(index: GridIndex, unit: number | null, levelAtTop?: GridLevel): DrillTarget | null {
  const level = unit != null ? index.childLevel(unit) : (levelAtTop ?? index.levelsPresent[0]);
  if (!level) return null;
  const path = unit != null ? index.pathTo(unit).map((u) => index.ids[u]) : [];
  return { id: unit != null ? index.ids[unit] : null, level, path };
}

/** Up one level: from a unit's children to that unit and its siblings; null at the top. */
export function upTarget(index: GridIndex, drill: DrillState): DrillTarget | null {
  if (drill.focus == null) {
    const depth = index.levelsPresent.indexOf(drill.level);
    return depth > 0 ? drillTarget(index, null, index.levelsPresent[depth - 1]) : null;
  }
  const parent = index.parents[drill.focus];
  return parent >= 0 ? drillTarget(index, parent) : drillTarget(index, null, index.levels[drill.focus]);
}

/** Extent of `units`; null when there are none. */
export function unitsBounds(index: GridIndex, units: ArrayLike<number>): Bounds | null {
  if (!units.length) return null;
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (let k = 0; k < units.length; k++) {
    const o = units[k] * 4;
    b[0] = Math.min(b[0], index.bboxes[o]);
    b[1] = Math.min(b[1], index.bboxes[o + 1]);
    b[2] = Math.max(b[2], index.bboxes[o + 2]);
    b[3] = Math.max(b[3], index.bboxes[o + 3]);
  }
  return b;
}

/** The breadcrumb of a drill state: the top level, the level shown when it is not the top's, the focus path. */
export interface DrillTrail {
  top: GridLevel;
  /** Shown at the top, below the top level ("all streets"); absent otherwise. */
  level?: GridLevel;
  /** Units from the outermost ancestor down to the focus. */
  path: number[];
}

export function drillTrail(index: GridIndex, drill: DrillState): DrillTrail {
  const top = index.levelsPresent[0];
  const path = drill.focus != null ? index.pathTo(drill.focus) : [];
  return { top, level: path.length === 0 && drill.level !== top ? drill.level : undefined, path };
}

/** Two clicks closer than this are the start of a double-click. */
export const DOUBLE_CLICK_MS = 600;

/**
 * The drill inputs before the clicks of a double-click: its clicks have already drilled (and
 * selected), so the double-click undoes them before it goes up from where it started.
 */
export class ClickUndo<T> {
  private last: { time: number; state: T } | null = null;

  /** A click at `now` (ms); `state`: the inputs before it. */
  click(now: number, state: T): void {
    if (!this.last || now - this.last.time > DOUBLE_CLICK_MS) this.last = { time: now, state };
    else this.last.time = now;
  }

  /** On a double-click: the inputs before its clicks (null when no click was recent); forgets them. */
  take(now: number): T | null {
    const last = this.last;
    this.last = null;
    return last && now - last.time <= DOUBLE_CLICK_MS ? last.state : null;
  }
}

/** The shown units by value, largest first, no data last (ties in input order). */
export function rankByValue(values: ArrayLike<number>, units: Int32Array): Int32Array {
  const keys = new Float64Array(units.length);
  units.forEach((u, k) => (keys[k] = Number.isFinite(values[u]) ? -values[u] : Infinity));
  const order = Uint32Array.from(units.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
  return Int32Array.from(order, (k) => units[k]);
}
