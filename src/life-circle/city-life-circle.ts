import type { FeatureCollection, Point } from 'geojson';
import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { attributeReaders, readTheme } from '../core/attributes';
import { CityElement } from '../core/base-element';
import { listConverter } from '../core/converters';
import type { Crs } from '../core/crs';
import { emit } from '../core/events';
import { renderErrorPanel, renderProgress } from '../core/status-panel';
import { effectiveTheme } from '../core/theme';
import type { CityMap } from '../map/city-map';
import { ScopeLink } from '../scope/scope-link';
import { LifeCircleAnalysis } from './analysis-controller';
import { lifeCircleStyles } from './city-life-circle.styles';
import type { IsochroneCollection } from './engine/isochrone';
import type { SiteSuggestion } from './engine/site-suggestion';
import type { LevelMinutes, LifeCircleResult, ProfileInput, TravelMode, TravelSpeeds } from './engine/types';
import type { CityAnalysisCompleteDetail, CityPlanChangeDetail, CityResidenceSelectDetail } from './events';
import { LifeCircleImport } from './import-view/controller';
import type { CityDataImportDetail } from './import-view/events';
import { renderImportButton, renderImportOverlay } from './import-view/render';
import { importStyles } from './import-view/styles';
import { PanelChoices } from './panel/choices';
import { downloadBlob } from './panel/download';
import { panelHandlers } from './panel/handlers';
import { renderPanel } from './panel/render';
import type { LifeCircleStringKey } from './panel/strings';
import { panelStyles } from './panel/styles';
import type { LonLat, Plan, PlanComparison } from './model/scenario';
import { CHECKED_PROPERTIES, DEFAULT_LEVEL, checkAttributes, clampSiteCount, lifeCircleAttributeReaders } from './view/attributes';
import type { CsvKind } from './view/csv';
import { levelConverter } from './view/input';
import { localizableIssues } from './view/issues';
import type { UnitCoverage } from './view/report';
import { settleRendering } from './view/settle';
import { LifeCircleViewModel, takeSnapshot, type LifeCircleSnapshot } from './view/view-model';
import { Workbench } from './workbench/controller';
import { workbenchStyles } from './workbench/styles';
import './panel/strings';
import { LifeCircleUnits, type UnitCoverageResult } from './units-view/controller';
import { unitsStyles } from './units-view/styles';
import { LifeCircleBriefing } from './briefing/controller';

export type { CityAnalysisCompleteDetail, CityResidenceSelectDetail, CityDataImportDetail, CityPlanChangeDetail };

declare global {
  interface HTMLElementTagNameMap {
    'city-life-circle': CityLifeCircle;
  }
}

