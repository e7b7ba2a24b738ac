import { spawnEngineWorker } from './spawn-worker';
import type { FacilityEdit } from './facility-edits';
import type { IsochroneCollection, IsochroneOptions } from './isochrone';
import type { DataVersions, IsochroneOrigin, WorkerRequest, WorkerResponse } from './protocol';
import { materializeResult, patchResult } from './result';
import { isRoadLines, packRoads, roadTransferables } from './roads';
import type { SiteSuggestion, SiteSuggestionOptions } from './site-suggestion';
import type { LifeCircleInput, LifeCircleOptions, LifeCircleResult, ProgressInfo } from './types';

export interface CallHooks {
  /** Aborting rejects the promise with an AbortError and tells the worker to stop. */
  signal?: AbortSignal;
  onProgress?: (progress: ProgressInfo) => void;
}

export interface LifeCircleWorkerClient {
  /** Runs `analyzeLifeCircle` in the worker. Input parts are sent only when their object changed. */
  analyze(input: LifeCircleInput, options?: LifeCircleOptions, hooks?: CallHooks): Promise<LifeCircleResult>;
  /** Isochrone from a point or from a residence/facility of the last analysis, on its network. */
  isochrone(origin: IsochroneOrigin | [number, number], options?: IsochroneOptions, hooks?: CallHooks): Promise<IsochroneCollection>;
  /** Best new sites for a category, on the last analysis' data and options. */
  suggestSites(options: SiteSuggestionOptions, hooks?: CallHooks): Promise<SiteSuggestion>;
  /**
   * The last analysis with a what-if plan applied incrementally: `edits` is the whole plan relative
   * to that analysis' facilities (`[]` gives it back). Equal to analysing `applyEdits(facilities,
   * edits)` in full; the result's issues end with the plan's own (`edits[i].…`). A new `analyze`
   * starts a new baseline. Only the rows that changed cross from the worker: the result shares its
   * columns with the previous edit's, which the next edit updates in place (the analysis' own
   * result never changes) — copy a plan's columns to keep them across edits.
   */
  edit(edits: readonly FacilityEdit[], hooks?: CallHooks): Promise<LifeCircleResult>;
  /** Stops the worker; pending calls reject. */
  terminate(): void;
}

export interface CreateWorkerOptions {
  /** An existing worker speaking the protocol (tests, custom bundling). */
  worker?: Worker;
  /**
   * Starts a worker speaking the protocol: the engine's (unless `worker` is given) and, at the
   * first analysis, the second one. Default: the library's own (a module file next to it; inlined
   * in the single-file bundle).
   */
  spawn?: () => Worker;
  /**
   * A second worker speaking the protocol to take half of the category searches (and to build the
   * walking graph while the first validates), or `false` for none. Default: this thread starts it
   * with `spawn` at the first analysis, on a device with two or more cores. With a `worker` given
   * and no `spawn`, that worker starts its own second worker (nested, so it ends with it).
   */
  helper?: Worker | false;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: ProgressInfo) => void;
  cleanup: () => void;
}

