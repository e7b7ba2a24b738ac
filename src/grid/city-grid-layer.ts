import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Feature } from 'geojson';
import { CityElement } from '../core/base-element';
import type { ColorScale, ScaleType } from '../core/color';
import { crsTransform, type Crs } from '../core/crs';
import { emit } from '../core/events';
import { formatNumber } from '../core/i18n';
import { effectiveTheme, type Theme } from '../core/theme';
import type { CityMapApi, LonLatBounds, MapLayerChild } from '../map/map-context';
import { MapChildController, mapChildHostStyles } from '../map/map-child';
import { imageScale, type ImageOptions } from '../map/image';
import { legendStyles, paintOverlayElement, renderLegend, type LegendEntry, type LegendModel } from '../ui/legend';
import { renderTooltip, tooltipStyles, type TooltipModel } from '../ui/tooltip';
import { GridLayer, type GridPickingInfo } from './grid-layer';
import { STYLES, gridLayerStyles } from './city-grid-layer.styles';
import { AttributeReport, checkDataAttribute, checkGridSettings, type GridSettings } from './model/attributes';
import { GridIndex, siblingRank, type DrillState } from './model/hierarchy';
import { isGridLevel, levelDepth, type GridLevel } from './model/levels';
import { buildPolygonPack, type PolygonPack } from './model/pack';
import { levelScale, type PerLevel } from './model/scales';
import { validateGridCollection } from './model/validate';
import { resolveValues } from './model/values';
import type { GridStringKey } from './strings';
import './strings';

export interface CityGridDrillDetail {
  /** The unit whose children are now shown; null at the top. */
  id: string | null;
  /** The level now shown. */
  level: GridLevel;
  /** Ids from the outermost ancestor down to `id` (empty at the top). */
  path: string[];
}

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

const DOUBLE_CLICK_MS = 600;

function unitsBounds(index: GridIndex, units: Int32Array): LonLatBounds | null {
  if (!units.length) return null;
  const b: LonLatBounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const u of units) {
    b[0] = Math.min(b[0], index.bboxes[u * 4]);
    b[1] = Math.min(b[1], index.bboxes[u * 4 + 1]);
    b[2] = Math.max(b[2], index.bboxes[u * 4 + 2]);
    b[3] = Math.max(b[3], index.bboxes[u * 4 + 3]);
  }
  return b;
}
const OPTION_WINDOW = 40;
const LIST_STEPS = new Map([['ArrowDown', 1], ['ArrowRight', 1], ['ArrowUp', -1], ['ArrowLeft', -1], ['PageDown', 10], ['PageUp', -10]]);
let instances = 0;

interface HoverState {
  unit: number;
  x: number;
  y: number;
}

/**
 * Management grids as a drill-down choropleth inside `<city-map>`: one level at a time
 * (district → street → community → grid → micro-grid), coloured by a metric with fixed
 * per-level classes, with breadcrumb, legend, tooltip and keyboard access.
 *
 * @tagname city-grid-layer
 * @summary Drill-down management-grid choropleth (child of `<city-map>`).
 * @fires city-grid-drill - The shown level changed by the user: `{id, level, path}`. Cancelable: `preventDefault()` keeps the current level.
 * @fires city-grid-select - A unit was selected (click, Space) or the selection cleared (Escape): `{id, level, feature, value}`.
 * @fires city-error - Invalid features or values (the valid ones are still drawn; unusable `data` / `values` keep what was shown), and bad attribute values (severity `warning`, the default used): `{code, message, severity, issues}`.
 * @fires city-progress - Loading `src`: `{done, total}`.
 * @csspart breadcrumb - The level navigation (top left).
 * @csspart legend - Classes with unit counts, and "no data" (bottom left).
 * @csspart tooltip - Name, level, value and rank of the hovered unit.
 * @csspart units - The keyboard list of the shown units (visually hidden).
 * @csspart error - The data problems panel.
 * @csspart progress - The loading bar.
 */
