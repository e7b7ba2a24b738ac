/**
 * What-if plans for the planner's workbench: a plan is a named list of facility edits (add, move,
 * remove) over the baseline facilities; applying it gives the facilities to analyse, comparing
 * its result with the baseline's gives what the plan changes (population newly served or lost per
 * category, residences whose score changes). Plans travel as GeoJSON. Pure: no DOM.
 */
import type { FeatureCollection, Point } from 'geojson';
import { describeValue, IssueCollector, isRecord, type ValidationIssue } from '../../core/validation';
import { idOf, pointAt, type FacilityCollection, type FacilityEdit, type FacilityFeature } from '../engine/facility-edits';
import type { LifeCircleColumns } from '../engine/types';

// The edits and how they apply live beside the engine's incremental update, which must agree on the facilities' order.
export { applyEdits } from '../engine/facility-edits';
export type { AppliedEdits, FacilityCollection, FacilityEdit, LonLat } from '../engine/facility-edits';

export interface Plan {
  name: string;
  edits: FacilityEdit[];
}

/** Undo and redo over a plan's edits: `edits` is the plan as it stands. */
export class EditHistory {
  private done: FacilityEdit[];
  private undone: FacilityEdit[] = [];

  constructor(edits: readonly FacilityEdit[] = []) {
    this.done = [...edits];
  }