function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('life-circle analysis aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * Main-thread wrapper around the engine's Web Worker: promises, progress callbacks, AbortSignal
 * cancellation; result columns arrive as transferred typed arrays. A second worker (see
 * `CreateWorkerOptions.helper`) takes about half of the category searches.
 */
export function createLifeCircleWorker(options: CreateWorkerOptions = {}): LifeCircleWorkerClient {
  const spawn = options.spawn ?? spawnEngineWorker;
  const worker = options.worker ?? spawn();
  let helper: Worker | null = null;
  // Started here rather than nested in the engine's worker: a worker of the single-file bundle runs
  // from a blob: URL that it revokes as it starts, so a copy of itself cannot be started from it.
  let helperToStart = options.helper === undefined && (options.worker === undefined || options.spawn !== undefined);
  if (options.helper) useHelper(options.helper);
  else if (options.helper === false) worker.postMessage({ type: 'helper', id: 0, port: null } satisfies WorkerRequest);

  function useHelper(second: Worker): void {
    helper = second;
    // The two workers talk directly: category requests and result columns never pass this thread.
    const channel = new MessageChannel();
    second.postMessage({ type: 'serve', id: 0, port: channel.port2 } satisfies WorkerRequest, [channel.port2]);
    worker.postMessage({ type: 'helper', id: 0, port: channel.port1 } satisfies WorkerRequest, [channel.port1]);
    second.addEventListener('error', () => {
      // Its searches go back to the engine's worker; the analysis goes on.
      worker.postMessage({ type: 'helper', id: 0, port: null } satisfies WorkerRequest);
      second.terminate();
    });
  }

  /** The second worker, at the first analysis: on two or more cores, if it can be started. */
  function startHelper(): void {
    helperToStart = false;
    let second: Worker | null = null;
    if ((globalThis.navigator?.hardwareConcurrency ?? 2) >= 2) {
      try {
        second = spawn();
      } catch {
        second = null;
      }
    }
    if (second) useHelper(second);
    else worker.postMessage({ type: 'helper', id: 0, port: null } satisfies WorkerRequest);
  }
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let terminated = false;
  const sent: { residences?: unknown; facilities?: unknown; roads?: unknown } = {};
  const versions: DataVersions = { residences: 0, facilities: 0, roads: 0 };
  let everSent = false;

  /** The result of the worker's current state: an edit's answer is what changed since it (kept even when that call was cancelled). */
  let last: { result: LifeCircleResult; version: number } | null = null;

  worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
    const message = event.data;
    let outcome: LifeCircleResult | Error | null = null;
    if (message.type === 'result') {
      outcome = materializeResult(message.result);
      last = { result: outcome, version: message.version };
    } else if (message.type === 'edited') {
      const { delta } = message;
      if (last?.version === delta.base) {
        outcome = patchResult(last.result, delta);
        last = { result: outcome, version: delta.version };
      } else outcome = new Error(`life-circle edit out of step: state ${delta.base} answered, state ${last?.version ?? 'none'} held`);
    }
    const call = pending.get(message.id);
    if (!call) return;
    switch (message.type) {
      case 'progress':
        call.onProgress?.({ done: message.done, total: message.total, phase: message.phase });
        return;
      case 'result':
      case 'edited':
        if (outcome instanceof Error) settle(message.id).reject(outcome);
        else settle(message.id).resolve(outcome);
        return;
      case 'isochrone':
      case 'suggestion':
        settle(message.id).resolve(message.result);
        return;
      case 'cancelled':
        settle(message.id).reject(abortError());
        return;
      case 'error': {
        const error = new Error(message.message);
        error.name = message.name;
        settle(message.id).reject(error);
      }
    }
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    const error = new Error(`life-circle worker failed: ${event.message || 'unknown error'}`);
    for (const id of [...pending.keys()]) settle(id).reject(error);
  });

  function settle(id: number): Pending {
    const call = pending.get(id)!;
    pending.delete(id);
    call.cleanup();
    return call;
  }

  function call<T>(request: WorkerRequest, hooks: CallHooks = {}, transfer: Transferable[] = []): Promise<T> {
    if (terminated) return Promise.reject(new Error('life-circle worker terminated'));
    const { signal, onProgress } = hooks;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (!pending.has(request.id)) return;
        worker.postMessage({ type: 'cancel', id: request.id } satisfies WorkerRequest);
        settle(request.id).reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(request.id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      worker.postMessage(request, transfer);
    });
  }

  return {
    analyze(input, analyzeOptions = {}, hooks) {
      if (helperToStart && !terminated) startHelper();
      const data: { residences?: unknown; facilities?: unknown; roads?: unknown } = {};
      const transfer: Transferable[] = [];
      for (const part of ['residences', 'facilities', 'roads'] as const) {
        if (!everSent || sent[part] !== input[part]) {
          versions[part]++;
          sent[part] = input[part];
          data[part] = input[part];
        }
      }
      // A road network is read into typed arrays here and transferred: posting its GeoJSON would
      // structured-clone millions of small arrays on this thread.
      if ('roads' in data && data.roads !== undefined && data.roads !== null && !isRoadLines(data.roads)) {
        const packed = packRoads(data.roads);
        data.roads = packed;
        transfer.push(...roadTransferables(packed));
      }
      everSent = true;
      return call<LifeCircleResult>({ type: 'analyze', id: nextId++, versions: { ...versions }, data, options: analyzeOptions }, hooks, transfer);
    },
    isochrone(origin, isochroneOptions = {}, hooks) {
      const from: IsochroneOrigin = Array.isArray(origin) ? { point: origin } : origin;
      return call<IsochroneCollection>({ type: 'isochrone', id: nextId++, origin: from, options: isochroneOptions }, hooks);
    },
    suggestSites(suggestOptions, hooks) {
      return call<SiteSuggestion>({ type: 'suggest', id: nextId++, options: suggestOptions }, hooks);
    },
    edit(edits, hooks) {
      return call<LifeCircleResult>({ type: 'edit', id: nextId++, edits }, hooks);
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      worker.terminate();
      helper?.terminate();
      const error = new Error('life-circle worker terminated');
      for (const id of [...pending.keys()]) settle(id).reject(error);
    },
  };
}
