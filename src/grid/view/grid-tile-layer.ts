/**
 * deck.gl layer of the grid map in tile mode: a TileLayer over the shown level's vector tiles;
 * each tile draws the shown units' parts it holds (pre-triangulated, as the GeoJSON mode's fill),
 * their outlines and the focus / selection / hover outlines, clipped to the tile (tiles overlap
 * by their buffer). Colours come from the same per-unit RGBA array as the GeoJSON mode: a new
 * `colorVersion` rewrites the vertex colours of the loaded tiles, nothing is fetched again.
 */
import { CompositeLayer, type Color, type DefaultProps, type Layer } from '@deck.gl/core';
import { TileLayer, type TileLayerProps } from '@deck.gl/geo-layers';
import { PathLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { GridIndex } from '../model/hierarchy';
import { ClipExtension, FillStyleExtension } from '@deck.gl/extensions';
import type { PolygonPack } from '../model/pack';
import { shownParts, unitRingsInTile, type TileIndex, type TileUnits } from '../tiles/tile-units';
import { binaryPolygons, labelLayerProps, mercatorX, outlineLayerProps, mercatorY, textEms, vertexColors, type GridLayerStyle, type LabelDatum } from './grid-layer';

export interface GridTileLayerProps {
  /** Changes when other tiles must be fetched (another level or template). */
  tileKey: string;
  /** One tile of the shown level (null: it failed, and was reported). */
  getTile: (tile: TileIndex, signal?: AbortSignal) => Promise<TileUnits | null>;
  /** Where there are units to fetch tiles for ([west, south, east, north]); null: everywhere. */
  extent: readonly number[] | null;
  minZoom: number;
  maxZoom: number;
  /** 1 for each unit (index of the unit index) that is shown; and the shown units. */
  shown: Uint8Array;
  shownUnits: Int32Array;
  /** Bump when `shown` changes. */
  shownVersion: number;
  /** RGBA per unit (4 bytes each), and its version (bumped on every recolour, so also when values change). */
  colors: Uint8Array;
  colorVersion: number;
  /** Value per unit (NaN: no data; those are hatched). */
  values: Float64Array;
  hoverUnit: number;
  selectedUnit: number;
  focusUnit: number;
  style: GridLayerStyle;
  /** Every tile of the view has loaded (or failed). */
  onViewportLoad: () => void;
  /** The unit index (names and boxes for the labels). */
  index: GridIndex;
  /** Where a shown unit's name goes (a point inside it, from the loaded tiles); null: not known yet. Null: no labels. */
  labelPoint: ((unit: number) => [number, number] | null) | null;
  /** Bumped when tiles were loaded (more units can be labelled). */
  tilesVersion: number;
}

/** What a tile draws for one drill state and colouring (kept on the tile, rebuilt when they change). */
interface TileDrawing {
  shownVersion: number;
  pack: PolygonPack;
  fill: ReturnType<typeof binaryPolygons>;
  lines: unknown;
  colorsKey: string;
  /** The shown parts without a value (null: none), for the colouring they were found for. */
  hatch: ReturnType<typeof binaryPolygons> | null;
  hatchKey: string;
}

// One instance each: a new extension object counts as an extensions change (models rebuilt).
const CLIP = [new ClipExtension()];
const CLIP_HATCHED = [new ClipExtension(), new FillStyleExtension({ proceduralPattern: true })];
const HATCH = { hatch: { type: 'hatch' as const, angle: 45, strokeWidth: 1.5, gap: 3 } };

const defaultProps: DefaultProps<GridTileLayerProps> = {
  extent: null,
  minZoom: 0,
  maxZoom: 14,
  hoverUnit: -1,
  selectedUnit: -1,
  focusUnit: -1,
  colorVersion: 0,
  shownVersion: 0,
};

export class GridTileLayer extends CompositeLayer<GridTileLayerProps> {
  static override layerName = 'CityGridTileLayer';
  static override defaultProps = defaultProps;
  declare state: { drawings: WeakMap<TileUnits, TileDrawing>; noData: Uint8Array; noDataKey: string; labels: LabelDatum[]; labelKey: string };

  override initializeState(): void {
    this.state = { drawings: new WeakMap(), noData: new Uint8Array(0), noDataKey: '', labels: [], labelKey: '' };
  }

  override shouldUpdateState({ changeFlags }: { changeFlags: { propsOrDataChanged: boolean; viewportChanged: boolean } }): boolean {
    return changeFlags.propsOrDataChanged || changeFlags.viewportChanged;
  }

  override updateState(): void {
    this.updateLabels();
  }

  /**
   * Names of the shown units whose box is wide enough for them at this zoom, in (a margin around)
   * the view, at a point inside the unit (as the GeoJSON mode: at most 2000).
   */
  private updateLabels(): void {
    const { labelPoint, shownUnits, index, style, shownVersion, tilesVersion } = this.props;
    const viewport = this.context.viewport;
    const zoom = Math.floor(viewport.zoom * 4) / 4;
    const [west, south, east, north] = viewport.getBounds();
    const padX = (east - west) * 0.5;
    const padY = (north - south) * 0.5;
    const key = `${shownVersion}|${tilesVersion}|${style.labelSize}|${zoom}`;
    const last = this.state.labelKey ? this.state.labelKey.split('|') : null;
    const box = last ? last.slice(4).map(Number) : [];
    if (!labelPoint) {
      if (this.state.labels.length) this.setState({ labels: [], labelKey: '' });
      return;
    }
    if (last && last.slice(0, 4).join('|') === key && west >= box[0] && south >= box[1] && east <= box[2] && north <= box[3]) return;
    const area = [west - padX, south - padY, east + padX, north + padY];
    const labels: LabelDatum[] = [];
    const scale = 512 * 2 ** viewport.zoom;
    for (let k = 0; k < shownUnits.length && labels.length < 2000; k++) {
      const u = shownUnits[k];
      const [w, s, e, n] = index.bboxes.subarray(u * 4, u * 4 + 4);
      if (e < area[0] || w > area[2] || n < area[1] || s > area[3]) continue;
      const width = (mercatorX(e) - mercatorX(w)) * scale;
      const height = (mercatorY(s) - mercatorY(n)) * scale;
      if (width * 0.8 < textEms(index.names[u]) * style.labelSize + 6 || height * 0.8 < style.labelSize * 1.6) continue;
      const position = labelPoint(u);
      if (position) labels.push({ position, text: index.names[u], unit: u });
    }
    this.setState({ labels, labelKey: [key, ...area].join('|') });
  }

  /** 1 for each shown unit without a value (for the colouring and drill state of now). */
  private noDataMask(): Uint8Array {
    const { shown, values, colorVersion, shownVersion } = this.props;
    const key = `${colorVersion}|${shownVersion}`;
    if (this.state.noDataKey !== key) {
      const mask = new Uint8Array(shown.length);
      for (let u = 0; u < shown.length; u++) mask[u] = shown[u] && !Number.isFinite(values[u]) ? 1 : 0;
      this.state.noData = mask;
      this.state.noDataKey = key;
    }
    return this.state.noData;
  }

  /** The tile's shown parts with their current colours (rebuilt only for what changed). */
  private drawing(units: TileUnits): TileDrawing {
    const { shown, shownVersion, colors, colorVersion, style } = this.props;
    let drawing = this.state.drawings.get(units);
    if (!drawing || drawing.shownVersion !== shownVersion) {
      const pack = shownParts(units.pack, shown);
      const lines = { length: pack.ringCount, startIndices: pack.ringStartIndices, attributes: { getPath: { value: pack.positions, size: 2 } } };
      drawing = { shownVersion, pack, fill: binaryPolygons(pack), lines, colorsKey: '', hatch: null, hatchKey: '' };
      this.state.drawings.set(units, drawing);
    }
    const colorsKey = `${colorVersion}|${style.fillOpacity}`;
    if (drawing.colorsKey !== colorsKey) {
      const attributes = drawing.fill.attributes as Record<string, unknown>;
      const previous = (attributes.fillColors as { value: Uint8Array } | undefined)?.value ?? null;
      attributes.fillColors = { value: vertexColors(drawing.pack, colors, style.fillOpacity, previous), size: 4, normalized: true };
      drawing.colorsKey = colorsKey;
    }
    if (drawing.hatchKey !== this.state.noDataKey) {
      const missing = shownParts(drawing.pack, this.noDataMask());
      drawing.hatch = missing.length ? binaryPolygons(missing) : null;
      drawing.hatchKey = this.state.noDataKey;
    }
    return drawing;
  }

  private tileLayers(units: TileUnits | null, id: string, bounds: [number, number, number, number]): Layer[] {
    if (!units || !units.pack.length) return [];
    const { style, hoverUnit, selectedUnit, focusUnit, shown } = this.props;
    this.noDataMask();
    const drawing = this.drawing(units);
    if (!drawing.pack.length) return [];
    const clip = { extensions: CLIP, clipBounds: bounds, pickable: false };
    const layers: Layer[] = [
      new SolidPolygonLayer({
        id: `${id}-fill`,
        data: drawing.fill as never,
        _normalize: false,
        positionFormat: 'XY',
        filled: true,
        extruded: false,
        updateTriggers: { getFillColor: drawing.colorsKey },
        ...clip,
      }),
      new PathLayer({
        id: `${id}-lines`,
        data: drawing.lines as never,
        _pathType: 'open',
        positionFormat: 'XY',
        getColor: style.lineColor,
        getWidth: style.lineWidth,
        widthUnits: 'pixels',
        jointRounded: true,
        updateTriggers: { getColor: style.lineColor.join() },
        ...clip,
      }),
    ];
    if (drawing.hatch) {
      // Stripes over the units without a value, as in the GeoJSON mode.
      layers.splice(
        1,
        0,
        new SolidPolygonLayer({
          id: `${id}-no-data`,
          data: drawing.hatch as never,
          _normalize: false,
          positionFormat: 'XY',
          filled: true,
          extruded: false,
          getFillColor: style.noDataColor,
          getFillPattern: () => 'hatch',
          fillPatternMapping: HATCH,
          fillPatternSizeUnits: 'pixels',
          fillPatternMask: true,
          updateTriggers: { getFillColor: style.noDataColor.join() },
          ...clip,
          extensions: CLIP_HATCHED,
        } as never),
      );
    }
    const outlines: Array<[string, number, Color, number]> = [
      ['focus', focusUnit, style.focusColor, 2],
      ['selected', shown[selectedUnit] ? selectedUnit : -1, style.selectedColor, 3.5],
      ['hover', hoverUnit !== selectedUnit ? hoverUnit : -1, style.hoverColor, 2.5],
    ];
    for (const [name, unit, color, width] of outlines) {
      const rings = unit >= 0 ? unitRingsInTile(units, unit) : [];
      if (!rings.length) continue;
      layers.push(
        new PathLayer({
          ...outlineLayerProps(`${id}-${name}`, rings, color, width),
          updateTriggers: { getColor: color.join(), getPath: unit },
          ...clip,
        }),
      );
    }
    return layers;
  }

  override renderLayers(): Layer[] {
    const { tileKey, getTile, extent, minZoom, maxZoom, onViewportLoad, shownVersion, colorVersion, hoverUnit, selectedUnit, focusUnit, style } = this.props;
    const props: Partial<TileLayerProps<TileUnits | null>> = {
      id: 'tiles',
      data: tileKey,
      tileSize: 512,
      extent: extent as number[] | null,
      minZoom,
      maxZoom,
      pickable: false,
      getTileData: ({ index, signal }) => getTile(index, signal),
      onViewportLoad: () => onViewportLoad(),
      // What the tiles' layers are drawn from: a change redraws the loaded tiles, fetches nothing.
      updateTriggers: { renderSubLayers: [shownVersion, colorVersion, hoverUnit, selectedUnit, focusUnit, JSON.stringify(style)] },
      // Clipped to the tile's extent in the display CRS (tiles overlap by their buffer).
      renderSubLayers: ({ data, id }) => this.tileLayers(data, id, data?.bounds ?? [0, 0, 0, 0]),
    };
    const layers: Layer[] = [new TileLayer<TileUnits | null>(this.getSubLayerProps(props))];
    // No TextLayer without text: an empty automatic character set makes an empty font atlas.
    if (this.state.labels.length) {
      layers.push(new TextLayer(this.getSubLayerProps(labelLayerProps(this.state.labels, this.props.colors, colorVersion, style))));
    }
    return layers;
  }
}
