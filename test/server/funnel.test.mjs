// `citykit.funnel` (server/postgis/funnel.sql) on a real PostgreSQL + PostGIS: `node --test test/server/funnel.test.mjs`.
//
// Starts a throwaway cluster (cluster.mjs), installs citykit.sql then funnel.sql (twice: both are
// idempotent), loads the sample street's units and each preset's raw cases (plus hostile
// records) into tables of its own, points the citykit views at them as a city would, and checks
// that the SQL result, given to the published package's `computeFunnel` as pre-aggregated input,
// shows what `computeFunnel` on the raw cases shows: stage by stage and field by field, rates,
// base figures, indicators, ratings and resolution, for every preset and several periods, units,
// reference times and options. Needs dist/ (`npm run build`).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { computeFunnel, parseTimestamp, workingHoursBetween } from 'citykit';
import { loadSampleGrids, startCluster } from './cluster.mjs';
import { casesOf, hostileCases, PRESET_STAGES } from './fixtures/funnel-cases.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL = ['citykit.sql', 'funnel.sql'].map((file) => readFileSync(join(ROOT, 'server/postgis', file), 'utf8'));
const grids = JSON.parse(readFileSync(join(ROOT, 'data-samples/grids.geojson'), 'utf8'));
const PRESETS = Object.keys(PRESET_STAGES);

/** A unit and every unit below it (the ids a `grid` filter must list to scope a funnel to the unit). */
function unitScope(unit) {
  const ids = new Set([unit]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { properties: p } of grids.features) {
      if (p.parent !== undefined && ids.has(p.parent) && !ids.has(p.id)) {
        ids.add(p.id);
        grew = true;
      }
    }
  }
  return [...ids];
}

// A working calendar with a holiday week, a make-up Sunday and a lunch break.
const CALENDAR = {
  weekdays: [1, 2, 3, 4, 5],
  hours: [
    [13.5, 18],
    [9, 12],
  ],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', 'not a date'],
  workdays: ['2026-09-27', '2026-10-10'],
  timeZone: '+08:00',
};

let cluster;
let db;

before(async () => {
  cluster = await startCluster();
  db = new pg.Client(cluster);
  await db.connect();
  for (let round = 0; round < 2; round++) for (const sql of INSTALL) await db.query(sql);
  await loadSampleGrids(db, grids);
  await db.query(`
    CREATE TABLE sample.cases (preset text, ord bigint, record jsonb);
    INSERT INTO citykit.calendar VALUES ('office', $$${JSON.stringify(CALENDAR)}$$);`);
  for (const preset of PRESETS) {
    await db.query(`INSERT INTO sample.cases SELECT $1, n, r FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(r, n)`, [
      preset,
      JSON.stringify(casesOf(preset)),
    ]);
  }
  // Running the scripts once more over the city's views keeps them.
  for (const sql of INSTALL) await db.query(sql);
});

after(async () => {
  await db?.end();
  cluster?.stop();
});

/**
 * Points citykit.cases at one preset's records, as a city maps its own table: JSON values of the
 * wrong type become NULL, as the model ignores them.
 */
async function useCases(preset) {
  await db.query(`CREATE OR REPLACE VIEW citykit.cases AS ${viewBody(preset)}`);
}

function viewBody(preset) {
  return `
    SELECT CASE WHEN jsonb_typeof(record->'id') IN ('string', 'number') THEN record->>'id' END AS id,
           ord, record->'stages' AS stages, record->'due' AS due,
           ${['tier', 'channel', 'grid', 'category', 'status', 'rating']
             .map((field) => `CASE WHEN jsonb_typeof(record->'${field}') = 'string' THEN record->>'${field}' END AS ${field}`)
             .join(', ')},
           CASE WHEN jsonb_typeof(record->'resolved') = 'boolean' THEN (record->'resolved')::boolean END AS resolved,
           CASE WHEN jsonb_typeof(record->'reworks') = 'number' THEN (record->'reworks')::numeric END AS reworks
    FROM sample.cases WHERE preset = '${preset}'`;
}

async function sqlFunnel(preset, { period, unit = null, now, options = {} }) {
  const { rows } = await db.query('SELECT citykit.funnel($1, $2, $3, $4, $5, $6) AS f', [
    preset,
    period?.from ?? null,
    period?.to ?? null,
    unit,
    now,
    JSON.stringify(options),
  ]);
  return rows[0].f;
}

