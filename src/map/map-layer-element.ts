/**
 * The base of every layer element that draws into a `<city-map>` (grid, risk, life-circle map):
 * what they all need, written once —
 * - the map link (found through context, registered, unregistered on leave or move);
 * - a stable, unique deck.gl layer id per element;
 * - the theme: the layer's own `theme`, else its map's (its CSS tokens inherit from the map, so a
 *   page's `--city-*` on the map reach the legend too), else the OS preference;
 * - `toImage()` (the map's image with every layer's overlays) and overlay painting from the parts
 *   the layer names in `overlayParts`;
 * - `requestLayerUpdate()` after every update, so the map re-collects the layer's deck layers;
 * - corner stacking: the boxes named in `cornerParts` are measured, the map places every layer's
 *   boxes per corner in DOM order (`stackCorners`) and hands each layer its offsets as
 *   `--city-stack-<corner>` (from the top/bottom edge) and `--city-stack-<corner>-x` (from the
 *   side; CSS px, set through the CSSOM: CSP-safe), which the layer's CSS adds to its box position.
 * A concrete layer implements `deckLayers`, `dataBounds` and `rendered()`, and whichever input
 * hooks (`handleHover`, `handleClick`, …) it needs; `pickAt` answers picks on the CPU instead of
 * deck.gl's GPU picking pass (then its deck layers stay unpickable).
 */
import type { Layer } from '@deck.gl/core';
import type { PropertyValues } from 'lit';
import { CityElement } from '../core/base-element';
import { statusStyles } from '../core/status-panel';
import { effectiveTheme, nestedThemeStyles, type Theme } from '../core/theme';
import { paintOverlayElement } from '../ui/legend';
import { imageScale, type ImageOptions } from './image';
import { MapChildController, mapChildHostStyles } from './map-child';
import { CORNERS, type CityMapApi, type Corner, type LonLatBounds, type MapLayerChild } from './map-context';

let layerCount = 0;

export abstract class MapLayerElement<StringKey extends string = never> extends CityElement<StringKey> implements MapLayerChild {
  static override styles = [nestedThemeStyles, statusStyles, mapChildHostStyles];

  /** The id of this element's deck.gl layer (sub-layers add a suffix): unique on the page, stable for the element's life. */
  protected readonly layerId = `${this.localName}-${++layerCount}`;

  /** Shadow-DOM parts painted onto `toImage()`, bottom to top (legend, breadcrumb, slider…). */
  protected overlayParts: readonly string[] = [];

  /** The `part` of the box this layer shows in each map corner it uses. */
  protected cornerParts: Partial<Record<Corner, string>> = {};

  private cornerObserver?: ResizeObserver;
  private observedCornerBoxes: Element[] = [];

  private readonly mapLink = new MapChildController(this, {
    attached: (map) => this.mapAttached(map),
    detached: (map) => this.mapDetached(map),
  });

  /** The map this layer draws into (undefined outside one). */
  protected get map(): CityMapApi | undefined {
    return this.mapLink.map;
  }

  abstract get deckLayers(): readonly Layer[];
  abstract get dataBounds(): LonLatBounds | null;
  /** Resolves when the current inputs are loaded, computed and drawn by the map. */
  abstract rendered(): Promise<void>;

  /** The theme in effect: the layer's own, else its map's, else the OS preference. */
  protected get effectiveTheme(): Theme {
    return effectiveTheme(this, this.map as unknown as Element | undefined);
  }

  /**
   * A PNG of its map as shown (canvas and the overlays of every layer on it), after `rendered()`;
   * `scale`: output pixels per CSS pixel (default: device pixel ratio). Rejects with an Error naming
   * the tag when the layer is not inside a `<city-map>` or `scale` is unusable.
   */
  async toImage(options?: ImageOptions): Promise<Blob> {
    const map = this.map;
    if (!map) throw new Error(`<${this.localName}>: toImage() needs the layer inside a <city-map>; this one has no map`);
    const host = map as unknown as HTMLElement;
    imageScale(this.localName, options, { width: host.clientWidth, height: host.clientHeight });
    await this.rendered();
    return map.toImage(options);
  }

  /** @internal Paints `overlayParts` onto the export canvas (CSS pixels, map origin). */
  paintOverlays(context: CanvasRenderingContext2D): void {
    const origin = (this.map as unknown as Element | undefined)?.getBoundingClientRect() ?? this.getBoundingClientRect();
    for (const part of this.overlayParts) {
      for (const element of this.renderRoot.querySelectorAll(`[part~="${part}"]`)) paintOverlayElement(context, element, origin);
    }
  }

  /** @internal Sizes of the corner boxes as laid out now (0 × 0: hidden). */
  cornerBoxes(): Partial<Record<Corner, { width: number; height: number }>> {
    const sizes: Partial<Record<Corner, { width: number; height: number }>> = {};
    for (const [corner, box] of this.cornerElements()) {
      const { width, height } = box.getBoundingClientRect();
      sizes[corner] = { width, height };
    }
    return sizes;
  }

  /** @internal `--city-stack-<corner>` (from the top or bottom edge) and `--city-stack-<corner>-x` (from the side). */
  setCornerOffsets(offsets: Record<Corner, { x: number; y: number }>): void {
    for (const corner of CORNERS) {
      this.style.setProperty(`--city-stack-${corner}`, `${offsets[corner].y}px`);
      this.style.setProperty(`--city-stack-${corner}-x`, `${offsets[corner].x}px`);
    }
  }

  private cornerElements(): [Corner, Element][] {
    const boxes: [Corner, Element][] = [];
    for (const corner of CORNERS) {
      const part = this.cornerParts[corner];
      const box = part ? this.renderRoot.querySelector(`[part~="${part}"]`) : null;
      if (box) boxes.push([corner, box]);
    }
    return boxes;
  }

  /** Watches the corner boxes now rendered: a box that appears, goes or changes size restacks the map's corners. */
  private watchCornerBoxes(): void {
    const boxes = this.cornerElements().map(([, box]) => box);
    if (boxes.length === this.observedCornerBoxes.length && boxes.every((box, i) => box === this.observedCornerBoxes[i])) return;
    this.cornerObserver ??= new ResizeObserver(() => this.map?.layoutCorners());
    this.cornerObserver.disconnect();
    for (const box of boxes) this.cornerObserver.observe(box);
    this.observedCornerBoxes = boxes;
    this.map?.layoutCorners();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cornerObserver?.disconnect();
    this.observedCornerBoxes = [];
  }

  /** A map was found (before the layer registers with it): re-project data for its CRS, listen to it. */
  protected mapAttached(map: CityMapApi): void {
    void map;
  }

  /** The layer left `map`: stop listening to it. */
  protected mapDetached(map: CityMapApi): void {
    void map;
  }

  /** Every update may change the deck layers: the map re-collects them (batched to one frame). */
  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.map?.requestLayerUpdate();
    this.watchCornerBoxes();
  }
}
