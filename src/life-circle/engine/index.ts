// Public API of the life-circle engine: pure functions (worker-safe, no DOM) and the worker client.
export {
  analyzeLifeCircle,
  analyzeLifeCircleAsync,
  prepareLifeCircle,
  analyzePrepared,
  DEFAULT_SNAP_TOLERANCE,
  bucketWidth,
} from './analyze';
export type { PreparedLifeCircle, PrepareOptions, AnalyseOptions } from './analyze';
export { buildWalkingGraph, snapToGraph } from './graph';
export type { WalkingGraph, BuildGraphOptions, RoadLines } from './graph';
export { packRoads } from './roads';
export { computeIsochrone } from './isochrone';
export type { IsochroneOptions, IsochroneCollection, IsochroneProperties } from './isochrone';
export { suggestSites } from './site-suggestion';
export { EditableAnalysis } from './edits';
export type { EditOutcome } from './edits';
export { applyEdits } from './facility-edits';
export type { AppliedEdits, FacilityCollection, FacilityEdit, LonLat } from './facility-edits';
export type { SiteSuggestion, SiteSuggestionOptions, SuggestedSite } from './site-suggestion';
export { profiles, resolveProfile, DEFAULT_PROFILE_ID, DEFAULT_SPEEDS } from './standards';
export { validateLifeCircleInput } from './validate';
export type { ValidatedLifeCircleInput, ResidenceTable, FacilityTable } from './validate';
export { createLifeCircleWorker } from './client';
export type { LifeCircleWorkerClient, CallHooks, CreateWorkerOptions } from './client';
export type { IsochroneOrigin } from './protocol';
export { LocalProjection } from './projection';
export { DijkstraWorkspace } from './dijkstra';
export { materializeResult } from './result';
export type { LifeCircleCore } from './result';
export type * from './types';
