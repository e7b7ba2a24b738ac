// CityKit under a strict Content-Security-Policy, end to end.
//
// Serves a test page (HTML + one external script, no inline script or style), the single-file
// bundle dist/citykit.bundle.js and the sample data from one origin on 127.0.0.1, every response
// carrying the policy below; opens it in the system Chromium (puppeteer-core, never a downloaded
// browser) and checks that every element is ready, that legend swatches carry their colours and
// that the life-circle analysis ran in a Web Worker and a second worker built its walking graph,
// with no `securitypolicyviolation` and no console error. Then the life circle alone on a second
// page, also cross-origin isolated (COOP/COEP): its two workers share the search tables and give
// the same residences.
//
//   node test/csp/run.mjs [--build] [--screenshot out.png] [--keep-going]
//
// --build rebuilds the bundle first (it is built anyway when missing); --screenshot writes a
// PNG of the page once everything is ready. Prints one line per check and a closing line
// `CSP: N passed, N failed`; exits non-zero when a check fails.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, readdirSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { crc32, deflateSync } from 'node:zlib';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { requireBrowser, chromiumArgs } from '../browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const BUNDLE = join(root, 'dist/citykit.bundle.js');
const DATA = join(root, 'data-samples');

/**
 * The policy a CityKit page needs (see the README): nothing inline; the single-file bundle starts
 * the life-circle worker from a blob: URL; `<city-closure-funnel>.toImage()` rasterises its SVG
 * through a data: image (the only use of img-src beyond 'self').
 */
export const POLICY = "default-src 'self'; style-src 'self'; script-src 'self'; worker-src 'self' blob:; img-src 'self' data:";

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const screenshotPath = option('--screenshot');

// ---- build ------------------------------------------------------------------------------------

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (flag('--build') || !existsSync(BUNDLE)) {
  // Only the single-file bundle is served; `vite build --mode bundle` writes just that file
  // (the full `npm run build` also produces it).
  console.log('building dist/citykit.bundle.js (vite build --mode bundle)…');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'bundle', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
} else if (statSync(BUNDLE).mtimeMs < newestMtime(join(root, 'src'))) {
  console.log('note: dist/citykit.bundle.js is older than src/ — run with --build to test the current sources');
}

// ---- server -----------------------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.map': 'application/json',
};

/** Fixed routes plus /data/<file> from data-samples/ (plain file names only). */
function resolveRoute(pathname) {
  const fixed = {
    '/': join(here, 'page.html'),
    '/isolated': join(here, 'isolated.html'),
    '/page.js': join(here, 'page.js'),
    '/page.css': join(here, 'page.css'),
    '/citykit.bundle.js': BUNDLE,
    '/citykit.bundle.js.map': `${BUNDLE}.map`,
  };
  if (pathname in fixed) return fixed[pathname];
  const m = /^\/data\/([A-Za-z0-9_.-]+\.(?:json|geojson))$/.exec(pathname);
  return m ? join(DATA, m[1]) : null;
}

