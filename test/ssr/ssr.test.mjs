// Server-side / plain-Node use of the PACKED package: `node --test test/ssr/`.
//
// Packs the package (`npm pack`; dist/ must be built: `npm run build`, or set CITYKIT_TARBALL to a
// tarball), installs the tarball into a scratch directory with `npm install`, and there, in Node
// with no DOM, imports every entry and runs the pure models on small hand-made inputs whose
// results are worked out here from the definitions (DOMAIN.md, the published GCJ-02 formula),
// not read back from CityKit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRIES = [
  'citykit',
  'citykit/core',
  'citykit/map',
  'citykit/scope',
  'citykit/grid',
  'citykit/risk',
  'citykit/funnel',
  'citykit/life-circle',
  'citykit/life-circle-engine',
  // The single file for pages without a bundler: Lit's browser build inside it, yet it imports here too.
  'citykit/bundle',
];

let scratch;
/** Imports a specifier as the scratch app would (resolved from its node_modules). */
let load;
const modules = new Map();

function npm(args, cwd) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${(result.stdout + result.stderr).slice(-3000)}`);
  return result.stdout;
}

before(
  async () => {
    scratch = mkdtempSync(join(tmpdir(), 'citykit-ssr-'));
    let tarball = process.env.CITYKIT_TARBALL && resolve(process.env.CITYKIT_TARBALL);
    if (!tarball) {
      if (!existsSync(join(ROOT, 'dist', 'index.js'))) npm(['run', 'build'], ROOT);
      npm(['pack', '--pack-destination', scratch, '--loglevel=error'], ROOT);
      tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith('.tgz')));
    }
    const app = join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'ssr-app', private: true, type: 'module', dependencies: { citykit: `file:${tarball}` } }));
    writeFileSync(join(app, 'load.mjs'), 'export const load = (specifier) => import(specifier);\n');
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
    ({ load } = await import(pathToFileURL(join(app, 'load.mjs')).href));
  },
  { timeout: 600000 },
);

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('every entry imports in Node without a DOM', () => {
  it('runs with no window, document or customElements', () => {
    assert.equal(typeof globalThis.window, 'undefined');
    assert.equal(typeof globalThis.document, 'undefined');
  });
  for (const entry of ENTRIES) {
    it(`import('${entry}')`, async () => {
      const module = await load(entry);
      assert.ok(Object.keys(module).length > 0, `${entry} exports nothing`);
      modules.set(entry, module);
    });
  }
  it('leaves no DOM stand-in on globalThis (Lit\'s own Node build adds a customElements registry)', () => {
    for (const name of ['window', 'document', 'HTMLElement', 'CSSStyleSheet']) assert.equal(typeof globalThis[name], 'undefined', name);
  });
  it('exports the pure functions where the README says', async () => {
    const expected = {
      citykit: ['toWgs84', 'fromWgs84', 'riskLevel', 'rollUpRisks', 'computeFunnel', 'analyzeLifeCircle', 'suggestSites', 'computeIsochrone', 'validateGridCollection'],
      'citykit/core': ['toWgs84', 'fromWgs84'],
      'citykit/risk': ['riskLevel', 'rollUpRisks'],
      'citykit/funnel': ['computeFunnel'],
      'citykit/life-circle-engine': ['analyzeLifeCircle', 'computeIsochrone', 'suggestSites'],
      'citykit/grid': ['validateGridCollection'],
      'citykit/bundle': ['toWgs84', 'riskLevel', 'rollUpRisks', 'computeFunnel', 'analyzeLifeCircle', 'suggestSites', 'computeIsochrone', 'validateGridCollection'],
    };
    for (const [entry, names] of Object.entries(expected)) {
      const module = await load(entry);
      for (const name of names) assert.equal(typeof module[name], 'function', `${entry} lacks ${name}`);
    }
    // One implementation behind every entry (shared chunks), not a copy per entry.
    assert.equal((await load('citykit')).computeFunnel, (await load('citykit/funnel')).computeFunnel);
  });
});

describe('riskLevel: the DOMAIN bands of R = likelihood × severity', () => {
  // DOMAIN.md: 1–3 low, 4–9 general, 10–16 considerable, 20–25 major.
  const band = (r) => (r <= 3 ? 'low' : r <= 9 ? 'general' : r <= 16 ? 'considerable' : 'major');

  it('likelihood 4, severity 5 → major (R = 20)', async () => {
    const { riskLevel } = await load('citykit');
    assert.equal(riskLevel({ likelihood: 4, severity: 5 }), 'major');
  });
  it('every one of the 25 factor pairs falls in its band', async () => {
    const { riskLevel } = await load('citykit/risk');
    const seen = { low: 0, general: 0, considerable: 0, major: 0 };
    for (let likelihood = 1; likelihood <= 5; likelihood++) {
      for (let severity = 1; severity <= 5; severity++) {
        const level = riskLevel({ likelihood, severity });
        assert.equal(level, band(likelihood * severity), `L${likelihood} × S${severity}`);
        seen[level]++;
      }
    }
    // Products 1..25 of two factors 1..5: 1,2,3 → 5 pairs; 4..9 → 10; 10..16 → 7; 20,25 → 3.
    assert.deepEqual(seen, { low: 5, general: 10, considerable: 7, major: 3 });
  });
  it('a factor outside 1–5 or not an integer gives no level', async () => {
    const { riskLevel } = await load('citykit');
    for (const bad of [{ likelihood: 0, severity: 3 }, { likelihood: 6, severity: 1 }, { likelihood: 2.5, severity: 2 }, { likelihood: '4', severity: 5 }, {}]) {
      assert.equal(riskLevel(bad), null, JSON.stringify(bad));
    }
  });
});

describe('computeFunnel on hand-made cases', () => {
  const at = (hour) => `2026-05-04T${String(hour).padStart(2, '0')}:00:00+08:00`;
  const raw = {
    cases: [
      { id: 'all', stages: { a: at(8), b: at(9), c: at(10) } },
      { id: 'two', stages: { a: at(8), b: at(11) } },
      { id: 'one', stages: { a: at(9) } },
      { id: 'skip', stages: { a: at(8), c: at(12) } },
      { id: 'bad', stages: { a: 'not a time' } },
    ],
  };

  it('counts, per stage, the cases with a timestamp for it; skips go to `skipped`', async () => {
    const { computeFunnel } = await load('citykit/funnel');
    const result = computeFunnel(raw, { stages: ['a', 'b', 'c'], now: at(23) });
    assert.equal(result.source, 'cases');
    assert.equal(result.total, 4, 'four valid cases ("bad" is skipped and reported)');
    assert.deepEqual(
      result.stages.map((s) => [s.key, s.reached, s.skipped]),
      [
        ['a', 4, 0],
        ['b', 2, 1],
        ['c', 2, 0],
      ],
    );
    // Conversions: of the first stage 2/4, of the previous stage b 2/4 and c 2/2.
    assert.deepEqual(
      result.stages.map((s) => [s.ofFirst, s.ofPrevious]),
      [
        [1, null],
        [0.5, 0.5],
        [0.5, 1],
      ],
    );
    assert.ok(
      result.issues.some((i) => i.path.startsWith('cases[4]')),
      `the bad record is reported by index: ${JSON.stringify(result.issues)}`,
    );
  });

  it('keeps pre-aggregated counts as given', async () => {
    const { computeFunnel } = await load('citykit');
    const result = computeFunnel({ stages: [{ key: 'x', count: 200 }, { key: 'y', count: 150 }, { key: 'z', count: 30 }] });
    assert.equal(result.source, 'aggregated');
    assert.deepEqual(
      result.stages.map((s) => [s.key, s.reached, s.ofFirst, s.ofPrevious]),
      [
        ['x', 200, 1, null],
        ['y', 150, 0.75, 0.75],
        ['z', 30, 0.15, 0.2],
      ],
    );
  });

  it('the city-management preset has its seven stages in order', async () => {
    const { computeFunnel } = await load('citykit');
    const result = computeFunnel({ cases: [{ id: 'c1', stages: { report: at(8), file: at(9) } }] }, { preset: 'city-management', now: at(10) });
    assert.deepEqual(
      result.stages.map((s) => s.key),
      ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'],
    );
    assert.deepEqual(
      result.stages.map((s) => s.reached),
      [1, 1, 0, 0, 0, 0, 0],
    );
  });
});

describe('toWgs84 / fromWgs84', () => {
  // The published GCJ-02 obfuscation (Krasovsky 1940 ellipsoid), written out here.
  function gcj02([lon, lat]) {
    const a = 6378245.0;
    const ee = 0.00669342162296594323;
    const x = lon - 105.0;
    const y = lat - 35.0;
    const pi = Math.PI;
    let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dLat += ((20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0) / 3.0;
    dLat += ((20.0 * Math.sin(y * pi) + 40.0 * Math.sin((y / 3.0) * pi)) * 2.0) / 3.0;
    dLat += ((160.0 * Math.sin((y / 12.0) * pi) + 320 * Math.sin((y * pi) / 30.0)) * 2.0) / 3.0;
    let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dLon += ((20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0) / 3.0;
    dLon += ((20.0 * Math.sin(x * pi) + 40.0 * Math.sin((x / 3.0) * pi)) * 2.0) / 3.0;
    dLon += ((150.0 * Math.sin((x / 12.0) * pi) + 300.0 * Math.sin((x / 30.0) * pi)) * 2.0) / 3.0;
    const radLat = (lat / 180.0) * pi;
    const magic = 1 - ee * Math.sin(radLat) ** 2;
    dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * Math.sqrt(magic))) * pi);
    dLon = (dLon * 180.0) / ((a / Math.sqrt(magic)) * Math.cos(radLat) * pi);
    return [lon + dLon, lat + dLat];
  }
  const chongqing = [106.55, 29.56];

  it('WGS-84 → GCJ-02 matches the published formula', async () => {
    const { fromWgs84 } = await load('citykit/core');
    const [lon, lat] = fromWgs84(chongqing, 'gcj02');
    const [eLon, eLat] = gcj02(chongqing);
    assert.ok(Math.abs(lon - eLon) < 1e-12 && Math.abs(lat - eLat) < 1e-12, `${[lon, lat]} vs ${[eLon, eLat]}`);
    // The offset is hundreds of metres (DOMAIN.md: ~450–700 m), not zero.
    const metres = Math.hypot((lon - chongqing[0]) * 111320 * Math.cos((chongqing[1] * Math.PI) / 180), (lat - chongqing[1]) * 110540);
    assert.ok(metres > 300 && metres < 800, `offset ${metres} m`);
  });

  it('round-trips through GCJ-02 and BD-09 to within a millimetre', async () => {
    const { fromWgs84, toWgs84 } = await load('citykit');
    for (const crs of ['gcj02', 'bd09']) {
      for (const p of [chongqing, [116.397, 39.908], [121.47, 31.23]]) {
        const back = toWgs84(fromWgs84(p, crs), crs);
        assert.ok(Math.abs(back[0] - p[0]) < 1e-8 && Math.abs(back[1] - p[1]) < 1e-8, `${crs} ${p} → ${back}`);
      }
    }
  });

  it('leaves points outside China alone and converts GeoJSON without mutating it', async () => {
    const { fromWgs84 } = await load('citykit');
    assert.deepEqual(fromWgs84([2.35, 48.85], 'gcj02'), [2.35, 48.85]);
    const feature = { type: 'Feature', properties: { id: 'p' }, geometry: { type: 'Point', coordinates: [...chongqing] } };
    const converted = fromWgs84(feature, 'gcj02');
    assert.deepEqual(feature.geometry.coordinates, chongqing);
    assert.deepEqual(converted.geometry.coordinates, gcj02(chongqing));
    assert.equal(converted.properties.id, 'p');
  });
});

describe('analyzeLifeCircle on a tiny road network', () => {
  // Local metres around an origin → lon/lat. The engine reports its equirectangular projection;
  // north–south legs are exact whatever its centre, east–west legs scale with cos(lat0).
  const R = 6371008.8;
  const O = [106.5, 29.5];
  const degPerMetre = 180 / (Math.PI * R);
  const at = (x, y) => [O[0] + (x * degPerMetre) / Math.cos((O[1] * Math.PI) / 180), O[1] + y * degPerMetre];
  const fc = (features) => ({ type: 'FeatureCollection', features });
  const pointFeature = (id, xy, properties) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(...xy) }, properties: { id, ...properties } });

  it('measures the walk along the roads, not the straight line, and applies the 300 m kindergarten limit', async () => {
    const { analyzeLifeCircle } = await load('citykit/life-circle-engine');
    // A U-shaped street: north 200 m, east 100 m, south 200 m. Home at the start, kindergarten at
    // the end: 100 m apart as the crow flies, 500 m on foot. A second home halfway down the
    // east leg: 100 m to walk.
    const roads = fc([{ type: 'Feature', properties: { id: 'u' }, geometry: { type: 'LineString', coordinates: [at(0, 0), at(0, 200), at(100, 200), at(100, 0)] } }]);
    const residences = fc([pointFeature('far', [0, 0], { population: 120 }), pointFeature('near', [100, 100], { population: 80 })]);
    const facilities = fc([pointFeature('k1', [100, 0], { category: 'kindergarten' })]);
    // Searched up to 1 km (by default only up to the largest limit analysed, 300 m here).
    const result = analyzeLifeCircle({ residences, facilities, roads }, { categories: ['kindergarten'], maxDistance: 1000 });
    assert.equal(result.method, 'network');
    const eastWest = (100 / Math.cos((O[1] * Math.PI) / 180)) * Math.cos((result.projection.lat0 * Math.PI) / 180);
    const far = result.residences.far.categories.kindergarten;
    const near = result.residences.near.categories.kindergarten;
    assert.ok(Math.abs(far.distance - (400 + eastWest)) < 1e-6, `far: ${far.distance} m, expected ${400 + eastWest}`);
    assert.ok(Math.abs(near.distance - 100) < 1e-6, `near: ${near.distance} m, expected 100`);
    assert.equal(far.facility, 'k1');
    // GB 50180-2018: kindergarten within 300 m (DOMAIN.md).
    assert.equal(far.within, false);
    assert.equal(near.within, true);
    assert.equal(result.coverage.kindergarten.population, 80);
    assert.equal(result.coverage.kindergarten.residences, 1);
    // With the default search radius the far home finds none within reach.
    const limited = analyzeLifeCircle({ residences, facilities, roads }, { categories: ['kindergarten'] });
    assert.deepEqual(limited.residences.far.categories.kindergarten, { distance: null, minutes: null, facility: null, within: false });
    assert.ok(Math.abs(limited.residences.near.categories.kindergarten.distance - 100) < 1e-6);
  });
});
