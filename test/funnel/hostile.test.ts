/**
 * A hostile-input corpus for `<city-closure-funnel>`: well over fifty bad inputs, built in the
 * page and mixed with fixed valid cases, group by group. For every group:
 * - nothing is thrown (no uncaught error, no rejected promise, the update completes);
 * - `metrics` equals `computeFunnel` run on only the valid data (deep equal, issues aside);
 * - the SVG shows exactly those stage counts, stage by stage;
 * - the problems reported through `city-error` are exactly the expected ones, each path naming
 *   the record (index) and the field; accepted odd inputs are reported nowhere;
 * - nothing from the data becomes markup (no <img>, no handler ran).
 */
import { expect } from 'chai';
import type { CityErrorDetail } from '../../src/core/events';
import { collectUncaught } from '../helpers/index';
import type { CityClosureFunnel } from '../../src/funnel/city-closure-funnel';
import { computeFunnel } from '../../src/funnel/index';
import type { FunnelOptions, FunnelResult } from '../../src/funnel/index';
import { NOW, settle, shadow, stageGroups, stageLabels, textOf } from './element-fixtures';

const HTML = '<img src=x onerror="window.__pwned=1">';
const HUGE = 'x'.repeat(10 * 1024 * 1024);
const START = Date.UTC(2024, 2, 1, 1, 0); // 2024-03-01 09:00 +08:00
const HOUR = 3_600_000;
const CM = ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'];
const iso = (minutes: number, hours: number) => new Date(START + minutes * 60_000 + hours * HOUR).toISOString();
/** Stage times for the first `depth` city-management stages, an hour apart. */
const through = (depth: number, minutes = 0) => Object.fromEntries(CM.slice(0, depth).map((key, j) => [key, iso(minutes, j)]));

/** Six valid city-management cases (ids `${tag}-a` …): deadlines, a rework, a void, ratings, a skipped stage. */
function validCases(tag: string): Record<string, unknown>[] {
  return [
    { id: `${tag}-a`, tier: 'big', channel: 'hotline', grid: 'g1', category: 'road', stages: through(7, 0), due: { handle: iso(0, 3.5) }, rating: 'satisfied', resolved: true },
    { id: `${tag}-b`, tier: 'small', grid: 'g2', stages: through(4, 1), reworks: 1 },
    { id: `${tag}-c`, tier: 'micro', stages: through(2, 2), status: 'void' },
    { id: `${tag}-d`, stages: through(5, 3), due: { feedback: iso(3, 4.5) } },
    { id: `${tag}-e`, channel: 'patrol', stages: { report: iso(4, 0), handle: iso(4, 2) } },
    { id: `${tag}-f`, stages: through(6, 5), rating: 'dissatisfied', resolved: false },
  ];
}

/** One bad record: where it lands decides its path; `clean` is what counts of it (none when skipped). */
interface BadRecord {
  record: unknown;
  clean?: (index: number) => unknown;
  path: (index: number) => string;
}

/** Valid cases and bad records interleaved (v, bad, v, bad, …): the input, its valid-only twin and the expected paths. */
function mix(tag: string, bad: BadRecord[]) {
  const valid = validCases(tag);
  const records: unknown[] = [];
  const clean: unknown[] = [];
  const paths: string[] = [];
  for (let k = 0; k < Math.max(valid.length, bad.length); k++) {
    if (k < valid.length) {
      records.push(valid[k]);
      clean.push(valid[k]);
    }
    if (k < bad.length) {
      const index = records.length;
      records.push(bad[k].record);
      if (bad[k].clean) clean.push(bad[k].clean!(index));
      paths.push(bad[k].path(index));
    }
  }
  return { records, clean, paths };
}

const skipped = (record: unknown, field: string): BadRecord => ({ record, path: (i) => `cases[${i}]${field}` });
const badTime = (value: unknown, n: number): BadRecord => skipped({ id: `t${n}`, stages: { report: iso(9, 0), file: value } }, '.stages.file');
/** A record kept with a warning on `field`; it counts as `clean` (the record without the bad field). */
const kept = (record: Record<string, unknown>, field: string, clean: (index: number) => unknown = () => without(record, field)): BadRecord => ({ record, clean, path: (i) => `cases[${i}].${field}` });
const without = (record: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== field));

