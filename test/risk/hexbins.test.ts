import { expect } from 'chai';
import { commonXY, hexCountMax, hexRadiusCommon, pointToHexbin } from '../../src/risk/model/domain';
import { compileFilter, countVisibleByLevel, rowVisible, type RiskFilter } from '../../src/risk/model/filter';
import { HexBinning } from '../../src/risk/model/hexbins';
import { packRisks } from '../../src/risk/model/table';

let seed = 99;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const LEVELS = ['low', 'general', 'considerable', 'major'];
const records = Array.from({ length: 4000 }, (_, i) => ({
  id: `h${i}`,
  lon: 106.5 + random() * 0.05,
  lat: 29.5 + random() * 0.05,
  category: random() < 0.5 ? 'gas' : 'flood',
  level: LEVELS[Math.floor(random() * 4)],
  time: new Date(Date.UTC(2024, 4, 1) + Math.floor(random() * 10 * 86_400_000)).toISOString(),
}));
const { table } = packRisks(records);

describe('hexagons aggregated on the CPU (model/hexbins)', () => {
  const binning = new HexBinning(table, 300);

  for (const [name, filter] of [
    ['no filter', {}],
    ['a window, a category and levels', { from: Date.UTC(2024, 4, 3), to: Date.UTC(2024, 4, 6), categories: ['gas'], levels: ['major', 'low'] }],
  ] as Array<[string, RiskFilter]>) {
    it(`counts and highest levels per hexagon equal a per-record binning (${name})`, () => {
      const compiled = compileFilter(table, filter);
      const radius = hexRadiusCommon(table, 300);
      const expected = new Map<string, { count: number; maxRank: number }>();
      for (let row = 0; row < table.length; row++) {
        if (!rowVisible(table, compiled, row)) continue;
        const key = pointToHexbin(...commonXY(table.positions[3 * row], table.positions[3 * row + 1]), radius).join(':');
        const cell = expected.get(key) ?? { count: 0, maxRank: 0 };
        expected.set(key, { count: cell.count + 1, maxRank: Math.max(cell.maxRank, table.level[row]) });
      }
      const cells = binning.aggregate(compiled);
      const got = Array.from(cells.cells, (_, k) => ({ count: cells.counts[k], maxRank: cells.maxRank[k] }));
      const byCount = (a: { count: number; maxRank: number }, b: { count: number; maxRank: number }) => a.count - b.count || a.maxRank - b.maxRank;
      expect(cells.length).to.equal(expected.size).and.to.be.greaterThan(10);
      expect(got.sort(byCount)).to.deep.equal([...expected.values()].sort(byCount));
      expect(got.reduce((sum, cell) => sum + cell.count, 0)).to.equal(countVisibleByLevel(table, compiled)[0]);
      if (!filter.from) expect(Math.max(...got.map((cell) => cell.count))).to.equal(hexCountMax(table, 300));
    });
  }

  it('outlines each cell as a closed hexagon around its records', () => {
    const cells = binning.aggregate(compileFilter(table, {}));
    const outlines = binning.outlines(cells.cells, 1);
    expect(outlines.length).to.equal(cells.length * 14);
    for (let k = 0; k < cells.length; k++) {
      expect([outlines[14 * k], outlines[14 * k + 1]]).to.deep.equal([outlines[14 * k + 12], outlines[14 * k + 13]]);
    }
    // 300 m radius: opposite corners (0 and 3) are 600 m apart, north–south (about 0.0054° of latitude).
    expect(Math.abs(outlines[1] - outlines[7]) * 111_000).to.be.closeTo(600, 10);
  });

  it('finds the cell drawn at a point: inside each drawn hexagon its cell, in the gap between hexagons none', () => {
    const cells = binning.aggregate(compileFilter(table, {}));
    const full = binning.outlines(cells.cells, 1);
    for (let k = 0; k < cells.length; k++) {
      // Corners 0 and 3 are the bottom and top of the lattice hexagon: its middle is inside the drawn one.
      const [lon, bottom, top] = [full[14 * k], full[14 * k + 1], full[14 * k + 7]];
      expect(binning.cellAt(lon, (bottom + top) / 2, 0.92)).to.equal(cells.cells[k]);
      // Just inside the lattice hexagon's top corner: the gap the drawn (92 %) hexagon leaves.
      expect(binning.cellAt(lon, top - (top - bottom) * 0.01, 0.92)).to.equal(-1);
      expect(binning.cellAt(lon, top - (top - bottom) * 0.01, 1)).to.equal(cells.cells[k]);
    }
    expect(binning.cellAt(100, 20, 0.92)).to.equal(-1);
  });
});