/**
 * The 15-minute life-circle analyzer: its own `<city-map>` with residences coloured by score and
 * facilities by category, and a side panel with coverage per category, the gap list, a
 * residence's categories with ✓/✗ and distances, site suggestions and CSV export. The analysis
 * runs in a Web Worker (`analyzeLifeCircle`), is cancelled when an input changes or the element
 * leaves the page, and its result is `result`. An attribute value it does not understand (`level`,
 * `mode`, `crs`, `map-crs`, `profile` preset, `site-count`, `theme`) is a warning in `city-error`
 * and the default is used (the property keeps the given value); removing the attribute clears it.
 *
 * Inside a `<city-scope>`, the selected unit's residences (those whose `properties.grid` lies in
 * the unit or below it) keep their score colours on the map while the others fade, and the panel
 * shows the unit's coverage per category beside the whole area's; `scopeCoverage` holds those
 * numbers. Only the view follows the scope: the analysis and `result` stay as they are. With no
 * unit selected, or outside any scope, the element is as it is on its own.
 *
 * Files dropped on the element or chosen (CSV in UTF-8 or GBK, GeoJSON, zipped Shapefile) are read
 * in the browser, checked in a mapping step and set as `residences` / `facilities` / `roads`.
 *
 * What-if plans: the facilities as given are the baseline; `plans` are named lists of edits on it,
 * made on the map (add mode and a tap, drag the selected facility, arrow keys, Delete, Enter, Escape),
 * from a suggested site, or by `addFacility` / `moveFacility` / `removeFacility` (positions in `crs`),
 * with `undo` / `redo` (Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z); an edit on the baseline starts a plan.
 * `result` is the active plan's (`rendered()` waits for it), `comparison` its change against the
 * baseline; `createPlan` / `renamePlan` / `deletePlan` / `selectPlan`, `exportPlan` / `importPlan`
 * (GeoJSON) and `comparisonCsv` complete it.
 *
 * @tagname city-life-circle
 * @summary 15-minute life-circle analyzer: map + panel, engine in a Web Worker.
 * @fires {CustomEvent<CityAnalysisCompleteDetail>} city-analysis-complete - An analysis finished; detail `{summary, method, level, mode}`.
 * @fires {CustomEvent<CityResidenceSelectDetail>} city-residence-select - The user selected a residence (map click, list), or the selection was cleared (a click on the map beside the residences and facilities, Escape on the map, `selectResidence(null)`, new data without that residence); detail `{id, result}`, both null when cleared.
 * @fires {CustomEvent<CityPlanChangeDetail>} city-plan-change - The plans changed (an edit, undo, redo, a plan created, renamed, deleted, selected or imported); detail `{plan, edits, reason}` (`plan` null: the baseline is active).
 * @fires {CustomEvent<CityDataImportDetail>} city-data-import - A dropped or chosen file was imported ("use these"); detail `{role, name, format, features, rows, kept}` (boundaries reach the page only this way).
 * @fires {CustomEvent<CityProgressDetail>} city-progress - Loading, import or analysis progress; detail `{done, total, phase}` (`load`, `import`, `analysis`).
 * @fires {CustomEvent<CityErrorDetail>} city-error - Invalid input (the valid part is analysed), bad attribute values (severity `warning`), load or analysis failure; detail `{code, message, severity, issues, total}`.
 * @csspart panel - The side panel.
 * @csspart detail - The selected residence's categories.
 * @csspart map - The inner `<city-map>`.
 * @csspart canvas - The inner map's canvas.
 * @csspart controls - The inner map's zoom controls.
 * @csspart error - The data problems panel.
 * @csspart progress - The progress bar.
 * @csspart drop-zone - The drop zone over the map (while files are dragged, or while there is no data).
 * @csspart import - The import's mapping step.
 * @cssprop --city-life-circle-height - Height when the page sets none (default 600px).
 * @cssprop --city-life-circle-panel-width - Width of the side panel (default clamp(280px, 36%, 380px)).
 * @cssprop --city-life-met - Colour of ✓ (default green).
 * @cssprop --city-life-unmet - Colour of ✗ (default red).
 * @cssprop --city-life-site - Colour of suggested-site badges.
 */
export class CityLifeCircle extends CityElement<LifeCircleStringKey> {
  static override styles = [...CityElement.styles, panelStyles, lifeCircleStyles, importStyles, unitsStyles, workbenchStyles];
  static override attributeReaders = attributeReaders(CityElement.attributeReaders, lifeCircleAttributeReaders);

