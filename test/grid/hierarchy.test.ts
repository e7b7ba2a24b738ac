import { expect } from 'chai';
import { GridIndex, siblingRank } from '../../src/grid/model/hierarchy';
import { buildPolygonPack, coarsenPack } from '../../src/grid/model/pack';
import { validateGridCollection } from '../../src/grid/model/validate';
import { sampleGrid, unit } from './fixtures';

const build = () => new GridIndex(validateGridCollection(sampleGrid()).units);
const ids = (index: GridIndex, units: ArrayLike<number>) => Array.from(units, (u) => index.ids[u]);

describe('grid hierarchy index', () => {
  it('links parents and children and lists the levels present', () => {
    const index = build();
    expect(index.levelsPresent).to.deep.equal(['district', 'street', 'community']);
    expect(ids(index, index.children(index.indexOf('D1')))).to.deep.equal(['S1', 'S2']);
    expect(ids(index, index.children(index.indexOf('S1')))).to.deep.equal(['C1', 'C2']);
    expect(ids(index, index.children(index.indexOf('C1')))).to.deep.equal([]);
    expect(index.childLevel(index.indexOf('D2'))).to.equal('street');
    expect(index.childLevel(index.indexOf('C4'))).to.equal(null);
    expect(ids(index, index.pathTo(index.indexOf('C2')))).to.deep.equal(['D1', 'S1', 'C2']);
    expect(index.indexOf('nope')).to.equal(-1);
  });

  it('answers which units a drill-down state shows', () => {
    const index = build();
    expect(ids(index, index.visibleUnits({ level: 'district', focus: null }))).to.deep.equal(['D1', 'D2']);
    expect(ids(index, index.visibleUnits({ level: 'street', focus: index.indexOf('D1') }))).to.deep.equal(['S1', 'S2']);
    // Two levels down from a district: its communities through its streets.
    expect(ids(index, index.visibleUnits({ level: 'community', focus: index.indexOf('D1') }))).to.deep.equal(['C1', 'C2', 'C3']);
    expect(ids(index, index.visibleUnits({ level: 'community', focus: null }))).to.deep.equal(['C1', 'C2', 'C3', 'C4']);
  });

  it('ranks a unit among its siblings, largest first, ties sharing a rank', () => {
    const index = build();
    const values = new Float64Array(index.size).fill(NaN);
    const set = (id: string, v: number) => (values[index.indexOf(id)] = v);
    set('D1', 30);
    set('D2', 10);
    set('S1', 20);
    set('S2', 20);
    set('C1', 5);
    expect(siblingRank(index, values, index.indexOf('D2'))).to.deep.equal({ rank: 2, of: 2 });
    expect(siblingRank(index, values, index.indexOf('S2'))).to.deep.equal({ rank: 1, of: 2 });
    expect(siblingRank(index, values, index.indexOf('C1'))).to.deep.equal({ rank: 1, of: 1 }); // C2 has no value
    expect(siblingRank(index, values, index.indexOf('C2'))).to.equal(null);
  });

  it('computes bounds, bboxes and label points in the display CRS', () => {
    const index = build();
    expect(index.bounds).to.deep.equal([116, 39.9, 116.04, 39.92]);
    const c4 = index.indexOf('C4');
    expect(Array.from(index.bboxes.subarray(c4 * 4, c4 * 4 + 4))).to.deep.equal([116.02, 39.9, 116.04, 39.92]);
    expect(index.labels[c4 * 2]).to.be.closeTo(116.03, 1e-9);
    expect(index.labels[c4 * 2 + 1]).to.be.closeTo(39.91, 1e-9);
    const shifted = new GridIndex(validateGridCollection(sampleGrid()).units, (x, y) => [x + 1, y - 1]);
    expect(shifted.bounds).to.deep.equal([117, 38.9, 117.04, 38.92]);
  });

  it('packs units into columnar buffers with triangles and ring starts', () => {
    const index = build();
    const pack = buildPolygonPack(index, index.visibleUnits({ level: 'street', focus: index.indexOf('D1') }));
    expect(pack.length).to.equal(2);
    expect(Array.from(pack.partUnit)).to.deep.equal([index.indexOf('S1'), index.indexOf('S2')]);
    expect(Array.from(pack.startIndices)).to.deep.equal([0, 5, 10]);
    expect(Array.from(pack.ringStartIndices)).to.deep.equal([0, 5, 10]);
    expect(pack.positions.length).to.equal(20);
    expect(Array.from(pack.positions.subarray(10, 14))).to.deep.equal([116.01, 39.9, 116.02, 39.9]);
    // Each square: two triangles; the second square's indices are offset by 5.
    expect(pack.indices.length).to.equal(12);
    expect(Math.min(...pack.indices.subarray(6))).to.be.at.least(5);
    expect(Math.max(...pack.indices.subarray(0, 6))).to.be.at.most(4);
  });

  it('fans a convex unit (vertices along its sides too) and ear-cuts a concave one: both cover their area', () => {
    const feature = (id: string, ring: number[][]) => ({ type: 'Feature' as const, properties: { id, level: 'district' }, geometry: { type: 'Polygon' as const, coordinates: [ring] } });
    const convex = feature('box', [[0, 0], [1, 0], [2, 0], [2, 1], [2, 2], [1, 2], [0, 2], [0, 1], [0, 0]]);
    const concave = feature('L', [[3, 0], [5, 0], [5, 1], [4, 1], [4, 2], [3, 2], [3, 0]]);
    const validation = validateGridCollection({ type: 'FeatureCollection', features: [convex, concave] });
    const index = new GridIndex(validation.units, null, validation.lookup, validation.geometry);
    expect([...index.convexParts]).to.deep.equal([1, 0]);
    expect(index.triangles(0)).to.deep.equal([0, 1, 2, 0, 2, 3, 0, 3, 4, 0, 4, 5, 0, 5, 6, 0, 6, 7]);
    const pack = buildPolygonPack(index, [0, 1]);
    const area = (from: number, to: number) => {
      let sum = 0;
      for (let t = from; t < to; t += 3) {
        const [a, b, c] = [0, 1, 2].map((k) => pack.indices[t + k]);
        const [ax, ay, bx, by, cx, cy] = [a, b, c].flatMap((v) => [pack.positions[v * 2], pack.positions[v * 2 + 1]]);
        sum += Math.abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) / 2;
      }
      return sum;
    };
    // 8 distinct vertices: 6 triangles, all from vertex 0; the L's 6 vertices: 4 triangles.
    expect(pack.indices.length).to.equal((6 + 4) * 3);
    expect(area(0, 18)).to.equal(4);
    expect(area(18, 30)).to.equal(3);
    expect(Math.min(...pack.indices.subarray(18))).to.equal(9);
  });

  it('triangulates a polygon with a hole and packs a MultiPolygon as two parts', () => {
    const holed = {
      type: 'Feature',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
            [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]],
          ],
          [[[5, 0], [6, 0], [6, 1], [5, 1], [5, 0]]],
        ],
      },
      properties: { id: 'M', level: 'grid' },
    };
    const index = new GridIndex(validateGridCollection({ type: 'FeatureCollection', features: [holed, unit('N', 'grid', null, [0, 0, 1, 1])] }).units);
    const pack = buildPolygonPack(index, [0]);
    expect(pack.length).to.equal(2);
    expect(pack.ringCount).to.equal(3);
    expect(Array.from(pack.ringStartIndices)).to.deep.equal([0, 5, 10, 15]);
    // A square with a square hole: 8 triangles; the second part's square: 2.
    expect(pack.indices.length).to.equal((8 + 2) * 3);
    // The centroid (2, 2) is in the hole: the label goes into the band around it, outside the hole.
    const [lx, ly] = [index.labels[0]!, index.labels[1]!];
    expect(index.contains(0, lx, ly)).to.equal(true);
    expect(lx > 1 && lx < 3 && ly > 1 && ly < 3).to.equal(false);
    // Inside a part, not in its hole; the second part counts too; outside the box is outside.
    const probes: [number, number][] = [[0.5, 0.5], [2, 2], [3.5, 2], [5.5, 0.5], [4.5, 0.5], [-1, -1]];
    expect(probes.map(([x, y]) => index.contains(0, x, y))).to.deep.equal([true, false, true, true, false, false]);
    // N is a fixture square in real coordinates: inside its box's middle, not at M's origin.
    const [w, s, e, n] = index.bboxes.slice(4, 8);
    expect([index.contains(1, (w + e) / 2, (s + n) / 2), index.contains(1, 0.5, 0.5)]).to.deep.equal([true, false]);
  });
});

