/**
 * The unit index on demand: `units-src` as a URL template (`/units.json?parent={parent}&id={id}`)
 * answering the children of one unit (`{parent}`; empty: the top level) or one unit and its
 * ancestors (`{id}`), rows as `citykit.unit_children` / `citykit.unit_path` return them:
 * `{id, parent, name, level, bbox, children}` (`children`: how many units name it as parent).
 * A province's million units then never come whole: the top level at start, a unit's children
 * when it is opened, a deep unit's branch when a selection names it.
 *
 * This keeps the rows received so far (each id once, in arrival order, with where each came from
 * for reports), which parents are opened, and the requests in flight: one per slot (`top`,
 * `drill`, `scope`…), so a newer wish of the same slot aborts the older request, and a response
 * that arrives for an aborted request is dropped. Requests use the page's `requestInit`. An
 * element that leaves the page pauses it: what is in flight is aborted (and asked again once
 * resumed, when still wanted); the rows received stay.
 */
import { loadJson } from '../core/loader';
import { describeValue, isRecord, type ValidationIssue } from '../core/validation';

/** True when `units-src` is a template of the index on demand (it has `{parent}`). */
export const isUnitsTemplate = (src: unknown): src is string => typeof src === 'string' && src.includes('{parent}');

export interface UnitsOnDemandHost {
  requestInit(): RequestInit | undefined;
  /** New rows arrived (the hierarchy grows), or a request failed: read `rows` / `issues` again. */
  changed(): void;
}

interface UnitFacts {
  parent: string | null;
  /** The unit's child count; null when the row did not say. */
  children: number | null;
}

interface Request {
  key: string;
  controller: AbortController;
  done: Promise<void>;
}