interface Group {
  name: string;
  /** How many bad inputs the group holds (the corpus size is their sum). */
  bad: number;
  data: unknown;
  /** The valid-only twin of `data` fed to `computeFunnel` (null: there is no valid data). */
  valid: unknown;
  /** Options that give the valid-only result (the fallbacks the element should use). */
  options?: FunnelOptions;
  /** Bad (or accepted) attributes and properties. */
  setup?: (el: CityClosureFunnel) => void;
  /** Exactly the issue paths the element must report (over all its current problems). */
  paths: string[];
  /** Documented flags the valid-only twin cannot carry (e.g. `flags.invalid` of a rejected count). */
  patch?: (expected: FunnelResult) => void;
  /** The element fell back to the current time: compare at the time it used. */
  nowFallback?: boolean;
  compare?: { data: unknown; valid: unknown };
}

const uncaught: string[] = [];

const strip = (result: FunnelResult | null) => {
  if (!result) return result;
  const { issues: _issues, issueCount: _count, ...rest } = result;
  return rest;
};

/** Counts the SVG shows, stage by stage (the figure before " · "). */
const drawnCounts = (el: Element) => stageLabels(el).map((g) => Number(textOf(g.querySelector('text.value')).split(' · ')[0].replace(/,/g, '')));

async function mountGroup(group: Group) {
  const events: CityErrorDetail[] = [];
  const el = document.createElement('city-closure-funnel') as CityClosureFunnel;
  el.style.cssText = 'display:block;width:900px;height:640px;--city-funnel-duration:0ms';
  el.lang = 'en';
  el.setAttribute('now', NOW);
  el.addEventListener('city-error', (event) => events.push(event.detail));
  group.setup?.(el);
  el.data = group.data;
  if (group.compare) el.compareData = group.compare.data;
  document.body.append(el);
  await settle(el);
  await settle(el);
  return { el, events };
}

async function check(group: Group) {
  const { el, events } = await mountGroup(group);
  const options: FunnelOptions = { now: NOW, ...group.options, lang: 'en' };
  if (group.nowFallback) options.now = el.metrics!.now!;
  const expected = computeFunnel(group.valid, { ...options, caseIds: true });
  group.patch?.(expected);

  expect(uncaught, 'uncaught').to.deep.equal([]);
  expect(strip(el.metrics), 'metrics').to.deep.equal(strip(expected));
  if (group.compare) expect(strip(el.compareMetrics), 'compareMetrics').to.deep.equal(strip(computeFunnel(group.compare.valid, options)));
  expect(stageGroups(el).map((g) => g.dataset.key), 'stage keys').to.deep.equal(expected.stages.map((s) => s.key));
  expect(drawnCounts(el), 'drawn counts').to.deep.equal(expected.stages.map((s) => s.reached));

  const reported = el.errors.flatMap((e) => e.issues.map((i) => i.path));
  expect([...reported].sort(), 'reported paths').to.deep.equal([...group.paths].sort());
  // Every problem was announced by a city-error event too (events may repeat across updates).
  const announced = new Set(events.flatMap((e) => e.issues.map((i) => i.path)));
  expect(group.paths.filter((p) => !announced.has(p)), 'announced').to.deep.equal([]);
  for (const e of el.errors) for (const i of e.issues) expect(i.message.length + i.path.length, i.path).to.be.below(600);

  await new Promise((resolve) => setTimeout(resolve, 20)); // let an injected onerror fire, if any
  expect(shadow(el).querySelector('img, script, iframe, b, i, object'), 'markup from data').to.equal(null);
  expect((window as unknown as { __pwned?: number }).__pwned, 'handler ran').to.equal(undefined);
  expect(shadow(el).innerHTML.length, 'no 10 MB text in the DOM').to.be.below(400_000);
  return el;
}

// ---- the corpus ------------------------------------------------------------------------------

const shapes = mix('shape', [
  skipped(null, ''),
  skipped([], ''),
  skipped(42, ''),
  skipped('case', ''),
  skipped(true, ''),
  skipped({}, '.stages'),
  skipped({ id: 's1', stages: null }, '.stages'),
  skipped({ id: 's2', stages: [] }, '.stages'),
  skipped({ id: 's3', stages: 'report' }, '.stages'),
  skipped({ id: 's4', stages: {} }, '.stages'),
]);

