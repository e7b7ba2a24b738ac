import { expect } from 'chai';
import axe from 'axe-core';
import { formatNumber } from '../../src/core/i18n';
import type { CityClosureFunnel, CityStageSelectDetail } from '../../src/funnel/city-closure-funnel';
import { computeFunnel } from '../../src/funnel/index';
import {
  CM_COUNTS,
  CM_KEYS,
  NOW,
  cityManagementCases,
  mountFunnel,
  nextEvent,
  settle,
  shadow,
  stageGroups,
  stageLabels,
  textOf,
} from './element-fixtures';

const percent = (locale: 'zh-CN' | 'en', v: number | null) =>
  v == null ? '—' : formatNumber(locale, v, { style: 'percent', maximumFractionDigits: 1 });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

/** Bounding boxes (SVG user units) of every visible text in the chart. */
function textBoxes(el: Element): Box[] {
  return [...shadow(el).querySelectorAll<SVGTextElement>('svg text')]
    .filter((t) => t.getAttribute('display') !== 'none' && (t.textContent ?? '') !== '')
    .map((t) => {
      const b = t.getBBox();
      return { x: b.x, y: b.y, width: b.width, height: b.height, text: t.textContent ?? '' };
    });
}

function overlapping(boxes: Box[]): string[] {
  const out: string[] = [];
  const hit = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (hit(boxes[i], boxes[j])) out.push(`${boxes[i].text} × ${boxes[j].text}`);
  return out;
}

