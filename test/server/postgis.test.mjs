// The SQL in server/postgis/ on a real PostgreSQL + PostGIS: `node --test test/server/`.
//
// Starts a throwaway cluster (see cluster.mjs), installs citykit.sql (twice: it must be
// idempotent), loads the bundled sample street (its grids and risks, plus hand-made edge records)
// into tables of its own, points the citykit views at them as a city would, and checks that the
// database gives the numbers the published package gives on the same records: risk_rollup equals
// rollUpRisks, and unit_tile holds exactly the units of the zoom's level that reach the tile.
// Needs dist/ (`npm run build`): the JavaScript side is the package as users install it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { bbox, bboxPolygon, booleanIntersects, pointOnFeature } from '@turf/turf';
import { rollUpRisks } from 'citykit';
import { loadSampleGrids, startCluster } from './cluster.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SQL = readFileSync(join(ROOT, 'server/postgis/citykit.sql'), 'utf8');
const FUNNEL_SQL = readFileSync(join(ROOT, 'server/postgis/funnel.sql'), 'utf8');
const grids = JSON.parse(readFileSync(join(ROOT, 'data-samples/grids.geojson'), 'utf8'));
const sampleRisks = JSON.parse(readFileSync(join(ROOT, 'data-samples/risks.json'), 'utf8'));
const LEVELS = ['district', 'street', 'community', 'grid', 'micro-grid'];

// A micro-grid whose id is a prototype key (ids are data, never keys), under a real grid but drawn
// apart from the others, so that no position lies in two units of one level.
const someGrid = grids.features.find((f) => f.properties.level === 'grid');
const protoUnit = {
  type: 'Feature',
  properties: { id: '__proto__', name: '原型', level: 'micro-grid', parent: someGrid.properties.id, population: 1 },
  geometry: bboxPolygon([105.999, 28.999, 106.001, 29.001]).geometry,
};
const units = { type: 'FeatureCollection', features: [...grids.features, protoUnit] };

// Records the model treats in a particular way; each is counted (or not) the same in SQL.
const inside = pointOnFeature(someGrid).geometry.coordinates;
const edgeRecords = [
  { id: 'E-swapped', lon: inside[1], lat: inside[0], category: 'gas', level: 'major', time: '2026-08-12T10:00:00+08:00' },
  { id: 'E-zero', lon: 0, lat: 0, category: 'gas', level: 'major', time: '2026-08-12T10:00:00+08:00' },
  { id: 'E-polar', lon: 106.5, lat: 86, category: 'gas', level: 'major', time: '2026-08-12T10:00:00+08:00' },
  { id: 'E-named-spaces', lon: inside[0], lat: inside[1], category: 'gas', level: ' 重大风险 ', time: '2026-08-12T10:00:00+08:00' },
  { id: 'E-colour', lon: inside[0], lat: inside[1], category: 'gas', level: 'ORANGE', time: '2026-08-13T10:00:00+08:00' },
  { id: 'E-unknown-level-factors', lon: inside[0], lat: inside[1], category: 'bridge', level: 'severe', likelihood: 3, severity: 4, time: '2026-08-14T10:00:00+08:00' },
  { id: 'E-fractional-factors', lon: inside[0], lat: inside[1], category: 'bridge', likelihood: 2.5, severity: 4, time: '2026-08-14T10:00:00+08:00' },
  { id: 'E-no-level', lon: inside[0], lat: inside[1], category: 'bridge', time: '2026-08-14T10:00:00+08:00' },
  { id: 'E-blank-category', lon: inside[0], lat: inside[1], category: '  ', level: 'low', time: '2026-08-14T10:00:00+08:00' },
  { id: 'E-no-grid', lon: inside[0], lat: inside[1], category: 'fire', level: 'general', time: '2026-08-15T10:00:00+08:00' },
  { id: 'E-unknown-grid', lon: inside[0], lat: inside[1], category: 'fire', level: 'low', time: '2026-08-15T11:00:00+08:00', grid: 'NO-SUCH-GRID' },
  { id: 'E-proto-grid', lon: 106.0, lat: 29.0, category: 'fire', level: 'considerable', time: '2026-08-15T12:00:00+08:00', grid: '__proto__' },
  { id: 'E-undated', lon: inside[0], lat: inside[1], category: 'fire', level: 'major', grid: someGrid.properties.id },
  { id: 'E-outside', lon: 107.5, lat: 30.5, category: 'fire', level: 'major', time: '2026-08-15T12:00:00+08:00' },
  { id: '   ', lon: inside[0], lat: inside[1], category: 'fire', level: 'major', time: '2026-08-15T12:00:00+08:00' },
];
const records = [...sampleRisks, ...edgeRecords];

let cluster;
let db;