const times = mix('time', [
  badTime(NaN, 1),
  badTime(Infinity, 2),
  badTime(-Infinity, 3),
  badTime(1e300, 4),
  badTime(-8.64e15 - 1, 5),
  badTime(8.64e15 + 1, 6),
  badTime('2024-02-30T09:00:00+08:00', 7),
  badTime(HUGE, 8),
  badTime({}, 9),
  badTime([], 10),
  badTime(true, 11),
  badTime(new Date(NaN), 12),
  badTime(HTML, 13),
]);

/** Stage keys that are Object.prototype names: only JSON gives an own `__proto__` key. */
const protoStages = (extra: string) => JSON.parse(`{"report": "${iso(20, 0)}", "file": "${iso(20, 1)}", ${extra}}`);

const fields = mix('field', [
  kept({ id: 'f1', tier: 42, stages: through(3, 10) }, 'tier'),
  kept({ id: 'f2', channel: {}, stages: through(3, 11) }, 'channel'),
  kept({ id: 'f3', grid: [], stages: through(3, 12) }, 'grid'),
  kept({ id: 'f4', category: 1e300, stages: through(3, 13) }, 'category'),
  kept({ id: 'f5', rating: 'meh', stages: through(7, 14) }, 'rating'),
  kept({ id: 'f6', resolved: 'yes', stages: through(7, 15) }, 'resolved'),
  kept({ id: 'f7', reworks: -1, stages: through(4, 16) }, 'reworks'),
  kept({ id: 'f8', status: '__proto__', stages: through(2, 17) }, 'status'),
  kept({ id: 'f9', due: 'tomorrow', stages: through(2, 18) }, 'due'),
  kept({ id: 'f10', due: { handle: 1e300 }, stages: through(3, 19) }, 'due.handle', () => ({ id: 'f10', stages: through(3, 19) })),
  kept({ id: {}, stages: through(2, 21) }, 'id', (i) => ({ id: `#${i}`, stages: through(2, 21) })),
  {
    record: { id: 'f12', stages: protoStages(`"__proto__": "${iso(20, 2)}"`) },
    clean: () => ({ id: 'f12', stages: through(2, 20) }),
    path: (i) => `cases[${i}].stages.__proto__`,
  },
  {
    record: { id: 'f13', stages: through(3, 22), due: JSON.parse(`{"constructor": "${iso(22, 9)}"}`) },
    clean: () => ({ id: 'f13', stages: through(3, 22) }),
    path: (i) => `cases[${i}].due.constructor`,
  },
  // Stage times out of order (a rework loop's last entry): kept, only the negative duration left out.
  kept({ id: 'f14', stages: { report: iso(23, 2), file: iso(23, 1), dispatch: iso(23, 3) } }, 'stages.file', () => ({ id: 'f14', stages: { report: iso(23, 2), file: iso(23, 1), dispatch: iso(23, 3) } })),
]);

// The same fields wrong in other ways (one group each kind, as warnings of one kind are reported once with a count).
const fields2 = mix('field2', [
  kept({ id: 'g1', reworks: 1e300, stages: through(4, 30) }, 'reworks'),
  kept({ id: NaN, stages: through(2, 31) }, 'id', (i) => ({ id: `#${i}`, stages: through(2, 31) })),
  kept({ id: 'g3', tier: '__proto__', stages: through(3, 32) }, 'tier'),
  kept({ id: 'g4', rating: 'constructor', stages: through(7, 33) }, 'rating'),
  kept({ id: 'g5', status: 'constructor', stages: through(2, 34) }, 'status'),
  kept({ id: 'g6', resolved: 1, stages: through(7, 35) }, 'resolved'),
  kept({ id: 'g7', channel: 12, stages: through(3, 36) }, 'channel'),
  kept({ id: 'g8', due: [iso(0, 1)], stages: through(3, 37) }, 'due'),
  {
    record: { id: 'g9', stages: protoStages(`"constructor": "${iso(20, 2)}", "hasOwnProperty": "${iso(20, 3)}"`) },
    clean: () => ({ id: 'g9', stages: through(2, 20) }),
    path: (i) => `cases[${i}].stages.constructor`,
  },
]);
// The record above has two unknown keys: each key is its own kind.
fields2.paths.push(fields2.paths[fields2.paths.length - 1].replace('constructor', 'hasOwnProperty'));

