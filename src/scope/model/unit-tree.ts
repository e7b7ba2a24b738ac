/**
 * The management-unit hierarchy a scope filters by: ids, names, levels, parents, and an Euler-tour
 * interval per unit, so "does unit X lie inside the selected unit" is two integer comparisons.
 * Built from `{id, parent, name, level}` rows or a grids GeoJSON FeatureCollection (its features'
 * properties). Bad rows are reported (record index, field) and the rest is used: a duplicate id
 * keeps its first row, a missing parent makes the unit a root, a cycle is cut where it closes.
 * With the units' polygons (a GeoJSON's geometry, a grid layer's rings) it also places a position
 * in its unit (`areas`). Pure: no DOM.
 */
import { isGridLevel, type GridLevel } from '../../core/levels';
import { describeValue, IssueCollector, isRecord, type ValidationIssue } from '../../core/validation';
import { geoJsonShapes, UnitAreas, type UnitShapeSource } from './unit-areas';

/** One unit as a page or a grid layer gives it. */
export interface UnitRow {
  id: string;
  parent?: string | null;
  name?: string;
  level?: GridLevel | null;
}

/** Ids and names longer than this are not ids anyone typed: reported and cut. */
const MAX_TEXT = 200;

export class UnitTree {
  readonly size: number;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly levels: readonly (GridLevel | null)[];
  /** Parent unit index, -1 for a root. */
  readonly parents: Int32Array;
  /** Problems found in the input (empty for a clean hierarchy). */
  readonly issues: readonly ValidationIssue[];
  /** Depth of each unit: 0 for a top unit. */
  readonly depths: Int32Array;
  /** Where the units lie (null: no polygons came with the hierarchy). */
  readonly areas: UnitAreas | null;
  /** Only the part of a larger hierarchy opened so far (the unit index on demand): a unit it lacks may still exist. */
  partial = false;
  /** Euler tour: unit u's subtree is the units v with enter[u] ≤ enter[v] < exit[u]. */
  private readonly enter: Int32Array;
  private readonly exit: Int32Array;
  /** The units in tour order: a subtree is one slice of it. */
  private readonly order: Int32Array;
  private readonly byId: ReadonlyMap<string, number>;

  private constructor(rows: readonly UnitRow[], issues: IssueCollector, paths: readonly string[], shapes: UnitShapeSource | null) {
    const n = rows.length;
    this.size = n;
    this.ids = rows.map((row) => row.id);
    this.names = rows.map((row) => row.name ?? row.id);
    this.levels = rows.map((row) => row.level ?? null);
    const byId = new Map<string, number>();
    rows.forEach((row, u) => byId.set(row.id, u));
    this.byId = byId;

    this.parents = new Int32Array(n).fill(-1);
    rows.forEach((row, u) => {
      if (row.parent == null) return;
      const p = byId.get(row.parent);
      if (p === undefined) issues.warn(`${paths[u]}.parent`, `unknown parent ${describeValue(row.parent)}: the unit is shown as a top unit`, 'unknown-reference', { value: describeValue(row.parent) });
      else if (p === u) issues.warn(`${paths[u]}.parent`, 'a unit cannot be its own parent', 'unknown-reference', { value: describeValue(row.parent) });
      else this.parents[u] = p;
    });
    this.cutCycles(issues, paths);

    // Children lists (CSR), then an iterative depth-first tour from every root.
    const childCount = new Int32Array(n + 1);
    for (let u = 0; u < n; u++) if (this.parents[u] >= 0) childCount[this.parents[u] + 1]++;
    for (let u = 0; u < n; u++) childCount[u + 1] += childCount[u];
    const children = new Int32Array(childCount[n]);
    const fill = childCount.slice(0, n);
    for (let u = 0; u < n; u++) if (this.parents[u] >= 0) children[fill[this.parents[u]]++] = u;

    this.enter = new Int32Array(n);
    this.exit = new Int32Array(n);
    this.order = new Int32Array(n);
    this.depths = new Int32Array(n);
    const stack = new Int32Array(n);
    const next = new Int32Array(n); // next child to visit, per unit on the stack
    let clock = 0;
    for (let root = 0; root < n; root++) {
      if (this.parents[root] >= 0) continue;
      let top = 0;
      stack[0] = root;
      this.order[clock] = root;
      this.enter[root] = clock++;
      next[root] = childCount[root];
      while (top >= 0) {
        const u = stack[top];
        if (next[u] < childCount[u + 1]) {
          const child = children[next[u]++];
          this.order[clock] = child;
          this.enter[child] = clock++;
          this.depths[child] = top + 1;
          next[child] = childCount[child];
          stack[++top] = child;
        } else {
          this.exit[u] = clock;
          top--;
        }
      }
    }
    this.issues = issues.issues;
    this.areas = shapes && shapes.count > 0 ? new UnitAreas(this, shapes) : null;
  }

