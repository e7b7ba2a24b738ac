import { expect } from 'chai';
import '../../src/funnel/index';
import '../../src/scope/index';
import { computeFunnel } from '../../src/funnel/index';
import type { CityClosureFunnel } from '../../src/funnel/index';
import type { CityScope, CityScopeChangeDetail } from '../../src/scope/index';
import { cityManagementCases, NOW } from './element-fixtures';
import { collectEvents, waitFor } from '../helpers';

const UNITS = [
  { id: 'S1', parent: null, name: '解放碑街道', level: 'street' },
  { id: 'g0', parent: 'S1', name: '网格0', level: 'grid' },
  { id: 'g1', parent: 'S1', name: '网格1', level: 'grid' },
  { id: 'S2', parent: null, name: '朝天门街道', level: 'street' },
  { id: 'g2', parent: 'S2', name: '网格2', level: 'grid' },
  { id: 'g3', parent: 'S2', name: '网格3', level: 'grid' },
];
const START = Date.UTC(2024, 2, 1, 1, 0); // the fixture's first report; case i is reported i minutes later
const CASES = cityManagementCases();
const options = { preset: 'city-management' as const, now: NOW, lang: 'zh-CN' as const, caseIds: true };
/** What the funnel must show for exactly these cases. */
const expected = (cases: unknown[]) => computeFunnel({ cases }, options);
const counts = (funnel: CityClosureFunnel) => funnel.metrics!.stages.map((s) => s.reached);
const chips = (funnel: CityClosureFunnel) => [...funnel.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="scope-chip"]')];

async function mountScoped(): Promise<{ scope: CityScope; funnel: CityClosureFunnel }> {
  const wrap = document.createElement('div');
  wrap.innerHTML = `<city-scope><div><city-closure-funnel preset="city-management" now="${NOW}" style="display:block;width:900px;height:640px;--city-funnel-duration:0ms"></city-closure-funnel></div></city-scope>`;
  document.body.append(wrap);
  const scope = wrap.querySelector('city-scope')!;
  const funnel = wrap.querySelector('city-closure-funnel')!;
  scope.units = UNITS;
  funnel.data = { cases: CASES };
  await scope.updateComplete;
  await funnel.rendered();
  return { scope, funnel };
}

