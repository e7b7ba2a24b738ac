// Validation hands its id map and parent indices to the index only when they describe exactly the
// units kept; either way the index answers the same.
import { expect } from 'chai';
import type { FeatureCollection } from 'geojson';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { validateGridCollection } from '../../src/grid/model/validate';
import { sampleGrid, unit } from './fixtures';

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
});
