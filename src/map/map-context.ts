/**
 * The contract between `<city-map>` and the layer elements inside it (`<city-grid-layer>`,
 * `<city-risk-layer>`, …). A child finds its map through @lit/context (it works across shadow
 * roots and needs no selector), registers itself, and hands the map its deck.gl layers. The map
 * owns the one Deck (one WebGL context), orders children by DOM order, routes picks back to the
 * child that owns the picked layer (or that answers the pick itself, on the CPU), and composites
 * children's overlays into `toImage()`.
 */
import { createContext } from '@lit/context';
import type { Deck, Layer, PickingInfo, Viewport } from '@deck.gl/core';
import type { Crs } from '../core/crs';

/** `[west, south, east, north]` in degrees, in the map's display CRS. */
export type LonLatBounds = [number, number, number, number];

export interface MapViewState {
  longitude: number;
  latitude: number;
  zoom: number;
  pitch: number;
  bearing: number;
}

/**
 * A point under the pointer, as deck.gl describes a pick that hit nothing: `x`, `y` in CSS px from
 * the map's top-left corner, `coordinate` the lon/lat there (display CRS), `viewport`, `pixelRatio`.
 */
export type MapPoint = PickingInfo & { coordinate: number[]; viewport: Viewport };

/** A corner of the map, where overlays (legends, breadcrumbs, sliders) stack. */
export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export const CORNERS: readonly Corner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

/** What a layer element implements to live inside `<city-map>`. */
export interface MapLayerChild extends HTMLElement {
  /**
   * Its deck.gl layers, bottom to top. Read by the map on every layer update, and again when the map
   * rebuilds its Deck (a WebGL context taken back): return new instances (cheap: keep the data and
   * binary attributes they point to), never ones an earlier Deck initialized.
   */
  readonly deckLayers: readonly Layer[];
  /** Extent of its data in the map's display CRS, for fit-to-data; null while it has none. */
  readonly dataBounds: LonLatBounds | null;
  /**
   * Answers a pick itself, without deck.gl's GPU picking pass (a spatial index over its objects is
   * far cheaper than drawing 100k polygons into a picking buffer on a software GPU): what it has at
   * `point`, as the info its `handleHover` / `handleClick` then get (`point` with `picked`,
   * `index`, `object`…), or null. The map asks children top down (DOM order) on
   * hover, click and double-click; the first answer wins unless a deck layer above it was picked.
   * A child that answers picks this way keeps its deck layers unpickable, so that a map whose
   * children all answer runs no GPU pick at all.
   */
  pickAt?(point: MapPoint): PickingInfo | null;
  /** Pointer moved over one of its layers (info) or left them (null). */
  handleHover?(info: PickingInfo | null): void;
  /** Click on one of its layers. */
  handleClick?(info: PickingInfo, event: { srcEvent?: Event; tapCount?: number }): void;
  /**
   * Double-click on the map: `info` is set for the child owning the picked layer (asked first),
   * null for the others (asked top layer first). Return true if handled; the rest are not asked.
   */
  handleDoubleClick?(info: PickingInfo | null, event: { srcEvent?: Event }): boolean;
  /** A key pressed while the map has focus; return true if handled (the map then skips its default). */
  handleKey?(event: KeyboardEvent): boolean;
  /** Paints its overlays (legend, breadcrumb…) onto the export canvas for `toImage()`, in CSS pixels. */
  paintOverlays?(context: CanvasRenderingContext2D, size: { width: number; height: number }): void;
  /** Sizes (CSS px) of the boxes it shows in the map's corners; a corner it does not use is absent. */
  cornerBoxes?(): Partial<Record<Corner, { width: number; height: number }>>;
  /** Where its corner boxes go, past the boxes of the layers before it (DOM order): see `stackCorners`. */
  setCornerOffsets?(offsets: Record<Corner, { x: number; y: number }>): void;
}

/** What `<city-map>` offers its children. */
export interface CityMapApi {
  /** The display CRS (that of the basemap). Children convert their data into it at ingest. */
  readonly crs: Crs;
  /** The Deck instance, null before the first connect or after disconnect. */
  readonly deck: Deck | null;
  readonly viewState: MapViewState;
  registerLayer(child: MapLayerChild): void;
  unregisterLayer(child: MapLayerChild): void;
  /** A child's layers or bounds changed: re-collect and redraw (batched to one frame). */
  requestLayerUpdate(): void;
  /** Resolves after the next frame drawn with every layer loaded and the canvas sized. */
  rendered(): Promise<void>;
  /** Animates or jumps the view to show the bounds. */
  fitBounds(bounds: LonLatBounds, options?: { padding?: number; maxZoom?: number }): void;
  /** A child's corner boxes changed size: stack every child's corner boxes again. */
  layoutCorners(): void;
  /** A PNG of the map with its children's overlays; `scale`: output pixels per CSS pixel. */
  toImage(options?: { scale?: number }): Promise<Blob>;
}

export const cityMapContext = createContext<CityMapApi | undefined>(Symbol('city-map'));
