import { expect } from 'chai';
import { breakdownFunnel, compareFunnels, computeFunnel, filterCases, parseTimestamp } from '../../src/funnel/model/index';
import type { FunnelResult } from '../../src/funnel/model/index';
import { compileCalendar } from '../../src/funnel/model/calendar';
import { reasonColor } from '../../src/funnel/chart/colors';
import { reasonName } from '../../src/funnel/chart/present';
import { at, NOW_CITY } from './model-fixtures';

const reached = (result: FunnelResult) => result.stages.map((s) => s.reached);
const paths = (result: FunnelResult) => result.issues.map((i) => i.path);
const issue = (result: FunnelResult, path: string) => result.issues.find((i) => i.path === path);
const run = (cases: unknown[], options = {}) => computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY, caseIds: true, ...options });
const T = (hour: number) => at('05-06', `${String(hour).padStart(2, '0')}:00`);

describe('computeFunnel — duplicate case ids', () => {
  it('a resent case counts once, as its last valid record; each other record is reported with index, id and field', () => {
    const result = run([
      { id: 'a', stages: { report: T(9) } },
      { id: 'b', stages: { report: T(9) } },
      { id: 'a', stages: { report: T(9), file: T(10) } },
      { id: 'a', stages: { report: T(9), file: T(10), dispatch: T(11) } },
    ]);
    expect(result.total).to.equal(2);
    expect(reached(result).slice(0, 3)).to.deep.equal([2, 1, 1]);
    expect(result.stages[2].caseIds).to.deep.equal(['a']);
    expect(result.stages[0].caseIds).to.deep.equal(['b', 'a']);
    expect(result.issues).to.deep.equal([
      {
        path: 'cases[0].id',
        message: 'duplicate id "a": the case counts once, as cases[3] (its last valid record); this one skipped',
        severity: 'error',
        code: 'duplicate-id',
        params: { value: '"a"' },
      },
      {
        path: 'cases[2].id',
        message: 'duplicate id "a": the case counts once, as cases[3] (its last valid record); this one skipped',
        severity: 'error',
        code: 'duplicate-id',
        params: { value: '"a"' },
      },
    ]);
  });

  it('an invalid resend does not erase the earlier valid record', () => {
    const result = run([
      { id: 'a', stages: { report: T(9), file: T(10) } },
      { id: 'a', stages: { report: 'not a time' } },
    ]);
    expect(reached(result).slice(0, 2)).to.deep.equal([1, 1]);
    expect(paths(result)).to.deep.equal(['cases[1].stages.report']);
  });

  it('ids like __proto__, constructor and hasOwnProperty are ids like any other; 7 and "7" are one case', () => {
    const ids = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];
    const cases = [...ids, ...ids].map((id, i) => ({ id, stages: i < 4 ? { report: T(9) } : { report: T(9), file: T(10) } }));
    const result = run([...cases, { id: 7, stages: { report: T(9) } }, { id: '7', stages: { report: T(9) } }]);
    expect(result.total).to.equal(5);
    expect(reached(result).slice(0, 2)).to.deep.equal([5, 4]);
    expect(result.stages[1].caseIds).to.deep.equal(ids);
    expect(paths(result)).to.deep.equal(['cases[0].id', 'cases[1].id', 'cases[2].id', 'cases[3].id', 'cases[8].id']);
  });

  it('records without a usable id are never duplicates of each other or of "#i"', () => {
    const result = run([
      { stages: { report: T(9) } },
      { id: '', stages: { report: T(9) } },
      { id: '#0', stages: { report: T(9) } },
    ]);
    expect(result.total).to.equal(3);
    expect(result.issues.filter((i) => i.code === 'duplicate-id')).to.deep.equal([]);
  });

  it('breakdowns count a resent case once too', () => {
    const groups = breakdownFunnel(
      { preset: 'city-management', cases: [{ id: 'a', grid: 'g1', stages: { report: T(9) } }, { id: 'a', grid: 'g2', stages: { report: T(9) } }] },
      'grid',
      { now: NOW_CITY },
    );
    expect(Object.keys(groups)).to.deep.equal(['g2']);
    expect(groups.g2.total).to.equal(1);
  });
});