/** computeFunnel's options for the same question (`model`: options that differ on the JavaScript side). */
function modelOptions(preset, { period, unit = null, now, options = {}, model = {} }) {
  options = { ...options, ...model };
  const filter = { ...options.filter };
  if (unit !== null) filter.grid = unitScope(unit).filter((id) => filter.grid === undefined || filter.grid.includes(id));
  return { ...options, preset, now, ...(period ? { period } : {}), ...(Object.keys(filter).length ? { filter } : {}) };
}

const STAGE_FIELDS = ['key', 'reached', 'shouldReach', 'onTime', 'overdue', 'arrivedOnTime', 'pending', 'reworks', 'medianHours', 'p90Hours', 'clock', 'ofFirst', 'ofPrevious', 'ofTotal'];
/** Figures the pre-aggregated shape has no place for: the SQL gives them beside it. */
const EXTRA_FIELDS = ['pendingOverdue', 'noDeadline', 'skipped', 'durations'];

/** The SQL result shown by computeFunnel equals computeFunnel on the raw cases, field by field. */
async function expectSameFunnel(preset, query) {
  const sql = await sqlFunnel(preset, query);
  const raw = computeFunnel({ preset, cases: query.cases ?? casesOf(preset) }, modelOptions(preset, query));
  // The result names its preset: the element needs nothing else.
  const shown = computeFunnel(sql);
  assert.deepEqual(shown.issues.filter((issue) => issue.severity === 'error'), []);
  assert.equal(shown.total, raw.total);
  assert.equal(sql.stages.length, raw.stages.length);
  raw.stages.forEach((expected, k) => {
    const actual = shown.stages[k];
    for (const field of STAGE_FIELDS) assert.equal(actual[field], expected[field], `${expected.key}.${field}`);
    assert.deepEqual({ ...actual.dropped }, { ...expected.dropped }, `${expected.key}.dropped`);
    assert.equal(actual.flags.grows, expected.flags.grows, `${expected.key}.flags.grows`);
    for (const field of EXTRA_FIELDS) assert.equal(sql.stages[k][field], expected[field], `${expected.key}.${field} (SQL)`);
  });
  assert.deepEqual(shown.rates, raw.rates);
  assert.deepEqual(shown.figures, raw.figures);
  assert.deepEqual(shown.indicators, raw.indicators);
  assert.deepEqual(shown.ratings, raw.ratings);
  assert.deepEqual(shown.resolution, raw.resolution);
  assert.equal(sql.now, raw.now);
  assert.deepEqual(sql.period, raw.period);
  return { sql, raw };
}

const AUGUST = { from: '2026-08-01T00:00:00+08:00', to: '2026-09-01T00:00:00+08:00' };
// Bounds off the hour, with milliseconds.
const ODD = { from: '2026-09-10T12:34:56.789+08:00', to: '2026-10-20T00:00:00+08:00' };
const LATE = '2026-11-15T00:00:00+08:00';
// While many cases are still open: pending past due, should-reach carried on.
const MIDWAY = '2026-09-20T10:00:00+08:00';

/** Periods × units × reference times asked of every preset. */
const QUERIES = [
  { now: LATE },
  { period: AUGUST, unit: 'D1S1C07', now: LATE },
  { period: ODD, now: MIDWAY },
  { period: AUGUST, unit: 'D1S1C24G03', now: MIDWAY },
  { period: ODD, unit: 'D1S1', now: '2026-08-20T00:00:00Z' },
];

const describeQuery = ({ period, unit, now, options }) =>
  [period ? `${period.from} – ${period.to}` : 'all time', unit ?? 'all units', `now ${now}`, options ? JSON.stringify(options) : '']
    .filter(Boolean)
    .join(', ');

describe('citykit.funnel equals computeFunnel on the raw cases', () => {
  for (const preset of PRESETS) {
    describe(preset, () => {
      before(() => useCases(preset));
      for (const query of QUERIES) {
        it(describeQuery(query), async () => {
          const { raw } = await expectSameFunnel(preset, query);
          assert.ok(raw.total > 0);
        });
      }
    });
  }
});

const LIMITS = {
  report: { hours: 2, clock: 'working' },
  file: { days: 1, clock: 'working' },
  feedback: { hours: 4 },
  evaluate: { days: 1 },
};

