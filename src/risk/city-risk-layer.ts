import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { FeatureCollection } from 'geojson';
import { attributeReaders } from '../core/attributes';
import { listConverter } from '../core/converters';
import type { Crs } from '../core/crs';
import type { Theme } from '../core/theme';
import { IssueCollector } from '../core/validation';
import type { CityMapApi, LonLatBounds, MapPoint } from '../map/map-context';
import { MapLayerElement } from '../map/map-layer-element';
import type { CityTimeSlider } from '../ui/time-slider';
import { riskLayerStyles } from './city-risk-layer.styles';
import { DEFAULT_RISK_SETTINGS, RISK_ATTRIBUTE_READERS, resolveRiskAttributes, reversedWindowIssue, type HexMetric, type LegendPosition, type RiskMode, type RiskSettings } from './model/attributes';
import { RiskDomains, handoverShare, pointScale, riskDrawing } from './model/display';
import { riskStats, showRisks, shownRecords, type RiskLayerStats, type RiskShown } from './model/filter';
import { LEVEL_BY_RANK, type RiskLevel } from './model/level';
import { rollUpPacked, type GridLevel, type RiskRollUp } from './model/rollup';
import { rowOfId, rowRecord, type RiskTable } from './model/table';
import type { TimeStep } from './model/timeline';
import { RiskPacker } from './packer';
import { RiskPointer } from './pointer';
import { RiskScope } from './scope';
import { RiskSelection, type CityRiskSelectDetail } from './selection';
import type { RiskStringKey } from './strings';
import './strings';
import { LegendWidth, renderRiskLegend, riskCornerParts } from './view/legend-box';
import { DEFAULT_RISK_COLORS, readRiskColors, sameColors } from './view/palette';
import type { RiskText } from './view/record-text';
import type { RiskPickingInfo } from './view/risk-layer';
import { RiskDeckLayers } from './deck-layers';
import { paintSliderOverlays, renderRiskSlider, sliderCornerBoxes } from './view/time-slider';

declare global {
  interface CityEventMap {
    'city-risk-select': CityRiskSelectDetail;
  }
  interface HTMLElementTagNameMap {
    'city-risk-layer': CityRiskLayer;
  }
}

export type { CityRiskSelectDetail, RiskLayerStats };

/**
 * Urban risks on a `<city-map>`: a level-weighted heat map, hexagons (highest level or count per
 * cell) or one symbol per record in the four level colours (重大 red, 较大 orange, 一般 yellow,
 * 低 blue), with category / level filters and time-window playback. Colour domains are fixed per
 * data set so colours do not shift on pan, zoom or filter. Heat filters on the GPU; hexagons are
 * aggregated on the CPU and only cells holding shown records are drawn; points draw the shown
 * records in and around the view, and where more than a screenful would be drawn, only the topmost
 * (highest level) record of each few-pixel square. `stats`, the legend and `shownRecords` always
 * count every record passing the filters, in view or not.
 *
 * Inside a `<city-scope>` it shows only the records whose `grid` lies in the scope's unit (or a
 * unit below it), filtered on the GPU like the other filters; a record without a `grid` (or with one
 * the hierarchy does not know) lies in the deepest unit whose polygon holds it when the hierarchy
 * has polygons (a grid layer's, or `units` GeoJSON), else in none. `stats`, the legend counts and the slider's histogram
 * count the unit's records. Its time window follows the scope's (the scope wins over the layer's
 * own `from` / `to` while it is in one), and the user's slider moves set the scope's window.
 *
 * @tagname city-risk-layer
 * @summary Risk layer: heat / hex / points in four level colours, with time playback.
 * @fires {CustomEvent<CityRiskSelectDetail>} city-risk-select - A record was clicked (or chosen in the same-spot list):
 *   `{id, record, level}`; again with all three null when the selection clears (a click on the map beside the records,
 *   Escape, new data without the record).
 * @fires {CustomEvent<CityTimeChangeDetail>} city-time-change - The time window moved (slider or playback): `{from, to}` ISO 8601, both null for "all".
 * @fires {CustomEvent<CityPlaybackChangeDetail>} city-playback-change - Play/pause, speed, step or window length changed: `{playing, speed, step, windowDays}`.
 * @fires {CustomEvent<CityErrorDetail>} city-error - Invalid records (skipped or fixed), a bad attribute value or a load failure:
 *   `{code, message, severity, issues: [{path, message}], total}`.
 * @fires {CustomEvent<CityProgressDetail>} city-progress - Loading / packing progress: `{done, total, phase}`.
 * @csspart legends - The legend box in its corner (the legends and the shown count).
 * @csspart legend - A legend (level names and colours; heat or count scale).
 * @csspart time-slider - The playback bar.
 * @csspart tooltip - The hover tooltip.
 * @csspart spot-list - The list of records sharing a clicked spot.
 * @csspart error - The error panel.
 * @csspart progress - The progress bar.
 * @cssprop --city-risk-major - Colour of 重大 major (default red #e02020).
 * @cssprop --city-risk-considerable - Colour of 较大 considerable (default orange #f28c28).
 * @cssprop --city-risk-general - Colour of 一般 general (default yellow #f2c500).
 * @cssprop --city-risk-low - Colour of 低 low (default blue #2f7fd8).
 * @cssprop --city-risk-slider-left - Left edge of the time slider (default 12px, or clear of this layer's bottom-left legend).
 * @cssprop --city-risk-slider-right - Right edge of the time slider (default: clear of this layer's legend).
 */