  /**
   * Residences: GeoJSON FeatureCollection of Points or Polygons, `properties: {id, name, population}`,
   * optionally `street` (per-street rules) and `grid` (the id of the management unit it lies in, as
   * risks and cases carry it: a `<city-scope>` around the element selects residences by it).
   */
  @property({ attribute: false }) residences?: unknown;
  /** Facilities: GeoJSON FeatureCollection of Points, `properties: {id, name, category}`. */
  @property({ attribute: false }) facilities?: unknown;
  /** Optional walking network: GeoJSON FeatureCollection of LineStrings. Without it, straight-line distances. */
  @property({ attribute: false }) roads?: unknown;
  @property({ attribute: 'residences-src' }) residencesSrc?: string;
  @property({ attribute: 'facilities-src' }) facilitiesSrc?: string;
  @property({ attribute: 'roads-src' }) roadsSrc?: string;
  /** Standard profile: a built-in id (`gb50180-2018`, default), a custom profile object, or its JSON (attribute). */
  @property() profile?: ProfileInput;
  /** URL of a custom profile JSON. */
  @property({ attribute: 'profile-src' }) profileSrc?: string;
  /** Life-circle level in minutes: 5 | 10 | 15 (categories are per level, not inclusive). */
  @property({ converter: levelConverter, reflect: true }) level: LevelMinutes = DEFAULT_LEVEL;
  /** `walk` | `bike`: bike keeps the minutes, so its distances grow by the speed ratio. */
  @property({ reflect: true }) mode: TravelMode = 'walk';
  /** Speeds in metres per minute (default walk 72, bike 250). */
  @property({ attribute: false }) speeds?: TravelSpeeds;
  /** CRS of the inputs: `wgs84` (default) | `gcj02` | `bd09`. Converted to WGS-84 for the engine. */
  @property() crs: Crs = 'wgs84';
  /** CRS of the inner map (that of its basemap). */
  @property({ attribute: 'map-crs' }) mapCrs: Crs = 'wgs84';
  /** Raster tile URL template for the inner map (none by default: works offline). */
  @property() basemap?: string;
  /** Id of the selected residence (its isochrone and categories are shown). */
  @property({ reflect: true }) selected?: string;
  /** Categories whose facilities are hidden on the map (`hidden-categories="bus-stop,pharmacy"`; `，` works too). */
  @property({ converter: listConverter, attribute: 'hidden-categories' }) hiddenCategories: readonly string[] | null = [];
  /** How many sites "suggest site" picks (1–20). */
  @property({ type: Number, attribute: 'site-count' }) siteCount = 3;
  /** Run the engine on the main thread instead of a Web Worker (e.g. where a CSP forbids workers). */
  @property({ type: Boolean, attribute: 'no-worker' }) noWorker = false;
  /** Management units for `unitCoverage`: grids GeoJSON (polygons in `crs`; `properties: {id, name, level, parent}`), or an imported boundaries file. Unset: the `<city-scope>`'s units. */
  @property({ attribute: false }) boundaries?: unknown;

