/**
 * `<city-closure-funnel>`: the closed-loop workflow of city cases as an SVG funnel. Wiring only:
 * inputs go to the model (`computeFunnel`), the result to the chart (chart/funnel-chart.ts: layout
 * and SVG), selections out as `city-stage-select`.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CityElement } from '../core/base-element';
import { emit } from '../core/events';
import { computeFunnel } from './model/compute';
import type { CaseFilter, FunnelResult, PresetName, ReportingPeriod, StageDefinition, StageLimit, WorkingCalendar } from './model/types';
import type { RateOptions } from './model/indicators';
import type { Orientation } from './chart/layout';
import { FunnelChart } from './chart/funnel-chart';
import type { Presented } from './chart/presented';
import { stageKeyAction, stageSelectDetail, selectedIndex, type CityStageSelectDetail } from './chart/selection';
import type { PresentContext, RateMode } from './chart/present';
import { funnelStyles } from './chart/styles';
import { placeTooltip, renderCards, renderLegend, renderTables, renderTooltip, type PanelInput, type TooltipPlace as Tooltip } from './chart/panels';
import type { FunnelStringKey } from './chart/strings';
import './chart/strings';
import { FUNNEL_READERS, funnelOptions, readSettings, SETTING_NAMES } from './chart/settings';
import { attributeReaders } from '../core/attributes';
import { imageScale, type ImageOptions } from '../core/image';
import { offsetOf } from './scope-filter';
import { FunnelScope } from './scope-count';
import { renderScopeChips } from './chart/scope-chips';

export type { CityStageSelectDetail };

declare global {
  interface CityEventMap {
    'city-stage-select': CityStageSelectDetail;
  }
  interface HTMLElementTagNameMap {
    'city-closure-funnel': CityClosureFunnel;
  }
}

/**
 * @tagname city-closure-funnel
 * @summary Problem-closure funnel: where cases pile up, which stage is slow, what closes on time.
 *
 * @fires {CustomEvent<CityStageSelectDetail>} city-stage-select - A stage was clicked or chosen with Enter/Space: `{id, stage, index, label, caseIds, metrics}`
 *   (`id` = `stage` = the stage key). Also fires when the selection clears — the selected stage clicked (Enter/Space)
 *   again, Escape on a stage, `selectStage(null)`, or new data without that stage — with `id: null` (every field null). New data that still has the selected stage fires it again with the new figures.
 * @fires {CustomEvent<CityErrorDetail>} city-error - Invalid input (skipped records are listed; valid cases still count), or a setting it
 *   cannot use (a warning naming the attribute or property; the default is used until it is fixed).
 *   A case id sent twice counts once, as its last valid record.
 * @fires {CustomEvent<CityProgressDetail>} city-progress - Loading `src`: `{done, total, phase}`.
 *
 * Inside a `<city-scope>` it counts only the cases whose `grid` lies in the scope's unit (or any unit
 * below it) and whose first stage falls in the scope's window (both ends inclusive), on top of its
 * own `filter`; chips above the cards name those limits and remove them for the whole scope.
 *
 * @csspart chart - The SVG.
 * @csspart scope - The chips naming the scope's unit and window.
 * @csspart scope-chip - One chip (a button: removes that limit).
 * @csspart cards - The headline rate cards.
 * @csspart card - One indicator card (hover or focus shows its formula with the base figures' names).
 * @csspart legend - The legend under the chart.
 * @csspart tooltip - The hover / focus tooltip.
 * @csspart error - The data-problem panel.
 * @csspart progress - The loading bar.
 *
 * @cssprop --city-funnel-block - Colour of the first stage's block.
 * @cssprop --city-funnel-block-end - Colour of the last stage's block (stages in between blend).
 * @cssprop --city-funnel-on-block - Text colour on blocks.
 * @cssprop --city-funnel-overdue - Colour of the overdue hatching.
 * @cssprop --city-funnel-rework - Colour of rework arcs.
 * @cssprop --city-funnel-good - Colour of a change for the better on the cards.
 * @cssprop --city-funnel-bad - Colour of a change for the worse on the cards.
 * @cssprop --city-funnel-duration - Length of the update animation (e.g. `600ms`; `0ms` turns it off).
 */
export class CityClosureFunnel extends CityElement<FunnelStringKey> {
  static override styles = [...CityElement.styles, funnelStyles];
  static override attributeReaders = attributeReaders(CityElement.attributeReaders, FUNNEL_READERS);

