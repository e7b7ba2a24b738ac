import { expect } from 'chai';
import type { FeatureCollection } from 'geojson';
import { rollUpRisks, RISK_INDEX_WEIGHTS } from '../../src/risk/model/rollup';
import type { ValidationIssue } from '../../src/core/validation';
import { wgs84ToGcj02 } from '../../src/core/crs';

const square = (id: string, level: string, parent: string | undefined, w: number, s: number, e: number, n: number) => ({
  type: 'Feature' as const,
  properties: { id, name: id, level, ...(parent ? { parent } : {}) },
  geometry: { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});

// D1 = [106.0, 29.0]–[106.2, 29.1]; streets S1 (west half), S2 (east half); S1 has communities C1 (south), C2 (north).
const grids: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    square('D1', 'district', undefined, 106.0, 29.0, 106.2, 29.1),
    square('S1', 'street', 'D1', 106.0, 29.0, 106.1, 29.1),
    square('S2', 'street', 'D1', 106.1, 29.0, 106.2, 29.1),
    square('C1', 'community', 'S1', 106.0, 29.0, 106.1, 29.05),
    square('C2', 'community', 'S1', 106.0, 29.05, 106.1, 29.1),
  ],
};

const records = [
  { id: 'r1', lon: 106.05, lat: 29.02, category: 'gas', level: 'major' }, // C1
  { id: 'r2', lon: 106.06, lat: 29.03, category: 'gas', likelihood: 2, severity: 2 }, // C1, general
  { id: 'r3', lon: 106.05, lat: 29.07, category: 'bridge', level: 'low' }, // C2
  { id: 'r4', lon: 106.05, lat: 29.02, category: 'bridge', level: 'considerable', grid: 'C2' }, // in C1, declared C2: C2
  { id: 'r5', lon: 106.15, lat: 29.05, category: 'flood', level: 'low', grid: 'nope' }, // unknown grid → S2 by position
  { id: 'r6', lon: 107.0, lat: 30.0, category: 'flood', level: 'major' }, // outside
  { id: 'r7', lon: Number.NaN, lat: 29.02, category: 'gas', level: 'major' }, // invalid
  { id: 'r8', lon: 106.15, lat: 29.08, category: 'gas', level: 'major', time: '2024-05-03T00:00:00Z' }, // S2
];

