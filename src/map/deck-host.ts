/**
 * The WebGL side of one `<city-map>`: its canvas, luma.gl device and deck.gl `Deck`, and the
 * snapshot shown while it has none. It builds and frees them when told (by the map's context
 * controller) and reports a context the browser took; it decides nothing by itself.
 */
import { Deck, MapView, type DeckProps } from '@deck.gl/core';
import { luma, type Device } from '@luma.gl/core';
import { webgl2Adapter, type WebGLDevice } from '@luma.gl/webgl';

export interface DeckHostEvents {
  /** The browser took the context (not CityKit): the Deck is already gone, the snapshot shown. */
  lost(): void;
  /** The browser offers the lost context back. */
  restored(): void;
}

export type BuildResult = { deck: Deck } | { error: Error } | null;

export class DeckHost {
  private deckInstance: Deck | null = null;
  private device: Device | null = null;
  private liveCanvas: HTMLCanvasElement | null = null;
  /** A canvas whose context the browser took: kept (detached) only to hear `webglcontextrestored`. */
  private lostCanvas: HTMLCanvasElement | null = null;
  /** The last frame, on a 2D canvas: in the stage only while there is no live frame to show. */
  private snapshot: HTMLCanvasElement | null = null;
  private snapshotShown = false;
  private generation = 0;

  constructor(
    private readonly stage: () => HTMLElement | null,
    private readonly decorate: (canvas: HTMLCanvasElement) => void,
    private readonly events: DeckHostEvents,
  ) {}

  /** Null as soon as the context is lost, before the (asynchronous) loss event: a lost context must not be drawn on. */
  get deck(): Deck | null {
    return this.deckInstance && !this.device?.isLost ? this.deckInstance : null;
  }

  /** The WebGL canvas while a device exists (or is being created). */
  get canvas(): HTMLCanvasElement | null {
    return this.liveCanvas;
  }

  /** What the user sees: the live canvas, else the snapshot if one is shown; null before any frame. */
  get picture(): HTMLCanvasElement | null {
    if (this.deck && this.liveCanvas) return this.liveCanvas;
    return this.snapshotShown ? this.snapshot : null;
  }

  get snapshotVisible(): boolean {
    return this.snapshotShown;
  }

