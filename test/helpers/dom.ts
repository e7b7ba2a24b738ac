/** The test kit's DOM part: mounting, waiting, map pixels and synthetic pointer input. */
import type { CityMap } from '../../src/map/city-map';

export function mount<T extends HTMLElement>(markup: string, width = 400, height = 300): T {
  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:0;top:0;width:${width}px;height:${height}px`;
  host.innerHTML = markup;
  document.body.append(host);
  return host.firstElementChild as T;
}

export function unmount(element: Element | null | undefined): void {
  element?.parentElement?.remove();
}

/** The live WebGL canvas (not the snapshot a released map shows). */
export function mapCanvas(map: CityMap): HTMLCanvasElement {
  return map.shadowRoot!.querySelector('canvas[part="canvas"]')!;
}

/** RGBA of the map canvas at CSS pixel (x, y). */
export function pixelAt(map: CityMap, x: number, y: number): number[] {
  const canvas = mapCanvas(map);
  const ratio = canvas.width / canvas.clientWidth;
  const copy = document.createElement('canvas');
  copy.width = 1;
  copy.height = 1;
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, Math.floor(x * ratio), Math.floor(y * ratio), 1, 1, 0, 0, 1, 1);
  return Array.from(context.getImageData(0, 0, 1, 1).data);
}

/** Screen position of a lon/lat in the map's current view (CSS pixels from the map's corner). */
export function project(map: CityMap, lonLat: [number, number]): [number, number] {
  const viewport = map.deck!.getViewports()[0];
  const [x, y] = viewport.project(lonLat);
  return [x, y];
}

function pointer(target: Element, type: string, x: number, y: number, buttons: number): void {
  const rect = target.getBoundingClientRect();
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      composed: true,
      cancelable: true,
      clientX: rect.left + x,
      clientY: rect.top + y,
      pointerId: 1,
      pointerType: 'mouse',
      isPrimary: true,
      button: 0,
      buttons,
    }),
  );
}

/** A real-looking click on the map canvas at CSS pixel (x, y). */
export async function clickAt(map: CityMap, x: number, y: number): Promise<void> {
  const canvas = mapCanvas(map);
  pointer(canvas, 'pointermove', x, y, 0);
  pointer(canvas, 'pointerdown', x, y, 1);
  pointer(canvas, 'pointerup', x, y, 0);
  const rect = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: rect.left + x, clientY: rect.top + y }));
  await nextFrame();
  await nextFrame();
}

export async function hoverAt(map: CityMap, x: number, y: number): Promise<void> {
  // deck.gl's hover input listens to mouse (not pointer) moves.
  const canvas = mapCanvas(map);
  const rect = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, composed: true, clientX: rect.left + x, clientY: rect.top + y, buttons: 0 }));
  await nextFrame();
  await nextFrame();
}

export async function doubleClickAt(map: CityMap, x: number, y: number): Promise<void> {
  const canvas = mapCanvas(map);
  const rect = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true, clientX: rect.left + x, clientY: rect.top + y }));
  await nextFrame();
}

export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

export function nextEvent<T = unknown>(target: EventTarget, name: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(name, (e) => resolve(e as CustomEvent<T>), { once: true }));
}

/** Polls `condition` every frame until it holds (rejects after `timeout` ms). */
export async function waitFor(condition: () => boolean, timeout = 20000): Promise<void> {
  if (!(await until(condition, timeout))) throw new Error('waitFor: condition not met in time');
}

/**
 * Polls `condition` every frame until it holds or `timeout` ms pass; says whether it held. For a
 * wait whose outcome the caller's own expectation then reports (a count, with its message).
 */
export async function until(condition: () => boolean, timeout: number): Promise<boolean> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) return false;
    await nextFrame();
  }
  return true;
}

/** Every pixel of a map's canvas (RGBA), for comparing two drawings pixel by pixel. */
export function canvasPixels(map: CityMap): Uint8ClampedArray {
  const canvas = mapCanvas(map);
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, 0, 0);
  return context.getImageData(0, 0, copy.width, copy.height).data;
}

/** How many pixels differ between two drawings of the same size. */
export function differingPixels(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  if (a.length !== b.length) throw new Error(`drawings differ in size: ${a.length / 4} vs ${b.length / 4} pixels`);
  let count = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) count++;
  return count;
}
