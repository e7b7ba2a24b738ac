/**
 * The grid's side of the unit index on demand (`units-src` with `{parent}`, see
 * scope/units-on-demand.ts): what the view waits for before it shows a drill state. A focus
 * needs its own row (asked for with its ancestors through `{id}`), its children when it may have
 * some, or — a leaf shown among its siblings — its parent's children; the top level comes at
 * start. The grid index is then built again from the rows received so far, so breadcrumb,
 * drill, fit, list, selection and the scope work on the part of the hierarchy opened so far.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ValidationIssue } from '../../core/validation';
import { isUnitsTemplate, UnitsOnDemand } from '../../scope/units-on-demand';

export interface GridUnitDemandHost {
  requestInit(): RequestInit | undefined;
  /** The rows so far (a new array each time): the grid index is built again from them. */
  grew(rows: unknown[]): void;
  /** Every problem of the requests and rows so far (none: clear the report). */
  report(issues: ValidationIssue[]): void;
  /** The element is back on the page: what its view and selection need is to be asked for again (the top level is). */
  resumed(): void;
}

/** Off the page, requests in flight are aborted and their answers dropped (the rows so far stay); back on it, asked again. */
export class GridUnitDemand implements ReactiveController {
  private units: UnitsOnDemand | null = null;

  constructor(
    element: ReactiveControllerHost,
    private readonly host: GridUnitDemandHost,
  ) {
    element.addController(this);
  }

  hostDisconnected(): void {
    this.units?.pause();
  }

  hostConnected(): void {
    const units = this.units;
    if (!units) return;
    units.resume();
    units.children(null, 'top');
    this.host.resumed();
  }

  /** `units-src` changed: true when it is a template (then nothing is loaded whole); the top level is asked for. */
  reset(src: string | undefined): boolean {
    this.units?.dispose();
    this.units = null;
    if (!isUnitsTemplate(src)) return false;
    const units = new UnitsOnDemand(src, {
      requestInit: () => this.host.requestInit(),
      changed: () => {
        if (this.units !== units) return;
        this.host.report(units.issues);
        this.host.grew(units.rows.slice());
      },
    });
    this.units = units;
    units.children(null, 'top');
    return true;
  }

  /** Where a row of the index came from (`units[parent=S1][3]`), for the grid's reports. */
  readonly rowPath = (i: number): string => this.units?.rowPath(i) ?? `units[${i}]`;

  get active(): boolean {
    return this.units !== null;
  }

  get busy(): boolean {
    return !!this.units?.busy;
  }

  /** Settles when no request is in flight. */
  settled(): Promise<void> {
    return this.units?.settled() ?? Promise.resolve();
  }

  /**
   * True when the view must wait before showing `focusId` (null: the top): what it needs is asked
   * for now (an earlier drill's request is aborted). A unit that cannot come is no reason to wait:
   * the grid reports it as it reports any unknown id.
   */
  waits(focusId: string | undefined): boolean {
    const units = this.units;
    if (!units) return false;
    if (!units.children(null, 'top')) return true;
    if (focusId === undefined) {
      units.release('drill');
      return false;
    }
    if (!units.unit(focusId, 'drill')) return true;
    if (!units.has(focusId)) return false;
    if (units.unopened(focusId)) return !units.children(focusId, 'drill');
    // A leaf is shown among its siblings: all of them.
    if (units.isLeaf(focusId)) return !units.children(units.parentOf(focusId), 'drill');
    return false;
  }

  /** True when a drill into `id` must wait for its children (asked for now). */
  opens(id: string): boolean {
    return !!this.units?.unopened(id) && !this.units.children(id, 'drill');
  }

  /** A unit named from outside (the scope, `selected`) that is not here is asked for with its ancestors, in its own slot; true while it is awaited. */
  want(id: string | null | undefined, slot: string): boolean {
    if (!this.units) return false;
    if (id == null) this.units.release(slot);
    return id != null && !this.units.unit(id, slot);
  }

  /** True while `id` is being asked for (its checks wait for the answer). */
  pending(id: string | undefined): boolean {
    return id !== undefined && !!this.units && !this.units.has(id) && this.units.busy;
  }
}