  /**
   * Creates canvas, device and Deck. Resolves with the Deck, with the error when WebGL is
   * unavailable, or null when it was released or rebuilt meanwhile (the device is then freed).
   */
  async build(props: () => DeckProps<MapView>): Promise<BuildResult> {
    const stage = this.stage();
    if (!stage) return null;
    this.free(false);
    this.forgetLostCanvas();
    const generation = ++this.generation;
    const canvas = document.createElement('canvas');
    this.decorate(canvas);
    // Size the drawing buffer before the device exists, or the first frame is 300×150.
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(stage.clientWidth * ratio));
    canvas.height = Math.max(1, Math.round(stage.clientHeight * ratio));
    canvas.addEventListener('webglcontextlost', this.onContextLost);
    // Below the snapshot, which stays on top until the first frame is drawn (no blank flash).
    stage.prepend(canvas);
    this.liveCanvas = canvas;
    let device: Device;
    try {
      device = await luma.createDevice({
        type: 'webgl',
        adapters: [webgl2Adapter],
        _cacheShaders: true,
        _cachePipelines: true,
        webgl: { preserveDrawingBuffer: true, antialias: true },
        createCanvasContext: { canvas, useDevicePixels: true, autoResize: true },
      });
    } catch (error) {
      if (generation !== this.generation) return null;
      this.detach(canvas);
      this.liveCanvas = null;
      return { error: error as Error };
    }
    if (generation !== this.generation) {
      // Released (or rebuilt) while the device was being created: free it right away.
      releaseDevice(device, true);
      return null;
    }
    this.device = device;
    syncViewportState(device, canvas);
    this.deckInstance = new Deck<MapView>({ ...props(), device }) as unknown as Deck;
    return { deck: this.deckInstance };
  }

  /** Copies the live frame into the snapshot (call when the frame shows the current inputs). */
  takeSnapshot(): void {
    const canvas = this.liveCanvas;
    if (!canvas || !this.deck || canvas.width < 1 || canvas.height < 1) return;
    const snapshot = (this.snapshot ??= createSnapshotCanvas());
    if (snapshot.width !== canvas.width || snapshot.height !== canvas.height) {
      snapshot.width = canvas.width;
      snapshot.height = canvas.height;
    }
    const context = snapshot.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, snapshot.width, snapshot.height);
    // preserveDrawingBuffer keeps the last frame readable outside the frame that drew it.
    context.drawImage(canvas, 0, 0);
    for (const name of ['aria-label', 'aria-describedby', 'role']) {
      const value = canvas.getAttribute(name);
      if (value !== null) snapshot.setAttribute(name, value);
    }
  }

  /** Frees Deck, device and context (the slot really frees: the context is lost on purpose) and shows the snapshot. */
  release(keepPicture: boolean): void {
    this.free(true);
    this.forgetLostCanvas();
    if (keepPicture) this.showSnapshot();
    else this.hideSnapshot();
  }

  /** The new frame is on screen: the snapshot steps aside (focus follows to the live canvas). */
  hideSnapshot(): void {
    if (!this.snapshotShown || !this.snapshot) return;
    const hadFocus = this.snapshot.getRootNode() instanceof ShadowRoot && (this.snapshot.getRootNode() as ShadowRoot).activeElement === this.snapshot;
    this.snapshot.remove();
    this.snapshotShown = false;
    if (hadFocus) this.liveCanvas?.focus();
  }

  private showSnapshot(): void {
    const stage = this.stage();
    if (!this.snapshot || !stage) return;
    if (!this.snapshotShown) stage.append(this.snapshot);
    this.snapshotShown = true;
  }

  /** Drops everything, snapshot included (the map left the page). */
  dispose(): void {
    this.release(false);
    this.snapshot = null;
  }

  private free(loseContext: boolean): void {
    this.generation++;
    const { deckInstance, device, liveCanvas } = this;
    this.deckInstance = null;
    this.device = null;
    this.liveCanvas = null;
    if (liveCanvas) this.detach(liveCanvas);
    deckInstance?.finalize();
    // A device still being created is freed when it arrives (build() sees the generation moved on).
    if (device) releaseDevice(device, loseContext);
  }

  private detach(canvas: HTMLCanvasElement): void {
    canvas.removeEventListener('webglcontextlost', this.onContextLost);
    canvas.remove();
  }

  private forgetLostCanvas(): void {
    const lost = this.lostCanvas;
    if (!lost) return;
    this.lostCanvas = null;
    lost.removeEventListener('webglcontextrestored', this.onContextRestored);
    // Given back now or later, it must not count against the page's 16: lose it for good.
    const gl = lost.getContext('webgl2');
    if (gl?.isContextLost()) lost.addEventListener('webglcontextrestored', () => loseCanvasContext(lost), { once: true });
    else loseCanvasContext(lost);
  }

  private readonly onContextLost = (event: Event) => {
    // Only a loss CityKit did not cause gets here: release() detaches the listener before losing.
    // preventDefault lets the browser offer the context back (webglcontextrestored).
    event.preventDefault();
    const canvas = this.liveCanvas;
    this.free(false);
    if (canvas) {
      this.lostCanvas = canvas;
      canvas.addEventListener('webglcontextrestored', this.onContextRestored);
    }
    this.showSnapshot();
    this.events.lost();
  };

  private readonly onContextRestored = () => {
    // luma cannot rebuild its resources on a restored context: the next build starts on a fresh canvas.
    this.forgetLostCanvas();
    this.events.restored();
  };
}

function createSnapshotCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('part', 'snapshot');
  canvas.className = 'snapshot';
  // Focusable like the live canvas, so a keyboard user reaches a released map (focus brings it back).
  canvas.tabIndex = 0;
  return canvas;
}

/**
 * luma.gl's GL state cache starts out believing the viewport is [0, 0, 1024, 1024] (its table of
 * defaults), while the real one is the canvas size. A first render pass that asks for exactly
 * 1024 × 1024 (deck.gl's heat-map weights texture) is then skipped as "already set" and draws
 * into the canvas-sized corner of the texture. Setting the real size once makes the cache true.
 */
function syncViewportState(device: Device, canvas: HTMLCanvasElement): void {
  const gl = (device as unknown as { gl?: WebGL2RenderingContext }).gl;
  gl?.viewport(0, 0, canvas.width, canvas.height);
}

/** Detaches luma from the context and, when asked, loses it so the browser frees it now rather than at GC. */
function releaseDevice(device: Device, loseContext: boolean): void {
  const gl = (device as WebGLDevice).gl as WebGL2RenderingContext | undefined;
  try {
    device.canvasContext?.destroy();
    device.destroy();
  } finally {
    if (loseContext && gl && !gl.isContextLost()) gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/** Loses whatever WebGL context a canvas has (none is created by asking: getContext returns the existing one). */
function loseCanvasContext(canvas: HTMLCanvasElement): void {
  const gl = canvas.getContext('webgl2');
  if (gl && !gl.isContextLost()) gl.getExtension('WEBGL_lose_context')?.loseContext();
}