describe('options as computeFunnel reads them', () => {
  const queries = [
    // A calendar named in citykit.calendar is the same WorkingCalendar as JSON.
    ['city-management', { period: AUGUST, now: MIDWAY, options: { calendar: 'office', limits: LIMITS }, model: { calendar: CALENDAR } }],
    ['city-management', { period: ODD, now: LATE, options: { calendar: CALENDAR, durationClock: 'calendar', limits: { feedback: { days: 1 } } } }],
    // Working durations without a calendar use the default one; {hours: null, days} is read as hours.
    ['city-management', { now: MIDWAY, options: { durationClock: 'working', limits: { feedback: { hours: null, days: 2 } } } }],
    ['hotline-12345', { period: ODD, unit: 'D1S1C07', now: MIDWAY, options: { calendar: 'office', limits: { accept: { hours: 1, clock: 'working' }, reply: { days: 3, clock: 'working' }, revisit: { days: 2 } } }, model: { calendar: CALENDAR } }],
    ['problem-list', { period: AUGUST, now: MIDWAY, options: { limits: { collect: { hours: 12 }, sort: { days: 2, clock: 'working' } } } }],
    // Zone-less times (the date-only and zone-less hostile records) at another offset.
    ['city-management', { now: LATE, options: { timeZone: '+05:30' } }],
    ['hotline-12345', { now: LATE, options: { timeZone: 'nonsense' } }],
    // Filters beside the unit: bad entries left out, bounds on the first stage's time.
    ['city-management', { period: AUGUST, unit: 'D1S1C07', now: LATE, options: { filter: { tier: ['small', 'bogus'], channel: 'app', from: '2026-08-15', to: '2026-10-01T00:00:00Z' } } }],
    ['hotline-12345', { now: LATE, options: { filter: { category: [], channel: 5 } } }],
    ['problem-list', { now: LATE, options: { filter: { grid: ['D1S1C24G03', 'D1S1C07G02'], tier: 'bogus' } } }],
  ];
  for (const [preset, query] of queries) {
    it(`${preset}: ${describeQuery(query)}`, async () => {
      await useCases(preset);
      await expectSameFunnel(preset, query);
    });
  }
});

describe('hostile records', () => {
  before(() => useCases('city-management'));

  it('count in the unit that holds most of them as the model counts them', async () => {
    const { sql, raw } = await expectSameFunnel('city-management', { unit: 'D1S1C07G02', now: LATE });
    assert.ok(raw.total > 0);
    assert.equal(sql.total, raw.total);
  });

  it('alone: the valid ones, each id once, as its last valid record', async () => {
    await db.query(`CREATE OR REPLACE VIEW citykit.cases AS SELECT * FROM (${viewBody('city-management')}) v WHERE v.id IS NULL OR v.id = '' OR v.id !~ '^CM'`);
    const { sql, raw } = await expectSameFunnel('city-management', { now: LATE, cases: hostileCases(PRESET_STAGES['city-management']) });
    // H-dup, 7, H-unknown-key, H-order, H-null, H-epoch, H-zoneless, H-due, H-due-list, H-values,
    // H-reworks, two without an id, __proto__ and constructor; not the other eight.
    assert.equal(sql.total, 15);
    assert.equal(raw.total, 15);
    // H-dup counts as its second record (file reached, one rework) and 7 as "7" (file reached).
    const file = sql.stages.find((stage) => stage.key === 'file');
    assert.ok(file.count >= 2);
    assert.equal(sql.stages.find((stage) => stage.key === 'handle').reworks, 1);
    assert.equal(sql.stages[0].dropped.void, 1);
  });

  it('a unit with no case gives zeros, as the model does', async () => {
    await useCases('hotline-12345');
    const { sql } = await expectSameFunnel('hotline-12345', { period: AUGUST, unit: 'NO-SUCH-UNIT', now: LATE });
    assert.equal(sql.total, 0);
    assert.ok(sql.stages.every((stage) => stage.count === 0 && stage.medianHours === null));
  });
});

