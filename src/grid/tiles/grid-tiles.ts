/**
 * The tile mode of `<city-grid-layer>`: the shown level's units come from vector tiles
 * (`tiles="…/{z}/{x}/{y}.pbf"`, or one PMTiles archive `tiles="….pmtiles"`), the hierarchy from the light unit index (`units` / `units-src`,
 * made a grid index of unit boxes by `unitRowsCollection`). This controller fetches and keeps
 * the tiles, reports bad ones, hands the metrics the tiles carry to the units (taken once the
 * view's tiles have all loaded, so a level's classes come from its whole first view), picks on
 * the CPU from the loaded tiles, and builds the deck layer. Drill, values, colours, legend,
 * selection and the scope stay the element's, as in the GeoJSON mode.
 */
import type { Layer } from '@deck.gl/core';
import { attributeIssue, isUnset } from '../../core/attributes';
import type { ValidationIssue } from '../../core/validation';
import type { GridCheckedInput } from '../model/attributes';
import type { GridIndex, LonLatTransform } from '../model/hierarchy';
import type { GridLevel } from '../model/levels';
import type { GridScene } from '../model/scene';
import { isUnitRows, unitIssuePath, unitRowsCollection } from '../model/unit-rows';
import { GridTileLayer, type GridTileLayerProps } from '../view/grid-tile-layer';
import { isPmtiles, isTileTemplate, pmtilesReader, templateReader, TileSource, type TileReader } from './tile-source';
import { unitAtInTile } from './tile-units';

export const DEFAULT_TILES_MAX_ZOOM = 14;

/**
 * `tiles`: a URL template with `{z}`, `{x}`, `{y}`, or a PMTiles archive (`….pmtiles`,
 * `pmtiles://…`). Anything else is reported and fetches nothing; the grid then shows no units.
 */
export const tilesReader = (issues: ValidationIssue[], value: unknown): string | undefined => {
  if (isUnset(value)) return undefined;
  if (typeof value === 'string' && (isTileTemplate(value) || isPmtiles(value))) return value;
  issues.push(attributeIssue('tiles', value, 'a URL template with {z}, {x}, {y}, or a .pmtiles archive'));
  return undefined;
};

/** `tiles-max-zoom`: the deepest zoom the tiles exist for (deeper views over-zoom them), 0–24; unset: the archive's, else 14. */
export const tilesMaxZoomReader = (issues: ValidationIssue[], value: unknown): number => {
  if (isUnset(value)) return DEFAULT_TILES_MAX_ZOOM;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 24) return value;
  issues.push(attributeIssue('tiles-max-zoom', value, 'an integer 0–24'));
  return DEFAULT_TILES_MAX_ZOOM;
};

export interface GridTilesHost {
  readonly scene: GridScene;
  requestInit(): RequestInit | undefined;
  /** Every tile problem so far (none: clear the report). */
  reportTiles(issues: ValidationIssue[], total: number): void;
  /** Tiles brought units' metrics: values from the metric must be read again. */
  tileValuesArrived(): void;
  /** The view's tiles loaded (without new metrics): the layer is built again (labels). */
  tilesLoaded(): void;
  /** The unit index holds only the opened part of the hierarchy (the index on demand): tile ids it lacks are no error. */
  partialIndex?(): boolean;
}

/** The deck layer's props that the element decides (the rest are the controller's). */
export type GridTileLook = Pick<GridTileLayerProps, 'colors' | 'colorVersion' | 'values' | 'hoverUnit' | 'selectedUnit' | 'focusUnit' | 'style'> & {
  id: string;
  /** The page's `tiles-max-zoom`; null: the source's deepest zoom, else the default. */
  maxZoom: number | null;
  showLabels: boolean;
};

export class GridTiles {
  private readonly source: TileSource;
  private shown = new Uint8Array(0);
  private shownVersion = 0;
  private shownFor: Int32Array | null = null;
  private tiles = '';
  private reader: TileReader | null = null;
  /** The deepest zoom the reader's archive has (null: a template, or it does not say); undefined until known. */
  private sourceMaxZoom: number | null | undefined;
  /** Settles when the source's zoom range is known (the layer waits for it). */
  ready: Promise<void> = Promise.resolve();
  /** Metrics merged into the units since values were last read. */
  private fresh = false;
  /** Counts the times tiles brought values (so a wait for the drawn picture knows to wait once more). */
  valueArrivals = 0;
  /** Counts the views whose tiles all loaded (labels are placed from loaded tiles). */
  private viewsLoaded = 0;

  constructor(private readonly host: GridTilesHost) {
    this.source = new TileSource(
      (id) => host.scene.index?.indexOf(id) ?? -1,
      (issues, total) => host.reportTiles(issues, total),
      () => !!host.partialIndex?.(),
    );
  }

  /**
   * The unit index input as the grid validation reads it: rows become features of their boxes
   * (a FeatureCollection, or any input outside tile mode, passes as it is). `fixIssue` points the
   * validation's issues at the rows.
   */
  units(raw: unknown, tileMode: boolean, rowPath?: (i: number) => string): { collection: unknown; issues: ValidationIssue[]; fixIssue: (issue: ValidationIssue) => ValidationIssue } {
    if (!tileMode || !isUnitRows(raw)) return { collection: raw, issues: [], fixIssue: (issue) => issue };
    const { collection, issues, sources } = unitRowsCollection(raw, rowPath);
    return { collection, issues, fixIssue: (issue) => unitIssuePath(issue, sources, rowPath) };
  }

