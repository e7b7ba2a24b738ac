import { expect } from 'chai';
import { analyzeLifeCircle } from '../../src/life-circle/engine/index';
import { assignResidences, coverageByUnit, rowsAtLevel, tableLevels, unitValues, worstFirst, type UnitCoverageTable } from '../../src/life-circle/model/unit-coverage';
import { UnitTree } from '../../src/scope/model/unit-tree';
import { at, facility, fc, home } from './engine-fixtures';

/** A square unit in local metres (x0, y0)–(x1, y1), as a grids GeoJSON feature. */
const unit = (id: string, parent: string | null, level: string, [x0, y0, x1, y1]: [number, number, number, number]) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] },
  properties: { id, parent, name: `${id} name`, level },
});

// District D > street S > communities C1 (with grid G1) and C2; street S2 has nobody.
const units = fc([
  unit('D', null, 'district', [-2000, -1000, 3000, 3000]),
  unit('S', 'D', 'street', [-1000, -500, 2000, 2600]),
  unit('S2', 'D', 'street', [2000, -1000, 3000, 3000]),
  unit('C1', 'S', 'community', [-500, -500, 1500, 500]),
  unit('G1', 'C1', 'grid', [-500, -500, 500, 500]),
  unit('C2', 'S', 'community', [-500, 1500, 1500, 2500]),
]);

// Kindergarten limit 300 m, primary school 500 m, straight line (no roads).
const residences = fc([
  home('a', 0, 0, 100, { grid: 'G1' }), // kindergarten k1 100 m; school 1044 m
  home('b', 1000, 0, 300, { grid: 'C1' }), // kindergarten k2 100 m; school p1 300 m
  home('c', 0, 2000, 200, { grid: 'C2' }), // kindergarten k3 200 m; school p2 1100 m
  home('d', 700, 2000, 50), // no field: inside C2's square; kindergarten 728 m; school p2 400 m
  home('e', -3000, 0, 10), // no field, outside every unit
  home('__proto__', 5000, 5000, 5, { grid: 'nowhere' }), // unknown unit, outside every unit
]);
const facilities = fc([
  facility('k1', 'kindergarten', 100, 0),
  facility('k2', 'kindergarten', 1000, 100),
  facility('k3', 'kindergarten', 0, 2200),
  facility('p1', 'primary-school', 1000, 300),
  facility('p2', 'primary-school', 1100, 2000),
]);

function analysed() {
  const result = analyzeLifeCircle({ residences, facilities }, { categories: ['kindergarten', 'primary-school'] });
  const byId = new Map(residences.features.map((f) => [f.properties.id as string, f]));
  const rows = result.columns.residenceIds.map((id) => byId.get(id)!);
  const references = rows.map((f) => (f.properties.grid as string | undefined) ?? null);
  const positions = rows.flatMap((f) => (f.geometry as { coordinates: [number, number] }).coordinates);
  return { result, references, positions };
}

const rowsOf = (table: UnitCoverageTable) => Array.from(table.units, (_, i) => table.row(i));
const idsIn = (table: UnitCoverageTable, order: Int32Array) => Array.from(order, (i) => table.row(i).id);

