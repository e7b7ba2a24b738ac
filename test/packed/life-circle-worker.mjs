// The life circle's workers as a bundler's user gets them: a page that imports
// `citykit/life-circle-engine` from the built package (dist/, what `npm pack` ships), bundled with
// esbuild (as Angular's builder and the React example do), served alone from one origin. Checks
// that the engine's worker and its second worker start (no worker file to find beside the library)
// and give the analysis the package's pure function gives in Node on the same data.
//
//   node test/packed/life-circle-worker.mjs      (after `npm run build`)
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireBrowser } from '../browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'dist', 'life-circle-engine.js');
if (!existsSync(entry)) {
  console.error('dist/life-circle-engine.js is missing: run `npm run build` first');
  process.exit(1);
}
const data = Object.fromEntries(['residences', 'facilities', 'roads'].map((name) => [name, readFileSync(join(root, 'data-samples', `${name}.geojson`), 'utf8')]));

const dir = mkdtempSync(join(tmpdir(), 'citykit-packed-worker-'));
writeFileSync(
  join(dir, 'app.js'),
  `import { createLifeCircleWorker } from ${JSON.stringify(entry)};
const load = (name) => fetch('/' + name + '.geojson').then((r) => r.json());
const [residences, facilities, roads] = await Promise.all(['residences', 'facilities', 'roads'].map(load));
const client = createLifeCircleWorker();
try {
  const result = await client.analyze({ residences, facilities, roads }, { level: 'all' });
  window.outcome = { cores: navigator.hardwareConcurrency ?? 2, method: result.method, graphWait: result.timings.graphWait ?? null, helperCategories: result.timings.helperCategories ?? null, residences: JSON.stringify(result.residences) };
} catch (error) {
  window.outcome = { error: String(error) };
} finally {
  client.terminate();
}
`,
);
await build({
  entryPoints: [join(dir, 'app.js')],
  bundle: true,
  format: 'esm',
  outfile: join(dir, 'app.bundle.js'),
  define: { 'process.env.NODE_ENV': '"production"' },
  conditions: ['visgl:webgl-only'],
  nodePaths: [join(root, 'node_modules')],
  logLevel: 'warning',
});

const requests = [];
const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  requests.push(path);
  const name = /^\/(residences|facilities|roads)\.geojson$/.exec(path)?.[1];
  if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><script type="module" src="/app.bundle.js"></script>');
  else if (path === '/app.bundle.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(join(dir, 'app.bundle.js')));
  else if (name) res.writeHead(200, { 'Content-Type': 'application/geo+json' }).end(data[name]);
  else res.writeHead(404).end();
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

let failed = 0;
const check = (name, ok, detail = '') => {
  if (!ok) failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};

const userDataDir = mkdtempSync(join(tmpdir(), 'citykit-packed-worker-profile-'));
const browser = await puppeteer.launch({ executablePath: requireBrowser(), headless: true, args: [...chromiumArgs, `--user-data-dir=${userDataDir}`] });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.outcome !== undefined, { timeout: 120000 });
  const outcome = await page.evaluate(() => window.outcome);
  const { analyzeLifeCircle } = await import(pathToFileURL(entry).href);
  const expected = analyzeLifeCircle(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON.parse(v)])), { level: 'all' });
  check('the analysis ran in the workers', outcome.error === undefined, outcome.error ?? `method ${outcome.method}`);
  // On one core there is no second worker: the engine's worker does it all.
  const second = outcome.cores >= 2;
  check(
    second ? 'the second worker built the walking graph and took searches' : 'one core: no second worker',
    second ? typeof outcome.graphWait === 'number' && typeof outcome.helperCategories === 'number' : outcome.graphWait === null,
    `${outcome.cores} cores; graph waited ${outcome.graphWait}, ${outcome.helperCategories} categories`,
  );
  check('residences equal the pure function in Node', outcome.residences === JSON.stringify(expected.residences), `${outcome.residences?.length ?? 0} vs ${JSON.stringify(expected.residences).length} characters of JSON`);
  const strays = requests.filter((path) => !['/', '/app.bundle.js', '/residences.geojson', '/facilities.geojson', '/roads.geojson'].includes(path) && path !== '/favicon.ico');
  check('no request for a file beside the library', strays.length === 0, strays.join(', '));
  check('no uncaught error', errors.length === 0, errors.join('; '));
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`packed life-circle worker: ${failed ? `${failed} failed` : 'all passed'}`);
process.exit(failed ? 1 : 0);