/** Text fields that are odd but valid text: accepted as given, never reported, never markup. */
const accepted = mix('text', [
  { record: { id: HTML, category: HTML, channel: HUGE, grid: 'hasOwnProperty', tier: 'big', stages: through(3, 40) }, clean: () => ({ id: HTML, category: HTML, channel: HUGE, grid: 'hasOwnProperty', tier: 'big', stages: through(3, 40) }), path: () => '' },
  { record: { id: HUGE, stages: through(2, 41) }, clean: () => ({ id: HUGE, stages: through(2, 41) }), path: () => '' },
  { record: { id: -7.5, stages: { report: -8.64e15, file: 0 } }, clean: () => ({ id: '-7.5', stages: { report: -8.64e15, file: 0 } }), path: () => '' },
]);
accepted.paths.length = 0;

// Duplicates: the last valid record of an id counts; every other record of it is reported.
const dupValid = validCases('dup');
const dupRecords: unknown[] = [
  ...dupValid, // 0–5
  { ...dupValid[1], stages: through(6, 1) }, // 6: resend of dup-b with newer stages: counts, cases[1] reported
  { id: '__proto__', stages: through(2, 50) }, // 7
  { id: '__proto__', stages: through(3, 50) }, // 8: counts, cases[7] reported
  { id: 'constructor', stages: through(4, 51) }, // 9: counts (its resend is broken)
  { id: 'constructor', stages: { report: 'garbage' } }, // 10: skipped as unparsable
  { id: 7, stages: through(2, 52) }, // 11
  { id: '7', stages: through(5, 52) }, // 12: the same case as 7 (ids are text)
  { id: 'hasOwnProperty', stages: through(1, 53) }, // 13
  { id: 'hasOwnProperty', stages: through(1, 53) }, // 14
  { id: 'hasOwnProperty', stages: through(2, 53) }, // 15: counts
];
const dupClean = [dupValid[0], ...dupValid.slice(2), dupRecords[6], dupRecords[8], dupRecords[9], dupRecords[12], dupRecords[15]];

// Pre-aggregated garbage (problem-list stages), built in JS for NaN / 1e300 and with JSON for `__proto__` keys.
const aggregatedBad = {
  preset: 'problem-list',
  stages: [
    { key: 'collect', label: HTML, count: 100, onTime: -3, dropped: JSON.parse('{"__proto__": 4, "<img src=x onerror=\\"window.__pwned=1\\">": 2, "constructor": -1, "item": 1}') },
    null,
    42,
    { key: 42, count: 5 },
    { key: 'sort', count: 90, medianHours: Infinity, clock: 'lunar' },
    { key: 'nope', count: 3 },
    { key: 'collect', count: 1 },
    { key: 'register', count: 80, dropped: 'x' },
    { key: 'rectify', count: 70, shouldReach: 1.5, reworks: '2' },
    { key: 'review', count: NaN },
    { key: 'publish', count: 1e300 },
  ],
  total: 'many',
  ratings: [],
  resolution: { resolved: -1 },
};
/** A pre-aggregated input that defines its own stages: a 10 MB key and a prototype name among them. */
const selfDefined = { stages: [{ key: HUGE, count: 9 }, { key: '__proto__', label: HTML, count: 8 }, { key: 'constructor', count: 'x' }, { key: 'end', count: 4 }] };
const selfDefinedClean = { stages: [{ key: '__proto__', label: HTML, count: 8 }, { key: 'constructor', count: 0 }, { key: 'end', count: 4 }] };

const aggregatedClean = {
  preset: 'problem-list',
  stages: [
    { key: 'collect', label: HTML, count: 100, dropped: JSON.parse('{"__proto__": 4, "<img src=x onerror=\\"window.__pwned=1\\">": 2, "item": 1}') },
    { key: 'sort', count: 90 },
    { key: 'register', count: 80 },
    { key: 'rectify', count: 70 },
    { key: 'review', count: 0 },
    { key: 'publish', count: 0 },
  ],
  resolution: {},
};

/** Cases whose stage keys are Object.prototype names (for custom stages of those names). */
const protoCases = JSON.parse(
  JSON.stringify([
    { id: 'p1', stages: { __proto__x: 1 } },
    { id: 'p2', stages: { report: iso(60, 0), constructor: iso(60, 1), hasOwnProperty: iso(60, 2) } },
    { id: 'p3', stages: { report: iso(61, 0), hasOwnProperty: iso(61, 1) } },
  ]).replace(/__proto__x/g, '__proto__'),
);
protoCases[0].stages.report = iso(59, 0);

