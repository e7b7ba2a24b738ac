import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Feature } from 'geojson';
import { attributeReaders } from '../core/attributes';
import type { ScaleType } from '../core/color';
import { numberConverter } from '../core/converters';
import { crsTransform, type Crs } from '../core/crs';
import { emit } from '../core/events';
import type { Theme } from '../core/theme';
import type { ValidationIssue } from '../core/validation';
import type { CityMapApi } from '../map/map-context';
import { MapLayerElement } from '../map/map-layer-element';
import { legendStyles, type LegendModel } from '../ui/legend';
import { renderTooltip, tooltipStyles } from '../ui/tooltip';
import { STYLES, gridLayerStyles } from './city-grid-layer.styles';
import { DEFAULT_CLASSES, DEFAULT_FILL_OPACITY, checkDataAttribute, gridAttributeReaders, gridReaders, gridScaleSettings } from './model/attributes';
import { GridColoring } from './model/coloring';
import { ClickUndo, drillTarget, drillTrail, rankByValue, resolveDrill, sameDrill, unitsBounds, upTarget, type Bounds, type DrillTarget } from './model/drill';
import { GridIndex, type DrillState } from './model/hierarchy';
import type { GridLevel } from './model/levels';
import type { GridScaleOptions, PerLevel } from './model/scales';
import { validateGridCollection } from './model/validate';
import { resolveValues } from './model/values';
import { renderBreadcrumb } from './view/breadcrumb';
import { GridLayer, type GridPickingInfo } from './view/grid-layer';
import { gridLegend, renderGridLegend } from './view/legend';
import type { GridText } from './view/text';
import { gridTooltip } from './view/tooltip';
import { listAction, renderUnitList } from './view/unit-list';
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

/** The drill inputs a double-click restores. */
type DrillInputs = Pick<CityGridLayer, 'level' | 'focusId' | 'selected'>;

const DATA_ATTRIBUTES = [['level', 'level'], ['focusId', 'focus-id'], ['selected', 'selected'], ['metric', 'metric']] as const;
const SCALE_PROPERTIES = ['scale', 'thresholds', 'domain', 'palette', 'classes'] as const;

/**
 * Management grids as a drill-down choropleth inside `<city-map>`: one level at a time
 * (district → street → community → grid → micro-grid), coloured by a metric with fixed
 * per-level classes, with breadcrumb, legend, tooltip and keyboard access.
 *
 * @tagname city-grid-layer
 * @summary Drill-down management-grid choropleth (child of `<city-map>`).
 * @fires {CustomEvent<CityGridDrillDetail>} city-grid-drill - The user changed the shown level; `{id, level, path}`: the unit whose children are shown (null at the top), the level, the ids down to it. Cancelable: `preventDefault()` keeps the current level.
 * @fires {CustomEvent<CityGridSelectDetail>} city-grid-select - A unit was selected (click, Enter, Space) or the selection cleared (Escape, then every field is null); `{id, level, feature, value}`.
 * @fires {CustomEvent<CityErrorDetail>} city-error - Invalid features or values (the valid ones are still drawn; unusable `data` / `values` keep what was shown), and bad attribute values (severity `warning`, the default used); `{code, message, severity, issues}`.
 * @fires {CustomEvent<CityProgressDetail>} city-progress - Loading `src`; `{done, total}`.
 * @csspart breadcrumb - The level navigation (top left; stacks below other layers' boxes there).
 * @csspart legend - Classes with unit counts, and "no data" (bottom left; stacks above other layers' boxes there).
 * @csspart tooltip - Name, level, value and rank of the hovered unit.
 * @csspart units - The keyboard list of the shown units (visually hidden).
 * @csspart error - The data problems panel.
 * @csspart progress - The loading bar.
 */
export class CityGridLayer extends MapLayerElement<GridStringKey> {
  static override styles = [...MapLayerElement.styles, legendStyles, tooltipStyles, gridLayerStyles];
  static override attributeReaders = attributeReaders(MapLayerElement.attributeReaders, gridAttributeReaders);

  /** URL of the grid GeoJSON (fetched; aborted when it changes). */
  @property() src?: string;
  /** The grid FeatureCollection (instead of `src`). */
  @property({ attribute: false }) data?: unknown;
  /**
   * Metric values kept apart from the geometry: `{id: number}` or `[{id, value}]`. When set, it
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
  /** Id of the selected unit. */
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