describe('rollUpRisks', () => {
  it('counts by level per community (declared grid first, else point in polygon); every unit listed', () => {
    expect(rollUpRisks(records, grids, 'community')).to.deep.equal({
      C1: { major: 1, considerable: 0, general: 1, low: 0, index: 4 + 2 },
      C2: { major: 0, considerable: 1, general: 0, low: 1, index: 3 + 1 },
    });
  });

  it('walks a declared grid up to the wanted level', () => {
    expect(rollUpRisks(records, grids, 'street')).to.deep.equal({
      S1: { major: 1, considerable: 1, general: 1, low: 1, index: 4 + 3 + 2 + 1 },
      S2: { major: 1, considerable: 0, general: 0, low: 1, index: 4 + 1 },
    });
    expect(rollUpRisks(records, grids, 'district').D1.index).to.equal(15);
  });

  it('uses the index weights 4/3/2/1', () => {
    expect(RISK_INDEX_WEIGHTS).to.deep.equal({ low: 1, general: 2, considerable: 3, major: 4 });
  });

  it('honours a filter (time window, categories)', () => {
    const from = Date.UTC(2024, 4, 1);
    const to = Date.UTC(2024, 4, 5);
    expect(rollUpRisks(records, grids, 'street', { filter: { from, to } })).to.deep.equal({
      S1: { major: 0, considerable: 0, general: 0, low: 0, index: 0 },
      S2: { major: 1, considerable: 0, general: 0, low: 0, index: 4 },
    });
    expect(rollUpRisks(records, grids, 'community', { filter: { categories: ['bridge'] } }).C2.index).to.equal(4);
  });

  it('converts records into the grids’ CRS', () => {
    const [x, y] = wgs84ToGcj02(106.05, 29.02);
    const shifted = [{ id: 'g', lon: x, lat: y, category: 'gas', level: 'low' }];
    // Records in GCJ-02, grids in WGS-84.
    expect(rollUpRisks(shifted, grids, 'community', { crs: 'gcj02', gridCrs: 'wgs84' }).C1.low).to.equal(1);
  });

  it('returns an empty object for a level with no units and ignores bad features', () => {
    expect(rollUpRisks(records, grids, 'micro-grid')).to.deep.equal({});
    const messy = { type: 'FeatureCollection', features: [null, { type: 'Feature', properties: null, geometry: null }, ...grids.features] } as unknown as FeatureCollection;
    expect(Object.keys(rollUpRisks(records, messy, 'street'))).to.deep.equal(['S1', 'S2']);
  });

  it('never throws on garbage grids, records, level or options: returns what it can and reports the rest', () => {
    const cases: Array<[string, () => Record<string, unknown>, string[]]> = [
      ['features: 42', () => rollUpRisks(records, { type: 'FeatureCollection', features: 42 } as never, 'street', { issues }), ['records[6].lon', 'grids.features']],
      ['grids: null', () => rollUpRisks(records, null as never, 'street', { issues }), ['records[6].lon', 'grids']],
      ['grids: "x"', () => rollUpRisks(records, 'x' as never, 'street', { issues }), ['records[6].lon', 'grids']],
      ['records: 42', () => rollUpRisks(42 as never, grids, 'community', { issues }), ['records']],
      ['records: null', () => rollUpRisks(null as never, grids, 'community', { issues }), ['records']],
      ['level: {}', () => rollUpRisks(records, grids, {} as never, { issues }), ['level']],
      ['options garbage', () => rollUpRisks(records, grids, 'micro-grid', { crs: 'mars', gridCrs: 42, filter: { from: 'x', categories: 7 }, issues } as never), ['crs', 'gridCrs', 'filter.from', 'filter.categories', 'records[6].lon']],
    ];
    let issues: ValidationIssue[] = [];
    for (const [label, run, paths] of cases) {
      issues = [];
      const result = run();
      expect(Object.keys(result), label).to.deep.equal(label.startsWith('records') ? ['C1', 'C2'] : []);
      expect(issues.map((i) => i.path), label).to.deep.equal(paths);
    }
    expect(rollUpRisks(records, grids, 'community', null as never).C1.index).to.equal(6);
  });

  it('skips bad features (reported with their path) and still counts the good units', () => {
    const issues: ValidationIssue[] = [];
    const dirty = {
      type: 'FeatureCollection',
      features: [
        42,
        null,
        { type: 'Feature', properties: null, geometry: null },
        { type: 'Feature', properties: { id: {}, level: 'community' }, geometry: grids.features[3].geometry },
        ...grids.features,
        { ...grids.features[3], properties: { id: 'C1', level: 'community' } },
        { type: 'Feature', properties: { id: 'C3', level: 'community' }, geometry: { type: 'Polygon', coordinates: [[[NaN, 29], [106, 'x'], [106, 29], [NaN, 29]]] } },
        { type: 'Feature', properties: { id: 'C4', level: 'community' }, geometry: { type: 'Point', coordinates: [106.05, 29.02] } },
        { type: 'Feature', properties: { id: 'C5', level: 'community' }, geometry: { type: 'MultiPolygon', coordinates: [] } },
      ],
    };
    expect(rollUpRisks(records, dirty as never, 'community', { issues })).to.deep.equal(rollUpRisks(records, grids, 'community'));
    expect(issues.map((i) => i.path)).to.deep.equal([
      'records[6].lon',
      'grids.features[0]',
      'grids.features[1]',
      'grids.features[2].properties',
      'grids.features[3].properties.id',
      'grids.features[9].properties.id',
      'grids.features[10].geometry',
      'grids.features[11].geometry',
      'grids.features[12].geometry',
    ]);
  });

  it('keeps unit ids such as __proto__, constructor and toString as plain keys (no prototype lookups)', () => {
    const units = {
      type: 'FeatureCollection',
      features: [
        square('__proto__', 'community', 'constructor', 106.0, 29.0, 106.1, 29.05),
        square('constructor', 'street', undefined, 106.0, 29.0, 106.2, 29.1),
        square('toString', 'community', 'constructor', 106.0, 29.05, 106.1, 29.1),
      ],
    } as FeatureCollection;
    const rs = [
      { id: 'p', lon: 106.05, lat: 29.02, category: 'gas', level: 'major' },
      { id: 'q', lon: 106.05, lat: 29.07, category: 'gas', level: 'low' },
      // Declared units that are not communities: walked up (constructor is a street), or unknown.
      { id: 'r', lon: 106.15, lat: 29.02, category: 'gas', level: 'general', grid: 'hasOwnProperty' },
      { id: 's', lon: 106.05, lat: 29.07, category: 'gas', level: 'general', grid: 'valueOf' },
    ];
    const result = rollUpRisks(rs, units, 'community');
    expect(Object.keys(result)).to.deep.equal(['__proto__', 'toString']);
    expect(result['__proto__']).to.deep.equal({ major: 1, considerable: 0, general: 0, low: 0, index: 4 });
    expect(result['toString']).to.deep.equal({ major: 0, considerable: 0, general: 1, low: 1, index: 3 });
    expect(Object.getPrototypeOf(result)).to.equal(null);
    const streets = rollUpRisks(rs, units, 'street');
    expect(Object.keys(streets)).to.deep.equal(['constructor']);
    // All four lie in the one street (r and s by position: their declared units do not exist).
    expect(streets['constructor']).to.deep.equal({ major: 1, considerable: 0, general: 2, low: 1, index: 9 });
    expect(({} as Record<string, unknown>).major, 'Object.prototype untouched').to.equal(undefined);
  });
});