  private readonly sources = {
    residences: this.createDataSource('residences', (value) => this.analysis.receive('residences', value)),
    facilities: this.createDataSource('facilities', (value) => this.analysis.receive('facilities', value)),
    roads: this.createDataSource('roads', (value) => this.analysis.receive('roads', value)),
    profile: this.createDataSource('profile', (value) => this.analysis.receive('profile', value)),
  };
  private readonly analysis = new LifeCircleAnalysis(this, {
    settings: () => ({ ...this.attrs, speeds: this.speeds, noWorker: this.noWorker }),
    loading: () => Object.values(this.sources).some((source) => source.state === 'loading'),
    moved: (bounds) => this.map?.fitBounds(bounds, { padding: 24 }),
    dropped: () => {
      this.clearSelection();
      this.clearProblem('data');
    },
    progress: (progress) => this.setProgress(progress && { ...progress, phase: 'analysis' }),
    complete: (result) => this.applyResult(result),
    failed: (detail) => this.reportProblem('analysis', 'analysis-failed', [], this.t('error.analysis-failed', { detail })),
    suggestFailed: (detail) => this.t('life.suggest.failed', { detail }),
  });
  private readonly importer = new LifeCircleImport(this, {
    settings: () => ({ crs: this.attrs.crs, profile: this.analysis.inputs.profile, roads: this.analysis.inputs.engine.roads }),
    progress: (progress) => this.setProgress(progress),
    issues: (source, issues, total) => this.reportIssues(source, issues, total),
    failed: (source, name, detail) => this.reportProblem(source, 'parse-failed', [], this.t('life.import.failed', { name, detail })),
  });
  private readonly choices = new PanelChoices(this);
  private readonly workbench = new Workbench(this, {
    analysis: this.analysis, map: () => this.map, t: this.translateAny, settings: () => ({ crs: this.attrs.crs, mapCrs: this.attrs.mapCrs, locale: this.locale, theme: effectiveTheme(this) }),
    issues: (issues) => this.reportIssues('plan', issues), download: (blob, fileName) => downloadBlob(this.renderRoot, blob, fileName), pickResidence: (id) => this.selectResidence(id),
  });
  private readonly view = new LifeCircleViewModel();
  private readonly scopeLink = new ScopeLink(this);
  private readonly units = new LifeCircleUnits(this, {
    scene: () => this.analysis.inputs.scene, result: () => this.analysis.result, scope: () => this.scopeLink.scope, boundaries: () => this.boundaries,
    setBoundaries: (value) => (this.boundaries = value), issues: (issues) => this.reportIssues('boundaries', issues),
    mapCrs: () => this.attrs.mapCrs, inputCrs: () => this.attrs.crs, locale: () => this.locale, theme: () => readTheme([], this.theme), t: this.translateAny,
  });
  private readonly briefing = new LifeCircleBriefing(this, {
    rendered: () => this.rendered(), result: () => this.analysis.result, units: () => this.units.view(), comparison: () => this.comparison, mapImage: () => this.toImage({ scale: 1 }),
    locale: () => this.locale, t: this.translateAny, residenceName: (id) => this.analysis.inputs.residenceName(id), download: (blob, name) => downloadBlob(this.renderRoot, blob, name),
  });
  /** The attributes in effect (bad values replaced by defaults); see view/attributes.ts. */
  private attrs = checkAttributes({}).value;

  // ---- Public results -----------------------------------------------------------------------

  /** The last analysis of the active plan: the same object `analyzeLifeCircle(...)` returns for these inputs, the plan's edits applied (null before). The next edit updates a plan result's columns in place (the baseline's never change). */
  get result(): LifeCircleResult | null {
    return this.analysis.result;
  }

  /** The last site suggestion (null when none is shown). */
  get suggestion(): SiteSuggestion | null {
    return this.analysis.suggestion;
  }

  /** The selected residence's isochrone (WGS-84; one feature per distinct limit of the level), or null. */
  get isochrone(): IsochroneCollection | null {
    return this.analysis.isochrone;
  }

  /**
   * The coverage of the unit the `<city-scope>` around selects, as the panel shows it beside the
   * whole area's: per category, the population of the unit's residences within reach over the
   * unit's population (read from `result`, no new analysis). Null outside a scope, with no unit
   * selected, or before a result.
   */
  get scopeCoverage(): UnitCoverage | null {
    return this.view.scopeCoverage(this.analysis.inputs.scene, this.analysis.result, this.scopeLink.scope?.selection ?? null);
  }

  /** Coverage per management unit (see `boundaries`), from `result`: `row(i)`, `rowOf(id)`; null without units or a result. */
  get unitCoverage(): UnitCoverageResult | null {
    return this.units.coverage;
  }

  /** The briefing as a PNG, once `rendered()`: the map, then the key figures (coverage per category, worst units, the active plan's change). */
  toBriefingImage(): Promise<Blob> {
    return this.briefing.image();
  }

  /** Opens the print dialog for the briefing page alone: map, figures, coverage per category and unit, gaps, plan comparison, in the element's language. */
  printBriefing(): Promise<void> {
    return this.briefing.print();
  }

  /** The inner `<city-map>`. */
  get map(): CityMap | null {
    return this.renderRoot?.querySelector('city-map') ?? null;
  }

  /**
   * Resolves when the current inputs are loaded, analysed, and the result (or the error, when the
   * analysis failed) is drawn: panel and map, with the selected residence's isochrone. The result
   * is then `result`. Resolves at once, drawing nothing, when the element is not on the page.
   */
  async rendered(): Promise<void> {
    return settleRendering(this, { importer: this.importer, analysis: this.analysis, map: () => this.map });
  }

