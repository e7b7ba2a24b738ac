import { expect } from 'chai';
import { suggestSites } from '../../src/life-circle/engine/index';
import { at, facility, fc, home, road } from './engine-fixtures';

describe('life-circle engine: best new sites (greedy maximal coverage)', () => {
  // Homes on one road: h1 at 0 m (100 people), h2 at 400 m (100), h3 at 800 m (150); kindergarten limit 300 m.
  const data = {
    residences: fc([home('h1', 0, 0, 100), home('h2', 400, 0, 100), home('h3', 800, 0, 150)]),
    facilities: fc([]),
    roads: fc([road('a', [-500, 0], [1500, 0])]),
  };
  const candidates = [at(200, 0), at(600, 0), at(-100, 0)]; // A covers h1+h2, B covers h2+h3, C covers h1

  it('picks the largest newly covered population first, then the best remaining (ties to the earlier candidate)', () => {
    const result = suggestSites(data, { category: 'kindergarten', k: 3, candidates });
    expect(result.method).to.equal('network');
    expect(result.limit).to.equal(300);
    expect(result.uncoveredPopulation).to.equal(350);
    expect(result.sites.map((s) => [s.candidate, s.population, s.cumulativePopulation, s.residenceIds])).to.deep.equal([
      ['1', 250, 250, ['h2', 'h3']],
      ['0', 100, 350, ['h1']],
    ]);
    expect(result.sites[0]!.coordinates[0]).to.be.closeTo(at(600, 0)[0], 1e-9);
  });

  it('counts only residences outside the limit today', () => {
    const served = { ...data, facilities: fc([facility('k', 'kindergarten', 750, 0)]) };
    const result = suggestSites(served, { category: 'kindergarten', k: 2, candidates });
    expect(result.uncoveredPopulation).to.equal(200);
    expect(result.sites.map((s) => [s.candidate, s.population])).to.deep.equal([['0', 200]]);
  });

  it('ranks network nodes when no candidates are given', () => {
    const grid = {
      residences: fc([home('a', 0, 10, 100), home('b', 100, 10, 100), home('c', 1000, 10, 40)]),
      facilities: fc([]),
      roads: fc([road('r', [0, 0], [50, 0], [1000, 0]), road('s', [50, 0], [50, 200])]),
    };
    const result = suggestSites(grid, { category: 'kindergarten', k: 2 });
    // Junction candidates: (0,0) dead end, (50,0) junction, (1000,0) dead end, (50,200) dead end.
    expect(result.candidates).to.equal(4);
    expect(result.sites.map((s) => s.population)).to.deep.equal([200, 40]);
    expect(result.sites[0]!.candidate.startsWith('node:')).to.equal(true);
  });

  it('works on straight-line distances without roads', () => {
    const result = suggestSites({ residences: data.residences, facilities: fc([]) }, { category: 'kindergarten', k: 1, candidates });
    expect(result.method).to.equal('straight-line');
    expect(result.sites[0]).to.deep.include({ candidate: '1', population: 250 });
  });

  it('reports unknown and rule-based categories instead of throwing', () => {
    expect(suggestSites(data, { category: 'casino' }).issues[0]!.path).to.equal('options.category');
    const rule = suggestSites(data, { category: 'health-centre' });
    expect(rule.sites).to.deep.equal([]);
    expect(rule.issues[0]!.message).to.contain('rule');
  });
});
