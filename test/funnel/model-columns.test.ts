import { expect } from 'chai';
import { breakdownFunnel, computeFunnel } from '../../src/funnel/model/index';
import { caseColumns, duplicateKeepers, KeptTables, readColumns, subsetOf } from '../../src/funnel/model/columns';
import { PRESETS } from '../../src/funnel/model/presets';
import { parseTimestamp } from '../../src/funnel/model/time';
import type { FunnelOptions } from '../../src/funnel/model/index';
import { cityCases, hotlineCases, mayDayCalendar, NOW_CITY, NOW_HOTLINE } from './model-fixtures';

const HOUR = 3_600_000;
const CITY = PRESETS['city-management'];

/** City cases plus records with something to report: warnings, errors and a resent case. */
function messyCases(): unknown[] {
  const extra = [
    { id: 'w1', stages: { report: '2024-05-07T09:00:00+08:00', bogus: 'x', handle: '2024-05-07T08:00:00+08:00' }, tier: 'huge', channel: 7 },
    { id: 'e1', stages: { report: 'not a time' } },
    'not a case',
    { id: 'c3', stages: { report: '2024-05-08T09:00:00+08:00', file: '2024-05-08T10:00:00+08:00' }, grid: 'g9' },
    { stages: { report: '2024-05-09T09:00:00+08:00' }, grid: 'g1' },
    { id: 7, stages: { report: '2024-05-09T10:00:00+08:00' } },
    { id: '7', stages: { report: '2024-05-09T11:00:00+08:00' }, due: { file: 'soon' } },
    { id: '7', stages: { report: 'bad' } },
  ];
  return [...cityCases, ...extra];
}

const optionSets: FunnelOptions[] = [
  { now: NOW_CITY },
  { now: NOW_CITY, caseIds: true },
  { now: NOW_CITY, filter: { grid: ['g1', 'g2'], tier: 'small' } },
  { now: NOW_CITY, calendar: mayDayCalendar, limits: { dispatch: { hours: 1, clock: 'working' } } },
  { now: NOW_CITY, period: { from: '2024-05-07T00:00:00+08:00', to: '2024-05-09T00:00:00+08:00' } },
];

