/** The events `<city-life-circle>` fires, declared once in the global `CityEventMap`. */
import type { LifeCircleResult, LifeCircleSummary, ResidenceOutcome, TravelMode } from './engine/types';

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

declare global {
  interface CityEventMap {
    'city-analysis-complete': CityAnalysisCompleteDetail;
    'city-residence-select': CityResidenceSelectDetail;
  }
}
