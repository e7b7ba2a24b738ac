// Web Worker entry of the life-circle engine: messages in `./protocol`.
import { createWorkerHost } from './worker-host';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as {
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
};

const handle = createWorkerHost((message, transfer) => scope.postMessage(message, transfer ?? []));
scope.addEventListener('message', (event) => {
  void handle(event.data);
});