describe('<city-closure-funnel>', () => {
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('draws the stages in input order, each labelled with its count and rate', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const groups = stageGroups(el);
    expect(groups.map((g) => g.dataset.key)).to.deep.equal(CM_KEYS);
    const values = stageLabels(el).map((g) => textOf(g.querySelector('text.value')));
    expect(values).to.deep.equal(['100 · 100%', '90 · 90%', '80 · 80%', '70 · 70%', '60 · 60%', '50 · 50%', '1 · 1%']);
    expect(stageLabels(el).map((g) => textOf(g.querySelector('text.name')))).to.deep.equal([
      'Report',
      'File case',
      'Dispatch',
      'Handle',
      'Feedback',
      'Verify & close',
      'Evaluate',
    ]);
    // Blocks go down the page in that order.
    const ys = groups.map((g) => Number(g.querySelector('rect.block')!.getAttribute('y')));
    for (let i = 1; i < ys.length; i++) expect(ys[i]).to.be.greaterThan(ys[i - 1]);
    expect(el.metrics!.stages.map((s) => s.reached)).to.deep.equal(CM_COUNTS);
  });

  it('keeps pre-aggregated stages in the given order even when a later one is larger, and flags it', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.data = { stages: [{ key: 'b', count: 40 }, { key: 'a', count: 10 }, { key: 'c', count: 25 }] };
    });
    expect(stageGroups(el).map((g) => g.dataset.key)).to.deep.equal(['b', 'a', 'c']);
    expect(stageGroups(el)[2].classList.contains('flagged')).to.equal(true);
    const c = stageLabels(el)[2];
    expect(textOf(c.querySelector('text.flag'))).to.equal('⚠');
    expect(textOf(c.querySelector('text.value'))).to.equal('25 · 62.5%'); // shown as given, not clamped to 10
    const row = shadow(el).querySelector('tr[data-key="c"]')!;
    expect(textOf(row.querySelector('td[data-column="flags"]'))).to.equal('15 more than the previous stage (shown as given, not corrected)');
  });

  it('shows the chosen rate on the picture and all three in the tooltip', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.setAttribute('rate', 'previous');
      e.data = { cases: cityManagementCases() };
    });
    expect(stageLabels(el).map((g) => textOf(g.querySelector('text.value')))).to.deep.equal([
      '100',
      '90 · 90%',
      '80 · 88.9%',
      '70 · 87.5%',
      '60 · 85.7%',
      '50 · 83.3%',
      '1 · 2%',
    ]);
    const g = stageGroups(el)[2];
    const box = g.querySelector('rect.hit')!.getBoundingClientRect();
    g.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, clientX: box.left + 20, clientY: box.top + box.height / 2 }));
    await el.updateComplete;
    const tip = shadow(el).querySelector('[part="tooltip"]')!;
    expect(tip.querySelector('strong')!.textContent).to.equal('Dispatch');
    const rows = Object.fromEntries([...tip.querySelectorAll('dt')].map((dt) => [textOf(dt), textOf(dt.nextElementSibling)]));
    expect(rows['of first stage']).to.equal('80%');
    expect(rows['of previous stage']).to.equal('88.9%');
    expect(rows['of all cases']).to.equal('80%');
    g.dispatchEvent(new PointerEvent('pointerleave', { bubbles: false }));
    shadow(el).querySelector('svg')!.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="tooltip"]')).to.equal(null);
  });

  it('gives a 1% stage a visible block and lets no two labels overlap (vertical and horizontal)', async () => {
    for (const orientation of ['vertical', 'horizontal']) {
      const el = await mountFunnel((e) => {
        e.preset = 'city-management';
        e.setAttribute('orientation', orientation);
        e.data = { cases: cityManagementCases() };
      }, 'width:760px;height:520px');
      const evaluate = stageGroups(el)[6].querySelector('rect.block')!;
      const size = orientation === 'vertical' ? Number(evaluate.getAttribute('width')) : Number(evaluate.getAttribute('height'));
      expect(size, orientation).to.be.at.least(6);
      const boxes = textBoxes(el);
      expect(boxes.length).to.be.greaterThan(14);
      expect(overlapping(boxes), orientation).to.deep.equal([]);
      el.remove();
    }
  });

  it('draws drop-off bands with their reasons', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const file = shadow(el).querySelector('g.drop[data-key="file"]')!;
    expect(textOf(file.querySelector('text.drop-label'))).to.equal('−10: void 5, pending 5');
    expect([...file.querySelectorAll('rect.segment')].map((r) => r.getAttribute('data-reason'))).to.deep.equal(['void', 'pending']);
    const report = shadow(el).querySelector('g.drop[data-key="report"]')!;
    expect(textOf(report.querySelector('text.drop-label'))).to.equal('−10: pending 10');
    expect(textOf(shadow(el).querySelector('tr[data-key="file"] td[data-column="dropped"]'))).to.equal('−10: void 5, pending 5');
  });

  it('draws a rework arc from the closing stage back to the handling stage, and the overdue share in the block', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const arcs = [...shadow(el).querySelectorAll<SVGGElement>('g.arc')];
    expect(arcs.map((a) => [a.dataset.key, a.dataset.source, textOf(a.querySelector('text'))])).to.deep.equal([['handle', 'verify', 'Rework 5']]);
    expect(arcs[0].querySelector('path')!.getAttribute('marker-end')).to.match(/^url\(#/);
    const handle = stageGroups(el)[3];
    const block = handle.querySelector('rect.block')!;
    const overdue = handle.querySelector('rect.overdue')!;
    expect(overdue.getAttribute('display')).to.equal(null);
    // 10 of 70 cases missed the handling deadline.
    expect(Number(overdue.getAttribute('width'))).to.be.closeTo((Number(block.getAttribute('width')) * 10) / 70, 0.01);
    expect(stageGroups(el)[0].querySelector('rect.overdue')!.getAttribute('display')).to.equal('none');
  });

  it('fires city-stage-select with the exact case ids on click and on Enter', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const verify = stageGroups(el)[5];
    let event = nextEvent<CityStageSelectDetail>(el, 'city-stage-select');
    verify.querySelector('rect.hit')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    let detail = (await event).detail;
    expect([detail.id, detail.stage, detail.index]).to.deep.equal(['verify', 'verify', 5]);
    expect(detail.label).to.equal('核查结案');
    expect(detail.caseIds).to.deep.equal(Array.from({ length: 50 }, (_, i) => `c${i}`));
    expect(detail.metrics).to.equal(el.metrics!.stages[5]);

    const evaluate = stageGroups(el)[6];
    evaluate.focus();
    event = nextEvent<CityStageSelectDetail>(el, 'city-stage-select');
    evaluate.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    detail = (await event).detail;
    expect([detail.stage, detail.caseIds]).to.deep.equal(['evaluate', ['c0']]);
    // Space on the selected stage clears the selection.
    event = nextEvent<CityStageSelectDetail>(el, 'city-stage-select');
    evaluate.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true }));
    expect((await event).detail.id).to.equal(null);
  });

  it('moves focus across stages with the arrow keys, Home and End (one tab stop)', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const tabbable = () => stageGroups(el).filter((g) => g.getAttribute('tabindex') === '0').map((g) => g.dataset.key);
    expect(tabbable()).to.deep.equal(['report']);
    const press = async (key: string) => {
      (shadow(el).activeElement ?? stageGroups(el)[0]).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
      await el.updateComplete;
    };
    stageGroups(el)[0].focus();
    await press('ArrowDown');
    expect((shadow(el).activeElement as SVGGElement).dataset.key).to.equal('file');
    expect(tabbable()).to.deep.equal(['file']);
    await press('ArrowRight');
    expect((shadow(el).activeElement as SVGGElement).dataset.key).to.equal('dispatch');
    await press('ArrowUp');
    expect((shadow(el).activeElement as SVGGElement).dataset.key).to.equal('file');
    await press('End');
    expect((shadow(el).activeElement as SVGGElement).dataset.key).to.equal('evaluate');
    await press('ArrowDown');
    expect((shadow(el).activeElement as SVGGElement).dataset.key).to.equal('evaluate');
    await press('Home');
    expect((shadow(el).activeElement as SVGGElement).dataset.key).to.equal('report');
    expect(shadow(el).querySelector('[part="tooltip"] strong')!.textContent).to.equal('信息收集');
  });

  it('lists the same numbers in its hidden data table as the metrics and the picture', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const m = el.metrics!;
    const expected = computeFunnel({ cases: cityManagementCases() }, { preset: 'city-management', now: NOW, lang: 'en', caseIds: true });
    expect(m).to.deep.equal(expected);
    const rows = [...shadow(el).querySelectorAll('table')[0].querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-key'))).to.deep.equal(CM_KEYS);
    rows.forEach((row, i) => {
      const s = m.stages[i];
      const cell = (id: string) => textOf(row.querySelector(`td[data-column="${id}"]`));
      expect(cell('reached')).to.equal(formatNumber('en', s.reached));
      expect(cell('shouldReach')).to.equal(formatNumber('en', s.shouldReach));
      expect(cell('ofFirst')).to.equal(percent('en', s.ofFirst));
      expect(cell('ofPrevious')).to.equal(percent('en', s.ofPrevious));
      expect(cell('ofTotal')).to.equal(percent('en', s.ofTotal));
      expect(cell('onTime')).to.equal(formatNumber('en', s.onTime));
      expect(cell('overdue').split(' ')[0]).to.equal(formatNumber('en', s.overdue));
      expect(cell('pending')).to.equal(formatNumber('en', s.pending));
      expect(cell('reworks')).to.equal(formatNumber('en', s.reworks));
      // The figure on the picture is the table's figure.
      expect(textOf(stageLabels(el)[i].querySelector('text.value')).split(' · ')[0]).to.equal(cell('reached'));
    });
    expect(textOf(rows[3].querySelector('td[data-column="overdue"]'))).to.equal('10 (14.3%)');
    const rateRows = [...shadow(el).querySelectorAll('table')[1].querySelectorAll('tbody tr')];
    expect(rateRows.map((r) => r.getAttribute('data-rate'))).to.deep.equal(m.indicators.map((i) => i.key));
    rateRows.forEach((row, i) => {
      const rate = m.indicators[i];
      const cells = [...row.querySelectorAll('td')].map(textOf);
      expect(cells[0]).to.equal(formatNumber('en', rate.value!, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }));
      expect(cells[1]).to.equal(`${formatNumber('en', rate.numerator)} / ${formatNumber('en', rate.denominator)}`);
    });
  });

  it('shows metric cards with localized names and their direction', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const cards = [...shadow(el).querySelectorAll<HTMLElement>('[part="cards"] [part="card"]')];
    expect(cards.map((c) => textOf(c.querySelector('.card-name')))).to.deep.equal(['立案率', '派遣率', '按期处置率', '处置率', '结案率', '按期结案率', '返工率', '延期率']);
    const arrows = cards.map((c) => c.querySelector('.card-arrow')!);
    const up = ['↑', '越高越好'];
    const down = ['↓', '越低越好'];
    expect(arrows.map((a) => [a.textContent, a.getAttribute('aria-label')])).to.deep.equal([up, up, up, up, up, up, down, down]);
    // 5 reworked of the 50 cases due for closure (published practice).
    expect(textOf(cards[6].querySelector('.card-value'))).to.equal('10.00%');
    expect(textOf(cards[6].querySelector('.card-fraction'))).to.equal('5 / 50');

    el.setAttribute('lang', 'en');
    await settle(el);
    expect([...shadow(el).querySelectorAll('[part="card"] .card-name')].map(textOf)).to.deep.equal([
      'Filing rate',
      'Dispatch rate',
      'On-time handling rate',
      'Handling rate',
      'Closure rate',
      'On-time closure rate',
      'Rework rate',
      'Extension rate',
    ]);
    expect(textOf(stageLabels(el)[0].querySelector('text.name'))).to.equal('Report');
  });

  it('shows the hotline three rates for the 12345 preset', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'hotline-12345';
      e.data = {
        cases: [
          { id: 'h1', stages: { accept: '2024-03-01T09:00:00+08:00', dispatch: '2024-03-01T09:10:00+08:00', handle: '2024-03-01T10:00:00+08:00' }, rating: 'satisfied', resolved: true },
          { id: 'h2', stages: { accept: '2024-03-01T09:00:00+08:00' }, rating: 'dissatisfied', resolved: false },
        ],
      };
    });
    const names = [...shadow(el).querySelectorAll('[part="card"] .card-name')].map(textOf);
    expect(names.slice(0, 3)).to.deep.equal(['响应率', '解决率', '满意率']);
    const satisfaction = shadow(el).querySelector('[part="card"][data-rate="satisfaction"]')!;
    expect(textOf(satisfaction.querySelector('.card-value'))).to.equal('50.00%');
    expect(textOf(satisfaction.querySelector('.card-fraction'))).to.equal('1 / 2');
  });

  it('compares with compare-data: dashed outlines, card deltas with a verdict, a table column', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.setAttribute('compare-label', 'last month');
      e.data = { cases: cityManagementCases() };
      e.compareData = { cases: cityManagementCases([100, 95, 90, 85, 80, 75, 40]) };
    });
    const compares = stageGroups(el).map((g) => g.querySelector('rect.compare')!);
    expect(compares.every((r) => r.getAttribute('display') === null)).to.equal(true);
    const verifyBlock = Number(stageGroups(el)[5].querySelector('rect.block')!.getAttribute('width'));
    expect(Number(compares[5].getAttribute('width'))).to.be.closeTo((verifyBlock * 75) / 50, 0.01);
    // Rework rate 5/50 against 5/75 (due for closure) last month: up 3.3 points, and lower is better.
    const rework = shadow(el).querySelector('[part="card"][data-rate="rework"] .card-delta')!;
    expect(rework.getAttribute('data-verdict')).to.equal('worse');
    expect(textOf(rework)).to.equal('+3.3 pts vs last month');
    const dispatch = shadow(el).querySelector('[part="card"][data-rate="dispatch"] .card-delta')!;
    // 80/90 dispatched of filed against 90/95: down 5.8 points, and higher is better.
    expect([dispatch.getAttribute('data-verdict'), textOf(dispatch)]).to.deep.equal(['worse', '-5.8 pts vs last month']);
    expect(textOf(shadow(el).querySelector('tr[data-key="verify"] td[data-column="compare"]'))).to.equal('75');
    expect(textOf(shadow(el).querySelector('[part="legend"]'))).to.contain('Dashed: last month');
  });

  it('filters cases with the filter property (tier, grid)', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
      e.filter = { tier: 'big' };
    });
    // Tier big: cases 0, 3, 6, … 99 → 34 cases.
    expect(el.metrics!.stages[0].reached).to.equal(34);
    el.filter = { grid: ['g1', 'g2'] };
    await settle(el);
    expect(el.metrics!.stages[0].reached).to.equal(50);
    expect(textOf(stageLabels(el)[0].querySelector('text.value'))).to.equal('50 · 100%');
  });

  it('takes custom stage definitions in their own order with their labels', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.stages = [
        { key: 'report', label: { en: 'Found', 'zh-CN': '发现' } },
        { key: 'dispatch', label: 'Sent out' },
        { key: 'verify', role: 'close' },
      ];
      e.data = { cases: cityManagementCases() };
    });
    expect(stageGroups(el).map((g) => g.dataset.key)).to.deep.equal(['report', 'dispatch', 'verify']);
    expect(stageLabels(el).map((g) => textOf(g.querySelector('text.name')))).to.deep.equal(['Found', 'Sent out', 'verify']);
    expect(el.metrics!.stages.map((s) => s.reached)).to.deep.equal([100, 80, 50]);
    // A close role gives the closure rates.
    expect([...shadow(el).querySelectorAll('[part="card"]')].map((c) => c.getAttribute('data-rate'))).to.include('closure');
  });

  it('measures durations in working hours with a calendar', async () => {
    const calendar = { weekdays: [1, 2, 3, 4, 5], hours: [[9, 12], [13.5, 18]] as Array<[number, number]> };
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.preset = 'city-management';
      e.calendar = calendar;
      e.data = { cases: cityManagementCases() };
    });
    const expected = computeFunnel({ cases: cityManagementCases() }, { preset: 'city-management', calendar, now: NOW, lang: 'en', caseIds: true });
    expect(el.metrics).to.deep.equal(expected);
    expect(el.metrics!.stages[0].clock).to.equal('working');
    const median = textOf(shadow(el).querySelector('tr[data-key="report"] td[data-column="median"]'));
    expect(median).to.equal(`${formatNumber('en', expected.stages[0].medianHours!, { maximumFractionDigits: 1 })} working h`);
  });

  it('lays out horizontally with orientation="horizontal"', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.setAttribute('orientation', 'horizontal');
      e.data = { cases: cityManagementCases() };
    });
    const xs = stageGroups(el).map((g) => Number(g.querySelector('rect.block')!.getAttribute('x')));
    for (let i = 1; i < xs.length; i++) expect(xs[i]).to.be.greaterThan(xs[i - 1]);
    const heights = stageGroups(el).map((g) => Number(g.querySelector('rect.block')!.getAttribute('height')));
    expect(heights[1] / heights[0]).to.be.closeTo(0.9, 1e-3);
  });

  it('follows its container size', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    }, 'width:900px;height:600px');
    const svg = shadow(el).querySelector('svg')!;
    const before = Number(svg.getAttribute('width'));
    const firstBlock = Number(stageGroups(el)[0].querySelector('rect.block')!.getAttribute('width'));
    el.style.width = '600px';
    await settle(el);
    await settle(el);
    expect(Number(svg.getAttribute('width'))).to.be.lessThan(before);
    expect(Number(stageGroups(el)[0].querySelector('rect.block')!.getAttribute('width'))).to.be.lessThan(firstBlock);
    expect(Number(svg.getAttribute('width'))).to.equal(shadow(el).querySelector<HTMLElement>('.chart-area')!.clientWidth);
  });

  it('animates a data change (keyed by stage) unless the duration is 0', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    el.style.setProperty('--city-funnel-duration', '400ms');
    const block = stageGroups(el)[1].querySelector('rect.block')!;
    const before = Number(block.getAttribute('width'));
    el.data = { cases: cityManagementCases([100, 45, 40, 35, 30, 25, 1]) };
    await el.updateComplete;
    // Sample every frame until the animation has ended (frames may be sparse on a busy machine).
    const samples: number[] = [];
    const start = performance.now();
    while (performance.now() - start < 5000) {
      await new Promise((r) => requestAnimationFrame(r));
      samples.push(Number(block.getAttribute('width')));
      if (performance.now() - start > 700 && samples.length > 3) break;
    }
    const after = samples[samples.length - 1];
    const first = Number(stageGroups(el)[0].querySelector('rect.block')!.getAttribute('width'));
    expect(after).to.be.closeTo(first * 0.45, 0.01);
    // On its way: some frame showed a width between the old and the new one.
    expect(samples.some((w) => w < before - 0.5 && w > after + 0.5), samples.join(' ')).to.equal(true);
    // The same element, not a new one: the join is keyed by stage.
    expect(stageGroups(el)[1].querySelector('rect.block')).to.equal(block);

    el.style.setProperty('--city-funnel-duration', '0ms');
    el.data = { cases: cityManagementCases() };
    await el.updateComplete;
    expect(Number(block.getAttribute('width'))).to.be.closeTo(before, 0.01);
  });

  it('never draws a negative size while animating (enter and update)', async () => {
    const negative: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const value = Number((r.target as Element).getAttribute(r.attributeName!));
        if ((r.attributeName === 'width' || r.attributeName === 'height') && value < 0) negative.push(`${r.attributeName}=${value}`);
      }
    });
    const el = document.createElement('city-closure-funnel') as CityClosureFunnel;
    el.style.cssText = 'display:block;width:800px;height:500px;--city-funnel-duration:300ms';
    el.preset = 'city-management';
    el.data = { cases: cityManagementCases() };
    document.body.append(el);
    observer.observe(el.shadowRoot!, { attributes: true, subtree: true });
    await new Promise((r) => setTimeout(r, 450));
    el.data = { cases: cityManagementCases([100, 45, 40, 35, 30, 25, 1]) };
    await new Promise((r) => setTimeout(r, 450));
    observer.disconnect();
    expect(negative).to.deep.equal([]);
    expect(Number(stageGroups(el)[1].querySelector('rect.block')!.getAttribute('width'))).to.be.greaterThan(0);
  });

  it('has a dark theme and a summary for assistive technology', async () => {
    const el = await mountFunnel((e) => {
      e.lang = 'en';
      e.theme = 'dark';
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    expect(getComputedStyle(el).getPropertyValue('--city-funnel-block').trim()).to.equal('#3fb6ff');
    const svg = shadow(el).querySelector('svg')!;
    const summary = shadow(el).getElementById(svg.getAttribute('aria-describedby')!)!;
    expect(summary.textContent).to.contain('7 stages, from Report (100 cases) to Evaluate (1 cases).');
    expect(stageGroups(el)[2].getAttribute('aria-label')).to.equal('Dispatch: 80 cases, 80% of first stage; −10: pending 10');
    expect(stageGroups(el)[3].getAttribute('aria-label')).to.equal('Handle: 70 cases, 70% of first stage; −10: pending 10; Rework 5');
  });

  it('exports a PNG with the rates on top and the blocks in their theme colours', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const blob = await el.toImage({ scale: 1 });
    expect(blob.type).to.equal('image/png');
    const bitmap = await createImageBitmap(blob);
    const svg = shadow(el).querySelector('svg')!;
    expect(bitmap.width).to.equal(Number(svg.getAttribute('width')));
    expect(bitmap.height).to.equal(Number(svg.getAttribute('height')) + 56);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    // Middle of the first block, left of its label: the light theme's first block colour #0f4aa8.
    const block = stageGroups(el)[0].querySelector('rect.block')!;
    const x = Number(block.getAttribute('x')) + 4;
    const y = Number(block.getAttribute('y')) + Number(block.getAttribute('height')) / 2 + 56;
    expect([...context.getImageData(x, y, 1, 1).data]).to.deep.equal([0x0f, 0x4a, 0xa8, 255]);
  });

  it('passes axe-core with no violations', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
      e.compareData = { cases: cityManagementCases([100, 95, 90, 85, 80, 75, 40]) };
    });
    const results = await axe.run(el);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
    el.setAttribute('theme', 'dark');
    await settle(el);
    const dark = await axe.run(el);
    expect(dark.violations.map((v) => v.id)).to.deep.equal([]);
  });

  it('loads src and reports a failed load', async () => {
    const body = JSON.stringify({ preset: 'city-management', cases: cityManagementCases() });
    const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
    const el = await mountFunnel((e) => e.setAttribute('src', url));
    await el.rendered();
    await settle(el);
    expect(el.metrics!.stages.map((s) => s.reached)).to.deep.equal(CM_COUNTS);
    expect(shadow(el).querySelector('[part="progress"]')).to.equal(null);
    const error = nextEvent(el, 'city-error');
    el.setAttribute('src', '/no/such/file.json');
    expect(((await error).detail as { code: string }).code).to.equal('load-failed');
  });
});
