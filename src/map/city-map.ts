import { css, html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { Deck, LinearInterpolator, MapView, type Layer, type PickingInfo } from '@deck.gl/core';
import { luma, type Device } from '@luma.gl/core';
import { webgl2Adapter, type WebGLDevice } from '@luma.gl/webgl';
import { CityElement } from '../core/base-element';
import { isCrs, type Crs } from '../core/crs';
import { emit } from '../core/events';
import { cityMapContext, type CityMapApi, type LonLatBounds, type MapLayerChild, type MapViewState } from './map-context';
import { cleanViewState, parseLonLat, sameView, unionBounds, viewForBounds, MAX_ZOOM, MIN_ZOOM } from './view';
import './strings';

export interface CityViewChangeDetail extends MapViewState {
  /** True while the change comes from the user (drag, wheel, keys), false for programmatic moves. */
  interactive: boolean;
}

declare global {
  interface HTMLElementEventMap {
    'city-view-change': CustomEvent<CityViewChangeDetail>;
  }
  interface HTMLElementTagNameMap {
    'city-map': CityMap;
  }
}

const DEFAULT_VIEW: MapViewState = { longitude: 106.55, latitude: 29.56, zoom: 9, pitch: 0, bearing: 0 };
const TRANSITION_MS = 350;
const VIEW_PROPS = ['longitude', 'latitude', 'zoom'] as const;

const lonLatConverter = {
  fromAttribute: (value: string | null) => parseLonLat(value),
  toAttribute: (value: [number, number] | undefined) => (value ? value.join(',') : null),
};

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * The map host: one deck.gl `Deck` (one WebGL context) shared by every layer element inside it.
 * Layer elements (`<city-grid-layer>`, `<city-risk-layer>`) find it through context, register
 * themselves and are drawn in DOM order. No basemap by default (works offline); set `basemap`
 * to an intranet raster tile URL template to get one.
 *
 * @tagname city-map
 * @summary Map host: view, basemap, overlays, export; one WebGL context for all child layers.
 * @slot - Layer elements (`<city-grid-layer>`, `<city-risk-layer>`).
 * @slot top-left - Overlay in the top-left corner (pointer events stay in the overlay).
 * @slot top-right - Overlay in the top-right corner, below the map controls.
 * @slot bottom-left - Overlay in the bottom-left corner.
 * @slot bottom-right - Overlay in the bottom-right corner.
 * @fires city-view-change - The view moved: `{longitude, latitude, zoom, pitch, bearing, interactive}`.
 * @fires city-error - WebGL unavailable or the context was lost: `{code, message, issues}`.
 * @csspart canvas - The WebGL canvas (focusable: arrow keys pan, +/- zoom).
 * @csspart controls - The zoom and full-screen buttons.
 * @csspart error - The error panel.
 * @cssprop --city-map-background - Colour behind the data (default: the theme background).
 * @cssprop --city-map-height - Height when the page sets none (default 400px).
 * @cssprop --city-map-inset-top-left - Set by the map: the height taken by page overlays in that corner
 *   (also `-top-right`, `-bottom-left`, `-bottom-right`); layers offset their own overlays by it.
 */
export class CityMap extends CityElement implements CityMapApi {
  static override styles = [
    ...CityElement.styles,
    css`
      :host {
        display: block;
        position: relative;
        overflow: hidden;
        height: var(--city-map-height, 400px);
        background: var(--city-map-background, var(--city-bg));
        contain: layout paint;
        isolation: isolate;
      }
      :host(:fullscreen) {
        width: 100vw;
        height: 100vh;
      }
      .stage {
        position: absolute;
        inset: 0;
        z-index: 0;
      }
      .stage canvas {
        display: block;
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        outline: none;
        touch-action: none;
      }
      .stage canvas:focus-visible {
        outline: 2px solid var(--city-focus);
        outline-offset: -3px;
      }
      .layers {
        position: absolute;
        inset: 0;
        z-index: 1;
        pointer-events: none;
      }
      .corner {
        position: absolute;
        z-index: 3;
        display: flex;
        flex-direction: column;
        gap: 8px;
        pointer-events: none;
        max-width: calc(50% - 16px);
      }
      .corner ::slotted(*) {
        pointer-events: auto;
      }
      .top-left {
        top: 12px;
        left: 12px;
      }
      .top-right {
        top: 12px;
        right: 12px;
        align-items: flex-end;
      }
      .bottom-left {
        bottom: 12px;
        left: 12px;
      }
      .bottom-right {
        bottom: 12px;
        right: 12px;
        align-items: flex-end;
      }
      .controls {
        pointer-events: auto;
        display: flex;
        flex-direction: column;
        background: var(--city-surface);
        border: 1px solid var(--city-border);
        border-radius: var(--city-radius);
        box-shadow: var(--city-shadow);
        overflow: hidden;
      }
      .controls button {
        width: 32px;
        height: 32px;
        display: grid;
        place-items: center;
        border: none;
        background: transparent;
        color: var(--city-fg);
        cursor: pointer;
        padding: 0;
      }
      .controls button + button {
        border-top: 1px solid var(--city-border);
      }
      .controls button:hover {
        background: color-mix(in srgb, var(--city-accent) 12%, transparent);
      }
      .controls svg {
        width: 16px;
        height: 16px;
        fill: none;
        stroke: currentColor;
        stroke-width: 2;
        stroke-linecap: round;
      }
    `,
  ];

  /** Map centre as `"lon,lat"` (attribute) or `[lon, lat]`; follows the view as the user moves. */
  @property({ converter: lonLatConverter }) center?: [number, number];
  @property({ type: Number }) zoom?: number;
  @property({ type: Number }) pitch?: number;
  @property({ type: Number }) bearing?: number;
  /** Raster tile URL template (`…/{z}/{x}/{y}.png`) of an intranet tile server. None by default. */
  @property() basemap?: string;
  /** The display CRS: that of the basemap (`wgs84` | `gcj02` | `bd09`). Layers convert into it. */
  @property() crs: Crs = 'wgs84';
  @property({ type: Number, attribute: 'min-zoom' }) minZoom = MIN_ZOOM;
  @property({ type: Number, attribute: 'max-zoom' }) maxZoom = 18;

  @state() private fullscreen = false;

  private readonly provider = new ContextProvider(this, { context: cityMapContext, initialValue: this as CityMapApi });
  private readonly layerChildren = new Set<MapLayerChild>();
  private owners = new Map<string, MapLayerChild>();
  private hoverOwner: MapLayerChild | null = null;
  private view: MapViewState = { ...DEFAULT_VIEW };
  private deckViewState: Record<string, unknown> = { ...DEFAULT_VIEW };
  private viewGiven = false;
  private fitted = false;
  private pendingFit: { bounds: LonLatBounds; options: { padding?: number; maxZoom?: number; duration?: number } } | null = null;
  private inTransition = false;
  private layerUpdateQueued = false;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private deckInstance: Deck | null = null;
  private device: Device | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private deckGeneration = 0;
  private resizeObserver?: ResizeObserver;
  private cornerObserver?: ResizeObserver;
  private basemapLayer: Layer | null = null;
  private basemapFor: string | undefined;
  private warmedUpFor = '';
  private settleFrameRequested = false;
  private basemapWarned: string | undefined;

  /** The Deck instance (null before the WebGL device is ready, after disconnect, or while the context is lost). */
  get deck(): Deck | null {
    return this.deckInstance;
  }

  /** The current view (a copy). */
  get viewState(): MapViewState {
    return { ...this.view };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(this);
    document.addEventListener('fullscreenchange', this.onFullscreenChange);
    if (this.hasUpdated) void this.createDeck();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    document.removeEventListener('fullscreenchange', this.onFullscreenChange);
    this.releaseDeck();
    this.hoverOwner = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new Error('The map was disconnected before it rendered'));
  }

  protected override firstUpdated(): void {
    void this.createDeck();
    // Page overlays in a corner push the layers' own overlays (legend, breadcrumb) aside:
    // their heights are published as --city-map-inset-<corner>, inherited by the layers.
    const corners = this.renderRoot.querySelectorAll<HTMLElement>('.corner');
    const publish = () => {
      for (const corner of corners) {
        const name = [...corner.classList].find((c) => c !== 'corner')!;
        const height = corner.getBoundingClientRect().height;
        this.style.setProperty(`--city-map-inset-${name}`, height > 0 ? `${Math.ceil(height + 8)}px` : '0px');
      }
    };
    this.cornerObserver = new ResizeObserver(publish);
    for (const corner of corners) this.cornerObserver.observe(corner);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('crs') && !isCrs(this.crs)) {
      console.warn(`<city-map>: unknown crs ${JSON.stringify(this.crs)}; using wgs84`);
      this.crs = 'wgs84';
    }
    if (changed.has('center') || changed.has('zoom') || changed.has('pitch') || changed.has('bearing')) {
      const requested = cleanViewState(
        {
          longitude: this.center?.[0],
          latitude: this.center?.[1],
          zoom: this.zoom,
          pitch: this.pitch,
          bearing: this.bearing,
        },
        this.view,
      );
      // Values mirrored from the live view change nothing; anything else is a view the page asked for.
      if (!this.hasUpdated && (this.center || this.zoom != null)) this.viewGiven = true;
      if (!sameView(requested, this.view)) {
        this.viewGiven = true;
        this.setView(requested, 0, false);
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Layers read the display CRS and theme from their map: tell them when either changes.
    if ((changed.has('crs') && changed.get('crs') !== undefined) || (changed.has('theme') && this.hasUpdated)) {
      this.provider.setValue(this, true);
    }
    if (changed.has('basemap') || changed.has('minZoom') || changed.has('maxZoom')) {
      void this.updateBasemap();
      this.setView(this.view, 0, false);
    }
    if ((changed as PropertyValues).has('locale') && this.canvas) this.labelCanvas(this.canvas);
  }

  // ---- CityMapApi -------------------------------------------------------------------------

  registerLayer(child: MapLayerChild): void {
    this.layerChildren.add(child);
    this.requestLayerUpdate();
  }

  unregisterLayer(child: MapLayerChild): void {
    if (!this.layerChildren.delete(child)) return;
    if (this.hoverOwner === child) this.hoverOwner = null;
    this.requestLayerUpdate();
  }

  requestLayerUpdate(): void {
    if (this.layerUpdateQueued) return;
    this.layerUpdateQueued = true;
    queueMicrotask(() => {
      this.layerUpdateQueued = false;
      this.pushLayers();
    });
  }

  async rendered(): Promise<void> {
    // Let pending property updates (the map's and its layers') reach deck first.
    await Promise.all([this.updateComplete, ...[...this.layerChildren].map((c) => (c as Partial<{ updateComplete: Promise<unknown> }>).updateComplete)]);
    return new Promise<void>((resolve, reject) => {
      if (!this.isConnected) {
        reject(new Error('The map is not connected'));
        return;
      }
      this.waiters.push({ resolve, reject });
      if (this.deckInstance && !this.layerUpdateQueued) this.deckInstance.redraw('rendered() requested');
    });
  }

  fitBounds(bounds: LonLatBounds, options: { padding?: number; maxZoom?: number; duration?: number } = {}): void {
    const width = this.clientWidth;
    const height = this.clientHeight;
    if (!bounds.every(Number.isFinite)) return;
    if (width < 2 || height < 2) {
      this.pendingFit = { bounds, options };
      return;
    }
    this.pendingFit = null;
    const target = viewForBounds(bounds, { width, height }, { padding: options.padding, maxZoom: options.maxZoom ?? this.maxZoom });
    this.setView({ ...this.view, ...target, pitch: 0, bearing: 0 }, options.duration ?? TRANSITION_MS, false);
  }

  // ---- Public extras ----------------------------------------------------------------------

  /** Zooms in or out by `delta` levels around the centre (animated). */
  zoomBy(delta: number): void {
    this.setView({ ...this.view, zoom: Math.min(this.maxZoom, Math.max(this.minZoom, this.view.zoom + delta)) }, TRANSITION_MS, false);
  }

  /** Enters or leaves full screen (Fullscreen API). */
  async toggleFullscreen(): Promise<void> {
    try {
      if (document.fullscreenElement === this) await document.exitFullscreen();
      else await this.requestFullscreen();
    } catch (error) {
      console.warn(`<city-map>: full screen refused: ${(error as Error).message}`);
    }
  }

  /**
   * A PNG of the map as shown: background, WebGL canvas and the layers' overlays (legend,
   * breadcrumb…), at device pixel ratio. Waits for the current frame to finish loading first.
   * Page content slotted into the corners is not included.
   */
  async toImage(): Promise<Blob> {
    await this.rendered();
    const width = this.clientWidth;
    const height = this.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    const output = document.createElement('canvas');
    output.width = Math.max(1, Math.round(width * ratio));
    output.height = Math.max(1, Math.round(height * ratio));
    const context = output.getContext('2d')!;
    context.scale(ratio, ratio);
    context.fillStyle = getComputedStyle(this).backgroundColor;
    context.fillRect(0, 0, width, height);
    if (this.canvas) context.drawImage(this.canvas, 0, 0, width, height);
    for (const child of this.orderedChildren()) {
      context.save();
      try {
        child.paintOverlays?.(context, { width, height });
      } finally {
        context.restore();
      }
    }
    return new Promise<Blob>((resolve, reject) =>
      output.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  }

  // ---- Rendering --------------------------------------------------------------------------

  protected override render() {
    const fullscreenLabel = this.t(this.fullscreen ? 'map.exit-fullscreen' : 'map.fullscreen');
    const canFullscreen = typeof document !== 'undefined' && document.fullscreenEnabled !== false;
    return html`
      <div class="stage" @keydown=${this.onStageKeydown} @dblclick=${this.onStageDblclick}></div>
      <div class="layers"><slot></slot></div>
      <div class="corner top-left"><slot name="top-left"></slot></div>
      <div class="corner top-right">
        <div class="controls" part="controls" role="group" aria-label=${this.t('map.controls')}>
          <button type="button" aria-label=${this.t('map.zoom-in')} title=${this.t('map.zoom-in')} @click=${() => this.zoomBy(1)}>
            <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3v10M3 8h10" /></svg>
          </button>
          <button type="button" aria-label=${this.t('map.zoom-out')} title=${this.t('map.zoom-out')} @click=${() => this.zoomBy(-1)}>
            <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h10" /></svg>
          </button>
          ${canFullscreen
            ? html`<button type="button" aria-label=${fullscreenLabel} title=${fullscreenLabel} aria-pressed=${this.fullscreen ? 'true' : 'false'} @click=${() => this.toggleFullscreen()}>
                <svg viewBox="0 0 16 16" aria-hidden="true">
                  ${this.fullscreen
                    ? svg`<path d="M6 2v4H2M10 2v4h4M6 14v-4H2M10 14v-4h4" />`
                    : svg`<path d="M2 6V2h4M14 6V2h-4M2 10v4h4M14 10v4h-4" />`}
                </svg>
              </button>`
            : nothing}
        </div>
        <slot name="top-right"></slot>
      </div>
      <div class="corner bottom-left"><slot name="bottom-left"></slot></div>
      <div class="corner bottom-right"><slot name="bottom-right"></slot></div>
      <p id="help" class="visually-hidden">${this.t('map.help')}</p>
      ${this.renderStatus()}
    `;
  }

  private labelCanvas(canvas: HTMLCanvasElement): void {
    canvas.setAttribute('aria-label', this.t('map.label'));
  }

  private get stage(): HTMLElement | null {
    return this.renderRoot.querySelector('.stage');
  }

  private async createDeck(): Promise<void> {
    const stage = this.stage;
    if (!stage || !this.isConnected) return;
    this.releaseDeck();
    const generation = ++this.deckGeneration;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('part', 'canvas');
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-describedby', 'help');
    canvas.tabIndex = 0;
    this.labelCanvas(canvas);
    // Size the drawing buffer before the device exists, or the first frame is 300×150.
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(this.clientWidth * ratio));
    canvas.height = Math.max(1, Math.round(this.clientHeight * ratio));
    canvas.addEventListener('webglcontextlost', this.onContextLost);
    canvas.addEventListener('webglcontextrestored', this.onContextRestored);
    stage.append(canvas);
    this.canvas = canvas;
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
      if (generation !== this.deckGeneration) return;
      this.detachCanvas(canvas);
      this.reportProblem('webgl', 'webgl-unavailable', [], this.t('error.webgl-unavailable'));
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w.reject(error as Error);
      return;
    }
    if (generation !== this.deckGeneration) {
      // Disconnected (or restarted) while the device was being created: free it right away.
      releaseDevice(device, true);
      return;
    }
    this.device = device;
    syncViewportState(device, canvas);
    this.clearProblem('webgl');
    const deck = new Deck<MapView>({
      device,
      views: new MapView({ id: 'city-map', repeat: false }),
      viewState: this.deckViewState as never,
      controller: { doubleClickZoom: false, keyboard: true, inertia: false, scrollZoom: { smooth: false } },
      layers: [],
      useDevicePixels: true,
      pickingRadius: 1,
      onViewStateChange: ({ viewState, interactionState }) => {
        this.onDeckViewState(viewState as Record<string, unknown>, Boolean(interactionState?.isDragging || interactionState?.isPanning || interactionState?.isZooming || interactionState?.isRotating));
        return viewState;
      },
      onInteractionStateChange: (interaction) => {
        const was = this.inTransition;
        this.inTransition = Boolean(interaction.inTransition);
        if (was && !this.inTransition) this.deckInstance?.redraw('transition ended');
      },
      onHover: (info) => this.routeHover(info),
      onClick: (info, event) => {
        this.owners.get(info.layer?.id ?? '')?.handleClick?.(info, { srcEvent: event.srcEvent, tapCount: event.tapCount });
      },
      onAfterRender: () => this.afterRender(),
      onError: (error) => {
        if (!this.device || this.device.isLost) return;
        console.error('<city-map>: deck.gl error', error);
      },
      getCursor: ({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
    });
    this.deckInstance = deck as unknown as Deck;
    this.pushLayers();
  }

  /** Frees the Deck, its device and WebGL context, and the canvas. */
  private releaseDeck(): void {
    this.deckGeneration++;
    const { deckInstance, device, canvas } = this;
    this.deckInstance = null;
    this.device = null;
    this.canvas = null;
    this.warmedUpFor = '';
    if (canvas) this.detachCanvas(canvas);
    deckInstance?.finalize();
    if (device) releaseDevice(device, true);
  }

  private detachCanvas(canvas: HTMLCanvasElement): void {
    canvas.removeEventListener('webglcontextlost', this.onContextLost);
    canvas.removeEventListener('webglcontextrestored', this.onContextRestored);
    canvas.remove();
  }

  private readonly onContextLost = (event: Event) => {
    // Without preventDefault the browser never restores the context.
    event.preventDefault();
    const deck = this.deckInstance;
    const device = this.device;
    this.deckInstance = null;
    this.device = null;
    deck?.finalize();
    if (device) releaseDevice(device, false);
    this.reportProblem('webgl', 'webgl-context-lost', [], this.t('error.webgl-context-lost'));
  };

  private readonly onContextRestored = () => {
    // luma cannot rebuild its resources on a restored context: start over on a fresh canvas.
    const old = this.canvas;
    if (old) {
      this.detachCanvas(old);
      old.getContext('webgl2')?.getExtension('WEBGL_lose_context')?.loseContext();
      this.canvas = null;
    }
    this.clearProblem('webgl');
    void this.createDeck();
  };

  private orderedChildren(): MapLayerChild[] {
    return [...this.layerChildren].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  private pushLayers(): void {
    const children = this.orderedChildren();
    if (!this.fitted && !this.viewGiven) {
      const bounds = unionBounds(children.map((c) => c.dataBounds));
      if (bounds) {
        this.fitted = true;
        this.fitBounds(bounds, { duration: 0 });
      }
    }
    const deck = this.deckInstance;
    if (!deck) return;
    const layers: Layer[] = [];
    const owners = new Map<string, MapLayerChild>();
    if (this.basemapLayer) layers.push(this.basemapLayer);
    for (const child of children) {
      for (const layer of child.deckLayers) {
        layers.push(layer);
        owners.set(layer.id, child);
      }
    }
    this.owners = owners;
    deck.setProps({ layers });
    if (this.waiters.length) deck.redraw('layers updated');
  }

  private afterRender(): void {
    if (!this.waiters.length) return;
    const deck = this.deckInstance;
    const canvas = this.canvas;
    if (!deck || !canvas) return;
    const layers = (deck.props.layers as (Layer | null | false)[]).flat(Infinity as 1).filter(Boolean) as Layer[];
    const loaded = layers.every((layer) => layer.isLoaded);
    const ratio = window.devicePixelRatio || 1;
    const sized = Math.abs(canvas.width - Math.round(canvas.clientWidth * ratio)) <= 1 && Math.abs(canvas.height - Math.round(canvas.clientHeight * ratio)) <= 1;
    // Composite layers rebuild their sub-layers on the frame after a view change.
    const layerManager = (deck as unknown as { layerManager?: { needsUpdate(): string | false } }).layerManager;
    const updatePending = Boolean(layerManager?.needsUpdate());
    if (!loaded || !sized || this.inTransition || this.layerUpdateQueued || updatePending) {
      // Not settled yet: look again next frame (a transition reports its own end).
      // One request at a time: every drawn frame lands here, and a request per frame would pile up
      // redraws (each a full frame on a software GPU) for as long as the frame stays unsettled.
      if (!this.inTransition && !this.settleFrameRequested) {
        this.settleFrameRequested = true;
        requestAnimationFrame(() => {
          this.settleFrameRequested = false;
          this.deckInstance?.redraw('waiting for a settled frame');
        });
      }
      return;
    }
    this.warmUpPicking(deck, layers);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  /**
   * The first pick compiles the picking shaders, which takes seconds on a software GPU: done
   * before the user's first click, or that click's press outlasts a tap and is lost.
   */
  private warmUpPicking(deck: Deck, layers: Layer[]): void {
    const key = layers.map((l) => l.id).join('|');
    if (key === this.warmedUpFor || !layers.length) return;
    this.warmedUpFor = key;
    deck.pickObject({ x: Math.floor(this.clientWidth / 2), y: Math.floor(this.clientHeight / 2), radius: 0 });
  }

  private routeHover(info: PickingInfo): void {
    const owner = info.layer ? (this.owners.get(info.layer.id) ?? null) : null;
    if (this.hoverOwner && this.hoverOwner !== owner) this.hoverOwner.handleHover?.(null);
    this.hoverOwner = owner;
    owner?.handleHover?.(info);
  }

  private onStageKeydown = (event: KeyboardEvent) => {
    if (event.target !== this.canvas) return;
    for (const child of this.orderedChildren().reverse()) {
      if (child.handleKey?.(event)) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
    }
  };

  private onStageDblclick = (event: MouseEvent) => {
    const deck = this.deckInstance;
    if (!deck || event.target !== this.canvas) return;
    const info = deck.pickObject({ x: event.offsetX, y: event.offsetY, radius: 1 });
    const owner = info?.layer ? this.owners.get(info.layer.id) : undefined;
    const ordered = this.orderedChildren().reverse();
    const candidates = owner ? [owner, ...ordered.filter((c) => c !== owner)] : ordered;
    for (const child of candidates) {
      if (child.handleDoubleClick?.(child === owner ? info : null, { srcEvent: event })) return;
    }
  };

  private readonly onFullscreenChange = () => {
    this.fullscreen = document.fullscreenElement === this;
  };

  private onResize(): void {
    this.deckInstance?.redraw('resized');
    if (this.pendingFit && this.clientWidth >= 2 && this.clientHeight >= 2) {
      const { bounds, options } = this.pendingFit;
      this.fitBounds(bounds, { ...options, duration: 0 });
    }
  }

  private onDeckViewState(viewState: Record<string, unknown>, interactive: boolean): void {
    this.deckViewState = viewState;
    const next = cleanViewState(viewState as Partial<MapViewState>, this.view);
    this.deckInstance?.setProps({ viewState: viewState as never });
    if (sameView(next, this.view)) return;
    this.view = next;
    this.mirrorViewProperties();
    emit(this, 'city-view-change', { ...next, interactive });
  }

  /** Moves the view: animated when `duration` > 0 (and the user does not prefer reduced motion). */
  private setView(target: MapViewState, duration: number, interactive: boolean): void {
    const limits = { minZoom: this.minZoom, maxZoom: Math.min(this.maxZoom, MAX_ZOOM) };
    const view = cleanViewState({ ...target, zoom: Math.min(limits.maxZoom, Math.max(limits.minZoom, target.zoom)) }, this.view);
    const animate = duration > 0 && !reducedMotion() && this.deckInstance !== null;
    this.deckViewState = animate
      ? { ...view, ...limits, transitionDuration: duration, transitionInterpolator: new LinearInterpolator([...VIEW_PROPS, 'pitch', 'bearing']) }
      : { ...view, ...limits };
    this.deckInstance?.setProps({ viewState: this.deckViewState as never });
    if (animate) return; // the transition reports each step through onViewStateChange
    const changed = !sameView(view, this.view);
    this.view = view;
    this.mirrorViewProperties();
    if (changed) emit(this, 'city-view-change', { ...view, interactive });
  }

  /** Keeps `center`/`zoom`/… equal to the live view, so setting them again always moves the map. */
  private mirrorViewProperties(): void {
    const { longitude, latitude, zoom, pitch, bearing } = this.view;
    this.center = [longitude, latitude];
    this.zoom = zoom;
    this.pitch = pitch;
    this.bearing = bearing;
  }

  private async updateBasemap(): Promise<void> {
    const template = this.basemap?.trim();
    if (this.basemapFor === template) return;
    this.basemapFor = template;
    if (!template) {
      this.basemapLayer = null;
      this.requestLayerUpdate();
      return;
    }
    // Loaded only when a basemap is asked for: the default map makes no tile requests at all.
    const { TileLayer, BitmapLayer } = await import('./basemap-layers');
    if (this.basemapFor !== template) return;
    this.basemapLayer = new TileLayer({
      id: 'city-basemap',
      data: template,
      minZoom: 0,
      maxZoom: this.maxZoom,
      tileSize: 256,
      maxRequests: 6,
      onTileError: (error: Error) => {
        // One line per basemap, not one per tile: a broken tile server should be noticed, not flood the console.
        if (this.basemapWarned === template) return;
        this.basemapWarned = template;
        console.warn(`<city-map>: basemap tiles failed to load from ${template}: ${error.message}`);
      },
      renderSubLayers: (props) => {
        const { west, south, east, north } = props.tile.bbox as { west: number; south: number; east: number; north: number };
        return new BitmapLayer({ ...props, data: undefined, image: props.data, bounds: [west, south, east, north] } as never);
      },
    }) as unknown as Layer;
    this.requestLayerUpdate();
  }
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
