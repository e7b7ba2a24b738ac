import { expect } from 'chai';
import { computeFunnel } from '../../src/funnel/model/index';
import type { FunnelResult, FunnelStage } from '../../src/funnel/model/index';
import { at, cityCases, hotlineCases, NOW_CITY, NOW_HOTLINE } from './model-fixtures';

/** Numbers (or nulls) equal within 1e-9, element by element. */
function expectFigures(actual: ReadonlyArray<number | null>, expected: ReadonlyArray<number | null>, what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  expected.forEach((value, i) => {
    if (value === null) expect(actual[i], `${what}[${i}]`).to.equal(null);
    else expect(actual[i], `${what}[${i}]`).to.be.closeTo(value, 1e-9);
  });
}

const column = (result: FunnelResult, field: keyof FunnelStage) => result.stages.map((s) => s[field] as number | null);

describe('computeFunnel — city management, raw cases', () => {
  const result = computeFunnel({ preset: 'city-management', cases: cityCases }, { now: NOW_CITY });

  it('lists the seven stages in order with zh-CN labels by default', () => {
    expect(result.stages.map((s) => s.key)).to.deep.equal(['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate']);
    expect(result.stages.map((s) => s.label)).to.deep.equal(['信息收集', '案卷建立', '任务派遣', '任务处理', '处理反馈', '核查结案', '综合评价']);
    expect(result.preset).to.equal('city-management');
    expect(result.source).to.equal('cases');
    expect(result.now).to.equal('2024-05-10T04:00:00.000Z');
    expect(result.total).to.equal(10);
    expect(result.issues).to.deep.equal([]);
  });

  // One row per figure, one column per stage: report, file, dispatch, handle, feedback, verify, evaluate.
  const table: Array<[keyof FunnelStage, number[], string]> = [
    ['reached', [10, 9, 8, 6, 4, 4, 3], 'c2 skips file and dispatch'],
    ['skipped', [0, 1, 1, 0, 0, 0, 0], 'c2 went past file and dispatch'],
    ['shouldReach', [10, 9, 8, 7, 5, 5, 4], 'c9 owed to handle; c5 owed to feedback, verify, evaluate'],
    ['pending', [0, 0, 3, 1, 0, 1, 0], 'c6 c7 c9 at dispatch, c5 at handle, c10 at verify'],
    ['pendingOverdue', [0, 0, 1, 1, 0, 0, 0], 'c9 and c5; c7 is due exactly now'],
    ['onTime', [10, 8, 4, 3, 4, 3, 0], 'leaving exactly at the deadline is on time (c1, c4)'],
    ['overdue', [0, 0, 2, 2, 0, 0, 0], 'c8 left dispatch late + c9 still there; c2 left handle late + c5 still there'],
    ['noDeadline', [10, 8, 0, 0, 4, 3, 0], 'report, file, feedback and verify carry no deadline'],
    ['arrivedOnTime', [10, 9, 8, 5, 2, 2, 1], 'c2 and c8 missed a deadline before feedback'],
    ['reworks', [0, 0, 0, 3, 0, 0, 0], 'c2 twice + c8 once, at the handle stage'],
    ['durations', [10, 8, 5, 4, 4, 3, 0], 'cases that left the stage'],
  ];
  for (const [field, expected, why] of table) {
    it(`${field}: ${why}`, () => expectFigures(column(result, field), expected, field));
  }

  it('drops by reason at the stage the side flow took the case out', () => {
    const dropped = result.stages.map((s) => s.dropped);
    expect(dropped[1]).to.deep.equal({ void: 1, parked: 0, extended: 0, returned: 0 });
    expect(dropped[3]).to.deep.equal({ void: 0, parked: 1, extended: 0, returned: 0 });
    for (const k of [0, 2, 4, 5, 6]) expect(dropped[k]).to.deep.equal({ void: 0, parked: 0, extended: 0, returned: 0 });
  });

  it('median and p90 time in stage (calendar hours, R-7 interpolation)', () => {
    // file: 1/6 1/6 1/3 1/3 1/2 1/2 1/2 1 → median between 1/3 and 1/2; dispatch: 0.5 2/3 1 1 2;
    // handle: 3 4 18 24; feedback: 1 1.5 4 14⅔; verify: 3 18 20.
    expectFigures(column(result, 'medianHours'), [0.5, 5 / 12, 1, 11, 2.75, 18, null], 'medianHours');
    expectFigures(column(result, 'p90Hours'), [1, 0.65, 1.6, 22.2, 4 + 0.7 * (44 / 3 - 4), 19.6, null], 'p90Hours');
    expect(result.stages.every((s) => s.clock === 'calendar')).to.equal(true);
  });

  it('conversion three ways', () => {
    expectFigures(column(result, 'ofFirst'), [1, 0.9, 0.8, 0.6, 0.4, 0.4, 0.3], 'ofFirst');
    expectFigures(column(result, 'ofPrevious'), [null, 0.9, 8 / 9, 0.75, 4 / 6, 1, 0.75], 'ofPrevious');
    expectFigures(column(result, 'ofTotal'), [1, 0.9, 0.8, 0.6, 0.4, 0.4, 0.3], 'ofTotal');
    expect(result.stages.some((s) => s.flags.grows)).to.equal(false);
  });

  it('rates with numerator, denominator and direction', () => {
    const pick = (name: keyof typeof result.rates) => {
      const { value, numerator, denominator, direction, stage } = result.rates[name]!;
      return { value, numerator, denominator, direction, stage };
    };
    expect(Object.keys(result.rates)).to.deep.equal(['closure', 'onTimeClosure', 'rework', 'accurateDispatch']);
    expect(pick('closure')).to.deep.equal({ value: 0.8, numerator: 4, denominator: 5, direction: 'higher-is-better', stage: 'verify' });
    expect(pick('onTimeClosure')).to.deep.equal({ value: 0.4, numerator: 2, denominator: 5, direction: 'higher-is-better', stage: 'verify' });
    expect(pick('rework')).to.deep.equal({ value: 2 / 6, numerator: 2, denominator: 6, direction: 'lower-is-better', stage: 'handle' });
    expect(pick('accurateDispatch')).to.deep.equal({ value: 7 / 8, numerator: 7, denominator: 8, direction: 'higher-is-better', stage: 'dispatch' });
    expect(result.rates.closure!.label).to.equal('结案率');
  });

  it('counts ratings and resolution even where the preset reports no rate for them', () => {
    expect(result.ratings).to.deep.equal({ satisfied: 1, 'basically-satisfied': 1, dissatisfied: 1 });
    expect(result.resolution).to.deep.equal({ resolved: 1, unresolved: 1 });
  });

  it('English labels with lang: en', () => {
    const en = computeFunnel({ preset: 'city-management', cases: cityCases }, { now: NOW_CITY, lang: 'en' });
    expect(en.stages.map((s) => s.label)).to.deep.equal(['Report', 'File case', 'Dispatch', 'Handle', 'Feedback', 'Verify & close', 'Evaluate']);
    expect(en.rates.onTimeClosure!.label).to.equal('On-time closure rate');
    expect(en.stages[5].labels).to.deep.equal({ 'zh-CN': '核查结案', en: 'Verify & close' });
  });

  it('collects case ids per stage on request (for stage selection)', () => {
    const withIds = computeFunnel({ preset: 'city-management', cases: cityCases }, { now: NOW_CITY, caseIds: true });
    expect(withIds.stages[3].caseIds).to.deep.equal(['c1', 'c2', 'c4', 'c5', 'c8', 'c10']);
    expect(withIds.stages[6].caseIds).to.deep.equal(['c1', 'c2', 'c8']);
    expect(result.stages[0].caseIds).to.equal(undefined);
  });

  it('gives case ids as an ordinary property: listed, serialized, cloned, the same array each read, replaceable', () => {
    const stage = computeFunnel({ preset: 'city-management', cases: [...cityCases] }, { now: NOW_CITY, caseIds: true }).stages[6];
    expect(Object.keys(stage)).to.include('caseIds');
    expect(JSON.parse(JSON.stringify(stage)).caseIds).to.deep.equal(['c1', 'c2', 'c8']);
    expect(structuredClone(stage).caseIds).to.deep.equal(['c1', 'c2', 'c8']);
    expect(stage.caseIds).to.equal(stage.caseIds);
    stage.caseIds = ['x'];
    expect(stage.caseIds).to.deep.equal(['x']);
    const fresh = computeFunnel({ preset: 'city-management', cases: [...cityCases] }, { now: NOW_CITY, caseIds: true }).stages[6];
    fresh.caseIds = [];
    expect({ ...fresh }.caseIds).to.deep.equal([]);
  });

  it('moves pending cases past due as `now` moves', () => {
    // At 05-09 10:00 c5 is exactly due (not overdue), c9 (due 05-09 11:00) not yet; c6 and c7 not yet reported.
    const earlier = computeFunnel(
      { preset: 'city-management', cases: cityCases.filter((c) => c.id !== 'c6' && c.id !== 'c7') },
      { now: at('05-09', '10:00') },
    );
    expectFigures(column(earlier, 'pendingOverdue'), [0, 0, 0, 0, 0, 0, 0], 'pendingOverdue');
    expectFigures(column(earlier, 'shouldReach'), [8, 7, 6, 6, 4, 4, 3], 'shouldReach');
    expect(earlier.rates.closure!.value).to.equal(1);
  });
});

