/**
 * What-if editing on the life-circle map, by pointer and by key: a tap places a facility (add
 * mode), the selected facility is dragged to move it, arrow keys nudge it, Delete removes it,
 * Enter places one at the map's centre (add mode), Escape leaves add mode (else deselects). The
 * listeners sit on the map element in the capture phase, so a drag or a key they take never
 * reaches deck.gl's controller: the map does not pan under a dragged facility.
 */
import type { Deck } from '@deck.gl/core';
import { TAP_SLOP_PIXELS } from '../../map/empty-tap';

/** Positions are lon/lat in the map's display CRS. */
export interface MapEditing {
  /** Add mode: a tap places a facility. */
  adding(): boolean;
  /** Where the selected facility is drawn (it can be dragged and nudged), null when none is selected. */
  draggable(): [number, number] | null;
  place(position: [number, number]): void;
  /** The dragged facility is over `position` (a preview), or the drag ended (null). */
  drag(position: [number, number] | null): void;
  drop(position: [number, number]): void;
  remove(): void;
  /** Leaves add mode, else deselects the facility. */
  cancel(): void;
}

/** How near (CSS px) to the selected facility a press starts a drag. */
const GRAB_PIXELS = 10;
/** An arrow key moves the selected facility this many CSS px (Shift: five times). */
export const NUDGE_PIXELS = 10;

const NUDGES: ReadonlyMap<string, [number, number]> = new Map([
  ['ArrowLeft', [-1, 0]],
  ['ArrowRight', [1, 0]],
  ['ArrowUp', [0, -1]],
  ['ArrowDown', [0, 1]],
]);

export class MapEditGestures {
  private map: EventTarget | null = null;
  private down: { x: number; y: number } | null = null;
  private dragging: { pointer: number; canvas: HTMLCanvasElement } | null = null;
  /** The last press became a drag: its click is not a tap. */
  private dragged = false;

  constructor(
    private readonly deck: () => Deck | null,
    private readonly editing: () => MapEditing | null,
  ) {}

  attach(map: EventTarget): void {
    if (this.map === map) return;
    this.detach();
    this.map = map;
    for (const [type, listener] of this.listeners) map.addEventListener(type, listener, true);
  }

  detach(): void {
    for (const [type, listener] of this.listeners) this.map?.removeEventListener(type, listener, true);
    this.map = null;
    this.down = null;
    this.dragging = null;
  }

  private readonly listeners: [string, (event: Event) => void][] = [
    ['pointerdown', (event) => this.onPointerDown(event as PointerEvent)],
    ['pointermove', (event) => this.onPointerMove(event as PointerEvent)],
    ['pointerup', (event) => this.onPointerUp(event as PointerEvent, true)],
    ['pointercancel', (event) => this.onPointerUp(event as PointerEvent, false)],
    ['click', (event) => this.onClick(event as MouseEvent)],
    ['keydown', (event) => this.onKey(event as KeyboardEvent)],
  ];

  private onPointerDown(event: PointerEvent): void {
    this.down = { x: event.clientX, y: event.clientY };
    this.dragged = false;
    const canvas = canvasOf(event);
    const selected = this.editing()?.draggable();
    if (!canvas || !selected || event.button !== 0) return;
    const at = this.project(canvas, selected);
    const rect = canvas.getBoundingClientRect();
    if (!at || Math.hypot(event.clientX - rect.left - at[0], event.clientY - rect.top - at[1]) > GRAB_PIXELS) return;
    // The press is on the selected facility: a drag of it, not a pan.
    event.stopImmediatePropagation();
    event.preventDefault();
    canvas.setPointerCapture?.(event.pointerId);
    this.dragging = { pointer: event.pointerId, canvas };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.dragging;
    if (!drag || event.pointerId !== drag.pointer) return;
    event.stopImmediatePropagation();
    const position = this.unprojectEvent(drag.canvas, event);
    if (position) this.editing()?.drag(position);
  }

