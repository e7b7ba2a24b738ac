/**
 * Base class of every CityKit element: theme and language, the error/warning panel with its
 * `city-error` event, and the progress bar with its `city-progress` event.
 */
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit, type CityErrorCode, type CityErrorDetail, type CityProgressDetail } from './events';
import { optionalString, resolveLocale, translate, type CoreStringKey, type Locale, type StringTable } from './i18n';
import { AttributeChecks, attributeName, attributeReaders, readTheme, type AttributeReaders } from './attributes';
import { themeStyles } from './theme';
import { errorMessage, type ValidationIssue } from './validation';
import { renderErrorPanel, renderProgress, statusStyles } from './status-panel';
import { DataSourceController, type LoadError } from './loader';

/**
 * `StringKey`: the element's own string keys (from its `strings.ts`), so `t()` rejects a key no
 * table has at compile time.
 */
export abstract class CityElement<StringKey extends string = never> extends LitElement {
  static override styles = [themeStyles, statusStyles];

  /**
   * The properties this element checks under the one attribute policy (core/attributes): each
   * reader reports a bad value as a warning naming the attribute and value, and the element uses
   * the default instead; removing the attribute clears the warning. Subclasses extend the record:
   * `static override attributeReaders = attributeReaders(CityElement.attributeReaders, {…})`.
   */
  static attributeReaders: AttributeReaders = attributeReaders({ theme: readTheme });

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
  private attributeChecks?: AttributeChecks;
  /** Attribute issues an element found itself (checks that span several attributes). */
  private ownAttributeIssues: ValidationIssue[] = [];
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
  t(key: StringKey | CoreStringKey, params?: Record<string, string | number>): string {
    return translate(this.locale, key, params, this.strings);
  }

  /**
   * `t` for view parts that take any key (their keys are built from stage, category or level
   * names): unknown keys come back as the key itself.
   */
  protected readonly translateAny = (key: string, params?: Record<string, string | number>): string => translate(this.locale, key, params, this.strings);

  /** The string for a key built from data (a category name…), or undefined: show the data's own text. */
  protected optionalString(key: string): string | undefined {
    return optionalString(this.locale, key, this.strings);
  }

  /**
   * The last line of "bad input never throws out of an element": an update that throws anyway
   * (input that throws when read — a getter, a proxy, a revoked proxy — past a reader that did not
   * expect it) is reported as an error naming the properties it was taking in, and the element
   * stays usable: the next good input updates it as usual.
   */
  protected override performUpdate(): void {
    try {
      super.performUpdate();
    } catch (error) {
      this.reportFailedUpdate(error);
    }
  }

  /** The properties the current update takes in (set first thing in `willUpdate`), named if it fails. */
  private updating: readonly PropertyKey[] = [];

  private reportFailedUpdate(error: unknown): void {
    const reason = errorMessage(error);
    const internal = new Set<PropertyKey>(['problems', 'progress', 'locale']);
    const names = this.updating.filter((name) => !internal.has(name)).map((name) => attributeName(String(name)));
    // The update after the report failed too, on input it no longer names: the report naming it stands.
    if (names.length === 0 && this.problems.has('update')) return;
    const issues: ValidationIssue[] = (names.length > 0 ? names : ['']).map((path) => ({
      path,
      message: `${path || 'input'} could not be read: ${reason.length > 200 ? `${reason.slice(0, 199)}…` : reason}`,
      severity: 'error',
      code: 'wrong-type',
      params: { expected: 'readable data' },
    }));
    // The same failure again (a render that keeps failing) is not reported again: no update loop.
    const before = this.problems.get('update');
    if (before && JSON.stringify(before.issues) === JSON.stringify(issues)) return;
    this.reportProblem('update', 'invalid-data', issues);
  }

  /** Runs the attribute readers of the properties that changed. Subclasses call `super.willUpdate` first. */
  protected override willUpdate(changed: PropertyValues): void {
    this.updating = [...changed.keys()];
    // A successful update after a failed one: the failure is history (unless this is its own report).
    if (this.problems.has('update') && !changed.has('problems')) this.clearProblem('update');
    super.willUpdate(changed);
    this.attributeChecks ??= new AttributeChecks((this.constructor as typeof CityElement).attributeReaders);
    if (this.attributeChecks.recheck(this, changed.keys())) this.publishAttributeIssues();
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
    this.ownAttributeIssues = issues;
    this.publishAttributeIssues();
  }

  /** The readers' warnings and the element's own, as one report. */
  private publishAttributeIssues(): void {
    const seen = new Set<string>();
    const issues = [...(this.attributeChecks?.issues ?? []), ...this.ownAttributeIssues].filter((issue) => {
      const key = `${issue.path}\u0000${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
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
      renderErrorPanel([...this.problems.values()], this.translateAny, () => {
        this.problems = new Map();
      }),
    ];
  }
}