describe('computeFunnel — 12345 hotline, raw cases', () => {
  const result = computeFunnel({ preset: 'hotline-12345', cases: hotlineCases }, { now: NOW_HOTLINE });
  // Columns: accept, dispatch, handle, reply, supervise, complete, revisit, rate.
  const table: Array<[keyof FunnelStage, number[]]> = [
    ['reached', [6, 5, 4, 4, 1, 3, 2, 2]],
    ['skipped', [0, 0, 0, 0, 2, 0, 0, 0]],
    ['shouldReach', [6, 5, 5, 4, 2, 4, 3, 3]],
    ['pending', [0, 1, 0, 1, 0, 1, 0, 0]],
    ['pendingOverdue', [0, 1, 0, 1, 0, 0, 0, 0]],
    ['onTime', [5, 3, 4, 3, 1, 2, 2, 0]],
    ['overdue', [0, 2, 0, 1, 0, 0, 0, 0]],
    ['arrivedOnTime', [6, 5, 3, 3, 0, 2, 1, 1]],
  ];
  for (const [field, expected] of table) it(field, () => expectFigures(column(result, field), expected, field));

  it('flags completion outnumbering supervision (most cases skip 督办) without clamping', () => {
    expect(result.stages.map((s) => s.flags.grows)).to.deep.equal([false, false, false, false, false, true, false, false]);
    expect(result.stages[5].ofPrevious).to.equal(3);
    expect(result.stages[0].dropped.void).to.equal(1);
  });

  it('the three hotline rates and completion rates', () => {
    expect(Object.keys(result.rates)).to.deep.equal(['response', 'resolution', 'satisfaction', 'closure', 'onTimeClosure']);
    const r = result.rates;
    expect([r.response!.numerator, r.response!.denominator, r.response!.value]).to.deep.equal([3, 5, 0.6]);
    expect([r.resolution!.numerator, r.resolution!.denominator, r.resolution!.value]).to.deep.equal([2, 3, 2 / 3]);
    expect([r.satisfaction!.numerator, r.satisfaction!.denominator, r.satisfaction!.value]).to.deep.equal([1, 2, 0.5]);
    expect([r.closure!.numerator, r.closure!.denominator, r.closure!.value]).to.deep.equal([3, 4, 0.75]);
    expect([r.onTimeClosure!.numerator, r.onTimeClosure!.denominator, r.onTimeClosure!.value]).to.deep.equal([2, 4, 0.5]);
    expect(r.closure!.label).to.equal('办结率');
    expect(r.response!.stage).to.equal('handle');
    expect(Object.values(r).every((rate) => rate.direction === 'higher-is-better')).to.equal(true);
  });

  it('median and p90 of handling time: 3, 3⅙, 4, 6 h', () => {
    expect(result.stages[2].medianHours).to.be.closeTo(19 / 6 + 0.5 * (4 - 19 / 6), 1e-9);
    expect(result.stages[2].p90Hours).to.be.closeTo(5.4, 1e-9);
  });
});

