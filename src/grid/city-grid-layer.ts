import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Feature } from 'geojson';
import { attributeReaders, isUnset } from '../core/attributes';
import type { ScaleType } from '../core/color';
import { numberConverter } from '../core/converters';
import { crsTransform, type Crs } from '../core/crs';
import type { Theme } from '../core/theme';
import type { MapPoint } from '../map/map-context';
import { MapLayerElement } from '../map/map-layer-element';
import { legendStyles, type LegendModel } from '../ui/legend';
import { renderTooltip, tooltipStyles } from '../ui/tooltip';
import { STYLES, gridLayerStyles } from './city-grid-layer.styles';
import { DEFAULT_CLASSES, DEFAULT_FILL_OPACITY, GridChecks, gridAttributeReaders, gridReaders } from './model/attributes';
import { drillTarget, drillTrail, type Bounds, type DrillTarget } from './model/drill';
import type { GridIndex, LonLatTransform } from './model/hierarchy';
import type { GridLevel } from './model/levels';
import type { PerLevel } from './model/scales';
import { GridScene } from './model/scene';
import { renderBreadcrumb } from './view/breadcrumb';
import { GridLayer, type GridPickingInfo } from './view/grid-layer';
import { recolorGrid, renderGridLegend } from './view/legend';
import { metricName, type GridText } from './view/text';
import { gridTooltip } from './view/tooltip';
import { renderUnitList } from './view/unit-list';
import { GridInteraction } from './grid-interaction';
import { GridNavigation } from './grid-navigation';
import { GridScopeFollower } from './grid-scope';
import { GridTiles, tilesMaxZoomReader, tilesReader } from './tiles/grid-tiles';
import { GridUnitDemand } from './tiles/grid-unit-demand';
import type { GridStringKey } from './strings';
import './strings';

/** The shown level changed: `id` is the unit whose children are now shown (null at the top), `path` the ids down to it. */
export type CityGridDrillDetail = DrillTarget;

export interface CityGridSelectDetail {
  /** Null when the selection was cleared. */
  id: string | null;
  level: GridLevel | null;
  feature: Feature | null;
  /** The unit's current metric value; null for no data. */
  value: number | null;
}

declare global {
  interface CityEventMap {
    'city-grid-drill': CityGridDrillDetail;
    'city-grid-select': CityGridSelectDetail;
  }
  interface HTMLElementTagNameMap {
    'city-grid-layer': CityGridLayer;
  }
}

/**
 * Management grids as a drill-down choropleth inside `<city-map>`: one level at a time
 * (district → street → community → grid → micro-grid), coloured by a metric with fixed
 * per-level classes, with breadcrumb, legend, tooltip and keyboard access.
 *
 * Inside a `<city-scope>` the grid offers the scope its unit hierarchy, and its selection is the
 * scope's `unit`: a click (or Enter, Space, Escape on the map or in the unit list) writes it to the
 * scope, and a change of the scope's unit from elsewhere selects that unit and drills to it, as a
 * click would (null: nothing selected, the top level), without `city-grid-*` events. The scope
 * wins: a `selected` set on the grid returns to the scope's unit, and `level` / `focus-id` hold
 * only until the scope's unit changes. Going up (breadcrumb, Backspace) moves the view, not the
 * selection. A unit the grid lacks shows its nearest ancestor the grid has.
 *
 * Beyond what a browser holds, `tiles` (a vector-tile URL template, or one PMTiles archive)
 * draws the shown level from tiles, and `units` / `units-src` (id, parent, name, level, bbox) give the hierarchy: drill,
 * fit, breadcrumb, list, tooltip, selection and scope work from that index; `values` recolour
 * the loaded tiles, and a `metric` reads the tiles' properties once the view's tiles have loaded.
 *
 * @tagname city-grid-layer
 * @summary Drill-down management-grid choropleth (child of `<city-map>`).
 * @fires {CustomEvent<CityGridDrillDetail>} city-grid-drill - The user changed the shown level; `{id, level, path}`: the unit whose children are shown (null at the top), the level, the ids down to it. Cancelable: `preventDefault()` keeps the current level.
 * @fires {CustomEvent<CityGridSelectDetail>} city-grid-select - A unit was selected (click, Enter, Space) or the selection cleared (Escape, then every field is null); `{id, level, feature, value}`.
 * @fires {CustomEvent<CityErrorDetail>} city-error - Invalid features, units or values (the valid ones are still drawn; unusable `data` / `values` keep what was shown), tiles that failed (`tiles[z/x/y]`; a PMTiles archive that cannot be read: `tiles`) or hold bad features (`tiles[z/x/y].features[i]`; the rest is drawn), and bad attribute values (severity `warning`, the default used); `{code, message, severity, issues}`.
 * @fires {CustomEvent<CityProgressDetail>} city-progress - Loading `src` / `units-src`; `{done, total}`.
 * @csspart breadcrumb - The level navigation (top left, below the boxes the map's earlier layers put there).
 * @csspart legend - Classes with unit counts, and "no data" (bottom left, beside or above the boxes the map's earlier layers put there).
 * @csspart tooltip - Name, level, value and rank of the hovered unit.
 * @csspart units - The keyboard list of the shown units (visually hidden).
 * @csspart error - The data problems panel.
 * @csspart progress - The loading bar.
 */
