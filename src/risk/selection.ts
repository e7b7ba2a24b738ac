/**
 * The risk layer's one selected record, and the ways a selection ends. `city-risk-select` fires
 * when a record is chosen (click, or the same-spot list) and again, with every field null, when
 * the selection clears:
 * - a click on the map (a tap, not a drag) that lands on none of this layer's records;
 * - Escape while the map has focus;
 * - new data without the selected record's id (new data that still has it keeps it).
 * Filters and the time window do not clear it: the record still exists, it is only hidden.
 */
import { emit } from '../core/events';
import { EmptyTapWatcher } from '../map/empty-tap';
import type { RiskLevel } from './model/level';

export interface CityRiskSelectDetail {
  /** The record's id (as validated: a string), or null when the selection cleared. */
  id: string | null;
  /** The record as given (original object), or null when the selection cleared. */
  record: Record<string, unknown> | null;
  /** Its level (given or derived from likelihood × severity), or null when the selection cleared. */
  level: RiskLevel | null;
}

export interface RiskSelectionHost extends HTMLElement {
  /**
   * Whether one of the host's records is drawn at pixel (x, y) of `canvas`; null when `canvas` is
   * not its map's WebGL canvas (a click elsewhere is none of the selection's business).
   */
  recordAt(canvas: HTMLCanvasElement, x: number, y: number): boolean | null;
}

export class RiskSelection {
  private selectedId: string | null = null;
  /** Only clicks on the map's canvas (not legends, sliders, buttons or page content), and only taps. */
  private readonly taps: EmptyTapWatcher;

  constructor(private readonly host: RiskSelectionHost) {
    this.taps = new EmptyTapWatcher(
      (canvas, x, y) => {
        if (this.selectedId === null) return null; // nothing to clear: skip the pick
        const hit = this.host.recordAt(canvas, x, y);
        return hit === null ? null : !hit;
      },
      () => this.clear(),
    );
  }

  /** Id of the selected record, or null. */
  get id(): string | null {
    return this.selectedId;
  }

  select(id: string, record: Record<string, unknown>, level: RiskLevel): void {
    this.selectedId = id;
    emit(this.host, 'city-risk-select', { id, record, level });
  }

  /** Clears the selection (and says so); false when nothing was selected. */
  clear(): boolean {
    if (this.selectedId === null) return false;
    this.selectedId = null;
    emit(this.host, 'city-risk-select', { id: null, record: null, level: null });
    return true;
  }

  /** New data: the selection survives only if its id is still there. */
  retainIf(has: (id: string) => boolean): void {
    if (this.selectedId !== null && !has(this.selectedId)) this.clear();
  }

  /** Follows clicks on `map` (the element hosting the canvas) to clear on a click beside the records. */
  attach(map: EventTarget): void {
    this.taps.attach(map);
  }

  detach(): void {
    this.taps.detach();
  }
}