  /** URL of the cases JSON (raw `{preset?, cases}` or pre-aggregated `{stages}`). */
  @property() src?: string;

  /** The cases as a value: raw `{preset?, cases: [...]}`, a bare array of cases, or pre-aggregated `{stages: [...]}`. */
  @property({ attribute: false }) data: unknown = null;

  /** Stage preset: `city-management` | `hotline-12345` | `problem-list` (else the input's `preset`). */
  @property({ reflect: true }) preset?: PresetName;

  /** Custom stages (keys or `{key, label?, role?}`), in display order; they win over `preset`. */
  @property({ attribute: false }) stages?: Array<string | StageDefinition>;

  /** A second funnel to compare with (e.g. last month), drawn as dashed outlines and card deltas. */
  @property({ attribute: false }) compareData: unknown = null;

  /** Name of the main series (e.g. 本月). */
  @property() label?: string;

  /** Name of the comparison (e.g. 上月). */
  @property({ attribute: 'compare-label' }) compareLabel?: string;

  /** Rate printed next to each count: of the first stage, of the previous one, or of all cases. The tooltip shows all three. */
  @property({ reflect: true }) rate: RateMode = 'first';

  /** `vertical` (stages top to bottom) or `horizontal` (left to right). */
  @property({ reflect: true }) orientation: Orientation = 'vertical';

  /** Working calendar for deadlines and durations (hours, holidays, make-up days). */
  @property({ attribute: false }) calendar?: WorkingCalendar;

  /** Default time allowed per stage when a case carries no `due` for it. */
  @property({ attribute: false }) limits?: Record<string, StageLimit>;

  /** Reference time for "pending past due" (ISO string, epoch ms or Date); defaults to the current time. */
  @property() now?: string | number | Date;

  /** Which cases count: `{tier?, channel?, grid?, category?, from?, to?}` (values may be lists). */
  @property({ attribute: false }) filter?: CaseFilter;

  /** Period of the indicators of raw cases, `{from, to}` (`to` exclusive): events in it count, with carry-over; all time when unset. */
  @property({ attribute: false }) period?: ReportingPeriod;

  /**
   * Period of the comparison's indicators (e.g. the month before `period`); all time when unset.
   * Without `compareData`, the data itself is compared over this period.
   */
  @property({ attribute: false }) comparePeriod?: ReportingPeriod;

  /** Indicator definitions where cities differ, e.g. `{rework: {denominator: 'handled'}, accurateDispatch: {include: true}}`. */
  @property({ attribute: false }) rates?: RateOptions;

  @state() private tooltip: Tooltip | null = null;
  @state() private result: FunnelResult | null = null;
  @state() private compareResult: FunnelResult | null = null;
  @state() private focusIndex = 0;
  /** Key of the selected stage, or null. */
  @state() private selectedKey: string | null = null;

  private readonly chart = new FunnelChart(this, () => ({ svg: this.renderRoot.querySelector('svg'), area: this.renderRoot.querySelector('.chart-area') }));
  /** The `<city-scope>` around the funnel, if any: its unit and window filter the cases. */
  private readonly scope = new FunnelScope(this);
  /** The settings as checked (chart/settings.ts): what the element draws and computes with. */
  private settings = readSettings({});
  private focusPending = false;
  /** The selection's figures changed with the data (or it cleared): tell listeners after the redraw. */
  private selectionChanged = false;
  /** Loads `src` (aborted when it changes; made again when a disconnect cut it short). */
  private readonly source = this.createDataSource('data', (value) => {
    this.data = value;
  });

  /** The figures behind the picture (`computeFunnel`'s result), or null before any data. */
  get metrics(): FunnelResult | null {
    return this.result;
  }

