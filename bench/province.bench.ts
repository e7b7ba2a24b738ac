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
 *  4. The unit index on demand: `citykit.unit_children` / `citykit.unit_path` per call (and whether
 *     they read through the indexes, from EXPLAIN), beside the whole index (`citykit.unit_index()`)
 *     they replace: its SQL time and size.
 *  5. Headless Chromium: a `<city-grid-layer tiles units-src="…?parent={parent}&id={id}">` page fed
 *     by server/postgis/serve.mjs: first frame at the province view and after drilling to a street
 *     (its branch and children asked for then), the page's JS heap before and after (bounded: ≤ 10 %
 *     growth), the units shown checked against the database. PROVINCE_WHOLE_INDEX=1 adds the same
 *     page with the whole index (`units-src="/units.json"`: ≈ 2 min and 2 GB of heap at 1M units).
 * Sizes: PROVINCE_MICRO (default 1,000,000), PROVINCE_CASES (10,000,000), PROVINCE_JS_CASES
 * (1,000,000); PROVINCE_FUNNEL=0 leaves out step 2, PROVINCE_BROWSER=0 step 5. At the defaults
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
  const install = ['citykit.sql', 'funnel.sql'].map((file) => readFileSync(join(ROOT, 'server/postgis', file), 'utf8'));
  if (rows[0].ready) {
    console.log('  the database already holds this province sample (its functions installed again)');
    for (const script of install) await db.query(script);
  } else {
    const loaded = await loadProvince(db as unknown as Queryable, install, { micro: MICRO, cases: CASES, seed: 20261031, log: (line) => console.log(line) });
    console.log(`  loaded in ${loaded.seconds.toFixed(0)} s (${load()})`);
  }
  // The index the on-demand unit index reads children through (server/postgis/README.md asks a city for it).
  await db.query('CREATE INDEX IF NOT EXISTS units_parent_idx ON province.units (citykit.id_or_null(parent))');
  await db.query('ANALYZE province.units');
}

