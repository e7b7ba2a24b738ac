// Web Worker entry of the life-circle engine: messages in `./protocol`.
import { createWorkerHost } from './worker-host';
import { SearchHelper } from './parallel';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as {
  location: { href: string };
  navigator: { hardwareConcurrency?: number };
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
};

/**
 * A second copy of this worker, nested (it ends with this one), serving category searches — on a
 * device with two or more cores. Started from this worker's own script, so it needs no second
 * bundle entry; if it cannot start or fails, this worker does all the searches.
 */
function spawnHelper(): SearchHelper | null {
  if ((scope.navigator.hardwareConcurrency ?? 2) < 2 || typeof Worker === 'undefined') return null;
  try {
    const worker = new Worker(scope.location.href, { type: 'module' });
    const channel = new MessageChannel();
    worker.postMessage({ type: 'serve', id: 0, port: channel.port2 } satisfies WorkerRequest, [channel.port2]);
    const helper = new SearchHelper(channel.port1);
    worker.addEventListener('error', () => {
      helper.drop();
      worker.terminate();
    });
    return helper;
  } catch {
    return null;
  }
}

const handle = createWorkerHost((message, transfer) => scope.postMessage(message, transfer ?? []), spawnHelper);
scope.addEventListener('message', (event) => {
  void handle(event.data);
});
