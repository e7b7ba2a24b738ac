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
import type { RiskLevel } from './model/level';

export interface CityRiskSelectDetail {
  /** The record's id (as validated: a string), or null when the selection cleared. */
  id: string | null;
  /** The record as given (original object), or null when the selection cleared. */
  record: Record<string, unknown> | null;
  /** Its level (given or derived from likelihood × severity), or null when the selection cleared. */
  level: RiskLevel | null;
}

/** A pointer that moved further than this between down and click was a drag (a pan), not a tap. */
const TAP_SLOP_PIXELS = 5;

export interface RiskSelectionHost extends HTMLElement {
  /**
   * Whether one of the host's records is drawn at pixel (x, y) of `canvas`; null when `canvas` is
   * not its map's WebGL canvas (a click elsewhere is none of the selection's business).
   */
  recordAt(canvas: HTMLCanvasElement, x: number, y: number): boolean | null;
}

export class RiskSelection {
  private selectedId: string | null = null;
  private map: EventTarget | null = null;
  private down: { x: number; y: number } | null = null;

  constructor(private readonly host: RiskSelectionHost) {}

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
    if (this.map === map) return;
    this.detach();
    this.map = map;
    map.addEventListener('pointerdown', this.onPointerDown);
    map.addEventListener('click', this.onClick);
  }

  detach(): void {
    this.map?.removeEventListener('pointerdown', this.onPointerDown);
    this.map?.removeEventListener('click', this.onClick);
    this.map = null;
    this.down = null;
  }

  private readonly onPointerDown = (event: Event) => {
    const { clientX, clientY } = event as PointerEvent;
    this.down = { x: clientX, y: clientY };
  };

  private readonly onClick = (event: Event) => {
    const down = this.down;
    this.down = null;
    if (this.selectedId === null) return;
    // Only clicks on the map's canvas: not on legends, sliders, buttons or slotted page content.
    const canvas = event.composedPath()[0];
    if (!(canvas instanceof HTMLCanvasElement)) return;
    const { clientX, clientY } = event as MouseEvent;
    if (down && Math.hypot(clientX - down.x, clientY - down.y) > TAP_SLOP_PIXELS) return;
    const rect = canvas.getBoundingClientRect();
    if (this.host.recordAt(canvas, clientX - rect.left, clientY - rect.top) === false) this.clear();
  };
}
