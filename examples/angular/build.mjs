// Bundles the app into dist/ with esbuild in JIT mode (the Angular compiler ships in the bundle
// and compiles the templates in the browser), for machines where the Angular CLI cannot run.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/app.js',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  tsconfig: 'tsconfig.json',
  minify: true,
  sourcemap: true,
  // The build-time flags the Angular CLI sets: a browser build, JIT compilation, no dev checks.
  define: { 'process.env.NODE_ENV': '"production"', ngServerMode: 'false', ngJitMode: 'true', ngDevMode: 'false', ngI18nClosureMode: 'false' },
  logLevel: 'warning',
});
copyFileSync('index.html', 'dist/index.html');
copyFileSync('app.css', 'dist/app.css');
