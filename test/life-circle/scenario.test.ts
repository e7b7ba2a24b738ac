import { expect } from 'chai';
import { analyzeLifeCircle } from '../../src/life-circle/engine/index';
import { applyEdits, comparePlans, comparisonRows, EditHistory, planFromGeoJson, planToGeoJson, type FacilityEdit, type Plan } from '../../src/life-circle/model/scenario';
import { toCsv } from '../../src/life-circle/view/csv';
import { at, facility, fc, home } from './engine-fixtures';

// Straight line (no roads); kindergarten limit 300 m, primary school 500 m.
const residences = fc([
  home('a', 0, 0, 100), // kindergarten k1 100 m; no school within 500 m
  home('b', 1000, 0, 300), // kindergarten k2 100 m; school p1 300 m
  home('c', 0, 2000, 200), // kindergarten k3 200 m; no school
  home('__proto__', 3000, 3000, 40), // nothing near
]);
const baseline = fc([
  facility('k1', 'kindergarten', 100, 0),
  facility('k2', 'kindergarten', 1000, 100),
  facility('k3', 'kindergarten', 0, 2200),
  facility('p1', 'primary-school', 1000, 300),
]);
const options = { categories: ['kindergarten', 'primary-school'] };
const analyse = (facilities: ReturnType<typeof fc>) => analyzeLifeCircle({ residences, facilities }, options);

/** Add a school by a and by `__proto__`, remove c's kindergarten, move k2 away from b. */
const edits: FacilityEdit[] = [
  { kind: 'add', id: 'p2', category: 'primary-school', position: at(0, 300), name: '新小学' },
  { kind: 'add', id: 'p3', category: 'primary-school', position: at(3000, 3100) },
  { kind: 'remove', id: 'k3' },
  { kind: 'move', id: 'k2', position: at(1000, 600) },
];

