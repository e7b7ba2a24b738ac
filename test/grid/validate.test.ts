import { expect } from 'chai';
import type { Feature } from 'geojson';
import { validateGridCollection } from '../../src/grid/model/validate';
import { sampleGrid, unit } from './fixtures';

const ring = (points: unknown[][]) => ({ type: 'Polygon', coordinates: [points] });
const withFeature = (feature: unknown) => {
  const grid = sampleGrid();
  (grid.features as unknown[]).push(feature);
  return grid;
};
const summary = (input: unknown) => {
  const result = validateGridCollection(input);
  return {
    ids: result.units.map((u) => u.id),
    issues: result.issues.map((i) => `${i.path} ${i.code}`),
  };
};
const ALL = ['D1', 'D2', 'S1', 'S2', 'S3', 'C1', 'C2', 'C3', 'C4'];

describe('grid validation', () => {
  it('keeps every unit of a valid collection, with flattened rings', () => {
    const result = validateGridCollection(sampleGrid());
    expect(result.issues).to.deep.equal([]);
    expect(result.units.map((u) => u.id)).to.deep.equal(ALL);
    const c1 = result.units[5];
    expect(c1).to.include({ source: 5, id: 'C1', name: 'C1名', level: 'community', parent: 'S1' });
    expect(c1.polygons).to.deep.equal([[[116, 39.9, 116.01, 39.9, 116.01, 39.91, 116, 39.91, 116, 39.9]]]);
  });

  for (const [label, input, expectedPath] of [
    ['an array', [], ''],
    ['null', null, ''],
    ['a single Feature', unit('X', 'district', null, [0, 0, 1, 1]), ''],
    ['features that are not an array', { type: 'FeatureCollection', features: {} }, 'features'],
  ] as const) {
    it(`rejects ${label} as a whole`, () => {
      const result = validateGridCollection(input);
      expect(result.units).to.deep.equal([]);
      expect(result.issues.map((i) => [i.path, i.code, i.severity])).to.deep.equal([[expectedPath, 'wrong-type', 'error']]);
    });
  }

  const cases: [string, unknown, string[]][] = [
    ['a non-Feature entry', { type: 'Point', coordinates: [116, 39.9] }, ['features[9] wrong-type']],
    ['a feature without id', { type: 'Feature', geometry: ring([[116, 39.9], [116.01, 39.9], [116.01, 39.91], [116, 39.9]]), properties: { level: 'district' } }, ['features[9].properties.id missing']],
    ['a feature with an object id', { ...unit('X', 'district', null, [0, 0, 1, 1]), properties: { id: { a: 1 }, level: 'district' } }, ['features[9].properties.id wrong-type']],
    ['a feature without geometry', { type: 'Feature', geometry: null, properties: { id: 'X', level: 'district' } }, ['features[9].geometry missing']],
    ['a Point geometry', { type: 'Feature', geometry: { type: 'Point', coordinates: [116, 39.9] }, properties: { id: 'X', level: 'district' } }, ['features[9].geometry.type wrong-type']],
    ['a missing level', { ...unit('X', 'district', null, [0, 0, 1, 1]), properties: { id: 'X' } }, ['features[9].properties.level missing']],
    ['an unknown level', unit('X', 'county', null, [0, 0, 1, 1]), ['features[9].properties.level unknown-value']],
    ['a duplicate id', unit('C2', 'community', 'S1', [0, 1, 1, 2]), ['features[9].properties.id duplicate-id']],
    ['an unknown parent', unit('C9', 'community', 'S9', [0, 0, 1, 1]), ['features[9].properties.parent unknown-reference']],
    ['a parent of the same level', unit('C9', 'community', 'C1', [0, 0, 1, 1]), ['features[9].properties.parent parent-level']],
    ['an unclosed ring', { type: 'Feature', geometry: ring([[116, 39.9], [116.01, 39.9], [116.01, 39.91], [116, 39.91]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0] unclosed-ring']],
    ['a ring of three positions', { type: 'Feature', geometry: ring([[116, 39.9], [116.01, 39.9], [116, 39.9]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0] ring-too-short']],
    ['a self-intersecting ring (bow tie)', { type: 'Feature', geometry: ring([[116, 39.9], [116.01, 39.91], [116.01, 39.9], [116, 39.91], [116, 39.9]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0] self-intersection']],
    ['a NaN coordinate', { type: 'Feature', geometry: ring([[116, 39.9], [116.01, 39.9], [NaN, 39.91], [116, 39.91], [116, 39.9]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0][2] not-a-number']],
    ['an Infinity coordinate', { type: 'Feature', geometry: ring([[116, 39.9], [116.01, Infinity], [116.01, 39.91], [116, 39.91], [116, 39.9]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0][1] not-a-number']],
    ['a string coordinate', { type: 'Feature', geometry: ring([['116', 39.9], [116.01, 39.9], [116.01, 39.91], [116, 39.91], ['116', 39.9]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0][0] not-a-number']],
    ['[lat, lon] positions', { type: 'Feature', geometry: ring([[39.9, 116], [39.9, 116.01], [39.91, 116.01], [39.91, 116], [39.9, 116]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0][0] swapped-coordinates']],
    ['a coordinate out of range', { type: 'Feature', geometry: ring([[200, 39.9], [116.01, 39.9], [116.01, 39.91], [116, 39.91], [200, 39.9]]), properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[0][0] out-of-range']],
    ['a bad second part of a MultiPolygon', { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [[[[116, 39.9], [116.01, 39.9], [116.01, 39.91], [116, 39.9]]], [[[116, 39.9], [116.01, 39.9], [116, 39.9]]]] }, properties: { id: 'X', level: 'community', parent: 'S1' } }, ['features[9].geometry.coordinates[1][0] ring-too-short']],
  ];
  for (const [label, feature, issues] of cases) {
    it(`skips and reports ${label}, keeping the valid units`, () => {
      expect(summary(withFeature(feature))).to.deep.equal({ ids: ALL, issues });
    });
  }

  it('flags a whole unit drawn at [lat, lon] when its swapped position sits among the others', () => {
    // Near lon 80, lat 40 both orders are in range: only the outlier rule can tell.
    const at = (lon: number, lat: number, id: string): Feature => ({
      type: 'Feature',
      geometry: ring([[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]) as Feature['geometry'],
      properties: { id, level: 'grid' },
    });
    const input = { type: 'FeatureCollection', features: [at(80, 40, 'a'), at(80.02, 40, 'b'), at(40, 80.01, 'c'), at(80.01, 40.02, 'd')] };
    expect(summary(input)).to.deep.equal({ ids: ['a', 'b', 'd'], issues: ['features[2].geometry.coordinates swapped-coordinates'] });
  });

  it('accepts unknown parents for the top level present (a street-only file) and numeric ids', () => {
    const input = {
      type: 'FeatureCollection',
      features: [
        unit('S1', 'street', 'D-outside', [0, 0, 1, 2]),
        { ...unit('x', 'community', 'S1', [0, 0, 1, 1]), properties: { id: 7, level: 'community', parent: 'S1' } },
      ],
    };
    const result = validateGridCollection(input);
    expect(result.issues).to.deep.equal([]);
    expect(result.units.map((u) => [u.id, u.parent, u.name])).to.deep.equal([
      ['S1', 'D-outside', 'S1名'],
      ['7', 'S1', '7'],
    ]);
  });

  it('keeps children of a skipped parent (the parent is reported once, not its children)', () => {
    const grid = sampleGrid();
    (grid.features[2] as { geometry: unknown }).geometry = null; // S1
    expect(summary(grid)).to.deep.equal({
      ids: ['D1', 'D2', 'S2', 'S3', 'C1', 'C2', 'C3', 'C4'],
      issues: ['features[2].geometry missing'],
    });
  });

  it('names the first valid unit of an id: a skipped feature of that id neither blocks it nor counts as its first', () => {
    const grid = sampleGrid();
    (grid.features as unknown[]).push(
      { ...unit('X', 'community', 'S1', [0, 0, 1, 1]), geometry: null }, // features[9]: skipped
      unit('X', 'community', 'S1', [0, 0, 1, 1]), // features[10]: the unit X
      unit('X', 'community', 'S2', [1, 0, 2, 1]), // features[11]: a duplicate of features[10]
    );
    const result = validateGridCollection(grid);
    expect(result.units.filter((u) => u.id === 'X').map((u) => [u.source, u.parent])).to.deep.equal([[10, 'S1']]);
    expect(result.issues.map((i) => [i.path, i.code, i.message])).to.deep.equal([
      ['features[9].geometry', 'missing', 'geometry is missing'],
      ['features[11].properties.id', 'duplicate-id', 'duplicate id "X" (first at features[10])'],
    ]);
  });

  it('keeps the children of a unit drawn at [lat, lon] (their parent exists, it is reported once)', () => {
    const at = (lon: number, lat: number, id: string, level: string, parent?: string): Feature => ({
      type: 'Feature',
      geometry: ring([[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]) as Feature['geometry'],
      properties: { id, level, ...(parent ? { parent } : {}) },
    });
    const input = {
      type: 'FeatureCollection',
      features: [at(80, 40, 'a', 'street'), at(80.02, 40, 'b', 'street'), at(40, 80.01, 'c', 'street'), at(80.01, 40.02, 'd', 'community', 'c'), at(80, 40.03, 'e', 'community', 'ghost')],
    };
    expect(summary(input)).to.deep.equal({
      ids: ['a', 'b', 'd'],
      issues: ['features[2].geometry.coordinates swapped-coordinates', 'features[4].properties.parent unknown-reference'],
    });
  });

  it('keeps names with HTML as plain strings', () => {
    const result = validateGridCollection(withFeature(unit('X', 'community', 'S1', [0, 0, 1, 1], { name: '<img src=x onerror=alert(1)>' })));
    expect(result.units[9].name).to.equal('<img src=x onerror=alert(1)>');
  });
});

describe('grid validation: hostile input', () => {
  const at = (x: number, props: Record<string, unknown>) => ({ ...unit('X', 'community', 'S1', [x, 0, x + 1, 1]), properties: props });

  it('keeps units with ids "__proto__", "constructor" and "toString" like any other, with parents by those ids', () => {
    const grid = sampleGrid();
    grid.features[2].properties!.id = '__proto__'; // S1
    grid.features[5].properties!.parent = '__proto__'; // C1
    grid.features[6].properties!.parent = '__proto__'; // C2
    grid.features[3].properties!.id = 'constructor'; // S2
    grid.features[7].properties!.parent = 'constructor'; // C3
    grid.features[8].properties!.id = 'toString'; // C4
    const result = validateGridCollection(JSON.parse(JSON.stringify(grid)));
    expect(result.issues).to.deep.equal([]);
    expect(result.units.map((u) => [u.id, u.parent])).to.deep.equal([
      ['D1', null], ['D2', null], ['__proto__', 'D1'], ['constructor', 'D1'], ['S3', 'D2'],
      ['C1', '__proto__'], ['C2', '__proto__'], ['C3', 'constructor'], ['toString', 'S3'],
    ]);
  });

  it('reads only own properties: inherited id, level, parent or name do not count', () => {
    const inherited = Object.create({ id: 'ghost', level: 'community', parent: 'S1', name: 'inherited' }) as Record<string, unknown>;
    const feature = { type: 'Feature', geometry: unit('X', 'community', 'S1', [0, 0, 1, 1]).geometry, properties: inherited };
    expect(summary(withFeature(feature)).issues).to.deep.equal(['features[9].properties.id missing', 'features[9].properties.level missing']);
    // A "__proto__" key parsed from JSON is an own property: an unknown level, not the prototype.
    const parsed = JSON.parse('{"type":"Feature","geometry":null,"properties":{"id":"Y","level":"__proto__","parent":"constructor"}}') as unknown;
    expect(summary(withFeature(parsed)).issues).to.deep.equal(['features[9].properties.level unknown-value', 'features[9].geometry missing']);
  });

  it('reports names of the wrong type and cuts long names, keeping the unit', () => {
    const long = '长'.repeat(10_000);
    const result = validateGridCollection(
      withFeature(at(0, { id: 'N1', level: 'community', parent: 'S1', name: { html: '<b>' } })),
    );
    expect(result.units.map((u) => u.id)).to.deep.equal([...ALL, 'N1']);
    expect(result.units[9].name).to.equal('N1');
    expect(result.issues.map((i) => `${i.path} ${i.code} ${i.severity}`)).to.deep.equal(['features[9].properties.name wrong-type warning']);
    const cut = validateGridCollection(withFeature(at(0, { id: 'N2', level: 'community', parent: 'S1', name: long })));
    expect(cut.units[9].name).to.equal(`${'长'.repeat(199)}…`);
    expect(cut.issues.map((i) => `${i.path} ${i.code} ${i.params?.value}`)).to.deep.equal(['features[9].properties.name too-long 10000']);
    const numeric = validateGridCollection(withFeature(at(0, { id: 'N3', level: 'community', parent: 'S1', name: 12 })));
    expect([numeric.units[9].name, numeric.issues]).to.deep.equal(['12', []]);
  });

  it('reports a ring that encloses no area and coordinates that are not an array', () => {
    const flat = { type: 'Polygon', coordinates: [[[116, 39.9], [116.01, 39.9], [116.02, 39.9], [116, 39.9]]] };
    expect(summary(withFeature({ type: 'Feature', geometry: flat, properties: { id: 'Z', level: 'community', parent: 'S1' } })).issues).to.deep.equal([
      'features[9].geometry.coordinates[0] zero-area',
    ]);
    const text = { type: 'Polygon', coordinates: '116,39.9' };
    expect(summary(withFeature({ type: 'Feature', geometry: text, properties: { id: 'Z', level: 'community', parent: 'S1' } })).issues).to.deep.equal([
      'features[9].geometry.coordinates wrong-type',
    ]);
  });

  it('reports rings claiming more positions than are read (sparse arrays of billions) and keeps the rest', () => {
    const huge: unknown[] = [];
    huge.length = 3_000_000_000;
    const justOver: unknown[] = [];
    justOver.length = 1_000_001;
    const features = [huge, justOver].map((ring, k) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: `H${k}`, level: 'community', parent: 'S1' } }));
    const result = summary({ ...sampleGrid(), features: [...sampleGrid().features, ...features] });
    expect(result.issues).to.deep.equal(['features[9].geometry.coordinates[0] ring-too-long', 'features[10].geometry.coordinates[0] ring-too-long']);
    expect(result.ids).to.deep.equal(ALL);
  });

  it('handles 150 000 units without overflowing the call stack', () => {
    const features = Array.from({ length: 150_000 }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[i * 1e-4, 0], [i * 1e-4 + 5e-5, 0], [i * 1e-4 + 5e-5, 5e-5], [i * 1e-4, 0]]] },
      properties: { id: `g${i}`, level: 'grid' },
    }));
    const result = validateGridCollection({ type: 'FeatureCollection', features });
    expect([result.units.length, result.issues.length]).to.deep.equal([150_000, 0]);
  });
});
