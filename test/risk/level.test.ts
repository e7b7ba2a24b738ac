import { expect } from 'chai';
import { levelFromScore, parseLevel, riskLevel, SCORE_BANDS, LEVEL_RANK, defaultWeight } from '../../src/risk/model/level';

describe('risk level derivation (R = likelihood × severity)', () => {
  // Every product of two factors 1–5, with the band DOMAIN.md puts it in.
  const table: Array<[number, number, string]> = [];
  const expected = (r: number) => (r <= 3 ? 'low' : r <= 9 ? 'general' : r <= 16 ? 'considerable' : 'major');
  for (let l = 1; l <= 5; l++) for (let s = 1; s <= 5; s++) table.push([l, s, expected(l * s)]);

  it('classes all 25 factor pairs by the DOMAIN.md bands', () => {
    const got = table.map(([likelihood, severity]) => riskLevel({ likelihood, severity }));
    expect(got).to.deep.equal(table.map(([, , level]) => level));
    // Spot values written out by hand, one per band edge.
    expect(riskLevel({ likelihood: 1, severity: 3 })).to.equal('low'); // R 3
    expect(riskLevel({ likelihood: 2, severity: 2 })).to.equal('general'); // R 4
    expect(riskLevel({ likelihood: 3, severity: 3 })).to.equal('general'); // R 9
    expect(riskLevel({ likelihood: 2, severity: 5 })).to.equal('considerable'); // R 10
    expect(riskLevel({ likelihood: 4, severity: 4 })).to.equal('considerable'); // R 16
    expect(riskLevel({ likelihood: 4, severity: 5 })).to.equal('major'); // R 20
    expect(riskLevel({ likelihood: 5, severity: 5 })).to.equal('major'); // R 25
  });

  it('has a level for every score 1–25 at each band boundary, including 17–19 (unreachable with integers)', () => {
    const cases: Array<[number, string | null]> = [
      [0, null],
      [1, 'low'],
      [3, 'low'],
      [3.5, 'general'],
      [4, 'general'],
      [9, 'general'],
      [10, 'considerable'],
      [16, 'considerable'],
      [16.5, 'major'],
      [17, 'major'],
      [18, 'major'],
      [19, 'major'],
      [20, 'major'],
      [25, 'major'],
      [25.5, null],
      [Number.NaN, null],
    ];
    expect(cases.map(([score]) => levelFromScore(score))).to.deep.equal(cases.map(([, level]) => level));
    expect(SCORE_BANDS.map((b) => b.max)).to.deep.equal([3, 9, 16, 25]);
  });

  it('prefers a named level over the factors and accepts zh-CN and colour names', () => {
    expect(riskLevel({ level: 'low', likelihood: 5, severity: 5 })).to.equal('low');
    expect(riskLevel({ level: '重大' })).to.equal('major');
    expect(riskLevel({ level: '较大风险' })).to.equal('considerable');
    expect(riskLevel({ level: ' General ' })).to.equal('general');
    expect(riskLevel({ level: '蓝色' })).to.equal('low');
    expect(parseLevel('red')).to.equal('major');
  });

  it('returns null for unknown names and factors outside 1–5 or not integers', () => {
    expect(riskLevel({ level: 'critical' })).to.equal(null);
    expect(riskLevel({ level: 'critical', likelihood: 2, severity: 2 })).to.equal('general');
    expect(riskLevel({ likelihood: 0, severity: 3 })).to.equal(null);
    expect(riskLevel({ likelihood: 6, severity: 1 })).to.equal(null);
    expect(riskLevel({ likelihood: 2.5, severity: 2 })).to.equal(null);
    expect(riskLevel({ likelihood: '3', severity: 3 })).to.equal(null);
    expect(riskLevel({ likelihood: 3 })).to.equal(null);
    expect(riskLevel({})).to.equal(null);
  });

  it('ranks levels and gives level-based default weights 4/3/2/1', () => {
    expect([LEVEL_RANK.major, LEVEL_RANK.considerable, LEVEL_RANK.general, LEVEL_RANK.low]).to.deep.equal([4, 3, 2, 1]);
    expect(['major', 'considerable', 'general', 'low'].map((l) => defaultWeight(l as 'low'))).to.deep.equal([4, 3, 2, 1]);
  });

  it('never takes Object.prototype members for level names (__proto__, constructor, toString…)', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'CONSTRUCTOR', ' __proto__ ']) {
      expect(parseLevel(name), name).to.equal(null);
      expect(riskLevel({ level: name }), name).to.equal(null);
    }
    // The factors still classify a record whose level name is one of them.
    expect(riskLevel({ level: '__proto__', likelihood: 4, severity: 5 })).to.equal('major');
  });
});
