import { expect } from 'chai';
import { Motion, cancelMotion } from '../../src/funnel/chart/motion';

const svgRect = () => document.createElementNS('http://www.w3.org/2000/svg', 'rect');
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('funnel/chart: motion', () => {
  it('sets values at once with duration 0, and for new attributes', () => {
    const rect = svgRect();
    const motion = new Motion(0);
    motion.attr(rect, 'width', 12.345);
    motion.attr(rect, 'd', 'M1,2L3,4');
    motion.start(rect);
    expect(rect.getAttribute('width')).to.equal('12.35');
    expect(rect.getAttribute('d')).to.equal('M1,2L3,4');
    const animated = new Motion(500);
    const fresh = svgRect();
    animated.attr(fresh, 'x', 40); // nothing to move from
    expect(fresh.getAttribute('x')).to.equal('40');
  });

  it('moves every number of a value towards its target and lands exactly on it', async () => {
    const rect = svgRect();
    rect.setAttribute('width', '0');
    rect.setAttribute('points', '0,0 10,0');
    const motion = new Motion(200);
    motion.attr(rect, 'width', 100);
    motion.attr(rect, 'points', '0,20 30,40');
    expect(rect.getAttribute('width')).to.equal('0'); // not before the first frame
    motion.start(rect);
    await wait(60);
    const mid = Number(rect.getAttribute('width'));
    expect(mid).to.be.greaterThan(0);
    expect(mid).to.be.lessThan(100);
    const points = rect.getAttribute('points')!.split(/[ ,]/).map(Number);
    expect(points[1]).to.be.greaterThan(0);
    expect(points[1]).to.be.lessThan(20);
    await wait(260);
    await frame();
    expect(rect.getAttribute('width')).to.equal('100');
    expect(rect.getAttribute('points')).to.equal('0,20 30,40');
  });

  it('sets a value whose shape changed at once (other commands or number count)', () => {
    const path = svgRect();
    path.setAttribute('d', 'M0,0L1,1');
    const motion = new Motion(500);
    motion.attr(path, 'd', 'M0,0C1,1 2,2 3,3');
    expect(path.getAttribute('d')).to.equal('M0,0C1,1 2,2 3,3');
  });

  it('retargets from where the running animation had got to, and can be cancelled', async () => {
    const rect = svgRect();
    rect.setAttribute('width', '0');
    const first = new Motion(400);
    first.attr(rect, 'width', 100);
    first.start(rect);
    await wait(80);
    const reached = Number(rect.getAttribute('width'));
    const second = new Motion(0);
    second.attr(rect, 'width', 10);
    second.start(rect); // cancels the first loop
    await wait(120);
    expect(rect.getAttribute('width')).to.equal('10');
    expect(reached).to.be.greaterThan(0);

    const third = new Motion(300);
    third.attr(rect, 'width', 90);
    third.start(rect);
    cancelMotion(rect);
    await wait(60);
    expect(rect.getAttribute('width')).to.equal('10');
  });
});
