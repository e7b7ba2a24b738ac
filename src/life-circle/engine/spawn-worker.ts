/**
 * Starts the engine's Web Worker as a separate module file (dev server, tests). Both builds (npm
 * library and single-file bundle) swap this module for spawn-worker.inline.ts (see vite.config.ts):
 * a worker file beside the library is found by no bundler that copies only what it imports.
 */
export function spawnEngineWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
}