before(async () => {
  cluster = await startCluster();
  db = new pg.Client(cluster);
  await db.connect();
  await db.query(SQL);
  await db.query(SQL); // idempotent
  await loadSampleGrids(db, units);
  await db.query(`
    CREATE TABLE sample.risk_records (id text, lon float8, lat float8, category text, level text, likelihood numeric, severity numeric, time timestamptz, grid text);
    DROP VIEW citykit.risks;
    CREATE VIEW citykit.risks AS SELECT id, lon, lat, category, level, likelihood, severity, time, grid FROM sample.risk_records;`);
  await db.query(
    `INSERT INTO sample.risk_records
     SELECT r->>'id', (r->>'lon')::float8, (r->>'lat')::float8, r->>'category', r->>'level',
            (r->>'likelihood')::numeric, (r->>'severity')::numeric, (r->>'time')::timestamptz, r->>'grid'
     FROM jsonb_array_elements($1::jsonb) r`,
    [JSON.stringify(records)],
  );
  // Running the scripts once more over the city's views keeps them.
  await db.query(SQL);
  await db.query(FUNNEL_SQL);
});

after(async () => {
  await db?.end();
  cluster?.stop();
});

/** A roll-up as plain sorted entries, so a null-prototype object and jsonb compare field by field. */
const entries = (rollUp) => Object.keys(rollUp).sort().map((id) => [id, { ...rollUp[id] }]);

async function sqlRollUp(level, filter = {}) {
  const { rows } = await db.query('SELECT citykit.risk_rollup($1, $2, $3, $4, $5) AS r', [
    level,
    filter.from ?? null,
    filter.to ?? null,
    filter.categories ?? null,
    filter.levels ?? null,
  ]);
  return rows[0].r;
}

describe('citykit.risk_rollup equals rollUpRisks', () => {
  const windows = [
    {},
    { from: '2026-08-10T00:00:00+08:00', to: '2026-08-20T00:00:00+08:00' },
    { from: '2026-09-01T00:00:00+08:00' },
    { to: '2026-08-15T00:00:00+08:00' },
    // Reversed: both sides swap it.
    { from: '2026-08-20T00:00:00+08:00', to: '2026-08-10T00:00:00+08:00' },
    // Bounds on records' own times: `from` includes its record, `to` excludes its one.
    { from: sampleRisks[10].time, to: sampleRisks[400].time },
  ];
  for (const level of LEVELS) {
    for (const window of windows) {
      it(`${level}, window ${JSON.stringify(window)}`, async () => {
        const js = rollUpRisks(records, units, level, { filter: { from: window.from, to: window.to } });
        const sql = await sqlRollUp(level, window);
        assert.ok(Object.keys(js).length > 0);
        assert.deepEqual(entries(sql), entries(js));
      });
    }
  }

  it('categories and levels filters', async () => {
    const filter = { categories: ['gas', 'fire', 'drainage'], levels: ['major', 'considerable'] };
    for (const level of ['street', 'grid', 'micro-grid']) {
      const js = rollUpRisks(records, units, level, { filter });
      assert.deepEqual(entries(await sqlRollUp(level, filter)), entries(js));
    }
  });

  it('counts the edge records where the model does', async () => {
    // In `someGrid`: by position the swapped record (major), the padded zh name (major), ORANGE
    // (considerable), the unknown name with factors 3 × 4 (considerable), the grid-less one
    // (general) and the unknown-grid one (low); by their grid the undated one (major) and the one
    // in micro-grid __proto__ (considerable). Not the fractional factors, no level, blank category
    // or blank id.
    const sql = await sqlRollUp('grid');
    const js = rollUpRisks(records, units, 'grid');
    const id = someGrid.properties.id;
    assert.deepEqual(sql[id], { ...js[id] });
    const onlyEdge = rollUpRisks(edgeRecords, units, 'grid')[id];
    assert.deepEqual({ ...onlyEdge }, { major: 3, considerable: 3, general: 1, low: 1, index: 24 });
    // The unit named __proto__ is a unit like any other.
    assert.deepEqual((await sqlRollUp('micro-grid'))['__proto__'], { ...rollUpRisks(records, units, 'micro-grid')['__proto__'] });
  });
});

/** Tile x/y of a lon/lat at zoom z (Web Mercator). */
function tileOf(lon, lat, z) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

/** Lon/lat bounds of tile z/x/y grown by `margin` of its size (as ST_TileEnvelope's margin). */
function tileBounds(z, x, y, margin) {
  const n = 2 ** z;
  const lonOf = (tx) => (tx / n) * 360 - 180;
  const latOf = (ty) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lonOf(x - margin), latOf(y + 1 + margin), lonOf(x + 1 + margin), latOf(y - margin)];
}

