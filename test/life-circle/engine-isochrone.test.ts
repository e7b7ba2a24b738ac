import { expect } from 'chai';
import { area, booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { buildWalkingGraph, computeIsochrone } from '../../src/life-circle/engine/index';
import { warmIsochrone } from '../../src/life-circle/engine/isochrone';
import { at, fc, road } from './engine-fixtures';

const inside = (shape: Feature<MultiPolygon>, x: number, y: number) => booleanPointInPolygon(at(x, y), shape);

describe('life-circle engine: isochrones', () => {
  // A 600 m square block with a road through its middle row, a spur east, and a far island.
  const graph = buildWalkingGraph(
    fc([
      road('ring', [0, 0], [600, 0], [600, 600], [0, 600], [0, 0]),
      road('spur', [600, 300], [1500, 300]),
      road('island', [3000, 0], [3400, 0]),
    ]),
  );

  it('contains the residence’s own point, keeps the block’s unreachable middle as a hole, excludes the island', () => {
    // Origin 30 m off the road, inside the block.
    const result = computeIsochrone(graph, at(30, 100), { distance: 2000, lateral: 50, cellSize: 10 });
    const shape = result.features[0]!;
    expect(shape.properties).to.deep.include({ distance: 2000, method: 'network', reachable: true, cellSize: 10, lateral: 50 });
    expect(inside(shape, 30, 100), 'own point').to.equal(true);
    expect(inside(shape, 300, 20), 'beside a reached road').to.equal(true);
    expect(inside(shape, 300, 300), 'middle of the block, 300 m from any road').to.equal(false);
    expect(shape.geometry.coordinates.some((polygon) => polygon.length >= 2), 'a hole is kept').to.equal(true);
    expect(inside(shape, 3200, 0), 'island road').to.equal(false);
    expect(inside(shape, 1000, 300), 'along the spur').to.equal(true);
    expect(inside(shape, 1000, 500), 'land far from the spur').to.equal(false);
  });

  it('stops at the threshold along the network', () => {
    // From (600, 300) the spur runs east; at 400 m the contour sits near x = 1000.
    const result = computeIsochrone(graph, at(600, 300), { distance: [400, 800], cellSize: 5, lateral: 30 });
    const [near, far] = result.features;
    expect(near!.properties.distance).to.equal(400);
    expect(far!.properties.distance).to.equal(800);
    expect(inside(near!, 960, 300)).to.equal(true);
    expect(inside(near!, 1040, 300)).to.equal(false);
    expect(inside(far!, 1360, 300)).to.equal(true);
    expect(inside(far!, 1440, 300)).to.equal(false);
    // Exterior rings counter-clockwise (RFC 7946): turf's area is positive either way, so check the sign directly.
    const ring = near!.geometry.coordinates[0]![0]!;
    let twiceArea = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twiceArea += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
    expect(twiceArea).to.be.greaterThan(0);
    expect(area(far!)).to.be.greaterThan(area(near!));
  });

  it('accepts minutes at a speed', () => {
    const result = computeIsochrone(graph, at(600, 300), { minutes: 5, speed: 80 });
    expect(result.features[0]!.properties).to.deep.include({ distance: 400, minutes: 5 });
  });

  it('draws a straight-line disc without a network', () => {
    const result = computeIsochrone(null, at(0, 0), { distance: 300 });
    const shape = result.features[0]!;
    expect(shape.properties.method).to.equal('straight-line');
    expect(inside(shape, 0, 280)).to.equal(true);
    expect(inside(shape, 200, 200)).to.equal(true);
    expect(inside(shape, 0, 320)).to.equal(false);
  });

  it('gives the same shapes on a graph readied before the first click as on a fresh one', () => {
    const lines = fc([road('ring', [0, 0], [600, 0], [600, 600], [0, 600], [0, 0]), road('spur', [600, 300], [1500, 300])]);
    const fresh = buildWalkingGraph(lines);
    const readied = buildWalkingGraph(lines);
    warmIsochrone(readied);
    warmIsochrone(null);
    for (const [x, y] of [[30, 100], [600, 300], [1400, 320]] as const) {
      const options = { distance: [300, 700], cellSize: 10, lateral: 40 };
      expect(computeIsochrone(readied, at(x, y), options)).to.deep.equal(computeIsochrone(fresh, at(x, y), options));
    }
  });

  it('draws a threshold the same whichever nearer thresholds are drawn with it', () => {
    // Cells deep inside the nearest threshold keep no exact distance; a farther contour never passes by them.
    for (const [x, y] of [[30, 100], [600, 300]] as const) {
      const alone = computeIsochrone(graph, at(x, y), { distance: 900, cellSize: 10 });
      const withNearer = computeIsochrone(graph, at(x, y), { distance: [150, 400, 900], cellSize: 10 });
      expect(withNearer.features[2]!.geometry).to.deep.equal(alone.features[0]!.geometry);
      expect(alone.features[0]!.geometry.coordinates.length).to.be.greaterThan(0);
    }
  });

  it('returns an empty, unreachable shape for an origin far from every road', () => {
    const result = computeIsochrone(graph, at(300, 5000), { distance: 1000 });
    expect(result.features[0]!.properties.reachable).to.equal(false);
    expect(result.features[0]!.geometry.coordinates).to.deep.equal([]);
  });
});