  /**
   * A tree from `{id, parent, name, level}` rows (any input: bad rows are reported and skipped);
   * `shapes`, when given, are the units' polygons; `partial`: the rows are part of a larger hierarchy.
   */
  static fromRows(input: unknown, shapes: UnitShapeSource | null = null, partial = false): UnitTree {
    const issues = new IssueCollector();
    const rows = readList(() => (Array.isArray(input) ? Array.from(input) : null));
    if (!rows) {
      issues.error('units', `units must be an array of {id, parent, name, level} rows, got ${describeValue(input)}`, 'wrong-type', { expected: 'array' });
      return new UnitTree([], issues, [], null);
    }
    const tree = UnitTree.fromRecords(
      rows.map((row, i) => [row, `units[${i}]`] as const),
      issues,
      shapes,
    );
    tree.partial = partial;
    return tree;
  }

  /** A tree from a grids GeoJSON FeatureCollection: each feature's `properties` is a row, its (WGS-84) geometry the unit's area. */
  static fromGeoJson(input: unknown): UnitTree {
    const issues = new IssueCollector();
    const features = readList(() => (isRecord(input) && Array.isArray(input.features) ? Array.from(input.features as unknown[]) : null));
    if (!features) {
      issues.error('units', `units must be a FeatureCollection of grid units, got ${describeValue(input)}`, 'wrong-type', { expected: 'FeatureCollection' });
      return new UnitTree([], issues, [], null);
    }
    const propertiesOf = (feature: unknown): unknown => {
      try {
        return isRecord(feature) ? feature.properties : feature;
      } catch {
        return UNREADABLE;
      }
    };
    // The shapes' problems are listed after the rows' (the tree's issues are the collector's list).
    const shapeIssues = new IssueCollector();
    const shapes = geoJsonShapes(features, shapeIssues);
    const tree = UnitTree.fromRecords(
      features.map((feature, i) => [propertiesOf(feature), `features[${i}].properties`] as const),
      issues,
      shapes,
    );
    for (const issue of shapeIssues.issues) issues.add(issue);
    return tree;
  }

  /** Rows or a FeatureCollection, whichever `input` is. */
  static from(input: unknown): UnitTree {
    let collection = false;
    try {
      collection = isRecord(input) && input.type === 'FeatureCollection';
    } catch {
      // A revoked proxy or a throwing getter: read as rows, which reports it as no list.
    }
    return collection ? UnitTree.fromGeoJson(input) : UnitTree.fromRows(input);
  }

  private static fromRecords(records: readonly (readonly [unknown, string])[], issues: IssueCollector, shapes: UnitShapeSource | null): UnitTree {
    const rows: UnitRow[] = [];
    const paths: string[] = [];
    const seen = new Set<string>();
    for (const [record, path] of records) {
      const row = readRow(record, path, issues);
      if (!row) continue;
      if (seen.has(row.id)) {
        issues.error(`${path}.id`, `duplicate id ${describeValue(row.id)}: the first unit with it is kept`, 'duplicate-id', { value: describeValue(row.id) });
        continue;
      }
      seen.add(row.id);
      rows.push(row);
      paths.push(path);
    }
    return new UnitTree(rows, issues, paths, shapes);
  }

  /** Unit index of `id`, -1 when unknown. */
  indexOf(id: string | null | undefined): number {
    return typeof id === 'string' ? (this.byId.get(id) ?? -1) : -1;
  }

  has(id: string | null | undefined): boolean {
    return this.indexOf(id) >= 0;
  }

  /** True when unit `u` is unit `ancestor` or lies below it (unit indexes). */
  containsIndex(ancestor: number, u: number): boolean {
    return ancestor >= 0 && u >= 0 && this.enter[ancestor] <= this.enter[u] && this.enter[u] < this.exit[ancestor];
  }

  /** True when `id` is `ancestor` or lies below it; false for an unknown id. */
  contains(ancestor: string, id: string): boolean {
    return this.containsIndex(this.indexOf(ancestor), this.indexOf(id));
  }

