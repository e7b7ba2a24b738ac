/**
 * Base class of every CityKit element: theme and language, the error/warning panel with its
 * `city-error` event, and the progress bar with its `city-progress` event.
 */
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit, type CityErrorCode, type CityErrorDetail, type CityProgressDetail } from './events';
import { resolveLocale, translate, type Locale, type StringTable } from './i18n';
import { themeStyles } from './theme';
import type { ValidationIssue } from './validation';
import { renderErrorPanel, renderProgress, statusStyles } from './status-panel';
import { DataSourceController, type LoadError } from './loader';

export abstract class CityElement extends LitElement {
  static override styles = [themeStyles, statusStyles];

  /** `light` | `dark` (big-screen preset). Unset: follows the OS preference. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** Per-element string overrides, e.g. `{'funnel.rate.closure': '结案率(本月)'}`. */
  @property({ attribute: false }) strings?: StringTable;

  /** Options for every fetch this element makes (auth headers, credentials). */
  @property({ attribute: false }) requestInit?: RequestInit;

  /** The language in use: the element's `lang`, an ancestor's, or the document's. */
  @state() protected locale: Locale = 'zh-CN';

  /** Problems currently shown in the panel, one per data source. */
  @state() protected problems = new Map<string, CityErrorDetail>();

  @state() protected progress: CityProgressDetail | null = null;

  /** The attribute issues last reported, so an unchanged report is not fired again. */
  private lastAttributeSignature = '';
  private langObserver?: MutationObserver;
  private readonly onStringsChange = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = resolveLocale(this);
    // Follow the page's language switch without the portal having to tell every widget.
    this.langObserver = new MutationObserver(() => {
      this.locale = resolveLocale(this);
    });
    this.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    document.addEventListener('city-strings-change', this.onStringsChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.langObserver?.disconnect();
    document.removeEventListener('city-strings-change', this.onStringsChange);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.locale = resolveLocale(this);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Localized string for `key`. */
  t(key: string, params?: Record<string, string | number>): string {
    return translate(this.locale, key, params, this.strings);
  }

  /** A `src`-style loader whose errors and progress go to this element's panel and events. */
  protected createDataSource(name: string, onData: (value: unknown, url: string) => void): DataSourceController {
    return new DataSourceController(this, {
      onData: (value, url) => {
        this.setProgress(null);
        this.clearProblem(`${name}:load`);
        onData(value, url);
      },
      onError: (error: LoadError) => {
        this.setProgress(null);
        const key = error.code === 'parse-failed' ? 'error.parse-failed' : 'error.load-failed';
        this.reportProblem(`${name}:load`, error.code, [], this.t(key, { detail: error.message }));
      },
      onProgress: (progress) => this.setProgress(progress),
    });
  }

  /**
   * Shows a problem in the panel and fires `city-error`. `source` groups problems so a new load
   * of the same input replaces its old report instead of piling up.
   */
  protected reportProblem(
    source: string,
    code: CityErrorCode,
    issues: ValidationIssue[],
    message?: string,
    total = issues.length,
  ): void {
    const detail: CityErrorDetail = {
      code,
      message: message ?? this.t(`error.${code}`, { count: total, detail: '' }),
      severity: issues.length > 0 && issues.every((issue) => issue.severity === 'warning') ? 'warning' : 'error',
      issues,
      total,
    };
    const next = new Map(this.problems);
    next.set(source, detail);
    this.problems = next;
    emit(this, 'city-error', detail);
  }

  /** Reports validation issues for one input (or clears its report when there are none). */
  protected reportIssues(source: string, issues: ValidationIssue[], total = issues.length): void {
    if (issues.length === 0) this.clearProblem(source);
    else this.reportProblem(source, 'invalid-data', issues, undefined, total);
  }

  /**
   * Reports the element's bad attribute values (see `checkChoice` / `attributeIssue` in
   * core/attributes) as one warning, or clears it when every attribute is fine again. Call it
   * with the issues of all attributes at once, so fixing one attribute keeps the others' reports.
   */
  protected reportAttributeIssues(issues: ValidationIssue[]): void {
    // Elements re-check attributes on every update (playback steps, hovers): say each report once.
    const signature = issues.map((issue) => `${issue.path}\u0000${issue.message}`).join('\u0001');
    if (signature === this.lastAttributeSignature) return;
    this.lastAttributeSignature = signature;
    this.reportIssues('attributes', issues);
  }


  protected clearProblem(source: string): void {
    if (!this.problems.has(source)) return;
    const next = new Map(this.problems);
    next.delete(source);
    this.problems = next;
  }

  /** All problems currently reported (read-only snapshot). */
  get errors(): CityErrorDetail[] {
    return [...this.problems.values()];
  }

  protected setProgress(progress: CityProgressDetail | null): void {
    this.progress = progress;
    if (progress) emit(this, 'city-progress', progress);
  }

  /** Renders the progress bar and the error panel; `progressLabel` names the work (loading, analysing…). */
  protected renderStatus(progressLabel = this.t(this.progress?.phase === 'analysis' ? 'progress.analyzing' : 'progress.loading')) {
    return [
      renderProgress(this.progress, progressLabel),
      renderErrorPanel([...this.problems.values()], (k, p) => this.t(k, p), () => {
        this.problems = new Map();
      }),
    ];
  }
}