export class CityRiskLayer extends MapLayerElement<RiskStringKey> {
  static override styles = riskLayerStyles;
  static override attributeReaders = attributeReaders(MapLayerElement.attributeReaders, RISK_ATTRIBUTE_READERS);

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
  /** Categories to show, comma-separated (`gas,bridge`; `，` too); empty: all. */
  @property({ converter: listConverter }) categories: readonly string[] | null = null;
  /** Levels to show, comma-separated (`major,considerable`; zh names accepted); empty: all. */
  @property({ converter: listConverter }) levels: readonly string[] | null = null;
  /** Time window start, ISO 8601 (inclusive). Unset with `to`: all times. After `to`: reported, and the two are swapped. */
  @property({ reflect: true }) from: string | null = null;
  /** Time window end, ISO 8601 (exclusive). Inside a `<city-scope>` both follow the scope's window. */
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
  /** Level fills, outline and highlight, from the CSS tokens in effect. */
  @state() private colors = DEFAULT_RISK_COLORS;

  protected override overlayParts = ['legends'];

  /** The attributes as used (defaults where a value was unusable); see model/attributes. */
  private settings: RiskSettings = { ...DEFAULT_RISK_SETTINGS };
  /** What the current filter shows (recomputed in `willUpdate`, before the render that shows it). */
  private shown: RiskShown | null = null;
  private domains: RiskDomains | null = null;
  private colorsTheme: Theme | null = null;

  private readonly source = this.createDataSource('data', (value) => {
    this.data = value;
  });

  private readonly selection = new RiskSelection(this);
  /** The slider keeps clear of the legend (CSSOM: CSP-safe, no extra render). */
  private readonly legendWidth = new LegendWidth(this);
  private readonly scope = new RiskScope(this);
  private readonly riskLayers = new RiskDeckLayers((issues) => this.reportIssues('hex', issues));

  private readonly packer = new RiskPacker({
    progress: (progress) => this.setProgress(progress),
    issues: (issues, total) => this.reportIssues('data', issues, total),
    table: (table) => this.installTable(table),
  });

  private readonly pointer = new RiskPointer(this, () => {
    const { shown, zoom, text, selection } = this;
    if (!shown) return null;
    return { table: shown.table, compiled: shown.compiled, zoom, palette: this.colors.palette, text, select: (row) => this.select(row), clearSelection: () => selection.clear() };
  });

  // ---- public API -------------------------------------------------------------------------

  get deckLayers(): readonly Layer[] {
    return this.riskLayers.layers;
  }

  get dataBounds(): LonLatBounds | null {
    return this.table?.bounds ? ([...this.table.bounds] as LonLatBounds) : null;
  }

  /** Counts of what is loaded and shown (read-only; the same numbers the legend shows). */
  get stats(): RiskLayerStats {
    return riskStats(this.table, this.shown?.counts ?? [0, 0, 0, 0, 0]);
  }

  /** The records currently shown, as given (in draw order: low first). Costs a pass over the data. */
  get shownRecords(): Record<string, unknown>[] {
    return this.shown ? shownRecords(this.shown.table, this.shown.compiled) : [];
  }