describe('citykit.funnel refuses what it cannot count', () => {
  it('an unknown preset or calendar name is an error, not an empty funnel', async () => {
    await assert.rejects(db.query(`SELECT citykit.funnel('bogus', NULL, NULL)`), /unknown preset/);
    await assert.rejects(db.query(`SELECT citykit.funnel('hotline-12345', NULL, NULL, options => '{"calendar": "nope"}')`), /no working calendar named 'nope'/);
  });

  it('a period with one end, or reversed, counts all time (as computeFunnel drops it)', async () => {
    await useCases('problem-list');
    const reversed = await sqlFunnel('problem-list', { period: { from: AUGUST.to, to: AUGUST.from }, now: LATE });
    const open = await sqlFunnel('problem-list', { period: { from: AUGUST.from }, now: LATE });
    const all = await sqlFunnel('problem-list', { now: LATE });
    assert.equal(reversed.period, null);
    assert.deepEqual(reversed.figures, all.figures);
    assert.deepEqual(open.figures, all.figures);
    const model = computeFunnel({ preset: 'problem-list', cases: casesOf('problem-list') }, { preset: 'problem-list', now: LATE, period: { from: AUGUST.to, to: AUGUST.from } });
    assert.deepEqual(reversed.figures, model.figures);
  });
});

describe('citykit.working_ms_at equals the JavaScript calendar', () => {
  it('working hours between instants across a holiday week, make-up days and lunch breaks', async () => {
    const instants = ['2026-09-25T08:00:00+08:00', '2026-09-27T10:15:00+08:00', '2026-09-30T12:30:00+08:00', '2026-10-03T09:00:00Z', '2026-10-08T13:45:30.5+08:00', '2026-10-10T18:00:00+08:00', '2026-10-12T23:59:59+08:00'];
    const { rows } = await db.query(
      `SELECT (citykit.working_ms_at(citykit.js_time(to_jsonb(b), 0), c) - citykit.working_ms_at(citykit.js_time(to_jsonb(a), 0), c)) / 3600000 AS hours
       FROM unnest($1::text[]) WITH ORDINALITY x(a, n), unnest($1::text[]) WITH ORDINALITY y(b, m),
            (SELECT citykit.compile_calendar(definition) AS c FROM citykit.calendar WHERE name = 'office') cal
       ORDER BY n, m`,
      [instants],
    );
    const expected = instants.flatMap((a) => instants.map((b) => workingHoursBetween(a, b, CALENDAR)));
    assert.deepEqual(rows.map((row) => row.hours), expected);
    assert.ok(expected.some((hours) => hours > 0));
  });
});

describe('citykit.js_time reads a time as parseTimestamp does', () => {
  it('the usual shapes, the general case and what neither accepts', async () => {
    const values = [
      // Read by PostgreSQL's own reader after the field checks…
      '2026-08-03T05:37:53+08:00', '2026-08-03T05:37:53-03:30', '2026-08-03T05:37:53.123Z', '2026-12-31T23:59:59.999Z',
      '2024-02-28T00:00:00+15:59', '1900-01-01T00:00:00.001Z',
      // …or by the general case: leap days, zones beyond ±15:59, year 0, other separators and fractions.
      '2024-02-29T00:00:00+08:00', '0000-02-29T00:00:00+08:00', '2026-08-03T05:37:53+18:00', '2026/08/03 05:37', '2026-08-03t05:37:53z',
      '2026-08-03T05:37:53,5+0530', '2026-08-03T05:37:53.1239+08', '2026-08-03', '2026-08-03T05:37:53.999999999Z',
      // Unusable: out-of-range fields, shapes the model refuses.
      '2026-02-29T00:00:00+08:00', '2026-04-31T00:00:00+08:00', '2026-13-01T00:00:00+08:00', '2026-00-10T00:00:00+08:00',
      '2026-08-00T00:00:00+08:00', '2026-08-03T24:00:00+08:00', '2026-08-03T05:60:00+08:00', '2026-08-03T05:37:60+08:00',
      '2026-08-03T05:37:53+18:01', '2026-08-03T05:37:53+08:60', '2026-08/03T05:37:53+08:00', '2026-8-3', '2026-08-03T05', 'yesterday',
      // Epoch milliseconds, within and beyond the range of a Date.
      1754170673123, -8.64e15, 8.64e15 + 1,
    ];
    const { rows } = await db.query('SELECT citykit.js_time(v, 28800000) AS t FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(v, n) ORDER BY n', [JSON.stringify(values)]);
    assert.deepEqual(rows.map((row) => row.t), values.map((value) => parseTimestamp(value, 28800000)));
    assert.equal(rows.filter((row) => Number.isNaN(row.t)).length, 15);
  });
});
