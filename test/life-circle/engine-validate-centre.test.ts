import { expect } from 'chai';
import type { FeatureCollection, Position } from 'geojson';
import { validateLifeCircleInput } from '../../src/life-circle/engine/validate';
import type { LifeCircleInput } from '../../src/life-circle/engine/types';
import { at } from './engine-fixtures';

/** A golden fixture: `out.features[i]` is the answer for `in.features[i]`. */
const golden = async (name: string): Promise<{ in: FeatureCollection; out: FeatureCollection }> => (await fetch(`/test/fixtures/geometry/${name}.json`)).json();

describe('life-circle validation: polygon residences on Turf', () => {
  it('measures each residence from Turf’s centre of mass, parts weighed by Turf’s area (golden fixture)', async () => {
    const { in: residences, out } = await golden('residence-centre');
    const validated = validateLifeCircleInput({ residences, facilities: { type: 'FeatureCollection', features: [] } } as unknown as LifeCircleInput);
    expect(validated.residences.ids).to.deep.equal(residences.features.map((f) => f.properties!.id));
    out.features.forEach((expected, i) => {
      const [lon, lat] = (expected.geometry as { coordinates: Position }).coordinates;
      expect(validated.residences.lon[i], `${expected.properties!.name} lon`).to.be.closeTo(lon!, 1e-12);
      expect(validated.residences.lat[i], `${expected.properties!.name} lat`).to.be.closeTo(lat!, 1e-12);
    });
  });

  it('puts the golden centres where plane geometry puts them (metres east/north of the fixture origin, to 2 cm)', async () => {
    const { out } = await golden('residence-centre');
    // Square 40 × 40 m; open triangle (0,0)(60,0)(0,30); L of 80 × 20 + 20 × 60 (holes ignored); 10 × 10 m and 20 × 20 m buildings; a line's vertex mean.
    const byHand: [number, number][] = [[20, 30], [20, 10], [76000 / 2800, 76000 / 2800], [(100 * 5 + 400 * 110) / 500, (100 * 5 + 400 * 10) / 500], [10, 10]];
    out.features.forEach((feature, i) => {
      const [lon, lat] = (feature.geometry as { coordinates: Position }).coordinates;
      const [x, y] = byHand[i]!;
      const [expectedLon, expectedLat] = at(x, y);
      // 2e-7° is 2.2 cm of latitude and 1.9 cm of longitude here; the fixture's corners are rounded to 1e-7°.
      expect(lon, `${feature.properties!.name} lon`).to.be.closeTo(expectedLon, 2e-7);
      expect(lat, `${feature.properties!.name} lat`).to.be.closeTo(expectedLat, 2e-7);
    });
  });
});
