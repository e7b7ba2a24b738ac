import { css, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { CityElement } from '../core/base-element';
import { crsTransform, type Crs } from '../core/crs';
import { emit } from '../core/events';
import { registerStrings } from '../core/i18n';
import { effectiveTheme } from '../core/theme';
import { IssueCollector } from '../core/validation';
import type { CityMap } from '../map/city-map';
import { renderErrorPanel, renderProgress } from '../core/status-panel';
import type { LegendModel } from '../ui/legend';
import { packRoads, type RoadLines } from './engine/roads';
import type { IsochroneCollection } from './engine/isochrone';
import type { SiteSuggestion } from './engine/site-suggestion';
import type {
  LevelMinutes,
  LifeCircleInput,
  LifeCircleResult,
  LifeCircleSummary,
  ProfileInput,
  ResidenceOutcome,
  StandardCategory,
  TravelMode,
  TravelSpeeds,
} from './engine/types';
import { validateLifeCircleInput } from './engine/validate';
import { renderPanel, type PanelHandlers, type PanelModel } from './panel/render';
import { panelStyles } from './panel/styles';
import { categoryColors, scoreColorColumn } from './view/colors';
import { describeTarget, facilityLinks, scoreLegend } from './view/map-model';
import { csvFileName, csvRows, toCsv, type CsvKind } from './view/csv';
import { convertCollection, levelConverter, listConverter } from './view/input';
import { CHECKED_ATTRIBUTES, DEFAULT_LEVEL, checkAttributes, clampSiteCount, type EffectiveAttributes } from './view/attributes';
import { localizableIssues } from './view/issues';
import type { Describe, FacilityLink, LifeCirclePickDetail, SiteMarker } from './view/life-circle-layer';
import {
  ALL_RESIDENCES,
  allResidences,
  coverageRows,
  gapResidences,
  isochroneDistances,
  residenceDetail,
  suggestableCategories,
  type GapResidence,
} from './view/report';
import { createRunner, isAbort, isWorkerFailure, type LifeCircleRunner } from './view/runner';
import { buildScene, facilityCounts, sceneScores, type LifeCircleScene } from './view/scene';
import type { LifeCircleStringKey } from './panel/strings';
import './panel/strings';

export interface CityAnalysisCompleteDetail {
  summary: LifeCircleSummary;
  method: LifeCircleResult['method'];
  level: LifeCircleResult['level'];
  mode: TravelMode;
}

export interface CityResidenceSelectDetail {
  /** Null when the selection was cleared. */
  id: string | null;
  /** The residence's entry of `result.residences` (the same object). */
  result: ResidenceOutcome | null;
}

declare global {
  interface CityEventMap {
    'city-analysis-complete': CityAnalysisCompleteDetail;
    'city-residence-select': CityResidenceSelectDetail;
  }
  interface HTMLElementTagNameMap {
    'city-life-circle': CityLifeCircle;
  }
}


const GAP_PAGE = 30;

type Inputs = { residences?: unknown; facilities?: unknown; roads?: unknown };

/**
 * The 15-minute life-circle analyzer: its own `<city-map>` with residences coloured by score and
 * facilities by category, and a side panel with coverage per category, the gap list, a
 * residence's categories with ✓/✗ and distances, site suggestions and CSV export. The analysis
 * runs in a Web Worker (`analyzeLifeCircle`), is cancelled when an input changes or the element
 * leaves the page, and its result is `result`. An attribute value it does not understand (`level`,
 * `mode`, `crs`, `map-crs`, `profile` preset, `site-count`) is a warning in `city-error` and the
 * default is used (the property keeps the given value); removing the attribute clears it.
 *
 * @tagname city-life-circle
 * @summary 15-minute life-circle analyzer: map + panel, engine in a Web Worker.
 * @fires city-analysis-complete - An analysis finished: `{summary, method, level, mode}`.
 * @fires city-residence-select - The user selected a residence (map click, list), or the selection was cleared (a click on the map beside the residences and facilities, Escape on the map, `selectResidence(null)`, new data without that residence): `{id, result}`, both null when cleared.
 * @fires city-progress - Loading or analysis progress: `{done, total, phase}`.
 * @fires city-error - Invalid input (the valid part is analysed), bad attribute values, load or analysis failure: `{code, message, severity, issues}`.
 * @csspart panel - The side panel.
 * @csspart detail - The selected residence's categories.
 * @csspart map - The inner `<city-map>`.
 * @csspart error - The data problems panel.
 * @csspart progress - The progress bar.
 * @cssprop --city-life-circle-height - Height when the page sets none (default 600px).
 * @cssprop --city-life-circle-panel-width - Width of the side panel (default clamp(280px, 36%, 380px)).
 * @cssprop --city-life-met - Colour of ✓ (default green).
 * @cssprop --city-life-unmet - Colour of ✗ (default red).
 * @cssprop --city-life-site - Colour of suggested-site badges.
 */
export class CityLifeCircle extends CityElement<LifeCircleStringKey> {
  static override styles = [
    ...CityElement.styles,
    panelStyles,
    css`
      :host {
        display: block;
        position: relative;
        height: var(--city-life-circle-height, 600px);
        min-height: 320px;
        background: var(--city-bg);
        --city-life-warning: var(--city-warning);
        --city-on-accent: #ffffff;
      }
      :host([theme='dark']) {
        --city-life-warning: #ffc266;
        --city-on-accent: #07111f;
      }
      @media (prefers-color-scheme: dark) {
        :host(:not([theme])) {
          --city-life-warning: #ffc266;
          --city-on-accent: #07111f;
        }
      }
      :host([hidden]) {
        display: none;
      }
      .frame {
        position: absolute;
        inset: 0;
        container-type: size;
      }
      .layout {
        position: absolute;
        inset: 0;
        display: grid;
        grid-template-columns: minmax(0, 1fr) var(--city-life-circle-panel-width, clamp(280px, 36%, 380px));
        grid-template-rows: minmax(0, 1fr);
      }
      .map-area {
        position: relative;
        min-width: 0;
        min-height: 0;
      }
      city-map {
        height: 100%;
      }
      .warning {
        color: var(--city-life-warning);
      }
      .method[data-method='straight-line'] {
        color: var(--city-life-warning);
      }
      @container (max-width: 640px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
          grid-template-rows: minmax(200px, 1fr) minmax(0, 1fr);
        }
        .panel {
          border-left: none;
          border-top: 1px solid var(--city-border);
        }
      }
    `,
  ];

  /** Residences: GeoJSON FeatureCollection of Points or Polygons, `properties: {id, name, population}`. */
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
  /** Categories whose facilities are hidden on the map (`hidden-categories="bus-stop,pharmacy"`). */
  @property({ converter: listConverter, attribute: 'hidden-categories' }) hiddenCategories: string[] = [];
  /** How many sites "suggest site" picks (1–20). */
  @property({ type: Number, attribute: 'site-count' }) siteCount = 3;
  /** Run the engine on the main thread instead of a Web Worker (e.g. where a CSP forbids workers). */
  @property({ type: Boolean, attribute: 'no-worker' }) noWorker = false;

  @state() private running = false;
  @state() private gapFilter: string | null = null;
  @state() private gapLimit = GAP_PAGE;
  @state() private suggestCategory: string | null = null;
  @state() private suggestBusy = false;
  @state() private suggestError: string | null = null;
  @state() private revision = 0;

  private readonly sources = {
    residences: this.createDataSource('residences', (value) => this.receive('residences', value)),
    facilities: this.createDataSource('facilities', (value) => this.receive('facilities', value)),
    roads: this.createDataSource('roads', (value) => this.receive('roads', value)),
    profile: this.createDataSource('profile', (value) => this.receive('profile', value)),
  };
  private raw: Inputs & { profile?: ProfileInput } = {};
  private engineInput: Inputs = {};
  private roadLines: RoadLines | null = null;
  private runner: LifeCircleRunner | null = null;
  private run: AbortController | null = null;
  private isochroneRun: AbortController | null = null;
  /** The isochrone being computed for the selection (never rejects), for `rendered()`. */
  private isochroneTask: Promise<void> | null = null;
  private suggestRun: AbortController | null = null;
  private waiters: ((result: LifeCircleResult | null) => void)[] = [];
  private needs = { ingest: false, analysis: false, scene: false };
  private analysisResult: LifeCircleResult | null = null;
  private scene: LifeCircleScene | null = null;
  private profileCategories: StandardCategory[] = [];
  private colors = new Map<string, string>();
  private facilityCounts = new Map<string, number>();
  private residenceColors: Uint8Array | null = null;
  private isochroneWgs: IsochroneCollection | null = null;
  private isochroneDisplay: FeatureCollection<MultiPolygon> | null = null;
  private isochroneFor: string | null = null;
  private siteSuggestion: SiteSuggestion | null = null;
  private siteMarkers: SiteMarker[] = [];
  private links: FacilityLink[] = [];
  private gapsCache: { key: unknown[]; rows: GapResidence[] } | null = null;
  private fittedScene = false;
  private analysisDeferred = false;
  /** The attributes in effect (bad values replaced by defaults); see view/attributes.ts. */
  private attrs: EffectiveAttributes = checkAttributes({ level: undefined, mode: undefined, crs: undefined, mapCrs: undefined, profile: undefined, siteCount: undefined }).value;

  // ---- Public results -----------------------------------------------------------------------

  /** The last analysis: the same object `analyzeLifeCircle(...)` returns for these inputs (null before). */
  get result(): LifeCircleResult | null {
    return this.analysisResult;
  }

  /** The last site suggestion (null when none is shown). */
  get suggestion(): SiteSuggestion | null {
    return this.siteSuggestion;
  }

  /** The selected residence's isochrone (WGS-84; one feature per distinct limit of the level), or null. */
  get isochrone(): IsochroneCollection | null {
    return this.isochroneWgs;
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
    while (this.isConnected) {
      await this.settled();
      await this.updateComplete;
      await this.isochroneTask;
      await this.updateComplete;
      const map = this.map;
      if (!this.isConnected || !map) return;
      await map.rendered();
      // An input changed meanwhile: wait for that one too.
      if (!this.busy() && this.isochroneRun === null && !this.isUpdatePending) return;
    }
  }

  /** Resolves with the result once no analysis is pending or running (null if the last one failed). */
  private async settled(): Promise<LifeCircleResult | null> {
    await this.updateComplete;
    if (!this.busy()) return this.analysisResult;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Selects a residence (or clears with null), as a click would, and fires `city-residence-select`. */
  selectResidence(id: string | null): void {
    const known = id !== null && this.analysisResult?.residences[id] !== undefined;
    this.selected = known ? id! : undefined;
    emit(this, 'city-residence-select', {
      id: known ? id : null,
      result: known ? this.analysisResult!.residences[id!]! : null,
    });
  }

  /**
   * Ranks `k` new sites for a category by the population each would newly bring within its limit
   * (greedy, on the network when there is one) and marks them on the map.
   */
  async suggestSites(category: string | null = this.suggestCategory, k: number = this.attrs.siteCount): Promise<SiteSuggestion | null> {
    const result = await this.settled();
    if (!result || !category || !this.isConnected) return null;
    this.suggestRun?.abort();
    const controller = new AbortController();
    this.suggestRun = controller;
    this.suggestCategory = category;
    this.suggestBusy = true;
    this.suggestError = null;
    const count = clampSiteCount(k, this.attrs.siteCount);
    try {
      const suggestion = await this.ensureRunner().client.suggestSites({ category, k: count }, { signal: controller.signal });
      if (this.suggestRun !== controller) return null;
      if (suggestion.sites.length === 0 && suggestion.issues.length > 0) this.suggestError = suggestion.issues[0]!.message;
      this.setSuggestion(suggestion);
      return suggestion;
    } catch (error) {
      if (this.suggestRun !== controller || isAbort(error)) return null;
      this.suggestError = this.t('life.suggest.failed', { detail: (error as Error).message });
      return null;
    } finally {
      if (this.suggestRun === controller) {
        this.suggestRun = null;
        this.suggestBusy = false;
      }
    }
  }

  /** Removes the suggested sites. */
  clearSuggestion(): void {
    this.suggestRun?.abort();
    this.suggestRun = null;
    this.suggestBusy = false;
    this.suggestError = null;
    this.setSuggestion(null);
  }

  /**
   * The result as CSV (UTF-8 with BOM, CRLF; headers in the element's language): `residences`
   * (one row per residence, distances per category), `gaps` or `coverage`. Empty before a result.
   */
  toCsv(kind: CsvKind = 'residences'): string {
    const result = this.analysisResult;
    if (!result) return '';
    return toCsv(csvRows(kind, result, this.locale, this.translateAny, { residence: (id) => this.residenceName(id) }));
  }

  /** Downloads `toCsv(kind)` as a file. */
  downloadCsv(kind: CsvKind = 'residences', fileName?: string): void {
    const result = this.analysisResult;
    if (!result) return;
    const blob = new Blob([this.toCsv(kind)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName ?? csvFileName(kind, result, this.translateAny);
    link.style.display = 'none';
    this.renderRoot.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
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

  override connectedCallback(): void {
    super.connectedCallback();
    // A reconnected element gets a fresh worker, which needs the data again.
    if (this.hasUpdated && this.hasInputs()) {
      this.needs.analysis = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.run?.abort();
    this.run = null;
    this.isochroneRun?.abort();
    this.isochroneRun = null;
    this.isochroneFor = null;
    this.suggestRun?.abort();
    this.suggestRun = null;
    this.suggestBusy = false;
    this.running = false;
    this.progress = null;
    this.runner?.client.terminate();
    this.runner = null;
    this.resolveWaiters();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    for (const name of ['residences', 'facilities', 'roads', 'profile'] as const) {
      const src = `${name}Src` as const;
      if (changed.has(src)) void this.sources[name].load(this[src], this.requestInit).then(() => this.afterLoad());
    }
    for (const name of ['residences', 'facilities', 'roads'] as const) {
      // Initial undefined is no input; undefined after a value clears it.
      if (changed.has(name) && (this[name] !== undefined || changed.get(name) !== undefined)) this.receive(name, this[name]);
    }
    if (CHECKED_ATTRIBUTES.some((name) => changed.has(name))) {
      // One attribute policy: bad values are warnings and fall back; see view/attributes.ts.
      const before = this.attrs;
      const { level, mode, crs, mapCrs, profile, siteCount } = this;
      const { value, issues } = checkAttributes({ level, mode, crs, mapCrs, profile, siteCount });
      this.attrs = value;
      this.reportAttributeIssues(issues);
      if (changed.has('profile')) this.receive('profile', value.profile);
      if (value.crs !== before.crs && (this.raw.residences ?? this.raw.facilities ?? this.raw.roads) !== undefined) this.needs.ingest = true;
      if (value.mapCrs !== before.mapCrs) this.needs.scene = true;
      if (changed.has('level') || changed.has('mode')) this.needs.analysis = true;
    }
    if (changed.has('speeds')) this.needs.analysis = true;
    if (this.needs.ingest) this.ingest();
    else if (this.needs.scene && this.scene) this.rebuildScene();
    if (changed.has('theme') && this.analysisResult) this.recolor();
    if (changed.has('hiddenCategories')) this.updateLinks();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.needs.analysis) this.startAnalysis();
    if (changed.has('selected') || this.isochroneFor !== (this.selected ?? null)) this.updateSelection();
  }

  // ---- Rendering ----------------------------------------------------------------------------

  protected override render() {
    const theme = this.theme;
    const scene = this.scene;
    const selectedRow = scene && this.selected ? (scene.residences.row.get(this.selected) ?? -1) : -1;
    return html`<div class="frame">
      <div class="layout">
        <div class="map-area">
          <city-map part="map" exportparts="canvas, controls" theme=${ifDefined(theme)} lang=${this.locale} crs=${this.attrs.mapCrs} basemap=${ifDefined(this.basemap)}>
            <city-life-circle-layer
              theme=${ifDefined(theme)}
              lang=${this.locale}
              .scene=${scene}
              .residenceColors=${this.residenceColors}
              .categoryColors=${this.colors}
              .shownCategories=${this.shownCategories()}
              .selectedRow=${selectedRow}
              .isochrone=${this.isochroneDisplay}
              .links=${this.links}
              .sites=${this.siteMarkers}
              .legend=${this.legendModel()}
              .describe=${this.describe}
              .pick=${this.onPick}
            ></city-life-circle-layer>
          </city-map>
        </div>
        ${renderPanel(
          this.panelModel(),
          this.handlers,
          renderErrorPanel([...this.problems.values()], this.translateAny, () => {
            this.problems = new Map();
          }),
        )}
      </div>
      ${renderProgress(this.progress, this.t(this.progress?.phase === 'load' ? 'progress.loading' : 'progress.analyzing'))}
    </div>`;
  }

  private panelModel(): PanelModel {
    const result = this.analysisResult;
    const locale = this.locale;
    const t = this.translateAny;
    const hidden = new Set(this.hiddenCategories);
    const detail = result && this.selected ? residenceDetail(result, this.selected, locale, (id) => this.residenceName(id), (id) => this.facilityName(id)) : null;
    const bands = this.isochroneWgs?.features ?? [];
    const outer = bands.length ? bands[bands.length - 1]!.properties : null;
    return {
      locale,
      t,
      running: this.running,
      result,
      level: this.attrs.level,
      mode: this.attrs.mode,
      coverage: result ? coverageRows(result, locale, this.colors, hidden, this.facilityCounts) : [],
      detail,
      isochroneMinutes: detail && outer && outer.reachable ? outer.minutes : null,
      gaps: result ? this.gapRows(result) : [],
      gapFilter: this.gapFilter,
      gapLimit: this.gapLimit,
      suggestCategories: result ? suggestableCategories(result, locale) : [],
      suggestCategory: this.suggestCategory,
      suggestK: this.attrs.siteCount,
      suggestion: this.siteSuggestion,
      suggestBusy: this.suggestBusy,
      suggestError: this.suggestError,
      selectedId: this.selected ?? null,
    };
  }

  private readonly handlers: PanelHandlers = {
    level: (level) => {
      this.level = level;
    },
    mode: (mode) => {
      this.mode = mode;
    },
    toggleCategory: (key, visible) => {
      const hidden = new Set(this.hiddenCategories);
      if (visible) hidden.delete(key);
      else hidden.add(key);
      this.hiddenCategories = [...hidden];
    },
    selectResidence: (id) => this.selectResidence(id),
    gapFilter: (category) => {
      this.gapFilter = category;
      this.gapLimit = GAP_PAGE;
    },
    moreGaps: () => {
      this.gapLimit += GAP_PAGE;
    },
    suggestCategory: (key) => {
      this.suggestCategory = key;
    },
    suggestK: (k) => {
      if (Number.isFinite(k)) this.siteCount = clampSiteCount(k, this.attrs.siteCount);
    },
    suggest: () => void this.suggestSites(),
    clearSuggestion: () => this.clearSuggestion(),
    exportCsv: (kind) => this.downloadCsv(kind),
  };

  private gapRows(result: LifeCircleResult): GapResidence[] {
    const key = [result, this.gapFilter, this.locale, this.scene];
    if (this.gapsCache && this.gapsCache.key.every((v, i) => v === key[i])) return this.gapsCache.rows;
    const nameOf = (id: string) => this.residenceName(id);
    const rows = this.gapFilter === ALL_RESIDENCES ? allResidences(result, this.locale, nameOf) : gapResidences(result, this.locale, nameOf, this.gapFilter);
    this.gapsCache = { key, rows };
    return rows;
  }

  private shownCategoriesCache: { key: unknown[]; value: Set<string> } | null = null;

  /** Categories whose facilities are drawn: those analysed (or of the level, before a result), minus hidden ones. */
  private shownCategories(): ReadonlySet<string> {
    const key = [this.analysisResult, this.profileCategories, this.attrs.level, this.hiddenCategories.join(',')];
    if (this.shownCategoriesCache && this.shownCategoriesCache.key.every((v, i) => v === key[i])) return this.shownCategoriesCache.value;
    const hidden = new Set(this.hiddenCategories);
    const keys = this.analysisResult
      ? this.analysisResult.categories.map((c) => c.key)
      : this.profileCategories.filter((c) => c.level === this.attrs.level).map((c) => c.key);
    const value = new Set(keys.filter((k) => !hidden.has(k)));
    this.shownCategoriesCache = { key, value };
    return value;
  }

  private legendCache: { key: unknown[]; value: LegendModel | null } | null = null;

  private legendModel(): LegendModel | null {
    const key = [this.analysisResult, this.locale, this.strings, this.theme, this.scene];
    if (this.legendCache && this.legendCache.key.every((v, i) => v === key[i])) return this.legendCache.value;
    const scene = this.scene;
    const value =
      this.analysisResult && scene
        ? scoreLegend(sceneScores(scene, this.analysisResult), this.locale, this.translateAny, effectiveTheme(this))
        : null;
    this.legendCache = { key, value };
    return value;
  }

  private readonly describe: Describe = (kind, row) =>
    this.scene
      ? describeTarget(kind, row, {
          scene: this.scene,
          result: this.analysisResult,
          suggestion: this.siteSuggestion,
          categories: this.profileCategories,
          locale: this.locale,
          t: this.translateAny,
        })
      : null;

  private readonly onPick = ({ kind, row }: LifeCirclePickDetail) => {
    if (kind === null) this.selectResidence(null);
    else if (kind === 'residence') {
      const id = this.scene?.residences.ids[row];
      if (id !== undefined) this.selectResidence(id);
    }
  };

  // ---- Inputs and analysis ------------------------------------------------------------------

  private receive(name: keyof Inputs | 'profile', value: unknown): void {
    if (name === 'profile') {
      if (this.raw.profile === value) return;
      this.raw.profile = value as ProfileInput | undefined;
    } else {
      if (this.raw[name] === value) return;
      this.raw[name] = value;
    }
    this.needs.ingest = true;
    this.requestUpdate();
  }

  private loading(): boolean {
    return Object.values(this.sources).some((s) => s.state === 'loading');
  }

  private hasInputs(): boolean {
    return this.raw.residences !== undefined && this.raw.facilities !== undefined;
  }

  private busy(): boolean {
    return this.run !== null || this.needs.ingest || this.needs.analysis || this.loading();
  }

  private afterLoad(): void {
    if (this.run || this.loading()) return;
    this.setProgress(null);
    if (this.analysisDeferred && this.hasInputs()) {
      // A failed load (e.g. roads) must not block the analysis of what did load.
      this.needs.analysis = true;
      this.requestUpdate();
    } else if (!this.needs.ingest && !this.needs.analysis) this.resolveWaiters();
  }

  private resolveWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(this.isConnected ? this.analysisResult : null);
  }

  /** Converts the inputs to WGS-84, validates them for drawing, and starts an analysis. */
  private ingest(): void {
    this.needs.ingest = false;
    const crs = this.attrs.crs;
    const roads = this.raw.roads === undefined || this.raw.roads === null ? null : convertCollection(this.raw.roads, crs, 'wgs84');
    // Packed once here: the engine takes the typed arrays as they are, and the map draws from them.
    this.roadLines = roads === null ? null : packRoads(roads);
    this.engineInput = {
      residences: convertCollection(this.raw.residences, crs, 'wgs84'),
      facilities: convertCollection(this.raw.facilities, crs, 'wgs84'),
      roads: this.roadLines ?? undefined,
    };
    this.rebuildScene();
    this.setSuggestion(null);
    if (!this.hasInputs() && this.analysisResult) {
      // An input was taken away: the old result no longer describes the data.
      this.run?.abort();
      this.run = null;
      this.analysisResult = null;
      this.clearSelection();
      this.clearProblem('data');
      this.recolor();
    }
    this.needs.analysis = true;
  }

  /** The drawing for the current inputs and map CRS (same validation as the engine: same rows and ids). */
  private rebuildScene(): void {
    this.needs.scene = false;
    const input = this.engineInput;
    if (input.residences === undefined && input.facilities === undefined) {
      this.scene = null;
      return;
    }
    const quiet = new IssueCollector(0);
    // With the roads, so points outside the study area are left out exactly as the engine does.
    const tables = validateLifeCircleInput({ residences: input.residences, facilities: input.facilities, roads: this.roadLines ?? undefined }, { profile: this.raw.profile }, quiet);
    const roads = tables.roads;
    const toDisplay = this.attrs.mapCrs === 'wgs84' ? null : crsTransform('wgs84', this.attrs.mapCrs);
    const first = this.scene === null;
    this.scene = buildScene(tables, featuresOf(input.residences), roads, toDisplay);
    this.facilityCounts = facilityCounts(this.scene);
    this.profileCategories = tables.profile.categories;
    this.colors = categoryColors(tables.profile.categories);
    this.recolor();
    this.isochroneDisplay = this.isochroneWgs ? convertCollection(this.isochroneWgs, 'wgs84', this.attrs.mapCrs) : null;
    this.setSuggestion(this.siteSuggestion);
    this.updateLinks();
    // The map fits itself to the first data; later data sets move it here.
    if (!first && this.scene.bounds && this.fittedScene) this.map?.fitBounds(this.scene.bounds, { padding: 24 });
    this.fittedScene = true;
  }

  private ensureRunner(): LifeCircleRunner {
    if (!this.runner) this.runner = createRunner(!this.noWorker);
    return this.runner;
  }

  private startAnalysis(): void {
    this.needs.analysis = false;
    if (!this.isConnected) return;
    this.analysisDeferred = this.loading();
    if (!this.hasInputs() || this.analysisDeferred) {
      if (!this.analysisDeferred) this.resolveWaiters();
      return;
    }
    this.run?.abort();
    this.isochroneRun?.abort();
    this.isochroneRun = null;
    this.isochroneFor = null;
    this.suggestRun?.abort();
    this.suggestRun = null;
    this.suggestBusy = false;
    const controller = new AbortController();
    this.run = controller;
    this.running = true;
    this.setProgress({ done: 0, total: 0, phase: 'analysis' });
    void this.analyze(controller, true);
  }

  private async analyze(controller: AbortController, retryOnWorkerFailure: boolean): Promise<void> {
    const runner = this.ensureRunner();
    const options = { profile: this.raw.profile, level: this.attrs.level, mode: this.attrs.mode, ...(this.speeds ? { speeds: this.speeds } : {}) };
    try {
      const result = await runner.client.analyze(this.engineInput as LifeCircleInput, options, {
        signal: controller.signal,
        onProgress: (p) => {
          if (this.run === controller) this.setProgress({ done: p.done, total: p.total, phase: 'analysis' });
        },
      });
      if (this.run !== controller) return;
      this.finishRun(controller);
      this.applyResult(result);
    } catch (error) {
      if (this.run !== controller || isAbort(error)) return;
      if (retryOnWorkerFailure && runner.kind === 'worker' && isWorkerFailure(error)) {
        // The worker script could not run here: the same engine on the main thread.
        runner.client.terminate();
        this.runner = createRunner(false);
        return this.analyze(controller, false);
      }
      this.finishRun(controller);
      this.reportProblem('analysis', 'analysis-failed', [], this.t('error.analysis-failed', { detail: (error as Error).message }));
      this.resolveWaiters();
    }
  }

  private finishRun(controller: AbortController): void {
    if (this.run !== controller) return;
    this.run = null;
    this.running = false;
    this.setProgress(null);
  }

  private applyResult(result: LifeCircleResult): void {
    this.analysisResult = result;
    this.clearProblem('analysis');
    const issues = localizableIssues(result.issues);
    if (issues.length === 0) this.clearProblem('data');
    else this.reportIssues('data', issues, result.issueCount);
    this.recolor();
    const suggestable = suggestableCategories(result, this.locale);
    if (!suggestable.some((c) => c.key === this.suggestCategory)) {
      this.suggestCategory = (suggestable.find((c) => c.required) ?? suggestable[0])?.key ?? null;
    }
    this.setSuggestion(null);
    if (this.gapFilter !== null && this.gapFilter !== ALL_RESIDENCES && !result.categories.some((c) => c.key === this.gapFilter)) this.gapFilter = null;
    if (this.selected !== undefined && result.residences[this.selected] === undefined) this.clearSelection();
    this.isochroneFor = null; // re-drawn for the new level / mode
    this.updateLinks();
    this.revision++;
    emit(this, 'city-analysis-complete', { summary: result.summary, method: result.method, level: result.level, mode: result.mode });
    this.resolveWaiters();
  }

  private recolor(): void {
    const scene = this.scene;
    this.residenceColors = scene ? scoreColorColumn(sceneScores(scene, this.analysisResult), effectiveTheme(this)) : null;
  }

  private setSuggestion(suggestion: SiteSuggestion | null): void {
    this.siteSuggestion = suggestion;
    const toDisplay = this.attrs.mapCrs === 'wgs84' ? null : crsTransform('wgs84', this.attrs.mapCrs);
    this.siteMarkers = (suggestion?.sites ?? []).map((site) => ({
      rank: site.rank,
      position: toDisplay ? toDisplay(site.coordinates[0], site.coordinates[1]) : [site.coordinates[0], site.coordinates[1]],
    }));
    this.requestUpdate();
  }

  // ---- Selection ----------------------------------------------------------------------------

  /** The selected residence is gone (new data or inputs taken away): cleared, as `city-residence-select` with `id: null`. */
  private clearSelection(): void {
    if (this.selected === undefined) return;
    this.selected = undefined;
    emit(this, 'city-residence-select', { id: null, result: null });
  }

  private updateSelection(): void {
    const id = this.selected ?? null;
    this.updateLinks();
    // Handled already (drawn, on its way, or failed: a failure is not retried until the next result).
    if (this.isochroneFor === id) return;
    this.isochroneRun?.abort();
    this.isochroneRun = null;
    this.isochroneFor = id;
    if (this.isochroneWgs) {
      // Another residence (or none): the old shape must not linger while the new one is computed.
      this.isochroneWgs = null;
      this.isochroneDisplay = null;
      this.requestUpdate();
    }
    const result = this.analysisResult;
    if (id === null || !result || result.residences[id] === undefined || this.run || !this.isConnected) {
      if (id !== null && this.run) this.isochroneFor = null; // retried after the run
      return;
    }
    this.isochroneTask = this.loadIsochrone(id, result);
  }

  private async loadIsochrone(id: string, result: LifeCircleResult): Promise<void> {
    const controller = new AbortController();
    this.isochroneRun = controller;
    try {
      const collection = await this.ensureRunner().client.isochrone({ residence: id }, { distance: isochroneDistances(result) }, { signal: controller.signal });
      if (this.isochroneRun !== controller) return;
      this.isochroneWgs = collection;
      this.isochroneDisplay = convertCollection(collection, 'wgs84', this.attrs.mapCrs) as FeatureCollection<MultiPolygon>;
    } catch (error) {
      if (this.isochroneRun !== controller || isAbort(error)) return;
      this.isochroneWgs = null;
      this.isochroneDisplay = null;
    } finally {
      if (this.isochroneRun === controller) this.isochroneRun = null;
      this.requestUpdate();
    }
  }

  /** Lines from the selected residence to its nearest facility of each analysed category. */
  private updateLinks(): void {
    const { scene, analysisResult: result, selected } = this;
    this.links = scene && result && selected !== undefined ? facilityLinks(scene, result, selected, this.colors, new Set(this.hiddenCategories)) : [];
  }

  private residenceName(id: string): string | null {
    const scene = this.scene;
    const row = scene?.residences.row.get(id);
    return row === undefined ? null : (scene!.residences.names[row] ?? null);
  }

  private facilityName(id: string): string | null {
    const scene = this.scene;
    const row = scene?.facilities.row.get(id);
    return row === undefined ? null : (scene!.facilities.names[row] ?? null);
  }
}

function featuresOf(collection: unknown): unknown[] {
  const features = (collection as { features?: unknown } | null | undefined)?.features;
  return Array.isArray(features) ? features : [];
}
