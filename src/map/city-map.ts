import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import type { Deck, DeckProps, MapView } from '@deck.gl/core';
import { CityElement } from '../core/base-element';
import { readGuarded } from '../core/attributes';
import type { Crs } from '../core/crs';
import { emit } from '../core/events';
import { cityMapStyles } from './city-map.styles';
import { Basemap } from './basemap';
import { renderMapControls } from './controls';
import { composeImage, imageScale, type ImageOptions } from './image';
import { MapContextController } from './context-controller';
import { MapAttributeIssues, readBasemap, readBearing, readCenter, readCrs, readPitch, readZoom } from './map-attributes';
import { cityMapContext, type CityMapApi, type LonLatBounds, type MapLayerChild, type MapViewState } from './map-context';
import { MapViewController } from './view-controller';
import { LayerChildren } from './layer-children';
import { mapDeckProps } from './deck-props';
import { watchPageCorners } from './corners';
import { cleanViewState, sameView, unionBounds, MIN_ZOOM } from './view';
import type { MapStringKey } from './strings';
import './strings';

export interface CityViewChangeDetail extends MapViewState {
  /** True while the change comes from the user (drag, wheel, keys), false for programmatic moves. */
  interactive: boolean;
}

declare global {
  interface CityEventMap {
    'city-view-change': CityViewChangeDetail;
  }
  interface HTMLElementTagNameMap {
    'city-map': CityMap;
  }
}


// Attribute text is checked (and reported) by MapAttributeIssues; properties get the usable value or undefined.
const lonLatConverter = {
  fromAttribute: (value: string | null) => readCenter([], value),
  toAttribute: (value: [number, number] | undefined) => (value ? value.join(',') : null),
};
const numberConverter = (read: (issues: never[], value: unknown) => number | undefined) => ({ fromAttribute: (value: string | null) => read([], value) });
const CHECKED_PROPERTIES = ['center', 'zoom', 'pitch', 'bearing', 'minZoom', 'maxZoom', 'crs', 'basemap'] as const;
const DEFAULT_MAX_ZOOM = 18;


/**
 * The map host: one deck.gl `Deck` (one WebGL context) shared by every layer element inside it.
 * Layer elements (`<city-grid-layer>`, `<city-risk-layer>`) find it through context, register
 * themselves and are drawn in DOM order. No basemap by default (works offline); set `basemap`
 * to an intranet raster tile URL template to get one.
 *
 * Many maps on one page: a map creates its WebGL context only when it first comes into view, and
 * all maps of the page share a budget of live contexts (`configureMapContexts`, default 8 of
 * Chromium's 16). When the budget is full, or a map has been off-screen for a while, an idle map
 * gives its context back and shows a snapshot of its last frame until it needs one again (back
 * in view, pointer or keyboard input, new data, `rendered()` on changed inputs); it then redraws
 * with the same view and layers. A context the browser takes is rebuilt without waiting for it.
 * Bad attribute values are reported as warnings (`city-error`, severity `warning`) and ignored.
 *
 * @tagname city-map
 * @summary Map host: view, basemap, overlays, export; one WebGL context for all child layers.
 * @slot - Layer elements (`<city-grid-layer>`, `<city-risk-layer>`).
 * @slot top-left - Overlay in the top-left corner (pointer events stay in the overlay).
 * @slot top-right - Overlay in the top-right corner, below the map controls.
 * @slot bottom-left - Overlay in the bottom-left corner.
 * @slot bottom-right - Overlay in the bottom-right corner.
 * @fires {CustomEvent<CityViewChangeDetail>} city-view-change - The view moved: `{longitude, latitude, zoom, pitch, bearing, interactive}`.
 * @fires {CustomEvent<CityErrorDetail>} city-error - WebGL unavailable, the context was lost (until rebuilt), or bad attribute values: `{code, message, severity, issues}`.
 * @csspart canvas - The WebGL canvas (focusable: arrow keys pan, +/- zoom).
 * @csspart snapshot - The last frame, shown while the map holds no WebGL context (focus or input brings it back).
 * @csspart controls - The zoom and full-screen buttons.
 * @csspart error - The error panel.
 * @cssprop --city-map-background - Colour behind the data (default: the theme background).
 * @cssprop --city-map-height - Height when the page sets none (default 400px).
 * @cssprop --city-map-inset-top-left - Set by the map: the height taken by page overlays in that corner
 *   (also `-top-right`, `-bottom-left`, `-bottom-right`); layers offset their own overlays by it.
 */
