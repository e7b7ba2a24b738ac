import { expect } from 'chai';
import { define } from '../../src/core/define';
import { CityTimeSlider } from '../../src/ui/time-slider';
import { describeViolations, installStrictStyleCsp, settle, violations } from './strict-csp';
import { mountSlider } from './slider-fixture';

installStrictStyleCsp();
define('city-time-slider', CityTimeSlider);


function geometry(slider: CityTimeSlider) {
  const track = slider.shadowRoot!.querySelector<HTMLElement>('.track')!;
  const window = slider.shadowRoot!.querySelector<HTMLElement>('.window')!;
  const t = track.getBoundingClientRect();
  const w = window.getBoundingClientRect();
  const border = parseFloat(getComputedStyle(window).borderLeftWidth);
  return {
    inline: [window.style.left, window.style.width],
    // Fractions of the track, the window's 2 px borders outside its width (content-box).
    left: (w.left - t.left) / t.width,
    width: (w.width - 2 * border) / t.width,
    all: window.hasAttribute('data-all'),
  };
}

describe('<city-time-slider> window under a strict style CSP', () => {
  afterEach(() => {
    document.querySelectorAll('city-time-slider').forEach((e) => e.remove());
    violations.length = 0;
  });

  it('covers the whole track while all times are shown', async () => {
    const slider = await mountSlider();
    await settle();
    const g = geometry(slider);
    expect(g.inline).to.deep.equal(['0%', '100%']);
    expect(g.left).to.equal(0);
    expect(g.width).to.be.closeTo(1, 1 / 64 / 100);
    expect(g.all).to.equal(true);
    expect(describeViolations()).to.deep.equal([]);
  });

  it('places each 7-day window at its day over the 20-day track', async () => {
    const slider = await mountSlider();
    const track = slider.shadowRoot!.querySelector<HTMLElement>('.track')!;
    const px = 1 / track.getBoundingClientRect().width / 32; // layout rounds to 1/64 px per edge
    slider.goTo(1);
    await slider.updateComplete;
    let g = geometry(slider);
    expect(g.inline).to.deep.equal(['5%', '35%']);
    expect(g.left).to.be.closeTo(0.05, px);
    expect(g.width).to.be.closeTo(0.35, px);
    expect(g.all).to.equal(false);
    slider.goTo(13); // the last window: 05-14 … 05-21
    await slider.updateComplete;
    g = geometry(slider);
    expect(g.inline).to.deep.equal(['65%', '35%']);
    expect(g.left).to.be.closeTo(0.65, px);
    expect(g.width).to.be.closeTo(0.35, px);
    slider.windowDays = 14; // May 1 + 14 days: window 0 is 05-01 … 05-15; the track still ends 05-21
    slider.goTo(0);
    await slider.updateComplete;
    g = geometry(slider);
    expect(g.inline).to.deep.equal(['0%', '70%']);
    expect(g.width).to.be.closeTo(0.7, px);
    await settle();
    expect(describeViolations()).to.deep.equal([]);
  });
});