const groups: Group[] = [
  { name: 'records that are not cases (null, array, number, text, boolean, no / bad stages)', bad: 10, data: { preset: 'city-management', cases: shapes.records }, valid: { preset: 'city-management', cases: shapes.clean }, paths: shapes.paths },
  { name: 'stage times: NaN, ±Infinity, 1e300, beyond ±8.64e15, 30 February, 10 MB, object, array, boolean, invalid Date, HTML', bad: 13, data: { preset: 'city-management', cases: times.records }, valid: { preset: 'city-management', cases: times.clean }, paths: times.paths },
  { name: 'wrong types for every field, prototype names as stage / deadline keys, times out of order', bad: 14, data: { preset: 'city-management', cases: fields.records }, valid: { preset: 'city-management', cases: fields.clean }, paths: fields.paths },
  { name: 'the same fields wrong in other ways', bad: 10, data: { preset: 'city-management', cases: fields2.records }, valid: { preset: 'city-management', cases: fields2.clean }, paths: fields2.paths },
  {
    name: 'duplicate ids (a resend with newer stages, __proto__, constructor with a broken resend, 7 and "7", hasOwnProperty ×3)',
    bad: 6,
    data: { preset: 'city-management', cases: dupRecords },
    valid: { preset: 'city-management', cases: dupClean },
    paths: ['cases[1].id', 'cases[7].id', 'cases[10].stages.report', 'cases[11].id', 'cases[13].id', 'cases[14].id'],
  },
  { name: 'odd but valid text (HTML, 10 MB, prototype names, negative and fractional ids, early times): accepted', bad: 7, data: { preset: 'city-management', cases: accepted.records }, valid: { preset: 'city-management', cases: accepted.clean }, paths: [] },
  {
    name: 'garbage pre-aggregated stages: null, number, bad keys, unknown / repeated stage, NaN / 1e300 / fractional counts, bad figures, prototype reasons',
    bad: 16,
    data: aggregatedBad,
    valid: aggregatedClean,
    paths: [
      'stages[0].onTime',
      'stages[0].dropped.constructor',
      'stages[1]',
      'stages[2]',
      'stages[3].key',
      'stages[4].medianHours',
      'stages[4].clock',
      'stages[5].key',
      'stages[6].key',
      'stages[7].dropped',
      'stages[8].shouldReach',
      'stages[8].reworks',
      'stages[9].count',
      'stages[10].count',
      'total',
      'ratings',
      'resolution.resolved',
    ],
    patch: (expected) => {
      expected.stages[4].flags.invalid = true;
      expected.stages[5].flags.invalid = true;
    },
  },
  {
    name: 'self-defined pre-aggregated stages: a 10 MB key, __proto__ / constructor keys, a text count',
    bad: 3,
    data: selfDefined,
    valid: selfDefinedClean,
    paths: ['stages[0].key', 'stages[2].count'],
    patch: (expected) => {
      expected.stages[1].flags.invalid = true;
      expected.stages[2].flags.grows = false;
    },
  },
  {
    name: 'now = 1e300, filter {tier: 42}, calendar "bogus"',
    bad: 3,
    data: { preset: 'city-management', cases: validCases('opt1') },
    valid: { preset: 'city-management', cases: validCases('opt1') },
    setup: (el) => {
      el.now = 1e300;
      el.filter = { tier: 42 } as never;
      el.calendar = 'bogus' as never;
    },
    nowFallback: true,
    paths: ['now', 'filter.tier', 'calendar'],
  },
  {
    name: 'now "later" and a filter with prototype keys and a number in a list',
    bad: 5,
    data: { preset: 'city-management', cases: validCases('opt2') },
    valid: { preset: 'city-management', cases: validCases('opt2') },
    setup: (el) => {
      el.setAttribute('now', 'later');
      el.filter = JSON.parse('{"__proto__": {"tier": "big"}, "constructor": "x", "hasOwnProperty": "y", "grid": ["g1", 5]}');
    },
    options: { filter: { grid: ['g1'] } },
    nowFallback: true,
    paths: ['now', 'filter.__proto__', 'filter.constructor', 'filter.hasOwnProperty', 'filter.grid[1]'],
  },
  {
    name: 'now an invalid Date, a calendar wrong in every part',
    bad: 12,
    data: { preset: 'city-management', cases: validCases('opt3') },
    valid: { preset: 'city-management', cases: validCases('opt3') },
    setup: (el) => {
      el.now = new Date(NaN);
      el.calendar = { weekdays: [0, 8, 'mon', 1], hours: [[25, 1], 'x', [9, 17]], holidays: ['2024-13-01', 5], workdays: {}, timeZone: 'Mars', colour: 'red' } as never;
    },
    options: { calendar: { weekdays: [1], hours: [[9, 17]] } },
    nowFallback: true,
    paths: [
      'now',
      'calendar.timeZone',
      'calendar.weekdays[0]',
      'calendar.weekdays[1]',
      'calendar.weekdays[2]',
      'calendar.hours[0]',
      'calendar.hours[1]',
      'calendar.workdays',
      'calendar.holidays[0]',
      'calendar.holidays[1]',
      'calendar.colour',
    ],
  },
  {
    name: 'custom stages: null, number, empty key, bad role, repeated key; prototype names and HTML as stage names',
    bad: 5,
    data: { cases: protoCases },
    valid: { cases: protoCases },
    setup: (el) => (el.stages = [null, 42, { key: '' }, { key: '__proto__', role: 'bogus', label: HTML }, 'report', 'report', { key: 'constructor' }, { key: 'hasOwnProperty' }] as never),
    options: { stages: [{ key: '__proto__', label: HTML }, 'report', 'constructor', 'hasOwnProperty'] },
    paths: ['options.stages[0]', 'options.stages[1]', 'options.stages[2].key', 'options.stages[3].role', 'options.stages[5].key'],
  },
  {
    name: 'stages not a list, limits not an object',
    bad: 2,
    data: { preset: 'city-management', cases: validCases('opt5') },
    valid: { preset: 'city-management', cases: validCases('opt5') },
    setup: (el) => {
      el.stages = 'report' as never;
      el.limits = [] as never;
    },
    paths: ['options.stages', 'options.limits'],
  },
  {
    name: 'limits for a __proto__ stage and a negative limit (a limit of 1e300 hours is accepted)',
    bad: 2,
    data: { preset: 'city-management', cases: validCases('opt6') },
    valid: { preset: 'city-management', cases: validCases('opt6') },
    setup: (el) => (el.limits = JSON.parse('{"__proto__": {"hours": 1}, "handle": {"hours": -1}, "dispatch": {"hours": 1e300}}')),
    options: { limits: { dispatch: { hours: 1e300 } } },
    paths: ['options.limits.__proto__', 'options.limits.handle'],
  },
  {
    name: 'compare-data with bad records and an out-of-range time',
    bad: 3,
    data: { preset: 'city-management', cases: validCases('cmp') },
    valid: { preset: 'city-management', cases: validCases('cmp') },
    compare: {
      data: { preset: 'city-management', cases: [null, ...validCases('cmp-old'), { id: 'x', stages: { report: 1e300 } }, { id: 'cmp-old-a', stages: { report: 'never' } }] },
      valid: { preset: 'city-management', cases: validCases('cmp-old') },
    },
    paths: ['cases[0]', 'cases[7].stages.report', 'cases[8].stages.report'],
  },
  {
    name: 'bad attribute values: rate, orientation, theme, preset, now',
    bad: 5,
    data: { preset: 'city-management', cases: validCases('attr1') },
    valid: { preset: 'city-management', cases: validCases('attr1') },
    setup: (el) => {
      el.setAttribute('rate', 'bogus');
      el.setAttribute('orientation', 'diagonal');
      el.setAttribute('theme', 'neon');
      el.setAttribute('preset', 'no-such-loop');
      el.setAttribute('now', '1e300');
    },
    nowFallback: true,
    paths: ['rate', 'orientation', 'theme', 'preset', 'now'],
  },
  {
    name: 'attribute values that are prototype names',
    bad: 4,
    data: { preset: 'city-management', cases: validCases('attr2') },
    valid: { preset: 'city-management', cases: validCases('attr2') },
    setup: (el) => {
      el.setAttribute('rate', '__proto__');
      el.setAttribute('orientation', 'constructor');
      el.setAttribute('theme', 'hasOwnProperty');
      el.setAttribute('preset', 'toString');
    },
    paths: ['rate', 'orientation', 'theme', 'preset'],
  },
  {
    name: 'HTML and 10 MB in label, compare-label and lang: text, accepted',
    bad: 3,
    data: { preset: 'city-management', cases: validCases('attr3') },
    valid: { preset: 'city-management', cases: validCases('attr3') },
    setup: (el) => {
      el.setAttribute('label', HTML);
      el.setAttribute('compare-label', HUGE);
      el.setAttribute('lang', HTML);
    },
    paths: [],
  },
  {
    name: 'bulletin figures: prototype names, an HTML key, text, NaN, 1e300, an on-time count above its total',
    bad: 7,
    data: { preset: 'city-management', figures: Object.assign(JSON.parse('{"__proto__": 4, "constructor": -1, "<img src=x onerror=\\"window.__pwned=1\\">": 3}'), { received: 100, filed: '90', dispatched: NaN, closed: 1e300, shouldClose: 80, handled: 50, handledOnTime: 60 }) },
    valid: { preset: 'city-management', figures: { received: 100, shouldClose: 80, handled: 50, handledOnTime: 60 } },
    paths: ['figures.__proto__', 'figures.constructor', 'figures.<img src=x onerror="window.__pwned=1">', 'figures.filed', 'figures.dispatched', 'figures.closed', 'figures.handledOnTime'],
  },
  {
    name: 'indicator settings: unknown and prototype-named indicators, a figure it cannot divide by, an unusable period',
    bad: 6,
    data: { preset: 'city-management', cases: validCases('rates') },
    valid: { preset: 'city-management', cases: validCases('rates') },
    setup: (el) => {
      el.rates = Object.assign(JSON.parse('{"__proto__": {"include": false}}'), { constructor: {}, rework: { denominator: 'received' }, closure: null }) as never;
      el.period = { from: 'soon', to: 1e300 };
    },
    paths: ['options.rates.__proto__', 'options.rates.constructor', 'options.rates.rework.denominator', 'options.rates.closure', 'options.period.from', 'options.period.to'],
  },
];