describe('computeFunnel — times beyond the range of Date', () => {
  it('numeric stage times with |t| > 8.64e15 are out of range: the case is skipped and reported', () => {
    const result = run([
      { id: 'ok-max', stages: { report: 8.64e15 } },
      { id: 'ok-min', stages: { report: -8.64e15 } },
      { id: 'big', stages: { report: 8.64e15 + 1 } },
      { id: 'small', stages: { report: -8.64e15 - 1 } },
      { id: 'huge', stages: { report: 1e300 } },
      { id: 'inf', stages: { report: Infinity } },
      { id: 'nan', stages: { report: NaN } },
    ]);
    expect(result.total).to.equal(2);
    expect(paths(result)).to.deep.equal(['cases[2].stages.report', 'cases[3].stages.report', 'cases[4].stages.report', 'cases[5].stages.report', 'cases[6].stages.report']);
    expect(issue(result, 'cases[4].stages.report')).to.deep.include({ severity: 'error', code: 'out-of-range', message: 'timestamp 1e+300 is out of range (|epoch ms| ≤ 8.64e15); case skipped' });
    expect(issue(result, 'cases[5].stages.report')!.message).to.equal('unparsable timestamp Infinity; case skipped');
  });

  it('parseTimestamp gives NaN beyond the range, and out-of-range deadlines are ignored with a warning', () => {
    expect(parseTimestamp(8.64e15)).to.equal(8.64e15);
    expect(parseTimestamp(8.64e15 + 1)).to.be.NaN;
    expect(parseTimestamp(-1e300)).to.be.NaN;
    const result = run([{ id: 'a', stages: { report: T(9) }, due: { report: 1e300 } }]);
    expect(result.total).to.equal(1);
    expect(issue(result, 'cases[0].due.report')!.message).to.equal('deadline out of range (|epoch ms| ≤ 8.64e15) 1e+300; ignored');
  });
});