  /**
   * Grid roll-up of the loaded records (see `rollUpRisks`), by default of those passing the current
   * filters. `gridCrs` is the CRS of `grids` (default `wgs84`).
   */
  rollUp(grids: FeatureCollection, level: GridLevel | string, options: { gridCrs?: Crs; filtered?: boolean } = {}): Record<string, RiskRollUp> {
    if (!this.table) return Object.create(null) as Record<string, RiskRollUp>;
    // Bad grids are skipped and reported (source `grids`), never thrown.
    const issues = new IssueCollector();
    const filter = options?.filtered === false ? undefined : this.scope.filterOf(this.table, this.settings, this.packer.displayCrs);
    const result = rollUpPacked(this.table, grids, level, { gridCrs: options?.gridCrs, displayCrs: this.packer.displayCrs, filter }, issues);
    this.reportIssues('grids', issues.issues, issues.total);
    return result;
  }

  /**
   * Resolves when what the current inputs describe is on screen: the data validated and packed,
   * the filters applied, and its map has drawn it. Outside a map: once the data is processed.
   */
  async rendered(): Promise<void> {
    for (;;) {
      await this.source.settled(); // the `src` data, also a request made again on reconnect
      await this.updateComplete;
      const packing = this.packer.packing;
      await packing;
      await this.updateComplete;
      if (packing === this.packer.packing) break;
    }
    await this.map?.rendered();
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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.packer.cancel();
  }

  /** Follows the map's zoom (auto mode, symbol size) and clicks (to clear the selection); new layers for its Deck. */
  protected override mapAttached(map: CityMapApi): void {
    (map as unknown as EventTarget).addEventListener('city-view-change', this.onViewChange as EventListener);
    this.selection.attach(map as unknown as EventTarget);
    this.zoom = map.viewState.zoom;
    // deck.gl layer instances belong to one Deck: a new map gets new ones.
    this.refreshLayers();
  }

  protected override mapDetached(map: CityMapApi): void {
    (map as unknown as EventTarget).removeEventListener('city-view-change', this.onViewChange as EventListener);
    this.selection.detach();
  }

  private readonly onViewChange = (event: CustomEvent<{ zoom: number }>) => {
    const { zoom } = event.detail;
    const { handoverZoom, mode } = this.settings;
    const handoverMoved = mode === 'auto' && handoverShare(zoom, handoverZoom) !== handoverShare(this.zoom, handoverZoom);
    const scaleMoved = pointScale(zoom) !== pointScale(this.zoom);
    this.zoom = zoom;
    this.pointer.closeList();
    if (handoverMoved || scaleMoved) this.refreshLayers();
  };

  protected override willUpdate(changedProps: PropertyValues<this>): void {
    super.willUpdate(changedProps);
    const changed = changedProps as PropertyValues;
    if (changed.has('src')) void this.source.load(this.src, this.requestInit);
    const scopeChanged = this.scope.takeChange();
    if (scopeChanged) Object.assign(this, this.scope.window);
    // Playback over (the bar's pause, pause() or the property): its last window is written for good.
    if (changed.has('playing') && !this.playing) this.scope.settleWindow();
    this.settings = resolveRiskAttributes(this).settings;
    if (changed.has('from') || changed.has('to')) {
      const reversed = reversedWindowIssue(this);
      this.reportAttributeIssues(reversed ? [reversed] : []);
    }
    if (changed.has('legendPosition')) this.cornerParts = riskCornerParts(this.settings.legendPosition);
    if (this.effectiveTheme !== this.colorsTheme) {
      this.colorsTheme = this.effectiveTheme;
      const colors = readRiskColors(this, this.colorsTheme);
      if (!sameColors(colors, this.colors)) this.colors = colors;
    }
    this.packer.update(this.data, this.settings.crs, this.map?.crs ?? 'wgs84');
    if (this.table && (scopeChanged || ['table', 'categories', 'levels', 'from', 'to', 'hideTimeSlider'].some((name) => changed.has(name)))) {
      const filter = this.scope.filterOf(this.table, this.settings, this.packer.displayCrs);
      // No histogram while the slider is hidden (it is the only reader).
      this.shown = showRisks(this.table, filter, changed.has('table') ? null : this.shown, { histogram: !this.hideTimeSlider });
      this.pointer.keepVisible(this.table, this.shown.compiled);
    }
  }