export class CityGridLayer extends MapLayerElement<GridStringKey> {
  static override styles = [...MapLayerElement.styles, legendStyles, tooltipStyles, gridLayerStyles];
  static override attributeReaders = attributeReaders(MapLayerElement.attributeReaders, gridAttributeReaders, { tiles: tilesReader, tilesMaxZoom: tilesMaxZoomReader });

  /** URL of the grid GeoJSON (fetched; aborted when it changes). */
  @property() src?: string;
  /** The grid FeatureCollection (instead of `src`). */
  @property({ attribute: false }) data?: unknown;
  /**
   * Vector tiles of the units instead of GeoJSON: a URL template (`…/{z}/{x}/{y}.pbf`; `{level}`,
   * else `level=` in the query, asks for the shown level), or one PMTiles archive (`….pmtiles` or
   * `pmtiles://…`, read by range requests; each level a layer named after it). The hierarchy
   * comes from `units` / `units-src`.
   */
  @property() tiles?: string;
  /**
   * URL of the unit index beside `tiles`: `[{id, parent, name, level, bbox}]` (fetched as `src` is),
   * or, for an index too large to load whole, a template with `{parent}` (a unit's children; empty:
   * the top) and `{id}` (a unit and its ancestors), asked as the view needs them.
   */
  @property({ attribute: 'units-src' }) unitsSrc?: string;
  /** The unit index beside `tiles` (instead of `units-src`). */
  @property({ attribute: false }) units?: unknown;
  /** The deepest zoom the tiles exist for (deeper views over-zoom them); default: a PMTiles archive's own, else 14. */
  @property({ converter: numberConverter, attribute: 'tiles-max-zoom' }) tilesMaxZoom?: number | string;
  /**
   * Metric values kept apart from the geometry: `{id: number}`, `[{id, value}]` or columns
   * `{ids, values}` (the fastest to read; `values` may be a typed array, NaN for no data). When set, it
   * is the only source of values (`metric` then only names them); refreshing it recolours without
   * touching geometry, drill state or selection.
   */
  @property({ attribute: false }) values?: unknown;
  /** The feature property to colour by (e.g. `events`, `population`, `riskIndex`). */
  @property() metric?: string;
  /** Legend title; defaults to the metric's localized name. */
  @property({ attribute: 'metric-label' }) metricLabel?: string;
  /** Unit of the values shown in the legend and tooltip (e.g. `件`, `人`). */
  @property() unit?: string;
  /** CRS of the data (`wgs84` | `gcj02` | `bd09`); converted into the map's CRS at ingest. */
  @property() crs: Crs = 'wgs84';
  /** The level shown; defaults to the top level present. */
  @property({ reflect: true }) level?: GridLevel;
  /** The unit whose descendants are shown (drill-down state); absent at the top. */
  @property({ attribute: 'focus-id', reflect: true }) focusId?: string;
  /** Id of the selected unit (inside a `<city-scope>`: the scope's unit). */
  @property({ reflect: true }) selected?: string;
  /** Classification: `quantize` (equal intervals) | `quantile` | `threshold`. */
  @property() scale: ScaleType = 'quantize';
  /** Class breaks for `threshold`: `"10,50,100"`, or per level as JSON / object. */
  @property() thresholds?: PerLevel<number[]> | string;
  /** Fixed domain (`"0,100"` or per level); by default each level's values when first seen. */
  @property() domain?: PerLevel<number[]> | string;
  /** d3 scheme name (`YlOrRd`, `Blues`, `Viridis`…) or a list of CSS colours (`"#fee,#fc9,#e31a1c"` or an array). */
  @property() palette: string | string[] = 'YlOrRd';
  /** Number of classes for quantize / quantile (1–12). Text that is no number is kept as written, reported and replaced by 5. */
  @property({ converter: numberConverter }) classes: number | string = DEFAULT_CLASSES;
  /** `auto`: unit names where they fit; `none`: no labels. */
  @property() labels: 'auto' | 'none' = 'auto';
  /** Drilling does not move the map. */
  @property({ type: Boolean, attribute: 'static-view' }) staticView = false;
  /** Opacity of the fills, 0–1. */
  @property({ converter: numberConverter, attribute: 'fill-opacity' }) fillOpacity: number | string = DEFAULT_FILL_OPACITY;

