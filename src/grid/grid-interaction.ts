/**
 * Pointer and keyboard interaction of `<city-grid-layer>`: the unit under the pointer (picked on
 * the CPU), the hovered unit (under the pointer, or the unit list's active option, shown at its
 * label point) and the unit list's keys. What an action does (select, drill, go up) is the host's.
 */
import type { PickingInfo } from '@deck.gl/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MapPoint } from '../map/map-context';
import { ClickUndo } from './model/drill';
import type { GridLevel } from './model/levels';
import type { GridScene } from './model/scene';
import type { GridPickingInfo } from './view/grid-layer';
import { listAction } from './view/unit-list';

/** The drill inputs a double-click restores. */
export interface DrillInputs {
  level?: GridLevel;
  focusId?: string;
  selected?: string;
}

/** What the interaction works on, and what its actions do. */
export interface GridActions {
  readonly scene: GridScene;
  /** The shown unit at (x, y) in the display CRS, seen at `zoom`; -1 for none. */
  unitAt(x: number, y: number, zoom: number): number;
  /** Where a lon/lat is on the map (CSS px); null outside a map. */
  project(lonLat: [number, number]): number[] | null;
  /** Select a unit and drill into it. */
  activate(unit: number): void;
  /** Select a unit; -1 clears the selection. */
  select(unit: number): void;
  /** Up one level; false when there is none. */
  up(): boolean;
  /** The drill inputs now, and putting earlier ones back. */
  inputs(): DrillInputs;
  restore(inputs: DrillInputs): void;
}

export class GridInteraction implements ReactiveController {
  /** The hovered unit and where its tooltip goes (CSS px, relative to the map). */
  hover: { unit: number; x: number; y: number } | null = null;
  /** Position of the active option in the unit list (`scene.order()`); -1 for none. */
  active = -1;
  /** The hover comes from the list: the pointer does not take it over. */
  private keyboard = false;
  private readonly clicks = new ClickUndo<DrillInputs>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly actions: GridActions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.hover = null;
  }

  /** The shown unit at a point of the map, as the pick the map hands back to `pointer` and the click: null off the units. */
  pickAt(point: MapPoint): GridPickingInfo | null {
    const { scene } = this.actions;
    const unit = this.actions.unitAt(point.coordinate[0], point.coordinate[1], point.viewport.zoom);
    if (unit < 0) return null;
    const index = scene.index!;
    return { ...point, picked: true, index: unit, object: index.features[unit], unit, id: index.ids[unit] };
  }

  /** The pointer moved over the grid layer (info) or left it (null). */
  pointer(info: PickingInfo | null): void {
    if (this.keyboard) return;
    const unit = (info as GridPickingInfo | null)?.unit ?? -1;
    this.hover = unit >= 0 ? { unit, x: info!.x, y: info!.y } : null;
    this.host.requestUpdate();
  }

  /** A click on the map: a shown unit is selected and drilled into (the inputs before kept for a double-click). */
  click(info: PickingInfo): void {
    const unit = (info as GridPickingInfo).unit ?? -1;
    if (unit < 0) return;
    this.clicks.click(performance.now(), this.actions.inputs());
    this.actions.activate(unit);
  }

  /** A double-click: its clicks already drilled, so they are undone, then the view goes up from where it started. */
  doubleClick(): boolean {
    if (!this.actions.scene.drill) return false;
    const before = this.clicks.take(performance.now());
    if (before) this.actions.restore(before);
    this.actions.up();
    return true;
  }

  /** Other units are shown: nothing is hovered or active. */
  reset(): void {
    this.hover = null;
    this.active = -1;
  }

  readonly onFocus = (): void => {
    if (this.actions.scene.order().length) this.setActive(Math.max(0, this.active));
  };

  readonly onBlur = (): void => {
    this.keyboard = false;
    this.hover = null;
    this.host.requestUpdate();
  };

  readonly onKeydown = (event: KeyboardEvent): void => {
    const { actions } = this;
    const order = actions.scene.order();
    const action = listAction(event.key, this.active, order.length);
    if (!action) return;
    event.preventDefault();
    if (typeof action === 'object') this.setActive(action.move);
    else if (action === 'activate') {
      actions.activate(order[this.active]);
      this.setActive(0);
    } else if (action === 'select') actions.select(order[this.active]);
    else if (action === 'up') {
      if (actions.up()) this.setActive(0);
    } else actions.select(-1);
  };

  /**
   * A key on the map (`selected`: the selected id): Backspace goes up, Enter drills into the
   * hovered (else the selected) unit, Escape clears the selection. False when the key is not the grid's.
   */
  mapKey(key: string, selected: string | undefined): boolean {
    const { scene } = this.actions;
    if (!scene.drill) return false;
    if (key === 'Backspace') return this.actions.up();
    const unit = this.hover?.unit ?? scene.unitOf(selected);
    if (key === 'Enter' && unit >= 0 && scene.visible.includes(unit)) {
      this.actions.activate(unit);
      return true;
    }
    if (key === 'Escape' && selected != null) {
      this.actions.select(-1);
      return true;
    }
    return false;
  }

  /** Makes the option at `position` active and hovers its unit, at its label point. */
  private setActive(position: number): void {
    const { scene } = this.actions;
    const order = scene.order();
    if (!order.length || !scene.index) return;
    this.active = Math.max(0, Math.min(order.length - 1, position));
    const unit = order[this.active];
    const [x, y] = this.actions.project([scene.index.labels[unit * 2], scene.index.labels[unit * 2 + 1]]) ?? [0, 0];
    this.keyboard = true;
    this.hover = { unit, x, y };
    this.host.requestUpdate();
  }
}
