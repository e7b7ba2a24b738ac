import { expect } from 'chai';
import { profiles, resolveProfile } from '../../src/life-circle/engine/index';

describe('life-circle engine: standards as data', () => {
  const gb = profiles['gb50180-2018']!;

  it('carries GB 50180-2018 with its three levels, a version and a source', () => {
    expect(gb).to.deep.include({ id: 'gb50180-2018', version: '2018' });
    expect(gb.source).to.contain('GB 50180-2018');
    expect(gb.levels.map((l) => [l.minutes, l.distance, l.population])).to.deep.equal([
      [5, 300, [5000, 12000]],
      [10, 500, [15000, 25000]],
      [15, 1000, [50000, 100000]],
    ]);
    expect(gb.levels[2]!.distanceRange).to.deep.equal([800, 1000]);
  });

  it('has the 20 shared category keys with level, radius or rule, ▲/△ and a confidence note per row', () => {
    const rows = gb.categories.map((c) => [c.key, c.level, c.radius ?? c.rule, c.required ? '▲' : '△']);
    expect(rows).to.deep.equal([
      ['junior-middle-school', 15, 1000, '▲'],
      ['health-centre', 15, 'one-per-street', '▲'],
      ['elderly-care-home', 15, 1000, '▲'],
      ['cultural-centre', 15, 1000, '▲'],
      ['sports-centre', 15, 1000, '△'],
      ['rail-station', 15, 800, '△'],
      ['primary-school', 10, 500, '▲'],
      ['wet-market', 10, 500, '▲'],
      ['bus-stop', 10, 500, '▲'],
      ['sports-field', 10, 500, '△'],
      ['community-park', 10, 500, '▲'],
      ['pharmacy', 10, 500, '△'],
      ['kindergarten', 5, 300, '▲'],
      ['elderly-day-care', 5, 300, '▲'],
      ['community-service-station', 5, 300, '▲'],
      ['convenience-store', 5, 300, '▲'],
      ['public-toilet', 5, 300, '▲'],
      ['fitness-ground', 5, 300, '▲'],
      ['children-playground', 5, 300, '△'],
      ['waste-collection', 5, 300, '▲'],
    ]);
    for (const row of gb.categories) {
      expect(['high', 'medium', 'low'], row.key).to.include(row.confidence);
      expect(row.note.length, row.key).to.be.greaterThan(20);
      expect(row.label['zh-CN'].length, row.key).to.be.greaterThan(0);
      expect(row.label.en.length, row.key).to.be.greaterThan(0);
    }
    expect(gb.categories.find((c) => c.key === 'kindergarten')!.confidence).to.equal('high');
    expect(gb.categories.find((c) => c.key === 'pharmacy')!.confidence).to.equal('low');
  });

  it('lets a city override radii over the built-in rows (custom JSON with `extends`)', () => {
    const city = resolveProfile({
      id: 'city-2024',
      version: '2024',
      extends: 'gb50180-2018',
      categories: [{ key: 'junior-middle-school', radius: 1500, confidence: 'high', note: 'city rule' }, { key: 'breakfast-shop', label: { 'zh-CN': '早餐店', en: 'Breakfast shop' }, level: 5, radius: 300, required: false }],
    });
    expect(city).to.deep.include({ id: 'city-2024', version: '2024' });
    expect(city.categories.length).to.equal(21);
    expect(city.categories.find((c) => c.key === 'junior-middle-school')).to.deep.include({ radius: 1500, level: 15, required: true, note: 'city rule' });
    expect(city.categories.at(-1)).to.deep.include({ key: 'breakfast-shop', radius: 300, required: false, rule: null });
    // Setting a radius on a rule row turns it into a distance row.
    const health = resolveProfile({ extends: 'gb50180-2018', categories: [{ key: 'health-centre', radius: 1000 }] }).categories.find((c) => c.key === 'health-centre');
    expect(health).to.deep.include({ radius: 1000, rule: null });
  });
});
