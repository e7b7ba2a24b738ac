import { expect } from 'chai';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { findSelfIntersection, ringArea2, ringCentroid, simplifyRing } from '../../src/grid/model/geometry';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { validateGridCollection } from '../../src/grid/model/validate';

/** A golden fixture: `out.features[i]` is the answer for `in.features[i]`. */
interface Golden {
  in: FeatureCollection;
  out: FeatureCollection;
}
const golden = async (name: string): Promise<Golden> => (await fetch(`/test/fixtures/geometry/${name}.json`)).json() as Promise<Golden>;
const outerRing = (feature: Feature) => (feature.geometry as Polygon).coordinates[0]!.flat();
const pointOf = (feature: Feature) => (feature.geometry as { coordinates: Position }).coordinates;
const expectPoint = (actual: ArrayLike<number>, expected: Position, what: string) => {
  expect(actual[0], `${what} x`).to.be.closeTo(expected[0]!, 1e-12);
  expect(actual[1], `${what} y`).to.be.closeTo(expected[1]!, 1e-12);
};

describe('grid geometry on Turf: golden fixtures', () => {
  it('takes a ring centroid as Turf’s centre of mass (the vertex mean for a ring without area)', async () => {
    const { in: input, out } = await golden('ring-centroid');
    expect(input.features.length).to.equal(4);
    input.features.forEach((feature, i) => expectPoint(ringCentroid(outerRing(feature)), pointOf(out.features[i]!), feature.properties!.name));
  });

  it('puts labels at the largest part’s centre of mass, or at its pole of inaccessibility', async () => {
    const { in: input, out } = await golden('label-point');
    const index = new GridIndex(validateGridCollection(input).units);
    expect(index.size).to.equal(4);
    out.features.forEach((expected, i) => expectPoint(index.labels.subarray(i * 2, i * 2 + 2), pointOf(expected), expected.properties!.name));
  });

  it('simplifies rings as Turf does and keeps at least a triangle', async () => {
    const { in: input, out } = await golden('simplify-ring');
    input.features.forEach((feature, i) => {
      const expected = (out.features[i]!.geometry as Polygon).coordinates[0]!.flat();
      expect(simplifyRing(outerRing(feature), feature.properties!.tolerance as number), feature.properties!.name).to.deep.equal(expected);
    });
    // The 64-gon keeps 9 positions; the tiny square keeps a triangle where Turf's polygon mode keeps all 5.
    expect(out.features.map((f) => (f.geometry as Polygon).coordinates[0]!.length)).to.deep.equal([9, 5, 6, 4]);
    expect(out.features[3]!.properties!.turfPolygonMode).to.deep.equal([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]);
  });

  it('reports zero area where Turf measures none', async () => {
    const { in: input, out } = await golden('zero-area');
    const { issues } = validateGridCollection(input);
    const zeroArea = input.features.map((_, i) => issues.some((issue) => issue.path === `features[${i}].geometry.coordinates[0]` && issue.code === 'zero-area'));
    expect(zeroArea).to.deep.equal(out.features.map((f) => f.properties!.zeroArea));
    expect(zeroArea).to.deep.equal([true, true, false, false]);
    input.features.forEach((feature, i) => expect(ringArea2(outerRing(feature))).to.equal(out.features[i]!.properties!.twiceArea));
  });

  it('names the segments that touch or cross, including a collinear overlap Turf’s kinks does not see', async () => {
    const { in: input, out } = await golden('self-intersection');
    input.features.forEach((feature, i) => expect(findSelfIntersection(outerRing(feature)), feature.properties!.name).to.deep.equal(out.features[i]!.properties!.segments));
    expect(out.features.map((f) => [f.properties!.segments, (f.properties!.turfKinks as Position[]).length])).to.deep.equal([
      [null, 0],
      [[0, 2], 1],
      [[0, 2], 0],
      [[1, 4], 2],
    ]);
  });

  it('finds units drawn with [lat, lon] by their Turf bbox centres, not by a bbox member they carry', async () => {
    const { in: input, out } = await golden('swapped-unit');
    const { issues, units } = validateGridCollection(input);
    const swapped = input.features.map((_, i) => issues.find((issue) => issue.path === `features[${i}].geometry.coordinates` && issue.code === 'swapped-coordinates'));
    expect(swapped.map((issue) => issue?.params?.value ?? null)).to.deep.equal(out.features.map((f) => f.properties!.issueValue));
    expect(units.map((u) => u.id)).to.deep.equal(['A', 'B', 'C']);
  });
});