  protected override overlayParts = ['breadcrumb', 'legend'];
  protected override cornerParts = { 'top-left': 'breadcrumb', 'bottom-left': 'legend' };

  /** What is shown: units, values, drill state, colours. */
  private readonly scene = new GridScene();
  private readonly tileMode = new GridTiles({
    scene: this.scene,
    reportTiles: (issues, total) => this.reportIssues('tiles', issues, total),
    tileValuesArrived: () => {
      this.needs.values = true;
      this.requestUpdate();
    },
    tilesLoaded: () => this.requestUpdate(),
    requestInit: () => this.requestInit,
    partialIndex: () => this.unitDemand.active,
  });
  /** The unit index on demand (`units-src` with `{parent}`): rows come as the view needs them. */
  private readonly unitDemand = new GridUnitDemand(this, {
    requestInit: () => this.requestInit,
    grew: (rows) => this.ingest(rows, true),
    report: (issues) => this.reportIssues('units', issues),
    resumed: () => {
      this.unitDemand.want(this.selected, 'selected');
      this.needs.drill = true;
      this.requestUpdate();
    },
  });
  private readonly interaction = new GridInteraction(this, {
    scene: this.scene,
    unitAt: (x, y, zoom) => (this.tiles ? this.tileMode.unitAt(x, y, zoom) : this.scene.unitAt(x, y)),
    project: (lonLat) => this.map?.deck?.getViewports()[0]?.project(lonLat) ?? null,
    activate: (unit) => this.navigation.activate(unit),
    select: (unit) => this.navigation.select(unit),
    up: () => this.navigation.up(),
    inputs: () => ({ level: this.level, focusId: this.focusId, selected: this.selected }),
    restore: (inputs) => {
      ({ level: this.level, focusId: this.focusId, selected: this.selected } = inputs);
      this.scope.write(this.selected ?? null);
      this.navigation.apply();
    },
  });
  private readonly scope = new GridScopeFollower(this, (id) => this.unitDemand.want(id, 'scope'));
  private readonly navigation = new GridNavigation(this, {
    scene: this.scene,
    shown: () => {
      this.needs.colors = true;
      this.interaction.reset();
    },
    fit: (bounds) => this.map?.fitBounds(bounds, { padding: 48 }),
    writeScope: (id) => this.scope.write(id),
    waits: (focusId) => this.unitDemand.waits(focusId),
    opens: (id) => this.unitDemand.opens(id),
    grown: () => this.grown,
  });
  private readonly source = this.createDataSource('grid', (value) => this.ingest(value));
  private rawData: unknown;
  private goodData: unknown;
  /** The data is the last data with more units of the index on demand (not new data). */
  private grown = false;
  /** The display CRS and the data CRS the index was built for. */
  private indexCrs: Crs | null = null;
  private indexSourceCrs: Crs | null = null;
  private indexTransform: LonLatTransform | null = null;
  private readonly checks = new GridChecks();
  private legendModel: LegendModel = { entries: [] };
  private colorTheme: Theme | null = null;
  private needs = { ingest: false, values: false, drill: false, colors: false };

  // ---- Read-only results ------------------------------------------------------------------

  /** The hierarchy index of the valid units (null before data). */
  get hierarchy(): GridIndex | null {
    return this.scene.index;
  }

  /** Ids of the units shown now. */
  get visibleIds(): string[] {
    const index = this.scene.index;
    return index ? Array.from(this.scene.visible, (u) => index.ids[u]) : [];
  }

  /** The legend as shown: classes with colours and unit counts, and "no data". */
  get legend(): LegendModel {
    return this.legendModel;
  }

  /** A unit's current metric value (null for no data or unknown id). */
  valueFor(id: string): number | null {
    return this.scene.valueOf(this.scene.unitOf(id));
  }

