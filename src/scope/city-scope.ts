/**
 * `<city-scope>`: the shared selection of a dashboard (一屏统揽). It wraps the page's CityKit
 * elements (display: contents, so layout is untouched) and hands them, through context, the
 * selected management unit and the time window; they follow it and write the user's own choices
 * back. Linking a dashboard takes markup, not code.
 */
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { attributeIssue, attributeReaders, isUnset } from '../core/attributes';
import { CityElement } from '../core/base-element';
import { emit } from '../core/events';
import { describeValue, type ValidationIssue } from '../core/validation';
import { UnitTree } from './model/unit-tree';
import { checkWindowOrder, inWindow, OPEN_WINDOW, readWindow, readWindowEnd, type ScopeWindow } from './model/window';
import { cityScopeContext, type CityScopeApi, type ScopeSelection } from './scope-context';
import { UrlSync } from './url-sync';
import { isUnitsTemplate, UnitsOnDemand } from './units-on-demand';

export interface CityScopeChangeDetail {
  /** The selected unit id, null for everything. */
  unit: string | null;
  /** The window's ends as set (ISO text), null when open. */
  from: string | null;
  to: string | null;
}

declare global {
  interface CityEventMap {
    'city-scope-change': CityScopeChangeDetail;
  }
  interface HTMLElementTagNameMap {
    'city-scope': CityScope;
  }
}

/** A window end as text: what the page wrote, or an ISO date-time for a Date / epoch ms. */
function endText(value: unknown): string | null {
  if (isUnset(value)) return null;
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : null;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value).toISOString() : null;
  return String(value);
}

/**
 * @tagname city-scope
 * @summary The shared selection (unit, time window) that links every CityKit element inside it.
 *
 * @slot - The dashboard: any markup with CityKit elements at any depth.
 * @fires {CustomEvent<CityScopeChangeDetail>} city-scope-change - The selection changed (by an element inside, a script, an attribute or the URL): `{unit, from, to}`.
 * @fires {CustomEvent<CityErrorDetail>} city-error - An unknown unit, an unreadable or reversed window, or a bad hierarchy (reported; the rest is used).
 * @fires {CustomEvent<CityProgressDetail>} city-progress - Loading `units-src`.
 * @csspart error - The problem panel.
 */
export class CityScope extends CityElement implements CityScopeApi {
  static override styles = [
    ...CityElement.styles,
    css`
      :host {
        display: contents;
      }
    `,
  ];
  static override attributeReaders = attributeReaders(CityElement.attributeReaders, {
    from: (issues, value) => readWindowEnd(issues, 'from', value),
    to: (issues, value) => readWindowEnd(issues, 'to', value),
  });

  /** The selected unit id (null or absent: everything). It includes every unit below it. */
  @property({ reflect: true }) unit: string | null = null;
  /** Start of the time window (ISO 8601; inclusive). */
  @property({ reflect: true }) from: string | null = null;
  /** End of the time window (ISO 8601; inclusive: a date alone holds its whole day). */
  @property({ reflect: true }) to: string | null = null;
  /** The unit hierarchy: `{id, parent, name, level}` rows or the grids GeoJSON. Without it, a grid layer inside provides one. */
  @property({ attribute: false }) units: unknown = null;
  /**
   * URL of the unit hierarchy (rows or GeoJSON), or a template with `{parent}` and `{id}` (as the
   * grid layer's): then the top level and the selected unit's branch are asked for, not the whole.
   */
  @property({ attribute: 'units-src' }) unitsSrc?: string;
  /** Mirror the selection into the page URL (`?unit=…&from=…&to=…`) and restore it from there. */
  @property({ type: Boolean, attribute: 'sync-url' }) syncUrl = false;
  /** Prefix of the URL parameters, so they never clash with the portal's own (`url-prefix="s-"` → `s-unit`). */
  @property({ attribute: 'url-prefix' }) urlPrefix = '';

  private tree: UnitTree | null = null;

