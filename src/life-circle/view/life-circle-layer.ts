/**
 * `<city-life-circle-layer>`: the deck.gl layers of `<city-life-circle>` inside its own
 * `<city-map>` — roads, the selected residence's isochrone, residences coloured by score,
 * facilities coloured by category, links from the selected residence to its nearest facilities,
 * and suggested sites — plus the score legend and a text-only tooltip. The host element sets
 * everything; picks go back to it through the `pick` callback (no DOM event), and so do Escape and
 * a tap beside the drawn objects (`{kind: null}`: clear the selection).
 */
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { LineLayer, PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import { CityElement } from '../../core/base-element';
import { toRgba, type Rgba } from '../../core/color';
import { FONT_STACK, effectiveTheme, type Theme } from '../../core/theme';
import type { CityMapApi, LonLatBounds, MapLayerChild } from '../../map/map-context';
import { MapChildController, mapChildHostStyles } from '../../map/map-child';
import { legendStyles, paintOverlayElement, renderLegend, type LegendModel } from '../../ui/legend';
import { renderTooltip, tooltipStyles } from '../../ui/tooltip';
import { EmptyTapWatcher } from '../../map/empty-tap';
import { visibleFacilityRows, type LifeCircleScene } from './scene';

export type PickKind = 'residence' | 'facility' | 'site';

export interface LifeCirclePickDetail {
  /** Null: the selection should be cleared (Escape on the map, or a tap beside the objects). */
  kind: PickKind | null;
  row: number;
}

export interface SiteMarker {
  rank: number;
  /** Display CRS. */
  position: [number, number];
}

export interface FacilityLink {
  from: [number, number];
  to: [number, number];
  color: Rgba;
}

/** Tooltip text for a picked object; the host knows names, scores and the language. */
export type Describe = (kind: PickKind, row: number) => { title: string; lines: string[] } | null;

interface LayerStyle {
  residenceLine: Rgba;
  facilityLine: Rgba;
  road: Rgba;
  isochroneFill: Rgba;
  isochroneLine: Rgba;
  selection: Rgba;
  site: Rgba;
  siteLine: Rgba;
  siteText: Rgba;
  highlight: Rgba;
}

const STYLES: Record<Theme, LayerStyle> = {
  light: {
    residenceLine: [255, 255, 255, 255],
    facilityLine: [29, 35, 48, 170],
    road: [142, 150, 164, 140],
    isochroneFill: [31, 111, 235, 34],
    isochroneLine: [31, 111, 235, 230],
    selection: [29, 35, 48, 255],
    site: [142, 36, 170, 255],
    siteLine: [255, 255, 255, 255],
    siteText: [255, 255, 255, 255],
    highlight: [31, 111, 235, 160],
  },
  dark: {
    residenceLine: [7, 17, 31, 255],
    facilityLine: [230, 240, 255, 150],
    road: [88, 118, 158, 150],
    isochroneFill: [63, 182, 255, 40],
    isochroneLine: [127, 212, 255, 240],
    selection: [255, 255, 255, 255],
    site: [255, 64, 160, 255],
    siteLine: [7, 17, 31, 255],
    siteText: [255, 255, 255, 255],
    highlight: [127, 212, 255, 170],
  },
};

type Binary = { length: number; startIndices?: Int32Array; attributes: Record<string, { value: ArrayLike<number>; size: number; normalized?: boolean }> };

interface IsochronePolygon {
  polygon: Position[][];
  /** 0 = smallest threshold. */
  band: number;
  bands: number;
}

let instances = 0;

/**
 * @tagname city-life-circle-layer
 * @summary Map layers of `<city-life-circle>` (internal; a child of its `<city-map>`).
 * @csspart legend - The score legend.
 * @csspart tooltip - Name and numbers of the hovered residence, facility or site.
 */
export class CityLifeCircleLayer extends CityElement implements MapLayerChild {
  static override styles = [
    ...CityElement.styles,
    legendStyles,
    tooltipStyles,
    mapChildHostStyles,
    css`
      :host {
        container-type: size;
      }
      .legend {
        position: absolute;
        left: 12px;
        top: 12px;
        z-index: 5;
      }
      /* A small map (a dashboard cell) keeps most of its area for the data. */
      @container (max-width: 560px) {
        .legend {
          left: 8px;
          top: 8px;
        }
        .legend .city-legend {
          font-size: 0.72em;
          padding: 5px 7px;
          min-width: 0;
        }
        .legend .city-legend .count {
          display: none;
        }
        .legend .city-legend .swatch {
          width: 10px;
          height: 9px;
        }
      }
      .swatch-dot {
        border-radius: 50% !important;
      }
    `,
  ];

  @property({ attribute: false }) scene: LifeCircleScene | null = null;
  /** RGBA bytes per scene residence row. */
  @property({ attribute: false }) residenceColors: Uint8Array | null = null;
  /** Category key → CSS colour. */
  @property({ attribute: false }) categoryColors: ReadonlyMap<string, string> = new Map();
  /** Categories whose facilities are drawn. */
  @property({ attribute: false }) shownCategories: ReadonlySet<string> = new Set();
  @property({ type: Number }) selectedRow = -1;
  /** Isochrone polygons in the display CRS. */
  @property({ attribute: false }) isochrone: FeatureCollection<MultiPolygon> | null = null;
  @property({ attribute: false }) links: readonly FacilityLink[] = [];
  @property({ attribute: false }) sites: readonly SiteMarker[] = [];
  @property({ attribute: false }) legend: LegendModel | null = null;
  @property({ attribute: false }) describe: Describe | null = null;
  /** Called with what a click hit, or `{kind: null}` when Escape or a tap beside the objects asks to clear the selection. */
  pick: ((target: LifeCirclePickDetail) => void) | null = null;

  @state() private hover: { kind: PickKind; row: number; x: number; y: number } | null = null;

  private readonly layerKey = `city-life-circle-${++instances}`;
  private colorVersion = 0;
  private data: {
    residences: Binary | null;
    facilities: Binary | null;
    facilityRows: Int32Array;
    roads: Binary | null;
    isochrone: IsochronePolygon[];
  } = { residences: null, facilities: null, facilityRows: new Int32Array(0), roads: null, isochrone: [] };

  /** A tap beside the drawn objects asks to clear the selection, as Escape does. */
  private readonly emptyTaps = new EmptyTapWatcher(
    (canvas, x, y) => this.isEmptyAt(canvas, x, y),
    () => {
      if (this.selectedRow >= 0) this.pick?.({ kind: null, row: -1 });
    },
  );

  private readonly mapLink = new MapChildController(this, {
    attached: (map) => {
      if (typeof (map as unknown as EventTarget).addEventListener === 'function') this.emptyTaps.attach(map as unknown as EventTarget);
    },
    detached: () => {
      this.hover = null;
      this.emptyTaps.detach();
    },
  });

  private get map(): CityMapApi | undefined {
    return this.mapLink.map;
  }

  /** Facility rows (into the scene) in the order they are drawn; a pick's index maps through it. */
  get drawnFacilityRows(): Int32Array {
    return this.data.facilityRows;
  }

  // ---- MapLayerChild ----------------------------------------------------------------------

  get dataBounds(): LonLatBounds | null {
    return this.scene?.bounds ?? null;
  }

  get deckLayers(): readonly Layer[] {
    const scene = this.scene;
    if (!scene) return [];
    const style = STYLES[this.currentTheme()];
    const id = this.layerKey;
    const colorVersion = this.colorVersion;
    const colors = this.residenceColors;
    const layers: Layer[] = [];
    if (this.data.roads) {
      layers.push(
        new PathLayer({
          id: `${id}-roads`,
          data: this.data.roads as never,
          getColor: style.road,
          getWidth: 1,
          widthUnits: 'pixels',
          widthMinPixels: 1,
          _pathType: 'open',
          updateTriggers: { getColor: style.road.join() },
        } as never) as unknown as Layer,
      );
    }
    if (this.data.isochrone.length) {
      layers.push(
        new PolygonLayer<IsochronePolygon>({
          id: `${id}-isochrone`,
          data: this.data.isochrone,
          getPolygon: (d) => d.polygon as never,
          // Nested bands: the inner (shorter) ones add up to a darker core.
          getFillColor: () => style.isochroneFill,
          getLineColor: (d) => [style.isochroneLine[0], style.isochroneLine[1], style.isochroneLine[2], d.band === d.bands - 1 ? style.isochroneLine[3] : 140],
          getLineWidth: (d) => (d.band === d.bands - 1 ? 2 : 1),
          lineWidthUnits: 'pixels',
          stroked: true,
          filled: true,
          pickable: false,
          updateTriggers: { getFillColor: style.isochroneFill.join(), getLineColor: style.isochroneLine.join() },
        }) as unknown as Layer,
      );
    }
    if (scene.residences.polygons.length) {
      const fill = (row: number, alpha: number): Rgba => {
        if (!colors) return [150, 150, 150, alpha];
        return [colors[4 * row]!, colors[4 * row + 1]!, colors[4 * row + 2]!, alpha];
      };
      layers.push(
        new PolygonLayer<{ row: number; polygon: Position[][] }>({
          id: `${id}-residence-areas`,
          data: scene.residences.polygons,
          getPolygon: (d) => d.polygon as never,
          getFillColor: (d) => fill(d.row, 110),
          getLineColor: (d) => fill(d.row, 230),
          getLineWidth: 1,
          lineWidthUnits: 'pixels',
          stroked: true,
          pickable: true,
          updateTriggers: { getFillColor: colorVersion, getLineColor: colorVersion },
        }) as unknown as Layer,
      );
    }
    if (this.data.facilities && this.data.facilities.length) {
      layers.push(
        new ScatterplotLayer({
          id: `${id}-facilities`,
          data: this.data.facilities as never,
          radiusUnits: 'pixels',
          getRadius: 3.5,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 1,
          getLineColor: style.facilityLine,
          pickable: true,
          autoHighlight: true,
          highlightColor: style.highlight,
          updateTriggers: { getLineColor: style.facilityLine.join() },
        } as never) as unknown as Layer,
      );
    }
    if (this.links.length) {
      layers.push(
        new LineLayer<FacilityLink>({
          id: `${id}-links`,
          data: this.links as FacilityLink[],
          getSourcePosition: (d) => d.from,
          getTargetPosition: (d) => d.to,
          getColor: (d) => d.color,
          getWidth: 2,
          widthUnits: 'pixels',
          pickable: false,
        }) as unknown as Layer,
      );
    }
    if (this.data.residences) {
      layers.push(
        new ScatterplotLayer({
          id: `${id}-residences`,
          data: this.data.residences as never,
          radiusUnits: 'pixels',
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 1.5,
          getLineColor: style.residenceLine,
          pickable: true,
          autoHighlight: true,
          highlightColor: style.highlight,
          updateTriggers: { getFillColor: colorVersion, getLineColor: style.residenceLine.join() },
        } as never) as unknown as Layer,
      );
    }
    const selected = this.selectedRow;
    if (selected >= 0 && selected < scene.residences.ids.length) {
      const p = scene.residences.positions;
      layers.push(
        new ScatterplotLayer<number>({
          id: `${id}-selection`,
          data: [selected],
          getPosition: (row) => [p[2 * row]!, p[2 * row + 1]!],
          getRadius: (row) => scene.residences.radii[row]! + 4,
          radiusUnits: 'pixels',
          filled: false,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 3,
          getLineColor: style.selection,
          pickable: false,
          updateTriggers: { getLineColor: style.selection.join() },
        }) as unknown as Layer,
      );
    }
    if (this.sites.length) {
      layers.push(
        new ScatterplotLayer<SiteMarker>({
          id: `${id}-sites`,
          data: this.sites as SiteMarker[],
          getPosition: (d) => d.position,
          getRadius: 10,
          radiusUnits: 'pixels',
          getFillColor: style.site,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 2,
          getLineColor: style.siteLine,
          pickable: true,
          updateTriggers: { getFillColor: style.site.join(), getLineColor: style.siteLine.join() },
        }) as unknown as Layer,
        new TextLayer<SiteMarker>({
          id: `${id}-site-ranks`,
          data: this.sites as SiteMarker[],
          getPosition: (d) => d.position,
          getText: (d) => String(d.rank),
          getSize: 12,
          getColor: style.siteText,
          fontFamily: FONT_STACK,
          fontWeight: 700,
          characterSet: '0123456789',
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'center',
          pickable: false,
          updateTriggers: { getColor: style.siteText.join() },
        }) as unknown as Layer,
      );
    }
    return layers;
  }

  handleHover(info: PickingInfo | null): void {
    const target = info ? this.targetOf(info) : null;
    this.hover = target && info ? { ...target, x: info.x, y: info.y } : null;
  }

  handleClick(info: PickingInfo): void {
    const target = this.targetOf(info);
    if (target) this.pick?.(target);
  }

  handleKey(event: KeyboardEvent): boolean {
    if (event.key !== 'Escape' || this.selectedRow < 0) return false;
    this.pick?.({ kind: null, row: -1 });
    return true;
  }

  paintOverlays(context: CanvasRenderingContext2D): void {
    const host = this.map as unknown as Element | undefined;
    const legend = this.renderRoot.querySelector('[part="legend"]');
    if (host && legend) paintOverlayElement(context, legend, host.getBoundingClientRect());
  }

  /** None of the residences, facilities or sites at CSS pixel (x, y) of `canvas`; null when that is not its map's canvas. */
  isEmptyAt(canvas: HTMLCanvasElement, x: number, y: number): boolean | null {
    const deck = this.map?.deck;
    if (!deck || deck.getCanvas() !== canvas) return null;
    const info = deck.pickObject({ x, y, radius: 1 });
    return !(info && this.targetOf(info));
  }

  /** What a pick hit: residence / facility / site and its row (scene row, or site index). */
  targetOf(info: PickingInfo): { kind: PickKind; row: number } | null {
    const layerId = info.layer?.id ?? '';
    if (info.index < 0 && !info.object) return null;
    if (layerId === `${this.layerKey}-residences`) return { kind: 'residence', row: info.index };
    if (layerId.startsWith(`${this.layerKey}-residence-areas`)) {
      const row = (info.object as { row?: number } | null)?.row;
      return row === undefined ? null : { kind: 'residence', row };
    }
    if (layerId === `${this.layerKey}-facilities`) {
      const row = this.data.facilityRows[info.index];
      return row === undefined ? null : { kind: 'facility', row };
    }
    if (layerId === `${this.layerKey}-sites`) return { kind: 'site', row: info.index };
    return null;
  }

  // ---- Lit ----------------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    const scene = this.scene;
    if (changed.has('scene')) {
      this.hover = null;
      this.data.roads = scene?.roads
        ? { length: scene.roads.length, startIndices: scene.roads.startIndices, attributes: { getPath: { value: scene.roads.positions, size: 2 } } }
        : null;
    }
    if (changed.has('scene') || changed.has('residenceColors')) {
      this.colorVersion++;
      const n = scene?.residences.ids.length ?? 0;
      const colors = this.residenceColors && this.residenceColors.length === 4 * n ? this.residenceColors : new Uint8Array(4 * n).fill(160);
      this.data.residences = scene
        ? {
            length: n,
            attributes: {
              getPosition: { value: scene.residences.positions, size: 2 },
              getRadius: { value: scene.residences.radii, size: 1 },
              getFillColor: { value: colors, size: 4, normalized: true },
            },
          }
        : null;
    }
    if (changed.has('scene') || changed.has('shownCategories') || changed.has('categoryColors')) {
      this.data.facilityRows = scene ? visibleFacilityRows(scene, this.shownCategories) : new Int32Array(0);
      this.data.facilities = scene ? this.facilityData(scene, this.data.facilityRows) : null;
      if (this.hover?.kind === 'facility') this.hover = null;
    }
    if (changed.has('isochrone')) this.data.isochrone = isochronePolygons(this.isochrone);
  }

  protected override updated(): void {
    this.map?.requestLayerUpdate();
  }

  protected override render() {
    const hover = this.hover;
    const text = hover && this.describe ? this.describe(hover.kind, hover.row) : null;
    const host = this.map as unknown as HTMLElement | undefined;
    const size = { width: host?.clientWidth ?? 0, height: host?.clientHeight ?? 0 };
    return html`
      ${this.legend && this.legend.entries.length
        ? html`<div class="legend">${renderLegend(this.legend, { label: this.legend.title })}</div>`
        : nothing}
      ${text && hover ? renderTooltip({ x: hover.x, y: hover.y, title: text.title, lines: text.lines }, size) : nothing}
    `;
  }

  private facilityData(scene: LifeCircleScene, rows: Int32Array): Binary {
    const positions = new Float64Array(rows.length * 2);
    const colors = new Uint8Array(rows.length * 4);
    const cache = new Map<string, Rgba>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      positions[2 * i] = scene.facilities.positions[2 * r]!;
      positions[2 * i + 1] = scene.facilities.positions[2 * r + 1]!;
      const key = scene.facilities.category[r]!;
      let rgba = cache.get(key);
      if (!rgba) cache.set(key, (rgba = toRgba(this.categoryColors.get(key) ?? '#888888')));
      colors.set(rgba, 4 * i);
    }
    return { length: rows.length, attributes: { getPosition: { value: positions, size: 2 }, getFillColor: { value: colors, size: 4, normalized: true } } };
  }

  private currentTheme(): Theme {
    return effectiveTheme(this);
  }
}

function isochronePolygons(collection: FeatureCollection<MultiPolygon> | null): IsochronePolygon[] {
  if (!collection) return [];
  const features = collection.features as Feature<MultiPolygon>[];
  const out: IsochronePolygon[] = [];
  // Largest band first, so the smaller ones draw on top.
  for (let band = features.length - 1; band >= 0; band--) {
    for (const polygon of features[band]!.geometry?.coordinates ?? []) out.push({ polygon, band, bands: features.length });
  }
  return out;
}

declare global {
  interface HTMLElementTagNameMap {
    'city-life-circle-layer': CityLifeCircleLayer;
  }
}
