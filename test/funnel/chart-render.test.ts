import { expect } from 'chai';
import { layoutFunnel, type LayoutStage } from '../../src/funnel/chart/layout';
import { renderFunnel, type RenderOptions } from '../../src/funnel/chart/render';
import type { Measure } from '../../src/funnel/chart/text';
import { cityManagementCases, mountFunnel, shadow, stageGroups } from './element-fixtures';

const measure: Measure = (text, style) => text.length * (style === 'note' ? 6 : 7);

function stage(key: string, value: number, extra: Partial<LayoutStage> = {}): LayoutStage {
  return { key, name: key, valueText: String(value), rateText: '', value, overdue: 0, flagged: false, drops: [], dropTexts: [], reworks: 0, reworkFrom: null, reworkText: '', ...extra };
}

const options: RenderOptions = {
  duration: 0,
  focusIndex: 0,
  selectedIndex: null,
  stageLabel: (s) => `stage ${s.key}`,
  stageFill: () => 'red',
  reasonFill: () => 'blue',
};

const layoutOf = (stages: LayoutStage[]) => layoutFunnel(stages, { width: 600, height: 300, measure });
const svgElement = () => document.createElementNS('http://www.w3.org/2000/svg', 'svg');
const keys = (svg: SVGSVGElement, selector: string) => [...svg.querySelectorAll(selector)].map((g) => g.getAttribute('data-key'));

/** DOM changes made by `run` inside `svg` (attribute, child and text changes), taken before any delivery. */
function mutationsDuring(svg: SVGSVGElement, run: () => void): MutationRecord[] {
  const observer = new MutationObserver(() => {});
  observer.observe(svg, { attributes: true, childList: true, characterData: true, subtree: true });
  run();
  const records = observer.takeRecords();
  observer.disconnect();
  return records;
}

describe('funnel/chart: render', () => {
  it('draws one keyed group per stage in stage order, with drop-offs and rework loops, text as text', () => {
    const svg = svgElement();
    const stages = [
      stage('a', 100, { name: '<b>A</b>', drops: [{ reason: 'void', count: 10 }], dropTexts: ['−10'] }),
      stage('b', 90, { reworks: 5, reworkFrom: 2, reworkText: 'rework 5' }),
      stage('c', 80),
    ];
    renderFunnel(svg, layoutOf(stages), options);
    expect(keys(svg, 'g.stage')).to.deep.equal(['a', 'b', 'c']);
    expect([...svg.querySelectorAll('g.stage')].map((g) => [g.getAttribute('data-index'), g.getAttribute('tabindex'), g.getAttribute('aria-label'), g.getAttribute('aria-pressed')])).to.deep.equal([
      ['0', '0', 'stage a', 'false'],
      ['1', '-1', 'stage b', 'false'],
      ['2', '-1', 'stage c', 'false'],
    ]);
    expect(svg.querySelector('g.stage-label text.name')!.textContent).to.equal('<b>A</b>');
    expect(svg.querySelector('b')).to.equal(null);
    expect(keys(svg, 'g.drop')).to.deep.equal(['a']);
    expect([...svg.querySelectorAll('rect.segment')].map((r) => r.getAttribute('data-reason'))).to.deep.equal(['void']);
    expect(keys(svg, 'g.arc')).to.deep.equal(['b']);
    expect(svg.querySelector('g.arc')!.getAttribute('data-source')).to.equal('c');
    expect((svg.querySelector('rect.block') as SVGElement).style.getPropertyValue('fill')).to.equal('red');
  });

  it('changes nothing in the DOM when drawn again with the same layout', () => {
    const svg = svgElement();
    const stages = [stage('a', 100, { drops: [{ reason: 'void', count: 10 }], dropTexts: ['−10'] }), stage('b', 90)];
    renderFunnel(svg, layoutOf(stages), options);
    expect(mutationsDuring(svg, () => renderFunnel(svg, layoutOf(stages), options))).to.have.length(0);
  });

  it('keeps each stage\'s elements when the numbers change, rewriting only what changed, and follows a new order', () => {
    const svg = svgElement();
    renderFunnel(svg, layoutOf([stage('a', 100), stage('b', 90), stage('c', 80)]), options);
    const [a, b, c] = [...svg.querySelectorAll('g.stage')];
    const records = mutationsDuring(svg, () => renderFunnel(svg, layoutOf([stage('a', 100), stage('b', 45), stage('c', 80)]), options));
    // No element added or removed (a changed figure replaces only its text).
    const elementsMoved = records.flatMap((r) => [...r.addedNodes, ...r.removedNodes]).filter((node) => node instanceof Element);
    expect(elementsMoved).to.have.length(0);
    // b's block and its figure changed; nothing of a's stage did.
    expect(records.some((r) => (r.target as Element).closest?.('g.stage') === b)).to.equal(true);
    expect(records.some((r) => (r.target as Element).closest?.('g.stage') === a)).to.equal(false);
    expect(svg.querySelector('g.stage-label[data-key="b"] text.value')!.textContent).to.equal('45');

    renderFunnel(svg, layoutOf([stage('c', 80), stage('a', 100), stage('d', 10)]), options);
    expect(keys(svg, 'g.stage')).to.deep.equal(['c', 'a', 'd']);
    expect(svg.querySelector('g.stage[data-key="c"]')).to.equal(c);
    expect(svg.querySelector('g.stage[data-key="a"]')).to.equal(a);
    expect(b.isConnected).to.equal(false);
    expect(keys(svg, 'g.stage-label')).to.deep.equal(['c', 'a', 'd']);
  });
});

const firstWidth = (el: Element) => Number(stageGroups(el)[0].querySelector('rect.block')!.getAttribute('width'));

describe('<city-closure-funnel>: redraw', () => {
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('reads no computed style while redrawing for new data (a scope change would force the whole page\'s style)', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const block = stageGroups(el)[1].querySelector('rect.block')!;
    const before = Number(block.getAttribute('width'));
    const original = window.getComputedStyle;
    const read: Element[] = [];
    window.getComputedStyle = (element: Element, pseudo?: string | null) => (read.push(element), original.call(window, element, pseudo));
    try {
      el.data = { cases: cityManagementCases([100, 45, 40, 35, 30, 25, 1]) };
      await el.updateComplete;
    } finally {
      window.getComputedStyle = original;
    }
    expect(read.filter((element) => element === el || shadow(el).contains(element))).to.deep.equal([]);
    expect(Number(block.getAttribute('width'))).to.be.closeTo(firstWidth(el) * 0.45, 0.01);
    expect(Number(block.getAttribute('width'))).to.be.lessThan(before);
  });

  it('draws nothing while hidden, and draws when shown again', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const block = stageGroups(el)[1].querySelector('rect.block')!;
    const before = Number(block.getAttribute('width'));
    el.style.display = 'none';
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    el.data = { cases: cityManagementCases([100, 45, 40, 35, 30, 25, 1]) };
    await el.updateComplete;
    expect(Number(block.getAttribute('width'))).to.equal(before);
    expect(el.metrics!.stages[1].reached).to.equal(45);
    el.style.display = 'block';
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await el.rendered();
    expect(Number(block.getAttribute('width'))).to.be.closeTo(firstWidth(el) * 0.45, 0.01);
  });
});