/** One 256×256 basemap tile (PNG, pale grey with a darker edge) for `<city-map basemap>`. */
function tilePng() {
  const size = 256;
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    for (let x = 0; x < size; x++) {
      const edge = x === 0 || y === 0;
      rows.fill(edge ? 200 : 236, row + 1 + x * 3, row + 4 + x * 3);
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const TILE = tilePng();

const requests = [];
let tiles = 0;
/** While true, every answer carries the cross-origin isolation headers (the second page's visit). */
let isolating = false;
const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
  const file = resolveRoute(pathname);
  const headers = { 'Content-Security-Policy': POLICY, 'Cache-Control': 'no-store' };
  // The isolated page (and all it loads, same origin) is cross-origin isolated: shared memory is allowed there.
  if (isolating) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
  if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(pathname)) {
    tiles++;
    res.writeHead(200, { ...headers, 'Content-Type': 'image/png' }).end(TILE);
    return;
  }
  if (pathname === '/favicon.ico') {
    res.writeHead(204, headers).end();
    return;
  }
  if (!file || !existsSync(file)) {
    requests.push(`404 ${pathname}`);
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  requests.push(`200 ${pathname}`);
  res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- checks -----------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

/** Maps a bundle position to its source file and line through the bundle's source map. */
let sourceMap;
function originalPosition(file, line, column) {
  if (!file?.endsWith('/citykit.bundle.js') || !line) return '';
  try {
    sourceMap ??= new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')));
    const entry = sourceMap.findEntry(line - 1, Math.max(0, column - 1));
    if (!entry?.originalSource) return '';
    return `${entry.originalSource.replace(/^.*?\/(src|node_modules)\//, '$1/')}:${entry.originalLine + 1}`;
  } catch {
    return '';
  }
}

const FOLDERS = {
  'city-map': 'map',
  'city-grid-layer': 'grid',
  'city-risk-layer': 'risk',
  'city-closure-funnel': 'funnel',
  'city-life-circle': 'life-circle',
  'city-time-slider': 'ui',
};

function sourceFiles(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

/**
 * Where a refused style attribute comes from: the lines of the shadow host's folder (and the
 * shared ui/ and core/) that write a `style` attribute on an element of that tag and class, e.g.
 * "city-risk-layer >>> div.frame" → src/risk/city-risk-layer.ts:884. The browser's own location
 * is lit-html's attribute commit, which says nothing about the template.
 */
function locate(element) {
  const tokens = element.split(' ');
  const cut = tokens.lastIndexOf('>>>');
  const host = cut > 0 ? tokens.slice(0, cut).reverse().find((t) => t.includes('-'))?.split('.')[0] : undefined;
  const [tag, ...classes] = tokens[tokens.length - 1].split('.');
  const dirs = [...new Set([FOLDERS[host] ?? '', 'ui', 'core'])].filter(Boolean).map((d) => join(root, 'src', d));
  const hits = [];
  for (const file of dirs.flatMap((d) => sourceFiles(d))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.trim();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
      const writesStyle = /\sstyle=|setAttribute\(\s*['"]style['"]/.test(line);
      if (!writesStyle) return;
      const context = lines.slice(Math.max(0, i - 6), i + 1).join('\n');
      const sameTag = new RegExp(`<${tag}[\\s>]`).test(context) || /setAttribute/.test(line);
      const sameClass = classes.every((c) => new RegExp(`class="[^"]*\\b${c}\\b`).test(context));
      if (sameTag && sameClass) hits.push(`${file.slice(root.length + 1)}:${i + 1}`);
    });
  }
  return hits;
}

function reportViolations(list) {
  const groups = new Map();
  for (const v of list) {
    const key = `${v.directive}|${v.element}|${v.blockedURI}`;
    const group = groups.get(key) ?? { ...v, count: 0, samples: new Set() };
    group.count++;
    if (v.sample) group.samples.add(v.sample);
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    const mapped = originalPosition(g.sourceFile, g.line, g.column);
    const sources = g.directive.startsWith('style-src') ? locate(g.element) : [];
    const samples = [...g.samples].slice(0, 2).map((x) => `"${x.length > 80 ? `${x.slice(0, 80)}…` : x}"`).join(', ');
    console.log(
      `  ${g.count}× ${g.directive} on ${g.element}${samples ? `: ${samples}` : ''}${g.blockedURI ? ` (blocked ${g.blockedURI})` : ''}` +
        ` — source: ${sources.length ? sources.join(', ') : mapped || `${g.sourceFile}:${g.line}`}`,
    );
  }
}

// Runs in the page before any of its scripts: records CSP violations (with the element whose
// style was refused and its chain of shadow hosts) and every Worker the page starts.
function instrument() {
  const describe = (node) => {
    const parts = [];
    for (let n = node; n; ) {
      if (n.nodeType === 1) {
        const el = n;
        parts.unshift(`${el.localName}${el.classList?.length ? `.${[...el.classList].join('.')}` : ''}`);
        n = el.parentNode;
      } else if (n instanceof ShadowRoot) {
        parts.unshift('>>>');
        n = n.host;
      } else break;
      if (parts.length > 40) break;
    }
    // Keep the shadow hosts (custom elements) and the last element: "city-risk-layer >>> span.dot".
    const kept = [];
    parts.forEach((p, i) => {
      if (p === '>>>' || p.includes('-') || i === parts.length - 1) kept.push(p);
    });
    return kept.join(' ').replace(/(>>> )+/g, '>>> ');
  };
  window.__csp = [];
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      const target = e.composedPath()[0];
      window.__csp.push({
        directive: e.effectiveDirective,
        blockedURI: e.blockedURI,
        // Chromium leaves `sample` empty without 'report-sample'; a refused style attribute is still in the DOM.
        sample: e.sample || (target?.getAttribute?.('style') ?? ''),
        sourceFile: e.sourceFile,
        line: e.lineNumber,
        column: e.columnNumber,
        element: target && target !== document ? describe(target) : 'document',
      });
    },
    true,
  );
  window.__workers = [];
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      window.__workers.push(String(url).split(':')[0]);
    }
  };
}