export class CityGridLayer extends CityElement<GridStringKey> implements MapLayerChild {
  static override styles = [
    ...CityElement.styles,
    legendStyles,
    tooltipStyles,
    mapChildHostStyles,
    gridLayerStyles,
  ];

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
  /** Number of classes for quantize / quantile. */
  @property({ type: Number }) classes = 5;
  /** `auto`: unit names where they fit; `none`: no labels. */
  @property() labels: 'auto' | 'none' = 'auto';
  /** Drilling does not move the map. */
  @property({ type: Boolean, attribute: 'static-view' }) staticView = false;
  /** Opacity of the fills, 0–1. */
  @property({ type: Number, attribute: 'fill-opacity' }) fillOpacity = 0.85;

  @state() private hover: HoverState | null = null;
  @state() private activeOption = -1;
  @state() private revision = 0;

  private mapTheme: Theme | undefined;
  private themeFromMap = false;
  private readonly layerId = `city-grid-${++instances}`;
  private readonly source = this.createDataSource('grid', (value) => this.ingest(value));
  private rawData: unknown;
  private goodData: unknown;
  private index: GridIndex | null = null;
  private indexCrs: Crs | null = null;
  private indexSourceCrs: Crs | null = null;
  /** The attribute values in effect (bad ones replaced by their defaults) and their issues. */
  private settings: GridSettings = checkGridSettings({}).settings;
  private readonly attributeReport = new AttributeReport();
  private dataChecksPending = false;
  /** The last `values` input that was accepted (null: the metric): shown again when a new one is rejected. */
  private goodValues: unknown = null;
  private valueArray: Float64Array = new Float64Array(0);
  private scales = new Map<GridLevel, ColorScale | null>();
  private scalesKey = '';
  private colors = new Uint8Array(0);
  private noDataUnits: Int32Array = new Int32Array(0);
  private noDataPack: PolygonPack | null = null;
  private colorVersion = 0;
  private packs = new Map<string, PolygonPack>();
  private drill: DrillState | null = null;
  private visible: Int32Array = new Int32Array(0);
  private rankOrder: Int32Array | null = null;
  private legendModel: LegendModel = { entries: [] };
  private visibleBounds: LonLatBounds | null = null;
  private needs = { ingest: false, values: false, drill: false, colors: false };
  private lastClick: { time: number; state: { level?: GridLevel; focusId?: string; selected?: string } } | null = null;
  private keyboardHover = false;
  /** The `src` request in flight (settles, never rejects). */
  private loading: Promise<void> = Promise.resolve();

  private readonly mapLink = new MapChildController(this, { attached: (map) => this.attachMap(map) });

  private get map(): CityMapApi | undefined {
    return this.mapLink.map;
  }

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

  // ---- Ready and export ---------------------------------------------------------------------

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

  /**
   * A PNG of its map (the map's canvas with the overlays of all its layers), after `rendered()`;
   * `scale`: output pixels per CSS pixel (default: device pixel ratio). Rejects with an Error naming
   * `<city-grid-layer>` when the layer is not inside a `<city-map>` or `scale` is unusable.
   */
  async toImage(options?: ImageOptions): Promise<Blob> {
    const map = this.map;
    if (!map) throw new Error('<city-grid-layer>: toImage() needs the layer inside a <city-map>; this one has no map');
    const host = map as unknown as HTMLElement;
    imageScale('city-grid-layer', options, { width: host.clientWidth, height: host.clientHeight });
    await this.rendered();
    return map.toImage(options);
  }

  // ---- MapLayerChild ----------------------------------------------------------------------

  /** Extent of the units shown now (so a map opened on a focus fits that focus). */
  get dataBounds(): LonLatBounds | null {
    return this.visibleBounds;
  }

  get deckLayers(): readonly Layer[] {
    const index = this.index;
    const drill = this.drill;
    if (!index || !drill || this.hidden) return [];
    const theme = this.effectiveTheme();
    const selected = this.selected != null ? index.indexOf(this.selected) : -1;
    return [
      new GridLayer({
        id: this.layerId,
        index,
        pack: this.packFor(drill),
        colors: this.colors,
        noDataPack: this.noDataPack,
        colorVersion: this.colorVersion,
        hoverUnit: this.hover?.unit ?? -1,
        selectedUnit: selected,
        focusUnit: drill.focus ?? -1,
        showLabels: this.settings.labels !== 'none',
        style: { ...STYLES[theme], fillOpacity: this.settings.fillOpacity },
      }) as unknown as Layer,
    ];
  }

