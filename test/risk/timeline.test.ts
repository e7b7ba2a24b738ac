import { expect } from 'chai';
import { createTimeline, indexOf, parseWindowDays, stepIndex, windowAt } from '../../src/risk/model/timeline';

const local = (m: number, d: number, h = 0) => new Date(2024, m - 1, d, h).getTime();

describe('playback timeline', () => {
  // Records from 1 May 10:00 to 20 May 15:00; 7-day window moving by a day.
  const timeline = createTimeline([local(5, 1, 10), local(5, 20, 15)], 1, 7);

  it('starts at local midnight and ends with the first window reaching past the last record', () => {
    expect(timeline.start).to.equal(local(5, 1));
    expect(windowAt(timeline, 0)).to.deep.equal({ from: local(5, 1), to: local(5, 8) });
    // Window k = [1+k, 8+k) May: the first with an end past 20 May 15:00 is k = 13 ([14, 21) May).
    expect(timeline.lastIndex).to.equal(13);
    expect(windowAt(timeline, 13)).to.deep.equal({ from: local(5, 14), to: local(5, 21) });
  });

  it('steps by weeks, and fits short spans in one window', () => {
    const weekly = createTimeline([local(5, 1, 10), local(5, 20, 15)], 7, 7);
    expect(weekly.lastIndex).to.equal(2); // [1,8) [8,15) [15,22)
    expect(windowAt(weekly, 2)).to.deep.equal({ from: local(5, 15), to: local(5, 22) });
    expect(createTimeline([local(5, 1, 10), local(5, 3)], 1, 7).lastIndex).to.equal(0);
  });

  it('wraps while looping and clamps otherwise', () => {
    expect(stepIndex(timeline, 13, 1, true)).to.equal(0);
    expect(stepIndex(timeline, 0, -1, true)).to.equal(13);
    expect(stepIndex(timeline, 13, 1, false)).to.equal(13);
    expect(stepIndex(timeline, 0, -3, false)).to.equal(0);
    expect(stepIndex(timeline, 5, 7, false)).to.equal(12);
  });

  it('finds the index of a window start', () => {
    expect(indexOf(timeline, local(5, 4))).to.equal(3);
    expect(indexOf(timeline, local(5, 4, 12))).to.equal(3);
    expect(indexOf(timeline, local(4, 1))).to.equal(0);
    expect(indexOf(timeline, local(6, 30))).to.equal(13);
  });

  it('parses window lengths', () => {
    expect([7, '7', '7d', '14 days', '2w', '1 week', '3天', '1周'].map(parseWindowDays)).to.deep.equal([7, 7, 7, 14, 14, 7, 3, 7]);
    expect(['0', '-1', 'week', '7x', 7.5, null].map(parseWindowDays)).to.deep.equal([null, null, null, null, null, null]);
  });
});
