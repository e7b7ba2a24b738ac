/**
 * `<city-closure-funnel>` on a page served with `style-src 'self'`: legend swatches, the tooltip
 * and the PNG export keep their styles, and nothing the element does is blocked.
 */
import { expect } from 'chai';
import type { CityClosureFunnel } from '../../src/funnel/city-closure-funnel';
import { describeViolations, installStrictStyleCsp, settle as settleCsp, violations } from '../ui/strict-csp';
import { NOW, cityManagementCases, settle, shadow, stageGroups } from './element-fixtures';

/** Mounts without any `style` attribute (the page is under the policy): sized through the CSSOM. */
async function mountStrict(): Promise<CityClosureFunnel> {
  const el = document.createElement('city-closure-funnel') as CityClosureFunnel;
  el.style.cssText = 'display:block;width:900px;height:640px;--city-funnel-duration:0ms';
  el.setAttribute('now', NOW);
  el.lang = 'en';
  el.preset = 'city-management';
  el.data = { cases: cityManagementCases() };
  document.body.append(el);
  await settle(el);
  await settle(el);
  return el;
}

describe('<city-closure-funnel> under a strict style CSP', () => {
  before(() => installStrictStyleCsp());
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('legend swatches carry their reason colours from the first render, with no violation', async () => {
    const el = await mountStrict();
    const swatches = [...shadow(el).querySelectorAll<HTMLElement>('[part="legend"] li')]
      .filter((li) => li.textContent!.trim() === 'void' || li.textContent!.trim() === 'pending')
      .map((li) => [li.textContent!.trim(), getComputedStyle(li.querySelector('.swatch')!).backgroundColor]);
    expect(swatches).to.deep.equal([
      ['pending', 'rgb(74, 163, 223)'],
      ['void', 'rgb(138, 148, 166)'],
    ]);
    await settleCsp();
    expect(describeViolations()).to.deep.equal([]);
  });

  it('the tooltip is placed at the pointer, with no violation', async () => {
    const el = await mountStrict();
    const block = stageGroups(el)[2].querySelector('rect.block')!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const x = block.left + 5;
    const y = block.top + block.height / 2;
    stageGroups(el)[2].dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true, composed: true }));
    await settle(el);
    const tip = shadow(el).querySelector<HTMLElement>('[part="tooltip"]')!;
    expect(tip).to.not.equal(null);
    const style = getComputedStyle(tip);
    expect([style.left, style.top]).to.deep.equal([`${Math.round(x - box.left + 14)}px`, `${Math.round(Math.max(4, Math.min(y - box.top + 12, el.clientHeight - 260)))}px`]);
    await settleCsp();
    expect(describeViolations()).to.deep.equal([]);
  });

  it('the PNG export keeps the block colours, with no violation', async () => {
    const el = await mountStrict();
    const before = violations.length;
    const bitmap = await createImageBitmap(await el.toImage({ scale: 1 }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const block = stageGroups(el)[0].querySelector('rect.block')!;
    const x = Number(block.getAttribute('x')) + 4;
    const y = Number(block.getAttribute('y')) + Number(block.getAttribute('height')) / 2 + 56;
    expect([...context.getImageData(x, y, 1, 1).data]).to.deep.equal([0x0f, 0x4a, 0xa8, 255]);
    await settleCsp();
    expect(violations.length - before).to.equal(0);
    expect(describeViolations()).to.deep.equal([]);
  });
});
