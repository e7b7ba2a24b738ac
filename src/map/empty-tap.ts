/**
 * Taps on a map that land on none of a layer's objects, for "a click beside the layer's objects
 * clears its selection" (risk records, life-circle residences). deck.gl only reports clicks on a picked layer, so this follows the map
 * element's own `pointerdown` / `click`: a click on the map's canvas (not a legend, button or
 * slotted content), without a drag between down and up (a pan), where `isEmpty` says nothing of
 * the layer is drawn.
 */

/** A pointer that moved further than this between down and click was a drag (a pan), not a tap. */
export const TAP_SLOP_PIXELS = 5;

export class EmptyTapWatcher {
  private map: EventTarget | null = null;
  private down: { x: number; y: number } | null = null;

  /**
   * `isEmpty(canvas, x, y)`: true when none of the layer's objects is at CSS pixel (x, y) of
   * `canvas`, null when `canvas` is not its map's WebGL canvas. `onEmptyTap` runs when it is true.
   */
  constructor(
    private readonly isEmpty: (canvas: HTMLCanvasElement, x: number, y: number) => boolean | null,
    private readonly onEmptyTap: () => void,
  ) {}

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
    const canvas = event.composedPath()[0];
    if (!(canvas instanceof HTMLCanvasElement)) return;
    const { clientX, clientY } = event as MouseEvent;
    if (down && Math.hypot(clientX - down.x, clientY - down.y) > TAP_SLOP_PIXELS) return;
    const rect = canvas.getBoundingClientRect();
    if (this.isEmpty(canvas, clientX - rect.left, clientY - rect.top) === true) this.onEmptyTap();
  };
}
