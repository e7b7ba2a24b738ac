import { expect } from 'chai';
import { Motion, cancelMotion, finishMotion, isMoving } from '../../src/funnel/chart/motion';

const svgRect = () => document.createElementNS('http://www.w3.org/2000/svg', 'rect');

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

  it('moves every number of a value towards its target and lands exactly on it', () => {
    // Frames are driven by hand (a busy machine may not paint within any wall-clock wait).
    const queued: FrameRequestCallback[] = [];
    const original = window.requestAnimationFrame;
    window.requestAnimationFrame = (callback) => queued.push(callback);
    const runFrame = (time: number) => queued.splice(0).forEach((callback) => callback(time));
    try {
      const rect = svgRect();
      rect.setAttribute('width', '0');
      rect.setAttribute('points', '0,0 10,0');
      const motion = new Motion(200);
      motion.attr(rect, 'width', 100);
      motion.attr(rect, 'points', '0,20 30,40');
      expect(rect.getAttribute('width')).to.equal('0'); // not before the first frame
      motion.start(rect);
      runFrame(1000); // the first frame starts the clock
      runFrame(1060);
      const mid = Number(rect.getAttribute('width'));
      expect(mid).to.be.greaterThan(0);
      expect(mid).to.be.lessThan(100);
      const points = rect.getAttribute('points')!.split(/[ ,]/).map(Number);
      expect(points[1]).to.be.greaterThan(0);
      expect(points[1]).to.be.lessThan(20);
      runFrame(1200);
      expect(rect.getAttribute('width')).to.equal('100');
      expect(rect.getAttribute('points')).to.equal('0,20 30,40');
      expect(queued).to.have.length(0); // done: no further frame asked for
    } finally {
      window.requestAnimationFrame = original;
    }
  });

  it('sets a value whose shape changed at once (other commands or number count)', () => {
    const path = svgRect();
    path.setAttribute('d', 'M0,0L1,1');
    const motion = new Motion(500);
    motion.attr(path, 'd', 'M0,0C1,1 2,2 3,3');
    expect(path.getAttribute('d')).to.equal('M0,0C1,1 2,2 3,3');
  });

  it('retargets from where the running animation had got to, and can be cancelled', () => {
    const queued = new Map<number, FrameRequestCallback>();
    let next = 0;
    const original = [window.requestAnimationFrame, window.cancelAnimationFrame];
    window.requestAnimationFrame = (callback) => (queued.set(++next, callback), next);
    window.cancelAnimationFrame = (id) => void queued.delete(id);
    const runFrame = (time: number) => {
      const callbacks = [...queued.values()];
      queued.clear();
      callbacks.forEach((callback) => callback(time));
    };
    try {
      const rect = svgRect();
      rect.setAttribute('width', '0');
      const first = new Motion(400);
      first.attr(rect, 'width', 100);
      first.start(rect);
      runFrame(1000);
      runFrame(1080);
      const reached = Number(rect.getAttribute('width'));
      expect(reached).to.be.greaterThan(0);
      expect(reached).to.be.lessThan(100);
      const second = new Motion(0);
      second.attr(rect, 'width', 10);
      second.start(rect); // cancels the first loop
      runFrame(1100);
      runFrame(1500);
      expect(rect.getAttribute('width')).to.equal('10');

      const third = new Motion(300);
      third.attr(rect, 'width', 90);
      third.start(rect);
      cancelMotion(rect);
      runFrame(1600);
      runFrame(2000);
      expect(rect.getAttribute('width')).to.equal('10');
      expect(queued.size).to.equal(0);
    } finally {
      [window.requestAnimationFrame, window.cancelAnimationFrame] = original as [typeof requestAnimationFrame, typeof cancelAnimationFrame];
    }
  });

  it('finishes a running animation at once: every value final, no frame left', () => {
    const queued = new Map<number, FrameRequestCallback>();
    let next = 0;
    const original = [window.requestAnimationFrame, window.cancelAnimationFrame];
    window.requestAnimationFrame = (callback) => (queued.set(++next, callback), next);
    window.cancelAnimationFrame = (id) => void queued.delete(id);
    try {
      const owner = {};
      const rect = svgRect();
      rect.setAttribute('width', '0');
      rect.setAttribute('d', 'M0,0L1,1');
      const motion = new Motion(1000);
      motion.attr(rect, 'width', 64.125);
      motion.attr(rect, 'd', 'M10,10L20,20');
      motion.start(owner);
      expect(isMoving(owner)).to.equal(true);
      expect(rect.getAttribute('width')).to.equal('0');
      finishMotion(owner);
      expect([rect.getAttribute('width'), rect.getAttribute('d')]).to.deep.equal(['64.13', 'M10,10L20,20']);
      expect(isMoving(owner)).to.equal(false);
      expect(queued.size).to.equal(0);
      finishMotion(owner); // nothing running: no-op
      expect(rect.getAttribute('width')).to.equal('64.13');
    } finally {
      [window.requestAnimationFrame, window.cancelAnimationFrame] = original as [typeof requestAnimationFrame, typeof cancelAnimationFrame];
    }
  });
});