describe('case columns — read once per case list', () => {
  it('counts a list again (other options) exactly as a fresh copy of it, issues included', () => {
    const cases = messyCases();
    const first = computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });
    // 5 errors (2 unreadable records, 1 unreadable resend, 2 resent ids) and 6 kinds of warning.
    expect(first.issueCount).to.equal(11);
    for (const options of optionSets) {
      const again = computeFunnel({ preset: 'city-management', cases }, options);
      const fresh = computeFunnel({ preset: 'city-management', cases: [...cases] }, options);
      expect(again, JSON.stringify(options)).to.deep.equal(fresh);
    }
  });

  it('reports the records with issues again on every count, in record order', () => {
    const cases = messyCases();
    const once = computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });
    const twice = computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });
    expect(twice.issues).to.deep.equal(once.issues);
    const n = cityCases.length;
    expect(once.issues.filter((i) => i.severity === 'error').map((i) => i.path)).to.deep.equal([
      'cases[2].id',
      `cases[${n + 1}].stages.report`,
      `cases[${n + 2}]`,
      `cases[${n + 5}].id`,
      `cases[${n + 7}].stages.report`,
    ]);
    expect(once.issues.find((i) => i.path === 'cases[2].id')?.message).to.equal(
      `duplicate id "c3": the case counts once, as cases[${n + 3}] (its last valid record); this one skipped`,
    );
  });

  it('keeps the columns of an array from its second count on: the same table then, a new one for a new length or stage list', () => {
    const cases = messyCases();
    const once = caseColumns(cases, CITY, 8 * HOUR);
    const a = caseColumns(cases, CITY, 8 * HOUR);
    expect(a.table).not.to.equal(once.table);
    expect(caseColumns(cases, CITY, 8 * HOUR).table).to.equal(a.table);
    expect(caseColumns(cases, CITY, 0).table).not.to.equal(a.table);
    expect(caseColumns(cases, PRESETS['hotline-12345'], 0).table.size).to.equal(8);
    cases.push({ id: 'late', stages: { report: '2024-05-09T12:00:00+08:00' } });
    const grown = caseColumns(cases, CITY, 8 * HOUR);
    expect(grown.table.length).to.equal(a.table.length + 1);
    expect(computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY }).total).to.equal(
      computeFunnel({ preset: 'city-management', cases: [...cases] }, { now: NOW_CITY }).total,
    );
  });

  it('keeps the most recently counted lists up to a number of cases, and reads a new list exactly into a dropped table\'s buffers', () => {
    const kept = new KeptTables(40);
    const full = cityCases[0] as Record<string, unknown>; // c1: every stage reached, with deadlines
    const a = messyCases(); // 18 cases
    const b = Array.from({ length: 28 }, (_, i) => ({ ...full, id: `full${i}` }));
    const c = [...cityCases].slice(0, 5);
    const tables = [a, b, c].map((list) => readColumns(list, CITY, 8 * HOUR));
    kept.set(a, 'city', tables[0]);
    kept.set(b, 'city', tables[1]); // 46 cases: a, the least recently counted, is dropped
    expect(kept.get(a, 'city')).to.equal(undefined);
    expect(kept.get(b, 'city')).to.equal(tables[1]);
    expect(kept.get(b, 'other stages')).to.equal(undefined);
    kept.set(c, 'city', tables[2]); // 33 cases
    kept.set(a, 'city', readColumns(a, CITY, 8 * HOUR)); // 51: b goes, c (counted later) stays
    expect(kept.get(b, 'city')).to.equal(undefined);
    expect(kept.get(c, 'city')).to.equal(tables[2]);
    // b's float buffers (larger, full of its cases' later stages and deadlines) now take a new
    // list's columns: cases that reached only the first stage, earlier, with no deadline.
    const early = Array.from({ length: 20 }, (_, i) => ({ id: `e${i}`, stages: { report: `2024-01-0${1 + (i % 9)}T08:00:00+08:00` } }));
    const result = computeFunnel({ preset: 'city-management', cases: early }, { now: NOW_CITY });
    expect(result.stages.map((s) => s.reached)).to.deep.equal([20, 0, 0, 0, 0, 0, 0]);
    expect(result.stages.map((s) => s.overdue)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(result.figures.dispatched).to.equal(0);
  });

  it('reads a clean record and a record with warnings to the same figures', () => {
    const clean = { id: 'a', stages: { report: '2024-05-06T09:00:00+08:00', file: '2024-05-06T10:00:00+08:00' }, reworks: 2, tier: 'big', rating: 'dissatisfied', resolved: false };
    const warned = { ...clean, id: 'b', stages: { ...clean.stages, unknown: 'x' }, channel: 5 };
    const a = computeFunnel({ preset: 'city-management', cases: [clean] }, { now: NOW_CITY });
    const b = computeFunnel({ preset: 'city-management', cases: [warned] }, { now: NOW_CITY });
    expect(b.issueCount).to.equal(2);
    expect(b.stages).to.deep.equal(a.stages);
    expect(b.rates).to.deep.equal(a.rates);
    expect(b.figures).to.deep.equal(a.figures);
  });

  it('counts a subset of a counted list from its columns, as a plain list of the same records', () => {
    const cases = [...messyCases(), ...hotlineCases];
    computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });
    computeFunnel({ preset: 'city-management', cases }, { now: NOW_HOTLINE }); // counted again: its columns are kept
    const rows = Int32Array.from([0, 2, 3, 5, cityCases.length, cityCases.length + 2, cityCases.length + 4, cityCases.length + 7]);
    const subset = subsetOf(cases, rows);
    expect(subset).to.deep.equal(Array.from(rows, (r) => cases[r]));
    const source = caseColumns(subset, CITY, 8 * HOUR);
    expect(source.rows).to.deep.equal(rows);
    expect(source.table).to.equal(caseColumns(cases, CITY, 8 * HOUR).table);
    for (const options of optionSets) {
      const fromColumns = computeFunnel({ preset: 'city-management', cases: subset }, options);
      const plain = computeFunnel({ preset: 'city-management', cases: Array.from(rows, (r) => cases[r]) }, options);
      expect(fromColumns, JSON.stringify(options)).to.deep.equal(plain);
    }
    const ids = computeFunnel({ preset: 'city-management', cases: subset }, { now: NOW_CITY, caseIds: true }).stages[0].caseIds;
    // c3 repeats nothing among these records; w1 is valid (with warnings); '#6' has no id.
    expect(ids).to.deep.equal(['c1', 'c3', 'c4', 'c6', 'w1', '#6']);
  });

  it('counts a subset of a list without repeated ids as the plain list, a row taken twice counting once', () => {
    const cases = [...cityCases];
    computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });
    computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY }); // counted again: its columns are kept
    for (const rows of [Int32Array.of(0, 2, 3), Int32Array.of(3, 0, 2), Int32Array.of(0, 2, 2, 3)]) {
      const fromColumns = computeFunnel({ preset: 'city-management', cases: subsetOf(cases, rows) }, { now: NOW_CITY, caseIds: true });
      expect(fromColumns).to.deep.equal(computeFunnel({ preset: 'city-management', cases: Array.from(rows, (r) => cases[r]) }, { now: NOW_CITY, caseIds: true }));
      expect(fromColumns.total, String(rows)).to.equal(3);
      expect(fromColumns.issues.map((i) => i.code ?? ''), String(rows)).to.deep.equal(rows.length === 4 ? ['duplicate-id'] : []);
    }
  });

  it('finds repeated ids (7 and "7" are one) and keeps the last valid record of each', () => {
    const cases = [
      { id: 7, stages: { report: '2024-05-06T09:00:00+08:00' } },
      { id: 'x', stages: { report: '2024-05-06T09:00:00+08:00' } },
      { id: '7', stages: { report: '2024-05-06T10:00:00+08:00' } },
      { id: '7', stages: { report: 'broken' } },
      { id: 'y', stages: { report: '2024-05-06T09:00:00+08:00' } },
      { id: 'x', stages: {} },
    ];
    const { table } = caseColumns(cases, CITY, 8 * HOUR);
    expect(Array.from(duplicateKeepers(table, null)!)).to.deep.equal([2, -1, -1, 2, -1, 1]);
    expect(duplicateKeepers(table, Int32Array.from([1, 4]))).to.equal(null);
    // In the order ["7", 7], the last valid record is the second.
    expect(Array.from(duplicateKeepers(table, Int32Array.from([2, 0]))!)).to.deep.equal([1, -1]);
    const result = computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY, caseIds: true });
    expect(result.stages[0].caseIds).to.deep.equal(['x', '7', 'y']);
    expect(result.stages[0].reached).to.equal(3);
  });

  it('never takes a date for another that it shares a cache slot with', () => {
    // 2024-02-29, 2026-02-29 and 2028-02-29 differ by 20,000 as YYYYMMDD numbers: one slot.
    const times = ['2024-02-29T08:00:00+08:00', '2026-02-29T08:00:00+08:00', '2028-02-29T08:00:00+08:00', '2024-02-29T08:00:00+08:00'];
    expect(times.map((t) => parseTimestamp(t, 8 * HOUR))).to.deep.equal([Date.parse(times[0]), NaN, Date.parse(times[2]), Date.parse(times[0])]);
  });

  it('takes each time from its own date, zone and clock, whatever came before it', () => {
    const times = [
      '2024-02-28T23:59:59+08:00',
      '2024-02-29T00:00:00+08:00',
      '2023-02-29T00:00:00+08:00',
      '2024-02-29T00:00:00Z',
      '2024-02-29T00:00:00',
      '2024-02-29 12:30',
      '2024-02-29T24:00:00+08:00',
      '2024-02-29T00:00:00+08:00',
    ];
    expect(times.map((t) => parseTimestamp(t, 8 * HOUR))).to.deep.equal([
      Date.parse('2024-02-28T23:59:59+08:00'),
      Date.parse('2024-02-29T00:00:00+08:00'),
      NaN,
      Date.parse('2024-02-29T00:00:00Z'),
      Date.parse('2024-02-29T00:00:00+08:00'),
      Date.parse('2024-02-29T12:30:00+08:00'),
      NaN,
      Date.parse('2024-02-29T00:00:00+08:00'),
    ]);
  });

  it('counts a list as it reads it on its first count, and from its kept columns after: the same results, ids in any order', () => {
    // Ids out of order (the repeat check hashes them), none repeated, some records with issues.
    const extra = messyCases().slice(cityCases.length);
    const cases: unknown[] = [...cityCases].reverse();
    cases.push(...extra.filter((c) => typeof c !== 'object' || c === null || !(['c3', 7, '7'] as unknown[]).includes((c as { id: unknown }).id)));
    for (const options of optionSets) {
      const list = [...cases];
      const direct = computeFunnel({ preset: 'city-management', cases: list }, options);
      const fromTable = computeFunnel({ preset: 'city-management', cases: list }, options);
      expect(caseColumns(list, CITY, 8 * HOUR).table.length, 'kept from the second count').to.equal(list.length);
      expect(fromTable, JSON.stringify(options)).to.deep.equal(direct);
      // Errors first (e1 unreadable, 'not a case'), then the warnings: w1's unknown key, order,
      // tier and channel, and the record without an id.
      expect(direct.issues.map((i) => i.path), JSON.stringify(options)).to.deep.equal([
        'cases[11].stages.report',
        'cases[12]',
        'cases[10].stages.bogus',
        'cases[10].stages.handle',
        'cases[10].tier',
        'cases[10].channel',
        'cases[13].id',
      ]);
    }
  });

  it('counts a repeated id once on a first count too, whichever record comes first', () => {
    const first = { id: 'a', stages: { report: '2024-05-06T09:00:00+08:00' } };
    const resent = { id: 'a', stages: { report: '2024-05-06T09:00:00+08:00', file: '2024-05-06T10:00:00+08:00' }, due: { dispatch: '2024-05-06T11:00:00+08:00' } };
    const other = { id: 'b', stages: { report: '2024-05-07T09:00:00+08:00' }, tier: 'huge' };
    const result = computeFunnel({ preset: 'city-management', cases: [first, other, resent] }, { now: NOW_CITY, caseIds: true });
    expect(result.stages.map((s) => s.reached)).to.deep.equal([2, 1, 0, 0, 0, 0, 0]);
    expect(result.stages[0].caseIds).to.deep.equal(['b', 'a']);
    // One duplicate error and one warning (the unknown tier), each once.
    expect(result.issues.map((i) => i.path)).to.deep.equal(['cases[0].id', 'cases[1].tier']);
    expect(result.issueCount).to.equal(2);
    // The resent record's deadline makes dispatch a stage with deadlines (late cases stop there).
    const columns = { id: ['a', 'b', 'a'], stages: { report: Float64Array.from([1, 2, 1].map((d) => Date.parse(`2024-05-0${5 + d}T09:00:00+08:00`))), file: [null, null, '2024-05-06T10:00:00+08:00'] }, tier: [null, 'huge', null], due: { dispatch: [null, null, '2024-05-06T11:00:00+08:00'] } };
    const fromColumns = computeFunnel({ preset: 'city-management', columns }, { now: NOW_CITY, caseIds: true });
    expect(fromColumns.stages).to.deep.equal(result.stages);
    expect(fromColumns.issues.map((i) => i.path)).to.deep.equal(['cases[0].id', 'cases[1].tier']);
  });

  it('never reads an array as a case, even one that carries case fields', () => {
    const array = Object.assign([], { id: 'x', stages: { report: '2024-05-06T09:00:00+08:00' } });
    const cases = [array, { id: 'y', stages: { report: '2024-05-06T10:00:00+08:00' } }];
    const direct = computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });
    const fromTable = computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });
    for (const result of [direct, fromTable]) {
      expect(result.total).to.equal(1);
      expect(result.issues.map((i) => [i.path, i.severity])).to.deep.equal([['cases[0]', 'error']]);
    }
  });

  it('counts the hotline cases of a mixed-stage-list array under each preset from its own columns', () => {
    const cases = [...hotlineCases];
    const city = computeFunnel({ preset: 'city-management', cases }, { now: NOW_HOTLINE });
    const hotline = computeFunnel({ preset: 'hotline-12345', cases }, { now: NOW_HOTLINE });
    expect(hotline).to.deep.equal(computeFunnel({ preset: 'hotline-12345', cases: [...cases] }, { now: NOW_HOTLINE }));
    expect(city).to.deep.equal(computeFunnel({ preset: 'city-management', cases: [...cases] }, { now: NOW_HOTLINE }));
  });
});

