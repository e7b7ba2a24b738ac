/**
 * `npm run bench -- province`: CityKit on a province kept in PostgreSQL + PostGIS.
 *  1. Loads the province sample (data-samples/lib-province.ts: ≈1M micro-grids with their
 *     hierarchy, 10M city-management cases) into a throwaway cluster (as the database tests start
 *     one), or into the database PROVINCE_DATABASE names (a connection URL; loaded only when it
 *     lacks a province sample of the wanted size).
 *  2. The SQL funnel (`citykit.funnel`) over every case, server CPU and wall, beside
 *     `computeFunnel` over the first 1M of the same cases in this process; per million cases.
 *     Target: the SQL within 10× computeFunnel's CPU per million (the per-case PL/pgSQL it
 *     replaced took 15–30×).
 *  3. `citykit.unit_tile` per tile at the province view (zoom 8, its districts) and at a street
 *     (zoom 13, micro-grids), beside the naive peer: the same tile read through unit_hierarchy()
 *     (the whole hierarchy de-duplicated per tile, as before).
 *  4. Headless Chromium: a `<city-grid-layer tiles units-src>` page fed by server/postgis/serve.mjs:
 *     first frame at the province view and after drilling to a street, the page's JS heap before
 *     and after (bounded: ≤ 10 % growth).
 * Sizes: PROVINCE_MICRO (default 1,000,000), PROVINCE_CASES (10,000,000), PROVINCE_JS_CASES
 * (1,000,000); PROVINCE_FUNNEL=0 leaves out step 2, PROVINCE_BROWSER=0 step 4. At the defaults
 * the load takes ≈ 13 min and the SQL funnel ≈ 14 min of CPU on one core: on a shared machine,
 * try PROVINCE_CASES=1000000 first.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { computeFunnel } from '../src/funnel/model/compute';
import { loadProvince, latticeSide, PROVINCE_NOW, PROVINCE_WINDOW, type Queryable } from '../data-samples/lib-province';
import { startCluster } from '../test/server/cluster.mjs';
import { launchBenchBrowser, startBenchServer, timeCall } from './harness.mjs';

const ROOT = join(import.meta.dirname, '..');
const count = (name: string, fallback: number) => {
  const value = Number((process.env[name] ?? '').replace(/_/g, ''));
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const MICRO = count('PROVINCE_MICRO', 1_000_000);
const CASES = count('PROVINCE_CASES', 10_000_000);
const JS_CASES = Math.min(CASES, count('PROVINCE_JS_CASES', 1_000_000));
const TARGET_RATIO = 10;
const TARGET_HEAP_GROWTH = 0.1;
const ROUNDS = 3;

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const ms = (value: number) => `${value.toFixed(0)} ms`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const load = () => `load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`;

/** The server process's CPU time of one query (its /proc entry: a local server), and the wall time. */
async function serverTime<T>(db: pg.Client, run: () => Promise<T>): Promise<{ cpuMs: number | null; ms: number; value: T }> {
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid');
  const cpu = () => {
    try {
      const fields = readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
    } catch {
      return null;
    }
  };
  const before = cpu();
  const start = performance.now();
  const value = await run();
  const wall = performance.now() - start;
  const after = cpu();
  return { cpuMs: before === null || after === null ? null : after - before, ms: wall, value };
}

async function connect(): Promise<{ db: pg.Client; settings: pg.ClientConfig; stop: () => void }> {
  if (process.env.PROVINCE_DATABASE) {
    const settings = { connectionString: process.env.PROVINCE_DATABASE };
    const db = new pg.Client(settings);
    await db.connect();
    return { db, settings, stop: () => undefined };
  }
  const cluster = await startCluster();
  const db = new pg.Client(cluster);
  await db.connect();
  return { db, settings: cluster, stop: () => cluster.stop() };
}

async function ensureProvince(db: pg.Client): Promise<void> {
  const { rows } = await db.query(
    `SELECT to_regclass('province.cases') IS NOT NULL AND (SELECT count(*) FROM province.cases) = $1
            AND (SELECT count(*) FROM province.units WHERE level = 'micro-grid') = $2 AS ready`,
    [CASES, latticeSide(MICRO) ** 2],
  ).catch(() => ({ rows: [{ ready: false }] }));
  if (rows[0].ready) {
    console.log('  the database already holds this province sample');
    return;
  }
  const install = ['citykit.sql', 'funnel.sql'].map((file) => readFileSync(join(ROOT, 'server/postgis', file), 'utf8'));
  const loaded = await loadProvince(db as unknown as Queryable, install, { micro: MICRO, cases: CASES, seed: 20261031, log: (line) => console.log(line) });
  console.log(`  loaded in ${loaded.seconds.toFixed(0)} s (${load()})`);
}

/** The first `limit` cases as the JavaScript reads them (nulls left out, as a backend's JSON would). */
async function readCases(db: pg.Client, limit: number): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query(
    `SELECT id, stages, due, tier, channel, grid, category, status, rating, resolved, reworks FROM province.cases WHERE ord <= $1`,
    [limit],
  );
  return rows.map((row: Record<string, unknown>) => {
    const record: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(row)) if (value !== null) record[key] = value;
    return record;
  });
}