  /** `ancestor` and every unit below it, in tour order. */
  subtree(ancestor: string): string[] {
    const a = this.indexOf(ancestor);
    if (a < 0) return [];
    return Array.from(this.order.subarray(this.enter[a], this.exit[a]), (u) => this.ids[u]);
  }

  /** Unit indexes with every unit after all the units below it (children before parents): for sums up the tree. */
  bottomUp(): Int32Array {
    return this.order.slice().reverse();
  }

  /** Ids from the top unit down to `id` (empty when unknown). */
  path(id: string): string[] {
    const out: string[] = [];
    for (let u = this.indexOf(id); u >= 0; u = this.parents[u]) out.push(this.ids[u]);
    return out.reverse();
  }

  /** Follows each unit's parents; a unit met twice on its own chain closes a cycle, cut above it. */
  private cutCycles(issues: IssueCollector, paths: readonly string[]): void {
    const n = this.size;
    const state = new Uint8Array(n); // 0 unseen, 1 on the current chain, 2 done
    for (let start = 0; start < n; start++) {
      if (state[start]) continue;
      const chain: number[] = [];
      let u = start;
      while (u >= 0 && state[u] === 0) {
        state[u] = 1;
        chain.push(u);
        u = this.parents[u];
      }
      if (u >= 0 && state[u] === 1) {
        issues.warn(`${paths[u]}.parent`, `the parents of ${describeValue(this.ids[u])} form a cycle: it is shown as a top unit`, 'unknown-reference', { value: describeValue(this.ids[this.parents[u]]) });
        this.parents[u] = -1;
      }
      for (const v of chain) state[v] = 2;
    }
  }
}

/** A list read from input that may throw when read (a getter, a revoked proxy): null when it is none or throws. */
function readList(read: () => unknown[] | null): unknown[] | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** Stands for a record that threw when read. */
const UNREADABLE = Symbol('unreadable');

/** The four fields of a row, read once; null when the row throws when read (a getter, a proxy). */
function readFields(record: unknown): { id: unknown; parent: unknown; name: unknown; level: unknown } | null | undefined {
  try {
    if (!isRecord(record)) return undefined;
    const { id, parent, name, level } = record;
    return { id, parent, name, level };
  } catch {
    return null;
  }
}

function readRow(record: unknown, path: string, issues: IssueCollector): UnitRow | null {
  const fields = record === UNREADABLE ? null : readFields(record);
  if (fields === null) {
    issues.error(path, 'the unit could not be read', 'wrong-type', { expected: 'object' });
    return null;
  }
  if (fields === undefined) {
    issues.error(path, `a unit must be an object, got ${describeValue(record)}`, 'wrong-type', { expected: 'object' });
    return null;
  }
  const { id, parent, name, level } = fields;
  if (id === undefined || id === null || id === '') {
    issues.error(`${path}.id`, 'the unit has no id', 'missing');
    return null;
  }
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    issues.error(`${path}.id`, `an id must be text or a number, got ${describeValue(id)}`, 'wrong-type', { expected: 'string' });
    return null;
  }
  const row: UnitRow = { id: String(id) };
  if (row.id.length > MAX_TEXT) {
    issues.error(`${path}.id`, `an id of ${row.id.length} characters is not an id`, 'out-of-range', { value: describeValue(row.id) });
    return null;
  }
  if (parent !== undefined && parent !== null && parent !== '') {
    if (typeof parent === 'string' || (typeof parent === 'number' && Number.isFinite(parent))) row.parent = String(parent);
    else issues.warn(`${path}.parent`, `a parent must be an id, got ${describeValue(parent)}: the unit is shown as a top unit`, 'wrong-type', { expected: 'string' });
  }
  if (typeof name === 'string' && name !== '') row.name = name.length > MAX_TEXT ? `${name.slice(0, MAX_TEXT)}…` : name;
  // An empty name is no name (the id is shown), as in the grid layer.
  else if (name !== undefined && name !== null && name !== '') issues.warn(`${path}.name`, `a name must be text, got ${describeValue(name)}: the id is shown instead`, 'wrong-type', { expected: 'string' });
  if (isGridLevel(level)) row.level = level;
  else if (level !== undefined && level !== null) issues.warn(`${path}.level`, `unknown level ${describeValue(level)}`, 'unknown-value', { value: describeValue(level) });
  return row;
}