export class CityMap extends CityElement<MapStringKey> implements CityMapApi {
  static override styles = [...CityElement.styles, cityMapStyles];

  /** Map centre as `"lon,lat"` (attribute) or `[lon, lat]`; follows the view as the user moves. */
  @property({ converter: lonLatConverter }) center?: [number, number];
  /** Zoom level, 0–20 (limited to `min-zoom`–`max-zoom`). */
  @property({ converter: numberConverter(readZoom) }) zoom?: number;
  /** Tilt in degrees, 0–85. */
  @property({ converter: numberConverter(readPitch) }) pitch?: number;
  /** Rotation in degrees, -360–360. */
  @property({ converter: numberConverter(readBearing) }) bearing?: number;
  /** Raster tile URL template (`…/{z}/{x}/{y}.png`) of an intranet tile server. None by default. */
  @property() basemap?: string;
  /** The display CRS: that of the basemap (`wgs84` | `gcj02` | `bd09`). Layers convert into it. */
  @property() crs: Crs = 'wgs84';
  @property({ converter: numberConverter(readZoom), attribute: 'min-zoom' }) minZoom = MIN_ZOOM;
  @property({ converter: numberConverter(readZoom), attribute: 'max-zoom' }) maxZoom = DEFAULT_MAX_ZOOM;

  @state() private fullscreen = false;

  private readonly provider = new ContextProvider(this, { context: cityMapContext, initialValue: this as CityMapApi });
  private readonly layerChildren = new LayerChildren();
  private readonly views = new MapViewController({
    deck: () => this.deck,
    size: () => ({ width: this.clientWidth, height: this.clientHeight }),
    zoomLimits: () => this.zoomLimits,
    onChange: (view, moved, interactive) => this.viewChanged(view, moved, interactive),
  });
  /** The page gave a view (attributes or properties): the map does not fit to its layers' data. */
  private viewGiven = false;
  private fitted = false;
  private layerUpdateQueued = false;
  private readonly contexts = new MapContextController(this);
  private readonly attributeIssues = new MapAttributeIssues();
  private resizeObserver?: ResizeObserver;
  private cornerObserver?: ResizeObserver;
  private readonly basemapTiles = new Basemap(() => this.requestLayerUpdate());
  private drawnSize = '';

  /**
   * The Deck instance: null until the map first comes into view (or `rendered()` is called), after
   * disconnect, and while its WebGL context is released or lost (see `configureMapContexts`).
   */
  get deck(): Deck | null {
    return this.contexts.deck;
  }

  /** Usable zoom limits: `min-zoom` / `max-zoom` when valid (0–20, min ≤ max), else 0 / 18. */
  private get zoomLimits(): { minZoom: number; maxZoom: number } {
    const minZoom = readZoom([], this.minZoom) ?? MIN_ZOOM;
    return { minZoom, maxZoom: Math.max(minZoom, readZoom([], this.maxZoom) ?? DEFAULT_MAX_ZOOM) };
  }