  /** Selects a residence (or clears with null), as a click would, and fires `city-residence-select`. */
  selectResidence(id: string | null): void {
    const outcome = id === null ? undefined : this.analysis.result?.residences[id];
    this.selected = outcome ? id! : undefined;
    emit(this, 'city-residence-select', { id: outcome ? id : null, result: outcome ?? null });
  }

  /**
   * Ranks `k` new sites for a category by the population each would newly bring within its limit
   * (greedy, on the network when there is one) and marks them on the map.
   */
  async suggestSites(category: string | null = this.choices.suggestCategory, k: number = this.attrs.siteCount): Promise<SiteSuggestion | null> {
    await this.updateComplete;
    return this.analysis.suggestWhenSettled(category, clampSiteCount(k, this.attrs.siteCount), (chosen) => this.choices.suggestFor(chosen));
  }

  /** Removes the suggested sites. */
  clearSuggestion(): void {
    this.analysis.clearSuggestion();
  }

  // ---- What-if plans (see the class doc and workbench/controller.ts; positions in `crs`) ------

  /** The named plans `{name, edits}` (copies; the baseline is not one). */
  get plans(): Plan[] { return this.workbench.plans; }
  /** The active plan (a copy), null when the baseline is active. */
  get activePlan(): Plan | null { return this.workbench.activePlan; }
  /** The active plan against the baseline (per category, per residence, `direction` per row); null for the baseline. */
  get comparison(): PlanComparison | null { return this.workbench.comparison; }
  /** Adds a facility of `category` (default place: the map's centre) to the active plan; its new id, or null. */
  addFacility(category: string, position?: LonLat, name?: string): string | null { return this.workbench.addFacility(category, position, name); }
  moveFacility(id: string, position: LonLat): boolean { return this.workbench.moveFacility(id, position); }
  removeFacility(id: string): boolean { return this.workbench.removeFacility(id); }
  /** Adds the suggested site of `rank` to the active plan; the new facility's id, or null. */
  acceptSite(rank: number): string | null { return this.workbench.acceptSite(rank); }
  undo(): boolean { return this.workbench.undo(); }
  redo(): boolean { return this.workbench.redo(); }
  /** A new active plan (`copy`: with the active plan's edits); its name, made unique. */
  createPlan(name?: string, copy = false): string { return this.workbench.createPlan(name, copy); }
  renamePlan(from: string, to: string): boolean { return this.workbench.renamePlan(from, to); }
  deletePlan(name: string): boolean { return this.workbench.deletePlan(name); }
  /** Makes a plan (null: the baseline) active. */
  selectPlan(name: string | null): boolean { return this.workbench.selectPlan(name); }
  /** Reads a plan's GeoJSON (object, text or File) into a new active plan; bad features are reported in `city-error`. */
  importPlan(source: unknown): Promise<Plan | null> { return this.workbench.importPlan(source); }
  /** The active plan as GeoJSON (`properties.edit`: add / move / remove), null for the baseline. */
  exportPlan(): FeatureCollection<Point | null> | null { return this.workbench.exportPlan(); }
  /** The comparison as CSV (UTF-8 with BOM, headers in the element's language); '' without one. */
  comparisonCsv(): string { return this.workbench.comparisonCsv(); }

  /**
   * The result as CSV (UTF-8 with BOM, CRLF; headers in the element's language): `residences`
   * (one row per residence, distances per category), `gaps` or `coverage`. Empty before a result.
   */
  toCsv(kind: CsvKind = 'residences'): string {
    return this.analysis.csv(kind, this.locale, this.translateAny)?.text ?? '';
  }

  /** Downloads `toCsv(kind)` as a file. */
  downloadCsv(kind: CsvKind = 'residences', fileName?: string): void {
    const csv = this.analysis.csv(kind, this.locale, this.translateAny);
    if (csv) downloadBlob(this.renderRoot, new Blob([csv.text], { type: 'text/csv;charset=utf-8' }), fileName ?? csv.fileName);
  }