describe('<city-closure-funnel> in a <city-scope>', () => {
  afterEach(() => document.querySelectorAll('city-scope, city-closure-funnel').forEach((e) => e.closest('div')?.remove()));

  it('counts the cases of the selected unit and every unit below it, exactly as computeFunnel on those cases', async () => {
    const { scope, funnel } = await mountScoped();
    expect(counts(funnel)).to.deep.equal([100, 90, 80, 70, 60, 50, 1]);
    scope.setAttribute('unit', 'S1');
    await funnel.rendered();
    const inS1 = CASES.filter((c) => c.grid === 'g0' || c.grid === 'g1');
    expect(inS1.length).to.equal(50);
    expect(funnel.metrics!.stages).to.deep.equal(expected(inS1).stages);
    expect(funnel.metrics!.rates).to.deep.equal(expected(inS1).rates);
    scope.setAttribute('unit', 'g3');
    await funnel.rendered();
    expect(funnel.metrics!.stages).to.deep.equal(expected(CASES.filter((c) => c.grid === 'g3')).stages);
  });

  it('a unit’s metrics are computeFunnel on the whole list with the unit’s grids as filter, data problems included; repeated ids too', async () => {
    const { scope, funnel } = await mountScoped();
    // Bad records in and out of S1 (their paths name the whole list), and ids sent twice.
    const bad = [
      { ...CASES[0], id: 'bad-in', stages: { report: 'never' } },
      { ...CASES[2], id: 'bad-out', grid: 'g2', stages: { report: 'never' } },
      { ...CASES[3], id: 'grid-number', grid: 7 },
    ];
    const inputs = [
      { cases: [...CASES.slice(0, 30), ...bad, ...CASES.slice(30)] },
      // A case resent with another grid: it counts once, as its last valid record (in S2, not S1).
      { cases: [...CASES, { ...CASES[0], grid: 'g2' }] },
    ];
    for (const data of inputs) {
      funnel.data = data;
      scope.selectUnit(null);
      await funnel.rendered();
      const whole = computeFunnel(data, options);
      expect(funnel.metrics).to.deep.equal({ ...whole, now: funnel.metrics!.now });
      scope.selectUnit('S1');
      await funnel.rendered();
      const inUnit = computeFunnel(data, { ...options, filter: { grid: ['S1', 'g0', 'g1'] } });
      expect(funnel.metrics).to.deep.equal({ ...inUnit, now: funnel.metrics!.now });
      expect(funnel.metrics!.issues).to.deep.equal(whole.issues);
      expect(funnel.errors.flatMap((e) => e.issues.map((i) => i.path))).to.deep.equal(whole.issues.map((i) => i.path));
    }
    expect(computeFunnel(inputs[0], options).issues.map((i) => i.path)).to.include.members(['cases[30].stages.report', 'cases[31].stages.report', 'cases[32].grid']);
  });

  it('counts only cases whose first stage falls in the window (both ends inclusive)', async () => {
    const { scope, funnel } = await mountScoped();
    scope.setWindow(new Date(START + 20 * 60_000).toISOString(), new Date(START + 59 * 60_000).toISOString());
    await funnel.rendered();
    const inWindow = CASES.slice(20, 60);
    expect(funnel.metrics!.stages).to.deep.equal(expected(inWindow).stages);
    scope.selectUnit('S2');
    await funnel.rendered();
    expect(funnel.metrics!.stages).to.deep.equal(expected(inWindow.filter((c) => c.grid === 'g2' || c.grid === 'g3')).stages);
  });

  it('names the unit and the window in chips that remove them for the whole scope', async () => {
    const { scope, funnel } = await mountScoped();
    expect(chips(funnel)).to.deep.equal([]);
    scope.selectUnit('S1');
    scope.setWindow('2024-03-01', '2024-03-31');
    await funnel.rendered();
    expect(chips(funnel).map((c) => c.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['范围：解放碑街道 ✕', '时间：2024/03/01 – 2024/03/31 ✕']);
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    try {
      chips(funnel)[0].click();
      await waitFor(() => changes.events.length === 1);
      expect(changes.events[0].detail).to.deep.equal({ unit: null, from: '2024-03-01', to: '2024-03-31' });
      expect(scope.hasAttribute('unit')).to.equal(false);
      await funnel.rendered();
      expect(counts(funnel)).to.deep.equal([100, 90, 80, 70, 60, 50, 1]);
      chips(funnel)[0].click(); // now the window chip
      await waitFor(() => changes.events.length === 2);
      expect(changes.events[1].detail).to.deep.equal({ unit: null, from: null, to: null });
      await funnel.updateComplete;
      expect(chips(funnel)).to.deep.equal([]);
    } finally {
      changes.stop();
    }
  });

  it('keeps a filter the page set: both apply', async () => {
    const { scope, funnel } = await mountScoped();
    funnel.filter = { grid: ['g0', 'g2'], channel: 'hotline' };
    scope.selectUnit('S1');
    await funnel.rendered();
    expect(funnel.metrics!.stages).to.deep.equal(expected(CASES.filter((c) => c.grid === 'g0' && c.channel === 'hotline')).stages);
  });

  it('outside any scope, counts everything as before', async () => {
    await mountScoped(); // a scope elsewhere on the page
    const wrap = document.createElement('div');
    wrap.innerHTML = `<city-closure-funnel preset="city-management" now="${NOW}"></city-closure-funnel>`;
    document.body.append(wrap);
    const lone = wrap.querySelector('city-closure-funnel')!;
    lone.data = { cases: CASES };
    await lone.rendered();
    (document.querySelector('city-scope') as CityScope).selectUnit('S1');
    await lone.rendered();
    expect(counts(lone)).to.deep.equal([100, 90, 80, 70, 60, 50, 1]);
    expect(chips(lone)).to.deep.equal([]);
  });
});