  /**
   * Resolves when the current inputs (`src` / `data`, `values`, attributes) are loaded, validated,
   * packed and drawn by the map. Outside a map it resolves once they are processed.
   */
  async rendered(): Promise<void> {
    for (;;) {
      await this.source.settled(); // `src` / `units-src`, also a request made again on reconnect
      await this.tileMode.ready;
      await this.unitDemand.settled();
      await this.updateComplete;
      if (this.source.state === 'loading' || this.isUpdatePending || this.unitDemand.busy) continue;
      const arrivals = this.tileMode.valueArrivals;
      await this.map?.rendered();
      // Tiles that finished loading in that frame brought values: their colours are drawn next.
      if (arrivals === this.tileMode.valueArrivals) break;
    }
  }

  // ---- The map's side ---------------------------------------------------------------------

  /** Extent of the units shown now (so a map opened on a focus fits that focus). */
  get dataBounds(): Bounds | null {
    return this.scene.bounds;
  }

  get deckLayers(): readonly Layer[] {
    const { index, drill, coloring, visible } = this.scene;
    if (!index || !drill || !coloring || this.hidden) return [];
    const look = {
      id: this.layerId,
      colors: coloring.colors,
      colorVersion: coloring.version,
      hoverUnit: this.interaction.hover?.unit ?? -1,
      selectedUnit: this.scene.unitOf(this.selected),
      focusUnit: drill.focus ?? -1,
      style: { ...STYLES[this.colorTheme ?? this.effectiveTheme], fillOpacity: gridReaders.fillOpacity([], this.fillOpacity) },
    };
    const showLabels = gridReaders.labels([], this.labels) !== 'none';
    if (this.tiles) return [this.tileMode.layer({ ...look, showLabels, values: this.scene.values, maxZoom: isUnset(this.tilesMaxZoom) ? null : tilesMaxZoomReader([], this.tilesMaxZoom) })].filter((layer) => layer !== null);
    return [new GridLayer({ ...look, index, pack: coloring.pack(drill, visible), noDataPack: coloring.noDataPack, showLabels })];
  }

  /** @internal The unit under the pointer, picked on the CPU (the grid's deck layer is not GPU-pickable). */
  pickAt(point: MapPoint): GridPickingInfo | null {
    return this.hidden ? null : this.interaction.pickAt(point);
  }

  handleHover(info: PickingInfo | null): void {
    this.interaction.pointer(info);
  }

  handleClick(info: PickingInfo): void {
    this.interaction.click(info);
  }

  handleDoubleClick(): boolean {
    return this.interaction.doubleClick();
  }

  handleKey(event: KeyboardEvent): boolean {
    return this.interaction.mapKey(event.key, this.selected);
  }

