import { expect } from 'chai';
import { breakdownFunnel, compareFunnels, compareMetric, computeFunnel, filterCases, UNSPECIFIED } from '../../src/funnel/model/index';
import { cityCases, hotlineCases, NOW_CITY, NOW_HOTLINE } from './model-fixtures';

const input = { preset: 'city-management' as const, cases: cityCases };
const options = { now: NOW_CITY };
const ids = (cases: ReadonlyArray<{ id: unknown }>) => cases.map((c) => c.id);

describe('filterCases', () => {
  it('by time range on the first stage (from inclusive, to exclusive)', () => {
    expect(ids(filterCases(cityCases, { from: '2024-05-08', to: '2024-05-10' }))).to.deep.equal(['c5', 'c9', 'c10']);
    expect(ids(filterCases(cityCases, { from: '2024-05-10T08:00:00+08:00' }))).to.deep.equal(['c6', 'c7']);
  });

  it('by tier, channel and grid (one value or several), combined', () => {
    expect(ids(filterCases(cityCases, { tier: 'big' }))).to.deep.equal(['c4', 'c5', 'c10']);
    expect(ids(filterCases(cityCases, { tier: 'big', channel: 'app' }))).to.deep.equal(['c10']);
    expect(ids(filterCases(cityCases, { grid: ['g2', 'g3'], tier: ['micro'] }))).to.deep.equal(['c2', 'c7']);
    expect(filterCases([null, 5, { id: 'x', stages: {} }] as unknown[], { tier: 'big' })).to.deep.equal([]);
  });

  it('as a computeFunnel option, in the same pass', () => {
    const result = computeFunnel(input, { ...options, filter: { grid: 'g1' }, caseIds: true });
    expect(result.total).to.equal(4);
    expect(result.stages[0].caseIds).to.deep.equal(['c1', 'c3', 'c5', 'c10']);
  });
});

describe('breakdownFunnel', () => {
  it('by triage tier, in big / small / micro order', () => {
    const groups = breakdownFunnel(input, 'tier', options);
    expect(Object.keys(groups)).to.deep.equal(['big', 'small', 'micro']);
    expect(Object.values(groups).map((g) => g.total)).to.deep.equal([3, 5, 2]);
    const big = groups.big;
    expect(big.stages.map((s) => s.reached)).to.deep.equal([3, 3, 3, 3, 1, 1, 0]);
    expect(big.stages.map((s) => s.shouldReach)).to.deep.equal([3, 3, 3, 3, 2, 2, 1]);
    expect(big.stages[3].dropped.parked).to.equal(1);
    expect([big.rates.closure!.numerator, big.rates.closure!.denominator]).to.deep.equal([1, 2]);
  });

  it('by channel, largest group first; the groups add up to the whole', () => {
    const groups = breakdownFunnel(input, 'channel', options);
    expect(Object.keys(groups)).to.deep.equal(['patrol', 'app', 'hotline', 'video']);
    const whole = computeFunnel(input, options);
    whole.stages.forEach((stage, k) => {
      const sum = (field: 'reached' | 'shouldReach' | 'pending' | 'overdue') => Object.values(groups).reduce((total, g) => total + g.stages[k][field], 0);
      expect([sum('reached'), sum('shouldReach'), sum('pending'), sum('overdue')]).to.deep.equal([stage.reached, stage.shouldReach, stage.pending, stage.overdue]);
    });
  });

  it('by a function (grid → community); cases without a value go to UNSPECIFIED', () => {
    const community: Record<string, string> = { g1: 'east', g2: 'east' };
    const groups = breakdownFunnel(input, (c) => (c.grid ? community[c.grid] : undefined), options);
    expect(Object.keys(groups)).to.deep.equal(['east', UNSPECIFIED]);
    expect([groups.east.total, groups[UNSPECIFIED].total]).to.deep.equal([7, 3]);
  });

  it('shares the validation issues of the whole input', () => {
    const groups = breakdownFunnel({ ...input, cases: [...cityCases, { id: 'bad', stages: { report: 'soon' } }] }, 'tier', options);
    for (const group of Object.values(groups)) expect(group.issues.map((i) => i.path)).to.deep.equal(['cases[10].stages.report']);
  });

  it('pre-aggregated counts come back whole, with a warning', () => {
    const groups = breakdownFunnel({ preset: 'city-management', stages: [{ key: 'report', count: 3 }] }, 'tier');
    expect(Object.keys(groups)).to.deep.equal([UNSPECIFIED]);
    expect(groups[UNSPECIFIED].issues.at(-1)!.message).to.equal('pre-aggregated counts cannot be broken down; shown whole');
  });
});

describe('compareFunnels', () => {
  const groups = breakdownFunnel(input, 'tier', options);
  // Baseline a = small (c1 c3 c6 c8 c9), b = big (c4 c5 c10).
  const comparison = compareFunnels(groups.small, groups.big);

  it('rates with direction-aware verdicts', () => {
    const verdicts = Object.fromEntries(Object.entries(comparison.rates).map(([name, m]) => [name, [m.a, m.b, m.verdict]]));
    expect(verdicts).to.deep.equal({
      closure: [1, 0.5, 'worse'],
      onTimeClosure: [0.5, 0.5, 'same'],
      rework: [0.5, 0, 'better'], // lower is better
      accurateDispatch: [0.75, 1, 'better'],
    });
  });

  it('stage figures: volumes are neutral, conversions higher-is-better, durations lower-is-better', () => {
    expect(comparison.total).to.deep.equal({ a: 5, b: 3, delta: -2, change: -0.4, direction: 'neutral', verdict: null });
    const handle = comparison.stages[3];
    expect(handle.medianHours).to.deep.equal({ a: 13.5, b: 18, delta: 4.5, change: 4.5 / 13.5, direction: 'lower-is-better', verdict: 'worse' });
    expect(comparison.stages[6].ofFirst).to.deep.include({ a: 0.4, b: 0, verdict: 'worse' });
    expect(comparison.stages[6].medianHours).to.deep.include({ a: null, b: null, delta: null, verdict: null });
  });

  it('matches stages by key across different stage lists', () => {
    const hotline = computeFunnel({ preset: 'hotline-12345', cases: hotlineCases }, { now: NOW_HOTLINE });
    const mixed = compareFunnels(groups.small, hotline);
    expect(mixed.stages.map((s) => s.key)).to.deep.equal([
      'report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate', 'accept', 'reply', 'supervise', 'complete', 'revisit', 'rate',
    ]);
    expect(mixed.stages.filter((s) => s.inA && s.inB).map((s) => s.key)).to.deep.equal(['dispatch', 'handle']);
    expect(mixed.rates.satisfaction).to.deep.include({ a: null, b: 0.5, verdict: null });
  });

  it('durations on different clocks get no verdict', () => {
    expect(compareMetric(2, 1, 'lower-is-better', false).verdict).to.equal(null);
    expect(compareMetric(2, 1, 'lower-is-better').verdict).to.equal('better');
  });
});
