// Host-app test: proves the PACKED package works for real consumers.
//
//   node test/hosts/run.mjs [--no-build] [react|vue|angular|plain-html ...]
//
// Builds dist/ when it is missing or older than the sources (`--no-build`: pack dist/ as it is, as
// long as it is complete; CITYKIT_TARBALL=<file>: test that tarball instead), packs the package with `npm pack`,
// copies each app of examples/ into a scratch directory, installs the tarball and the app's own
// dependencies with `npm install` (so an import the package does not declare fails the app's
// build), builds the app, serves it on 127.0.0.1 and drives it in headless Chromium:
//   (a) the map drew the grids: pixels of every legend class in the map's exported image;
//   (b) a real mouse click on a known grid polygon selects exactly that unit, and the app shows it;
//   (c) the funnel drew the preset's seven stages with the counts of the sample cases;
//   (d) the app's unmount control removes the widgets and leaves no live WebGL context;
//   (e) no page error, no failed request, no request to a host other than 127.0.0.1.
// One line per check, then `Hosts: N passed, N failed` (counting checks); exit code 1 on failure.
import { spawn } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { area, bbox, booleanPointInPolygon, point } from '@turf/turf';
import { chromiumArgs, requireBrowser } from '../browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOSTS = ['react', 'vue', 'angular', 'plain-html'];
const DATA_FILES = ['grids.geojson', 'cases-city-management.json'];
/** The apps show this level of the sample hierarchy (29 communities). */
const LEVEL = 'community';
const PRESET_KEYS = ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'];
const VIEWPORT = { width: 1280, height: 1000 };

const started = performance.now();
const noBuild = process.argv.includes('--no-build');
const wanted = process.argv.slice(2).filter((a) => a !== '--no-build');
const unknown = wanted.filter((h) => !HOSTS.includes(h));
if (unknown.length) {
  console.error(`unknown host ${unknown.join(', ')}; choose from ${HOSTS.join(', ')}`);
  process.exit(2);
}
const hosts = wanted.length ? HOSTS.filter((h) => wanted.includes(h)) : HOSTS;

let passed = 0;
let failed = 0;
function report(host, name, ok, detail) {
  if (ok) passed++;
  else {
    failed++;
    // A failed command prints pages: keep its error lines (or its first lines).
    const lines = String(detail ?? '').split('\n').filter((l) => l.trim());
    const errors = lines.filter((l) => /error|cannot|could not|failed/i.test(l) && !/^\s+at /.test(l));
    detail = (errors.length ? errors : lines).slice(0, 4).join(' | ').slice(0, 1200);
  }
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${host} ${name}${detail ? `: ${detail}` : ''}`);
}
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

/** Runs a command; resolves with its output, rejects with the output's tail on a non-zero exit. */
function run(command, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`)),
    );
  });
}

// ---- The package ----------------------------------------------------------------------------

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** dist/ is stale when any of its promised files is missing or older than a source of the build. */
function distIsStale(checkSources) {
  const outputs = ['dist/index.js', 'dist/grid.js', 'dist/funnel.js', 'dist/citykit.bundle.js', 'dist/types/index.d.ts', 'dist/custom-elements.json'].map((p) =>
    join(ROOT, p),
  );
  if (!outputs.every(existsSync)) return true;
  if (!checkSources) return false;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const sources = ['src', 'package.json', 'vite.config.ts', 'tsconfig.build.json'].map((p) => join(ROOT, p)).filter(existsSync);
  return Math.max(...sources.map(newestMtime)) > built;
}

const scratch = mkdtempSync(join(tmpdir(), 'citykit-hosts-'));
const cleanups = [() => rmSync(scratch, { recursive: true, force: true })];
const removals = [];

async function packPackage() {
  // A tarball packed elsewhere (e.g. from a release build) can be tested as it is.
  if (process.env.CITYKIT_TARBALL) return resolve(process.env.CITYKIT_TARBALL);
  if (distIsStale(!noBuild)) {
    const t = performance.now();
    await run('npm', ['run', 'build'], ROOT);
    console.log(`built dist/ (${seconds(t)})`);
  }
  const out = await run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT);
  const info = JSON.parse(out.slice(out.indexOf('[')));
  return join(scratch, info[0].filename);
}