  get edits(): readonly FacilityEdit[] {
    return this.done;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Records an edit; what was undone can no longer be redone. */
  push(edit: FacilityEdit): void {
    this.done.push(edit);
    this.undone = [];
  }

  /** The edit taken back, or null when there is none. */
  undo(): FacilityEdit | null {
    const edit = this.done.pop() ?? null;
    if (edit) this.undone.push(edit);
    return edit;
  }

  /** The edit made again, or null when there is none. */
  redo(): FacilityEdit | null {
    const edit = this.undone.pop() ?? null;
    if (edit) this.done.push(edit);
    return edit;
  }
}

/** One category's change between the baseline and a plan. */
export interface CategoryChange {
  category: string;
  /** Population within the limit, before and after. */
  before: number;
  after: number;
  /** Population (and residences) newly within the limit, and no longer within it. */
  served: number;
  lost: number;
  servedResidences: number;
  lostResidences: number;
}

export interface ResidenceChange {
  id: string;
  population: number;
  before: number | null;
  after: number | null;
  /** Categories newly within, and no longer within. */
  gained: string[];
  lost: string[];
}

export interface PlanComparison {
  categories: CategoryChange[];
  /** Residences whose score or any category's within-limit verdict changes, in the baseline's order. */
  residences: ResidenceChange[];
  /**
   * Per baseline residence row: +1 better off (score up, or only gains), -1 worse off, 0 no change
   * or mixed — what a difference map colours.
   */
  direction: Int8Array;
}

const scoreOf = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * What a plan changes against the baseline, from the two results' columns. Residences match by
 * id and categories by key, so the two analyses need not list them in the same order; a residence
 * or category only one of them has is left out.
 */
export function comparePlans(baseline: LifeCircleColumns, plan: LifeCircleColumns): PlanComparison {
  // Two analyses of the same residences list them in the same order: then row r is row r.
  const sameRows = plan.residenceIds.length === baseline.residenceIds.length && plan.residenceIds.every((id, r) => id === baseline.residenceIds[r]);
  const planRow = sameRows ? null : new Map(plan.residenceIds.map((id, r) => [id, r] as const));
  const planCategory = new Map(plan.categories.map((key, c) => [key, c] as const));
  const shared = baseline.categories.flatMap((key, c) => (planCategory.has(key) ? [[key, c, planCategory.get(key)!] as const] : []));
  const B = baseline.categories.length;
  const P = plan.categories.length;
  const categories: CategoryChange[] = shared.map(([category]) => ({ category, before: 0, after: 0, served: 0, lost: 0, servedResidences: 0, lostResidences: 0 }));
  const residences: ResidenceChange[] = [];
  const direction = new Int8Array(baseline.residenceIds.length);

  baseline.residenceIds.forEach((id, r) => {
    const q = planRow ? planRow.get(id) : r;
    if (q === undefined) return;
    const population = baseline.population[r]!;
    const gained: string[] = [];
    const lost: string[] = [];
    shared.forEach(([key, b, p], s) => {
      const was = baseline.within[r * B + b] === 1;
      const is = plan.within[q * P + p] === 1;
      const change = categories[s]!;
      if (was) change.before += population;
      if (is) change.after += population;
      if (is && !was) {
        change.served += population;
        change.servedResidences++;
        gained.push(key);
      } else if (was && !is) {
        change.lost += population;
        change.lostResidences++;
        lost.push(key);
      }
    });
    const before = scoreOf(baseline.score[r]!);
    const after = scoreOf(plan.score[q]!);
    if (before === after && gained.length === 0 && lost.length === 0) return;
    residences.push({ id, population, before, after, gained, lost });
    if (before !== null && after !== null && before !== after) direction[r] = after > before ? 1 : -1;
    else direction[r] = gained.length && !lost.length ? 1 : lost.length && !gained.length ? -1 : 0;
  });
  return { categories, residences, direction };
}

/** The rows of a comparison's CSV: one per category, then one per changed residence. */
export function comparisonRows(comparison: PlanComparison): (string | number | null)[][] {
  return [
    ['category', 'population before', 'population after', 'newly served', 'no longer served', 'residences newly served', 'residences no longer served'],
    ...comparison.categories.map((c) => [c.category, c.before, c.after, c.served, c.lost, c.servedResidences, c.lostResidences]),
    [],
    ['residence', 'population', 'score before', 'score after', 'categories gained', 'categories lost'],
    ...comparison.residences.map((r) => [r.id, r.population, r.before, r.after, r.gained.join(' '), r.lost.join(' ')]),
  ];
}

/**
 * A plan as GeoJSON: one feature per edit, in order, `properties.edit` = add | move | remove
 * (a remove carries the facility's baseline position when known), `properties.plan` its name.
 */
export function planToGeoJson(plan: Plan, baseline: FacilityCollection | null = null): FeatureCollection<Point | null> {
  const positions = new Map<string, Point | null>();
  for (const feature of baseline?.features ?? []) {
    const id = idOf(feature);
    if (id !== null && !positions.has(id)) positions.set(id, ((feature as FacilityFeature).geometry as Point | null) ?? null);
  }
  return {
    type: 'FeatureCollection',
    features: plan.edits.map((edit) => {
      const properties: Record<string, unknown> = { plan: plan.name, edit: edit.kind, id: edit.id };
      if (edit.kind === 'add') {
        properties.category = edit.category;
        if (edit.name !== undefined) properties.name = edit.name;
      }
      const geometry = edit.kind === 'remove' ? (positions.get(edit.id) ?? null) : pointAt(edit.position);
      return { type: 'Feature', geometry, properties };
    }),
  };
}

/** A plan back from its GeoJSON; features that are no edit are reported (feature index, field) and skipped. */
export function planFromGeoJson(input: unknown, fallbackName = 'plan'): { plan: Plan; issues: ValidationIssue[] } {
  const issues = new IssueCollector();
  const features = isRecord(input) && Array.isArray(input.features) ? input.features : null;
  if (!features) {
    issues.error('plan', `a plan must be a FeatureCollection, got ${describeValue(input)}`, 'wrong-type', { expected: 'FeatureCollection' });
    return { plan: { name: fallbackName, edits: [] }, issues: issues.issues };
  }
  const edits: FacilityEdit[] = [];
  let name: string | null = null;
  features.forEach((feature, i) => {
    const path = `features[${i}]`;
    const properties = isRecord(feature) && isRecord(feature.properties) ? feature.properties : null;
    const id = idOf(feature);
    if (!properties || id === null) return issues.error(`${path}.properties.id`, 'an edit needs the facility id', 'missing');
    if (typeof properties.plan === 'string' && name === null) name = properties.plan;
    const kind = properties.edit;
    if (kind === 'remove') return void edits.push({ kind, id });
    if (kind !== 'add' && kind !== 'move') {
      return issues.error(`${path}.properties.edit`, `unknown edit ${describeValue(kind)} (add, move or remove)`, 'unknown-value', { value: describeValue(kind) });
    }
    const geometry = isRecord(feature) ? feature.geometry : null;
    const coordinates = isRecord(geometry) && geometry.type === 'Point' && Array.isArray(geometry.coordinates) ? geometry.coordinates : null;
    const [lon, lat] = coordinates ?? [];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      return issues.error(`${path}.geometry`, `an ${kind} needs a Point with a longitude and latitude, got ${describeValue(geometry)}`, 'invalid-geometry');
    }
    if (kind === 'move') return void edits.push({ kind, id, position: [lon, lat] });
    if (typeof properties.category !== 'string' || properties.category === '') {
      return issues.error(`${path}.properties.category`, `an added facility needs a category, got ${describeValue(properties.category)}`, 'missing');
    }
    const edit: FacilityEdit = { kind, id, category: properties.category, position: [lon, lat] };
    if (typeof properties.name === 'string') edit.name = properties.name;
    edits.push(edit);
  });
  return { plan: { name: name ?? fallbackName, edits }, issues: issues.issues };
}