  /** The hovered unit and where to show its tooltip (the pointer, or its label point from the keyboard). */
  @state() private hover: { unit: number; x: number; y: number } | null = null;
  /** Position of the active option in the unit list; -1 for none. */
  @state() private activeOption = -1;
  @state() private revision = 0;

  private readonly source = this.createDataSource('grid', (value) => this.ingest(value));
  /** The `src` request in flight (settles, never rejects). */
  private loading: Promise<void> = Promise.resolve();
  private rawData: unknown;
  private goodData: unknown;
  private index: GridIndex | null = null;
  private coloring: GridColoring | null = null;
  /** The display CRS and the data CRS the index was built for. */
  private indexCrs: Crs | null = null;
  private indexSourceCrs: Crs | null = null;
  private scaleOptions: GridScaleOptions = gridScaleSettings({}).options;
  private scaleIssues: ValidationIssue[] = [];
  private readonly dataIssues = new Map<string, ValidationIssue[]>();
  private dataChecksPending = false;
  /** The last `values` input that was accepted (null: the metric): shown again when a new one is rejected. */
  private goodValues: unknown = null;
  private valueArray: Float64Array = new Float64Array(0);
  private drill: DrillState | null = null;
  private visible: Int32Array = new Int32Array(0);
  private visibleBounds: Bounds | null = null;
  /** The shown units by value (the unit list's order); computed when first needed after a recolour. */
  private ranked: Int32Array | null = null;
  private legendModel: LegendModel = { entries: [] };
  private colorTheme: Theme | null = null;
  private needs = { ingest: false, values: false, drill: false, colors: false };
  private readonly clicks = new ClickUndo<DrillInputs>();
  private keyboardHover = false;

  // ---- Read-only results ------------------------------------------------------------------

  /** The hierarchy index of the valid units (null before data). */
  get hierarchy(): GridIndex | null {
    return this.index;
  }

  /** Ids of the units shown now. */
  get visibleIds(): string[] {
    const index = this.index;
    return index ? Array.from(this.visible, (u) => index.ids[u]) : [];
  }

  /** The legend as shown: classes with colours and unit counts, and "no data". */
  get legend(): LegendModel {
    return this.legendModel;
  }

  /** A unit's current metric value (null for no data or unknown id). */
  valueFor(id: string): number | null {
    const u = this.index?.indexOf(id) ?? -1;
    return u >= 0 && Number.isFinite(this.valueArray[u]) ? this.valueArray[u] : null;
  }

  /**
   * Resolves when the current inputs (`src` / `data`, `values`, attributes) are loaded, validated,
   * packed and drawn by the map. Outside a map it resolves once they are processed.
   */
  async rendered(): Promise<void> {
    for (;;) {
      const loading = this.loading;
      await loading;
      await this.updateComplete;
      if (loading === this.loading && !this.isUpdatePending) break;
    }
    await this.map?.rendered();
  }

  // ---- The map's side ---------------------------------------------------------------------

  /** Extent of the units shown now (so a map opened on a focus fits that focus). */
  get dataBounds(): Bounds | null {
    return this.visibleBounds;
  }

  get deckLayers(): readonly Layer[] {
    const { index, drill, coloring } = this;
    if (!index || !drill || !coloring || this.hidden) return [];
    const selected = this.selected != null ? index.indexOf(this.selected) : -1;
    const layer = new GridLayer({
      id: this.layerId,
      index,
      pack: coloring.pack(drill, this.visible),
      colors: coloring.colors,
      noDataPack: coloring.noDataPack,
      colorVersion: coloring.version,
      hoverUnit: this.hover?.unit ?? -1,
      selectedUnit: selected,
      focusUnit: drill.focus ?? -1,
      showLabels: gridReaders.labels([], this.labels) !== 'none',
      style: { ...STYLES[this.effectiveTheme], fillOpacity: gridReaders.fillOpacity([], this.fillOpacity) },
    });
    return [layer as unknown as Layer];
  }

