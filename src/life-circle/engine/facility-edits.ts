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
    const issues = new IssueCollector();
    // Features pass through as given (the engine validates them); only edited ones are rebuilt.
    const features: (FacilityFeature | null)[] = [...this.features];
    const rows: number[] = features.map((_, row) => row);
    // Ids the plan has added (a row) or removed (null), over the baseline's.
    const changed = new Map<string, number | null>();
    const rowOf = (id: string): number | undefined => (changed.has(id) ? (changed.get(id) ?? undefined) : this.rowOf.get(id));
    edits.forEach((edit, i) => {
      const path = `edits[${i}]`;
      const row = rowOf(edit.id);
      if (edit.kind === 'add') {
        if (row !== undefined) return issues.error(`${path}.id`, `a facility ${describeValue(edit.id)} exists already: not added again`, 'duplicate-id', { value: describeValue(edit.id) });
        changed.set(edit.id, features.length);
        const properties: Record<string, unknown> = { id: edit.id, category: edit.category };
        if (edit.name !== undefined) properties.name = edit.name;
        features.push({ type: 'Feature', geometry: pointAt(edit.position), properties });
        rows.push(-1);
        return;
      }
      if (row === undefined) return issues.error(`${path}.id`, `no facility ${describeValue(edit.id)} to ${edit.kind}`, 'unknown-reference', { value: describeValue(edit.id) });
      if (edit.kind === 'remove') {
        features[row] = null;
        changed.set(edit.id, null);
      } else features[row] = { ...features[row]!, geometry: pointAt(edit.position) };
    });
    const kept: Feature[] = [];
    const keptRows: number[] = [];
    features.forEach((feature, i) => {
      if (feature === null) return;
      kept.push(feature as Feature);
      keptRows.push(rows[i]!);
    });
    return { facilities: { type: 'FeatureCollection', features: kept }, rows: Int32Array.from(keptRows), issues: issues.issues };
  }
}
