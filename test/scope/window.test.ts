import { expect } from 'chai';
import type { ValidationIssue } from '../../src/core/validation';
import { inWindow, readWindow, readWindowEnd } from '../../src/scope/model/window';

/** Local time (month 1–12). */
const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => new Date(y, m - 1, d, h, min, s, ms).getTime();

describe('scope/window', () => {
  it('reads each end: a date alone starts its day as `from` and ends it as `to`', () => {
    const cases: [attribute: 'from' | 'to', value: unknown, expected: number | null][] = [
      ['from', '2024-03-01', local(2024, 3, 1)],
      ['to', '2024-03-02', local(2024, 3, 2, 23, 59, 59, 999)],
      ['to', ' 2024-12-31 ', local(2024, 12, 31, 23, 59, 59, 999)],
      ['to', '2024-02-29', local(2024, 2, 29, 23, 59, 59, 999)],
      ['from', '2024-03-01T08:30', local(2024, 3, 1, 8, 30)],
      ['to', '2024-03-02T08:30', local(2024, 3, 2, 8, 30)],
      ['to', new Date(local(2024, 3, 2)), local(2024, 3, 2)],
      ['to', local(2024, 3, 2), local(2024, 3, 2)],
      ['to', null, null],
      ['to', '', null],
    ];
    for (const [attribute, value, expected] of cases) expect(readWindowEnd([], attribute, value), `${attribute} ${String(value)}`).to.equal(expected);
  });

  it('reports an unreadable end (open) and a reversed window (ignored as a whole)', () => {
    const issues: ValidationIssue[] = [];
    expect(readWindow(issues, 'yesterday', '2024-03-02')).to.deep.equal({ from: null, to: local(2024, 3, 2, 23, 59, 59, 999) });
    expect(issues.map((i) => i.path)).to.deep.equal(['from']);
    issues.length = 0;
    expect(readWindow(issues, '2024-03-03', '2024-03-02')).to.deep.equal({ from: null, to: null });
    expect(issues.map((i) => i.path)).to.deep.equal(['to']);
    issues.length = 0;
    // One day, both ends the same date: the whole day.
    const day = readWindow(issues, '2024-03-02', '2024-03-02');
    expect(issues).to.deep.equal([]);
    expect([inWindow(day, local(2024, 3, 1, 23, 59)), inWindow(day, local(2024, 3, 2)), inWindow(day, local(2024, 3, 2, 23, 59, 59, 999)), inWindow(day, local(2024, 3, 3))]).to.deep.equal([false, true, true, false]);
  });
});
