import { css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Color, Layer, PickingInfo } from '@deck.gl/core';
import type { FeatureCollection } from 'geojson';
import KDBush from 'kdbush';
import { CityElement } from '../core/base-element';
import { RISK_COLORS, RISK_LEVELS, toRgba, type Rgba } from '../core/color';
import { isCrs, type Crs } from '../core/crs';
import { formatNumber } from '../core/i18n';
import { IssueCollector, describeValue } from '../core/validation';
import type { CityMapApi, LonLatBounds, MapLayerChild } from '../map/map-context';
import { MapChildController, mapChildHostStyles } from '../map/map-child';
import { imageScale } from '../map/image';
import { legendStyles, paintOverlayElement, renderLegend, type LegendEntry } from '../ui/legend';
import { renderTooltip, tooltipStyles, type TooltipModel } from '../ui/tooltip';
import type { CityPlaybackChangeDetail, CityTimeChangeDetail } from '../ui/time-slider';
import { fitHexRadius, heatDensityDomain, hexCountMax, radiusScale } from './model/domain';
import { DEFAULT_RISK_SETTINGS, RISK_ATTRIBUTE_PROPS, hexRadiusIssue, resolveRiskAttributes, type HexMetric, type LegendPosition, type RiskMode, type RiskSettings } from './model/attributes';
import { compileFilter, countVisibleByLevel, dailyCounts, parseList, rowVisible, type CompiledFilter } from './model/filter';
import { LEVEL_BY_RANK, LEVEL_RANK, type RiskLevel } from './model/level';
import { GridUnitIndex, rollUpTable, type GridLevel, type RiskRollUp } from './model/rollup';
import { clipText, packRisksAsync, rowOfId, rowRecord, type RiskTable } from './model/table';
import type { TimeStep } from './model/timeline';
import { buildFillColors, buildLayerData, buildRadii, createRiskLayers, type RiskLayerData } from './risk-layer';
import { cssStyle } from '../core/css-style';
import { RiskSelection, type CityRiskSelectDetail } from './selection';
import type { RiskStringKey } from './strings';
import './strings';

export interface RiskLayerStats {
  /** Records in the input. */
  total: number;
  /** Records that passed validation. */
  valid: number;
  /** Records passing the current filters (categories, levels, time window). */
  shown: number;
  /** Shown records per level. */
  byLevel: Record<RiskLevel, number>;
  /** `[earliest, latest]` record time (ISO 8601), or null when no record has a time. */
  timeSpan: [string, string] | null;
}

declare global {
  interface CityEventMap {
    'city-risk-select': CityRiskSelectDetail;
  }
  interface HTMLElementTagNameMap {
    'city-risk-layer': CityRiskLayer;
  }
}

/** Records this large are packed in slices with a progress bar. */
const ASYNC_PACK_THRESHOLD = 50_000;
/** Auto mode fades heat into points over this many zoom levels around `handover-zoom`. */
const HANDOVER_FADE = 1;
/** Records within this many pixels of a clicked symbol count as "at the same spot". */
const SAME_SPOT_PIXELS = 4;

const HEAT_RAMP = ['#9cc9f5', '#2f7fd8', '#f2c500', '#f28c28', '#e02020', '#8f0d0d'];
const HEX_COUNT_RAMP = ['#fde8c8', '#f9c27e', '#f28c28', '#e0561f', '#b81d1d'];

const listConverter = {
  fromAttribute: (value: string | null) => parseList(value),
  toAttribute: (value: readonly string[] | null) => (value ? value.join(',') : null),
};

export type { CityRiskSelectDetail };

