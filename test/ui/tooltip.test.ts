import { expect } from 'chai';
import { nothing } from 'lit';
import { renderTooltip, tooltipStyles } from '../../src/ui/tooltip';
import { describeViolations, installStrictStyleCsp, mountHost, renderInto, settle, violations } from './strict-csp';

installStrictStyleCsp();

const SIZE = { width: 400, height: 300 };

describe('tooltip under a strict style CSP', () => {
  afterEach(() => {
    document.querySelectorAll('body > div').forEach((e) => e.remove());
    violations.length = 0;
  });

  it('sits 14 px right of and below the pointer in the map’s top-left half', async () => {
    const { host, root } = mountHost([tooltipStyles]);
    renderInto(root, renderTooltip({ x: 100, y: 50, title: 'A', lines: ['one', 'two'] }, SIZE, 'tip'));
    await settle();
    const tip = root.querySelector<HTMLElement>('.city-tooltip')!;
    const style = getComputedStyle(tip);
    expect([style.position, style.left, style.top]).to.deep.equal(['absolute', '100px', '50px']);
    expect(style.transform).to.equal('matrix(1, 0, 0, 1, 14, 14)');
    const box = host.getBoundingClientRect();
    const rect = tip.getBoundingClientRect();
    expect([rect.left - box.left, rect.top - box.top]).to.deep.equal([114, 64]);
    expect(tip.id).to.equal('tip');
    expect([...tip.querySelectorAll('.line')].map((l) => l.textContent)).to.deep.equal(['one', 'two']);
    expect(describeViolations()).to.deep.equal([]);
  });

  it('flips to the pointer’s left and top past the middle, ending 14 px from it', async () => {
    const { host, root } = mountHost([tooltipStyles]);
    renderInto(root, renderTooltip({ x: 300, y: 200, title: 'Flipped', lines: ['a line'] }, SIZE));
    await settle();
    const tip = root.querySelector<HTMLElement>('.city-tooltip')!;
    const box = host.getBoundingClientRect();
    const rect = tip.getBoundingClientRect();
    expect(rect.width).to.be.greaterThan(20);
    expect([rect.right - box.left, rect.bottom - box.top]).to.deep.equal([286, 186]);
    const { left, top } = getComputedStyle(tip);
    expect([left, top]).to.deep.equal(['300px', '200px']);
    expect(describeViolations()).to.deep.equal([]);
  });

  it('moves with the pointer and renders nothing without a model', async () => {
    const { host, root } = mountHost([tooltipStyles]);
    renderInto(root, renderTooltip({ x: 10, y: 10, title: 'A', lines: [] }, SIZE));
    renderInto(root, renderTooltip({ x: 20, y: 250, title: 'A', lines: [] }, SIZE));
    await settle();
    const rect = root.querySelector('.city-tooltip')!.getBoundingClientRect();
    const box = host.getBoundingClientRect();
    expect([rect.left - box.left, rect.bottom - box.top]).to.deep.equal([34, 236]);
    expect(renderTooltip(null, SIZE)).to.equal(nothing);
    expect(describeViolations()).to.deep.equal([]);
  });
});
