/**
 * The risk layer inside a `<city-scope>`: the unit filter the scope's selection stands for (its
 * keys computed once per table and hierarchy), the window the scope sets (the layer's `from`/`to`
 * follow it), and the slider's moves written back — transient while a drag or playback goes on,
 * then once more for good when it ends. The layer reads the scope only when its selection
 * changes and writes it only for the user's own moves, so the two never echo each other.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Crs } from '../core/crs';
import { ScopeLink } from '../scope/scope-link';
import type { RiskFilter } from './model/filter';
import type { RiskTable } from './model/table';
import { formatIsoLocal, toEpoch } from './model/time';
import { RiskUnitIndex, exactUnitFilter, type RiskUnitFilter } from './model/units';

/** ISO 8601 local time of epoch ms, with milliseconds only when it has some. */
function isoText(epoch: number): string {
  const ms = ((epoch % 1000) + 1000) % 1000;
  const text = formatIsoLocal(epoch);
  return ms ? `${text.slice(0, -6)}.${String(ms).padStart(3, '0')}${text.slice(-6)}` : text;
}

const whenIdle = (run: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run) : setTimeout(run, 0));

const epochOf = (text: string | null): number | null => (text === null ? null : toEpoch(text));

export class RiskScope {
  private readonly link: ScopeLink;
  private seenRevision = -1;
  private index: RiskUnitIndex | null = null;
  private exact: { table: RiskTable; unit: string; filter: RiskUnitFilter } | null = null;
  /** The last transient write, awaiting its final one. */
  private pending: [number | null, number | null] | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.link = new ScopeLink(host);
  }

  /** True once after each change of the scope or its selection (asked in `willUpdate`). */
  takeChange(): boolean {
    if (this.link.revision === this.seenRevision) return false;
    this.seenRevision = this.link.revision;
    return true;
  }

  /** The scope's window as the layer's `from` / `to` (ISO 8601, `to` exclusive); undefined outside a scope. */
  get window(): { from: string | null; to: string | null } | undefined {
    const window = this.link.scope?.selection.window;
    if (!window) return undefined;
    // The scope's end is inclusive, the layer's exclusive: one millisecond later.
    return { from: window.from === null ? null : isoText(window.from), to: window.to === null ? null : isoText(window.to + 1) };
  }

  /** The records of the scope's unit in `table` (positions in `crs`; null: all, or outside a scope). */
  unitFilter(table: RiskTable | null, crs: Crs): RiskUnitFilter | null {
    const selection = this.link.scope?.selection;
    if (!table || !selection) return null;
    const { tree, unit } = selection;
    if (tree && tree.size > 0) {
      if (this.index?.table !== table || this.index.tree !== tree || this.index.crs !== crs) {
        const index = (this.index = new RiskUnitIndex(table, tree, crs));
        // Its per-unit runs are sorted while the page is idle, so the first selection does not pay for them.
        whenIdle(() => {
          if (this.index === index) index.prepare();
        });
      }
      if (unit === null) return this.index.all();
      if (tree.has(unit)) return this.index.filter(unit);
    }
    if (unit === null) return null;
    // No hierarchy: the unit's own id only.
    if (this.exact?.table !== table || this.exact.unit !== unit) this.exact = { table, unit, filter: exactUnitFilter(table, unit) };
    return this.exact.filter;
  }

  /** The layer's filter: its window, categories and levels, and the scope's unit (positions in `crs`). */
  filterOf(table: RiskTable, { from, to, categories, levels }: RiskFilter, crs: Crs): RiskFilter {
    return { from, to, categories, levels, unit: this.unitFilter(table, crs) };
  }

  /** Writes the slider's window (`to` exclusive) to the scope; `transient` while a drag or playback goes on. */
  writeWindow(from: string | null, to: string | null, transient: boolean): void {
    const scope = this.link.scope;
    if (!scope) return;
    const end = epochOf(to);
    const window: [number | null, number | null] = [epochOf(from), end === null ? null : end - 1];
    this.pending = transient ? window : null;
    scope.setWindow(...windowTexts(window), { transient });
  }

  /** After a drag or playback: the last window it wrote, for good. */
  settleWindow(): void {
    const window = this.pending;
    this.pending = null;
    if (window) this.link.scope?.setWindow(...windowTexts(window), { transient: false });
  }
}

const windowTexts = ([from, to]: [number | null, number | null]): [string | null, string | null] => [from === null ? null : isoText(from), to === null ? null : isoText(to)];
