import { expect } from 'chai';
import type { Feature, FeatureCollection, MultiPolygon, Point, Position } from 'geojson';
import { buildWalkingGraph } from '../../src/life-circle/engine/graph';
import { computeIsochrone } from '../../src/life-circle/engine/isochrone';

/** A golden fixture: `out` is the isochrone collection for `in` (roads, then the origin with the options). */
const golden = async (name: string): Promise<{ in: FeatureCollection; out: FeatureCollection<MultiPolygon> }> => (await fetch(`/test/fixtures/geometry/${name}.json`)).json();

const expectSameShape = (actual: Position[][][], expected: Position[][][]) => {
  expect(actual.map((polygon) => polygon.map((ring) => ring.length))).to.deep.equal(expected.map((polygon) => polygon.map((ring) => ring.length)));
  actual.forEach((polygon, p) =>
    polygon.forEach((ring, r) =>
      ring.forEach(([lon, lat], k) => {
        expect(lon).to.be.closeTo(expected[p]![r]![k]![0]!, 1e-12);
        expect(lat).to.be.closeTo(expected[p]![r]![k]![1]!, 1e-12);
      }),
    ),
  );
};
/** Twice the planar signed area: positive counter-clockwise. */
const twiceArea = (ring: Position[]) => ring.reduce((sum, [x, y], i) => sum + (ring[(i + 1) % ring.length]![1]! + y!) * (x! - ring[(i + 1) % ring.length]![0]!), 0);

describe('life-circle isochrones on Turf: golden fixtures', () => {
  it('draws the straight-line reach as Turf’s 64-step circle', async () => {
    const { in: input, out } = await golden('isochrone-disc');
    const origin = input.features[0] as Feature<Point>;
    const result = computeIsochrone(null, origin.geometry.coordinates as [number, number], { distance: origin.properties!.distance as number });
    expect(result.features[0]!.properties).to.deep.equal(out.features[0]!.properties);
    expectSameShape(result.features[0]!.geometry.coordinates, out.features[0]!.geometry.coordinates);
    expect(result.features[0]!.geometry.coordinates[0]![0]!.length).to.equal(65);
  });

  it('winds a network isochrone by RFC 7946: exterior counter-clockwise, the unreached block a clockwise hole', async () => {
    const { in: input, out } = await golden('isochrone-network');
    const origin = input.features.at(-1) as Feature<Point>;
    const { distance, cellSize, lateral } = origin.properties as { distance: number; cellSize: number; lateral: number };
    const graph = buildWalkingGraph({ type: 'FeatureCollection', features: input.features.slice(0, -1) });
    const result = computeIsochrone(graph, origin.geometry.coordinates as [number, number], { distance, cellSize, lateral });
    expect(result.features[0]!.properties).to.deep.equal(out.features[0]!.properties);
    expectSameShape(result.features[0]!.geometry.coordinates, out.features[0]!.geometry.coordinates);
    const [exterior, hole] = result.features[0]!.geometry.coordinates[0]!;
    expect([Math.sign(twiceArea(exterior!)), Math.sign(twiceArea(hole!))]).to.deep.equal([1, -1]);
  });
});