  /** The comparison's figures, or null. */
  get compareMetrics(): FunnelResult | null {
    return this.compareResult;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.tooltip = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('src')) void this.source.load(this.src, this.requestInit);
    // The loader reports progress but not its end: hide the bar once nothing is loading.
    if (this.progress && this.source.state !== 'loading') this.setProgress(null);
    if (SETTING_NAMES.some((name) => changed.has(name))) this.settings = readSettings(this);
    const scopeChanged = this.scope.takeChange();
    const ownOptionsChanged = (['preset', 'stages', 'calendar', 'limits', 'now', 'filter', 'period', 'rates'] as const).some((name) => changed.has(name));
    const optionsChanged = scopeChanged || ownOptionsChanged;
    // Built only when something is recounted: most updates are hovers and focus moves.
    if (!optionsChanged && !changed.has('data') && !changed.has('compareData') && !changed.has('comparePeriod')) return;
    if (ownOptionsChanged || changed.has('data')) this.scope.inputsChanged();
    const ownOptions = funnelOptions(this.settings, this.locale, this);
    const offset = offsetOf(this.settings.calendar);
    if (changed.has('data') || optionsChanged) {
      if (this.data == null) {
        this.result = null;
        this.clearProblem('data');
      } else {
        this.result = this.scope.count(this.data, ownOptions, offset);
        this.reportIssues('data', this.result.issues, this.result.issueCount);
      }
      this.focusIndex = Math.min(this.focusIndex, Math.max(0, (this.result?.stages.length ?? 1) - 1));
      this.tooltip = null;
      if (this.selectedKey != null) {
        if (selectedIndex(this.result, this.selectedKey) == null) this.selectedKey = null;
        this.selectionChanged = true;
      }
    }
    // Without compareData, a comparePeriod compares the data with itself over that period (month on month).
    const compareInput = this.compareData ?? (this.comparePeriod != null ? this.data : null);
    const ownDataCompared = compareInput === this.data && changed.has('data');
    if (changed.has('compareData') || changed.has('comparePeriod') || optionsChanged || ownDataCompared) {
      if (compareInput == null) {
        this.compareResult = null;
        this.clearProblem('compare-data');
      } else {
        const options = { ...ownOptions, filter: this.scope.filter(ownOptions.filter, offset), period: this.comparePeriod };
        this.compareResult = computeFunnel(compareInput, options);
        this.reportIssues('compare-data', this.compareResult.issues, this.compareResult.issueCount);
      }
    }
  }

  private context(): PresentContext {
    return { locale: this.locale, t: this.translateAny, rate: this.settings.rate };
  }

  /** The texts for the current result (built once per result and wording), or null without one. */
  private presented(ctx = this.context()): Presented | null {
    return this.result && this.chart.presented(this.result, this.compareResult, ctx, this.otherLabel(), this.strings);
  }

  private otherLabel(): string {
    return this.settings.compareLabel || this.t('funnel.compare');
  }

  override render(): TemplateResult {
    const result = this.result;
    const ctx = this.context();
    const presented = this.presented(ctx);
    const hasStages = !!result && result.stages.length > 0;
    const parts: PanelInput | null = result && presented ? { result, compare: this.compareResult, ctx, presented, otherLabel: this.otherLabel(), t: (key, params) => this.t(key, params) } : null;
    const title = this.settings.label ? `${this.t('funnel.title')} · ${this.settings.label}` : this.t('funnel.title');
    return html`<div class="frame">
      ${renderScopeChips(this.scope.scope, (key, params) => this.t(key, params), this.locale)}
      ${parts ? renderCards(parts) : nothing}
      <div class="chart-area">
        <svg
          part="chart"
          role="group"
          aria-roledescription=${this.t('funnel.title')}
          aria-label=${title}
          aria-describedby="summary"
          @click=${this.onClick}
          @keydown=${this.onKeyDown}
          @pointermove=${this.onPointerMove}
          @pointerleave=${this.onPointerLeave}
          @focusin=${this.onFocusIn}
          @focusout=${this.onFocusOut}
        ></svg>
        ${hasStages ? nothing : html`<div class="empty-note">${this.t('funnel.empty')}</div>`}
      </div>
      ${hasStages ? renderLegend(parts!) : nothing}
      ${parts ? renderTooltip(parts, this.tooltip) : nothing}
      <p id="summary" class="visually-hidden">${presented ? presented.summary : this.t('funnel.empty')}</p>
      ${hasStages ? renderTables(parts!, title) : nothing}
    </div>
    ${this.renderStatus()}`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The chart draws only when what it shows changed.
    this.chart.draw({ presented: this.presented(), orientation: this.settings.orientation, focusIndex: this.focusIndex, selectedIndex: selectedIndex(this.result, this.selectedKey) });
    if (this.focusPending) {
      this.focusPending = false;
      this.chart.stageGroup(this.focusIndex)?.focus();
    }
    if (this.selectionChanged) {
      this.selectionChanged = false;
      emit(this, 'city-stage-select', stageSelectDetail(this.result, selectedIndex(this.result, this.selectedKey), this.locale));
    }
  }

  private stageIndexOf(event: Event): number | null {
    return this.chart.stageIndexOf(event, this.result?.stages.length ?? 0);
  }

  /**
   * Selects stage `index` and fires `city-stage-select` (also when it was selected already);
   * `null` (or an index with no stage) clears the selection, firing `{id: null, …}` if there was one.
   */
  selectStage(index: number | null): void {
    const stage = index == null ? undefined : this.result?.stages[index];
    if (!stage) {
      if (this.selectedKey == null) return;
      this.selectedKey = null;
    } else this.selectedKey = stage.key;
    emit(this, 'city-stage-select', stageSelectDetail(this.result, stage ? index : null, this.locale));
  }

  /** A click, Enter or Space on stage `index`: selects it, or clears the selection when it is the selected one. */
  private toggleStage(index: number): void {
    this.selectStage(this.result?.stages[index]?.key === this.selectedKey ? null : index);
  }

  /**
   * Resolves when what the current inputs describe is on screen: `src` loaded, `metrics`
   * computed and the chart drawn in its final state (a running animation is finished at once).
   * Inputs changed meanwhile are waited for too. Resolves also when loading fails (the error
   * panel is what is shown then). Pending while the element is not in a document.
   */
  async rendered(): Promise<void> {
    for (;;) {
      await this.updateComplete;
      if (this.source.state === 'loading') {
        await this.source.settled(); // also a request made again on reconnect
        continue;
      }
      if (this.isUpdatePending) continue;
      this.chart.finish();
      return;
    }
  }

  /**
   * PNG of the picture for slides: the headline rates above the chart, in the current theme and
   * language. `scale`: output pixels per CSS pixel (default 2). Waits for `rendered()`; rejects
   * when there is nothing to draw (no data, no stages, no size) or `scale` is not a positive number.
   */
  async toImage(options?: ImageOptions): Promise<Blob> {
    const scale = imageScale('city-closure-funnel', options, { width: this.clientWidth, height: this.clientHeight }, 2);
    if (!this.isConnected) throw new Error('<city-closure-funnel>: nothing to draw (the funnel is not on the page)');
    await this.rendered();
    const cards = this.result?.stages.length ? this.presented()!.cards : [];
    const image = this.result?.stages.length ? await this.chart.image(cards.map((card) => ({ label: card.label, value: card.value })), scale) : null;
    if (!image) throw new Error('<city-closure-funnel>: nothing to draw (no data, no stages or no size)');
    return image;
  }

  private onClick = (event: MouseEvent): void => {
    const index = this.stageIndexOf(event);
    if (index == null) return;
    this.focusIndex = index;
    this.toggleStage(index);
  };

  private onKeyDown = (event: KeyboardEvent): void => {
    const index = this.stageIndexOf(event);
    const count = this.result?.stages.length ?? 0;
    const action = index == null || !count ? null : stageKeyAction(event.key, index, count);
    if (action === null) return;
    if (action === 'clear') {
      this.tooltip = null;
      this.selectStage(null);
      return;
    }
    event.preventDefault();
    if (action === 'toggle') this.toggleStage(index!);
    else if (action.move !== index) {
      this.focusIndex = action.move;
      this.focusPending = true;
    }
  };

  private onPointerMove = (event: PointerEvent): void => {
    const index = this.stageIndexOf(event);
    if (index == null) {
      if (this.tooltip) this.tooltip = null;
      return;
    }
    const box = this.getBoundingClientRect();
    this.tooltip = this.placeTooltip(index, event.clientX - box.left, event.clientY - box.top);
  };

  private onPointerLeave = (): void => {
    this.tooltip = null;
  };

  private onFocusIn = (event: FocusEvent): void => {
    const index = this.stageIndexOf(event);
    if (index == null) return;
    if (index !== this.focusIndex) this.focusIndex = index;
    const point = this.chart.blockPoint(index);
    if (point) this.tooltip = this.placeTooltip(index, point.x, point.y);
  };

  private onFocusOut = (): void => {
    this.tooltip = null;
  };

  private placeTooltip(index: number, x: number, y: number): Tooltip {
    return placeTooltip(index, x, y, { width: this.clientWidth, height: this.clientHeight });
  }
}
