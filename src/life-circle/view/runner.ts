/**
 * Where the element's analyses run: the engine's Web Worker, or — when a page cannot start
 * module workers (a strict CSP, an old bundler) — the same protocol host on the main thread,
 * yielding between steps so the page stays responsive and cancellation still lands.
 */
import { createLifeCircleWorker, type LifeCircleWorkerClient } from '../engine/client';
import { createWorkerHost } from '../engine/worker-host';
import type { WorkerRequest, WorkerResponse } from '../engine/protocol';

export interface LifeCircleRunner {
  client: LifeCircleWorkerClient;
  /** `worker` when a real Web Worker runs the engine. */
  kind: 'worker' | 'main-thread';
}

/** A Worker look-alike that runs the engine's protocol host in this thread. */
class InThreadWorker extends EventTarget {
  private terminated = false;
  private readonly handle = createWorkerHost((message: WorkerResponse) => {
    // Asynchronous like a real worker, so callers see the same ordering.
    setTimeout(() => {
      if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data: message }));
    }, 0);
  });

  postMessage(request: WorkerRequest): void {
    setTimeout(() => {
      if (!this.terminated) void this.handle(request);
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** The engine in a Web Worker when possible, else on the main thread. */
export function createRunner(preferWorker = true): LifeCircleRunner {
  if (preferWorker && typeof Worker !== 'undefined') {
    try {
      return { client: createLifeCircleWorker(), kind: 'worker' };
    } catch {
      // Fall through: the page refused the worker.
    }
  }
  return { client: createLifeCircleWorker({ worker: new InThreadWorker() as unknown as Worker }), kind: 'main-thread' };
}

/** True for the error a client gives when its worker script failed (not for an analysis error). */
export function isWorkerFailure(error: unknown): boolean {
  return error instanceof Error && /^life-circle worker failed/.test(error.message);
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
