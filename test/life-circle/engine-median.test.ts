import { expect } from 'chai';
import { quantile } from 'd3';
import { median } from '../../src/life-circle/engine/area';
import { mulberry32 } from './engine-fixtures';

describe('life-circle engine: study-area median', () => {
  it("equals d3's quantile(values, 0.5) on odd and even counts, ties, NaN and single values", () => {
    const rng = mulberry32(42);
    const cases: Float64Array[] = [Float64Array.of(3), Float64Array.of(2, 1), Float64Array.of(5, 5, 5, 5), Float64Array.of(1, NaN, 3, 2), Float64Array.of(-0, 0, 1)];
    for (let c = 0; c < 200; c++) {
      const n = 1 + Math.floor(rng() * 300);
      // Few distinct values in half of the cases, so ties cross the middle.
      cases.push(Float64Array.from({ length: n }, () => (c % 2 ? Math.floor(rng() * 5) : rng() * 1000 - 500)));
    }
    for (const values of cases) expect(median(values), Array.from(values).join(',')).to.equal(quantile(values, 0.5));
    expect(Number.isNaN(median(new Float64Array(0)))).to.equal(true);
  });
});
