/**
 * deck.gl layer of the grid map in tile mode: a TileLayer over the shown level's vector tiles;
 * each tile draws the shown units' parts it holds (pre-triangulated, as the GeoJSON mode's fill),
 * their outlines and the focus / selection / hover outlines, clipped to the tile (tiles overlap
 * by their buffer). Colours come from the same per-unit RGBA array as the GeoJSON mode: a new
 * `colorVersion` rewrites the vertex colours of the loaded tiles, nothing is fetched again.
 */
import { CompositeLayer, type Color, type DefaultProps, type Layer } from '@deck.gl/core';
import { TileLayer, type TileLayerProps } from '@deck.gl/geo-layers';
import { PathLayer, SolidPolygonLayer } from '@deck.gl/layers';
import { ClipExtension, FillStyleExtension } from '@deck.gl/extensions';
import type { PolygonPack } from '../model/pack';
import { shownParts, unitRingsInTile, type TileIndex, type TileUnits } from '../tiles/tile-units';
import { binaryPolygons, vertexColors, type GridLayerStyle } from './grid-layer';

export interface GridTileLayerProps {
  /** Changes when other tiles must be fetched (another level or template). */
  tileKey: string;
  /** One tile of the shown level (null: it failed, and was reported). */
  getTile: (tile: TileIndex, signal?: AbortSignal) => Promise<TileUnits | null>;
  /** Where there are units to fetch tiles for ([west, south, east, north]); null: everywhere. */
  extent: readonly number[] | null;
  minZoom: number;
  maxZoom: number;
  /** 1 for each unit (index of the unit index) that is shown. */
  shown: Uint8Array;
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
  declare state: { drawings: WeakMap<TileUnits, TileDrawing>; noData: Uint8Array; noDataKey: string };

  override initializeState(): void {
    this.state = { drawings: new WeakMap(), noData: new Uint8Array(0), noDataKey: '' };
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
          id: `${id}-${name}`,
          data: rings,
          getPath: (d: { path: Float64Array }) => d.path,
          positionFormat: 'XY',
          _pathType: 'open',
          getColor: color,
          getWidth: width,
          widthUnits: 'pixels',
          jointRounded: true,
          capRounded: true,
          updateTriggers: { getColor: color.join(), getPath: unit },
          ...clip,
        }),
      );
    }
    return layers;
  }

  override renderLayers(): Layer {
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
    return new TileLayer<TileUnits | null>(this.getSubLayerProps(props));
  }
}
