import { expect } from 'chai';
import type { FeatureCollection } from 'geojson';
import { rollUpRisks, RISK_INDEX_WEIGHTS } from '../../src/risk/model/rollup';
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
});
