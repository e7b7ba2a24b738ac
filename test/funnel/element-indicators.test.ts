import { expect } from 'chai';
import type { CityErrorDetail } from '../../src/core/events';
import { cityManagementCases, mountFunnel, settle, shadow, textOf } from './element-fixtures';
import type { CityClosureFunnel } from '../../src/funnel/city-closure-funnel';
import { runnerCommand } from '../helpers';

// Source: 郑州市数字城管 "每周运行分析报告(2019年4月8日至4月14日)", https://lzszcg.com/gsggs/2161.htm
const ZHENGZHOU = { received: 51571, filed: 51229, dispatched: 49151, shouldClose: 52434, closed: 43523, closedOnTime: 40394, reworked: 276, extended: 104 };

const cards = (el: Element) => [...shadow(el).querySelectorAll<HTMLElement>('[part="cards"] [part="card"]')];
const formulaBox = (card: Element) => card.querySelector<HTMLElement>('.card-formula')!.getBoundingClientRect();

describe('<city-closure-funnel> indicators', () => {
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('a bulletin’s base counts: one card per indicator with its standard name, printed value, fraction and direction', async () => {
    const el = await mountFunnel((e) => {
      e.data = { preset: 'city-management', figures: ZHENGZHOU };
    });
    expect(
      cards(el).map((c) => [c.dataset.rate, textOf(c.querySelector('.card-name')), textOf(c.querySelector('.card-value')), textOf(c.querySelector('.card-fraction')), c.querySelector('.card-arrow')!.getAttribute('aria-label')]),
    ).to.deep.equal([
      ['filing', '立案率', '99.34%', '51,229 / 51,571', '越高越好'],
      ['dispatch', '派遣率', '95.94%', '49,151 / 51,229', '越高越好'],
      ['closure', '结案率', '83.01%', '43,523 / 52,434', '越高越好'],
      ['onTimeClosure', '按期结案率', '77.04%', '40,394 / 52,434', '越高越好'],
      ['rework', '返工率', '0.53%', '276 / 52,434', '越低越好'],
      ['extension', '延期率', '0.20%', '104 / 52,434', '越低越好'],
    ]);
    // The picture shows the stages the bulletin counts.
    expect(el.metrics!.stages.map((s) => [s.key, s.reached])).to.deep.equal([
      ['report', 51571],
      ['file', 51229],
      ['dispatch', 49151],
      ['verify', 43523],
    ]);
  });

  it('keyboard focus and hover show the formula with the base figures’ names; otherwise it is only read out', async () => {
    const el = await mountFunnel((e) => {
      e.data = { preset: 'city-management', figures: ZHENGZHOU };
    });
    const list = cards(el);
    expect(list.every((c) => c.tabIndex === 0)).to.equal(true);
    expect(list.map((c) => textOf(c.querySelector('.card-formula')))).to.deep.equal([
      '立案数 51,229 ÷ 受理数 51,571',
      '派遣数 49,151 ÷ 立案数 51,229',
      '结案数 43,523 ÷ 应结案数 52,434',
      '按期结案数 40,394 ÷ 应结案数 52,434',
      '返工数 276 ÷ 应结案数 52,434',
      '延期数 104 ÷ 应结案数 52,434',
    ]);
    expect(list.map((c) => formulaBox(c).width)).to.deep.equal([1, 1, 1, 1, 1, 1]);

    document.body.tabIndex = -1;
    document.body.focus();
    await runnerCommand('send-keys', { press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(list[0]);
    expect(formulaBox(list[0]).width).to.be.greaterThan(100);
    await runnerCommand('send-keys', { press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(list[1]);
    expect(formulaBox(list[0]).width).to.equal(1);
    expect(formulaBox(list[1]).width).to.be.greaterThan(100);
    const box = formulaBox(list[1]);
    const card = list[1].getBoundingClientRect();
    expect(box.top).to.be.greaterThan(card.bottom);

    (el.shadowRoot!.activeElement as HTMLElement).blur();
    const target = list[4].getBoundingClientRect();
    await runnerCommand('send-mouse', { type: 'move', position: [Math.round(target.left + 10), Math.round(target.top + 10)] });
    expect(formulaBox(list[4]).width).to.be.greaterThan(100);
    // Cards near the right edge open their formula to the left, inside the element.
    expect(formulaBox(list[4]).right).to.be.at.most(el.getBoundingClientRect().right);
    await runnerCommand('send-mouse', { type: 'move', position: [0, 0] });
    expect(formulaBox(list[4]).width).to.equal(1);
    document.body.removeAttribute('tabindex');
  });

  it('the data table lists every indicator with value, fraction, direction and formula; English names', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.data = { preset: 'city-management', figures: ZHENGZHOU };
    });
    const rows = [...shadow(el).querySelectorAll('table')[1].querySelectorAll('tbody tr')];
    expect(rows.map((r) => [r.getAttribute('data-rate'), textOf(r.querySelector('th')), ...[...r.querySelectorAll('td')].map(textOf)])).to.deep.equal([
      ['filing', 'Filing rate', '99.34%', '51,229 / 51,571', 'higher is better', 'Filed 51,229 ÷ Received 51,571'],
      ['dispatch', 'Dispatch rate', '95.94%', '49,151 / 51,229', 'higher is better', 'Dispatched 49,151 ÷ Filed 51,229'],
      ['closure', 'Closure rate', '83.01%', '43,523 / 52,434', 'higher is better', 'Closed 43,523 ÷ Due for closure 52,434'],
      ['onTimeClosure', 'On-time closure rate', '77.04%', '40,394 / 52,434', 'higher is better', 'Closed on time 40,394 ÷ Due for closure 52,434'],
      ['rework', 'Rework rate', '0.53%', '276 / 52,434', 'lower is better', 'Reworked 276 ÷ Due for closure 52,434'],
      ['extension', 'Extension rate', '0.20%', '104 / 52,434', 'lower is better', 'Extended 104 ÷ Due for closure 52,434'],
    ]);
    expect([...shadow(el).querySelectorAll('table')[1].querySelectorAll('thead th')].map(textOf)).to.deep.equal(['Rate', 'Value', 'Numerator / Denominator', 'Direction', 'Formula']);
  });

  it('`period` counts the events in it; `rates` changes a denominator and adds the optional 准确派遣率', async () => {
    // Case i is reported 2024-03-01 at 09:00 + i minutes and filed an hour later; deadlines fall after 12:30.
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const fraction = (key: string) => textOf(shadow(el).querySelector(`[part="card"][data-rate="${key}"] .card-fraction`));
    expect(fraction('filing')).to.equal('90 / 100');
    el.period = { from: '2024-03-01T09:00:00+08:00', to: '2024-03-01T10:30:00+08:00' };
    await settle(el);
    expect(el.metrics!.period).to.deep.equal({ from: '2024-03-01T01:00:00.000Z', to: '2024-03-01T02:30:00.000Z' });
    // Reported 09:00–10:29: cases 0–89; filed 10:00–10:29: cases 0–29; nothing closed or due yet.
    expect(fraction('filing')).to.equal('30 / 90');
    expect(fraction('closure')).to.equal('0 / 0');
    expect(textOf(shadow(el).querySelector('[part="card"][data-rate="closure"] .card-value'))).to.equal('—');

    el.period = undefined;
    el.rates = { rework: { denominator: 'handled' }, accurateDispatch: { include: true } };
    await settle(el);
    // Handled = left handling (reached feedback): 60 cases.
    expect(fraction('rework')).to.equal('5 / 60');
    expect(cards(el).map((c) => c.dataset.rate)).to.deep.equal(['filing', 'dispatch', 'onTimeHandling', 'handling', 'closure', 'onTimeClosure', 'rework', 'extension', 'accurateDispatch']);
    expect(fraction('accurateDispatch')).to.equal('75 / 80');
  });

  it('`comparePeriod` is the comparison’s own period', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
      e.compareData = { cases: cityManagementCases() };
      e.period = { from: '2024-03-01T09:00:00+08:00', to: '2024-03-01T10:30:00+08:00' };
    });
    const delta = () => textOf(shadow(el).querySelector('[part="card"][data-rate="filing"] .card-delta'));
    // 30 / 90 filed in the window against 90 / 100 over all time.
    expect([el.compareMetrics!.period, delta()]).to.deep.equal([null, '-56.7 pts vs Comparison']);
    el.comparePeriod = el.period;
    await settle(el);
    expect(delta()).to.equal('same as Comparison');
    expect(el.compareMetrics!.period).to.deep.equal(el.metrics!.period);
  });

  it('`comparePeriod` without `compareData` compares the data with itself over that period', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
      e.period = { from: '2024-03-01T09:00:00+08:00', to: '2024-03-01T10:30:00+08:00' };
    });
    const delta = () => shadow(el).querySelector('[part="card"][data-rate="filing"] .card-delta');
    expect([el.compareMetrics, delta()]).to.deep.equal([null, null]);
    // A year around every case: 90 / 100 filed, against 30 / 90 in the window.
    const year = { from: '2024-01-01T00:00:00+08:00', to: '2025-01-01T00:00:00+08:00' };
    el.comparePeriod = year;
    await settle(el);
    expect([el.compareMetrics!.period, textOf(delta())]).to.deep.equal([{ from: '2023-12-31T16:00:00.000Z', to: '2024-12-31T16:00:00.000Z' }, '-56.7 pts vs Comparison']);
    // New data is compared with itself again.
    el.data = { cases: cityManagementCases().slice(0, 50) };
    await settle(el);
    expect(el.compareMetrics!.total).to.equal(el.metrics!.total);
    el.comparePeriod = undefined;
    await settle(el);
    expect([el.compareMetrics, delta()]).to.deep.equal([null, null]);
  });

  it('a change below 0.05 points shows its first significant digit, not "0 pts"', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.data = { preset: 'city-management', figures: { received: 10_000, filed: 9_997 } };
      e.compareData = { preset: 'city-management', figures: { received: 10_000, filed: 10_000 } };
    });
    const delta = shadow(el).querySelector('[part="card"][data-rate="filing"] .card-delta')!;
    expect([delta.getAttribute('data-verdict'), textOf(delta)]).to.deep.equal(['worse', '-0.03 pts vs Comparison']);
    el.compareData = { preset: 'city-management', figures: { received: 10_000, filed: 9_000 } };
    await settle(el);
    expect(textOf(shadow(el).querySelector('[part="card"][data-rate="filing"] .card-delta'))).to.equal('+10 pts vs Comparison');
  });

  it('cards that need two rows split evenly (4 + 4, never 7 + 1); fewer than half fitting, as many as fit', async () => {
    // Eight cards of at least 7.6em with 0.5em gaps, at 16 px: one row from 1,029 px of frame.
    const rowLengths = (el: Element) => {
      const rows = new Map<number, number>();
      for (const card of cards(el)) rows.set(card.offsetTop, (rows.get(card.offsetTop) ?? 0) + 1);
      return [...rows.values()];
    };
    const el = await mountFunnel((e) => {
      e.style.fontSize = '16px';
      e.data = { preset: 'city-management', cases: cityManagementCases() };
    }, 'width:1100px;height:640px');
    expect(cards(el)).to.have.length(8);
    const lengths: Record<number, number[]> = {};
    for (const width of [1100, 1000, 700, 540, 500, 420, 300, 150]) {
      el.style.width = `${width}px`;
      await settle(el);
      lengths[width] = rowLengths(el);
    }
    expect(lengths).to.deep.equal({
      1100: [8],
      1000: [4, 4],
      700: [4, 4],
      540: [4, 4],
      500: [3, 3, 2],
      420: [3, 3, 2],
      300: [2, 2, 2, 2],
      150: [1, 1, 1, 1, 1, 1, 1, 1],
    });
  });

  it('the hotline and problem lists name their closing figures in their own words', async () => {
    const el = await mountFunnel((e) => {
      e.data = { preset: 'hotline-12345', figures: { shouldClose: 90, closed: 81, closedOnTime: 72, rated: 50, satisfied: 30, basicallySatisfied: 15 } };
    });
    expect(cards(el).map((c) => [textOf(c.querySelector('.card-name')), textOf(c.querySelector('.card-formula'))])).to.deep.equal([
      ['满意率', '满意及基本满意数 45 ÷ 参评数 50'],
      ['办结率', '办结数 81 ÷ 应办结数 90'],
      ['按期办结率', '按期办结数 72 ÷ 应办结数 90'],
    ]);
    el.lang = 'en';
    el.data = { preset: 'problem-list', figures: { shouldClose: 30, closed: 24, closedOnTime: 18 } };
    await settle(el);
    expect(cards(el).map((c) => textOf(c.querySelector('.card-formula')))).to.deep.equal(['Rectified 24 ÷ Due for rectification 30', 'Rectified on time 18 ÷ Due for rectification 30']);
  });

  it('a setting it cannot use is reported as a warning and the default definition applies', async () => {
    const errors: CityErrorDetail[] = [];
    const el = await mountFunnel((e: CityClosureFunnel) => {
      e.lang = 'en';
      e.addEventListener('city-error', (event) => errors.push(event.detail));
      e.rates = { rework: { denominator: 'received' } } as never;
      e.data = { preset: 'city-management', figures: ZHENGZHOU };
    });
    expect(errors.flatMap((d) => d.issues.map((i) => [i.path, i.severity]))).to.deep.equal([['options.rates.rework.denominator', 'warning']]);
    expect(textOf(shadow(el).querySelector('[part="card"][data-rate="rework"] .card-fraction'))).to.equal('276 / 52,434');
  });
});
