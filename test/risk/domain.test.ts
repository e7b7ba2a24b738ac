import { expect } from 'chai';
import { packRisks } from '../../src/risk/model/table';
import { HEAT_KERNEL_AREA, MAX_HEX_BINS, fitHexRadius, heatDensityDomain, heatTexelDomain, hexCountMax, hexGridSize, pointToHexbin, quantileSorted, radiusScale } from '../../src/risk/model/domain';

describe('colour and size domains (fixed per data set)', () => {
  it('integrates the heat kernel over the unit disk', () => {
    // 2π · 0.027775 · (1 − e^−18.0018) / (1.77245385 · 0.166666)
    expect(HEAT_KERNEL_AREA).to.be.closeTo(0.5907612, 1e-7);
  });

  it('scales a density domain to texel values by R²', () => {
    const [lo, hi] = heatTexelDomain([10, 200], 100);
    expect(lo).to.be.closeTo(10e-6 * HEAT_KERNEL_AREA * 1e4, 1e-12);
    expect(hi).to.be.closeTo(200e-6 * HEAT_KERNEL_AREA * 1e4, 1e-12);
    expect(heatTexelDomain([10, 200], 200)[1]).to.be.closeTo(hi * 4, 1e-9);
  });

  it('takes the heat domain from the densest cells, once per data set', () => {
    // 12 records of weight 1 in one spot, 1 record far away: span ≈ 11.1 km → 222 m cells.
    const records = Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, lon: 106.5, lat: 29.5, category: 'gas', level: 'low', weight: 1 }));
    records.push({ id: 'far', lon: 106.5, lat: 29.6, category: 'gas', level: 'low', weight: 1 });
    const { table } = packRisks(records);
    const span = 0.1 * 6_371_008.8 * (Math.PI / 180);
    const cellKm2 = (span / 50 / 1000) ** 2;
    // Two occupied cells (1/cellKm2 and 12/cellKm2): p99 = 1 + 0.99 · 11.
    const high = (1 + 0.99 * 11) / cellKm2;
    const [lo, hi] = heatDensityDomain(table);
    expect(hi).to.be.closeTo(high, 1e-6);
    expect(lo).to.be.closeTo(high / 50, 1e-6);
    expect(heatDensityDomain(packRisks([]).table)).to.deep.equal([0, 0]);
  });

  it('bins hexagons as d3-hexbin does and finds the fullest one', () => {
    expect(pointToHexbin(0, 0, 1)).to.deep.equal([0, 0]);
    expect(pointToHexbin(Math.sqrt(3), 0, 1)).to.deep.equal([1, 0]);
    expect(pointToHexbin(Math.sqrt(3) / 2, 1.5, 1)).to.deep.equal([0, 1]);
    const records = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `a${i}`, lon: 106.5, lat: 29.5, category: 'gas', level: 'low' })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `b${i}`, lon: 106.6, lat: 29.5, category: 'gas', level: 'low' })),
    ];
    expect(hexCountMax(packRisks(records).table, 300)).to.equal(5);
  });

  it('sizes points by the square root of weight up to the 99th percentile', () => {
    const records = Array.from({ length: 101 }, (_, i) => ({ id: `r${i}`, lon: 106.5, lat: 29.5, category: 'gas', level: 'low', weight: i }));
    const scale = radiusScale(packRisks(records).table, 4, 10);
    expect(scale.reference).to.equal(99);
    expect(scale.radius(0)).to.equal(4);
    expect(scale.radius(99)).to.equal(10);
    expect(scale.radius(500)).to.equal(10);
    expect(scale.radius(99 / 4)).to.equal(7);
    expect(quantileSorted(new Float64Array([1, 2, 3, 4]), 0.5)).to.equal(2.5);
  });

  it('sizes the dense hexagon grid deck.gl allocates, and grows the radius when it would be too large', () => {
    const one = packRisks([{ id: 'a', lon: 106.55, lat: 29.56, category: 'gas', level: 'low' }]).table;
    expect(hexGridSize(one, 300)).to.equal(9);
    // 1° of longitude on the equator at 1 km: 64.2 hexagon widths → 64 + 3 columns, 3 rows.
    const wide = packRisks([
      { id: 'a', lon: 10, lat: 0, category: 'gas', level: 'low' },
      { id: 'b', lon: 11, lat: 0, category: 'gas', level: 'low' },
    ]).table;
    expect(hexGridSize(wide, 1000)).to.equal(67 * 3);
    expect(fitHexRadius(wide, 1000)).to.equal(1000);
    const capped = fitHexRadius(wide, 1000, 100);
    expect(hexGridSize(wide, capped)).to.be.at.most(100);
    expect(hexGridSize(wide, capped * 0.9)).to.be.greaterThan(100);
    // One record on the far side of the world: billions of 300 m hexagons, capped.
    const far = packRisks([
      { id: 'a', lon: 106.55, lat: 29.56, category: 'gas', level: 'low' },
      { id: 'b', lon: -179, lat: -80, category: 'gas', level: 'low' },
    ]).table;
    expect(hexGridSize(far, 300)).to.be.greaterThan(1e9);
    const fitted = fitHexRadius(far, 300);
    expect(hexGridSize(far, fitted)).to.be.at.most(MAX_HEX_BINS);
    expect(hexGridSize(far, fitted * 0.9)).to.be.greaterThan(MAX_HEX_BINS);
  });
});
