// Validation hands its id map, parent indices and the geometry it wrote to the index only when they
// describe exactly the units kept; either way the index answers the same.
import { expect } from 'chai';
import type { FeatureCollection, Polygon } from 'geojson';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { validateGridCollection, type ValidGridUnit } from '../../src/grid/model/validate';
import { sampleGrid, unit } from './fixtures';

/** The index's geometry arrays as plain data. */
function geometryOf(index: GridIndex) {
  const { coords, unitParts, partRings, ringVertices, bboxes } = index;
  return [coords, unitParts, partRings, ringVertices, bboxes].map((array) => [...array]);
}

/** The same units as plain objects, their rings only as nested arrays: the index writes them itself. */
const handBuilt = (units: readonly ValidGridUnit[]): ValidGridUnit[] => units.map((u) => ({ ...u, polygons: u.polygons }));

/** Every id → unit index entry and every parent, as plain data. */
function lookupOf(index: GridIndex): { byId: [string, number][]; parents: number[] } {
  return { byId: [...index.byId.entries()].sort((a, b) => a[1] - b[1]), parents: [...index.parents] };
}

function withFeatures(...extra: FeatureCollection['features']): FeatureCollection {
  const grid = sampleGrid();
  return { ...grid, features: [...grid.features, ...extra] };
}

