// Bundles the app into dist/ with esbuild (React 19 ships CommonJS only, so it needs a bundler).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
await build({
  entryPoints: ['src/main.jsx'],
  outfile: 'dist/app.js',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  minify: true,
  sourcemap: true,
  // React and deck.gl read process.env.NODE_ENV.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
copyFileSync('index.html', 'dist/index.html');
copyFileSync('app.css', 'dist/app.css');
