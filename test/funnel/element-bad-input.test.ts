import { expect } from 'chai';
import type { CityErrorDetail } from '../../src/core/events';
import type { CityClosureFunnel } from '../../src/funnel/city-closure-funnel';
import { cityManagementCases, mountFunnel, settle, shadow, stageGroups, stageLabels, textOf } from './element-fixtures';

/** Mounts with `data` (and optional stage definitions), collecting every city-error. */
async function mountWith(data: unknown, extra: (el: CityClosureFunnel) => void = () => {}) {
  const errors: CityErrorDetail[] = [];
  const el = await mountFunnel((e) => {
    e.lang = 'en';
    e.addEventListener('city-error', (event) => errors.push(event.detail));
    extra(e);
    e.data = data;
  });
  const panel = shadow(el).querySelector('[part="error"]');
  return { el, errors, panel, panelText: textOf(panel) };
}

const T = (hour: number) => `2024-03-01T${String(hour).padStart(2, '0')}:00:00+08:00`;

describe('<city-closure-funnel> bad input', () => {
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('unknown stage keys: ignored with a warning, the case still counts', async () => {
    const { el, errors, panel, panelText } = await mountWith(
      {
        preset: 'city-management',
        cases: [
          { id: 'a', stages: { report: T(9), file: T(10) } },
          { id: 'b', stages: { report: T(9), bogus: T(10) } },
        ],
      },
    );
    expect(panel).to.not.equal(null);
    expect(errors).to.have.length(1);
    expect(errors[0].code).to.equal('invalid-data');
    expect(errors[0].issues.map((i) => i.path)).to.deep.equal(['cases[1].stages.bogus']);
    expect(panelText).to.contain('cases[1].stages.bogus');
    expect(el.metrics!.stages.slice(0, 2).map((s) => s.reached)).to.deep.equal([2, 1]);
    expect(textOf(stageLabels(el)[0].querySelector('text.value'))).to.equal('2 · 100%');
  });

  it('unknown stage keys in pre-aggregated input: ignored with a warning', async () => {
    const { el, errors } = await mountWith({ preset: 'problem-list', stages: [{ key: 'collect', count: 9 }, { key: 'nope', count: 3 }] });
    expect(errors[0].issues.some((i) => i.path === 'stages[1].key')).to.equal(true);
    expect(el.metrics!.stages[0].reached).to.equal(9);
  });

  it('timestamps out of order: kept with a warning, the case counts', async () => {
    const { el, errors, panelText } = await mountWith({
      preset: 'city-management',
      cases: [
        { id: 'a', stages: { report: T(9), file: T(10), dispatch: T(11) } },
        { id: 'b', stages: { report: T(9), file: T(8) } },
      ],
    });
    expect(errors[0].issues.map((i) => [i.path, i.severity])).to.deep.equal([['cases[1].stages.file', 'warning']]);
    expect(panelText).to.contain('cases[1].stages.file');
    expect(el.metrics!.stages.slice(0, 3).map((s) => s.reached)).to.deep.equal([2, 2, 1]);
  });

  it('unparsable timestamps: that case is skipped and named, the others count', async () => {
    const { el, errors, panelText } = await mountWith({
      preset: 'city-management',
      cases: [
        { id: 'a', stages: { report: T(9), file: T(10) } },
        { id: 'b', stages: { report: 'yesterday-ish', file: T(10) } },
        { id: 'c', stages: { report: '2024-02-30T09:00:00+08:00' } },
        { id: 'd', stages: { report: T(9) } },
      ],
    });
    expect(errors[0].issues.map((i) => [i.path, i.severity])).to.deep.equal([
      ['cases[1].stages.report', 'error'],
      ['cases[2].stages.report', 'error'],
    ]);
    expect(panelText).to.contain('cases[1].stages.report');
    expect(el.metrics!.stages[0].reached).to.equal(2);
    expect(el.metrics!.total).to.equal(2);
    expect(textOf(stageLabels(el)[0].querySelector('text.value'))).to.equal('2 · 100%');
  });

  it('negative counts: reported, drawn as a flagged empty block, never as a negative bar', async () => {
    const { el, errors, panelText } = await mountWith({
      preset: 'problem-list',
      stages: [
        { key: 'collect', count: 120 },
        { key: 'sort', count: -5 },
        { key: 'register', count: 100 },
      ],
    });
    expect(errors[0].issues.some((i) => i.path === 'stages[1].count' && i.severity === 'error')).to.equal(true);
    expect(panelText).to.contain('stages[1].count');
    const sort = stageGroups(el)[1];
    expect(sort.classList.contains('flagged')).to.equal(true);
    expect(sort.classList.contains('empty')).to.equal(true);
    expect(Number(sort.querySelector('rect.block')!.getAttribute('width'))).to.equal(6);
    expect(textOf(stageLabels(el)[1].querySelector('text.flag'))).to.equal('⚠');
    expect(textOf(shadow(el).querySelector('tr[data-key="sort"] td[data-column="flags"]'))).to.equal('invalid figure for this stage, shown as 0');
    // The valid stages are drawn with their figures.
    expect(textOf(stageLabels(el)[0].querySelector('text.value'))).to.equal('120 · 100%');
    expect(textOf(stageLabels(el)[2].querySelector('text.value'))).to.equal('100 · 83.3%');
  });

  it('negative rework counts on a raw case: ignored with a warning, the case counts', async () => {
    const { el, errors } = await mountWith({ preset: 'city-management', cases: [{ id: 'a', stages: { report: T(9) }, reworks: -2 }] });
    expect(errors[0].issues.map((i) => i.path)).to.deep.equal(['cases[0].reworks']);
    expect(el.metrics!.stages[0].reached).to.equal(1);
  });

  it('counts that grow down the funnel: shown as given and flagged, not clamped', async () => {
    const { el, errors, panelText } = await mountWith({
      preset: 'hotline-12345',
      stages: [
        { key: 'accept', count: 50 },
        { key: 'dispatch', count: 80 },
      ],
    });
    expect(errors[0].issues.some((i) => i.path === 'stages[1].count' && i.severity === 'warning')).to.equal(true);
    expect(panelText).to.contain('stages[1].count');
    const dispatch = stageGroups(el)[1];
    expect(dispatch.classList.contains('flagged')).to.equal(true);
    expect(textOf(stageLabels(el)[1].querySelector('text.value'))).to.equal('80 · 160%');
    const accept = Number(stageGroups(el)[0].querySelector('rect.block')!.getAttribute('width'));
    expect(Number(dispatch.querySelector('rect.block')!.getAttribute('width'))).to.be.closeTo((accept * 80) / 50, 0.01);
    expect(dispatch.getAttribute('aria-label')).to.contain('30 more than the previous stage');
  });

  it('growth in raw cases (stages skipped): flagged on the picture', async () => {
    const { el } = await mountWith({
      preset: 'city-management',
      cases: [
        { id: 'a', stages: { report: T(9), handle: T(10) } },
        { id: 'b', stages: { report: T(9), handle: T(11) } },
        { id: 'c', stages: { report: T(9), dispatch: T(10), handle: T(12) } },
      ],
    });
    expect(el.metrics!.stages.map((s) => s.reached).slice(0, 4)).to.deep.equal([3, 0, 1, 3]);
    expect(stageGroups(el).map((g) => g.classList.contains('flagged')).slice(0, 4)).to.deep.equal([false, false, true, true]);
  });

  it('empty input: an empty-state note and a warning, nothing thrown', async () => {
    const { el, errors, panel } = await mountWith({ preset: 'city-management', cases: [] });
    expect(panel).to.not.equal(null);
    expect(errors[0].issues.map((i) => i.path)).to.deep.equal(['cases']);
    expect(el.metrics!.stages.map((s) => s.reached)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(stageGroups(el).every((g) => g.classList.contains('empty'))).to.equal(true);

    const none = await mountWith({});
    expect(none.errors[0].code).to.equal('invalid-data');
    expect(stageGroups(none.el)).to.have.length(0);
    expect(textOf(shadow(none.el).querySelector('.empty-note'))).to.equal('No data');

    const nothingAtAll = await mountWith(null);
    expect(nothingAtAll.errors).to.have.length(0);
    expect(textOf(shadow(nothingAtAll.el).querySelector('.empty-note'))).to.equal('No data');
  });

  it('a 10 MB string field: valid cases count, labels and messages stay short', async () => {
    const huge = 'x'.repeat(10_000_000);
    const started = performance.now();
    const { el, errors, panelText } = await mountWith(
      {
        preset: 'city-management',
        cases: [
          { id: 'a', stages: { report: T(9) }, category: huge },
          { id: 'b', stages: { report: T(9), [huge]: T(10) } },
          { id: 'c', stages: { report: T(9) } },
        ],
      },
      (e) => (e.stages = [{ key: 'report', label: huge }, 'file']),
    );
    expect(el.metrics!.stages[0].reached).to.equal(3);
    expect(errors[0].issues.length).to.be.greaterThan(0);
    expect(panelText.length).to.be.lessThan(2000);
    const name = textOf(stageLabels(el)[0].querySelector('text.name'));
    expect(name.length).to.be.at.most(120);
    expect(name.endsWith('…')).to.equal(true);
    expect(textOf(shadow(el).querySelector('tr[data-key="report"] th')).length).to.be.at.most(120);
    expect(stageGroups(el)[0].getAttribute('aria-label')!.length).to.be.lessThan(400);
    expect(shadow(el).innerHTML.length).to.be.lessThan(200_000);
    // A sanity bound only (not a benchmark): nothing walks the string character by character.
    expect(performance.now() - started).to.be.lessThan(20_000);
  });

  it('HTML in labels: shown as text, never parsed', async () => {
    const evil = '<img src=x onerror="window.__funnelPwned=1"><b>bold</b>';
    const { el } = await mountWith(
      { stages: [{ key: 'a', label: evil, count: 10, dropped: { '<i>why</i>': 2 } }, { key: 'b', count: 5 }] },
    );
    await new Promise((r) => setTimeout(r, 50));
    const root = shadow(el);
    expect(root.querySelector('img, b, i')).to.equal(null);
    expect((window as unknown as { __funnelPwned?: number }).__funnelPwned).to.equal(undefined);
    // The picture cuts the long name with an ellipsis; the table has it whole.
    expect(textOf(stageLabels(el)[0].querySelector('text.name'))).to.match(/^<img src=x/);
    expect(textOf(root.querySelector('tr[data-key="a"] th'))).to.equal(evil);
    expect(textOf(root.querySelector('g.drop[data-key="a"] text'))).to.contain('<i>why</i>');
  });

  it('bad compare-data is reported separately and does not blank the main funnel', async () => {
    const { el, errors } = await mountWith({ preset: 'city-management', cases: cityManagementCases() }, (e) => {
      e.compareData = { stages: 'nope' };
    });
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-data']);
    expect(el.errors).to.have.length(1);
    expect(stageGroups(el)).to.have.length(7);
    expect(el.metrics!.stages[0].reached).to.equal(100);
    el.compareData = null;
    await settle(el);
    expect(el.errors).to.have.length(0);
  });

  it('an unknown preset attribute is reported as an attribute warning, and the input has no stage list', async () => {
    const { el, errors } = await mountWith({ cases: [{ id: 'a', stages: { report: T(9) } }] }, (e) => e.setAttribute('preset', 'no-such-loop'));
    expect(errors.map((e) => [e.severity, e.issues.map((i) => i.path)])).to.deep.equal([
      ['warning', ['preset']],
      ['error', ['preset', '']],
    ]);
    expect(errors[0].issues[0].message).to.equal('preset: unknown value "no-such-loop" (expected city-management | hotline-12345 | problem-list)');
    el.setAttribute('preset', 'city-management');
    await settle(el);
    expect(el.errors).to.deep.equal([]);
    expect(el.metrics!.stages[0].reached).to.equal(1);
  });
});