// Runs in the page once it has loaded: waits for every element, then reads what the checks need.
async function inspect() {
  const deadline = (ms, label) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${label}`)), ms));
  const within = (promise, ms, label) => Promise.race([promise, deadline(ms, label)]);
  const until = async (predicate, ms, label) => {
    const end = performance.now() + ms;
    while (!predicate()) {
      if (performance.now() > end) throw new Error(`timed out: ${label}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const deepAll = (node, selector, out = []) => {
    const scope = node.shadowRoot ?? node;
    out.push(...scope.querySelectorAll(selector));
    for (const el of scope.querySelectorAll('*')) if (el.shadowRoot) deepAll(el, selector, out);
    return out;
  };
  const probe = document.createElement('span');
  document.body.append(probe);
  const norm = (color) => {
    probe.style.color = '';
    probe.style.color = color;
    return getComputedStyle(probe).color;
  };
  const bg = (el) => getComputedStyle(el).backgroundColor;
  const ready = {};
  const step = async (name, fn) => {
    try {
      await fn();
      ready[name] = true;
    } catch (error) {
      ready[name] = String(error?.message ?? error);
    }
  };
  const tags = ['city-map', 'city-grid-layer', 'city-risk-layer', 'city-closure-funnel', 'city-life-circle'];
  await step('defined', () => within(Promise.all(tags.map((t) => customElements.whenDefined(t))), 30000, 'custom elements defined'));
  const map = document.getElementById('map');
  const grid = document.getElementById('grid');
  const risk = document.getElementById('risk');
  const funnel = document.getElementById('funnel');
  const life = document.getElementById('life');

  await step('grid', async () => {
    await until(() => grid.legend?.entries?.length > 0, 60000, 'grid legend');
    await within(map.rendered(), 60000, 'map.rendered()');
  });
  await step('risk', async () => {
    await within(risk.rendered(), 60000, 'risk.rendered()');
    await until(() => risk.shadowRoot?.querySelectorAll('.city-legend .swatch').length > 0, 30000, 'risk legend');
    await within(map.rendered(), 60000, 'map.rendered()');
  });
  await step('funnel', async () => {
    await until(() => funnel.metrics && funnel.shadowRoot?.querySelector('svg'), 60000, 'funnel metrics and chart');
    await funnel.rendered();
  });
  await step('life', async () => {
    await until(() => life.result !== null && life.result !== undefined, 120000, 'life-circle result');
    await within(life.rendered(), 60000, 'rendered()');
    await life.updateComplete;
    if (life.map) await within(life.map.rendered(), 60000, 'life-circle map rendered()');
  });
  await new Promise((r) => setTimeout(r, 500)); // let late violation events arrive

  const exports = {};
  const before = window.__csp.length;
  for (const [name, el] of [['city-map', map], ['city-closure-funnel', funnel], ['city-life-circle', life]]) {
    try {
      const blob = await within(el.toImage(), 60000, `${name}.toImage()`);
      exports[name] = { type: blob.type, size: blob.size };
    } catch (error) {
      exports[name] = { error: String(error?.message ?? error) };
    }
  }
  await new Promise((r) => setTimeout(r, 300));
  const exportViolations = window.__csp.splice(before);

  const gridSwatches = [...grid.shadowRoot.querySelectorAll('.city-legend .swatch')];
  const { RISK_LEVELS, RISK_COLORS } = window.citykit;
  const riskSwatches = [...risk.shadowRoot.querySelectorAll('.city-legend .swatch')];
  const reasonSwatches = [...funnel.shadowRoot.querySelectorAll('[part~="legend"] .swatch')].filter(
    (s) => !['overdue', 'rework', 'compare', 'flag'].some((c) => s.classList.contains(c)),
  );
  const result = life.result;
  return {
    ready,
    contract: Object.fromEntries(tags.map((t) => [t, typeof document.querySelector(t)?.rendered === 'function'])),
    grid: {
      entries: (grid.legend?.entries ?? []).map((e) => ({ label: e.label, color: e.color, expected: norm(e.color), pattern: e.pattern ?? null })),
      swatches: gridSwatches.map(bg),
    },
    risk: {
      expected: RISK_LEVELS.map((level) => norm(RISK_COLORS[level])),
      swatches: riskSwatches.map(bg),
      labels: [...risk.shadowRoot.querySelectorAll('.city-legend .label')].map((l) => l.textContent),
    },
    funnel: {
      stages: funnel.metrics?.stages?.length ?? 0,
      reasons: reasonSwatches.map((s) => ({ text: s.parentElement.textContent.trim(), color: bg(s) })),
    },
    life: {
      residences: result ? Object.keys(result.residences).length : 0,
      categories: result ? result.categories.length : 0,
      method: result?.method ?? null,
      // Set only when the second worker built the walking graph while the first validated.
      graphWait: result?.timings?.graphWait ?? null,
      cores: navigator.hardwareConcurrency ?? 2,
      sharedTables: result?.timings?.sharedTables ?? null,
      residencesJson: result ? JSON.stringify(result.residences) : '',
      legend: deepAll(life, '.city-legend .swatch').map(bg),
    },
    workers: window.__workers,
    violations: window.__csp,
    exports,
    exportViolations,
  };
}