describe('computeFunnel — problem list, raw cases', () => {
  const day = (d: string, time = '09:00') => `2024-06-${d}T${time}:00+08:00`;
  const cases = [
    // Rectified exactly at its deadline, reviewed and published.
    {
      id: 'p1',
      stages: { collect: day('10'), sort: day('11'), register: day('12'), rectify: day('13'), review: day('20'), publish: day('21') },
      due: { rectify: day('20') },
    },
    // Rectified five days late after two rework loops; in review (no deadline there).
    {
      id: 'p2',
      reworks: 2,
      stages: { collect: day('10', '10:00'), sort: day('11', '10:00'), register: day('12', '10:00'), rectify: day('13', '10:00'), review: day('25', '10:00') },
      due: { rectify: day('20', '10:00') },
    },
    // Extended (延期) while being sorted.
    { id: 'p3', status: 'extended', stages: { collect: day('10'), sort: day('11') } },
    // Still rectifying past its deadline: owed to review and, review having no deadline, to publish.
    { id: 'p4', stages: { collect: day('12'), sort: day('12', '10:00'), register: day('13'), rectify: day('14') }, due: { rectify: day('21') } },
    // Just collected.
    { id: 'p5', stages: { collect: day('28') } },
  ];
  const result = computeFunnel({ preset: 'problem-list', cases }, { now: day('30', '12:00'), lang: 'en' });

  it('stage figures', () => {
    expectFigures(column(result, 'reached'), [5, 4, 3, 3, 2, 1], 'reached');
    expectFigures(column(result, 'shouldReach'), [5, 4, 3, 3, 3, 2], 'shouldReach');
    expectFigures(column(result, 'pending'), [1, 0, 0, 1, 1, 0], 'pending');
    expectFigures(column(result, 'pendingOverdue'), [0, 0, 0, 1, 0, 0], 'pendingOverdue');
    expectFigures(column(result, 'arrivedOnTime'), [5, 4, 3, 3, 1, 1], 'arrivedOnTime');
    expect(result.stages[1].dropped.extended).to.equal(1);
    expect(result.stages[3].reworks).to.equal(2);
    expect(result.stages[3].medianHours).to.equal(228);
    expect(result.stages[3].p90Hours).to.be.closeTo(276, 1e-9);
  });

  it('rectification rates and rework rate', () => {
    const r = result.rates;
    expect(Object.keys(r)).to.deep.equal(['closure', 'onTimeClosure', 'rework']);
    expect([r.closure!.label, r.closure!.numerator, r.closure!.denominator]).to.deep.equal(['Rectification rate', 2, 3]);
    expect([r.onTimeClosure!.numerator, r.onTimeClosure!.denominator]).to.deep.equal([1, 3]);
    expect([r.rework!.numerator, r.rework!.denominator, r.rework!.direction]).to.deep.equal([1, 3, 'lower-is-better']);
  });
});