  private readonly provider = new ContextProvider(this, { context: cityScopeContext, initialValue: this as CityScopeApi });
  private readonly unitsSource = this.createDataSource('units', (value) => {
    this.units = value;
  });
  /** The `units-src` request in flight (settles, never rejects). */
  private unitsLoading: Promise<void> = Promise.resolve();
  /** The hierarchy on demand (a `units-src` template); its rows so far are `units`. */
  private onDemand: UnitsOnDemand | null = null;
  private readonly offered = new Map<object, UnitTree>();
  private offersChanged = false;
  private current: ScopeSelection = this.makeSelection(null, OPEN_WINDOW, null);
  private readonly urlSync = new UrlSync(this, {
    read: (values) => this.applyUrl(values),
  });
  /** The next selection change adds a history entry (a click, a drag's first step) or replaces the current one. */
  private historyMode: 'push' | 'replace' = 'replace';
  /** A transient window change (a drag, playback) is in progress. */
  private windowGesture = false;

  // ---- CityScopeApi ---------------------------------------------------------------------------

  get selection(): ScopeSelection {
    return this.current;
  }

  selectUnit(unit: string | null, options: { interactive?: boolean } = {}): void {
    const next = unit === '' || unit === undefined ? null : unit;
    if (next === this.unit) return;
    if (options.interactive) this.historyMode = 'push';
    this.unit = next;
  }

  setWindow(from: unknown, to: unknown, options: { transient?: boolean } = {}): void {
    const [fromText, toText] = [endText(from), endText(to)];
    // A drag (or playback) is one history entry: its first step adds it, the next ones and the
    // final write replace it, so "back" returns to the window before the drag.
    const mode = this.windowGesture ? 'replace' : 'push';
    this.windowGesture = options.transient === true;
    if (fromText === this.from && toText === this.to) return;
    this.historyMode = mode;
    this.from = fromText;
    this.to = toText;
  }

  offerUnits(source: object, tree: UnitTree | null): void {
    if (tree) this.offered.set(source, tree);
    else if (!this.offered.delete(source)) return;
    this.offersChanged = true;
    this.requestUpdate();
  }

  /** Clears the unit and the window. */
  clear(): void {
    this.historyMode = 'push';
    this.unit = null;
    this.from = null;
    this.to = null;
  }

  /** Resolves when the hierarchy (`units-src`) has loaded and the selection is settled. */
  async rendered(): Promise<void> {
    for (;;) {
      const loading = this.unitsLoading;
      await loading;
      await this.unitsSource.settled(); // also a request made again on reconnect
      await this.onDemand?.settled();
      await this.updateComplete;
      if (loading === this.unitsLoading && !this.isUpdatePending && !this.onDemand?.busy) return;
    }
  }