describe('computeFunnel — options that cannot be used fall back and are reported', () => {
  const cases = [{ id: 'a', tier: 'big', stages: { report: T(9) } }, { id: 'b', tier: 'small', stages: { report: T(9), file: T(10) } }];

  it('now = 1e300 (or any unusable now): a warning and the current time, never "Invalid time value"', () => {
    for (const now of [1e300, -1e300, Infinity, NaN, new Date(NaN), 'soon', {}, [], true]) {
      const before = Date.now();
      const result = computeFunnel({ preset: 'city-management', cases }, { now: now as never });
      expect(reached(result).slice(0, 2), String(now)).to.deep.equal([2, 1]);
      expect(issue(result, 'options.now')!.severity).to.equal('warning');
      expect(Date.parse(result.now!)).to.be.within(before, Date.now());
    }
  });

  it('a filter value that is not text: reported, that criterion left out, nothing thrown', () => {
    const result = run(cases, { filter: { tier: 42 } });
    expect(result.total).to.equal(2);
    expect(issue(result, 'filter.tier')).to.deep.include({ severity: 'warning', code: 'wrong-type' });
    const mixed = run(cases, { filter: { tier: ['big', 7, 'huge'], channel: { x: 1 }, from: 1e300, to: 'later' } });
    expect(mixed.total).to.equal(1);
    expect(paths(mixed)).to.deep.equal(['filter.tier[1]', 'filter.tier[2]', 'filter.channel', 'filter.from', 'filter.to']);
    for (const filter of [42, 'big', ['big'], true]) {
      const result = run(cases, { filter });
      expect(result.total).to.equal(2);
      expect(paths(result)).to.deep.equal(['filter']);
    }
  });

  it('filter keys are read as own keys only: __proto__, constructor, hasOwnProperty are unknown keys', () => {
    const filter = JSON.parse('{"__proto__": {"tier": "big"}, "constructor": "x", "hasOwnProperty": 1, "tier": "small"}');
    const result = run(cases, { filter });
    expect(result.stages[0].caseIds).to.deep.equal(['b']);
    expect(paths(result)).to.deep.equal(['filter.__proto__', 'filter.constructor', 'filter.hasOwnProperty']);
    const inherited = run(cases, { filter: Object.create({ tier: 'big' }) });
    expect(inherited.total).to.equal(2);
  });

  it('filterCases never throws on a bad filter', () => {
    expect(filterCases(cases, { tier: 42 } as never).map((c) => c.id)).to.deep.equal(['a', 'b']);
    expect(filterCases(cases, null as never).map((c) => c.id)).to.deep.equal(['a', 'b']);
  });

  it('a calendar that is not an object, or parts that are not lists, are reported', () => {
    for (const calendar of ['bogus', 42, [], true]) {
      const result = run(cases, { calendar });
      expect(paths(result), String(calendar)).to.deep.equal(['calendar']);
      expect(result.stages[0].clock).to.equal('calendar');
    }
    const parts = run(cases, { calendar: { weekdays: 'weekdays', hours: [], holidays: {}, workdays: 5, timeZone: 8, __proto__x: 1 } });
    expect(paths(parts)).to.deep.equal(['calendar.timeZone', 'calendar.weekdays', 'calendar.hours', 'calendar.workdays', 'calendar.holidays', 'calendar.__proto__x']);
    expect(parts.stages[0].clock).to.equal('working');
    expect(compileCalendar({ hours: [] }).dayMs).to.equal(7.5 * 3_600_000);
  });

  it('a bad durationClock is reported', () => {
    expect(issue(run(cases, { durationClock: 'lunar' }), 'options.durationClock')!.severity).to.equal('warning');
  });

  it('options that throw as they are read (a getter, a proxy, a revoked proxy) are reported at their path and take the default; the cases still count', () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const throwingKeys = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    const calendar = {
      get weekdays(): number[] {
        throw new Error('no weekdays');
      },
    };
    const result = computeFunnel({ preset: 'city-management', cases }, { now: revoked() as never, filter: throwingKeys as never, calendar: calendar as never, period: revoked() as never });
    expect(reached(result).slice(0, 2)).to.deep.equal([2, 1]);
    expect(result.stages[0].clock).to.equal('calendar');
    expect(result.period).to.equal(null);
    expect(result.issues.map((i) => [i.path, i.severity, i.code])).to.deep.equal([
      ['options.now', 'warning', 'wrong-type'],
      ['filter', 'warning', 'wrong-type'],
      ['calendar', 'warning', 'wrong-type'],
      ['options.period', 'warning', 'wrong-type'],
    ]);
    expect(issue(result, 'filter')!.message).to.equal('could not be read ("no keys"); the default used');
    // Options as a whole that throw when copied: all defaults, the cases still count.
    const whole = computeFunnel({ preset: 'city-management', cases }, revoked() as never);
    expect(reached(whole).slice(0, 2)).to.deep.equal([2, 1]);
    expect(paths(whole)).to.deep.equal(['options']);
  });

  it('an input whose getter throws is reported, never thrown', () => {
    const hostile = {
      get cases(): unknown[] {
        throw new Error('boom');
      },
    };
    const result = computeFunnel(hostile, { preset: 'city-management' });
    expect(result.source).to.equal('none');
    expect(result.issues).to.deep.equal([{ path: '', message: 'could not read the input: "boom"', severity: 'error' }]);
  });
});

describe('computeFunnel — numbers too large to be counts', () => {
  it('reworks and pre-aggregated counts beyond 2^53 − 1 are rejected', () => {
    const raw = run([{ id: 'a', stages: { report: T(9) }, reworks: 1e300 }]);
    expect(raw.stages[3].reworks).to.equal(0);
    expect(issue(raw, 'cases[0].reworks')!.severity).to.equal('warning');
    const aggregated = computeFunnel({ stages: [{ key: 'a', count: 1e300, medianHours: 1e300 }, { key: 'b', count: 2 ** 53 - 1 }] });
    expect(reached(aggregated)).to.deep.equal([0, 2 ** 53 - 1]);
    expect(paths(aggregated)).to.include.members(['stages[0].count', 'stages[0].medianHours']);
  });
});