async function funnels(db: pg.Client): Promise<void> {
  // One server process does all the work, so that its CPU time is the query's.
  await db.query('SET max_parallel_workers_per_gather = 0');
  console.log(`\n-- The funnel: SQL over ${CASES.toLocaleString('en')} cases, computeFunnel over ${JS_CASES.toLocaleString('en')} --`);
  const sql = await serverTime(
    db,
    (): Promise<{ rows: { f: { total: number } }[] }> =>
      db.query('SELECT citykit.funnel($1, $2, $3, NULL, $4) AS f', ['city-management', PROVINCE_WINDOW.from, PROVINCE_WINDOW.to, PROVINCE_NOW]),
  );
  const total = sql.value.rows[0].f.total;
  console.log(`  SQL: ${sql.cpuMs === null ? 'server CPU unknown (remote)' : `${ms(sql.cpuMs)} server CPU`}, ${ms(sql.ms)} wall, ${total.toLocaleString('en')} cases counted (${load()})`);

  const read = performance.now();
  const cases = await readCases(db, JS_CASES);
  console.log(`  read ${cases.length.toLocaleString('en')} cases into Node in ${ms(performance.now() - read)}; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
  const options = { preset: 'city-management' as const, period: PROVINCE_WINDOW, now: PROVINCE_NOW };
  const runs = Array.from({ length: ROUNDS }, () => timeCall(() => computeFunnel({ preset: 'city-management', cases }, options)));
  const js = { cpuMs: median(runs.map((r) => r.cpuMs)), ms: median(runs.map((r) => r.ms)) };
  console.log(`  computeFunnel: ${ms(js.cpuMs)} CPU, ${ms(js.ms)} wall (median of ${ROUNDS}), ${runs[0].value.total.toLocaleString('en')} cases counted`);
  if (sql.cpuMs === null) {
    console.log('  per million: no server CPU figure for a remote database; wall time only.');
    return;
  }
  const sqlPerMillion = sql.cpuMs / (CASES / 1e6);
  const jsPerMillion = js.cpuMs / (cases.length / 1e6);
  const ratio = sqlPerMillion / jsPerMillion;
  console.log(`  per million cases: SQL ${ms(sqlPerMillion)} CPU, computeFunnel ${ms(jsPerMillion)} CPU: ${ratio.toFixed(1)}× — target ≤ ${TARGET_RATIO}×: ${verdict(ratio <= TARGET_RATIO)}`);
}

/** Tiles z/x/y covering [west, south, east, north]. */
function tilesOver(z: number, [west, south, east, north]: number[]): [number, number, number][] {
  const n = 2 ** z;
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const y = (lat: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const out: [number, number, number][] = [];
  for (let tx = x(west); tx <= x(east); tx++) for (let ty = y(north); ty <= y(south); ty++) out.push([z, tx, ty]);
  return out;
}

/** The naive peer: a tile read through unit_hierarchy(), every unit de-duplicated per tile. */
const NAIVE_TILE = `
  WITH bounds AS (
    SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326) AS area,
           (40075016.6855785 / (1 << $1)) / 4096 / 2 AS tolerance
  ), shown AS (
    SELECT h.id, h.name, h.level, h.parent, h.metrics,
           ST_AsMVTGeom(ST_Simplify(ST_Transform(h.geom, 3857), b.tolerance, true), b.env, 4096, 64, true) AS geom
    FROM citykit.unit_hierarchy() h, bounds b
    WHERE h.level = COALESCE($4, citykit.level_at_zoom($1)) AND h.geom && b.area
  )
  SELECT COALESCE((SELECT ST_AsMVT(shown, 'units', 4096, 'geom') FROM shown WHERE geom IS NOT NULL), ''::bytea) AS body`;

async function tiles(db: pg.Client): Promise<void> {
  console.log('\n-- unit_tile per tile --');
  const { rows } = await db.query(
    `SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n FROM
       (SELECT ST_Extent(geom) AS e FROM province.units WHERE level = 'district') a
     UNION ALL
     SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM province.units WHERE level = 'street' AND id = 'S0-0'`,
  );
  const views = [
    { name: 'province view, zoom 8 (districts)', z: 8, box: Object.values(rows[0]) as number[], level: null },
    { name: 'a street, zoom 13 (micro-grids)', z: 13, box: Object.values(rows[1]) as number[], level: 'micro-grid' },
  ];
  for (const view of views) {
    const list = tilesOver(view.z, view.box);
    const times: number[] = [];
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [z, x, y] of list) {
        const start = performance.now();
        const result = await db.query('SELECT citykit.unit_tile($1, $2, $3, $4) AS body', [z, x, y, view.level]);
        times.push(performance.now() - start);
        if (round === 0) bytes += (result.rows[0].body as Buffer).length;
      }
    }
    const [z, x, y] = list[Math.floor(list.length / 2)];
    const naive = await serverTime(db, () => db.query(NAIVE_TILE, [z, x, y, view.level]));
    const ours = median(times);
    console.log(
      `  ${view.name}: ${list.length} tiles, ${(bytes / list.length / 1024).toFixed(1)} KB each; ${ms(ours)} per tile (median of ${times.length}, wall); ` +
        `the naive peer (whole hierarchy per tile) ${ms(naive.ms)}: ${(naive.ms / ours).toFixed(0)}× (${load()})`,
    );
  }
}

interface PageFigures {
  firstFrameMs: number;
  heapMB: number;
  drillFrameMs: number;
  heapAfterMB: number;
  shownBefore: number;
  shownAfter: number;
  level: string;
}

async function browser(settings: pg.ClientConfig): Promise<void> {
  console.log('\n-- Headless Chromium: <city-grid-layer tiles units-src> from serve.mjs --');
  Object.assign(process.env, settingsEnv(settings));
  const serve = await import('../server/postgis/serve.mjs');
  await new Promise<void>((resolve) => serve.server.listen(0, '127.0.0.1', resolve));
  const api = `http://127.0.0.1:${(serve.server.address() as AddressInfo).port}`;
  const { server, baseUrl } = await startBenchServer();
  const chromium = await launchBenchBrowser({ width: 1280, height: 800 });
  try {
    const page = await chromium.newPage();
    page.on('pageerror', (error: unknown) => console.log(`  [page error] ${String(error)}`));
    await page.goto(`${baseUrl}/bench/harness.mjs`, { waitUntil: 'load' });
    const figures = (await page.evaluate(pageScript(api))) as PageFigures;
    const growth = figures.heapAfterMB / figures.heapMB - 1;
    console.log(`  first frame at the province view: ${ms(figures.firstFrameMs)} (unit index and tiles included), ${figures.shownBefore} units shown; heap ${figures.heapMB} MB`);
    console.log(`  after drilling to street S0-0 (${figures.level}): ${ms(figures.drillFrameMs)}, ${figures.shownAfter} units shown; heap ${figures.heapAfterMB} MB`);
    console.log(`  heap growth ${(growth * 100).toFixed(1)} % — target ≤ ${TARGET_HEAP_GROWTH * 100} %: ${verdict(growth <= TARGET_HEAP_GROWTH)} (${load()})`);
  } finally {
    await chromium.close();
    await server.close();
    serve.server.close();
    await serve.pool.end();
  }
}