  // ---- Lifecycle --------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.syncUrl) this.urlSync.start(this.urlPrefix);
    // Back on the page: the hierarchy on demand asks again for what it lacks (the unit's branch: on update).
    if (!this.onDemand) return;
    this.onDemand.resume();
    this.onDemand.children(null, 'top');
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.urlSync.stop();
    // Off the page: its requests are aborted and their answers dropped.
    this.onDemand?.pause();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('unitsSrc')) this.unitsLoading = this.unitsSource.load(this.openOnDemand() ? undefined : this.unitsSrc, this.requestInit);
    // A unit the hierarchy on demand lacks is asked for with its ancestors.
    if (typeof this.unit === 'string' && this.unit) this.onDemand?.unit(this.unit, 'unit');
    else this.onDemand?.release('unit');
    if (changed.has('syncUrl') || changed.has('urlPrefix')) {
      if (this.syncUrl && this.isConnected) this.urlSync.start(this.urlPrefix);
      else this.urlSync.stop();
    }
    if (changed.has('units') || this.offersChanged) this.tree = this.pickTree(changed.has('units'));
    this.offersChanged = false;
    // Each end's own problem is its attribute reader's (base element); the order and the unit are checked here.
    const issues: ValidationIssue[] = [];
    checkWindowOrder(issues, this.from, this.to);
    const window = readWindow([], this.from, this.to);
    const unit = this.effectiveUnit(issues);
    this.reportAttributeIssues(issues);
    const before = this.current;
    if (unit !== before.unit || window.from !== before.window.from || window.to !== before.window.to || this.tree !== before.tree) {
      this.current = this.makeSelection(unit, window, this.tree);
      this.provider.setValue(this, true);
      if (unit !== before.unit || window.from !== before.window.from || window.to !== before.window.to) {
        emit(this, 'city-scope-change', { unit, from: window.from === null ? null : this.from, to: window.to === null ? null : this.to });
        if (this.syncUrl) this.urlSync.write({ unit, from: window.from === null ? null : this.from, to: window.to === null ? null : this.to }, this.historyMode);
      }
    }
    this.historyMode = 'replace';
  }

  protected override render() {
    return html`<slot></slot>${this.renderStatus()}`;
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * The page's own hierarchy wins; else the newest one a grid layer beside the scope offered (in
   * the scope's own document or shadow root); else the newest one an element offered from inside
   * another element (the analyzer's own choropleth must not replace the page's grid hierarchy).
   */
  private pickTree(unitsChanged: boolean): UnitTree | null {
    if (this.units != null) {
      if (!unitsChanged && this.tree) return this.tree;
      const onDemand = this.onDemand;
      const tree = UnitTree.from(this.units);
      // Rows on demand are named by the answer they came in (`units[parent=S1][3]`).
      const issues = onDemand ? tree.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^units\[(\d+)\]/, (_, i: string) => onDemand.rowPath(Number(i))) })) : tree.issues;
      this.reportIssues('units', [...issues, ...(onDemand?.issues ?? [])]);
      tree.partial = !!onDemand;
      return tree;
    }
    this.clearProblem('units');
    const root = this.getRootNode();
    let newest: UnitTree | null = null;
    let newestBeside: UnitTree | null = null;
    for (const [source, tree] of this.offered) {
      newest = tree;
      if (source instanceof Node && source.getRootNode() === root) newestBeside = tree;
    }
    return newestBeside ?? newest;
  }

  /** The unit in effect: the `unit` asked for when the hierarchy knows it (or there is none yet), else everything. */
  private effectiveUnit(issues: ValidationIssue[]): string | null {
    const unit = this.unit;
    if (unit === null || unit === undefined || unit === '') return null;
    if (typeof unit !== 'string') {
      issues.push(attributeIssue('unit', unit, 'a unit id'));
      return null;
    }
    // A hierarchy opened on demand may lack the unit for now (its branch is on its way).
    if (!this.tree || this.tree.size === 0 || this.tree.has(unit) || this.tree.partial) return unit;
    issues.push({
      path: 'unit',
      message: `unit: unknown unit ${describeValue(unit)}; everything is shown`,
      severity: 'warning',
      code: 'unknown-reference',
      params: { value: describeValue(unit) },
    });
    return null;
  }

  /** A `units-src` template: the hierarchy on demand starts with its top level (true); else none. */
  private openOnDemand(): boolean {
    this.onDemand?.dispose();
    this.onDemand = null;
    if (!isUnitsTemplate(this.unitsSrc)) return false;
    const onDemand = new UnitsOnDemand(this.unitsSrc, {
      requestInit: () => this.requestInit,
      changed: () => {
        if (this.onDemand === onDemand) this.units = onDemand.rows.slice();
      },
    });
    this.onDemand = onDemand;
    onDemand.children(null, 'top');
    return true;
  }

  private makeSelection(unit: string | null, window: ScopeWindow, tree: UnitTree | null): ScopeSelection {
    const everything = unit === null;
    const ancestor = tree && unit !== null ? tree.indexOf(unit) : -1;
    return Object.freeze({
      unit,
      window,
      tree,
      includes: (id: string | null | undefined) => {
        if (everything) return true;
        if (typeof id !== 'string') return false;
        if (ancestor < 0) return id === unit; // no hierarchy: the exact unit only
        return tree!.containsIndex(ancestor, tree!.indexOf(id));
      },
      inWindow: (time: number) => inWindow(window, time),
    });
  }

  private applyUrl(values: { unit: string | null; from: string | null; to: string | null }): void {
    this.historyMode = 'replace';
    this.unit = values.unit;
    this.from = values.from;
    this.to = values.to;
  }
}
