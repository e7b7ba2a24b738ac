/**
 * Starts the engine's Web Worker as a separate module file next to the library (npm build, dev
 * server). The single-file bundle swaps this module for spawn-worker.inline.ts (see
 * vite.config.ts), so a page that loads only `citykit.bundle.js` needs no second file.
 */
export function spawnEngineWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
}