  protected override updated(changedProps: PropertyValues<this>): void {
    const changed = changedProps as PropertyValues;
    const layerProps = ['table', 'colors', 'mode', 'colorDomain', 'heatRadius', 'hexRadius', 'hexMetric', 'handoverZoom'];
    if (this.riskLayers.isStale(this.shown) || layerProps.some((name) => changed.has(name))) this.refreshLayers();
    super.updated(changedProps);
  }

  // ---- data -------------------------------------------------------------------------------

  private installTable(table: RiskTable): void {
    this.domains = new RiskDomains(table);
    this.pointer.reset();
    this.table = table;
    this.selection.retainIf((id) => rowOfId(table, id) >= 0);
  }

  // ---- deck layer -------------------------------------------------------------------------

  private refreshLayers(): void {
    const { layerId: id, shown, domains, settings, colors, zoom } = this;
    this.riskLayers.build({ id, shown, domains, settings, colors, zoom, hoveredCell: this.pointer.hoveredCell });
    this.map?.requestLayerUpdate();
  }

  // ---- interaction ------------------------------------------------------------------------

  private get text(): RiskText {
    return { locale: this.locale, t: this.translateAny, optional: (key) => this.optionalString(key) };
  }

  /** @internal Hex mode answers picks on the CPU (its hexagons are not GPU-pickable); the other modes are picked by deck.gl. */
  pickAt(point: MapPoint): RiskPickingInfo | null {
    return this.settings.mode === 'hex' && !this.hidden ? this.pointer.pickHex(point, this.riskLayers.layers[0] ?? null) : null;
  }

  handleHover(info: PickingInfo | null): void {
    if (this.pointer.handleHover(info)) this.refreshLayers();
  }

  handleClick(info: PickingInfo): void {
    this.pointer.handleClick(info);
  }

  handleKey(event: KeyboardEvent): boolean {
    return this.pointer.handleKey(event);
  }

  /** For the selection: is one of its shown records drawn at pixel (x, y) of its map's canvas? */
  recordAt(canvas: HTMLCanvasElement, x: number, y: number): boolean | null {
    return this.riskLayers.recordAt(this.map?.deck, this.layerId, canvas, x, y);
  }

  private select(row: number): void {
    const table = this.table!;
    this.selection.select(table.ids[row], rowRecord(table, row), LEVEL_BY_RANK[table.level[row]] as RiskLevel);
  }

  private get slider(): CityTimeSlider | null {
    return this.renderRoot?.querySelector('city-time-slider') ?? null;
  }

  /** @internal The time slider stretches to the room it gets (see `sliderCornerBoxes`). */
  override cornerBoxes() {
    return sliderCornerBoxes(super.cornerBoxes(), this.cornerParts);
  }

  /** @internal The legends (base), and the slider's range text and track. */
  override paintOverlays(context: CanvasRenderingContext2D): void {
    super.paintOverlays(context);
    paintSliderOverlays(context, this.slider, (this.map as unknown as Element | undefined)?.getBoundingClientRect() ?? this.getBoundingClientRect());
  }

  // ---- rendering --------------------------------------------------------------------------

  protected override render() {
    const { table, domains } = this;
    const drawing = table && domains ? riskDrawing(this.settings, domains, this.zoom) : null;
    return html`<div class="frame">
      ${drawing && table && !this.hideLegend
        ? renderRiskLegend(
            { kind: drawing.legend, palette: this.colors.palette, shown: this.shown?.counts ?? [0, 0, 0, 0, 0], total: table.length, countDomain: drawing.hexCountDomain, heatDomain: drawing.heatLegendDomain },
            this.text,
          )
        : nothing}
      ${renderRiskSlider({
        extent: table?.timeExtent ?? null,
        settings: this.settings,
        playing: this.playing,
        hidden: this.hideTimeSlider,
        histogram: this.shown?.histogram ?? null,
        t: this.translateAny,
        // The events go on to the page (retargeted to this element); the layer mirrors them.
        onTimeChange: ({ detail }) => {
          Object.assign(this, { from: detail.from, to: detail.to });
          this.scope.writeWindow(detail.from, detail.to, this.slider?.adjusting ?? false);
        },
        onPlaybackChange: ({ detail }) => {
          Object.assign(this, { playing: detail.playing, speed: detail.speed, step: detail.step });
          if (this.settings.windowDays !== detail.windowDays) this.window = `${detail.windowDays}d`;
        },
        onRelease: () => this.scope.settleWindow(),
      })}
      ${this.pointer.render()}
    </div>
    ${this.renderStatus()}`;
  }
}