/** The unit index on demand per call, and the whole index it replaces. */
async function unitIndex(db: pg.Client): Promise<void> {
  console.log('\n-- The unit index: on demand vs whole --');
  const { rows } = await db.query(
    `SELECT (SELECT id FROM province.units WHERE level = 'micro-grid' ORDER BY id LIMIT 1) AS micro,
            (SELECT parent FROM province.units WHERE id = 'S0-0') AS district,
            (SELECT id FROM province.units WHERE level = 'grid' AND parent IS NOT NULL ORDER BY id LIMIT 1) AS grid`,
  );
  const calls = [
    { name: 'unit_children(NULL): the top (districts)', sql: 'SELECT citykit.unit_children(NULL)::text AS body', args: [] },
    { name: `unit_children('${rows[0].district}'): a district's streets`, sql: 'SELECT citykit.unit_children($1)::text AS body', args: [rows[0].district] },
    { name: "unit_children('S0-0'): a street's communities", sql: 'SELECT citykit.unit_children($1)::text AS body', args: ['S0-0'] },
    { name: `unit_children('${rows[0].grid}'): a grid's micro-grids`, sql: 'SELECT citykit.unit_children($1)::text AS body', args: [rows[0].grid] },
    { name: `unit_path('${rows[0].micro}'): a micro-grid and its ancestors`, sql: 'SELECT citykit.unit_path($1)::text AS body', args: [rows[0].micro] },
  ];
  for (const call of calls) {
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(await serverTime(db, () => db.query(call.sql, call.args)));
    const body = (runs[0].value as { rows: { body: string }[] }).rows[0].body;
    const cpu = runs.every((r) => r.cpuMs !== null) ? `${ms(median(runs.map((r) => r.cpuMs!)))} server CPU, ` : '';
    console.log(`  ${call.name}: ${JSON.parse(body).length} rows, ${(body.length / 1024).toFixed(1)} KB; ${cpu}${ms(median(runs.map((r) => r.ms)))} wall (median of ${ROUNDS})`);
  }
  const plan = await db.query("EXPLAIN SELECT u.id FROM citykit.units u WHERE citykit.id_or_null(u.parent::text) = citykit.id_or_null('S0-0')");
  const text = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
  const scans = text.match(/Seq Scan on "?units_(micro-grid|grid)"?/g);
  console.log(`  EXPLAIN of the children read: ${scans ? `sequential scans (${scans.join(', ')}): MISS` : 'index reads on the large levels: PASS'}`);
  const whole = await serverTime(db, () => db.query('SELECT citykit.unit_index()::text AS body'));
  const body = (whole.value as { rows: { body: string }[] }).rows[0].body;
  console.log(
    `  the whole index (unit_index(), the peer): ${JSON.parse(body).length.toLocaleString('en')} rows, ${(body.length / 2 ** 20).toFixed(0)} MB; ` +
      `${whole.cpuMs === null ? '' : `${ms(whole.cpuMs)} server CPU, `}${ms(whole.ms)} wall (${load()})`,
  );
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

interface FirstFrame {
  firstFrameMs: number;
  heapMB: number;
  shownBefore: string[];
}

interface AfterDrill {
  drillFrameMs: number;
  heapAfterMB: number;
  shownAfter: string[];
  level: string;
  unitsHeld: number;
  unitRequests: number;
  unitKB: number;
}

async function browser(db: pg.Client, settings: pg.ClientConfig): Promise<void> {
  console.log('\n-- Headless Chromium: <city-grid-layer tiles units-src> from serve.mjs --');
  Object.assign(process.env, settingsEnv(settings));
  const serve = await import('../server/postgis/serve.mjs');
  await new Promise<void>((resolve) => serve.server.listen(0, '127.0.0.1', resolve));
  const api = `http://127.0.0.1:${(serve.server.address() as AddressInfo).port}`;
  const { server, baseUrl } = await startBenchServer();
  const chromium = await launchBenchBrowser({ width: 1280, height: 800 });
  // The reference: the units the database has at the top and under the street.
  const ids = async (sql: string) => (await db.query(sql)).rows.map((row: { id: string }) => row.id).sort();
  const top = await ids('SELECT id FROM province.units WHERE parent IS NULL');
  const communities = await ids("SELECT id FROM province.units WHERE parent = 'S0-0'");
  const indexes = [{ name: 'the index on demand (?parent={parent}&id={id})', units: '/units.json?parent={parent}&id={id}' }];
  if (process.env.PROVINCE_WHOLE_INDEX === '1') indexes.push({ name: 'the whole index (/units.json), the peer', units: '/units.json' });
  try {
    for (const index of indexes) {
      const page = await chromium.newPage();
      page.on('pageerror', (error: unknown) => console.log(`  [page error] ${String(error)}`));
      await page.goto(`${baseUrl}/bench/harness.mjs`, { waitUntil: 'load' });
      // The renderer's task time (CDP TaskDuration: its threads' busy time) beside each wall time.
      const busy = async () => (await page.metrics()).TaskDuration! * 1000;
      await page.evaluate(IMPORT_SCRIPT);
      const before = await busy();
      const first = (await page.evaluate(pageScript(api, index.units))) as FirstFrame;
      const between = await busy();
      const drilled = (await page.evaluate(DRILL_SCRIPT)) as AfterDrill;
      const after = await busy();
      await page.close();
      const figures = { ...first, ...drilled };
      const growth = figures.heapAfterMB / figures.heapMB - 1;
      const same = (shown: string[], expected: string[]) => (JSON.stringify([...shown].sort()) === JSON.stringify(expected) ? 'the units the database has' : 'NOT the units the database has');
      console.log(`  ${index.name}:`);
      console.log(
        `    first frame at the province view: ${ms(figures.firstFrameMs)} wall, ${ms(between - before)} renderer task time (unit index and tiles included), ` +
          `${figures.shownBefore.length} units shown (${same(figures.shownBefore, top)}); heap ${figures.heapMB} MB`,
      );
      console.log(
        `    after drilling to street S0-0 (${figures.level}): ${ms(figures.drillFrameMs)} wall, ${ms(after - between)} renderer task time, ` +
          `${figures.shownAfter.length} units shown (${same(figures.shownAfter, communities)}); heap ${figures.heapAfterMB} MB`,
      );
      console.log(`    units held by the page: ${figures.unitsHeld.toLocaleString('en')}, from ${figures.unitRequests} requests, ${figures.unitKB.toFixed(0)} KB of JSON`);
      console.log(`    heap growth ${(growth * 100).toFixed(1)} % — target ≤ ${TARGET_HEAP_GROWTH * 100} %: ${verdict(growth <= TARGET_HEAP_GROWTH)} (${load()})`);
    }
  } finally {
    await chromium.close();
    await server.close();
    serve.server.close();
    await serve.pool.end();
  }
}

/**
 * What the page runs (as text: the bench's own compiled functions would carry helpers the page
 * lacks): a map with the grid layer on tiles and its first frame (DRILL_SCRIPT then drills to a
 * street). The page's fetch is wrapped to count the unit index's requests and bytes.
 */
function pageScript(api: string, units: string): string {
  return `(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const heap = () => Math.round(performance.memory.usedJSHeapSize / 1048576);
    const pageFetch = window.fetch;
    window.benchUnits = { requests: 0, bytes: 0 };
    window.fetch = async (input, init) => {
      const response = await pageFetch(input, init);
      if (String(input).includes('/units.json')) {
        window.benchUnits.requests++;
        response.clone().arrayBuffer().then((body) => (window.benchUnits.bytes += body.byteLength), () => undefined);
      }
      return response;
    };
    document.body.replaceChildren();
    const map = document.createElement('city-map');
    map.setAttribute('style', 'position:fixed;left:0;top:0;width:1280px;height:800px');
    const grid = document.createElement('city-grid-layer');
    grid.setAttribute('tiles', ${JSON.stringify(api)} + '/tiles/{z}/{x}/{y}.pbf');
    grid.setAttribute('units-src', ${JSON.stringify(api)} + ${JSON.stringify(units)});
    grid.setAttribute('metric', 'population');
    map.append(grid);
    const start = performance.now();
    document.body.append(map);
    while (!map.deck) await frame();
    await grid.rendered();
    const firstFrameMs = performance.now() - start;
    window.benchGrid = grid;
    return { firstFrameMs, heapMB: heap(), shownBefore: grid.visibleIds };
  })()`;
}

/** The elements' modules, loaded before the clock starts (the dev server compiles them on first load). */
const IMPORT_SCRIPT = `Promise.all([import('/src/map/index.ts'), import('/src/grid/index.ts')]).then(() => true)`;

/** The drill to street S0-0 on the page pageScript made. */
const DRILL_SCRIPT = `(async () => {
  const grid = window.benchGrid;
  const drill = performance.now();
  grid.focusId = 'S0-0';
  grid.level = 'community';
  await grid.rendered();
  const drillFrameMs = performance.now() - drill;
  const heapAfterMB = Math.round(performance.memory.usedJSHeapSize / 1048576);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { drillFrameMs, heapAfterMB, shownAfter: grid.visibleIds, level: grid.level ?? '',
    unitsHeld: grid.hierarchy ? grid.hierarchy.size : 0, unitRequests: window.benchUnits.requests, unitKB: window.benchUnits.bytes / 1024 };
})()`;

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
  await unitIndex(db);
  if (process.env.PROVINCE_BROWSER !== '0') await browser(db, settings);
} finally {
  await db.end();
  stop();
}
