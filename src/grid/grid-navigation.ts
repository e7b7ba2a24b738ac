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
}

export class GridNavigation {
  constructor(
    private readonly host: NavigationHost,
    private readonly deps: NavigationDeps,
  ) {}

  /** Turns `level` / `focus-id` into the drill state, reflects them as normalized, and shows the new state. */
  apply(focusChanged = false, levelChanged = false): void {
    const { host, deps } = this;
    const { resolved, changed, first } = deps.scene.setDrill({ level: host.level, focusId: host.focusId, focusChanged, levelChanged });
    if (resolved) ({ level: host.level, focusId: host.focusId } = resolved);
    if (!changed) return;
    deps.shown();
    // Show the new state (the first one is the map's first-load fit).
    const bounds = deps.scene.bounds;
    if (!first && !host.staticView && bounds) deps.fit(bounds);
  }

  /** Click / Enter on a unit: select it, and drill into its children when it has some. */
  activate(unit: number): void {
    this.select(unit);
    this.go(drillTarget(this.deps.scene.index!, unit));
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
    if (!target || emit(this.host, 'city-grid-drill', target, true).defaultPrevented) return false;
    this.host.focusId = target.id ?? undefined;
    this.host.level = target.level;
    this.apply();
    return true;
  }
}