/** Ids as the grid reads them: non-empty text, or a finite number as text. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

export class UnitsOnDemand {
  /** Every row received, each id once, in arrival order (rows without an id kept: the grid reports them). */
  readonly rows: unknown[] = [];
  /** What went wrong with the requests and rows so far (`units[parent=S1][3].children`). */
  readonly issues: ValidationIssue[] = [];
  /** Where each row came from, for reports: `units[parent=S1][3]` (the template's values, the row's place). */
  private readonly origins: string[] = [];
  private readonly facts = new Map<string, UnitFacts>();
  /** Parents whose children were answered ('' for the top), and the units some row names as parent. */
  private readonly opened = new Set<string>();
  private readonly parents = new Set<string>();
  /** Requests answered or failed (not asked again), by key. */
  private readonly finished = new Set<string>();
  private readonly inFlight = new Map<string, Request>();
  private disposed = false;
  private paused = false;

  constructor(
    readonly template: string,
    private readonly host: UnitsOnDemandHost,
  ) {}

  /** Whether a request is in flight. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Settles when no request is in flight (those started meanwhile included). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all(Array.from(this.inFlight.values(), (request) => request.done));
  }

  /** Aborts every request; nothing that arrives later is taken. */
  dispose(): void {
    this.disposed = true;
    for (const request of this.inFlight.values()) request.controller.abort();
    this.inFlight.clear();
  }

  /** The element left the page: every request in flight is aborted, its answer dropped, and none is made until `resume()`. */
  pause(): void {
    this.paused = true;
    for (const request of this.inFlight.values()) request.controller.abort();
    this.inFlight.clear();
  }

  /** The element is back: what it still wants is asked for again (an aborted request was never answered). */
  resume(): void {
    this.paused = false;
  }

  /** Where row `i` of `rows` came from (for reports). */
  rowPath(i: number): string {
    return this.origins[i] ?? `units[${i}]`;
  }

  has(id: string): boolean {
    return this.facts.has(id);
  }

  parentOf(id: string): string | null {
    return this.facts.get(id)?.parent ?? null;
  }

  /** True when unit `id` may have children that are not here: its count is not 0 and they were not asked for yet. */
  unopened(id: string): boolean {
    const facts = this.facts.get(id);
    return !!facts && facts.children !== 0 && !this.opened.has(id);
  }

  /** True when `id` is a unit without children (its row says 0, or its children were answered and were none). */
  isLeaf(id: string): boolean {
    return this.facts.get(id)?.children === 0 || (this.opened.has(id) && !this.parents.has(id));
  }

  /** True when the children of `parent` (null: the top) are here or cannot come; else asks for them in `slot`. */
  children(parent: string | null, slot: string): boolean {
    const key = `parent=${parent ?? ''}`;
    return this.opened.has(parent ?? '') || this.ask(slot, key, this.url(parent ?? '', ''), () => this.opened.add(parent ?? ''));
  }

  /** True when unit `id` is here or cannot be asked for (the template has no `{id}`); else asks for it and its ancestors in `slot`. */
  unit(id: string, slot: string): boolean {
    return this.facts.has(id) || !this.template.includes('{id}') || this.ask(slot, `id=${id}`, this.url('', id), () => undefined);
  }

  /** Drops the wish of `slot`: its request in flight, if any, is aborted. */
  release(slot: string): void {
    const request = this.inFlight.get(slot);
    if (!request) return;
    request.controller.abort();
    this.inFlight.delete(slot);
  }

  private url(parent: string, id: string): string {
    return this.template.replaceAll('{parent}', encodeURIComponent(parent)).replaceAll('{id}', encodeURIComponent(id));
  }

  /** False while the answer to `key` is awaited (asked now in `slot` unless some slot asks already). */
  private ask(slot: string, key: string, url: string, opened: () => void): boolean {
    if (this.disposed || this.finished.has(key)) return true;
    // Off the page: awaited, asked once resumed.
    if (this.paused) return false;
    if (Array.from(this.inFlight.values()).some((request) => request.key === key)) return false;
    this.release(slot);
    const controller = new AbortController();
    const request: Request = { key, controller, done: Promise.resolve() };
    const current = () => !this.disposed && this.inFlight.get(slot) === request;
    request.done = loadJson(url, { signal: controller.signal, init: this.host.requestInit() }).then(
      (value) => {
        if (!current()) return;
        this.inFlight.delete(slot);
        this.finished.add(key);
        this.take(value, key);
        opened();
        this.host.changed();
      },
      (error: Error) => {
        if (!current() || error.name === 'AbortError') return;
        this.inFlight.delete(slot);
        this.finished.add(key);
        this.issues.push({ path: `units[${key}]`, message: `the units could not be loaded: ${error.message}`, severity: 'error', code: 'load-failed' });
        this.host.changed();
      },
    );
    this.inFlight.set(slot, request);
    return false;
  }

  /** The rows of one answer: new ids kept (a unit already here is the same unit again), bad child counts reported. */
  private take(value: unknown, key: string): void {
    if (!Array.isArray(value)) {
      this.issues.push({ path: `units[${key}]`, message: `not a list of units: ${describeValue(value)}`, severity: 'error', code: 'wrong-type', params: { expected: '[{id, parent, name, level, bbox, children}]' } });
      return;
    }
    value.forEach((row: unknown, i) => {
      const origin = `units[${key}][${i}]`;
      const id = isRecord(row) ? idOf(Object.prototype.hasOwnProperty.call(row, 'id') ? row.id : undefined) : null;
      if (id !== null && this.facts.has(id)) return;
      if (id !== null && isRecord(row)) {
        const count = Object.prototype.hasOwnProperty.call(row, 'children') ? row.children : undefined;
        const valid = typeof count === 'number' && Number.isInteger(count) && count >= 0;
        if (count !== undefined && !valid) {
          this.issues.push({ path: `${origin}.children`, message: `children must be a count: ${describeValue(count)} (the unit's children are asked for when it is opened)`, severity: 'warning', code: 'wrong-type', params: { expected: 'a whole number ≥ 0' } });
        }
        const parent = idOf(row.parent);
        this.facts.set(id, { parent, children: valid ? count : null });
        if (parent !== null) this.parents.add(parent);
      }
      this.rows.push(row);
      this.origins.push(origin);
    });
  }
}