/** Every bare import in the tarball's JavaScript names a package the tarball declares. */
async function checkDeclaredImports(tarball) {
  const dir = join(scratch, 'unpacked');
  await run('mkdir', ['-p', dir]);
  await run('tar', ['-xzf', tarball, '-C', dir]);
  const root = join(dir, 'package');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const undeclared = new Map();
  const seen = new Set();
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.m?js$/.test(entry.name)) {
        const code = readFileSync(full, 'utf8');
        // Static imports/re-exports at statement starts, side-effect imports and dynamic imports.
        const statements = /(?:^|[;\n}])\s*(?:import|export)\s*(?:(?:\{[^}]*\}|\*\s*as\s+[\w$]+|\*|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+))?)\s*from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
        for (const m of code.matchAll(statements)) {
          const spec = m[1] ?? m[2];
          if (spec.startsWith('.') || spec.startsWith('/') || !/^(@[\w.-]+\/)?[\w.-]+(\/[\w.@/-]*)?$/.test(spec)) continue;
          if (/^(node:|data:|https?:)/.test(spec)) continue;
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          seen.add(spec);
          if (!declared.has(name)) undeclared.set(spec, full.slice(root.length + 1));
        }
      }
    }
  };
  walk(join(root, 'dist'));
  if (undeclared.size) throw new Error([...undeclared].map(([spec, file]) => `${file} imports ${spec}, not a declared dependency`).join('\n'));
  return `the ${seen.size} bare specifiers imported in dist/ all name one of the ${declared.size} declared dependencies`;
}

// ---- The apps -------------------------------------------------------------------------------

/** Copies the example, points its `citykit` dependency at the tarball, installs and builds it. */
async function prepareApp(host, tarball) {
  const dir = join(scratch, host);
  cpSync(join(ROOT, 'examples', host), dir, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist)([\\/]|$)/.test(src.slice(join(ROOT, 'examples', host).length)),
  });
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (!pkg.dependencies?.citykit) throw new Error('examples/' + host + '/package.json does not depend on citykit');
  pkg.dependencies.citykit = `file:${tarball}`;
  writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir);
  await run('npm', ['run', 'build'], dir);
  const out = join(dir, 'dist');
  if (!existsSync(join(out, 'index.html'))) throw new Error(`the build wrote no dist/index.html`);
  // Only dist/ is served: drop the app's node_modules (hundreds of MB) while the others work.
  if (!process.env.KEEP_HOSTS_SCRATCH) removals.push(rm(join(dir, 'node_modules'), { recursive: true, force: true }));
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

/** A static server for the app's build output; `/data/<sample>` comes from data-samples/. */
function serve(root) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const dataFile = path.startsWith('/data/') ? path.slice(6) : null;
    let file = dataFile && DATA_FILES.includes(dataFile) ? join(ROOT, 'data-samples', dataFile) : join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!dataFile && !file.startsWith(root + sep)) file = '';
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise) =>
    server.listen(0, '127.0.0.1', () => {
      cleanups.push(() => server.close());
      resolvePromise(`http://127.0.0.1:${server.address().port}/`);
    }),
  );
}

// ---- Expectations derived here, from the sample data, not from CityKit ------------------------

const grids = JSON.parse(readFileSync(join(ROOT, 'data-samples', 'grids.geojson'), 'utf8'));
const cases = JSON.parse(readFileSync(join(ROOT, 'data-samples', 'cases-city-management.json'), 'utf8')).cases;
const shownUnits = grids.features.filter((f) => f.properties.level === LEVEL);

