/**
 * Where `<city-grid-layer>` is and what it has selected: turns `level` / `focus-id` into the
 * scene's drill state (fitting the map to the units shown), and carries out the user's actions
 * (select, drill into a unit, go up), with their `city-grid-*` events and the scope's unit.
 */
import { emit } from '../core/events';
import { drillTarget, upTarget, type Bounds, type DrillTarget } from './model/drill';
import type { GridLevel } from './model/levels';
import type { GridScene } from './model/scene';

/** The element's drill and selection properties. */
export interface NavigationHost extends HTMLElement {
  level?: GridLevel;
  focusId?: string;
  selected?: string;
  staticView: boolean;
}

export interface NavigationDeps {
  readonly scene: GridScene;
  /** Another drill state is shown: colours and the interaction's state are renewed. */
  shown(): void;
  /** Moves the map to show these bounds (nothing outside a map). */
  fit(bounds: Bounds): void;
  /** The selection goes to the scope around the grid (null: none). */
  writeScope(id: string | null): void;
  /** The index on demand: true while what showing this focus needs is being fetched (asked for now). */
  waits?(focusId: string | undefined): boolean;
  /** The index on demand: true when a drill into this unit waits for its children (asked for now). */
  opens?(id: string): boolean;
  /** The index on demand: the index was built again with more units (a new drill state is then fitted, not the map's first fit). */
  grown?(): boolean;
}

export class GridNavigation {
  /** A unit clicked into whose children are on their way (drilled into when they arrive). */
  private awaiting: string | null = null;
  /** What the drill inputs said while the view waited for units (kept for when it shows them). */
  private deferred = { focusChanged: false, levelChanged: false };
  /** The drill state shown last (`level|focus`), so a grown index refits only when the view moves. */
  private lastShown: string | null = null;

  constructor(
    private readonly host: NavigationHost,
    private readonly deps: NavigationDeps,
  ) {}

  /** Turns `level` / `focus-id` into the drill state, reflects them as normalized, and shows the new state. */
  apply(focusChanged = false, levelChanged = false): void {
    const { host, deps } = this;
    if (this.awaiting !== null && this.drillAwaited()) return;
    focusChanged ||= this.deferred.focusChanged;
    levelChanged ||= this.deferred.levelChanged;
    // Units the state needs are on their way: the view stays until they arrive (and this runs again).
    if (deps.waits?.(host.focusId)) {
      this.deferred = { focusChanged, levelChanged };
      return;
    }
    this.deferred = { focusChanged: false, levelChanged: false };
    const { resolved, changed, first } = deps.scene.setDrill({ level: host.level, focusId: host.focusId, focusChanged, levelChanged });
    if (resolved) ({ level: host.level, focusId: host.focusId } = resolved);
    if (!changed) return;
    deps.shown();
    const shown = `${host.level}|${host.focusId ?? ''}`;
    const moved = shown !== this.lastShown;
    this.lastShown = shown;
    // Show the new state (the first one is the map's first-load fit; a grown index shows the same state again).
    const bounds = deps.scene.bounds;
    if ((first ? !!deps.grown?.() && moved : true) && !host.staticView && bounds) deps.fit(bounds);
  }

  /** The children of the unit clicked into arrived: drill there (true when that went). */
  private drillAwaited(): boolean {
    const id = this.awaiting!;
    const index = this.deps.scene.index;
    const unit = index?.indexOf(id) ?? -1;
    if (unit < 0 || this.deps.opens?.(id)) return false;
    this.awaiting = null;
    return this.go(drillTarget(index!, unit));
  }

  /** Click / Enter on a unit: select it, and drill into its children when it has some. */
  activate(unit: number): void {
    this.awaiting = null;
    this.select(unit);
    const index = this.deps.scene.index!;
    // Children not fetched yet (the index on demand): the drill follows when they arrive.
    if (this.deps.opens?.(index.ids[unit])) this.awaiting = index.ids[unit];
    else this.go(drillTarget(index, unit));
  }

  /** Selects a unit (-1: clears the selection) and says so. */
  select(unit: number): void {
    const { host, deps } = this;
    const index = deps.scene.index!;
    const id = unit >= 0 ? index.ids[unit] : undefined;
    if (id === host.selected) return;
    host.selected = id;
    const level = unit >= 0 ? index.levels[unit] : null;
    emit(host, 'city-grid-select', { id: id ?? null, level, feature: unit >= 0 ? index.features[unit] : null, value: deps.scene.valueOf(unit) });
    deps.writeScope(id ?? null);
  }

  /** Up one level: from a unit's children to that unit and its siblings. */
  up(): boolean {
    const { index, drill } = this.deps.scene;
    return !!index && !!drill && this.go(upTarget(index, drill));
  }

  /** Shows a drill target unless the page cancels it; false when there is nowhere to go. */
  go(target: DrillTarget | null): boolean {
    this.awaiting = null;
    if (!target || emit(this.host, 'city-grid-drill', target, true).defaultPrevented) return false;
    this.host.focusId = target.id ?? undefined;
    this.host.level = target.level;
    this.apply();
    return true;
  }
}
