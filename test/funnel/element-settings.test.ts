import { expect } from 'chai';
import type { CityErrorDetail } from '../../src/core/events';
import type { CityClosureFunnel } from '../../src/funnel/city-closure-funnel';
import { computeFunnel } from '../../src/funnel/index';
import { CM_COUNTS, NOW, cityManagementCases, mountFunnel, settle, shadow, stageGroups, stageLabels, textOf } from './element-fixtures';

/** Mounts in English with the city-management cases, collecting every city-error. */
async function mount(setup: (el: CityClosureFunnel) => void = () => {}) {
  const errors: CityErrorDetail[] = [];
  const el = await mountFunnel((e) => {
    e.lang = 'en';
    e.addEventListener('city-error', (event) => errors.push(event.detail));
    e.preset = 'city-management';
    e.data = { cases: cityManagementCases() };
    setup(e);
  });
  return { el, errors };
}

const values = (el: Element) => stageLabels(el).map((g) => textOf(g.querySelector('text.value')));
const counts = (el: Element) => values(el).map((v) => Number(v.split(' · ')[0].replace(/,/g, '')));
const issuePaths = (detail: CityErrorDetail | undefined) => (detail?.issues ?? []).map((i) => i.path);

describe('<city-closure-funnel> settings (one attribute policy)', () => {
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('rate="bogus": a warning naming the attribute, rates of the first stage, the attribute left as written', async () => {
    const { el, errors } = await mount((e) => e.setAttribute('rate', 'bogus'));
    expect(errors.map((e) => [e.severity, issuePaths(e)])).to.deep.equal([['warning', ['rate']]]);
    expect(errors[0].issues[0].message).to.equal('rate: unknown value "bogus" (expected first | previous | total)');
    expect(textOf(shadow(el).querySelector('[part="error"]'))).to.contain('rate');
    expect(values(el)[1]).to.equal('90 · 90%');
    expect(el.getAttribute('rate')).to.equal('bogus');
    el.setAttribute('rate', 'previous');
    await settle(el);
    expect(el.errors).to.deep.equal([]);
    expect(values(el)[2]).to.equal('80 · 88.9%');
    el.setAttribute('rate', 'bogus');
    await settle(el);
    el.removeAttribute('rate');
    await settle(el);
    expect(el.errors).to.deep.equal([]);
    expect(values(el)[2]).to.equal('80 · 80%');
  });

  it('orientation="diagonal": a warning, drawn vertically; removing it leaves no warning', async () => {
    const { el, errors } = await mount((e) => e.setAttribute('orientation', 'diagonal'));
    expect(errors.map((e) => [e.severity, issuePaths(e)])).to.deep.equal([['warning', ['orientation']]]);
    const ys = stageGroups(el).map((g) => Number(g.querySelector('rect.block')!.getAttribute('y')));
    for (let i = 1; i < ys.length; i++) expect(ys[i]).to.be.greaterThan(ys[i - 1]);
    el.removeAttribute('orientation');
    await settle(el);
    expect(el.errors).to.deep.equal([]);
  });

  it('theme, preset and now: unknown values are reported as warnings and fall back', async () => {
    const before = Date.now();
    const { el, errors } = await mount((e) => {
      e.setAttribute('theme', 'neon');
      e.setAttribute('preset', 'no-such-loop');
      e.setAttribute('now', 'tomorrow-ish');
      e.data = { preset: 'city-management', cases: cityManagementCases() };
    });
    expect(errors).to.have.length(1);
    expect(errors[0].severity).to.equal('warning');
    expect(issuePaths(errors[0])).to.deep.equal(['theme', 'preset', 'now']);
    expect(counts(el)).to.deep.equal(CM_COUNTS);
    expect(Date.parse(el.metrics!.now!)).to.be.within(before, Date.now());
    // Fixing one keeps the others' report; removing them all clears it.
    el.setAttribute('now', NOW);
    await settle(el);
    expect(issuePaths(el.errors[0])).to.deep.equal(['theme', 'preset']);
    expect(el.metrics!.now).to.equal(new Date(NOW).toISOString());
    el.removeAttribute('theme');
    el.removeAttribute('preset');
    await settle(el);
    expect(el.errors).to.deep.equal([]);
  });

  it('calendar and filter garbage: reported as warnings naming the property, every case still counts', async () => {
    const { el, errors } = await mount((e) => {
      e.calendar = 'bogus' as never;
      e.filter = { tier: 42, grid: ['g1', null], sparkle: true } as never;
    });
    expect(errors.map((e) => e.severity)).to.deep.equal(['warning']);
    expect(issuePaths(errors[0])).to.deep.equal(['calendar', 'filter.sparkle', 'filter.tier', 'filter.grid[1]']);
    expect(el.metrics).to.deep.equal(computeFunnel({ cases: cityManagementCases() }, { preset: 'city-management', now: NOW, lang: 'en', caseIds: true, filter: { grid: ['g1'] } }));
    el.calendar = { weekdays: [1, 2, 3, 4, 5, 9] };
    el.filter = undefined;
    await settle(el);
    expect(issuePaths(el.errors[0])).to.deep.equal(['calendar.weekdays[5]']);
    expect(counts(el)).to.deep.equal(CM_COUNTS);
    el.calendar = undefined;
    await settle(el);
    expect(el.errors).to.deep.equal([]);
  });

  it('now = 1e300 and filter {tier: 42} never wedge it: bad then good shows the good', async () => {
    const { el, errors } = await mount((e) => {
      e.now = 1e300;
      e.filter = { tier: 42 } as never;
    });
    expect(counts(el)).to.deep.equal(CM_COUNTS);
    expect(issuePaths(errors[0])).to.deep.equal(['now', 'filter.tier']);
    el.now = NOW;
    el.filter = { tier: 'big' };
    await settle(el);
    expect(el.errors).to.deep.equal([]);
    // Tier big: cases 0, 3, 6, … 99.
    expect(counts(el)[0]).to.equal(34);
    el.data = { cases: cityManagementCases([10, 9, 8, 7, 6, 5, 4]) };
    await settle(el);
    expect(counts(el)).to.deep.equal([4, 3, 3, 3, 2, 2, 2]);
  });

  it('an input that throws when read is reported; later good data shows', async () => {
    const hostile = {
      get cases(): unknown[] {
        throw new Error('boom');
      },
    };
    const { el, errors } = await mount((e) => (e.data = hostile));
    expect(errors.map((e) => [e.severity, e.issues[0].message])).to.deep.equal([['error', 'could not read the input: "boom"']]);
    el.data = { cases: cityManagementCases() };
    await settle(el);
    expect(counts(el)).to.deep.equal(CM_COUNTS);
    expect(el.errors).to.deep.equal([]);
  });

  it('a 10 MB label is cut for the chart title', async () => {
    const { el, errors } = await mount((e) => (e.label = 'x'.repeat(10_000_000)));
    expect(errors).to.deep.equal([]);
    expect(shadow(el).querySelector('svg')!.getAttribute('aria-label')!.length).to.be.lessThan(200);
  });
});