/** Distance in degrees (longitude scaled to the latitude) from a point to a polygon's outline. */
function distanceToOutline([x, y], feature) {
  const k = Math.cos((y * Math.PI) / 180);
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  let best = Infinity;
  for (const ring of polygons.flat()) {
    for (let i = 1; i < ring.length; i++) {
      const ax = (ring[i - 1][0] - x) * k;
      const ay = ring[i - 1][1] - y;
      const dx = (ring[i][0] - ring[i - 1][0]) * k;
      const dy = ring[i][1] - ring[i - 1][1];
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

/** A point deep inside each of the largest shown units (the best of a 21×21 lattice), largest first. */
function clickTargets() {
  return shownUnits
    .map((feature) => ({ feature, area: area(feature) }))
    .sort((a, b) => b.area - a.area)
    .slice(0, 8)
    .map(({ feature }) => {
      const [x0, y0, x1, y1] = bbox(feature);
      let best = null;
      for (let i = 1; i < 21; i++) {
        for (let j = 1; j < 21; j++) {
          const lonLat = [x0 + ((x1 - x0) * i) / 21, y0 + ((y1 - y0) * j) / 21];
          if (!booleanPointInPolygon(point(lonLat), feature)) continue;
          const depth = distanceToOutline(lonLat, feature);
          if (!best || depth > best.depth) best = { lonLat, depth };
        }
      }
      return best && { id: feature.properties.id, lonLat: best.lonLat };
    })
    .filter(Boolean);
}
/** The shown unit containing a lon/lat (the expectation for a click there). */
const unitAt = (lonLat) => shownUnits.filter((f) => booleanPointInPolygon(point(lonLat), f)).map((f) => f.properties.id);
const reportedCases = cases.filter((c) => c.stages?.report != null).length;

// ---- In the page ------------------------------------------------------------------------------

/** Runs before the app: records WebGL contexts and every city-grid-select the page sees. */
function instrument() {
  const contexts = [];
  const selects = [];
  Object.defineProperty(window, '__hostTest', { value: { contexts, selects } });
  const realGetContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (...args) {
    const context = realGetContext.apply(this, args);
    if (context && (args[0] === 'webgl2' || args[0] === 'webgl') && !contexts.includes(context)) contexts.push(context);
    return context;
  };
  document.addEventListener('city-grid-select', (event) => selects.push(event.detail.id), true);
}

/** Counts the pixels of the map's exported image that have each legend class's colour. */
async function measurePixels() {
  const map = document.querySelector('city-map');
  const grid = document.querySelector('city-grid-layer');
  await map.rendered();
  const blob = await map.toImage();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const rgb = (css) => {
    context.fillStyle = '#000';
    context.fillStyle = css;
    const hex = context.fillStyle;
    if (hex.startsWith('#')) return [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    return hex.match(/[\d.]+/g).slice(0, 3).map(Number);
  };
  const background = rgb(getComputedStyle(map).backgroundColor);
  const alpha = grid.fillOpacity;
  const classes = grid.legend.entries
    .filter((e) => !e.pattern)
    .map((e) => ({ label: e.label, units: e.count, rgb: rgb(e.color).map((c, k) => Math.round(c * alpha + background[k] * (1 - alpha))), pixels: 0 }));
  let background_ = 0;
  for (let i = 0; i < data.length; i += 4) {
    const near = (target) => Math.abs(data[i] - target[0]) <= 6 && Math.abs(data[i + 1] - target[1]) <= 6 && Math.abs(data[i + 2] - target[2]) <= 6;
    if (near(background)) background_++;
    for (const c of classes) if (near(c.rgb)) c.pixels++;
  }
  return { width: bitmap.width, height: bitmap.height, background: background_, classes, visible: grid.visibleIds.length };
}

/** The first click target whose screen point lies on the map's canvas, clear of overlays. */
function findClickPoint(targets) {
  const map = document.querySelector('city-map');
  const rect = map.getBoundingClientRect();
  const viewport = map.deck.getViewports()[0];
  const canvas = map.shadowRoot.querySelector('canvas');
  for (const target of targets) {
    const [x, y] = viewport.project(target.lonLat);
    if (x < 40 || y < 40 || x > rect.width - 40 || y > rect.height - 40) continue;
    const clientX = rect.left + x;
    const clientY = rect.top + y;
    if (document.elementFromPoint(clientX, clientY) !== map && !map.contains(document.elementFromPoint(clientX, clientY))) continue;
    if (map.shadowRoot.elementFromPoint(clientX, clientY) !== canvas) continue;
    // Also clear of the grid layer's own overlays (legend, breadcrumb), which sit above the canvas.
    const grid = document.querySelector('city-grid-layer');
    const over = grid.shadowRoot.elementFromPoint(clientX, clientY);
    if (over && over !== grid && grid.shadowRoot.contains(over)) continue;
    return { id: target.id, lonLat: target.lonLat, x: clientX, y: clientY, unprojected: viewport.unproject([x, y]) };
  }
  return null;
}

/** Waits until the map's view holds still (the first fit to the data may be animated) and is drawn. */
async function settle() {
  const map = document.querySelector('city-map');
  let last = '';
  for (let i = 0; i < 40; i++) {
    await map.rendered();
    const view = JSON.stringify(map.viewState);
    if (view === last) return;
    last = view;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the view kept moving: ${last}`);
}

// ---- One host ---------------------------------------------------------------------------------

async function waitFor(page, fn, arg, timeout = 60000) {
  await page.waitForFunction(fn, { timeout, polling: 100 }, arg);
}

let targets;
async function testHost(browser, host, url) {
  targets ??= clickTargets();
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(VIEWPORT);
  const problems = { errors: [], failed: [], foreign: [] };
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.errors.push(`console error: ${message.text()}`));
  page.on('requestfailed', (request) => {
    if (!problems.foreign.includes(request.url())) problems.failed.push(`${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => response.status() >= 400 && problems.failed.push(`${response.url()} (HTTP ${response.status()})`));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const target = new URL(request.url());
    if ((target.protocol === 'http:' || target.protocol === 'https:' || target.protocol === 'ws:' || target.protocol === 'wss:') && target.hostname !== '127.0.0.1') {
      problems.foreign.push(request.url());
      void request.abort();
    } else void request.continue();
  });
  await page.evaluateOnNewDocument(instrument);

  const check = async (name, body) => {
    try {
      const detail = await body();
      report(host, name, true, detail);
      return true;
    } catch (error) {
      report(host, name, false, error.message.split('\n').slice(0, 6).join(' | '));
      return false;
    }
  };
  const fail = (message) => {
    throw new Error(message);
  };

  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    const loaded = await check('(a) map drew the grids', async () => {
      await waitFor(page, () => {
        const grid = document.querySelector('city-grid-layer');
        const funnel = document.querySelector('city-closure-funnel');
        return grid?.visibleIds?.length > 0 && grid.legend?.entries?.length > 0 && funnel?.metrics != null && document.querySelector('city-map')?.deck != null;
      });
      const attr = await page.evaluate(() => document.querySelector('city-grid-layer').getAttribute('data'));
      if (attr !== null) fail(`data reached the element as an attribute (${JSON.stringify(attr.slice(0, 40))}), not as a property`);
      // The first frame after the data is the fit to the data; measure a settled view.
      await page.evaluate(settle);
      const m = await page.evaluate(measurePixels);
      if (m.visible !== shownUnits.length) fail(`shows ${m.visible} units, the sample has ${shownUnits.length} at level ${LEVEL}`);
      const withUnits = m.classes.filter((c) => c.units > 0);
      if (withUnits.length < 3) fail(`only ${withUnits.length} legend classes have units`);
      const coloured = m.classes.reduce((sum, c) => sum + c.pixels, 0);
      const total = m.width * m.height;
      const missing = withUnits.filter((c) => c.pixels < 200 * c.units);
      if (missing.length) fail(`classes with too few pixels: ${missing.map((c) => `${c.label} (${c.units} units, ${c.pixels} px)`).join(', ')}`);
      if (coloured < total * 0.2) fail(`only ${coloured} of ${total} pixels have a class colour`);
      return `${shownUnits.length} units, ${coloured} of ${total} px in ${withUnits.length} class colours (${withUnits.map((c) => c.pixels).join('/')})`;
    });

    await check('(b) click selects the unit under the mouse', async () => {
      if (!loaded) fail('the map did not load');
      await page.evaluate(settle);
      const target = await page.evaluate(findClickPoint, targets);
      if (!target) fail('no unit has a clickable point in view');
      const expected = unitAt(target.unprojected);
      if (expected.length !== 1 || expected[0] !== target.id) fail(`the click point lies in ${JSON.stringify(expected)}, meant ${target.id}`);
      await page.mouse.move(target.x - 5, target.y - 5);
      await page.mouse.move(target.x, target.y, { steps: 3 });
      await page.mouse.click(target.x, target.y);
      await waitFor(page, () => window.__hostTest.selects.length > 0, undefined, 15000);
      const events = await page.evaluate(() => window.__hostTest.selects.slice());
      if (events.length !== 1 || events[0] !== target.id) fail(`events named ${JSON.stringify(events)}, expected ["${target.id}"]`);
      await waitFor(page, (id) => document.querySelector('#selected')?.textContent.trim() === `Selected: ${id}`, target.id, 15000).catch(() => null);
      const shown = await page.evaluate(() => document.querySelector('#selected')?.textContent.trim());
      if (shown !== `Selected: ${events[0]}`) fail(`the app shows ${JSON.stringify(shown)} after the event named ${events[0]}`);
      return `clicked ${target.id} at (${Math.round(target.x)}, ${Math.round(target.y)}); event id ${events[0]}; app shows "${shown}"`;
    });

    await check('(c) funnel drew its stages', async () => {
      if (!(await page.$('city-closure-funnel'))) fail('the app shows no <city-closure-funnel>');
      await waitFor(page, () => document.querySelector('city-closure-funnel')?.shadowRoot?.querySelectorAll('g.stage').length > 0);
      const f = await page.evaluate(async () => {
        const funnel = document.querySelector('city-closure-funnel');
        await funnel.rendered();
        return {
          keys: [...funnel.shadowRoot.querySelectorAll('g.stage')].map((g) => g.dataset.key),
          first: funnel.metrics.stages[0].reached,
        };
      });
      if (JSON.stringify(f.keys) !== JSON.stringify(PRESET_KEYS)) fail(`stages ${JSON.stringify(f.keys)}, expected ${JSON.stringify(PRESET_KEYS)}`);
      if (f.first !== reportedCases) fail(`first stage counts ${f.first}, the sample has ${reportedCases} reported cases`);
      return `${f.keys.length} stages (${f.keys.join(', ')}); first stage ${f.first} cases`;
    });

    await check('(d) unmount releases the WebGL context', async () => {
      if (!(await page.$('#unmount'))) fail('the app has no #unmount control');
      await page.click('#unmount');
      await waitFor(page, () => !document.querySelector('city-map, city-grid-layer, city-closure-funnel'), undefined, 15000).catch(() =>
        fail('the widgets are still in the document'),
      );
      await new Promise((r) => setTimeout(r, 300));
      const c = await page.evaluate(() => ({ total: window.__hostTest.contexts.length, live: window.__hostTest.contexts.filter((gl) => !gl.isContextLost()).length }));
      if (c.total < 1) fail('no WebGL context was ever created');
      if (c.live !== 0) fail(`${c.live} of ${c.total} WebGL contexts still live`);
      return `${c.total} context(s) created, 0 live`;
    });
  } catch (error) {
    report(host, 'page', false, error.message);
  }
  await check('(e) no page errors, failed or foreign requests', async () => {
    const all = [...problems.errors, ...problems.failed.map((f) => `failed request: ${f}`), ...problems.foreign.map((f) => `request to another host: ${f}`)];
    if (all.length) fail(all.slice(0, 5).join(' | '));
    return '';
  });
  await context.close();
}

// ---- Main -------------------------------------------------------------------------------------

let browser;
try {
  const tarball = await packPackage();
  console.log(`packed ${tarball} (${seconds(started)})`);
  await checkDeclaredImports(tarball).then(
    (detail) => report('package', 'bare imports are declared dependencies', true, detail),
    (error) => report('package', 'bare imports are declared dependencies', false, error.message),
  );
  const prepared = await Promise.all(
    hosts.map(async (host) => {
      const t = performance.now();
      try {
        const out = await prepareApp(host, tarball);
        report(host, 'install + build from the tarball', true, seconds(t));
        return { host, out };
      } catch (error) {
        report(host, 'install + build from the tarball', false, error.message);
        return { host, out: null };
      }
    }),
  );
  const launchedAt = performance.now();
  browser = await puppeteer.launch({
    executablePath: requireBrowser(),
    headless: true,
    args: chromiumArgs,
    userDataDir: join(scratch, 'chromium-profile'),
    defaultViewport: VIEWPORT,
  });
  console.log(`     browser started in ${seconds(launchedAt)}`);
  for (const { host, out } of prepared) {
    if (!out) continue;
    const t = performance.now();
    await testHost(browser, host, await serve(out));
    console.log(`     ${host} checked in ${seconds(t)}`);
  }
} catch (error) {
  failed++;
  console.log(`FAIL setup: ${error.message}`);
} finally {
  await browser?.close();
  const cleanedAt = performance.now();
  if (!process.env.KEEP_HOSTS_SCRATCH) {
    await Promise.all(removals);
    for (const cleanup of cleanups.reverse()) cleanup();
    console.log(`     scratch removed in ${seconds(cleanedAt)}`);
  } else console.log(`scratch kept in ${scratch}`);
}
console.log(`wall time ${seconds(started)}`);
console.log(`Hosts: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