/**
 * What the page runs (as text: the bench's own compiled functions would carry helpers the page
 * lacks): a map with the grid layer on tiles, the first frame, then a drill to a street.
 */
function pageScript(api: string): string {
  return `(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const heap = () => Math.round(performance.memory.usedJSHeapSize / 1048576);
    await import('/src/map/index.ts');
    await import('/src/grid/index.ts');
    document.body.replaceChildren();
    const map = document.createElement('city-map');
    map.setAttribute('style', 'position:fixed;left:0;top:0;width:1280px;height:800px');
    const grid = document.createElement('city-grid-layer');
    grid.setAttribute('tiles', ${JSON.stringify(api)} + '/tiles/{z}/{x}/{y}.pbf');
    grid.setAttribute('units-src', ${JSON.stringify(api)} + '/units.json');
    grid.setAttribute('metric', 'population');
    map.append(grid);
    const start = performance.now();
    document.body.append(map);
    while (!map.deck) await frame();
    await grid.rendered();
    const firstFrameMs = performance.now() - start;
    const shownBefore = grid.visibleIds.length;
    const heapMB = heap();
    const drill = performance.now();
    grid.focusId = 'S0-0';
    grid.level = 'community';
    await grid.rendered();
    const drillFrameMs = performance.now() - drill;
    return { firstFrameMs, heapMB, drillFrameMs, heapAfterMB: heap(), shownBefore, shownAfter: grid.visibleIds.length, level: grid.level ?? '' };
  })()`;
}

/** The PG* variables serve.mjs's pool reads, for these connection settings. */
function settingsEnv(settings: pg.ClientConfig): Record<string, string> {
  if (settings.connectionString) {
    const url = new URL(settings.connectionString);
    return {
      PGHOST: url.hostname,
      PGPORT: url.port || '5432',
      PGUSER: decodeURIComponent(url.username),
      PGPASSWORD: decodeURIComponent(url.password),
      PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
    };
  }
  return { PGHOST: String(settings.host), PGPORT: String(settings.port), PGUSER: String(settings.user), PGDATABASE: String(settings.database) };
}

console.log(`province: ${MICRO.toLocaleString('en')} micro-grids, ${CASES.toLocaleString('en')} cases (${load()}; wall times inflate under load, CPU beside them)`);
const { db, settings, stop } = await connect();
try {
  await ensureProvince(db);
  if (process.env.PROVINCE_FUNNEL !== '0') await funnels(db);
  await tiles(db);
  if (process.env.PROVINCE_BROWSER !== '0') await browser(settings);
} finally {
  await db.end();
  stop();
}