  handleHover(info: PickingInfo | null): void {
    if (this.keyboardHover) return;
    const unit = (info as GridPickingInfo | null)?.unit ?? -1;
    this.hover = unit >= 0 ? { unit, x: info!.x, y: info!.y } : null;
  }

  handleClick(info: PickingInfo): void {
    const unit = (info as GridPickingInfo).unit ?? -1;
    if (unit < 0) return;
    this.clicks.click(performance.now(), { level: this.level, focusId: this.focusId, selected: this.selected });
    this.activate(unit);
  }

  handleDoubleClick(): boolean {
    if (!this.index || !this.drill) return false;
    // The clicks of a double-click already drilled: undo them, then go up from where it started.
    const before = this.clicks.take(performance.now());
    if (before) {
      Object.assign(this, before);
      this.applyDrill();
    }
    this.up();
    return true;
  }

  handleKey(event: KeyboardEvent): boolean {
    if (!this.index || !this.drill) return false;
    if (event.key === 'Backspace') return this.up();
    if (event.key === 'Enter') {
      const unit = this.hover?.unit ?? (this.selected != null ? this.index.indexOf(this.selected) : -1);
      if (unit >= 0 && this.visible.includes(unit)) {
        this.activate(unit);
        return true;
      }
    }
    if (event.key === 'Escape' && this.selected != null) {
      this.select(-1);
      return true;
    }
    return false;
  }