  private onPointerUp(event: PointerEvent, drop: boolean): void {
    const drag = this.dragging;
    if (!drag || event.pointerId !== drag.pointer) return;
    event.stopImmediatePropagation();
    this.dragging = null;
    const moved = this.down !== null && Math.hypot(event.clientX - this.down.x, event.clientY - this.down.y) > TAP_SLOP_PIXELS;
    this.dragged = true;
    const editing = this.editing();
    const position = moved && drop ? this.unprojectEvent(drag.canvas, event) : null;
    editing?.drag(null);
    if (position) editing?.drop(position);
  }

  private onClick(event: MouseEvent): void {
    const down = this.down;
    this.down = null;
    if (this.dragged) {
      // The click that ends a drag selects or clears nothing.
      this.dragged = false;
      event.stopImmediatePropagation();
      return;
    }
    const canvas = canvasOf(event);
    const editing = this.editing();
    if (!canvas || !editing?.adding()) return;
    if (down && Math.hypot(event.clientX - down.x, event.clientY - down.y) > TAP_SLOP_PIXELS) return; // a pan
    event.stopImmediatePropagation();
    const position = this.unprojectEvent(canvas, event);
    if (position) editing.place(position);
  }

  private onKey(event: KeyboardEvent): void {
    const canvas = canvasOf(event);
    const editing = this.editing();
    if (!canvas || !editing || event.ctrlKey || event.metaKey || event.altKey) return;
    const handled = this.key(canvas, editing, event);
    if (!handled) return;
    // Neither deck.gl's controller (arrows pan) nor the map's children see it.
    event.stopImmediatePropagation();
    event.preventDefault();
  }

  private key(canvas: HTMLCanvasElement, editing: MapEditing, event: KeyboardEvent): boolean {
    if (event.key === 'Escape' && (editing.adding() || editing.draggable())) {
      editing.cancel();
      return true;
    }
    if (event.key === 'Enter' && editing.adding()) {
      const centre = this.unproject(canvas, [canvas.clientWidth / 2, canvas.clientHeight / 2]);
      if (centre) editing.place(centre);
      return true;
    }
    const selected = editing.draggable();
    if (!selected) return false;
    if (event.key === 'Delete' || event.key === 'Backspace') {
      editing.remove();
      return true;
    }
    const step = NUDGES.get(event.key);
    if (!step) return false;
    const at = this.project(canvas, selected);
    const pixels = NUDGE_PIXELS * (event.shiftKey ? 5 : 1);
    const position = at && this.unproject(canvas, [at[0] + step[0] * pixels, at[1] + step[1] * pixels]);
    if (position) editing.drop(position);
    return true;
  }

  private project(canvas: HTMLCanvasElement, position: [number, number]): [number, number] | null {
    const viewport = this.viewport(canvas);
    const [x, y] = viewport?.project(position) ?? [];
    return x === undefined || y === undefined ? null : [x, y];
  }

  private unproject(canvas: HTMLCanvasElement, [x, y]: [number, number]): [number, number] | null {
    const [lon, lat] = this.viewport(canvas)?.unproject([x, y]) ?? [];
    return lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat) ? null : [lon, lat];
  }

  private unprojectEvent(canvas: HTMLCanvasElement, event: MouseEvent): [number, number] | null {
    const rect = canvas.getBoundingClientRect();
    return this.unproject(canvas, [event.clientX - rect.left, event.clientY - rect.top]);
  }

  private viewport(canvas: HTMLCanvasElement) {
    const deck = this.deck();
    return deck && deck.getCanvas() === canvas ? deck.getViewports()[0] : undefined;
  }
}

/** The map's WebGL canvas when the event started on it (not a legend, button or slotted content). */
function canvasOf(event: Event): HTMLCanvasElement | null {
  const target = event.composedPath()[0];
  return target instanceof HTMLCanvasElement ? target : null;
}
