/** Single-file bundle variant of spawn-worker.ts: the worker's code is inlined as a blob URL. */
import EngineWorker from './worker.ts?worker&inline';

export function spawnEngineWorker(): Worker {
  return new EngineWorker();
}