  handleHover(info: PickingInfo | null): void {
    if (this.keyboardHover) return;
    const unit = info ? ((info as GridPickingInfo).unit ?? -1) : -1;
    this.hover = unit >= 0 ? { unit, x: info!.x, y: info!.y } : null;
  }

  handleClick(info: PickingInfo): void {
    const unit = (info as GridPickingInfo).unit ?? -1;
    if (unit < 0) return;
    const now = performance.now();
    if (!this.lastClick || now - this.lastClick.time > DOUBLE_CLICK_MS) {
      this.lastClick = { time: now, state: { level: this.level, focusId: this.focusId, selected: this.selected } };
    } else this.lastClick.time = now;
    this.activate(unit);
  }

  handleDoubleClick(): boolean {
    if (!this.index || !this.drill) return false;
    // The clicks of a double-click already drilled: undo them, then go up from where it started.
    const last = this.lastClick;
    if (last && performance.now() - last.time <= DOUBLE_CLICK_MS) {
      this.level = last.state.level;
      this.focusId = last.state.focusId;
      this.selected = last.state.selected;
      this.normalizeDrill();
    }
    this.lastClick = null;
    this.up();
    return true;
  }

  handleKey(event: KeyboardEvent): boolean {
    if (!this.index || !this.drill) return false;
    if (event.key === 'Backspace') return this.up();
    if (event.key === 'Enter') {
      const unit = this.hover?.unit ?? (this.selected != null ? this.index.indexOf(this.selected) : -1);
      if (unit >= 0 && this.isVisible(unit)) {
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

  paintOverlays(context: CanvasRenderingContext2D): void {
    const host = this.map as unknown as Element | undefined;
    if (!host) return;
    const origin = host.getBoundingClientRect();
    for (const part of ['breadcrumb', 'legend']) {
      const element = this.renderRoot.querySelector(`[part="${part}"]`);
      if (element) paintOverlayElement(context, element, origin);
    }
  }

  // ---- Lifecycle ----------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    this.themeFromMap = !this.hasAttribute('theme');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.hover = null;
  }

  /** Found a map: take its theme (unless set here) and re-project the data if its CRS differs. */
  private attachMap(map: CityMapApi): void {
    const host = map as unknown as Element;
    const theme = host.getAttribute?.('theme');
    this.mapTheme = theme === 'dark' || theme === 'light' ? theme : undefined;
    if (this.themeFromMap && this.theme !== this.mapTheme) this.theme = this.mapTheme;
    if (this.index && this.indexCrs !== map.crs) this.needs.ingest = true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src')) this.loading = this.source.load(this.src, this.requestInit);
    if (changed.has('data') && this.data !== undefined) this.ingest(this.data);
    const has = (...keys: string[]) => keys.some((key) => (changed as PropertyValues).has(key));
    if (has('crs', 'scale', 'thresholds', 'domain', 'palette', 'classes', 'labels', 'fillOpacity', 'theme', 'unit', 'metricLabel')) {
      const checked = checkGridSettings(this);
      this.settings = checked.settings;
      checked.issues.forEach((issues, attribute) => this.attributeReport.set(attribute, issues));
    }
    if (this.index && this.indexSourceCrs !== this.settings.crs) this.needs.ingest = true;
    const rebuilt = this.needs.ingest && this.rawData !== undefined && this.buildIndex();
    this.checkDataAttributes(changed, rebuilt);
    const attributeIssues = this.attributeReport.take();
    if (attributeIssues) this.reportAttributeIssues(attributeIssues);
    if (!this.index) return;
    if (this.needs.values || changed.has('values') || changed.has('metric')) this.computeValues();
    const s = this.settings;
    const scaleKey = [this.metric, s.scale, String(s.palette), s.classes, JSON.stringify(s.thresholds), JSON.stringify(s.domain)].join('|');
    if (scaleKey !== this.scalesKey) {
      this.scalesKey = scaleKey;
      this.scales.clear();
      this.clearProblem('scale');
      this.needs.colors = true;
    }
    if (this.needs.drill || changed.has('level') || changed.has('focusId')) {
      this.normalizeDrill(changed.has('focusId') && !changed.has('level'), changed.has('level') && !changed.has('focusId'));
    }
    if (this.needs.colors || (changed as PropertyValues).has('locale') || changed.has('metricLabel') || changed.has('unit')) this.recolor();
  }

  protected override updated(changed: PropertyValues<this>): void {
    void changed;
    this.map?.requestLayerUpdate();
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
    const crs = this.settings.crs;
    try {
      const validation = validateGridCollection(this.rawData);
      this.reportIssues('data', validation.issues, validation.total);
      if (validation.rejected && this.index?.size) return keep();
      this.index = new GridIndex(validation.units, crs !== target ? crsTransform(crs, target) : null);
    } catch (error) {
      // Only hostile objects get here (a getter that throws, a revoked Proxy): report, keep what was shown.
      this.reportProblem('data', 'invalid-data', [{ path: '', message: `the data could not be read: ${error instanceof Error ? error.message : String(error)}`, severity: 'error' }]);
      return keep();
    }
    this.goodData = this.rawData;
    this.indexCrs = target;
    this.indexSourceCrs = crs;
    this.packs.clear();
    this.scales.clear();
    this.hover = null;
    this.drill = null;
    this.colors = new Uint8Array(this.index.size * 4);
    this.noDataUnits = new Int32Array(0);
    this.noDataPack = null;
    this.needs.values = true;
    this.needs.drill = true;
    this.needs.colors = true;
    return true;
  }

  /** `level`, `focus-id`, `selected`, `metric` name things in the data: checked when they or the data change. */
  private checkDataAttributes(changed: PropertyValues, rebuilt: boolean): void {
    const checks = [['level', 'level'], ['focusId', 'focus-id'], ['selected', 'selected'], ['metric', 'metric']] as const;
    const index = this.index;
    if (!index) {
      this.dataChecksPending ||= checks.some(([property]) => changed.has(property));
      return;
    }
    const all = rebuilt || this.dataChecksPending;
    this.dataChecksPending = false;
    for (const [property, attribute] of checks) {
      if (all || changed.has(property) || (property === 'metric' && changed.has('values'))) {
        this.attributeReport.set(attribute, checkDataAttribute(attribute, this[property], index, this.values != null));
      }
    }
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

  /**
   * Turns `level` / `focus-id` into a consistent drill state. `focusChanged`: only the focus was
   * set (show its children); `levelChanged`: only the level was set (a level at or above the
   * focus clears the focus).
   */
  private normalizeDrill(focusChanged = false, levelChanged = false): void {
    const index = this.index!;
    this.needs.drill = false;
    const top = index.levelsPresent[0];
    let focus = this.focusId != null ? index.indexOf(this.focusId) : -1;
    const unknownFocus = this.focusId != null && focus < 0;
    let level: GridLevel | undefined = isGridLevel(this.level) && index.levelsPresent.includes(this.level) ? this.level : undefined;
    if (focus >= 0 && level && levelChanged && levelDepth(level) <= levelDepth(index.levels[focus])) focus = -1;
    if (focus >= 0) {
      const childLevel = index.childLevel(focus);
      if (!childLevel) {
        // A leaf cannot be drilled into: show it among its siblings.
        level = index.levels[focus];
        focus = index.parents[focus];
      } else if (!level || focusChanged || levelDepth(level) <= levelDepth(index.levels[focus])) {
        level = childLevel;
      }
    }
    if (!top) {
      this.drill = null;
      this.visible = new Int32Array(0);
      this.visibleBounds = null;
      this.needs.colors = true;
      return;
    }
    level ??= top;
    const next: DrillState = { level, focus: focus >= 0 ? focus : null };
    const initial = !this.drill;
    const changed = initial || this.drill!.level !== next.level || this.drill!.focus !== next.focus;
    this.drill = next;
    // Reflect the normalized state (the level filled in); an unknown focus id stays, reported, until changed or removed.
    this.level = level;
    if (!unknownFocus) this.focusId = next.focus != null ? index.ids[next.focus] : undefined;
    if (changed) {
      this.visible = index.visibleUnits(next);
      this.visibleBounds = unitsBounds(index, this.visible);
      this.hover = null;
      this.activeOption = -1;
      this.needs.colors = true;
      // Show the new state (the first one is the map's first-load fit).
      if (!initial && !this.staticView && this.map && this.visibleBounds) this.map.fitBounds(this.visibleBounds, { padding: 48 });
    }
  }

  private packFor(drill: DrillState): PolygonPack {
    const key = `${drill.level}|${drill.focus ?? ''}`;
    let pack = this.packs.get(key);
    if (!pack) {
      pack = buildPolygonPack(this.index!, this.visible);
      if (this.packs.size >= 8) this.packs.delete(this.packs.keys().next().value!);
      this.packs.set(key, pack);
    }
    return pack;
  }

  private scaleFor(level: GridLevel): ColorScale | null {
    let scale = this.scales.get(level);
    if (scale === undefined || scale === null) {
      try {
        scale = levelScale(this.index!, this.valueArray, level, {
          type: this.settings.scale,
          palette: this.settings.palette,
          classes: this.settings.classes,
          thresholds: this.settings.thresholds,
          domain: this.settings.domain,
        });
      } catch (error) {
        this.reportIssues('scale', [{ path: 'palette', message: (error as Error).message, severity: 'warning' }]);
        scale = null;
      }
      this.scales.set(level, scale);
    }
    return scale;
  }

  /** Colours of the shown units, the legend and the keyboard order; bumps the colour version. */
  private recolor(): void {
    this.needs.colors = false;
    const drill = this.drill;
    if (!drill) {
      this.legendModel = { entries: [] };
      return;
    }
    const scale = this.scaleFor(drill.level);
    const values = this.valueArray;
    const style = STYLES[this.effectiveTheme()];
    // One pass over the shown units: class, colour (as one 32-bit write) and count.
    const classes = scale?.classes ?? [];
    const as32 = (rgba: readonly number[]) => new Uint32Array(Uint8Array.from(rgba).buffer)[0];
    const classColors = Uint32Array.from(classes, (c) => as32(c.rgba));
    const noDataColor32 = as32(style.noDataBackground as unknown as number[]);
    const colors32 = new Uint32Array(this.colors.buffer, this.colors.byteOffset, this.colors.length >> 2);
    const counts = new Array<number>(classes.length).fill(0);
    const missing: number[] = [];
    for (const u of this.visible) {
      const k = scale ? scale.classOf(values[u]) : -1;
      if (k >= 0) {
        colors32[u] = classColors[k];
        counts[k]++;
      } else {
        colors32[u] = noDataColor32;
        missing.push(u);
      }
    }
    const noData = missing.length;
    this.updateNoDataPack(drill, missing);
    this.colorVersion++;
    const format = (v: number) => formatNumber(this.locale, v, { maximumFractionDigits: 2 });
    const entries: LegendEntry[] = classes.map((c, i) => {
      let label: string;
      if (!Number.isFinite(c.from)) label = `< ${format(c.to)}`;
      else if (!Number.isFinite(c.to)) label = `≥ ${format(c.from)}`;
      else label = `${format(c.from)} – ${format(c.to)}`;
      return { label, color: c.color, count: counts[i] };
    });
    const noDataColor = `rgb(${style.noDataBackground.slice(0, 3).join(',')})`;
    if (noData > 0 || entries.length === 0) entries.push({ label: this.t('grid.no-data'), color: noDataColor, pattern: 'hatch', count: noData });
    this.legendModel = {
      title: this.metricName(),
      unit: this.settings.unit,
      subtitle: this.t('grid.legend-count', { level: this.t(`grid.level.${drill.level}`), count: formatNumber(this.locale, this.visible.length) }),
      entries,
    };
    this.rankOrder = null;
    this.revision++;
  }

  /** The hatch overlay's geometry: rebuilt only when the set of units without a value changes. */
  private updateNoDataPack(drill: DrillState, missing: number[]): void {
    const same = missing.length === this.noDataUnits.length && missing.every((u, k) => u === this.noDataUnits[k]);
    if (same && (this.noDataPack || !missing.length)) return;
    this.noDataUnits = Int32Array.from(missing);
    if (!missing.length) this.noDataPack = null;
    else if (missing.length === this.visible.length) this.noDataPack = this.packFor(drill);
    else this.noDataPack = buildPolygonPack(this.index!, this.noDataUnits);
  }

  /** The shown units by value, largest first, no data last (ties in input order); cached per recolour. */
  private get optionOrder(): Int32Array {
    if (!this.rankOrder) {
      const values = this.valueArray;
      const visible = this.visible;
      const keys = new Float64Array(visible.length);
      visible.forEach((u, k) => (keys[k] = Number.isFinite(values[u]) ? -values[u] : Infinity));
      const order = Uint32Array.from(visible.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
      this.rankOrder = Int32Array.from(order, (k) => visible[k]);
    }
    return this.rankOrder;
  }

  private metricName(): string {
    if (this.settings.metricLabel) return this.settings.metricLabel;
    if (!this.metric) return this.values != null ? this.t('grid.metric.events') : this.t('grid.no-metric');
    return this.optionalString(`grid.metric.${this.metric}`) ?? this.metric;
  }

  private effectiveTheme(): Theme {
    if (this.theme === 'dark' || this.theme === 'light') return this.theme;
    if (this.mapTheme) return this.mapTheme;
    return effectiveTheme(this);
  }

  private isVisible(unit: number): boolean {
    return this.visible.includes(unit);
  }

  // ---- Actions ------------------------------------------------------------------------------

  /** Click / Enter on a unit: select it, and drill into its children when it has some. */
  private activate(unit: number): void {
    this.select(unit);
    this.drillTo(unit);
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

  /** Shows the children of `unit` (null: the top level). False when there is nowhere to go. */
  private drillTo(unit: number | null, levelAtTop?: GridLevel): boolean {
    const index = this.index!;
    const level = unit != null ? index.childLevel(unit) : (levelAtTop ?? index.levelsPresent[0]);
    if (!level) return false;
    const path = unit != null ? index.pathTo(unit).map((u) => index.ids[u]) : [];
    const detail: CityGridDrillDetail = { id: unit != null ? index.ids[unit] : null, level, path };
    if (emit(this, 'city-grid-drill', detail, true).defaultPrevented) return false;
    this.focusId = detail.id ?? undefined;
    this.level = level;
    this.normalizeDrill();
    this.needs.colors = true;
    return true;
  }

  /** Up one level: from a unit's children to that unit and its siblings. */
  private up(): boolean {
    const index = this.index!;
    const drill = this.drill!;
    if (drill.focus == null) {
      const depth = index.levelsPresent.indexOf(drill.level);
      if (depth <= 0) return false;
      return this.drillTo(null, index.levelsPresent[depth - 1]);
    }
    const parent = index.parents[drill.focus];
    if (parent >= 0) return this.drillTo(parent);
    return this.drillTo(null, index.levels[drill.focus]);
  }

  private onBreadcrumb(unit: number | null): void {
    if (unit == null) this.drillTo(null);
    else this.drillTo(unit);
  }

  private onListFocus(): void {
    if (!this.optionOrder.length) return;
    this.setActiveOption(Math.max(0, this.activeOption));
  }

  private onListBlur(): void {
    this.keyboardHover = false;
    this.hover = null;
  }

  private setActiveOption(position: number): void {
    const order = this.optionOrder;
    if (!order.length) return;
    this.activeOption = Math.max(0, Math.min(order.length - 1, position));
    const unit = order[this.activeOption];
    const index = this.index!;
    let x = 0;
    let y = 0;
    const viewport = this.map?.deck?.getViewports()[0];
    if (viewport) [x, y] = viewport.project([index.labels[unit * 2], index.labels[unit * 2 + 1]]);
    this.keyboardHover = true;
    this.hover = { unit, x, y };
  }

  private onListKeydown(event: KeyboardEvent): void {
    const order = this.optionOrder;
    const step = LIST_STEPS.get(event.key);
    let handled = true;
    if (step !== undefined) this.setActiveOption(this.activeOption + step);
    else if (event.key === 'Home') this.setActiveOption(0);
    else if (event.key === 'End') this.setActiveOption(order.length - 1);
    else if (event.key === 'Enter' && this.activeOption >= 0) {
      this.activate(order[this.activeOption]);
      if (this.optionOrder.length) this.setActiveOption(0);
    } else if (event.key === ' ' && this.activeOption >= 0) this.select(order[this.activeOption]);
    else if (event.key === 'Backspace') {
      if (this.up() && this.optionOrder.length) this.setActiveOption(0);
    } else if (event.key === 'Escape') this.select(-1);
    else handled = false;
    if (handled) event.preventDefault();
  }

  // ---- Rendering ----------------------------------------------------------------------------

  private formatValue(value: number): string {
    if (!Number.isFinite(value)) return this.t('grid.no-data');
    const text = formatNumber(this.locale, value, { maximumFractionDigits: 2 });
    return this.settings.unit ? `${text} ${this.settings.unit}` : text;
  }

  private tooltipModel(): TooltipModel | null {
    const hover = this.hover;
    const index = this.index;
    if (!hover || !index || hover.unit >= index.size) return null;
    const u = hover.unit;
    const lines = [
      this.t(`grid.level.${index.levels[u]}`),
      this.t('grid.value', { metric: this.metricName(), value: this.formatValue(this.valueArray[u]) }),
    ];
    const rank = siblingRank(index, this.valueArray, u);
    if (rank) lines.push(this.t('grid.rank', { rank: rank.rank, of: rank.of }));
    return { x: hover.x, y: hover.y, title: index.names[u], lines };
  }

  private renderBreadcrumb() {
    const index = this.index;
    const drill = this.drill;
    if (!index || !drill) return nothing;
    const top = index.levelsPresent[0];
    const path = drill.focus != null ? index.pathTo(drill.focus) : [];
    const atTop = path.length === 0;
    const items = [];
    const rootLabel = this.t('grid.all', { level: this.t(`grid.level.${top}`) });
    items.push(
      atTop && drill.level === top
        ? html`<li><span aria-current="location">${rootLabel}</span></li>`
        : html`<li><button type="button" @click=${() => this.onBreadcrumb(null)}>${rootLabel}</button></li>`,
    );
    if (atTop && drill.level !== top) {
      items.push(html`<li><span aria-current="location">${this.t('grid.all', { level: this.t(`grid.level.${drill.level}`) })}</span></li>`);
    }
    path.forEach((u, i) => {
      const last = i === path.length - 1;
      items.push(
        last
          ? html`<li><span aria-current="location">${index.names[u]}</span></li>`
          : html`<li><button type="button" @click=${() => this.onBreadcrumb(u)}>${index.names[u]}</button></li>`,
      );
    });
    return html`<nav part="breadcrumb" class="breadcrumb" aria-label=${this.t('grid.breadcrumb')}><ol>${items}</ol></nav>`;
  }

  private renderUnits() {
    const index = this.index;
    const drill = this.drill;
    if (!index || !drill || !this.visible.length) return nothing;
    // Ranked only when someone uses the list (or the list is small): sorting 100k units on
    // every refresh of the values would cost more than the recolour itself.
    const ranked = this.activeOption >= 0 || this.visible.length <= 5000;
    const order = ranked ? this.optionOrder : this.visible;
    const active = this.activeOption;
    const from = Math.max(0, (active < 0 ? 0 : active) - OPTION_WINDOW);
    const to = Math.min(order.length, from + OPTION_WINDOW * 2);
    const selected = this.selected != null ? index.indexOf(this.selected) : -1;
    return html`<ul
      part="units"
      class="units visually-hidden"
      role="listbox"
      tabindex="0"
      aria-label=${this.t('grid.units', { level: this.t(`grid.level.${drill.level}`), count: order.length })}
      aria-activedescendant=${active >= 0 ? `${this.layerId}-u${order[active]}` : nothing}
      @focus=${this.onListFocus}
      @blur=${this.onListBlur}
      @keydown=${this.onListKeydown}
    >
      ${Array.from(order.subarray(from, to)).map(
        (u, k) => html`<li
          role="option"
          id=${`${this.layerId}-u${u}`}
          aria-selected=${u === selected ? 'true' : 'false'}
          aria-setsize=${order.length}
          aria-posinset=${from + k + 1}
        >
          ${this.t('grid.unit-option', { name: index.names[u], value: this.formatValue(this.valueArray[u]) })}
        </li>`,
      )}
    </ul>`;
  }

  protected override render() {
    void this.revision;
    const host = this.map as unknown as HTMLElement | undefined;
    const size = { width: host?.clientWidth ?? this.clientWidth, height: host?.clientHeight ?? this.clientHeight };
    const legendTitle = this.legendModel.title ?? '';
    return html`
      ${this.renderBreadcrumb()}
      ${this.index && this.drill
        ? html`<div class="legend">${renderLegend(this.legendModel, { label: this.t('grid.legend', { title: legendTitle }), formatCount: (n) => formatNumber(this.locale, n) })}</div>`
        : nothing}
      ${this.renderUnits()} ${renderTooltip(this.tooltipModel(), size)} ${this.renderStatus()}
    `;
  }
}
