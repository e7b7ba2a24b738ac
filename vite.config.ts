import { defaultClientConditions, defineConfig } from 'vite';
import { resolve } from 'node:path';
import pkg from './package.json' with { type: 'json' };

/**
 * Two builds share this file:
 *  - default (`vite build`): the npm library — one ESM entry per element, dependencies kept
 *    external so a funnel-only import never pulls deck.gl.
 *  - `--mode bundle`: one self-contained ES module (`dist/citykit.bundle.js`) for a plain
 *    `<script type="module">` on an intranet page with no bundler.
 */
const entries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  map: 'src/map/index.ts',
  scope: 'src/scope/index.ts',
  grid: 'src/grid/index.ts',
  risk: 'src/risk/index.ts',
  funnel: 'src/funnel/index.ts',
  'life-circle': 'src/life-circle/index.ts',
  'life-circle-engine': 'src/life-circle/engine/index.ts',
};

/**
 * Every bare import (lit, deck.gl and their own dependencies such as luma.gl) stays external,
 * except the compiler's own runtime helpers (the decorator helper): they are not a dependency a
 * user installs, so they are copied into dist/ instead of left as an unresolvable import.
 */
const isExternal = (id: string) =>
  !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id) && !id.startsWith('@oxc-project/runtime');

/**
 * The single file runs Lit's browser build, which touches `HTMLElement`, `document` and
 * `CSSStyleSheet` as it loads; imported in Node (server-side rendering) that threw. These
 * module-scoped stand-ins are the real objects in a browser and inert ones elsewhere, so the
 * pure models import anywhere; they add nothing to `globalThis`. The npm entries get the same
 * from Lit's own Node build.
 */
const NODE_SAFE_BANNER =
  'var HTMLElement = globalThis.HTMLElement ?? class {}, CSSStyleSheet = globalThis.CSSStyleSheet ?? class { replaceSync() {} }, ' +
  'document = globalThis.document ?? { createTreeWalker: () => ({}), createComment: () => ({}), createElement: () => ({}) };';

export default defineConfig(({ mode, command }) => {
  const bundle = mode === 'bundle';
  return {
    // deck.gl reads process.env.NODE_ENV; library mode does not replace it.
    define: { 'process.env.NODE_ENV': JSON.stringify('production'), __CITYKIT_VERSION__: JSON.stringify(pkg.version) },
    resolve: {
      conditions: [...defaultClientConditions, 'visgl:webgl-only'],
      // Both builds carry the life-circle worker inline (started from a blob: URL) rather than as a
      // file beside the library: a worker file in dist/ is found by no bundler that copies only
      // what it imports (esbuild, so Angular's builder; Vite's dependency pre-bundling), and the
      // page 404s on it. The dev server and the tests keep the module file (spawn-worker.ts).
      alias: command === 'build' ? [{ find: /^\.\/spawn-worker$/, replacement: resolve('src/life-circle/engine/spawn-worker.inline.ts') }] : [],
    },
    worker: { format: 'es' },
    build: {
      outDir: 'dist',
      emptyOutDir: !bundle,
      sourcemap: true,
      target: 'es2022',
      lib: bundle
        ? { entry: resolve('src/index.ts'), formats: ['es'], fileName: () => 'citykit.bundle.js' }
        : {
            entry: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, resolve(v)])),
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
      rollupOptions: bundle
        ? { output: { inlineDynamicImports: true, minify: true, banner: NODE_SAFE_BANNER } }
        : { external: isExternal, output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  };
});