/** The record fields of `cases` as columns (plain arrays; stage times as given). */
function toColumns(cases: readonly Record<string, any>[], keys: readonly string[]): Record<string, unknown> {
  const field = (name: string) => cases.map((c) => c[name]);
  const group = (name: 'stages' | 'due') => Object.fromEntries(keys.map((key) => [key, cases.map((c) => c[name]?.[key] ?? null)]));
  return {
    id: field('id'),
    stages: group('stages'),
    due: group('due'),
    ...Object.fromEntries(['tier', 'channel', 'grid', 'category', 'status', 'rating', 'resolved', 'reworks'].map((name) => [name, field(name)])),
  };
}

describe('columnar raw cases — {columns: {…}}', () => {
  const keys = CITY.map((s) => s.key);

  it('counts columns of the city cases exactly as the records, for every option set', () => {
    const columns = toColumns(cityCases as Record<string, any>[], keys);
    for (const options of optionSets) {
      expect(computeFunnel({ preset: 'city-management', columns }, options), JSON.stringify(options)).to.deep.equal(
        computeFunnel({ preset: 'city-management', cases: cityCases }, options),
      );
    }
  });

  it('counts columns with resent ids and ids out of order exactly as the records, each resend reported', () => {
    const records = messyCases().filter((c) => typeof c === 'object' && (c as { id?: unknown }).id !== 'w1');
    for (const list of [records, [...records].reverse()]) {
      const fromColumns = computeFunnel({ preset: 'city-management', columns: toColumns(list as Record<string, any>[], keys) }, { now: NOW_CITY });
      expect(fromColumns).to.deep.equal(computeFunnel({ preset: 'city-management', cases: list }, { now: NOW_CITY }));
      // c3 is sent twice; 7 and "7" are one id.
      expect(fromColumns.issues.filter((i) => i.code === 'duplicate-id').length).to.equal(2);
    }
  });

  it('breaks columns down exactly as the records', () => {
    // Records that columns can stand for (objects, no stage key outside the list): a resent id, an unreadable time, no id.
    const records = messyCases().filter((c) => typeof c === 'object' && (c as { id?: unknown }).id !== 'w1');
    const columns = toColumns(records as Record<string, any>[], keys);
    expect(breakdownFunnel({ preset: 'city-management', columns }, 'grid', { now: NOW_CITY })).to.deep.equal(
      breakdownFunnel({ preset: 'city-management', cases: records }, 'grid', { now: NOW_CITY }),
    );
  });

  it('takes epoch-ms times from typed arrays, NaN meaning no time', () => {
    const times = (cityCases as Record<string, any>[]).map((c) => c);
    const columns = toColumns(times, keys) as { stages: Record<string, unknown[]>; due: Record<string, unknown[]> };
    const typed = (list: unknown[]) => Float64Array.from(list, (value) => (value == null ? NaN : parseTimestamp(value, 8 * HOUR)));
    const typedColumns = {
      ...columns,
      stages: Object.fromEntries(keys.map((key) => [key, typed(columns.stages[key])])),
      due: Object.fromEntries(keys.map((key) => [key, typed(columns.due[key])])),
    };
    expect(computeFunnel({ preset: 'city-management', columns: typedColumns }, { now: NOW_CITY })).to.deep.equal(
      computeFunnel({ preset: 'city-management', cases: cityCases }, { now: NOW_CITY }),
    );
  });

  it('takes a Float64Array time beyond Date\'s range as the record\'s number: a stage skips the case, a deadline is ignored', () => {
    const report = Date.parse('2024-05-06T09:00:00+08:00');
    const columns = {
      id: ['a', 'b', 'c'],
      stages: { report: Float64Array.of(report, Infinity, report), file: Float64Array.of(NaN, NaN, 1e300) },
      due: { dispatch: Float64Array.of(-9e15, NaN, NaN) },
    };
    const records = [
      { id: 'a', stages: { report }, due: { dispatch: -9e15 } },
      { id: 'b', stages: { report: Infinity } },
      { id: 'c', stages: { report, file: 1e300 } },
    ];
    const result = computeFunnel({ preset: 'city-management', columns }, { now: NOW_CITY });
    expect(result).to.deep.equal(computeFunnel({ preset: 'city-management', cases: records }, { now: NOW_CITY }));
    expect(result.total).to.equal(1);
    expect(result.issues.map((i) => i.path)).to.deep.equal(['cases[1].stages.report', 'cases[2].stages.file', 'cases[0].due.dispatch']);
  });

  it('reports a row with problems as the record it stands for, and problems with the columns under columns…', () => {
    const columns = {
      id: ['a', 'b', 'c', ''],
      stages: { report: ['2024-05-06T09:00:00+08:00', 'not a time', '2024-05-06T10:00:00+08:00', '2024-05-06T11:00:00+08:00'], nope: [1, 2, 3, 4] },
      tier: ['big', 'small', 'huge', null],
      grid: ['g1', 'g1'],
      colour: ['red'],
    };
    const result = computeFunnel({ preset: 'city-management', columns }, { now: NOW_CITY });
    const records = computeFunnel(
      {
        preset: 'city-management',
        cases: [
          { id: 'a', stages: { report: '2024-05-06T09:00:00+08:00' }, tier: 'big' },
          { id: 'b', stages: { report: 'not a time' }, tier: 'small' },
          { id: 'c', stages: { report: '2024-05-06T10:00:00+08:00' }, tier: 'huge' },
          { id: '', stages: { report: '2024-05-06T11:00:00+08:00' } },
        ],
      },
      { now: NOW_CITY },
    );
    expect(result.stages).to.deep.equal(records.stages);
    expect(result.issues.map((i) => [i.path, i.severity])).to.deep.equal([
      ['columns.stages.nope', 'warning'],
      ['columns.grid', 'error'],
      ['columns.colour', 'warning'],
      ...records.issues.map((i) => [i.path, i.severity]),
    ]);
    expect(result.issues[1].message).to.equal('expected 4 values (one per case), got 2; ignored');
    expect(result.issueCount).to.equal(records.issueCount + 3);
  });

  it('checks every field after the times as a record would: each bad value is reported on its row, numeric ids count as text', () => {
    const at = (hour: number) => `2024-05-06T${String(hour).padStart(2, '0')}:00:00+08:00`;
    const rows: Array<Record<string, unknown>> = [
      { id: 'ok', tier: 'big', channel: 'app', grid: 'g1', category: 'road', status: 'parked', rating: 'satisfied', resolved: true, reworks: 2 },
      { id: 12, resolved: false, reworks: 0 },
      { id: 'bad-status', status: 'lost' },
      { id: 'bad-tier', tier: 'huge' },
      { id: 'bad-rating', rating: 'meh' },
      { id: 'bad-resolved', resolved: 'yes' },
      { id: 'bad-reworks', reworks: 1.5 },
      { id: 'negative-reworks', reworks: -1 },
      { id: 'bad-channel', channel: 7 },
      { id: 'bad-grid', grid: { name: 'g1' } },
      { id: 'bad-category', category: 3 },
      { id: Number.NaN },
      { id: '', grid: 'g2' },
    ];
    const records = rows.map((row, i) => ({ ...row, stages: { report: at(i), file: at(i + 1) } }));
    const fields = ['id', 'tier', 'channel', 'grid', 'category', 'status', 'rating', 'resolved', 'reworks'];
    const columns = {
      ...Object.fromEntries(fields.map((name) => [name, rows.map((row) => row[name] ?? null)])),
      stages: { report: records.map((r) => r.stages.report), file: records.map((r) => r.stages.file) },
    };
    const options = { now: NOW_CITY, caseIds: true };
    const result = computeFunnel({ preset: 'city-management', columns }, options);
    expect(result).to.deep.equal(computeFunnel({ preset: 'city-management', cases: records }, options));
    // A bad field is left out with a warning: every row counts, under its id as text ('#i' without one).
    expect(result.total).to.equal(13);
    expect(result.stages[0].caseIds?.slice(0, 2)).to.deep.equal(['ok', '12']);
    expect(result.stages[0].caseIds?.slice(-2)).to.deep.equal(['#11', '#12']);
    expect(result.issues.map((i) => i.path)).to.deep.equal([
      'cases[2].status',
      'cases[3].tier',
      'cases[4].rating',
      'cases[5].resolved',
      'cases[6].reworks',
      'cases[8].channel',
      'cases[9].grid',
      'cases[10].category',
      'cases[11].id',
    ]);
    // Reworks in a typed column: NaN is none, as null is in a plain one.
    const typed = { ...columns, reworks: Float64Array.from(rows, (row) => (typeof row.reworks === 'number' ? row.reworks : NaN)) };
    expect(computeFunnel({ preset: 'city-management', columns: typed }, options)).to.deep.equal(result);
  });

  it('says what is wrong with columns that are not columns', () => {
    const result = computeFunnel({ preset: 'city-management', columns: 'id,stages' as unknown as Record<string, never> }, { now: NOW_CITY });
    expect(result.total).to.equal(0);
    expect(result.issues[0].path).to.equal('columns');
    const noStages = computeFunnel({ preset: 'city-management', columns: { id: ['a'] } as never }, { now: NOW_CITY });
    expect(noStages.issues.map((i) => i.path)).to.deep.equal(['columns.stages', 'cases[0].stages', 'cases']);
  });
});
