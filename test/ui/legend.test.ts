import { expect } from 'chai';
import { html } from 'lit';
import { legendStyles, renderLegend, type LegendModel } from '../../src/ui/legend';
import { describeViolations, installStrictStyleCsp, mountHost, renderInto, settle, violations } from './strict-csp';

installStrictStyleCsp();

const swatches = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('.swatch')];
const colours = (root: ShadowRoot) => swatches(root).map((s) => getComputedStyle(s).backgroundColor);

describe('legend under a strict style CSP', () => {
  afterEach(() => {
    document.querySelectorAll('body > div').forEach((e) => e.remove());
    violations.length = 0;
  });

  it('the page really blocks bound style attributes, as the legend used to write them (control)', async () => {
    const { root } = mountHost([legendStyles]);
    const color = '#ff0000';
    renderInto(root, html`<span class="probe" style="background-color:${color}">x</span>`);
    await settle();
    expect(getComputedStyle(root.querySelector('.probe')!).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    expect(violations.map((v) => v.effectiveDirective)).to.deep.equal(['style-src-attr']);
  });

  it('paints every swatch in its entry colour with no violation', async () => {
    const { root } = mountHost([legendStyles]);
    const model: LegendModel = {
      title: '事件数',
      unit: '件',
      entries: [
        { label: '0–10', color: '#ffffb2', count: 4 },
        { label: '10–20', color: '#d46a5a', count: 12 },
        { label: '20+', color: 'rgb(168, 50, 62)', count: 1 },
        { label: '无数据', color: '#f7f4ef', pattern: 'hatch' },
      ],
    };
    renderInto(root, renderLegend(model));
    await settle();
    expect(colours(root)).to.deep.equal(['rgb(255, 255, 178)', 'rgb(212, 106, 90)', 'rgb(168, 50, 62)', 'rgb(247, 244, 239)']);
    expect(swatches(root).map((s) => s.dataset.pattern ?? null)).to.deep.equal([null, null, null, 'hatch']);
    // The hatch stripes still sit on top of the colour.
    expect(getComputedStyle(swatches(root)[3]).backgroundImage).to.match(/^repeating-linear-gradient\(45deg/);
    expect([...root.querySelectorAll('.label')].map((l) => l.textContent)).to.deep.equal(['0–10', '10–20', '20+', '无数据']);
    expect([...root.querySelectorAll('.count')].map((l) => l.textContent)).to.deep.equal(['4', '12', '1']);
    expect(root.querySelector('.title')!.textContent).to.equal('事件数（件）');
    expect(describeViolations()).to.deep.equal([]);
  });

  it('recolours swatches in place when the entries change', async () => {
    const { root } = mountHost([legendStyles]);
    renderInto(root, renderLegend({ entries: [{ label: 'a', color: '#000080' }, { label: 'b', color: '#008000' }] }));
    const first = swatches(root);
    renderInto(root, renderLegend({ entries: [{ label: 'a', color: '#800000' }, { label: 'b', color: 'hsl(120, 100%, 25%)' }] }));
    await settle();
    expect(swatches(root)).to.deep.equal(first);
    expect(colours(root)).to.deep.equal(['rgb(128, 0, 0)', 'rgb(0, 128, 0)']);
    expect(describeViolations()).to.deep.equal([]);
  });

  it('a colour string cannot smuggle in other declarations', async () => {
    const { root } = mountHost([legendStyles]);
    renderInto(root, renderLegend({ entries: [{ label: 'x', color: 'red;background-image:url(/nope.png);width:300px' }] }));
    await settle();
    const swatch = swatches(root)[0]!;
    expect(getComputedStyle(swatch).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    expect(getComputedStyle(swatch).backgroundImage).to.equal('none');
    expect(swatch.getBoundingClientRect().width).to.equal(16);
    expect(describeViolations()).to.deep.equal([]);
  });
});