async function tileFeatures(z, x, y, level = null) {
  const { rows } = await db.query('SELECT citykit.unit_tile($1, $2, $3, $4) AS t', [z, x, y, level]);
  const tile = new VectorTile(new Pbf(rows[0].t));
  const layer = tile.layers.units;
  if (!layer) return [];
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i));
}

describe('citykit.unit_tile', () => {
  const centre = [106.485, 29.676];
  const cases = [
    { z: 10, level: 'district' },
    { z: 12, level: 'street' },
    { z: 14, level: 'community' },
    { z: 15, level: 'grid' },
    { z: 16, level: 'micro-grid' },
  ];
  for (const { z, level } of cases) {
    it(`zoom ${z} holds exactly the ${level} units reaching the tile`, async () => {
      const [x, y] = tileOf(centre[0], centre[1], z);
      const area = bboxPolygon(tileBounds(z, x, y, 64 / 4096));
      const expected = units.features
        .filter((f) => f.properties.level === level && booleanIntersects(f, area))
        .map((f) => f.properties.id)
        .sort();
      const features = await tileFeatures(z, x, y);
      assert.ok(expected.length > 0, 'the tile reaches some units');
      assert.deepEqual(features.map((f) => f.properties.id).sort(), expected);
      const first = units.features.find((f) => f.properties.id === expected[0]).properties;
      const decoded = features.find((f) => f.properties.id === expected[0]);
      assert.deepEqual(
        { ...decoded.properties },
        Object.fromEntries(Object.entries(first).filter(([, value]) => value !== undefined)),
      );
      assert.equal(decoded.type, 3, 'polygons');
    });
  }

  it('a named level wins over the zoom; a tile outside the data is empty', async () => {
    const [x, y] = tileOf(centre[0], centre[1], 14);
    const ids = (await tileFeatures(14, x, y, 'grid')).map((f) => f.properties.level);
    assert.ok(ids.length > 0);
    assert.deepEqual([...new Set(ids)], ['grid']);
    const { rows } = await db.query('SELECT length(citykit.unit_tile(14, 0, 0)) AS n');
    assert.equal(rows[0].n, 0);
  });
});

describe('the unit index on demand: citykit.unit_children and citykit.unit_path', () => {
  /** The whole index (unit_index) with each unit's child count: what the on-demand rows must add up to. */
  async function wholeIndex() {
    const { rows } = await db.query('SELECT citykit.unit_index() AS i');
    const index = rows[0].i;
    const counts = new Map();
    for (const unit of index) if (unit.parent !== null) counts.set(unit.parent, (counts.get(unit.parent) ?? 0) + 1);
    return index.map((unit) => ({ ...unit, children: counts.get(unit.id) ?? 0 }));
  }
  const children = async (parent) => (await db.query('SELECT citykit.unit_children($1) AS c', [parent])).rows[0].c;
  const path = async (id) => (await db.query('SELECT citykit.unit_path($1) AS p', [id])).rows[0].p;

  it('opening every unit from the top gives exactly the whole index, each unit once with its child count', async () => {
    const whole = await wholeIndex();
    const opened = [];
    const queue = [null];
    while (queue.length) {
      const parent = queue.shift();
      const rows = await children(parent);
      assert.deepEqual(rows.map((row) => row.id), [...rows.map((row) => row.id)].sort(), `children of ${parent} ordered by id`);
      for (const row of rows) {
        assert.equal(row.parent, parent);
        opened.push(row);
        if (row.children > 0) queue.push(row.id);
      }
    }
    const byId = (list) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(byId(opened), byId(whole));
  });

  it('the top level for a NULL, empty or blank parent; nothing for an unknown one', async () => {
    const top = await children(null);
    assert.deepEqual(top.map((row) => row.id), (await wholeIndex()).filter((unit) => unit.parent === null).map((unit) => unit.id));
    assert.deepEqual(await children(''), top);
    assert.deepEqual(await children(' \u3000'), top);
    assert.deepEqual(await children('NO-SUCH-UNIT'), []);
  });

  it('unit_path: a unit and its ancestors, the top first, as the whole index has them', async () => {
    const whole = new Map((await wholeIndex()).map((unit) => [unit.id, unit]));
    for (const id of ['__proto__', someGrid.properties.id, [...whole.values()].find((unit) => unit.parent === null).id]) {
      const expected = [];
      for (let unit = whole.get(id); unit; unit = unit.parent === null ? undefined : whole.get(unit.parent)) expected.unshift(unit);
      assert.deepEqual(await path(id), expected, id);
    }
    assert.deepEqual(await path('NO-SUCH-UNIT'), []);
  });

  it('a parent cycle ends the walk', async () => {
    await db.query(`CREATE TABLE sample.cycle (id text, parent text, name text, level text, geom geometry(Geometry, 4326), metrics jsonb);
      INSERT INTO sample.cycle VALUES ('A', 'B', 'a', 'street', ST_MakeEnvelope(0, 0, 1, 1, 4326), NULL), ('B', 'A', 'b', 'district', ST_MakeEnvelope(0, 0, 2, 2, 4326), NULL);`);
    const before = (await db.query(`SELECT pg_get_viewdef('citykit.units') AS d`)).rows[0].d;
    try {
      await db.query('BEGIN; DROP VIEW citykit.units; CREATE VIEW citykit.units AS SELECT * FROM sample.cycle');
      assert.deepEqual((await path('A')).map((row) => row.id), ['B', 'A']);
      assert.deepEqual(await children(null), []);
      assert.deepEqual((await children('A')).map((row) => [row.id, row.children]), [['B', 1]]);
    } finally {
      await db.query('ROLLBACK');
      await db.query('DROP TABLE sample.cycle');
    }
    assert.equal((await db.query(`SELECT pg_get_viewdef('citykit.units') AS d`)).rows[0].d, before);
  });
});

