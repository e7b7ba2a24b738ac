/**
 * How `<city-grid-layer>` follows the `<city-scope>` around it: it offers the scope the unit
 * hierarchy of its data, writes the user's selection back, and turns the scope's unit into the
 * grid's selection and drill state. Outside a scope it does nothing.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { UnitTree } from '../scope/model/unit-tree';
import type { CityScopeApi } from '../scope/scope-context';
import { ScopeLink } from '../scope/scope-link';
import type { Crs } from '../core/crs';
import type { GridIndex } from './model/hierarchy';
import type { GridLevel } from './model/levels';

/** What the grid does to follow the scope. */
export interface ScopeFollow {
  /** The grid's selection (undefined: none). */
  selected: string | undefined;
  /** Drill so this unit shows, as a click on it would (null: the top); undefined: the view stays. */
  show?: string | null;
}

export class GridScopeFollower implements ReactiveController {
  private readonly link: ScopeLink;
  /** The scope holding this grid's hierarchy, and that hierarchy. */
  private offeredTo: CityScopeApi | undefined;
  private offered: UnitTree | null = null;
  /** The hierarchy of the current data set (built once per data set). */
  private tree: UnitTree | null = null;
  private treeIndex: GridIndex | null = null;
  private treeShapes = true;
  private treePartial = false;
  /** The scope's unit the grid follows (undefined: not yet, for this scope and data set). */
  private unit: string | null | undefined;
  private followedIndex: GridIndex | null = null;
  private seenRevision = -1;

  /** `want`: asks for a unit the grid lacks (the index on demand; it comes as a grown index); true when it was asked for. */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly want?: (id: string) => boolean,
  ) {
    host.addController(this);
    this.link = new ScopeLink(host);
  }

  hostDisconnected(): void {
    this.offer(undefined, null, 'wgs84', true, false);
    this.unit = undefined;
  }

  /**
   * Offers the hierarchy of `index` (null: no data) and says what the grid must change to show the
   * scope's unit: on joining a scope or loading data, and when the unit changes outside the grid.
   * `selected` is the grid's current selection: the scope's wins. Null: nothing to change.
   * `shapes`: the index holds the units' polygons (not so in tile mode, where it holds their
   * boxes: the scope then gets the hierarchy without areas rather than wrong ones). `grown`: the
   * index is the last one with more units (the index on demand), not new data: the view stays,
   * unless it brings the scope's unit the grid lacked.
   */
  follow(index: GridIndex | null, selected: string | undefined, crs: Crs, shapes = true, grown = false, partial = false): ScopeFollow | null {
    const scope = this.link.scope;
    this.offer(scope, index, crs, shapes, partial);
    if (!scope || !index) {
      this.unit = undefined;
      return null;
    }
    if (index !== this.followedIndex || this.link.revision !== this.seenRevision) {
      const previous = this.followedIndex;
      const grew = grown && previous !== null && index !== previous;
      const joining = (index !== previous && !grew) || this.unit === undefined;
      const arrived = grew && this.unit != null && !!knownId(index, this.unit) && !knownId(previous, this.unit);
      this.followedIndex = index;
      this.seenRevision = this.link.revision;
      const unit = scope.selection.unit;
      if (joining || unit !== this.unit || arrived) {
        this.unit = unit;
        // A unit the grid lacks is asked for (when it can be): the view stays until it comes.
        const asked = unit !== null && !knownId(index, unit) && !!this.want?.(unit);
        // Joining a scope that selects nothing keeps the view the page opened with.
        const show = (joining && unit === null) || asked ? undefined : nearestUnit(index, scope.selection.tree, unit);
        return { selected: knownId(index, unit), show };
      }
    }
    const expected = knownId(index, this.unit);
    return selected === expected ? null : { selected: expected };
  }

  /**
   * Offers the hierarchy and applies what `follow` says to the grid's selection and drill inputs;
   * true when the drill state must be resolved again. `partial`: the index is the part of the
   * hierarchy opened so far (the scope keeps a unit it lacks).
   */
  apply(grid: { selected?: string; focusId?: string; level?: GridLevel }, index: GridIndex | null, crs: Crs, shapes = true, grown = false, partial = false): boolean {
    const follow = this.follow(index, grid.selected, crs, shapes, grown, partial);
    if (!follow) return false;
    grid.selected = follow.selected;
    if (follow.show === undefined) return false;
    grid.focusId = follow.show ?? undefined;
    grid.level = undefined;
    return true;
  }

  /** The user selected `id` (null: cleared the selection): the scope follows. */
  write(id: string | null): void {
    const scope = this.link.scope;
    if (!scope) return;
    // Followed already: the scope's answer to this write is no outside change.
    this.unit = id;
    this.seenRevision = this.link.revision;
    scope.selectUnit(id, { interactive: true });
  }

  private offer(scope: CityScopeApi | undefined, index: GridIndex | null, crs: Crs, shapes: boolean, partial: boolean): void {
    // Data without units has no hierarchy to offer.
    const tree = scope && index?.size ? this.treeOf(index, crs, shapes, partial) : null;
    const to = tree ? scope : undefined;
    if (to === this.offeredTo && tree === this.offered) return;
    if (this.offeredTo && this.offeredTo !== to) this.offeredTo.offerUnits(this.host, null);
    if (to) to.offerUnits(this.host, tree);
    this.offeredTo = to;
    this.offered = tree;
  }

  /** The hierarchy of `index`, with its units' polygons (in `crs`, the index's display CRS) when it has them. */
  private treeOf(index: GridIndex, crs: Crs, shapes: boolean, partial: boolean): UnitTree {
    if (this.treeIndex !== index || !this.tree || this.treeShapes !== shapes || this.treePartial !== partial || (shapes && this.tree.areas?.crs !== crs)) {
      const { ids, names, levels, parents } = index;
      const rows = ids.map((id, u) => ({ id, parent: parents[u] >= 0 ? ids[parents[u]] : null, name: names[u], level: levels[u] }));
      const areas = { crs, count: index.size, bboxes: index.bboxes, id: (u: number) => ids[u], contains: (u: number, x: number, y: number) => index.contains(u, x, y) };
      this.tree = UnitTree.fromRows(rows, shapes ? areas : null, partial);
      this.treeIndex = index;
      this.treeShapes = shapes;
      this.treePartial = partial;
    }
    return this.tree;
  }
}

/** `unit` when the grid has it, else its nearest ancestor the grid has (the scope's hierarchy may go deeper); null: the top. */
function nearestUnit(index: GridIndex, tree: UnitTree | null, unit: string | null): string | null {
  if (unit === null || knownId(index, unit)) return unit;
  const path = tree?.path(unit) ?? [];
  for (let k = path.length - 2; k >= 0; k--) if (knownId(index, path[k])) return path[k];
  return null;
}

/** `id` when the grid has that unit. */
function knownId(index: GridIndex, id: string | null | undefined): string | undefined {
  return id != null && index.indexOf(id) >= 0 ? id : undefined;
}
