import { abortError, runAsync, stepCount } from './analyze';
import type { PreparedLifeCircle, PrepareOptions } from './analyze';
import { EditableAnalysis } from './edits';
import { computeIsochrone, warmIsochrone } from './isochrone';
import { SearchHelper, analyzePreparedParallel, prepareParallel, serveSearches } from './parallel';
import type { IsochroneOptions } from './isochrone';
import { coreOf, deltaTransferables, transferablesOf, withCopiedColumns } from './result';
import { suggestSitesSteps } from './site-suggestion';
import type { SiteSuggestionOptions } from './site-suggestion';
import type { DataVersions, IsochroneOrigin, WorkerRequest, WorkerResponse } from './protocol';
import { DEFAULT_SPEEDS } from './standards';
import { isFiniteNumber, isRecord } from '../../core/validation';
import type { LifeCircleOptions } from './types';

type Post = (message: WorkerResponse, transfer?: Transferable[]) => void;

/**
 * The worker's side of the protocol, apart from the global scope so it can be tested in-thread.
 * Keeps the last input and its prepared form (graph, snapping), so a new level, mode or speed
 * re-runs only the searches, and isochrone clicks reuse the graph. `spawnHelper` starts a second
 * thread for category searches at the first analysis (unless a `helper` message came first).
 */
export function createWorkerHost(post: Post, spawnHelper?: () => SearchHelper | null): (request: WorkerRequest) => Promise<void> {
  const data: { residences?: unknown; facilities?: unknown; roads?: unknown } = {};
  const versions: DataVersions = { residences: -1, facilities: -1, roads: -1 };
  let prepared: { key: string; value: PreparedLifeCircle } | null = null;
  let lastOptions: LifeCircleOptions = {};
  /** The last analysis, taking what-if edits; its current state is what isochrones and suggestions see. */
  let editable: EditableAnalysis | null = null;
  const running = new Map<number, AbortController>();
  /** The second thread for category searches; undefined until the first analysis or a `helper` message decides. */
  let helper: SearchHelper | null | undefined;

  const prepareKey = (options: PrepareOptions): string =>
    JSON.stringify([versions, options.profile ?? null, options.method ?? 'auto', options.snapTolerance ?? null, options.issueLimit ?? null]);

  async function run(id: number, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      await work(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) post({ type: 'cancelled', id });
      else {
        const e = error instanceof Error ? error : new Error(String(error));
        post({ type: 'error', id, name: e.name, message: e.message });
      }
    } finally {
      running.delete(id);
    }
  }

  const onProgress = (id: number) => (p: { done: number; total: number; phase: string }) => post({ type: 'progress', id, ...p });

  function needPrepared(): PreparedLifeCircle {
    if (!prepared) throw new Error('no analysis yet: call analyze() first');
    return editable?.prepared ?? prepared.value;
  }

  function originPoint(origin: IsochroneOrigin): [number, number] {
    const p = needPrepared();
    if ('point' in origin) return origin.point;
    const table = 'residence' in origin ? p.input.residences : p.input.facilities;
    const id = 'residence' in origin ? origin.residence : origin.facility;
    const index = table.ids.indexOf(id);
    if (index === -1) throw new Error(`unknown ${'residence' in origin ? 'residence' : 'facility'} id "${id}"`);
    return [table.lon[index]!, table.lat[index]!];
  }

  return async function handle(request: WorkerRequest): Promise<void> {
    switch (request.type) {
      case 'cancel':
        running.get(request.id)?.abort();
        return;
      case 'helper':
        helper?.drop();
        helper = request.port ? new SearchHelper(request.port) : null;
        return;
      case 'serve':
        serveSearches(request.port);
        return;
      case 'analyze':
        return run(request.id, async (signal) => {
          for (const part of ['residences', 'facilities', 'roads'] as const) {
            if (part in request.data) {
              data[part] = request.data[part];
              versions[part] = request.versions[part];
            }
          }
          const options = request.options ?? {};
          lastOptions = options;
          editable = null;
          if (helper === undefined) helper = spawnHelper?.() ?? null;
          const key = prepareKey(options);
          const hooks = { signal, onProgress: onProgress(request.id) };
          let value = prepared?.key === key ? prepared.value : null;
          let result;
          if (value) result = await analyzePreparedParallel(value, options, helper, hooks);
          else {
            const total = stepCount(options);
            // The helper builds the graph while this thread validates.
            value = await prepareParallel({ residences: data.residences, facilities: data.facilities, roads: data.roads }, options, helper, hooks, total);
            if (signal.aborted) throw abortError(signal);
            prepared = { key, value };
            result = await analyzePreparedParallel(value, options, helper, hooks, 3, total);
          }
          // Edits start from the result's columns: the page gets copies.
          editable = new EditableAnalysis(value, options, result, { residences: data.residences, facilities: data.facilities, roads: data.roads });
          const core = withCopiedColumns(coreOf(result));
          post({ type: 'result', id: request.id, result: core, version: 0 }, transferablesOf(core));
          // While the page draws the result: the first isochrone click should not pay for the
          // workspace, the garbage collection its allocation triggers, or compiling the code.
          // A failure here would recur, and be reported, on the click itself.
          try {
            warmIsochrone(value.graph);
          } catch {
            // nothing to report before a click asks
          }
        });
      case 'edit':
        return run(request.id, async () => {
          if (!editable) throw new Error('no analysis yet: call analyze() first');
          // Only what changed goes to the page, which holds the previous state's result (see the client).
          const step = editable.step(request.edits);
          if (step.delta) post({ type: 'edited', id: request.id, delta: step.delta }, deltaTransferables(step.delta));
          else {
            const core = coreOf(step.result!);
            post({ type: 'result', id: request.id, result: core, version: editable.version }, transferablesOf(core));
          }
        });
      case 'isochrone':
        return run(request.id, async () => {
          const p = needPrepared();
          const options: IsochroneOptions = { snapTolerance: p.snapTolerance, ...request.options };
          if (options.speed === undefined) {
            // The analysis reported a bad mode or speed and fell back; the isochrone does the same.
            const mode = lastOptions.mode === 'bike' ? 'bike' : 'walk';
            const given = isRecord(lastOptions.speeds) ? lastOptions.speeds[mode] : undefined;
            options.speed = isFiniteNumber(given) && given > 0 ? given : DEFAULT_SPEEDS[mode];
          }
          post({ type: 'isochrone', id: request.id, result: computeIsochrone(p.graph, originPoint(request.origin), options) });
        });
      case 'suggest':
        return run(request.id, async (signal) => {
          const p = needPrepared();
          const options: SiteSuggestionOptions = { ...lastOptions, ...request.options };
          const result = await runAsync(suggestSitesSteps(p, options), { signal, onProgress: onProgress(request.id) });
          post({ type: 'suggestion', id: request.id, result });
        });
    }
  };
}
