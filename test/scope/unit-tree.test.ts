import { expect } from 'chai';
import { UnitTree } from '../../src/scope/model/unit-tree';

const row = (id: string, parent: string | null, level = 'community') => ({ id, parent, name: `${id}名`, level });
/** 区 D1 > 街道 S1, S2; S1 > 社区 C1, C2; S2 > C3; C1 > 网格 G1. Plus prototype-named ids. */
const ROWS = [
  row('D1', null, 'district'),
  row('S1', 'D1', 'street'),
  row('S2', 'D1', 'street'),
  row('C1', 'S1'),
  row('C2', 'S1'),
  row('C3', 'S2'),
  row('G1', 'C1', 'grid'),
  row('__proto__', null, 'district'),
  row('constructor', '__proto__', 'street'),
];
const issuesOf = (tree: UnitTree) => tree.issues.map((i) => `${i.path} ${i.code} ${i.severity}`);

describe('scope/UnitTree', () => {
  it('answers "inside" for every pair exactly as walking up the parents would', () => {
    const tree = UnitTree.fromRows(ROWS);
    expect(tree.issues).to.deep.equal([]);
    const parentOf = new Map(ROWS.map((r) => [r.id, r.parent]));
    const walk = (ancestor: string, id: string | null): boolean => (id === null ? false : id === ancestor || walk(ancestor, parentOf.get(id) ?? null));
    for (const a of ROWS) for (const b of ROWS) expect(tree.contains(a.id, b.id), `${a.id} ⊇ ${b.id}`).to.equal(walk(a.id, b.id));
    expect(tree.contains('D1', 'ghost')).to.equal(false);
    expect(tree.contains('ghost', 'D1')).to.equal(false);
    expect(tree.contains('toString', 'D1')).to.equal(false);
  });

  it('lists subtrees in tour order and paths from the top', () => {
    const tree = UnitTree.fromRows(ROWS);
    expect(tree.subtree('D1')).to.deep.equal(['D1', 'S1', 'C1', 'G1', 'C2', 'S2', 'C3']);
    expect(tree.subtree('S2')).to.deep.equal(['S2', 'C3']);
    expect(tree.subtree('__proto__')).to.deep.equal(['__proto__', 'constructor']);
    expect(tree.subtree('ghost')).to.deep.equal([]);
    expect(tree.path('G1')).to.deep.equal(['D1', 'S1', 'C1', 'G1']);
    expect(tree.path('constructor')).to.deep.equal(['__proto__', 'constructor']);
    expect(tree.names[tree.indexOf('C3')]).to.equal('C3名');
    expect(tree.levels[tree.indexOf('S1')]).to.equal('street');
  });

  it('reads a grids FeatureCollection by its properties', () => {
    const collection = { type: 'FeatureCollection', features: ROWS.slice(0, 4).map((properties) => ({ type: 'Feature', geometry: null, properties })) };
    const tree = UnitTree.from(collection);
    expect(tree.ids).to.deep.equal(['D1', 'S1', 'S2', 'C1']);
    expect(tree.contains('S1', 'C1')).to.equal(true);
    expect(UnitTree.from(ROWS).size).to.equal(ROWS.length);
  });

  it('reports bad rows by index and field and uses the rest', () => {
    const tree = UnitTree.fromRows([
      row('A', null),
      null,
      { parent: 'A' },
      { id: { x: 1 } },
      row('A', null), // duplicate: the first A stays
      row('B', 'ghost'), // unknown parent: a top unit
      { id: 7, parent: 'A', name: 42, level: 'county' }, // a numeric id is an id; bad name and level are warnings
      row('Self', 'Self'),
      row('X', 'Y'), // X → Y → Z → X: a cycle
      row('Y', 'Z'),
      row('Z', 'X'),
      { id: 'x'.repeat(201) },
    ]);
    expect(issuesOf(tree)).to.deep.equal([
      'units[1] wrong-type error',
      'units[2].id missing error',
      'units[3].id wrong-type error',
      'units[4].id duplicate-id error',
      'units[6].name wrong-type warning',
      'units[6].level unknown-value warning',
      'units[11].id out-of-range error',
      'units[5].parent unknown-reference warning',
      'units[7].parent unknown-reference warning',
      'units[8].parent unknown-reference warning',
    ]);
    expect(tree.ids).to.deep.equal(['A', 'B', '7', 'Self', 'X', 'Y', 'Z']);
    expect(tree.contains('A', '7')).to.equal(true);
    expect(tree.path('B')).to.deep.equal(['B']);
    expect(tree.path('Self')).to.deep.equal(['Self']);
    // The cycle X → Y → Z → X is cut where the walk closed it: X becomes a top unit, Z and Y stay below it.
    expect(tree.path('X')).to.deep.equal(['X']);
    expect(tree.subtree('X')).to.deep.equal(['X', 'Z', 'Y']);
    expect(tree.names[tree.indexOf('7')]).to.equal('7');
  });

  it('reports input that is not a hierarchy at all', () => {
    expect(issuesOf(UnitTree.fromRows('units'))).to.deep.equal(['units wrong-type error']);
    expect(issuesOf(UnitTree.from({ type: 'FeatureCollection', features: 'x' }))).to.deep.equal(['units wrong-type error']);
    expect(UnitTree.fromRows(null).size).to.equal(0);
  });

  it('places a position in the deepest unit whose polygon holds it (GeoJSON geometry)', () => {
    const square = (x0: number, y0: number, x1: number, y1: number, hole?: number[][]) => ({
      type: 'Polygon',
      coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]], ...(hole ? [hole] : [])],
    });
    const feature = (id: string, parent: string | null, geometry: unknown) => ({ type: 'Feature', geometry, properties: { id, parent } });
    // D: 0–10; S1: 0–5 with a hole 1–2; C1: 0–1 inside S1; S2: 5–10; a repeated S2 and a unit without a polygon.
    const tree = UnitTree.from({
      type: 'FeatureCollection',
      features: [
        feature('D', null, square(0, 0, 10, 10)),
        feature('S1', 'D', square(0, 0, 5, 10, [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]])),
        feature('C1', 'S1', square(0, 0, 1, 1)),
        feature('S2', 'D', square(5, 0, 10, 10)),
        feature('S2', 'D', square(20, 20, 30, 30)),
        feature('N', 'D', null),
      ],
    });
    expect(tree.ids).to.deep.equal(['D', 'S1', 'C1', 'S2', 'N']);
    expect(Array.from(tree.depths)).to.deep.equal([0, 1, 2, 1, 1]);
    const at = (x: number, y: number) => tree.ids[tree.areas!.locate(x, y)] ?? null;
    expect(tree.areas!.crs).to.equal('wgs84');
    expect([at(0.5, 0.5), at(3, 3), at(1.5, 1.5), at(7, 7), at(25, 25), at(11, 5), at(NaN, 1)]).to.deep.equal(['C1', 'S1', 'D', 'S2', null, null, null]);
    // Rows alone (or features without geometry) place nothing.
    expect(UnitTree.fromRows(ROWS).areas).to.equal(null);
    expect(UnitTree.from({ type: 'FeatureCollection', features: [feature('A', null, null)] }).areas).to.equal(null);
  });

  it('handles a deep chain without recursion', () => {
    const chain = Array.from({ length: 200_000 }, (_, i) => ({ id: `u${i}`, parent: i ? `u${i - 1}` : null }));
    const tree = UnitTree.fromRows(chain);
    expect(tree.contains('u0', 'u199999')).to.equal(true);
    expect(tree.contains('u199999', 'u0')).to.equal(false);
    expect(tree.contains('u100000', 'u100001')).to.equal(true);
  });
});