describe('grid validation → index lookup', () => {
  it('a clean grid: the index takes validation\'s map and parents, equal to building them', () => {
    const validation = validateGridCollection(sampleGrid());
    expect(validation.lookup).to.not.equal(undefined);
    const given = new GridIndex(validation.units, null, validation.lookup);
    const built = new GridIndex(validation.units);
    expect(given.byId).to.equal(validation.lookup!.byId);
    expect(lookupOf(given)).to.deep.equal(lookupOf(built));
    expect(lookupOf(built).parents.map((p, i) => (p < 0 ? null : `${built.ids[p]}>${built.ids[i]}`)).filter(Boolean)).to.deep.equal([
      'D1>S1',
      'D1>S2',
      'D2>S3',
      'S1>C1',
      'S1>C2',
      'S2>C3',
      'S3>C4',
    ]);
  });

  it('no lookup when a failed feature left its id in the map, a unit was removed or a parent is unknown', () => {
    const broken = unit('X1', 'community', 'S1', [0, 0, 1, 1]);
    (broken.properties as Record<string, unknown>).level = 'planet';
    const orphan = unit('C9', 'community', 'NOPE', [0, 0, 1, 1]);
    const badLevel = unit('C8', 'community', 'C1', [0, 0, 1, 1]);
    for (const [name, grid, kept] of [
      ['failed feature', withFeatures(broken), 9],
      ['unknown parent', withFeatures(orphan), 9],
      ['parent not above', withFeatures(badLevel), 9],
    ] as const) {
      const validation = validateGridCollection(grid);
      expect(validation.units.length, name).to.equal(kept);
      expect(validation.lookup, name).to.equal(undefined);
      // What the index builds holds only the units kept.
      const index = new GridIndex(validation.units, null, validation.lookup);
      expect(index.byId.size, name).to.equal(kept);
      expect(index.indexOf('X1'), name).to.equal(-1);
    }
  });

  it('a parent present only as a failed feature leaves the unit without a parent (top level), as before', () => {
    const broken = unit('Z1', 'district', null, [0, 0, 1, 1]);
    (broken.geometry as { coordinates: unknown }).coordinates = [];
    const child = unit('Z2', 'street', 'Z1', [0, 0, 1, 1]);
    const validation = validateGridCollection(withFeatures(broken, child));
    expect(validation.lookup).to.equal(undefined);
    const index = new GridIndex(validation.units, null, validation.lookup);
    expect(index.parents[index.indexOf('Z2')]).to.equal(-1);
    expect(validation.issues.map((i) => i.path)).to.deep.equal(['features[9].geometry.coordinates']);
  });

  it('a clean grid: the index adopts the geometry validation wrote, equal to writing it from each unit\'s rings', () => {
    const validation = validateGridCollection(sampleGrid());
    const adopted = new GridIndex(validation.units, null, validation.lookup, validation.geometry);
    expect(adopted.coords).to.equal(validation.geometry!.coords);
    const written = new GridIndex(handBuilt(validation.units));
    expect(geometryOf(adopted)).to.deep.equal(geometryOf(written));
    // D1 is the square of cells 0..2 × 0..2 as the fixture wrote it.
    expect([...adopted.coords.subarray(0, 10)]).to.deep.equal([116, 39.9, 116.02, 39.9, 116.02, 39.92, 116, 39.92, 116, 39.9]);
    expect([...adopted.bboxes.subarray(0, 4)]).to.deep.equal([116, 39.9, 116.02, 39.92]);
  });

  it('a feature that fails half-way through its rings leaves none of its positions behind', () => {
    // A MultiPolygon whose first part is good and whose second ring is not closed, between valid units.
    const broken = unit('X2', 'community', 'S1', [0, 0, 1, 1]);
    const good = (broken.geometry as { coordinates: number[][][] }).coordinates;
    broken.geometry = { type: 'MultiPolygon', coordinates: [good, [[[5, 5], [6, 5], [6, 6], [5, 6]]]] };
    const after = unit('C7', 'community', 'S1', [0.25, 0.25, 0.75, 0.75]);
    const validation = validateGridCollection(withFeatures(broken, after));
    expect(validation.issues.map((i) => `${i.code} ${i.path}`)).to.deep.equal(['unclosed-ring features[9].geometry.coordinates[1][0]']);
    const c7 = validation.units.find((u) => u.id === 'C7')!;
    expect(c7.polygons).to.deep.equal([[(after.geometry as Polygon).coordinates[0].flat()]]);
    // 10 units of one 5-position ring each: nothing of X2 in between.
    expect(validation.geometry!.coords.length).to.equal(10 * 5 * 2);
    const index = new GridIndex(validation.units, null, validation.lookup, validation.geometry);
    expect(geometryOf(index)).to.deep.equal(geometryOf(new GridIndex(handBuilt(validation.units))));
  });

  it('units removed after reading (an unknown parent): no geometry handed on, the index copies the units kept', () => {
    const orphan = unit('C9', 'community', 'NOPE', [0, 0, 1, 1]);
    const validation = validateGridCollection(withFeatures(orphan, unit('C6', 'community', 'S2', [1, 1.5, 2, 2])));
    expect(validation.geometry).to.equal(undefined);
    const index = new GridIndex(validation.units, null, validation.lookup, validation.geometry);
    expect(index.size).to.equal(10);
    expect(geometryOf(index)).to.deep.equal(geometryOf(new GridIndex(handBuilt(validation.units))));
    const c6 = index.indexOf('C6');
    const ring = index.partRings[index.unitParts[c6]];
    expect([...index.coords.subarray(index.ringVertices[ring] * 2, index.ringVertices[ring + 1] * 2)]).to.deep.equal([116.01, 39.915, 116.02, 39.915, 116.02, 39.92, 116.01, 39.92, 116.01, 39.915]);
  });

  it('a display CRS: the index converts a copy and leaves validation\'s geometry as read', () => {
    const validation = validateGridCollection(sampleGrid());
    const index = new GridIndex(validation.units, (x, y) => [x - 116, (y - 39.9) * 100], validation.lookup, validation.geometry);
    expect([...index.coords.subarray(0, 4)].map((v) => Math.round(v * 1e9) / 1e9)).to.deep.equal([0, 0, 0.02, 0]);
    expect([...index.bboxes.subarray(0, 4)].map((v) => Math.round(v * 1e9) / 1e9)).to.deep.equal([0, 0, 0.02, 2]);
    expect([...validation.geometry!.coords.subarray(0, 4)]).to.deep.equal([116, 39.9, 116.02, 39.9]);
    expect(validation.units[0].polygons[0][0].slice(0, 4)).to.deep.equal([116, 39.9, 116.02, 39.9]);
  });
});