  /**
   * What the grid's data checks read: in tile mode the metric names tile properties, which the
   * unit index does not hold, so it is not checked against the units (as when `values` are set).
   * A unit the index on demand is fetching (`pending`) is checked once it has come.
   */
  checkedInput<T extends GridCheckedInput>(input: T, tiles: string | undefined, pending: (id: string | undefined) => boolean = () => false): GridCheckedInput {
    if (!tiles) return input;
    const { scale, thresholds, domain, palette, classes, level, metric, values } = input;
    const [focusId, selected] = [input.focusId, input.selected].map((id) => (typeof id === 'string' && pending(id) ? undefined : id));
    return { scale, thresholds, domain, palette, classes, level, focusId, selected, metric, values: values ?? tiles };
  }

  /** New tiles (a template or an archive), unit index or CRS (`transform`: data → display, as the index was built): every tile is fetched again. */
  reset(tiles: string, transform: LonLatTransform | null): void {
    // The same archive is read on (its header once), unless it could not be read.
    const unreadable = !!this.reader?.deepestZoom && this.sourceMaxZoom === null;
    if (tiles !== this.tiles || !this.reader || unreadable) this.open(tiles);
    this.source.clear(transform);
    this.shownFor = null;
  }

  /**
   * The unit index grew (the index on demand brought rows; same tiles and CRS): the loaded tiles
   * are kept and linked to the units again (a tile's features of units that just came are drawn),
   * nothing is fetched again.
   */
  relink(): void {
    this.source.relink();
    this.shownFor = null;
  }

  /** A reader for `tiles`, and its zoom range asked for once. */
  private open(tiles: string): void {
    const init = () => this.host.requestInit();
    const reader = isTileTemplate(tiles) ? templateReader(tiles, init) : isPmtiles(tiles) ? pmtilesReader(tiles, init) : null;
    this.tiles = tiles;
    this.reader = reader;
    const deepest = reader?.deepestZoom?.();
    this.sourceMaxZoom = deepest ? undefined : null;
    this.ready = deepest
      ? deepest.then((zoom) => {
          if (this.reader !== reader) return;
          this.sourceMaxZoom = zoom;
          this.host.tilesLoaded();
        })
      : Promise.resolve();
  }

  /** The shown unit at (x, y) from the loaded tiles of the shown level; -1 for none. */
  unitAt(x: number, y: number, zoom: number): number {
    const { drill } = this.host.scene;
    if (!drill) return -1;
    this.updateShown();
    for (const tile of this.source.tilesAt(drill.level, x, y, Math.round(zoom))) {
      const unit = unitAtInTile(tile, this.shown, x, y);
      if (unit >= 0) return unit;
    }
    return -1;
  }

  layer(look: GridTileLook): Layer | null {
    const { index, drill, bounds } = this.host.scene;
    const reader = this.reader;
    if (!index || !drill || !reader || this.sourceMaxZoom === undefined) return null;
    this.updateShown();
    const level = drill.level;
    const { showLabels, maxZoom, ...props } = look;
    return new GridTileLayer({
      ...props,
      maxZoom: maxZoom ?? this.sourceMaxZoom ?? DEFAULT_TILES_MAX_ZOOM,
      index,
      tilesVersion: this.viewsLoaded,
      labelPoint: showLabels ? (unit) => this.labelPoint(level, unit) : null,
      // A grown index asks the deck layer for its tiles again: from the kept tiles, linked anew.
      tileKey: `${level}|${reader.source}|${this.source.linkVersion}`,
      getTile: async (tile, signal) => {
        const units = await this.source.load(reader, level, tile, signal);
        if (units?.properties.size) this.merge(index, units.properties);
        return units;
      },
      extent: bounds,
      minZoom: 0,
      shown: this.shown,
      shownUnits: this.host.scene.visible,
      shownVersion: this.shownVersion,
      onViewportLoad: () => {
        this.viewsLoaded++;
        if (!this.fresh) return this.host.tilesLoaded();
        this.fresh = false;
        this.valueArrivals++;
        this.host.tileValuesArrived();
      },
    } as GridTileLayerProps & { id: string });
  }

  /** The middle of a unit's box when it lies inside the unit in a loaded tile (else no label: the box of an odd shape may miss it). */
  private labelPoint(level: GridLevel, unit: number): [number, number] | null {
    const labels = this.host.scene.index?.labels;
    if (!labels) return null;
    const x = labels[unit * 2];
    const y = labels[unit * 2 + 1];
    const tile = this.source.tilesAt(level, x, y, Infinity)[0];
    return tile && unitAtInTile(tile, this.shown, x, y) === unit ? [x, y] : null;
  }

  /** 1 per shown unit, rebuilt when other units are shown. */
  private updateShown(): void {
    const { index, visible } = this.host.scene;
    if (!index || visible === this.shownFor) return;
    this.shown = new Uint8Array(index.size);
    for (const u of visible) this.shown[u] = 1;
    this.shownFor = visible;
    this.shownVersion++;
  }

  /** A tile's unit properties into the units' features (the metrics values are read from). */
  private merge(index: GridIndex, properties: Map<number, Record<string, unknown>>): void {
    for (const [unit, props] of properties) {
      const target = index.features[unit]?.properties as Record<string, unknown> | null;
      if (!target) continue;
      for (const key of Object.keys(props)) {
        // The index's own fields stay; `__proto__` would be no key of a plain feature's properties.
        if (key === 'id' || key === 'parent' || key === 'level' || key === '__proto__' || target[key] === props[key]) continue;
        target[key] = props[key];
        this.fresh = true;
      }
    }
  }
}