describe('computeFunnel — 10 MB stage keys', () => {
  it('a stage key over 1000 characters is no stage: skipped and reported, in custom stages and in pre-aggregated input', () => {
    const huge = 'k'.repeat(10 * 1024 * 1024);
    const custom = computeFunnel({ cases: [{ id: 'a', stages: { report: T(9) } }] }, { stages: [huge, 'report'], now: NOW_CITY });
    expect(custom.stages.map((s) => s.key)).to.deep.equal(['report']);
    expect(custom.issues.map((i) => [i.path, i.severity])).to.deep.equal([['options.stages[0].key', 'error']]);
    expect(custom.issues[0].message.length).to.be.below(300);
    const aggregated = computeFunnel({ stages: [{ key: huge, count: 3 }, { key: 'b', count: 2 }] });
    expect(aggregated.stages.map((s) => s.key)).to.deep.equal(['b']);
    expect(paths(aggregated)).to.deep.equal(['stages[0].key']);
    expect(aggregated.issues[0].message.length).to.be.below(300);
  });
});

describe('data as object keys', () => {
  it('pre-aggregated drop-off reasons named __proto__ / constructor are kept as own keys', () => {
    const input = JSON.parse('{"stages": [{"key": "a", "count": 10, "dropped": {"__proto__": 2, "constructor": 3, "hasOwnProperty": 1}}, {"key": "b", "count": 4}]}');
    const result = computeFunnel(input);
    const dropped = result.stages[0].dropped;
    expect(Object.keys(dropped)).to.deep.equal(['__proto__', 'constructor', 'hasOwnProperty']);
    expect(Object.getPrototypeOf(dropped)).to.equal(null);
    expect([dropped['__proto__'], dropped.constructor, dropped.hasOwnProperty]).to.deep.equal([2, 3, 1]);
  });

  it('stage keys and breakdown values named __proto__ / constructor work like any other', () => {
    const stages = ['__proto__', 'constructor', 'hasOwnProperty'];
    const cases = JSON.parse(
      '[{"id": "a", "grid": "__proto__", "stages": {"__proto__": 1, "constructor": 2}}, {"id": "b", "grid": "constructor", "stages": {"__proto__": 1, "hasOwnProperty": 3}}]',
    );
    const result = computeFunnel({ cases }, { stages, now: 10 });
    expect(reached(result)).to.deep.equal([2, 1, 1]);
    expect(result.issues).to.deep.equal([]);
    const groups = breakdownFunnel({ cases }, 'grid', { stages, now: 10 });
    expect(Object.keys(groups)).to.deep.equal(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(groups)).to.equal(null);
    expect(reached(groups['__proto__'])).to.deep.equal([1, 1, 0]);
    const unknownBy = breakdownFunnel({ cases }, '__proto__' as never, { stages, now: 10 });
    expect(Object.keys(unknownBy)).to.deep.equal(['(unspecified)']);
    expect(unknownBy['(unspecified)'].issues.map((i) => i.path)).to.deep.equal(['by']);
    const a = computeFunnel({ cases }, { stages, now: 10 });
    expect(Object.keys(compareFunnels(a, a).rates)).to.deep.equal([]);
  });

  it('reason colours and names: constructor / item are custom reasons, not lookups', () => {
    expect(reasonColor('constructor', ['constructor'])).to.equal('#4e79a7');
    expect(reasonColor('__proto__', ['constructor', '__proto__'])).to.equal('#59a14f');
    expect(reasonColor('void', ['void'])).to.equal('var(--city-funnel-reason-void, #8a94a6)');
    const ctx = { locale: 'en' as const, rate: 'first' as const, t: (key: string) => ({ 'funnel.reason.item': '{reason} {count}', 'funnel.reason.separator': ', ' })[key] ?? key };
    expect(reasonName(ctx, 'item')).to.equal('item');
    expect(reasonName(ctx, 'separator')).to.equal('separator');
  });
});