const pad = (n: number) => String(n).padStart(2, '0');
function formatLocalMinute(epoch: number): string {
  const d = new Date(epoch);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Urban risks on a `<city-map>`: a level-weighted heat map, hexagons (highest level or count per
 * cell) or one symbol per record in the four level colours (重大 red, 较大 orange, 一般 yellow,
 * 低 blue), with category / level filters and time-window playback. Filtering never re-uploads
 * data to the GPU, and colour domains are fixed per data set so colours do not shift on pan, zoom
 * or filter.
 *
 * @tagname city-risk-layer
 * @summary Risk layer: heat / hex / points in four level colours, with time playback.
 * @fires city-risk-select - A record was clicked (or chosen in the same-spot list): `{id, record, level}`; again with all
 *   three null when the selection clears (a click on the map beside the records, Escape, new data without the record).
 * @fires city-time-change - The time window moved (slider or playback): `{from, to}` ISO 8601, null for "all".
 * @fires city-playback-change - Play/pause, speed, step or window length changed: `{playing, speed, step, windowDays}`.
 * @fires city-error - Invalid records (skipped or fixed) or a load failure: `{code, message, issues: [{path, message}]}`.
 * @fires city-progress - Loading / packing progress: `{done, total, phase}`.
 * @csspart legend - The legend (level names and colours; heat or count scale).
 * @csspart time-slider - The playback bar.
 * @csspart tooltip - The hover tooltip.
 * @csspart spot-list - The list of records sharing a clicked spot.
 * @csspart error - The error panel.
 * @csspart progress - The progress bar.
 * @cssprop --city-risk-major - Colour of 重大 major (default red #e02020).
 * @cssprop --city-risk-considerable - Colour of 较大 considerable (default orange #f28c28).
 * @cssprop --city-risk-general - Colour of 一般 general (default yellow #f2c500).
 * @cssprop --city-risk-low - Colour of 低 low (default blue #2f7fd8).
 * @cssprop --city-risk-slider-left - Left edge of the time slider (default 12px; clear another layer's legend with it).
 * @cssprop --city-risk-slider-right - Right edge of the time slider (default: clear of this layer's legend).
 */
export class CityRiskLayer extends CityElement<RiskStringKey> implements MapLayerChild {
  static override styles = [
    ...CityElement.styles,
    legendStyles,
    tooltipStyles,
    mapChildHostStyles,
    css`
      .frame {
        position: absolute;
        inset: 0;
      }
      .legend-slot {
        position: absolute;
        right: 12px;
        bottom: 12px;
        z-index: 4;
        pointer-events: auto;
        display: flex;
        flex-direction: column;
        gap: 6px;
        align-items: stretch;
      }
      :host([legend-position='bottom-left']) .legend-slot {
        right: auto;
        left: 12px;
      }
      :host([legend-position='top-left']) .legend-slot {
        right: auto;
        left: 12px;
        bottom: auto;
        top: 12px;
      }
      :host([legend-position='top-right']) .legend-slot {
        bottom: auto;
        top: 56px;
      }
      .heat-scale {
        margin-top: 6px;
      }
      .heat-scale .ramp {
        background: linear-gradient(to right, ${unsafeCSS(HEAT_RAMP.join(','))});
        height: 10px;
        border-radius: 2px;
        border: 1px solid rgba(0, 0, 0, 0.18);
      }
      .heat-scale .ends {
        display: flex;
        justify-content: space-between;
        color: var(--city-muted);
        font-size: 0.92em;
      }
      .shown {
        color: var(--city-muted);
        margin-top: 4px;
        font-variant-numeric: tabular-nums;
      }
      city-time-slider[hidden] {
        display: none;
      }
      city-time-slider {
        position: absolute;
        left: var(--city-risk-slider-left, 12px);
        bottom: 12px;
        right: var(--city-risk-slider-right, calc(12px + var(--city-risk-legend-width, 210px)));
        z-index: 4;
        pointer-events: auto;
      }
      :host([legend-position^='top']) city-time-slider,
      :host([hide-legend]) city-time-slider {
        right: var(--city-risk-slider-right, 12px);
      }
      :host([legend-position='bottom-left']) city-time-slider {
        left: var(--city-risk-slider-left, calc(12px + var(--city-risk-legend-width, 210px)));
        right: var(--city-risk-slider-right, 12px);
      }
      .spot-list {
        position: absolute;
        z-index: 16;
        pointer-events: auto;
        max-width: 300px;
        max-height: 50%;
        overflow: auto;
        background: var(--city-surface);
        color: var(--city-fg);
        border: 1px solid var(--city-border);
        border-radius: var(--city-radius);
        box-shadow: var(--city-shadow);
        padding: 6px;
        font-size: 0.88em;
      }
      .spot-list h2 {
        font-size: 1em;
        margin: 2px 4px 6px;
        display: flex;
        justify-content: space-between;
        gap: 8px;
      }
      .spot-list ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .spot-list li button {
        display: flex;
        align-items: center;
        gap: 6px;
        width: 100%;
        text-align: start;
        font: inherit;
        color: inherit;
        background: transparent;
        border: none;
        border-radius: 4px;
        padding: 4px;
        cursor: pointer;
      }
      .spot-list li button:hover,
      .spot-list li button:focus-visible {
        background: color-mix(in srgb, var(--city-accent) 14%, transparent);
      }
      .spot-list .dot {
        flex: none;
        width: 10px;
        height: 10px;
        border-radius: 50%;
      }
      .spot-list .close {
        border: none;
        background: transparent;
        color: inherit;
        font-size: 16px;
        cursor: pointer;
        line-height: 1;
      }
    `,
  ];

  /** URL of a JSON array of risk records. */
  @property() src?: string;
  /** Risk records (the "Risks" contract); replaces what `src` loaded. */
  @property({ attribute: false }) data: unknown = null;
  /** CRS of the records: `wgs84` (default) | `gcj02` | `bd09`. Converted into the map's CRS at ingest. */
  @property() crs: Crs = 'wgs84';
  /** `auto` (heat at low zoom handing over to points), `heat`, `hex` or `points`. */
  @property({ reflect: true }) mode: RiskMode = 'auto';
  /**
   * Fixed colour domain `"low,high"`: heat in weight per km² (default: from the data, once), hex
   * counts per cell in `hex-metric="count"`. Never recomputed on pan, zoom or filter. A pair the
   * layer cannot use (not two numbers 0 ≤ low < high) is reported and the data's domain is used.
   */
  @property({ attribute: 'color-domain' }) colorDomain: string | readonly [number, number] | null = null;
  /** Categories to show, comma-separated (`gas,bridge`); empty: all. */
  @property({ converter: listConverter }) categories: string[] | null = null;
  /** Levels to show, comma-separated (`major,considerable`; zh names accepted); empty: all. */
  @property({ converter: listConverter }) levels: string[] | null = null;
  /** Time window start, ISO 8601 (inclusive). Unset with `to`: all times. After `to`: reported, and the two are swapped. */
  @property({ reflect: true }) from: string | null = null;
  /** Time window end, ISO 8601 (exclusive). */
  @property({ reflect: true }) to: string | null = null;
  /** Plays the time window across the data's span (loops). */
  @property({ type: Boolean, reflect: true }) playing = false;
  /** Playback speed in steps per second (> 0). */
  @property({ type: Number }) speed = 1;
  /** Playback step: `day` | `week`. */
  @property() step: TimeStep = 'day';
  /** Window length: days (`7`, `7d`) or weeks (`2w`). */
  @property() window = '7d';
  /** Auto mode: zoom at which heat hands over to points (0–24). */
  @property({ type: Number, attribute: 'handover-zoom' }) handoverZoom = 14;
  /** Heat kernel radius in pixels (1–100). */
  @property({ type: Number, attribute: 'heat-radius' }) heatRadius = 30;
  /** Hexagon radius in metres (1–100000). Values out of range are reported and the default used. */
  @property({ type: Number, attribute: 'hex-radius' }) hexRadius = 300;
  /** Hex colour: `level` (highest level in the cell) or `count`. */
  @property({ attribute: 'hex-metric' }) hexMetric: HexMetric = 'level';
  /** `bottom-right` (default) | `bottom-left` | `top-left` | `top-right`. */
  @property({ attribute: 'legend-position', reflect: true }) legendPosition: LegendPosition = 'bottom-right';
  @property({ type: Boolean, attribute: 'hide-legend', reflect: true }) hideLegend = false;
  @property({ type: Boolean, attribute: 'hide-time-slider', reflect: true }) hideTimeSlider = false;

  @state() private table: RiskTable | null = null;
  @state() private zoom = 0;
  @state() private hover: TooltipModel | null = null;
  @state() private spotList: { x: number; y: number; rows: number[] } | null = null;
  @state() private shown: number[] = [0, 0, 0, 0, 0];
  @state() private histogram: Uint32Array | null = null;
  @state() private palette: Record<RiskLevel, Rgba> = { ...fallbackPalette() };
  @state() private legendWidth = 0;

  /** The attributes as used (defaults where a value was unusable); see model/attributes. */
  private settings: RiskSettings = { ...DEFAULT_RISK_SETTINGS };
  private packedFor: { data: unknown; crs: Crs; displayCrs: Crs } | null = null;
  private packAbort: AbortController | null = null;
  private packing: Promise<void> = Promise.resolve();
  private compiled: CompiledFilter | null = null;
  private layerData: RiskLayerData | null = null;
  private fillColors: Uint8Array | null = null;
  private radii: Float32Array | null = null;
  private domainCache = new Map<string, [number, number]>();
  /** Hex radius used per `hex-radius` for the current table, and the warning shown about it. */
  private hexFits = new Map<number, number>();
  private hexNote = '';
  private spotIndex: KDBush | null = null;
  private layers: Layer[] = [];
  private lineColor: Color = [255, 255, 255, 230];
  private highlightColor: Color = [31, 111, 235, 110];
  private readonly layerId = `city-risk-${Math.random().toString(36).slice(2, 8)}`;

  private readonly source = this.createDataSource('data', (value) => {
    this.data = value;
  });

  private readonly selection = new RiskSelection(this);

  private readonly mapLink = new MapChildController(this, {
    attached: (map) => this.attachMap(map),
    detached: (map) => {
      (map as unknown as EventTarget).removeEventListener?.('city-view-change', this.onViewChange as EventListener);
      this.selection.detach();
    },
  });

  private get map(): CityMapApi | undefined {
    return this.mapLink.map;
  }

  // ---- MapLayerChild ----------------------------------------------------------------------

  get deckLayers(): readonly Layer[] {
    return this.layers;
  }

  get dataBounds(): LonLatBounds | null {
    return this.table?.bounds ? ([...this.table.bounds] as LonLatBounds) : null;
  }

  /** Counts of what is loaded and shown (read-only; the same numbers the legend shows). */
  get stats(): RiskLayerStats {
    const table = this.table;
    const byLevel = Object.fromEntries(RISK_LEVELS.map((level) => [level, this.shown[LEVEL_RANK[level]]])) as Record<RiskLevel, number>;
    const extent = table?.timeExtent;
    return {
      total: table?.records.length ?? 0,
      valid: table?.length ?? 0,
      shown: this.shown[0],
      byLevel,
      timeSpan: extent ? [new Date(extent[0]).toISOString(), new Date(extent[1]).toISOString()] : null,
    };
  }

  /** The records currently shown, as given (in draw order: low first). Costs a pass over the data. */
  get shownRecords(): Record<string, unknown>[] {
    const table = this.table;
    const compiled = this.compiled;
    if (!table || !compiled) return [];
    const out: Record<string, unknown>[] = [];
    for (let row = 0; row < table.length; row++) if (rowVisible(table, compiled, row)) out.push(rowRecord(table, row));
    return out;
  }

  /**
   * Grid roll-up of the loaded records (see `rollUpRisks`), by default of those passing the current
   * filters. `gridCrs` is the CRS of `grids` (default `wgs84`).
   */
  rollUp(grids: FeatureCollection, level: GridLevel | string, options: { gridCrs?: Crs; filtered?: boolean } = {}): Record<string, RiskRollUp> {
    const table = this.table;
    if (!table) return Object.create(null) as Record<string, RiskRollUp>;
    // Bad grids are skipped and reported (source `grids`), never thrown.
    const issues = new IssueCollector();
    const gridCrs = options?.gridCrs ?? 'wgs84';
    if (!isCrs(gridCrs)) issues.warn('gridCrs', `gridCrs: unknown value ${describeValue(gridCrs)}; wgs84 is used`, 'unknown-value', { value: describeValue(gridCrs) });
    const units = new GridUnitIndex(grids, level, issues, { from: isCrs(gridCrs) ? gridCrs : 'wgs84', to: this.packedFor?.displayCrs ?? 'wgs84' });
    this.reportIssues('grids', issues.issues, issues.total);
    return rollUpTable(table, units, options?.filtered === false ? undefined : this.currentFilter());
  }

  /**
   * Resolves when what the current inputs describe is on screen: the data validated and packed,
   * the filters applied, and its map has drawn it. Outside a map: once the data is processed.
   */
  async rendered(): Promise<void> {
    for (;;) {
      await this.updateComplete;
      const packing = this.packing;
      await packing;
      await this.updateComplete;
      if (packing === this.packing) break;
    }
    await this.map?.rendered();
  }

  /**
   * A PNG of its map as shown (canvas and every layer's overlays, this legend and slider included);
   * `scale` multiplies the pixel size (default: the device pixel ratio). Rejects outside a map.
   */
  async toImage(options?: { scale?: number }): Promise<Blob> {
    const map = this.map as (CityMapApi & { toImage?(options?: { scale?: number }): Promise<Blob> }) | undefined;
    if (!map?.toImage) throw new Error('<city-risk-layer>: toImage() needs the layer inside a <city-map>');
    const host = map as unknown as HTMLElement;
    imageScale('city-risk-layer', options, { width: host.clientWidth, height: host.clientHeight });
    await this.rendered();
    return map.toImage(options);
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  /**
   * Moves the time window `delta` steps (as the slider's arrow keys do) and fires `city-time-change`.
   * Works with `hide-time-slider` too (the playback clock keeps running without the bar).
   */
  stepWindow(delta: number): void {
    this.slider?.stepBy(delta);
  }

  // ---- lifecycle --------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.map) this.attachMap(this.map);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.packAbort?.abort();
    this.packAbort = null;
    this.hover = null;
    this.spotList = null;
  }

  /** Found a map: follow its zoom (auto mode, point size) and build layers for its Deck. */
  private attachMap(map: CityMapApi): void {
    (map as unknown as EventTarget).addEventListener?.('city-view-change', this.onViewChange as EventListener);
    if (typeof (map as unknown as EventTarget).addEventListener === 'function') this.selection.attach(map as unknown as EventTarget);
    this.zoom = map.viewState.zoom;
    // deck.gl layer instances belong to one Deck: a new map gets new ones.
    this.refreshLayers();
  }

  private readonly onViewChange = (event: CustomEvent<{ zoom: number }>) => {
    const zoom = event.detail.zoom;
    const before = this.autoOpacity(this.zoom);
    const after = this.autoOpacity(zoom);
    const scaleChanged = this.pointScale(zoom) !== this.pointScale(this.zoom);
    this.zoom = zoom;
    if (this.spotList) this.spotList = null;
    if (scaleChanged || (this.mode === 'auto' && (before.heat !== after.heat || before.points !== after.points))) this.refreshLayers();
  };

  protected override willUpdate(changedProps: PropertyValues<this>): void {
    const changed = changedProps as PropertyValues;
    if (changed.has('src')) void this.source.load(this.src, this.requestInit);
    const { settings, issues } = resolveRiskAttributes(this);
    this.settings = settings;
    if (RISK_ATTRIBUTE_PROPS.some((name) => changed.has(name))) this.reportAttributeIssues(issues);
    const displayCrs = this.map?.crs ?? 'wgs84';
    const crs = settings.crs;
    if (this.data !== null && (!this.packedFor || !Object.is(this.packedFor.data, this.data) || this.packedFor.crs !== crs || this.packedFor.displayCrs !== displayCrs)) {
      this.packing = this.pack(this.data, crs, displayCrs);
    }
    if (changed.has('table') || changed.has('categories') || changed.has('levels') || changed.has('from') || changed.has('to')) {
      this.updateFilter(changed.has('table') || changed.has('categories') || changed.has('levels'));
    }
    if (changed.has('theme')) this.palette = this.readPalette();
  }

  protected override updated(changedProps: PropertyValues<this>): void {
    const changed = changedProps as PropertyValues;
    const layerProps = ['table', 'palette', 'mode', 'colorDomain', 'heatRadius', 'hexRadius', 'hexMetric', 'handoverZoom', 'categories', 'levels', 'from', 'to', 'theme'];
    if (layerProps.some((name) => changed.has(name))) this.refreshLayers();
    // The slider keeps clear of the legend: measured after layout, one extra render when it changes.
    const legend = this.renderRoot.querySelector<HTMLElement>('.legend-slot');
    const width = legend ? Math.ceil(legend.getBoundingClientRect().width) + 8 : 0;
    if (width !== this.legendWidth) this.legendWidth = width;
  }

  override firstUpdated(): void {
    this.palette = this.readPalette();
  }

  // ---- data -------------------------------------------------------------------------------

  private async pack(data: unknown, crs: Crs, displayCrs: Crs): Promise<void> {
    this.packAbort?.abort();
    const abort = new AbortController();
    this.packAbort = abort;
    this.packedFor = { data, crs, displayCrs };
    const total = Array.isArray(data) ? data.length : 0;
    const big = total >= ASYNC_PACK_THRESHOLD;
    try {
      const result = await packRisksAsync(
        data,
        { crs, displayCrs },
        {
          signal: abort.signal,
          chunk: big ? 100_000 : Math.max(total, 1),
          onProgress: big ? (done) => this.setProgress({ done, total, phase: 'parse' }) : undefined,
        },
      );
      if (abort.signal.aborted) return;
      if (big) this.setProgress(null);
      this.reportIssues('data', result.issues, result.issueTotal);
      this.installTable(result.table);
    } catch (error) {
      // Never thrown out of the element: e.g. an array too long to allocate is reported instead.
      if ((error as Error)?.name !== 'AbortError') this.reportIssues('data', [{ path: '', message: `Risk data could not be read: ${describeValue(String(error), 120)}`, severity: 'error', code: 'wrong-type' }]);
    }
  }

  private installTable(table: RiskTable): void {
    this.domainCache.clear();
    this.hexFits.clear();
    this.spotIndex = null;
    this.hover = null;
    this.spotList = null;
    this.radii = buildRadii(table, radiusScale(table));
    this.fillColors = buildFillColors(table, this.palette);
    this.layerData = buildLayerData(table, this.fillColors, this.radii);
    this.table = table;
    this.selection.retainIf((id) => rowOfId(table, id) >= 0);
  }

  private get effectiveMode(): RiskMode {
    return this.settings.mode;
  }

  private currentFilter() {
    const { from, to, categories, levels } = this.settings;
    return { from, to, categories, levels };
  }

  private updateFilter(histogramToo: boolean): void {
    const table = this.table;
    if (!table) return;
    const filter = this.currentFilter();
    this.compiled = compileFilter(table, filter);
    this.shown = countVisibleByLevel(table, this.compiled);
    if (histogramToo) {
      const extent = table.timeExtent;
      if (extent) {
        const noWindow = compileFilter(table, { ...filter, from: null, to: null });
        const start = new Date(extent[0]);
        start.setHours(0, 0, 0, 0);
        const days = Math.ceil((extent[1] - start.getTime()) / 86_400_000) + 62;
        this.histogram = dailyCounts(table, noWindow, start.getTime(), days);
      } else {
        this.histogram = null;
      }
    }
    if (this.spotList) this.spotList = { ...this.spotList, rows: this.spotList.rows.filter((r) => rowVisible(table, this.compiled!, r)) };
  }

  // ---- deck layers ------------------------------------------------------------------------

  /** Symbol size factor by zoom: half size at zoom ≤ 11, full size from zoom 15 (quantised). */
  private pointScale(zoom: number): number {
    return Math.round(Math.min(Math.max(0.5 + (zoom - 11) / 8, 0.5), 1) * 8) / 8;
  }

  private autoOpacity(zoom: number): { heat: number; points: number } {
    const t = Math.min(Math.max((zoom - (this.settings.handoverZoom - HANDOVER_FADE / 2)) / HANDOVER_FADE, 0), 1);
    // Quantised so a zoom animation rebuilds layer props a handful of times, not every frame.
    const points = Math.round(t * 8) / 8;
    return { heat: 1 - points, points };
  }

  private domain(key: 'heat' | 'hex', table: RiskTable): [number, number] {
    const hexRadius = this.usedHexRadius(table);
    const cacheKey = key === 'hex' ? `hex:${hexRadius}` : 'heat';
    let domain = this.domainCache.get(cacheKey);
    if (!domain) {
      domain = key === 'heat' ? heatDensityDomain(table) : [1, Math.max(2, hexCountMax(table, hexRadius))];
      this.domainCache.set(cacheKey, domain);
    }
    return domain;
  }

  /** `hex-radius`, grown (with a warning) where the data's extent would need too many hexagons. */
  private usedHexRadius(table: RiskTable): number {
    const wanted = this.settings.hexRadius;
    let used = this.hexFits.get(wanted);
    if (used === undefined) this.hexFits.set(wanted, (used = fitHexRadius(table, wanted)));
    this.noteHexRadius(used === wanted ? null : hexRadiusIssue(wanted, used));
    return used;
  }

  private noteHexRadius(issue: ReturnType<typeof hexRadiusIssue> | null): void {
    if ((issue?.message ?? '') === this.hexNote) return;
    this.hexNote = issue?.message ?? '';
    this.reportIssues('hex', issue ? [issue] : []);
  }

  private refreshLayers(): void {
    const table = this.table;
    const data = this.layerData;
    if (!table || !data || !this.compiled) {
      this.layers = [];
      this.map?.requestLayerUpdate();
      return;
    }
    const mode = this.effectiveMode;
    const auto = this.autoOpacity(this.zoom);
    const include = { heat: mode === 'heat' || mode === 'auto', hex: mode === 'hex', points: mode === 'points' || mode === 'auto' };
    const opacity = {
      heat: mode === 'heat' ? 1 : mode === 'auto' ? auto.heat : 0,
      hex: mode === 'hex' ? 0.9 : 0,
      points: mode === 'points' ? 1 : mode === 'auto' ? auto.points : 0,
    };
    const { colorDomain: explicit, hexMetric, heatRadius } = this.settings;
    const hexRadius = include.hex ? this.usedHexRadius(table) : this.settings.hexRadius;
    if (!include.hex && this.hexNote) this.noteHexRadius(null);
    const levelColors = (['low', 'general', 'considerable', 'major'] as const).map((l) => this.palette[l] as Color);
    this.layers = createRiskLayers({
      id: this.layerId,
      data,
      filter: this.compiled,
      include,
      opacity,
      heat: {
        radiusPixels: heatRadius,
        densityDomain: include.heat ? (explicit ?? this.domain('heat', table)) : null,
        colorRange: HEAT_RAMP.map((c) => toRgba(c) as Color),
        // Smaller texture, same sharpness: a 1024² float target is a quarter of 2048²'s clear and memory.
        textureSize: Math.max(this.clientWidth, this.clientHeight) <= 1366 ? 1024 : 2048,
      },
      hex: {
        radius: hexRadius,
        metric: hexMetric,
        countDomain: include.hex && hexMetric === 'count' ? (explicit ?? this.domain('hex', table)) : [1, 2],
        countColors: HEX_COUNT_RAMP.map((c) => toRgba(c) as Color),
        levelColors,
      },
      points: { lineColor: this.lineColor, highlightColor: this.highlightColor, radiusScale: this.pointScale(this.zoom) },
    });
    this.map?.requestLayerUpdate();
  }

  private readPalette(): Record<RiskLevel, Rgba> {
    const style = getComputedStyle(this);
    const palette = {} as Record<RiskLevel, Rgba>;
    for (const level of RISK_LEVELS) {
      const value = style.getPropertyValue(`--city-risk-${level}`).trim();
      try {
        palette[level] = value ? toRgba(value) : toRgba(RISK_COLORS[level]);
      } catch {
        palette[level] = toRgba(RISK_COLORS[level]);
      }
    }
    const dark = style.getPropertyValue('--city-bg').trim();
    const surface = this.matches('[theme="dark"]') || (!this.hasAttribute('theme') && matchMedia?.('(prefers-color-scheme: dark)').matches);
    this.lineColor = surface && dark ? (toRgba(dark, 230) as Color) : [255, 255, 255, 230];
    const accent = style.getPropertyValue('--city-accent').trim();
    this.highlightColor = accent ? (toRgba(accent, 110) as Color) : [31, 111, 235, 110];
    const same = this.palette && RISK_LEVELS.every((l) => this.palette[l]?.join() === palette[l].join());
    if (same) return this.palette;
    if (this.table) {
      this.fillColors = buildFillColors(this.table, palette);
      this.layerData = buildLayerData(this.table, this.fillColors, this.radii!);
    }
    return palette;
  }

  // ---- interaction ------------------------------------------------------------------------

  private levelName(level: RiskLevel): string {
    return this.t(`risk.level.${level}`);
  }

  private categoryName(category: string): string {
    return this.optionalString(`risk.category.${category}`) ?? clipText(category);
  }

  handleHover(info: PickingInfo | null): void {
    const table = this.table;
    if (!info || !table || info.index < 0 || !info.picked) {
      this.hover = null;
      return;
    }
    const source = (info.sourceLayer ?? info.layer)?.id ?? '';
    if (source.endsWith('-points')) {
      this.hover = { x: info.x, y: info.y, ...this.recordLines(info.index) };
    } else if (info.object && typeof (info.object as { count?: number }).count === 'number') {
      const cell = info.object as { count: number; colorValue: number; elevationValue: number };
      const maxRank = this.settings.hexMetric === 'count' ? cell.elevationValue : cell.colorValue;
      const level = LEVEL_BY_RANK[Math.round(maxRank)] ?? null;
      this.hover = {
        x: info.x,
        y: info.y,
        title: this.t('risk.tooltip.cell', { count: formatNumber(this.locale, cell.count) }),
        lines: level ? [`${this.t('risk.tooltip.cell-max')}：${this.levelName(level)}`] : [],
      };
    } else {
      this.hover = null;
    }
  }

  private recordLines(row: number): { title: string; lines: string[] } {
    const table = this.table!;
    const record = rowRecord(table, row);
    const level = LEVEL_BY_RANK[table.level[row]] as RiskLevel;
    const time = table.time[row];
    const colon = this.locale === 'zh-CN' ? '：' : ': ';
    const lines = [
      `${this.t('risk.tooltip.category')}${colon}${this.categoryName(table.categories[table.category[row]])}`,
      `${this.t('risk.tooltip.level')}${colon}${this.levelName(level)}`,
      `${this.t('risk.tooltip.time')}${colon}${Number.isNaN(time) ? this.t('risk.tooltip.undated') : formatLocalMinute(time)}`,
    ];
    if (typeof record.grid === 'string') lines.push(`${this.t('risk.tooltip.grid')}${colon}${clipText(record.grid)}`);
    const name = typeof record.name === 'string' && record.name.trim() ? record.name : table.ids[row];
    return { title: clipText(name), lines };
  }

  handleClick(info: PickingInfo): void {
    const table = this.table;
    const source = (info.sourceLayer ?? info.layer)?.id ?? '';
    if (!table || info.index < 0 || !source.endsWith('-points')) return;
    const rows = this.rowsAtSpot(info.index);
    this.hover = null;
    if (rows.length <= 1) {
      this.spotList = null;
      this.select(info.index);
    } else {
      this.spotList = { x: info.x, y: info.y, rows };
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('.spot-list li button')?.focus());
    }
  }

  handleKey(event: KeyboardEvent): boolean {
    if (event.key !== 'Escape') return false;
    if (this.spotList) {
      this.spotList = null;
      return true;
    }
    return this.selection.clear();
  }

  /** For the selection: is one of its shown records drawn at pixel (x, y) of its map's canvas? */
  recordAt(canvas: HTMLCanvasElement, x: number, y: number): boolean | null {
    const deck = this.map?.deck;
    if (!deck || deck.getCanvas() !== canvas) return null;
    const points = this.layers.find((layer) => layer.id.endsWith('-points') && layer.props.visible);
    if (!points) return false;
    return Boolean(deck.pickObject({ x, y, radius: 1, layerIds: [points.id] }));
  }

  /** Visible rows drawn within a few pixels of `row`'s symbol, the picked one first. */
  private rowsAtSpot(row: number): number[] {
    const table = this.table!;
    if (!this.spotIndex) {
      const index = new KDBush(table.length, 64, Float64Array);
      for (let i = 0; i < table.length; i++) index.add(table.positions[3 * i], table.positions[3 * i + 1]);
      index.finish();
      this.spotIndex = index;
    }
    const lon = table.positions[3 * row];
    const lat = table.positions[3 * row + 1];
    const degreesPerPixel = 360 / (512 * 2 ** this.zoom);
    const dx = SAME_SPOT_PIXELS * degreesPerPixel;
    const dy = dx * Math.cos((lat * Math.PI) / 180);
    const rows = this.spotIndex
      .range(lon - dx, lat - dy, lon + dx, lat + dy)
      .filter((r) => r !== row && rowVisible(table, this.compiled!, r))
      .sort((a, b) => table.level[b] - table.level[a] || a - b);
    return [row, ...rows];
  }

  private select(row: number): void {
    const table = this.table!;
    this.selection.select(table.ids[row], rowRecord(table, row), LEVEL_BY_RANK[table.level[row]] as RiskLevel);
  }

  private get slider(): import('../ui/time-slider').CityTimeSlider | null {
    return this.renderRoot?.querySelector('city-time-slider') ?? null;
  }

  private onTimeChange(event: CustomEvent<CityTimeChangeDetail>): void {
    // Let the event continue to the page (retargeted to this element); mirror it here.
    this.from = event.detail.from;
    this.to = event.detail.to;
  }

  private onPlaybackChange(event: CustomEvent<CityPlaybackChangeDetail>): void {
    const { playing, speed, step, windowDays } = event.detail;
    this.playing = playing;
    this.speed = speed;
    this.step = step;
    if (this.settings.windowDays !== windowDays) this.window = `${windowDays}d`;
  }

  paintOverlays(context: CanvasRenderingContext2D): void {
    const origin = this.getBoundingClientRect();
    const legend = this.renderRoot.querySelector('.legend-slot');
    if (legend) paintOverlayElement(context, legend, origin);
    const bar = this.slider?.shadowRoot?.querySelector('.bar');
    if (bar) {
      for (const part of bar.querySelectorAll('.range, .track')) paintOverlayElement(context, part, origin);
    }
  }

  // ---- rendering --------------------------------------------------------------------------

  private renderLegendBox() {
    const table = this.table;
    if (this.hideLegend || !table) return nothing;
    const mode = this.effectiveMode;
    const css = (rgba: Rgba) => `rgba(${rgba[0]},${rgba[1]},${rgba[2]},${(rgba[3] / 255).toFixed(3)})`;
    const format = (n: number) => formatNumber(this.locale, n);
    const hexCount = mode === 'hex' && this.settings.hexMetric === 'count';
    let entries: LegendEntry[];
    let title: string;
    if (hexCount) {
      const [lo, hi] = this.settings.colorDomain ?? this.domain('hex', table);
      const n = HEX_COUNT_RAMP.length;
      const step = (hi - lo) / n;
      entries = HEX_COUNT_RAMP.map((color, i) => {
        const a = Math.ceil(lo + step * i);
        const b = i === n - 1 ? hi : Math.ceil(lo + step * (i + 1)) - 1;
        return { label: i === n - 1 ? `≥ ${format(a)}` : a >= b ? format(a) : `${format(a)}–${format(b)}`, color };
      });
      title = this.t('risk.legend.hex-count');
    } else {
      entries = RISK_LEVELS.map((level) => ({ label: this.levelName(level), color: css(this.palette[level]), count: this.shown[LEVEL_RANK[level]] }));
      title = mode === 'hex' ? this.t('risk.legend.hex-level') : this.t('risk.legend.levels');
    }
    const heatVisible = mode === 'heat' || (mode === 'auto' && this.autoOpacity(this.zoom).heat > 0);
    const [lo, hi] = heatVisible ? (this.settings.colorDomain ?? this.domain('heat', table)) : [0, 0];
    const perKm2 = (v: number) => formatNumber(this.locale, v, { maximumSignificantDigits: 2 });
    return html`<div class="legend-slot">
      ${renderLegend({ title, entries }, { formatCount: format })}
      ${heatVisible
        ? html`<section part="legend" class="city-legend heat-scale" aria-label=${this.t('risk.legend.heat')}>
            <div class="title">${this.t('risk.legend.heat')}</div>
            <div class="ramp" aria-hidden="true"></div>
            <div class="ends">
              <span>${this.t('risk.legend.heat-low')} ${perKm2(lo)}</span><span>${perKm2(hi)}+ /km²</span>
            </div>
          </section>`
        : nothing}
      ${this.shown[0] !== table.length
        ? html`<div class="city-legend shown" role="status">${this.t('risk.legend.shown', { shown: format(this.shown[0]), total: format(table.length) })}</div>`
        : nothing}
    </div>`;
  }

  private renderSpotList() {
    const list = this.spotList;
    const table = this.table;
    if (!list || !table) return nothing;
    const width = this.clientWidth;
    const height = this.clientHeight;
    const left = list.x > width / 2 ? `${list.x - 8}px` : `${list.x + 8}px`;
    const shift = list.x > width / 2 ? 'translateX(-100%)' : 'none';
    const top = Math.min(list.y, Math.max(height - 200, 8));
    const close = () => {
      this.spotList = null;
    };
    return html`<section
      part="spot-list"
      class="spot-list"
      role="dialog"
      aria-label=${this.t('risk.list.title', { count: list.rows.length })}
      ${cssStyle({ left, top: `${top}px`, transform: shift })}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') close();
      }}
    >
      <h2>
        <span>${this.t('risk.list.title', { count: list.rows.length })}</span>
        <button class="close" type="button" aria-label=${this.t('risk.list.close')} title=${this.t('risk.list.close')} @click=${close}>×</button>
      </h2>
      <ul>
        ${list.rows.map((row) => {
          const { title } = this.recordLines(row);
          const level = LEVEL_BY_RANK[table.level[row]] as RiskLevel;
          const rgba = this.palette[level];
          return html`<li>
            <button
              type="button"
              @click=${() => {
                close();
                this.select(row);
              }}
            >
              <span class="dot" ${cssStyle({ background: `rgb(${rgba[0]},${rgba[1]},${rgba[2]})` })} aria-hidden="true"></span>
              <span>${title}</span>
              <span class="visually-hidden">${this.levelName(level)}</span>
            </button>
          </li>`;
        })}
      </ul>
    </section>`;
  }

  protected override render() {
    const table = this.table;
    const extent = table?.timeExtent ?? null;
    const { from, to, step, windowDays, speed } = this.settings;
    return html`<div class="frame" ${cssStyle({ '--city-risk-legend-width': `${this.legendWidth}px` })}>
      ${this.renderLegendBox()}
      ${extent
        ? html`<city-time-slider
            ?hidden=${this.hideTimeSlider}
            .min=${extent[0]}
            .max=${extent[1]}
            .from=${from}
            .to=${to}
            .step=${step}
            .windowDays=${windowDays}
            .speed=${speed}
            .playing=${this.playing}
            .histogram=${this.histogram}
            .t=${this.translateAny}
            @city-time-change=${this.onTimeChange}
            @city-playback-change=${this.onPlaybackChange}
          ></city-time-slider>`
        : nothing}
      ${renderTooltip(this.hover, { width: this.clientWidth, height: this.clientHeight })} ${this.renderSpotList()}
    </div>
    ${this.renderStatus()}`;
  }
}

function fallbackPalette(): Record<RiskLevel, Rgba> {
  return Object.fromEntries(RISK_LEVELS.map((level) => [level, toRgba(RISK_COLORS[level])])) as Record<RiskLevel, Rgba>;
}