describe('server/postgis/serve.mjs', () => {
  let serve;
  let base;
  before(async () => {
    Object.assign(process.env, { PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.user, PGDATABASE: cluster.database });
    serve = await import('../../server/postgis/serve.mjs');
    await new Promise((done) => serve.server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${serve.server.address().port}`;
  });
  after(async () => {
    serve?.server.close();
    await serve?.pool.end();
  });

  it('serves the tiles the function makes', async () => {
    const [x, y] = tileOf(106.485, 29.676, 14);
    const response = await fetch(`${base}/tiles/14/${x}/${y}.pbf`);
    assert.equal(response.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
    const { rows } = await db.query('SELECT citykit.unit_tile(14, $1, $2) AS t', [x, y]);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), rows[0].t);
    const gridLevel = new VectorTile(new Pbf(Buffer.from(await (await fetch(`${base}/tiles/14/${x}/${y}.pbf?level=grid`)).arrayBuffer())));
    assert.equal(gridLevel.layers.units.feature(0).properties.level, 'grid');
  });

  it('serves the unit index: every unit, its parent, level and box, no geometry', async () => {
    const index = await (await fetch(`${base}/units.json`)).json();
    assert.equal(index.length, units.features.length);
    const district = index.find((unit) => unit.level === 'district');
    assert.deepEqual(Object.keys(district).sort(), ['bbox', 'id', 'level', 'name', 'parent']);
    assert.deepEqual(district.bbox, bbox(units.features.find((f) => f.properties.id === district.id)));
    assert.equal(index.find((unit) => unit.id === '__proto__').parent, someGrid.properties.id);
  });

  it('serves the unit index on demand: ?parent= the children of a unit (empty: the top), ?id= a unit and its ancestors', async () => {
    const json = async (query) => (await fetch(`${base}/units.json?${query}`)).json();
    const sql = async (call, value) => (await db.query(`SELECT ${call}($1) AS r`, [value])).rows[0].r;
    const top = await json('parent=');
    assert.ok(top.length > 0);
    assert.deepEqual(top, await sql('citykit.unit_children', null));
    assert.deepEqual(await json(`parent=${encodeURIComponent(top[0].id)}&id=`), await sql('citykit.unit_children', top[0].id));
    assert.deepEqual(await json('parent=&id=__proto__'), await sql('citykit.unit_path', '__proto__'));
    assert.equal((await json('parent=&id=__proto__')).at(-1).id, '__proto__');
  });

  it('serves risk roll-ups equal to rollUpRisks, and 404 for anything else', async () => {
    const from = '2026-08-10T00:00:00+08:00';
    const response = await fetch(`${base}/risk-rollup.json?level=community&from=${encodeURIComponent(from)}`);
    assert.deepEqual(entries(await response.json()), entries(rollUpRisks(records, units, 'community', { filter: { from } })));
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
  });

  it('serves the funnel the function counts; an unknown preset is a 400 naming it', async () => {
    const from = '2026-08-01T00:00:00+08:00';
    const to = '2026-09-01T00:00:00+08:00';
    const served = await (await fetch(`${base}/funnel.json?preset=hotline-12345&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).json();
    const { rows } = await db.query('SELECT citykit.funnel($1, $2, $3) AS f', ['hotline-12345', from, to]);
    assert.equal(served.preset, 'hotline-12345');
    assert.deepEqual(served.stages.map((stage) => stage.key), rows[0].f.stages.map((stage) => stage.key));
    assert.deepEqual({ ...served, now: null }, { ...rows[0].f, now: null });
    const bad = await fetch(`${base}/funnel.json?preset=nonsense`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /nonsense/);
  });
});
