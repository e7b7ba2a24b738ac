import type { FacilityEdit } from './facility-edits';
import type { IsochroneCollection, IsochroneOptions } from './isochrone';
import type { EditDelta, LifeCircleCore } from './result';
import type { SiteSuggestion, SiteSuggestionOptions } from './site-suggestion';
import type { LifeCircleOptions } from './types';

/** Which input parts the worker holds; a part is sent only when its version changed. */
export interface DataVersions {
  residences: number;
  facilities: number;
  roads: number;
}

/** A point to grow an isochrone from: coordinates, or a residence / facility of the last analysis. */
export type IsochroneOrigin = { point: [number, number] } | { residence: string } | { facility: string };

export type WorkerRequest =
  | {
      type: 'analyze';
      id: number;
      versions: DataVersions;
      /** Only the parts whose version the worker does not have yet. */
      data: { residences?: unknown; facilities?: unknown; roads?: unknown };
      options: LifeCircleOptions;
    }
  | { type: 'isochrone'; id: number; origin: IsochroneOrigin; options: IsochroneOptions }
  | { type: 'suggest'; id: number; options: SiteSuggestionOptions }
  /** A what-if plan: the whole list of edits relative to the last analysis' facilities; answered with a `result`. */
  | { type: 'edit'; id: number; edits: readonly FacilityEdit[] }
  | { type: 'cancel'; id: number }
  /** To the engine's worker: the port of a second worker serving category searches (null: it is gone). */
  | { type: 'helper'; id: number; port: MessagePort | null }
  /** To a second worker: serve category searches on this port. */
  | { type: 'serve'; id: number; port: MessagePort };

export type WorkerResponse =
  | { type: 'progress'; id: number; done: number; total: number; phase: string }
  /** A whole result: of an analysis (`version` 0, a new baseline) or of an edit that could not be incremental. */
  | { type: 'result'; id: number; result: LifeCircleCore; version: number }
  /** An edit's rows and facilities that changed, against the result of state `delta.base` (see `patchResult`). */
  | { type: 'edited'; id: number; delta: EditDelta }
  | { type: 'isochrone'; id: number; result: IsochroneCollection }
  | { type: 'suggestion'; id: number; result: SiteSuggestion }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; name: string; message: string };
