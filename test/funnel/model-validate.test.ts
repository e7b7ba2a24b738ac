import { expect } from 'chai';
import { computeFunnel } from '../../src/funnel/model/index';
import type { FunnelResult } from '../../src/funnel/model/index';
import { at, cityCases, NOW_CITY } from './model-fixtures';

const good = cityCases[0]; // c1: the whole loop
const issue = (result: FunnelResult, path: string) => result.issues.find((i) => i.path === path);
const reached = (result: FunnelResult) => result.stages.map((s) => s.reached);
const run = (cases: unknown[]) => computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY });

describe('computeFunnel — bad raw input (valid cases still count)', () => {
  it('unknown stage key: warned once with the first path and the number of cases, key ignored', () => {
    const result = run([
      good,
      { id: 'u1', stages: { report: at('05-06', '09:00'), inspect: at('05-06', '10:00') } },
      { id: 'u2', stages: { report: at('05-06', '09:00'), inspect: at('05-06', '11:00') } },
    ]);
    expect(result.total).to.equal(3);
    expect(reached(result)).to.deep.equal([3, 1, 1, 1, 1, 1, 1]);
    const warning = issue(result, 'cases[1].stages.inspect')!;
    expect(warning.severity).to.equal('warning');
    expect(warning.message).to.contain('"inspect"').and.contain('(2 cases; first shown)');
  });

  it('unparsable timestamp: the case is skipped, the message names the value', () => {
    const result = run([good, { id: 'bad', stages: { report: at('05-06', '09:00'), file: '2024-02-30T10:00:00+08:00' } }, { id: 'bad2', stages: { report: 'yesterday' } }]);
    expect(result.total).to.equal(1);
    expect(reached(result)).to.deep.equal([1, 1, 1, 1, 1, 1, 1]);
    expect(issue(result, 'cases[1].stages.file')).to.deep.equal({
      path: 'cases[1].stages.file',
      message: 'unparsable timestamp "2024-02-30T10:00:00+08:00"; case skipped',
      severity: 'error',
    });
    expect(issue(result, 'cases[2].stages.report')!.message).to.contain('"yesterday"');
  });

  it('timestamps out of order: reported, the case is kept, only its negative duration is left out', () => {
    const result = run([{ id: 'o', stages: { report: at('05-06', '10:00'), file: at('05-06', '09:00'), dispatch: at('05-06', '09:30') } }]);
    expect(issue(result, 'cases[0].stages.file')!.severity).to.equal('warning');
    expect(issue(result, 'cases[0].stages.file')!.message).to.contain('before "report"');
    expect(reached(result).slice(0, 3)).to.deep.equal([1, 1, 1]);
    expect(result.stages[0].durations).to.equal(0); // −1 h left out
    expect(result.stages[1].medianHours).to.equal(0.5);
    expect(result.stages[2].pending).to.equal(1);
  });

  it('a 10 MB string field does not choke; messages stay short', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const result = run([
      { ...good, id: 'big-category', category: huge },
      { id: 'big-time', stages: { report: huge } },
      { id: 'big-key', stages: { [huge]: at('05-06', '09:00'), report: at('05-06', '09:00') } },
      { ...good, id: 'big-tier', tier: huge },
    ]);
    expect(result.total).to.equal(3);
    expect(result.issues.length).to.equal(3);
    for (const i of result.issues) expect(i.message.length + i.path.length).to.be.below(400);
    expect(issue(result, 'cases[1].stages.report')!.message).to.match(/^unparsable timestamp "x+…; case skipped$/);
    expect(issue(result, 'cases[3].tier')!.severity).to.equal('warning');
  });

  it('empty input: zero counts for every stage and an issue', () => {
    const result = run([]);
    expect(result.total).to.equal(0);
    expect(result.stages.map((s) => s.key)).to.have.length(7);
    expect(reached(result)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(result.stages.map((s) => s.ofFirst)).to.deep.equal([null, null, null, null, null, null, null]);
    expect(result.rates.closure).to.deep.include({ value: null, numerator: 0, denominator: 0 });
    expect(result.issues).to.deep.equal([{ path: 'cases', message: 'no valid cases: every figure is zero', severity: 'warning' }]);
  });

  it('valid cases a filter leaves out are no data problem: zero counts and no issue', () => {
    const cases = cityCases as Record<string, unknown>[];
    const result = computeFunnel({ preset: 'city-management', cases }, { now: NOW_CITY, filter: { grid: 'no-such-grid' } });
    expect(reached(result)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(result.issues).to.deep.equal([]);
    // The same cases all invalid: the warning stays.
    const broken = computeFunnel({ preset: 'city-management', cases: cases.map((c) => ({ ...c, stages: { report: 'x' } })) }, { now: NOW_CITY, filter: { grid: 'no-such-grid' } });
    expect(broken.issues.at(-1)).to.deep.equal({ path: 'cases', message: 'no valid cases: every figure is zero', severity: 'warning' });
  });

  it('not an input at all: zero counts and an error, never a throw', () => {
    for (const input of [null, undefined, 42, 'cases', { rows: [] }]) {
      const result = computeFunnel(input, { preset: 'hotline-12345' });
      expect(result.source).to.equal('none');
      expect(result.stages.map((s) => s.reached)).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(result.issues[0].severity).to.equal('error');
    }
    expect(computeFunnel({ cases: 'many' }, { preset: 'problem-list' }).issues[0].path).to.equal('cases');
  });

  it('no stage list for raw cases, unknown preset', () => {
    const none = computeFunnel({ cases: [good] });
    expect(none.stages).to.deep.equal([]);
    expect(issue(none, 'preset')!.severity).to.equal('error');
    const unknown = computeFunnel({ cases: [good] }, { preset: 'city' as never });
    expect(issue(unknown, 'options.preset')!.message).to.contain('"city"');
  });

  it('records that are not cases, or reach no known stage, are skipped with their index; null or empty times are absent', () => {
    const result = run([42, good, { id: 'x' }, { id: 'y', stages: {} }, ['report'], { id: 'z', stages: { report: null } }, { id: 'e', stages: { report: at('05-06', '09:00'), file: '' } }]);
    expect(result.total).to.equal(2); // '' and null mean "not reached"
    expect(result.stages[0].pending).to.equal(1);
    expect(result.issues.filter((i) => i.severity === 'error').map((i) => i.path)).to.deep.equal([
      'cases[0]',
      'cases[2].stages',
      'cases[3].stages',
      'cases[4]',
      'cases[5].stages',
    ]);
  });

  it('bad optional fields are ignored with a warning; the case counts', () => {
    const result = run([
      { ...good, id: 1, status: 'closed', reworks: -1, rating: 'great', resolved: 'yes', tier: 'huge', channel: 7, due: { handle: 'soon', dispatch: at('05-06', '11:00') } },
    ]);
    expect(result.total).to.equal(1);
    expect(result.stages[6].reached).to.equal(1);
    expect(result.issues.map((i) => i.path).sort()).to.deep.equal(
      ['cases[0].channel', 'cases[0].due.handle', 'cases[0].rating', 'cases[0].resolved', 'cases[0].reworks', 'cases[0].status', 'cases[0].tier'].sort(),
    );
    expect(result.issues.every((i) => i.severity === 'warning')).to.equal(true);
    expect(result.stages[3].noDeadline).to.equal(1); // the unparsable handle deadline was dropped
  });

  it('missing ids are replaced by the index', () => {
    const { id: _, ...noId } = good;
    const result = computeFunnel({ preset: 'city-management', cases: [noId] }, { now: NOW_CITY, caseIds: true });
    expect(result.stages[0].caseIds).to.deep.equal(['#0']);
    expect(issue(result, 'cases[0].id')!.severity).to.equal('warning');
  });

  it('keeps at most 1000 issues but counts them all', () => {
    const cases = Array.from({ length: 1500 }, (_, i) => ({ id: i, stages: { report: `bad ${i}` } }));
    const result = run([good, ...cases]);
    expect(result.total).to.equal(1);
    expect(result.issues.length).to.equal(1000);
    expect(result.issueCount).to.equal(1500);
  });

  it('HTML in labels is kept verbatim as text', () => {
    const label = '<img src=x onerror="alert(1)">Report';
    const result = computeFunnel({ cases: [good] }, { stages: [{ key: 'report', label }, { key: 'file', label: { en: '<b>File</b>' } }], lang: 'en' });
    expect(result.stages[0].label).to.equal(label);
    expect(result.stages[1].label).to.equal('<b>File</b>');
  });

  it('bad custom stage definitions are skipped and reported', () => {
    const result = computeFunnel({ cases: [good] }, { stages: ['report', 'report', '', { label: 'x' }, 5, { key: 'file', role: 'boss' }] as never });
    expect(result.stages.map((s) => s.key)).to.deep.equal(['report', 'file']);
    expect(result.issues.map((i) => i.path).filter((path) => path.startsWith('options'))).to.deep.equal([
      'options.stages[1].key',
      'options.stages[2].key',
      'options.stages[3].key',
      'options.stages[4]',
      'options.stages[5].role',
    ]);
  });
});

describe('computeFunnel — pre-aggregated input', () => {
  const stages = [
    { key: 'report', count: 100 },
    { key: 'file', count: 90 },
    { key: 'dispatch', count: 95 },
    { key: 'handle', count: 80, reworks: 8, reworkedCases: 6, medianHours: 20.5, p90Hours: 60 },
    { key: 'feedback', count: 70 },
    { key: 'verify', count: 60, shouldReach: 75, arrivedOnTime: 45, onTime: 50, overdue: 10, dropped: { void: 2 } },
    { key: 'evaluate', count: 50 },
  ];

  it('takes counts as given, flags growth without clamping, computes conversions and rates', () => {
    const result = computeFunnel({ preset: 'city-management', stages, total: 120 });
    expect(result.source).to.equal('aggregated');
    expect(result.now).to.equal(null);
    expect(result.stages.map((s) => s.reached)).to.deep.equal([100, 90, 95, 80, 70, 60, 50]);
    expect(result.stages.map((s) => s.flags.grows)).to.deep.equal([false, false, true, false, false, false, false]);
    expect(result.stages[2].ofPrevious).to.be.closeTo(95 / 90, 1e-12);
    expect(result.stages[2].ofFirst).to.equal(0.95);
    expect(result.stages[2].ofTotal).to.be.closeTo(95 / 120, 1e-12);
    expect(result.issues).to.deep.equal([
      { path: 'stages[2].count', message: 'count 95 is larger than the previous stage "file" (90): kept as given', severity: 'warning' },
    ]);
    expect(result.stages[3]).to.deep.include({ reworks: 8, medianHours: 20.5, p90Hours: 60, clock: 'calendar' });
    expect(result.stages[5]).to.deep.include({ shouldReach: 75, onTime: 50, overdue: 10, arrivedOnTime: 45 });
    expect(result.stages[5].dropped).to.deep.equal({ void: 2 });
    const r = result.rates;
    expect([r.closure!.numerator, r.closure!.denominator]).to.deep.equal([60, 75]);
    expect([r.onTimeClosure!.numerator, r.onTimeClosure!.denominator]).to.deep.equal([45, 75]);
    expect([r.rework!.numerator, r.rework!.denominator, r.rework!.value]).to.deep.equal([6, 80, 0.075]);
    expect([r.accurateDispatch!.numerator, r.accurateDispatch!.denominator]).to.deep.equal([89, 95]);
  });

  it('negative, fractional and non-numeric counts are errors, shown as 0 and flagged', () => {
    const bad = stages.map((s) => ({ ...s }));
    bad[1].count = -5;
    bad[2].count = 2.5;
    (bad[4] as Record<string, unknown>).count = '70';
    (bad[5] as Record<string, unknown>).onTime = -1;
    const result = computeFunnel({ preset: 'city-management', stages: bad });
    expect(result.stages.map((s) => s.reached)).to.deep.equal([100, 0, 0, 80, 0, 60, 50]);
    expect(result.stages.map((s) => s.flags.invalid)).to.deep.equal([false, true, true, false, true, false, false]);
    // Growth after a rejected count is not reported: nothing is known about it.
    expect(result.stages.map((s) => s.flags.grows)).to.deep.equal([false, false, false, false, false, false, false]);
    expect(result.issues.map((i) => [i.path, i.severity])).to.deep.equal([
      ['stages[1].count', 'error'],
      ['stages[2].count', 'error'],
      ['stages[4].count', 'error'],
      ['stages[5].onTime', 'error'],
    ]);
    expect(result.issues[0].message).to.equal('count must be a whole number ≥ 0, got -5; shown as 0');
    expect(result.stages[5].onTime).to.equal(0);
  });

  it('unknown, repeated and missing stages', () => {
    const result = computeFunnel({
      preset: 'problem-list',
      stages: [
        { key: 'collect', count: 10 },
        { key: 'triage', count: 9 },
        { key: 'sort', count: 8 },
        { key: 'sort', count: 7 },
      ],
    });
    expect(result.stages.map((s) => s.reached)).to.deep.equal([10, 8, 0, 0, 0, 0]);
    expect(result.stages.map((s) => s.flags.missing)).to.deep.equal([false, false, true, true, true, true]);
    expect(result.issues.map((i) => i.path)).to.deep.equal(['stages[1].key', 'stages[3].key', 'stages', 'stages', 'stages', 'stages']);
    expect(result.rates).to.deep.equal({}); // no shouldReach, arrivedOnTime or rework figures given
  });

  it('stages define themselves when no preset is given; labels win and stay verbatim', () => {
    const result = computeFunnel({ stages: [{ key: 'a', count: 3, label: '<script>x</script>' }, { key: 'b', count: 1 }] });
    expect(result.preset).to.equal('custom');
    expect(result.stages.map((s) => [s.key, s.label])).to.deep.equal([
      ['a', '<script>x</script>'],
      ['b', 'b'],
    ]);
    expect(result.stages[1].ofPrevious).to.be.closeTo(1 / 3, 1e-12);
  });

  it('hotline ratings and resolution; shouldReach below count is kept and reported', () => {
    const result = computeFunnel({
      preset: 'hotline-12345',
      stages: [
        { key: 'accept', count: 10 },
        { key: 'handle', count: 9, shouldReach: 8, arrivedOnTime: 7 },
        { key: 'complete', count: 8, shouldReach: 10, arrivedOnTime: 6 },
      ],
      ratings: { satisfied: 5, 'basically-satisfied': 2, dissatisfied: 1 },
      resolution: { resolved: 6, unresolved: 2 },
    });
    const r = result.rates;
    expect([r.response!.numerator, r.response!.denominator]).to.deep.equal([7, 8]);
    expect([r.satisfaction!.numerator, r.satisfaction!.denominator]).to.deep.equal([7, 8]);
    expect([r.resolution!.numerator, r.resolution!.denominator]).to.deep.equal([6, 8]);
    expect([r.closure!.numerator, r.closure!.denominator, r.onTimeClosure!.numerator]).to.deep.equal([8, 10, 6]);
    expect(result.issues.find((i) => i.path === 'stages[1].shouldReach')!.message).to.equal('shouldReach 8 is below count 9; kept as given');
    // dispatch, reply, supervise, revisit, rate absent; complete (8) is not "growth" after missing supervise.
    expect(result.stages.filter((s) => s.flags.missing).map((s) => s.key)).to.deep.equal(['dispatch', 'reply', 'supervise', 'revisit', 'rate']);
    expect(result.stages.some((s) => s.flags.grows)).to.equal(false);
  });

  it('an empty stage list: zero counts and a warning', () => {
    const result = computeFunnel({ preset: 'city-management', stages: [] });
    expect(result.stages.map((s) => s.reached)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(result.issues).to.deep.equal([{ path: 'stages', message: 'no stages given: every figure is zero', severity: 'warning' }]);
  });
});
