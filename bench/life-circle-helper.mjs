// The life-circle bench's second thread: serves category searches with the engine's own code (as
// the second Web Worker does in a page), on the port it is given. A worker does not inherit the
// parent's TypeScript loader, so it registers one before loading the engine.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveSearches } = await import('../src/life-circle/engine/parallel.ts');
serveSearches(workerData.port);
parentPort.postMessage('ready');