  // ---- Lifecycle ----------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A `units-src` template asks for units as the view needs them instead of loading the index whole.
    if (changed.has('src') || changed.has('unitsSrc')) void this.source.load(this.unitDemand.reset(this.unitsSrc) ? undefined : (this.unitsSrc ?? this.src), this.requestInit);
    if (changed.has('selected')) this.unitDemand.want(this.selected, 'selected');
    if (changed.has('data') && this.data !== undefined) this.ingest(this.data);
    if (changed.has('units') && this.units !== undefined) this.ingest(this.units);
    if (changed.has('tiles')) this.tileMode.reset(this.tiles ?? '', this.indexTransform);
    // Data in another CRS, or a map (a new one, or its basemap switched) in another display CRS: project again.
    const otherDisplayCrs = this.map && this.indexCrs !== this.map.crs;
    if (this.scene.index && (otherDisplayCrs || this.indexSourceCrs !== gridReaders.crs([], this.crs))) this.needs.ingest = true;
    const rebuilt = this.needs.ingest && this.rawData !== undefined && this.buildIndex();
    // The scope around the grid gets its hierarchy; its unit is the selection (and drill).
    if (this.scope.apply(this, this.scene.index, this.indexCrs ?? 'wgs84', !this.tiles, this.grown, this.unitDemand.active)) this.needs.drill = true;
    const issues = this.checks.update(this.tileMode.checkedInput(this, this.tiles, (id) => this.unitDemand.pending(id)), (name) => (changed as PropertyValues).has(name), this.scene.index, rebuilt);
    if (issues) this.reportAttributeIssues(issues);
    const { coloring } = this.scene;
    if (!coloring) return;
    if (this.needs.values || changed.has('values') || changed.has('metric')) this.computeValues();
    if (coloring.setScaleOptions(this.checks.scaleOptions, this.metric)) {
      this.clearProblem('scale');
      this.needs.colors = true;
    }
    if (this.needs.drill || changed.has('level') || changed.has('focusId')) {
      this.needs.drill = false;
      this.navigation.apply(changed.has('focusId') && !changed.has('level'), changed.has('level') && !changed.has('focusId'));
    }
    const textChanged = ['locale', 'metricLabel', 'unit'].some((name) => (changed as PropertyValues).has(name));
    // Read once per update: each read asks the page's media query again.
    const theme = this.effectiveTheme;
    if (this.needs.colors || textChanged || this.colorTheme !== theme) this.recolor(theme);
  }

  // ---- Model wiring -------------------------------------------------------------------------

  private ingest(raw: unknown, grown = false): void {
    this.rawData = raw;
    this.grown = grown;
    this.needs.ingest = true;
    this.requestUpdate();
  }

  /** Validates and indexes the data; false when nothing in it was usable (the units shown are kept). */
  private buildIndex(): boolean {
    this.needs.ingest = false;
    const target = this.map?.crs ?? 'wgs84';
    const crs = gridReaders.crs([], this.crs);
    const input = this.tileMode.units(this.rawData, !!this.tiles, this.unitDemand.rowPath);
    const transform = crs !== target ? crsTransform(crs, target) : null;
    // More rows of the index on demand, projected as before: the loaded tiles are linked again, not fetched again.
    const relink = this.grown && this.indexCrs === target && this.indexSourceCrs === crs;
    const result = this.scene.load(input.collection, transform);
    if (result.unreadable) this.reportProblem('data', 'invalid-data', [{ path: '', message: result.unreadable, severity: 'error' }]);
    else this.reportIssues('data', [...input.issues, ...result.issues.map(input.fixIssue)], result.total + input.issues.length);
    if (!result.loaded) {
      this.rawData = this.goodData;
      return false;
    }
    this.goodData = this.rawData;
    this.indexCrs = target;
    this.indexSourceCrs = crs;
    this.indexTransform = transform;
    if (relink) this.tileMode.relink();
    else this.tileMode.reset(this.tiles ?? '', transform);
    this.interaction.reset();
    this.needs = { ingest: false, values: true, drill: true, colors: true };
    return true;
  }

  private computeValues(): void {
    this.needs.values = false;
    const result = this.scene.setValues(this.values, this.metric);
    this.reportIssues('values', result.valueIssues, result.valueTotal);
    this.reportIssues('metric', result.metricIssues, result.metricTotal);
    this.needs.colors = true;
  }

  /** Colours of the shown units and the legend. */
  private recolor(theme: Theme): void {
    this.needs.colors = false;
    this.colorTheme = theme;
    const { legend, scaleError } = recolorGrid(this.scene, Array.from(STYLES[theme].noDataBackground), this.text);
    if (scaleError) this.reportIssues('scale', [{ path: 'palette', message: scaleError, severity: 'warning' }]);
    this.legendModel = legend;
  }

  /** What the overlays need to write values: translator, language, metric name, unit. */
  private get text(): GridText {
    const metric = gridReaders.metricLabel([], this.metricLabel) || metricName(this.translateAny, (key) => this.optionalString(key), this.metric, this.values != null);
    return { t: this.translateAny, locale: this.locale, metric, unit: gridReaders.unit([], this.unit) };
  }

  // ---- Rendering ----------------------------------------------------------------------------

  protected override render() {
    const { index, drill, visible, values } = this.scene;
    const host = this.map as unknown as HTMLElement | undefined;
    const size = { width: host?.clientWidth ?? this.clientWidth, height: host?.clientHeight ?? this.clientHeight };
    if (!index || !drill) return html`${this.renderStatus()}`;
    const { hover, active } = this.interaction;
    const text = this.text;
    // Ranked only when someone uses the list (or the list is small): sorting 100k units on
    // every refresh of the values would cost more than the recolour itself.
    const order = active >= 0 || visible.length <= 5000 ? this.scene.order() : visible;
    const list = { index, values, order, active, selected: this.scene.unitOf(this.selected), idPrefix: this.layerId, level: drill.level, text };
    return html`
      ${renderBreadcrumb(index, drillTrail(index, drill), this.translateAny, (unit) => this.navigation.go(drillTarget(index, unit)))}
      ${renderGridLegend(this.legendModel, text)}
      ${visible.length ? renderUnitList({ ...list, onFocus: this.interaction.onFocus, onBlur: this.interaction.onBlur, onKeydown: this.interaction.onKeydown }) : nothing}
      ${renderTooltip(hover && gridTooltip(index, values, hover.unit, hover, text), size)} ${this.renderStatus()}
    `;
  }
}