describe('life circle: what-if plans', () => {
  it('applies edits in order to a copy of the baseline, reporting edits that name no facility', () => {
    const before = JSON.stringify(baseline);
    const { facilities, issues } = applyEdits(baseline, [
      ...edits,
      { kind: 'move', id: 'k3', position: at(0, 0) }, // removed above
      { kind: 'add', id: 'k1', category: 'kindergarten', position: at(0, 0) }, // exists
      { kind: 'remove', id: 'p2' }, // the one added above: gone again
    ]);
    expect(JSON.stringify(baseline)).to.equal(before);
    expect(facilities.features.map((f) => [f.properties!.id, (f.geometry as { coordinates: number[] }).coordinates])).to.deep.equal([
      ['k1', at(100, 0)],
      ['k2', at(1000, 600)],
      ['p1', at(1000, 300)],
      ['p3', at(3000, 3100)],
    ]);
    expect(facilities.features[1]!.properties).to.deep.equal({ id: 'k2', name: 'k2', category: 'kindergarten' });
    expect(issues.map((i) => [i.path, i.code])).to.deep.equal([
      ['edits[4].id', 'unknown-reference'],
      ['edits[5].id', 'duplicate-id'],
    ]);
  });

  it('compares a plan with the baseline: population newly served and lost per category, residences that change', () => {
    const base = analyse(baseline);
    const plan = analyse(applyEdits(baseline, edits).facilities);
    const comparison = comparePlans(base.columns, plan.columns);
    expect(comparison.categories).to.deep.equal([
      // kindergarten: c loses k3 (200), b loses k2 (moved 600 m away: 300 people); nobody gains.
      { category: 'kindergarten', before: 600, after: 100, served: 0, lost: 500, servedResidences: 0, lostResidences: 2 },
      // primary school: a (p2 300 m) and __proto__ (p3 100 m) gain; b keeps p1.
      { category: 'primary-school', before: 300, after: 440, served: 140, lost: 0, servedResidences: 2, lostResidences: 0 },
    ].sort((x, y) => base.columns.categories.indexOf(x.category) - base.columns.categories.indexOf(y.category)));
    const byId = Object.fromEntries(comparison.residences.map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).to.deep.equal(['__proto__', 'a', 'b', 'c']);
    expect(byId.a).to.deep.equal({ id: 'a', population: 100, before: 0.5, after: 1, gained: ['primary-school'], lost: [] });
    expect(byId.b).to.deep.equal({ id: 'b', population: 300, before: 1, after: 0.5, gained: [], lost: ['kindergarten'] });
    expect(byId.c).to.deep.equal({ id: 'c', population: 200, before: 0.5, after: 0, gained: [], lost: ['kindergarten'] });
    expect(byId.__proto__).to.deep.equal({ id: '__proto__', population: 40, before: 0, after: 0.5, gained: ['primary-school'], lost: [] });
    const direction = Object.fromEntries(base.columns.residenceIds.map((id, r) => [id, comparison.direction[r]]));
    expect(direction).to.deep.equal({ a: 1, b: -1, c: -1, ['__proto__']: 1 });
  });

  it('finds no change between a result and itself', () => {
    const base = analyse(baseline);
    const comparison = comparePlans(base.columns, analyse(baseline).columns);
    expect(comparison.residences).to.deep.equal([]);
    expect([...comparison.direction]).to.deep.equal([0, 0, 0, 0]);
    expect(comparison.categories.map((c) => [c.served, c.lost])).to.deep.equal([
      [0, 0],
      [0, 0],
    ]);
  });

  it('undo takes the plan back to the baseline exactly; redo replays it; a new edit drops what was undone', () => {
    const history = new EditHistory();
    for (const edit of edits) history.push(edit);
    expect(history.canUndo).to.equal(true);
    expect(history.canRedo).to.equal(false);
    while (history.undo());
    expect(history.edits).to.deep.equal([]);
    const undone = applyEdits(baseline, history.edits).facilities;
    expect(undone).to.deep.equal(baseline);
    expect(analyse(undone).columns).to.deep.equal(analyse(baseline).columns);
    expect(history.redo()).to.deep.equal(edits[0]);
    expect(history.redo()).to.deep.equal(edits[1]);
    expect(history.edits).to.deep.equal(edits.slice(0, 2));
    history.push(edits[3]!);
    expect(history.canRedo).to.equal(false);
    expect(history.redo()).to.equal(null);
    expect(history.edits).to.deep.equal([edits[0], edits[1], edits[3]]);
  });

  it('exports a plan as GeoJSON and imports it back unchanged', () => {
    const plan: Plan = { name: '方案一', edits };
    const geojson = planToGeoJson(plan, baseline);
    expect(geojson.features.map((f) => [f.properties!.edit, f.properties!.id, f.geometry?.coordinates])).to.deep.equal([
      ['add', 'p2', at(0, 300)],
      ['add', 'p3', at(3000, 3100)],
      ['remove', 'k3', at(0, 2200)], // where the removed facility stood
      ['move', 'k2', at(1000, 600)],
    ]);
    const back = planFromGeoJson(JSON.parse(JSON.stringify(geojson)));
    expect(back.issues).to.deep.equal([]);
    expect(back.plan).to.deep.equal(plan);
  });

  it('reports plan features that are no edit, by feature and field, and keeps the rest', () => {
    const good = planToGeoJson({ name: 'p', edits: [{ kind: 'remove', id: 'k1' }] }).features[0]!;
    const { plan, issues } = planFromGeoJson({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: null, properties: { edit: 'add', category: 'kindergarten' } },
        { type: 'Feature', geometry: null, properties: { id: 'x', edit: 'teleport' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [500, 0] }, properties: { id: 'y', edit: 'move' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: at(0, 0) }, properties: { id: 'z', edit: 'add' } },
        good,
      ],
    });
    expect(issues.map((i) => [i.path, i.code])).to.deep.equal([
      ['features[0].properties.id', 'missing'],
      ['features[1].properties.edit', 'unknown-value'],
      ['features[2].geometry', 'invalid-geometry'],
      ['features[3].properties.category', 'missing'],
    ]);
    expect(plan).to.deep.equal({ name: 'p', edits: [{ kind: 'remove', id: 'k1' }] });
    expect(planFromGeoJson([]).issues.map((i) => i.code)).to.deep.equal(['wrong-type']);
  });

  it('writes the comparison as CSV: categories, then the residences that change', () => {
    const base = analyse(baseline);
    const comparison = comparePlans(base.columns, analyse(applyEdits(baseline, edits.slice(0, 1)).facilities).columns);
    const lines = toCsv(comparisonRows(comparison)).replace(/^\uFEFF/, '').split('\r\n');
    const kindergarten = base.columns.categories.indexOf('kindergarten');
    expect(lines[0]).to.equal('category,population before,population after,newly served,no longer served,residences newly served,residences no longer served');
    expect(lines[1 + kindergarten]).to.equal('kindergarten,600,600,0,0,0,0');
    expect(lines[2 - kindergarten]).to.equal('primary-school,300,400,100,0,1,0');
    expect(lines.slice(3)).to.deep.equal(['', 'residence,population,score before,score after,categories gained,categories lost', 'a,100,0.5,1,primary-school,', '']);
  });
});