  // ---- Lifecycle ----------------------------------------------------------------------------

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.hover = null;
  }

  /** A map whose display CRS differs from the one the data was projected for: project it again. */
  protected override mapAttached(map: CityMapApi): void {
    if (this.index && this.indexCrs !== map.crs) this.needs.ingest = true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('src')) this.loading = this.source.load(this.src, this.requestInit);
    if (changed.has('data') && this.data !== undefined) this.ingest(this.data);
    let ownIssuesChanged = false;
    if (SCALE_PROPERTIES.some((name) => changed.has(name))) {
      ({ options: this.scaleOptions, issues: this.scaleIssues } = gridScaleSettings(this));
      ownIssuesChanged = true;
    }
    if (this.index && this.indexSourceCrs !== gridReaders.crs([], this.crs)) this.needs.ingest = true;
    const rebuilt = this.needs.ingest && this.rawData !== undefined && this.buildIndex();
    ownIssuesChanged = this.checkDataAttributes(changed, rebuilt) || ownIssuesChanged;
    if (ownIssuesChanged) this.reportAttributeIssues([...this.scaleIssues, ...[...this.dataIssues.values()].flat()]);
    const { index, coloring } = this;
    if (!index || !coloring) return;
    if (this.needs.values || changed.has('values') || changed.has('metric')) this.computeValues();
    if (coloring.setScaleOptions(this.scaleOptions, this.metric)) {
      this.clearProblem('scale');
      this.needs.colors = true;
    }
    if (this.needs.drill || changed.has('level') || changed.has('focusId')) {
      this.applyDrill(changed.has('focusId') && !changed.has('level'), changed.has('level') && !changed.has('focusId'));
    }
    const textChanged = ['locale', 'metricLabel', 'unit'].some((name) => (changed as PropertyValues).has(name));
    if (this.needs.colors || textChanged || this.colorTheme !== this.effectiveTheme) this.recolor();
  }

  // ---- Model wiring -------------------------------------------------------------------------

  private ingest(raw: unknown): void {
    this.rawData = raw;
    this.needs.ingest = true;
    this.requestUpdate();
  }

  /** Validates and indexes the data; false when nothing in it was usable (the units shown are kept). */
  private buildIndex(): boolean {
    const keep = () => {
      this.rawData = this.goodData;
      return false;
    };
    this.needs.ingest = false;
    const target = this.map?.crs ?? 'wgs84';
    const crs = gridReaders.crs([], this.crs);
    try {
      const validation = validateGridCollection(this.rawData);
      this.reportIssues('data', validation.issues, validation.total);
      if (validation.rejected && this.index?.size) return keep();
      this.index = new GridIndex(validation.units, crs !== target ? crsTransform(crs, target) : null);
    } catch (error) {
      // Only hostile objects get here (a getter that throws, a revoked Proxy): report, keep what was shown.
      const message = `the data could not be read: ${error instanceof Error ? error.message : String(error)}`;
      this.reportProblem('data', 'invalid-data', [{ path: '', message, severity: 'error' }]);
      return keep();
    }
    this.goodData = this.rawData;
    this.indexCrs = target;
    this.indexSourceCrs = crs;
    this.coloring = new GridColoring(this.index);
    this.hover = null;
    this.drill = null;
    this.needs = { ingest: false, values: true, drill: true, colors: true };
    return true;
  }

  /** `level`, `focus-id`, `selected`, `metric` name things in the data: checked when they or the data change. True when re-checked. */
  private checkDataAttributes(changed: PropertyValues, rebuilt: boolean): boolean {
    const index = this.index;
    if (!index) {
      this.dataChecksPending ||= DATA_ATTRIBUTES.some(([property]) => changed.has(property));
      return false;
    }
    const all = rebuilt || this.dataChecksPending;
    this.dataChecksPending = false;
    let checked = false;
    for (const [property, attribute] of DATA_ATTRIBUTES) {
      if (all || changed.has(property) || (property === 'metric' && changed.has('values'))) {
        this.dataIssues.set(attribute, checkDataAttribute(attribute, this[property], index, this.values != null));
        checked = true;
      }
    }
    return checked;
  }

  /** Values from `values` (a rejected input keeps the last good one) or the `metric` property. */
  private computeValues(): void {
    this.needs.values = false;
    const result = resolveValues(this.index!, this.values, this.goodValues, this.metric);
    this.valueArray = result.values;
    if (result.from === 'values') this.goodValues = this.values;
    else if (this.values == null) this.goodValues = null;
    this.reportIssues('values', result.valueIssues, result.valueTotal);
    this.reportIssues('metric', result.metricIssues, result.metricTotal);
    this.needs.colors = true;
  }

  /** Turns `level` / `focus-id` into the drill state, reflects them as normalized, and shows the new state. */
  private applyDrill(focusChanged = false, levelChanged = false): void {
    const index = this.index!;
    this.needs.drill = false;
    const resolved = resolveDrill(index, { level: this.level, focusId: this.focusId, focusChanged, levelChanged });
    if (!resolved) {
      this.needs.colors = true;
      this.drill = null;
      this.visible = new Int32Array(0);
      this.visibleBounds = null;
      return;
    }
    const initial = !this.drill;
    const changed = !sameDrill(this.drill, resolved.state);
    this.drill = resolved.state;
    this.level = resolved.level;
    this.focusId = resolved.focusId;
    if (!changed) return;
    this.needs.colors = true;
    this.visible = index.visibleUnits(resolved.state);
    this.visibleBounds = unitsBounds(index, this.visible);
    this.hover = null;
    this.activeOption = -1;
    // Show the new state (the first one is the map's first-load fit).
    if (!initial && !this.staticView && this.map && this.visibleBounds) this.map.fitBounds(this.visibleBounds, { padding: 48 });
  }

  /** Colours of the shown units and the legend. */
  private recolor(): void {
    this.needs.colors = false;
    const { drill, coloring } = this;
    if (!drill || !coloring) {
      this.legendModel = { entries: [] };
      return;
    }
    this.colorTheme = this.effectiveTheme;
    const noData = Array.from(STYLES[this.colorTheme].noDataBackground);
    const result = coloring.recolor(drill, this.visible, this.valueArray, noData);
    if (result.scaleError) this.reportIssues('scale', [{ path: 'palette', message: result.scaleError, severity: 'warning' }]);
    this.legendModel = gridLegend(result, drill.level, this.visible.length, `rgb(${noData.slice(0, 3).join(',')})`, this.text);
    this.ranked = null;
    this.revision++;
  }

  /** The shown units by value, largest first, no data last. */
  private get optionOrder(): Int32Array {
    this.ranked ??= rankByValue(this.valueArray, this.visible);
    return this.ranked;
  }

  /** What the overlays need to write values: translator, language, metric name, unit. */
  private get text(): GridText {
    return { t: this.translateAny, locale: this.locale, metric: this.metricName(), unit: gridReaders.unit([], this.unit) };
  }

  private metricName(): string {
    const label = gridReaders.metricLabel([], this.metricLabel);
    if (label) return label;
    if (!this.metric) return this.values != null ? this.t('grid.metric.events') : this.t('grid.no-metric');
    return this.optionalString(`grid.metric.${this.metric}`) ?? this.metric;
  }

  // ---- Actions ------------------------------------------------------------------------------

  /** Click / Enter on a unit: select it, and drill into its children when it has some. */
  private activate(unit: number): void {
    this.select(unit);
    this.go(drillTarget(this.index!, unit));
  }

  private select(unit: number): void {
    const index = this.index!;
    const id = unit >= 0 ? index.ids[unit] : undefined;
    if (id === this.selected) return;
    this.selected = id;
    emit(this, 'city-grid-select', {
      id: id ?? null,
      level: unit >= 0 ? index.levels[unit] : null,
      feature: unit >= 0 ? index.features[unit] : null,
      value: unit >= 0 && Number.isFinite(this.valueArray[unit]) ? this.valueArray[unit] : null,
    });
  }

  /** Shows a drill target unless the page cancels it; false when there is nowhere to go. */
  private go(target: DrillTarget | null): boolean {
    if (!target || emit(this, 'city-grid-drill', target, true).defaultPrevented) return false;
    this.focusId = target.id ?? undefined;
    this.level = target.level;
    this.applyDrill();
    return true;
  }

  private up(): boolean {
    return this.go(upTarget(this.index!, this.drill!));
  }

  private setActiveOption(position: number): void {
    const order = this.optionOrder;
    if (!order.length) return;
    this.activeOption = Math.max(0, Math.min(order.length - 1, position));
    const unit = order[this.activeOption];
    const index = this.index!;
    const viewport = this.map?.deck?.getViewports()[0];
    const [x, y] = viewport ? viewport.project([index.labels[unit * 2], index.labels[unit * 2 + 1]]) : [0, 0];
    this.keyboardHover = true;
    this.hover = { unit, x, y };
  }

  private readonly onListFocus = (): void => {
    if (this.optionOrder.length) this.setActiveOption(Math.max(0, this.activeOption));
  };

  private readonly onListBlur = (): void => {
    this.keyboardHover = false;
    this.hover = null;
  };

  private readonly onListKeydown = (event: KeyboardEvent): void => {
    const order = this.optionOrder;
    const action = listAction(event.key, this.activeOption, order.length);
    if (!action) return;
    event.preventDefault();
    if (typeof action === 'object') this.setActiveOption(action.move);
    else if (action === 'activate') {
      this.activate(order[this.activeOption]);
      if (this.optionOrder.length) this.setActiveOption(0);
    } else if (action === 'select') this.select(order[this.activeOption]);
    else if (action === 'up') {
      if (this.up() && this.optionOrder.length) this.setActiveOption(0);
    } else this.select(-1);
  };

  // ---- Rendering ----------------------------------------------------------------------------

  protected override render() {
    void this.revision;
    const { index, drill } = this;
    const host = this.map as unknown as HTMLElement | undefined;
    const size = { width: host?.clientWidth ?? this.clientWidth, height: host?.clientHeight ?? this.clientHeight };
    if (!index || !drill) return html`${this.renderStatus()}`;
    const text = this.text;
    const hover = this.hover;
    // Ranked only when someone uses the list (or the list is small): sorting 100k units on
    // every refresh of the values would cost more than the recolour itself.
    const order = this.activeOption >= 0 || this.visible.length <= 5000 ? this.optionOrder : this.visible;
    return html`
      ${renderBreadcrumb(index, drillTrail(index, drill), this.translateAny, (unit) => this.go(drillTarget(index, unit)))}
      ${renderGridLegend(this.legendModel, text)}
      ${this.visible.length
        ? renderUnitList({
            index,
            values: this.valueArray,
            order,
            active: this.activeOption,
            selected: this.selected != null ? index.indexOf(this.selected) : -1,
            idPrefix: this.layerId,
            level: drill.level,
            text,
            onFocus: this.onListFocus,
            onBlur: this.onListBlur,
            onKeydown: this.onListKeydown,
          })
        : nothing}
      ${renderTooltip(hover && gridTooltip(index, this.valueArray, hover.unit, hover, text), size)} ${this.renderStatus()}
    `;
  }
}
