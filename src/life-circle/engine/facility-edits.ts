/**
 * What-if edits of the facilities (add, move, remove) and the facilities a list of them leads to.
 * Shared by the workbench's plans (`model/scenario.ts`) and the engine's incremental update
 * (`edits.ts`), which must agree on the facilities' order. Pure: no DOM.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { describeValue, IssueCollector, isRecord, type ValidationIssue } from '../../core/validation';

export type LonLat = [number, number];

export type FacilityEdit =
  | { kind: 'add'; id: string; category: string; position: LonLat; name?: string }
  | { kind: 'move'; id: string; position: LonLat }
  | { kind: 'remove'; id: string };

export type FacilityFeature = Feature<Point | null, Record<string, unknown> | null>;
/** The baseline facilities: a FeatureCollection as the analyzer takes it (its features not yet validated). */
export type FacilityCollection = { type?: string; features: readonly unknown[] };

/** A feature's `properties.id` as text (a finite number is written as text), else null. */
export const idOf = (feature: unknown): string | null => {
  const properties = isRecord(feature) && isRecord(feature.properties) ? feature.properties : null;
  const id = properties?.id;
  return typeof id === 'string' ? id : typeof id === 'number' && Number.isFinite(id) ? String(id) : null;
};

export const pointAt = (position: LonLat): Point => ({ type: 'Point', coordinates: [position[0], position[1]] });

export interface AppliedEdits {
  facilities: FeatureCollection;
  /** Per facility feature: its index in the baseline's features, or -1 for an added one. */
  rows: Int32Array;
  issues: ValidationIssue[];
}

/**
 * The facilities a plan leads to: the baseline's features with the plan's edits applied in order
 * (a moved feature keeps its properties; an added one is appended). An edit naming a facility
 * that does not exist at that point (or adding an id that does) is reported and skipped.
 * Untouched features are the baseline's own objects; a moved one is a new object.
 */
export function applyEdits(baseline: FacilityCollection, edits: readonly FacilityEdit[]): AppliedEdits {
  return new FacilityPlan(baseline).apply(edits);
}

/** The baseline facilities indexed by id once, for applying many plans to them (`applyEdits`). */
export class FacilityPlan {
  readonly features: readonly FacilityFeature[];
  private readonly rowOf = new Map<string, number>();
  private readonly ids: (string | null)[];

  constructor(baseline: FacilityCollection) {
    this.features = baseline.features as FacilityFeature[];
    this.ids = this.features.map(idOf);
    this.ids.forEach((id, row) => {
      if (id !== null && !this.rowOf.has(id)) this.rowOf.set(id, row);
    });
  }

  /** The id a baseline feature carries (before validation names a missing or repeated one). */
  rawId(row: number): string | null {
    return this.ids[row] ?? null;
  }

  apply(edits: readonly FacilityEdit[]): AppliedEdits {
    const { removed, moved, added, issues } = this.changes(edits);
    const features: Feature[] = [];
    const rows: number[] = [];
    this.features.forEach((feature, row) => {
      if (removed.has(row)) return;
      features.push((moved.get(row) ?? feature) as Feature);
      rows.push(row);
    });
    for (const feature of added) {
      features.push(feature as Feature);
      rows.push(-1);
    }
    return { facilities: { type: 'FeatureCollection', features }, rows: Int32Array.from(rows), issues };
  }

  /** What a plan changes, without copying the baseline: the rows it removes and moves, the features it adds (in order). */
  changes(edits: readonly FacilityEdit[]): PlanChanges {
    const issues = new IssueCollector();
    const removed = new Set<number>();
    const moved = new Map<number, FacilityFeature>();
    const added: (FacilityFeature | null)[] = [];
    // Ids the plan has changed: a baseline row (≥ 0), an added feature (-1 - its index), or removed (null).
    const changed = new Map<string, number | null>();
    edits.forEach((edit, i) => {
      const path = `edits[${i}]`;
      const at = changed.has(edit.id) ? changed.get(edit.id)! : (this.rowOf.get(edit.id) ?? null);
      if (edit.kind === 'add') {
        if (at !== null) return issues.error(`${path}.id`, `a facility ${describeValue(edit.id)} exists already: not added again`, 'duplicate-id', { value: describeValue(edit.id) });
        const properties: Record<string, unknown> = { id: edit.id, category: edit.category };
        if (edit.name !== undefined) properties.name = edit.name;
        changed.set(edit.id, -1 - added.length);
        added.push({ type: 'Feature', geometry: pointAt(edit.position), properties });
        return;
      }
      if (at === null) return issues.error(`${path}.id`, `no facility ${describeValue(edit.id)} to ${edit.kind}`, 'unknown-reference', { value: describeValue(edit.id) });
      if (edit.kind === 'remove') {
        changed.set(edit.id, null);
        if (at >= 0) {
          removed.add(at);
          moved.delete(at);
        } else added[-1 - at] = null;
      } else if (at >= 0) moved.set(at, { ...this.features[at]!, geometry: pointAt(edit.position) });
      else added[-1 - at] = { ...added[-1 - at]!, geometry: pointAt(edit.position) };
    });
    return { removed, moved, added: added.filter((f): f is FacilityFeature => f !== null), issues: issues.issues };
  }
}

/** What a plan changes against the baseline's features (see `FacilityPlan.changes`). */
export interface PlanChanges {
  removed: Set<number>;
  /** Moved baseline rows, as their new features. */
  moved: Map<number, FacilityFeature>;
  /** Added features still in the plan, in plan order (after the baseline's in the plan's facilities). */
  added: FacilityFeature[];
  issues: ValidationIssue[];
}
