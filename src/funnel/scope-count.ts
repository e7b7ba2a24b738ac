/**
 * How the funnel counts inside a `<city-scope>`. `metrics` is always `computeFunnel` on the whole
 * case list with the scope's limits added to the element's own filter (see scope-filter.ts); this
 * only makes it cheaper:
 * - the count without any scope limit is kept per data set and settings, so clearing the scope
 *   costs nothing;
 * - a unit's count reads only the cases of the unit's grids (`CasesByGrid`, built once per case
 *   list), so selecting a unit costs in proportion to its cases, not the city's. Its data problems
 *   are those of the whole list (found by the count without limits), as the whole list reports them;
 * - in a scope, the whole list's first count reads it into kept columns (`willRecount`): a unit's
 *   cases and a window change are then counted from those columns, not from the records.
 */
import type { ReactiveControllerHost } from 'lit';
import type { CityScopeApi, ScopeSelection } from '../scope/scope-context';
import { ScopeLink } from '../scope/scope-link';
import { computeFunnel } from './model/compute';
import { willRecount } from './model/columns';
import { CasesByGrid } from './model/grid-groups';
import type { CaseFilter, FunnelOptions, FunnelResult } from './model/types';
import { scopedFilter } from './scope-filter';

/** The funnel's link to the `<city-scope>` around it, and its counts in that scope. */
export class FunnelScope {
  private readonly link: ScopeLink;
  private seenRevision = -1;
  /** Changes with the data and the element's own settings (not with the scope). */
  private revision = 0;
  private readonly counter = new ScopedCount();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.link = new ScopeLink(host);
  }

  /** The scope around the funnel, if any. */
  get scope(): CityScopeApi | undefined {
    return this.link.scope;
  }

  /** True once after each change of the scope or its selection. */
  takeChange(): boolean {
    if (this.link.revision === this.seenRevision) return false;
    this.seenRevision = this.link.revision;
    return true;
  }

  /** The data or the element's own settings changed: nothing counted before is kept. */
  inputsChanged(): void {
    this.revision++;
  }

  /** `metrics`: `computeFunnel(data, options)` with the scope's limits added to the filter. */
  count(data: unknown, options: FunnelOptions, offsetMs: number): FunnelResult {
    return this.counter.count(data, options, this.link.scope?.selection, offsetMs, this.revision);
  }

  /** The element's own filter with the scope's limits (for the comparison, counted in full). */
  filter(own: CaseFilter | undefined, offsetMs: number): CaseFilter | undefined {
    return scopedFilter(own, this.link.scope?.selection, offsetMs);
  }
}

export class ScopedCount {
  private whole: { data: unknown; revision: number; result: FunnelResult } | null = null;
  private groups: { cases: readonly unknown[]; groups: CasesByGrid | null } | null = null;

  /**
   * The metrics of `data` under the element's `options` in `selection` (undefined: outside any
   * scope). `revision` must change whenever `data` or `options` change (not the scope).
   */
  count(data: unknown, options: FunnelOptions, selection: ScopeSelection | undefined, offsetMs: number, revision: number): FunnelResult {
    const filter = scopedFilter(options.filter, selection, offsetMs);
    if (filter === options.filter) return this.wholeCount(data, options, revision, selection !== undefined);
    const cases = rawCases(data);
    const grids = selection?.unit != null && filter?.grid !== undefined ? filter.grid : null;
    if (!cases || !grids) return computeFunnel(data, { ...options, filter, caseIds: true });
    const whole = this.wholeCount(data, options, revision, true);
    const groups = this.groupsOf(cases, whole);
    if (!groups) return computeFunnel(data, { ...options, filter, caseIds: true });
    const unitCases = groups.casesOf(groups.rowsOf(typeof grids === 'string' ? [grids] : grids));
    // The input's other fields (its preset) stay; only the case list is the unit's. Every one of
    // its cases lies in the filter's grids: the rest of the filter (the window, tiers…) applies.
    const input = Array.isArray(data) ? unitCases : Object.assign(Object.create(null) as object, data, { cases: unitCases });
    const result = computeFunnel(input, { ...options, filter: { ...filter, grid: undefined }, caseIds: true });
    return { ...result, issues: whole.issues, issueCount: whole.issueCount };
  }

  private wholeCount(data: unknown, options: FunnelOptions, revision: number, inScope: boolean): FunnelResult {
    const kept = this.whole;
    if (kept && kept.data === data && kept.revision === revision) return kept.result;
    const cases = inScope ? rawCases(data) : null;
    // In a scope the list is counted again for every unit and window: read it into kept columns now.
    if (cases) willRecount(cases);
    const result = computeFunnel(data, { ...options, caseIds: true });
    this.whole = { data, revision, result };
    return result;
  }

  private groupsOf(cases: readonly unknown[], whole: FunnelResult): CasesByGrid | null {
    if (this.groups?.cases !== cases) {
      // The whole count names every repeated id unless its issue list was cut short.
      const uniqueIds = whole.issueCount === whole.issues.length && !whole.issues.some((issue) => issue.code === 'duplicate-id');
      this.groups = { cases, groups: CasesByGrid.build(cases, uniqueIds) };
    }
    return this.groups.groups;
  }
}

/** The raw case list of an input (`[...]` or `{cases: [...]}`), null for other inputs. */
function rawCases(data: unknown): readonly unknown[] | null {
  try {
    if (Array.isArray(data)) return data;
    const cases = typeof data === 'object' && data !== null ? (data as { cases?: unknown }).cases : undefined;
    return Array.isArray(cases) ? cases : null;
  } catch {
    // A hostile input (a getter that throws): computeFunnel reports it.
    return null;
  }
}