/** Inputs with no valid data at all: [name, data, its valid-only twin, the paths reported]. */
const TOP_LEVEL: Array<[string, unknown, unknown, string[]]> = [
  ['a number', 42, null, ['', '']],
  ['text', 'cases', null, ['', '']],
  ['true', true, null, ['', '']],
  ['cases not a list', { cases: 'many' }, null, ['cases', '']],
  ['cases null', { cases: null }, null, ['cases', '']],
  ['stages not a list', { stages: {} }, null, ['', '']],
  ['neither cases nor stages', { rows: [] }, null, ['', '']],
  ['a list of nothing but garbage', [null, 1, 'x', [], { stages: 5 }], [], ['cases[0]', 'cases[1]', 'cases[2]', 'cases[3]', 'cases[4].stages', 'cases']],
];

describe('<city-closure-funnel> hostile-input corpus', () => {
  collectUncaught(uncaught);
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('holds at least fifty bad inputs', () => {
    const count = groups.reduce((sum, g) => sum + g.bad, 0) + TOP_LEVEL.length;
    expect(count).to.be.at.least(50);
  });

  for (const group of groups) it(group.name, () => check(group).then(() => undefined));

  it('top-level garbage: no valid data, an empty funnel of the preset, the problem named', async () => {
    for (const [name, data, valid, paths] of TOP_LEVEL) {
      const el = await check({ name, bad: 1, data, valid, options: { preset: 'city-management' }, setup: (e) => (e.preset = 'city-management'), paths });
      expect(stageGroups(el).every((g) => g.classList.contains('empty')), name).to.equal(true);
      el.remove();
    }
  });

  it('after all of it, good data still shows (nothing wedged)', async () => {
    const el = await check(groups.find((g) => g.name.startsWith('now = 1e300'))!);
    el.now = NOW;
    el.filter = { tier: 'big' };
    el.calendar = undefined;
    el.data = { preset: 'city-management', cases: validCases('late') };
    await settle(el);
    expect(el.errors).to.deep.equal([]);
    const expected = computeFunnel({ preset: 'city-management', cases: validCases('late') }, { now: NOW, filter: { tier: 'big' }, lang: 'en', caseIds: true });
    expect(el.metrics).to.deep.equal(expected);
    expect(drawnCounts(el)).to.deep.equal([1, 1, 1, 1, 1, 1, 1]);
  });
});
