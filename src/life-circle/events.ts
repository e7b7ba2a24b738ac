/** The events `<city-life-circle>` fires, declared once in the global `CityEventMap`. */
import type { LifeCircleResult, LifeCircleSummary, ResidenceOutcome, TravelMode } from './engine/types';
import type { FacilityEdit, Plan } from './model/scenario';

export interface CityAnalysisCompleteDetail {
  summary: LifeCircleSummary;
  method: LifeCircleResult['method'];
  level: LifeCircleResult['level'];
  mode: TravelMode;
}

export interface CityResidenceSelectDetail {
  /** Null when the selection was cleared. */
  id: string | null;
  /** The residence's entry of `result.residences` (the same object). */
  result: ResidenceOutcome | null;
}

/** What changed the plans: an edit of the active plan, its undo / redo, or the list of plans. */
export type PlanChangeReason = 'edit' | 'undo' | 'redo' | 'create' | 'rename' | 'delete' | 'select' | 'import';

export interface CityPlanChangeDetail {
  /** The active plan after the change (a copy), null when the baseline is active. */
  plan: Plan | null;
  /** The active plan's edits ([] for the baseline). */
  edits: readonly FacilityEdit[];
  reason: PlanChangeReason;
}

declare global {
  interface CityEventMap {
    'city-analysis-complete': CityAnalysisCompleteDetail;
    'city-residence-select': CityResidenceSelectDetail;
    'city-plan-change': CityPlanChangeDetail;
  }
}