describe('computeFunnel — custom stages', () => {
  const cases = [
    { id: 1, stages: { in: '2024-05-06T09:00:00+08:00', go: '2024-05-06T10:00:00+08:00', fix: '2024-05-06T12:00:00+08:00', done: '2024-05-06T13:00:00+08:00' } },
    { id: 2, reworks: 1, stages: { in: '2024-05-06T09:00:00+08:00', go: '2024-05-06T11:00:00+08:00', fix: '2024-05-06T12:00:00+08:00' } },
  ];

  it('gives conversion figures only when no stage has a role', () => {
    const result = computeFunnel({ cases }, { stages: ['in', 'go', 'fix', 'done'], now: '2024-05-07T00:00:00+08:00' });
    expect(result.preset).to.equal('custom');
    expect(result.rates).to.deep.equal({});
    expect(result.stages.map((s) => s.label)).to.deep.equal(['in', 'go', 'fix', 'done']);
    expectFigures(column(result, 'ofFirst'), [1, 1, 1, 0.5], 'ofFirst');
    expect(result.stages[1].medianHours).to.equal(1.5);
  });

  it('derives rates from roles, labels in both languages', () => {
    const result = computeFunnel(
      { cases },
      {
        lang: 'en',
        now: '2024-05-07T00:00:00+08:00',
        stages: [
          { key: 'in', label: { 'zh-CN': '发现', en: 'Found' }, role: 'intake' },
          { key: 'go', label: '派单', role: 'dispatch' },
          { key: 'fix', label: { en: 'Fix' }, role: ['handle', 'respond'] },
          { key: 'done', role: 'close' },
        ],
      },
    );
    expect(result.stages.map((s) => s.label)).to.deep.equal(['Found', '派单', 'Fix', 'done']);
    expect(result.stages[2].labels).to.deep.equal({ 'zh-CN': 'Fix', en: 'Fix' });
    expect(Object.keys(result.rates)).to.deep.equal(['response', 'closure', 'onTimeClosure', 'rework', 'accurateDispatch']);
    expect([result.rates.rework!.numerator, result.rates.rework!.denominator]).to.deep.equal([1, 2]);
    expect([result.rates.accurateDispatch!.numerator, result.rates.accurateDispatch!.denominator]).to.deep.equal([1, 2]);
    expect([result.rates.closure!.numerator, result.rates.closure!.denominator]).to.deep.equal([1, 1]);
  });

  it('accepts a bare array of cases and epoch-millisecond times', () => {
    const result = computeFunnel([{ id: 'x', stages: { a: Date.UTC(2024, 0, 1), b: Date.UTC(2024, 0, 1, 6) } }], { stages: ['a', 'b'] });
    expect(result.stages.map((s) => s.reached)).to.deep.equal([1, 1]);
    expect(result.stages[0].medianHours).to.equal(6);
  });
});