  /** The current view (a copy). */
  get viewState(): MapViewState {
    return { ...this.views.view };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(this);
    document.addEventListener('fullscreenchange', this.onFullscreenChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    document.removeEventListener('fullscreenchange', this.onFullscreenChange);
    this.views.stop();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    // The property may not change (a bad value and its removal both leave it unset): update anyway to re-report.
    if (this.attributeIssues.attributeChanged(name, value)) this.requestUpdate();
  }

  protected override firstUpdated(): void {
    this.cornerObserver = watchPageCorners(this, this.renderRoot.querySelectorAll<HTMLElement>('.corner'));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The map checks its own attributes apart from the base's readers: it mirrors its live view into
    // `center`/`zoom`/…, so a bad attribute's text must stay reported while the properties move on.
    for (const name of CHECKED_PROPERTIES) if (changed.has(name)) this.attributeIssues.propertyChanged(name, this[name]);
    const issues = this.attributeIssues.takeChanges();
    if (issues) this.reportAttributeIssues(issues);
    if (changed.has('crs')) this.crs = readCrs([], this.crs);
    if (changed.has('center') || changed.has('zoom') || changed.has('pitch') || changed.has('bearing')) {
      // A value a script set that is unusable is ignored like an unset one (reported above).
      const center = readGuarded(readCenter, [], this.center, 'center');
      const zoom = readGuarded(readZoom, [], this.zoom, 'zoom');
      const requested = cleanViewState(
        { longitude: center?.[0], latitude: center?.[1], zoom, pitch: readGuarded(readPitch, [], this.pitch, 'pitch'), bearing: readGuarded(readBearing, [], this.bearing, 'bearing') },
        this.views.view,
      );
      // Values mirrored from the live view change nothing; anything else is a view the page asked for.
      if (!this.hasUpdated && (center || zoom !== undefined)) this.viewGiven = true;
      if (!sameView(requested, this.views.view)) {
        this.viewGiven = true;
        this.views.setView(requested, 0);
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Layers read the display CRS and theme from their map: tell them when either changes.
    if ((changed.has('crs') && changed.get('crs') !== undefined) || (changed.has('theme') && this.hasUpdated)) {
      this.provider.setValue(this, true);
    }
    if (changed.has('basemap') || changed.has('minZoom') || changed.has('maxZoom')) {
      void this.basemapTiles.show(readBasemap([], this.basemap), this.zoomLimits.maxZoom);
      this.views.setView(this.views.view, 0);
    }
    if ((changed as PropertyValues).has('locale') && this.contexts.canvas) this.labelCanvas(this.contexts.canvas);
  }

  // ---- CityMapApi -------------------------------------------------------------------------

  registerLayer(child: MapLayerChild): void {
    this.layerChildren.add(child);
    this.requestLayerUpdate();
  }

  unregisterLayer(child: MapLayerChild): void {
    if (!this.layerChildren.delete(child)) return;
    this.requestLayerUpdate();
    this.layerChildren.layoutCorners(this.clientWidth);
  }

  requestLayerUpdate(): void {
    if (this.layerUpdateQueued) return;
    this.layerUpdateQueued = true;
    queueMicrotask(() => {
      this.layerUpdateQueued = false;
      this.pushLayers();
    });
  }

  /** Stacks the layers' corner boxes (legends, breadcrumbs, sliders) in DOM order, so none covers another. */
  layoutCorners(): void {
    this.layerChildren.layoutCorners(this.clientWidth);
  }

  /**
   * Resolves when what the current inputs describe is drawn. A map not yet in view gets a WebGL
   * context for it (it may take one from an idle map, which keeps a snapshot). A released map
   * whose snapshot already shows the current inputs resolves at once, without a context.
   */
  async rendered(): Promise<void> {
    // Let pending property updates (the map's and its layers') reach deck first.
    await Promise.all([this.updateComplete, this.layerChildren.updated()]);
    return this.contexts.rendered();
  }

  /** Shows `bounds` (`[west, south, east, north]`); a call with unusable bounds or options is ignored. */
  fitBounds(bounds: LonLatBounds, options: { padding?: number; maxZoom?: number; duration?: number } = {}): void {
    this.views.fitBounds(bounds, options);
  }

  // ---- Public extras ----------------------------------------------------------------------

  /** Zooms in or out by `delta` levels around the centre (animated). */
  zoomBy(delta: number): void {
    this.views.zoomBy(delta);
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
   * breadcrumb…). `scale`: output pixels per CSS pixel (default: device pixel ratio), so the image
   * is the map's size × `scale`. Waits for `rendered()` first. A map whose context was released
   * exports its snapshot when that shows the current inputs (no context needed), else it takes a
   * context back to draw them. Page content slotted into the corners is not included. Rejects with
   * an Error naming `<city-map>` for an unusable `scale` (not a positive number, or an image side
   * over 16384 px).
   */
  async toImage(options?: ImageOptions): Promise<Blob> {
    imageScale('city-map', options, { width: this.clientWidth, height: this.clientHeight });
    // A map that is on no page never draws: say so instead of waiting for ever.
    if (!this.isConnected) throw new Error('<city-map>: toImage() has nothing to draw: the map is not on the page');
    await this.rendered();
    const size = { width: this.clientWidth, height: this.clientHeight };
    const scale = imageScale('city-map', options, size);
    return composeImage('city-map', size, scale, getComputedStyle(this).backgroundColor, this.contexts.picture, this.layerChildren.ordered());
  }

  // ---- Rendering --------------------------------------------------------------------------

  protected override render() {
    return html`
      <div
        class="stage"
        @keydown=${this.onStageKeydown}
        @dblclick=${this.onStageDblclick}
        @pointerdown=${this.onStageInput}
        @focusin=${this.onStageInput}
        @wheel=${this.onStageWheel}
      ></div>
      <div class="layers"><slot></slot></div>
      <div class="corner top-left"><slot name="top-left"></slot></div>
      <div class="corner top-right">
        ${renderMapControls({ t: (key) => this.t(key), fullscreen: this.fullscreen, zoomBy: (delta) => this.zoomBy(delta), toggleFullscreen: () => void this.toggleFullscreen() })}
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

  // ---- ContextHost: what the context controller asks of the map -------------------------------

  /** @internal */
  decorateCanvas(canvas: HTMLCanvasElement): void {
    canvas.setAttribute('part', 'canvas');
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-describedby', 'help');
    canvas.tabIndex = 0;
    this.labelCanvas(canvas);
  }

  /** @internal Deck props for a new device: the current view (no transition), controller, callbacks. */
  deckProps(): DeckProps<MapView> {
    return mapDeckProps(this.views, this.layerChildren, () => this.deck !== null);
  }

  /** @internal A new Deck (first view, or a context taken back): layers are created on it afresh. */
  deckReady(): void {
    this.basemapTiles.newDeck();
    this.pushLayers();
  }

  /** @internal */
  hasPendingWork(): boolean {
    return this.views.moving || this.layerUpdateQueued;
  }

  /** @internal */
  webglProblem(code: 'webgl-unavailable' | 'webgl-context-lost' | null): void {
    if (code) this.reportProblem('webgl', code, [], this.t(`error.${code}`));
    else this.clearProblem('webgl');
  }

  private pushLayers(): void {
    if (!this.fitted && !this.viewGiven) {
      const bounds = unionBounds(this.layerChildren.ordered().map((c) => c.dataBounds));
      if (bounds) {
        this.fitted = true;
        this.fitBounds(bounds, { duration: 0 });
      }
    }
    this.contexts.invalidate();
    this.deck?.setProps({ layers: this.layerChildren.collectLayers(this.basemapTiles.layer) });
  }

  private readonly onStageInput = () => this.contexts.userInput();
  private readonly onStageWheel = { handleEvent: () => this.contexts.userInput(), passive: true };

  private onStageKeydown = (event: KeyboardEvent) => {
    this.contexts.userInput();
    if (event.target !== this.contexts.canvas || !this.layerChildren.key(event)) return;
    event.preventDefault();
    event.stopPropagation();
  };

  private onStageDblclick = (event: MouseEvent) => {
    const deck = this.deck;
    if (deck && event.target === this.contexts.canvas) this.layerChildren.doubleClick(deck, event);
  };

  private readonly onFullscreenChange = () => {
    this.fullscreen = document.fullscreenElement === this;
  };

  private onResize(): void {
    const size = `${this.clientWidth}x${this.clientHeight}`;
    if (size !== this.drawnSize) {
      this.drawnSize = size;
      this.contexts.invalidate();
    }
    this.deck?.redraw('resized');
    this.views.resized();
    this.layerChildren.layoutCorners(this.clientWidth); // what fits beside what depends on the width
  }

  /** The view moved (or was re-applied): redraw, mirror it into the properties, tell the page. */
  private viewChanged(view: MapViewState, moved: boolean, interactive: boolean): void {
    if (moved) this.contexts.invalidate();
    this.mirrorViewProperties(view);
    if (moved) emit(this, 'city-view-change', { ...view, interactive });
  }

  /** Keeps `center`/`zoom`/… equal to the live view, so setting them again always moves the map. */
  private mirrorViewProperties({ longitude, latitude, zoom, pitch, bearing }: MapViewState): void {
    this.center = [longitude, latitude];
    this.zoom = zoom;
    this.pitch = pitch;
    this.bearing = bearing;
  }
}