const WHITE = new Set(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)', '']);
const coloured = (c) => !WHITE.has(c);

const userDataDir = mkdtempSync(join(tmpdir(), 'citykit-csp-'));
const browser = await puppeteer.launch({
  executablePath: requireBrowser(),
  headless: true,
  args: [...chromiumArgs, `--user-data-dir=${userDataDir}`],
  defaultViewport: { width: 1400, height: 1140 },
});
const consoleErrors = [];
try {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const at = message.location();
      consoleErrors.push(`${message.text()}${at?.url ? ` (${at.url.replace(origin, '')}:${at.lineNumber ?? '?'})` : ''}`);
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  await page.evaluateOnNewDocument(instrument);
  const response = await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 60000 });
  check('page served with the strict policy', response.headers()['content-security-policy'] === POLICY, POLICY);

  const seen = await page.evaluate(inspect);

  for (const [name, state] of Object.entries(seen.ready)) check(`ready: ${name}`, state === true, state === true ? '' : state);

  const { entries, swatches } = seen.grid;
  const plain = entries.filter((e) => !e.pattern);
  check(
    'grid legend swatches: computed colour = each entry’s colour',
    entries.length > 0 && swatches.length === entries.length && entries.every((e, i) => swatches[i] === e.expected),
    `${swatches.length}/${entries.length}: ${entries.map((e, i) => `${e.label} ${e.color}→${swatches[i] ?? 'missing'}`).join('; ')}`,
  );
  check(
    'grid legend swatches: class colours are not white',
    plain.length > 0 && plain.every((e) => coloured(swatches[entries.indexOf(e)])),
    `${plain.length} classes`,
  );
  check(
    'risk legend swatches: the four level colours',
    seen.risk.swatches.length === 4 && seen.risk.swatches.every((c, i) => c === seen.risk.expected[i]),
    seen.risk.labels.map((l, i) => `${l} ${seen.risk.swatches[i]}`).join('; '),
  );
  check(
    'funnel drop-off reason swatches coloured',
    seen.funnel.stages > 0 && seen.funnel.reasons.length > 0 && seen.funnel.reasons.every((r) => coloured(r.color)),
    `${seen.funnel.stages} stages; ${seen.funnel.reasons.map((r) => `${r.text} ${r.color}`).join('; ') || 'no reason swatches'}`,
  );
  check(
    'life circle: analysis result is non-empty',
    seen.life.residences > 0 && seen.life.categories > 0,
    `${seen.life.residences} residences, ${seen.life.categories} categories, method ${seen.life.method}`,
  );
  check(
    'life circle: analysis ran in a Web Worker (blob: under worker-src)',
    seen.workers.length > 0 && seen.workers.includes('blob'),
    `workers started from: ${seen.workers.join(', ') || 'none'}`,
  );
  check(
    'life circle: a second worker built the walking graph (both cores used from the single-file bundle; none on one core)',
    seen.life.method === 'network' && (seen.life.cores >= 2 ? typeof seen.life.graphWait === 'number' : seen.life.graphWait === null),
    `${seen.life.cores} cores, method ${seen.life.method}, waited ${seen.life.graphWait === null ? 'no graph from a second worker' : `${Math.round(seen.life.graphWait)} ms for its graph`}`,
  );
  check(
    'life circle legend swatches coloured',
    seen.life.legend.length > 0 && seen.life.legend.every(coloured),
    seen.life.legend.join('; '),
  );
  check(
    'no Content-Security-Policy violations',
    seen.violations.length === 0,
    `${seen.violations.length} violation(s)`,
  );
  reportViolations(seen.violations);
  for (const [name, outcome] of Object.entries(seen.exports)) {
    check(`${name}.toImage() exports a PNG`, outcome.type === 'image/png' && outcome.size > 0, outcome.error ?? `${outcome.size} bytes`);
  }
  check('no Content-Security-Policy violations while exporting images', seen.exportViolations.length === 0, `${seen.exportViolations.length} violation(s)`);
  reportViolations(seen.exportViolations);
  // Chromium also logs each violation as a console error: those are listed above once.
  const cspMessages = consoleErrors.filter((m) => /Content Security Policy/.test(m));
  const others = consoleErrors.filter((m) => !/Content Security Policy/.test(m));
  check('no console errors', consoleErrors.length === 0, `${others.length} error(s)${cspMessages.length ? ` + ${cspMessages.length} CSP report(s) listed above` : ''}`);
  for (const message of others.slice(0, 20)) console.log(`  console: ${message}`);
  check('basemap tiles fetched from the same origin', tiles > 0, `${tiles} tile(s)`);
  const missing = requests.filter((r) => r.startsWith('404'));
  check('every request found', missing.length === 0, missing.join(', '));
  const lacking = Object.entries(seen.contract).filter(([, has]) => !has).map(([tag]) => tag);
  if (lacking.length) console.log(`note: no rendered() method on ${lacking.join(', ')} (readiness awaited through their own promises)`);

  // The same analysis on a cross-origin isolated page: the two workers share one copy of the search
  // tables (SharedArrayBuffer), and the result is the one the page above got.
  isolating = true;
  const isolatedPage = await browser.newPage();
  isolatedPage.on('pageerror', (error) => consoleErrors.push(`uncaught (isolated page): ${error.message}`));
  await isolatedPage.evaluateOnNewDocument(instrument);
  await isolatedPage.goto(`${origin}/isolated`, { waitUntil: 'load', timeout: 60000 });
  const isolated = await isolatedPage.evaluate(async () => {
    const life = document.getElementById('life');
    const end = performance.now() + 120000;
    while (!life.result && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
    const timings = life.result?.timings ?? {};
    return {
      crossOriginIsolated: window.crossOriginIsolated,
      cores: navigator.hardwareConcurrency ?? 2,
      sharedTables: timings.sharedTables ?? null,
      graphWait: timings.graphWait ?? null,
      residencesJson: life.result ? JSON.stringify(life.result.residences) : '',
      violations: window.__csp.length,
    };
  });
  isolating = false;
  check('isolated page: cross-origin isolated', isolated.crossOriginIsolated === true, `crossOriginIsolated ${isolated.crossOriginIsolated}`);
  check(
    'isolated page: both workers read one shared copy of the search tables, and the second built the graph (one worker on one core)',
    isolated.cores >= 2 ? isolated.sharedTables === 1 && typeof isolated.graphWait === 'number' : isolated.sharedTables === null,
    `sharedTables ${isolated.sharedTables} (on the first page: ${seen.life.sharedTables}), graph waited ${isolated.graphWait}`,
  );
  check(
    'isolated page: the same residences as on the first page',
    isolated.residencesJson !== '' && isolated.residencesJson === seen.life.residencesJson,
    `${isolated.residencesJson.length} vs ${seen.life.residencesJson.length} characters of JSON`,
  );
  check('isolated page: no Content-Security-Policy violations', isolated.violations === 0, `${isolated.violations} violation(s)`);
  await isolatedPage.close();

  if (screenshotPath) {
    await page.screenshot({ path: screenshotPath, fullPage: true });
    console.log(`screenshot: ${screenshotPath}`);
  }
} catch (error) {
  check('run completed', false, error.stack ?? String(error));
} finally {
  await browser.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`CSP: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
