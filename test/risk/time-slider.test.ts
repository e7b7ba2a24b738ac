import { expect } from 'chai';
import axe from 'axe-core';
import '../../src/risk/index';
import type { CityTimeSlider, CityTimeChangeDetail, CityPlaybackChangeDetail } from '../../src/ui/time-slider';
import { formatIsoLocal } from '../../src/risk/model/time';
import { local, mountSlider } from '../ui/slider-fixture';


function record(slider: CityTimeSlider) {
  const events: CityTimeChangeDetail[] = [];
  slider.addEventListener('city-time-change', (e) => events.push(e.detail));
  return events;
}

const track = (slider: CityTimeSlider) => slider.shadowRoot!.querySelector<HTMLElement>('[role="slider"]')!;
const key = (slider: CityTimeSlider, name: string) =>
  track(slider).dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true, cancelable: true }));

describe('<city-time-slider>', () => {
  afterEach(() => document.querySelectorAll('city-time-slider').forEach((e) => e.remove()));

  it('starts at "all times" and steps through 7-day windows with exact from/to events', async () => {
    const slider = await mountSlider();
    const events = record(slider);
    expect(slider.index).to.equal(-1);
    slider.stepForward();
    slider.stepForward();
    slider.stepBack();
    expect(events).to.deep.equal([
      { from: formatIsoLocal(local(5, 1)), to: formatIsoLocal(local(5, 8)) },
      { from: formatIsoLocal(local(5, 2)), to: formatIsoLocal(local(5, 9)) },
      { from: formatIsoLocal(local(5, 1)), to: formatIsoLocal(local(5, 8)) },
    ]);
    slider.stepBack();
    expect(events[3]).to.deep.equal({ from: null, to: null });
  });

  it('is keyboard operable with slider semantics', async () => {
    const slider = await mountSlider();
    const events = record(slider);
    const el = track(slider);
    expect(el.tabIndex).to.equal(0);
    key(slider, 'ArrowRight');
    key(slider, 'PageUp');
    await slider.updateComplete;
    expect(el.getAttribute('aria-valuenow')).to.equal('7');
    expect(el.getAttribute('aria-valuetext')).to.equal('2024-05-08 至 05-14');
    key(slider, 'End');
    await slider.updateComplete;
    expect(el.getAttribute('aria-valuenow')).to.equal('13');
    expect(el.getAttribute('aria-valuemax')).to.equal('13');
    key(slider, 'ArrowLeft');
    key(slider, 'Home');
    await slider.updateComplete;
    expect(el.getAttribute('aria-valuenow')).to.equal('-1');
    expect(events.map((e) => e.from)).to.deep.equal([
      formatIsoLocal(local(5, 1)),
      formatIsoLocal(local(5, 8)),
      formatIsoLocal(local(5, 14)),
      formatIsoLocal(local(5, 13)),
      null,
    ]);
  });

  it('plays: advances one step per 1/speed seconds, loops from the last window to the first, and pauses', async () => {
    const slider = await mountSlider();
    slider.speed = 60; // about one step per frame
    const events = record(slider);
    const playback: CityPlaybackChangeDetail[] = [];
    slider.addEventListener('city-playback-change', (e) => playback.push(e.detail));
    slider.goTo(11);
    events.length = 0;
    slider.play();
    await new Promise<void>((resolve) => {
      const check = () => (events.length >= 4 ? resolve() : requestAnimationFrame(check));
      check();
    });
    slider.pause();
    const starts = events.slice(0, 4).map((e) => e.from);
    expect(starts).to.deep.equal([local(5, 13), local(5, 14), local(5, 1), local(5, 2)].map(formatIsoLocal));
    expect(playback.map((p) => p.playing)).to.deep.equal([true, false]);
    const count = events.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.length).to.equal(count);
    expect(slider.hasAttribute('playing')).to.equal(false);
  });

  it('changes step and window length from its selects', async () => {
    const slider = await mountSlider();
    const events = record(slider);
    slider.goTo(0);
    const [speed, step, windowSelect] = [...slider.shadowRoot!.querySelectorAll('select')];
    expect(speed.value).to.equal('1');
    step.value = 'week';
    step.dispatchEvent(new Event('change'));
    windowSelect.value = '14';
    windowSelect.dispatchEvent(new Event('change'));
    await slider.updateComplete;
    expect(events.at(-1)).to.deep.equal({ from: formatIsoLocal(local(5, 1)), to: formatIsoLocal(local(5, 15)) });
    slider.stepForward();
    expect(events.at(-1)).to.deep.equal({ from: formatIsoLocal(local(5, 8)), to: formatIsoLocal(local(5, 22)) });
  });

  it('is disabled without a time span', async () => {
    const slider = document.createElement('city-time-slider') as CityTimeSlider;
    document.body.append(slider);
    await slider.updateComplete;
    expect(track(slider).getAttribute('aria-disabled')).to.equal('true');
    expect([...slider.shadowRoot!.querySelectorAll('button')].every((b) => b.disabled)).to.equal(true);
  });

  it('passes axe-core', async () => {
    const slider = await mountSlider();
    slider.goTo(3);
    await slider.updateComplete;
    const results = await axe.run(slider);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
  });
});
