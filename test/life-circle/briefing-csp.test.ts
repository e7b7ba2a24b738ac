// The briefing under a strict Content Security Policy set on this page before anything renders
// (`style-src 'self'`: no inline style attributes or elements): the print page is styled by its
// adopted sheet, the hidden frame through the CSSOM, and nothing is blocked.
import { expect } from 'chai';
import '../../src/life-circle/index';
import type { CityLifeCircle } from '../../src/life-circle/index';
import { pngSize, unmount } from '../helpers/index';
import { PROFILE, mountLifeCircle, printCounted, street } from './element-fixtures';

const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content = "style-src 'self'; worker-src 'self' blob:";
document.head.append(meta);
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective}: ${e.sample}`));

describe('life-circle briefing under a strict CSP', () => {
  let el: CityLifeCircle | undefined;
  afterEach(() => unmount(el));

  it('draws the PNG and lays out the print page with no blocked style', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    Object.assign(el, { profile: PROFILE, level: 5, ...street() });
    await el.rendered();
    const png = await el.toBriefingImage();
    expect((await pngSize(png)).width).to.be.at.least(760);
    const { frame, prints } = await printCounted(el);
    expect(prints).to.equal(1);
    // Hidden through the CSSOM: no style attribute was parsed.
    expect([getComputedStyle(frame).width, getComputedStyle(frame).position]).to.deep.equal(['0px', 'fixed']);
    const doc = frame.contentDocument!;
    expect(getComputedStyle(doc.querySelector('thead th')!).backgroundColor).to.equal('rgb(238, 241, 244)');
    expect(getComputedStyle(doc.querySelector('h1')!).fontSize).to.equal('24px');
    expect(violations).to.deep.equal([]);
  });
});