describe('overview level of detail', () => {
  it('simplifies every ring of a pack and keeps its parts and units', () => {
    // A 64-gon of radius 0.01° (a unit), and a plain square next to it.
    const ring: number[][] = [];
    for (let i = 0; i < 64; i++) ring.push([116.1 + 0.01 * Math.cos((i / 64) * 2 * Math.PI), 39.9 + 0.01 * Math.sin((i / 64) * 2 * Math.PI)]);
    ring.push(ring[0]);
    const round = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: 'R', level: 'grid' } };
    const index = new GridIndex(validateGridCollection({ type: 'FeatureCollection', features: [round, unit('Q', 'grid', null, [0, 0, 1, 1])] }).units);
    const pack = buildPolygonPack(index, [0, 1]);
    const coarse = coarsenPack(pack, 0.002);
    expect(coarse.length).to.equal(2);
    expect(coarse.partUnit).to.equal(pack.partUnit);
    const roundVertices = coarse.startIndices[1] - coarse.startIndices[0];
    expect(roundVertices).to.be.lessThan(20);
    expect(roundVertices).to.be.at.least(4);
    // The square keeps its 5 positions; every part is a closed ring triangulated as a fan of n − 3 triangles.
    expect(coarse.startIndices[2] - coarse.startIndices[1]).to.equal(5);
    expect(coarse.indices.length).to.equal(((roundVertices - 3) + 2) * 3);
    expect(Array.from(coarse.ringStartIndices)).to.deep.equal([0, roundVertices, roundVertices + 5]);
  });
});