describe('life circle: coverage by management unit', () => {
  it('places residences by their field, else by the unit polygon holding them', () => {
    const tree = UnitTree.fromGeoJson(units);
    const { result, references, positions } = analysed();
    const placed = assignResidences(tree, references, positions);
    const unitOf = Object.fromEntries(result.columns.residenceIds.map((id, r) => [id, placed.units[r]! >= 0 ? tree.ids[placed.units[r]!] : null]));
    expect(unitOf).to.deep.equal({ a: 'G1', b: 'C1', c: 'C2', d: 'C2', e: null, ['__proto__']: null });
    expect(placed.counts).to.deep.equal({ field: 3, polygon: 1, none: 2 });
  });

  it('rolls each residence up into its unit and every unit above it, population-weighted (hand computation)', () => {
    const tree = UnitTree.fromGeoJson(units);
    const { result, references, positions } = analysed();
    expect(result.method).to.equal('straight-line');
    const table = coverageByUnit(result.columns, tree, assignResidences(tree, references, positions).units);
    expect(table.categories).to.deep.equal(result.categories.map((c) => c.key));
    expect([...table.categories].sort()).to.deep.equal(['kindergarten', 'primary-school']);
    const k = table.categories.indexOf('kindergarten');
    const p = table.categories.indexOf('primary-school');
    const pair = (kg: number, ps: number) => {
      const out = [0, 0];
      out[k] = kg;
      out[p] = ps;
      return out;
    };
    // Scores (required rows met / required rows): a ½, b 1, c ½, d ½.
    const expected = {
      D: { residences: 4, population: 650, covered: pair(600, 350), score: (100 * 0.5 + 300 * 1 + 200 * 0.5 + 50 * 0.5) / 650 },
      S: { residences: 4, population: 650, covered: pair(600, 350), score: 475 / 650 },
      C1: { residences: 2, population: 400, covered: pair(400, 300), score: 350 / 400 },
      G1: { residences: 1, population: 100, covered: pair(100, 0), score: 0.5 },
      C2: { residences: 2, population: 250, covered: pair(200, 50), score: 0.5 },
    };
    expect(rowsOf(table).map((row) => row.id)).to.deep.equal(['D', 'S', 'C1', 'G1', 'C2']); // S2 has nobody
    for (const row of rowsOf(table)) {
      const want = expected[row.id as keyof typeof expected];
      expect(row.residences, row.id).to.equal(want.residences);
      expect(row.population, row.id).to.equal(want.population);
      expect(row.covered, row.id).to.deep.equal(want.covered);
      expect(row.share, row.id).to.deep.equal(want.covered.map((v) => v / want.population));
      expect(row.score, row.id).to.be.closeTo(want.score, 1e-12);
    }
    expect(table.row(table.rowOf('C2'))).to.include({ id: 'C2', name: 'C2 name', level: 'community', depth: 2 });
    expect(table.rowOf('S2')).to.equal(-1);
    expect(table.rowOf('__proto__')).to.equal(-1);
    expect(table.outside).to.deep.equal({ residences: 2, population: 15 });
  });

  it('sorts worst first by score or by one category, more people first on ties', () => {
    const tree = UnitTree.fromGeoJson(units);
    const { result, references, positions } = analysed();
    const table = coverageByUnit(result.columns, tree, assignResidences(tree, references, positions).units);
    // Scores: C2 .5 (250 people), G1 .5 (100), D = S ≈ .731 (650; D before S in the hierarchy), C1 .875.
    expect(idsIn(table, worstFirst(table))).to.deep.equal(['C2', 'G1', 'D', 'S', 'C1']);
    // Primary-school shares: G1 0, C2 .2, D = S ≈ .538, C1 .75.
    expect(idsIn(table, worstFirst(table, { by: 'category', category: 'primary-school' }))).to.deep.equal(['G1', 'C2', 'D', 'S', 'C1']);
    expect(idsIn(table, worstFirst(table, { by: 'population' }))).to.deep.equal(['D', 'S', 'C1', 'C2', 'G1']);
  });

  it('counts a residence by its field alone when the hierarchy has no polygons', () => {
    const tree = UnitTree.fromRows([
      { id: 'S', parent: null, level: 'street' },
      { id: 'C1', parent: 'S', level: 'community' },
    ]);
    const { result, positions } = analysed();
    const references = result.columns.residenceIds.map((id) => (id === 'a' || id === 'b' ? 'C1' : id === 'c' ? 'S' : null));
    const placed = assignResidences(tree, references, positions);
    expect(placed.counts).to.deep.equal({ field: 3, polygon: 0, none: 3 });
    const table = coverageByUnit(result.columns, tree, placed.units);
    expect(rowsOf(table).map((row) => [row.id, row.residences, row.population])).to.deep.equal([
      ['S', 3, 600],
      ['C1', 2, 400],
    ]);
    expect(table.outside).to.deep.equal({ residences: 3, population: 65 });
  });

  it("lists the levels present, one level's rows in a given order, and each unit's value in percent for a choropleth", () => {
    const tree = UnitTree.fromGeoJson(units);
    const { result, references, positions } = analysed();
    const table = coverageByUnit(result.columns, tree, assignResidences(tree, references, positions).units);
    // S2 (street) has nobody: it has no row, but S keeps the level.
    expect(tableLevels(table)).to.deep.equal(['district', 'street', 'community', 'grid']);
    expect(Array.from(table.units, (_, i) => [table.id(i), table.level(i)])).to.deep.equal([
      ['D', 'district'],
      ['S', 'street'],
      ['C1', 'community'],
      ['G1', 'grid'],
      ['C2', 'community'],
    ]);
    expect(idsIn(table, rowsAtLevel(table, worstFirst(table), 'community'))).to.deep.equal(['C2', 'C1']);
    expect(idsIn(table, rowsAtLevel(table, worstFirst(table, { by: 'population' }), 'community'))).to.deep.equal(['C1', 'C2']);
    expect(rowsAtLevel(table, worstFirst(table), 'micro-grid').length).to.equal(0);
    const percent = (values: { id: string; value: number | null }[]) => values.map(({ id, value }) => [id, value === null ? null : Number(value.toFixed(9))]);
    const rounded = (value: number) => Number(value.toFixed(9));
    expect(percent(unitValues(table, { by: 'score' }))).to.deep.equal([
      ['D', rounded((475 / 650) * 100)],
      ['S', rounded((475 / 650) * 100)],
      ['C1', 87.5],
      ['G1', 50],
      ['C2', 50],
    ]);
    expect(percent(unitValues(table, { by: 'category', category: 'primary-school' }))).to.deep.equal([
      ['D', rounded((350 / 650) * 100)],
      ['S', rounded((350 / 650) * 100)],
      ['C1', 75],
      ['G1', 0],
      ['C2', 20],
    ]);
  });
});