  /**
   * PNG of the map as shown (with the score legend), for slides, once `rendered()`. `scale`
   * multiplies the pixel size (default: the device pixel ratio). Rejects with an Error naming the
   * element when nothing can be drawn (not on the page, or the map cannot draw).
   */
  async toImage(options: { scale?: number } = {}): Promise<Blob> {
    await this.rendered();
    const map = this.map;
    if (!this.isConnected || !map) throw new Error('<city-life-circle>: no image, the element is not on the page');
    try {
      return await map.toImage(options);
    } catch (error) {
      throw new Error(`<city-life-circle>: no image: ${(error as Error).message}`);
    }
  }

  // ---- Lifecycle ----------------------------------------------------------------------------

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.progress = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    for (const name of ['residences', 'facilities', 'roads', 'profile'] as const) {
      if (changed.has(`${name}Src`)) void this.sources[name].load(this[`${name}Src`], this.requestInit).then(() => this.analysis.loaded());
    }
    this.analysis.receiveChanged(changed, this);
    const before = this.attrs;
    if (CHECKED_PROPERTIES.some((name) => changed.has(name))) this.attrs = checkAttributes(this).value;
    this.analysis.settingsChanged(changed, before, this.attrs);
    this.analysis.prepare();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.analysis.update(this.selected ?? null);
  }

  // ---- Rendering ----------------------------------------------------------------------------

  protected override render() {
    const theme = readTheme([], this.theme);
    const snapshot = this.snapshot();
    return html`<div class="frame">
      <div class="layout">
        <div class="map-area">
          <city-map part="map" exportparts="canvas, controls" theme=${ifDefined(theme)} lang=${this.locale} crs=${this.attrs.mapCrs} basemap=${ifDefined(this.basemap)}>
            ${this.units.layer()}
            ${this.workbench.renderLayer(this.view.layer(snapshot), theme)}
          </city-map>
          ${renderImportOverlay(this.importer, this.translateAny, this.locale, !this.analysis.inputs.hasData)}
        </div>
        ${renderPanel(
          this.view.panel(snapshot),
          this.handlers,
          renderErrorPanel([...this.problems.values()], this.translateAny, () => {
            this.problems = new Map();
          }),
          renderImportButton(this.importer, this.translateAny),
          [this.units.section(), this.briefing.section()],
          this.workbench.render(),
        )}
      </div>
      ${renderProgress(this.progress, this.t(this.progress?.phase === 'load' ? 'progress.loading' : this.progress?.phase === 'import' ? 'life.import.progress' : 'progress.analyzing'))}
    </div>`;
  }

  private snapshot(): LifeCircleSnapshot {
    const own = { selected: this.selected ?? null, hiddenCategories: this.hiddenCategories, locale: this.locale, strings: this.strings, theme: effectiveTheme(this) };
    return takeSnapshot(this.analysis, this.attrs, this.choices, { ...own, scope: this.scopeLink.scope?.selection ?? null });
  }

  private readonly handlers = panelHandlers(this, this.choices, () => this.attrs.siteCount);

  // ---- Analysis -----------------------------------------------------------------------------

  private applyResult(result: LifeCircleResult): void {
    this.clearProblem('analysis');
    this.reportIssues('data', localizableIssues(result.issues), result.issueCount);
    this.choices.follow(result, this.locale);
    if (this.selected !== undefined && result.residences[this.selected] === undefined) this.clearSelection();
    emit(this, 'city-analysis-complete', { summary: result.summary, method: result.method, level: result.level, mode: result.mode });
  }

  /** The selected residence is gone (new data or inputs taken away): cleared, as `city-residence-select` with `id: null`. */
  private clearSelection(): void {
    if (this.selected === undefined) return;
    this.selected = undefined;
    emit(this, 'city-residence-select', { id: null, result: null });
  }
}
