// Coverage by management unit through the element: `boundaries` (or the scope's units), the table,
// the choropleth on the inner map, and the choice of a unit.
//
// Street fixture (element-fixtures.ts), level 5 walking on the network:
//   h1 (100,20)  pop 100: kindergarten ✓, store ✗, toilet ✗   score 1/2
//   h2 (900,20)  pop 200: kindergarten ✓, store ✓, toilet ✗   score 2/2
//   h3 (500,250) pop 300: kindergarten ✗, store ✗, toilet ✓   score 0/2
// Units (metres): street S1 [-100,-400]–[1100,400] > communities C1 [-100,-400]–[450,400] and
// C2 [450,-400]–[1100,400] > grid G1 [700,-400]–[1100,400] (in C2).
//   h1 → C1 by polygon; h2 → G1 by polygon (the deepest unit); h3 → C2 by its `grid` field.
// By hand:
//   C1: pop 100, kindergarten 100, store 0, toilet 0, score 1/2
//   G1: pop 200, kindergarten 200, store 200, toilet 0, score 1
//   C2: pop 500, kindergarten 200, store 200, toilet 300, score (200·1 + 300·0) / 500 = 0.4
//   S1: pop 600, kindergarten 300, store 200, toilet 300, score (100·½ + 200·1 + 300·0) / 600 = 250/600
import { expect } from 'chai';
import '../../src/life-circle/index';
import '../../src/scope/index';
import type { CityLifeCircle } from '../../src/life-circle/index';
import type { CityGridLayer } from '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityScope } from '../../src/scope/index';
import { clickAt, collectEvents, pixelAt, project, runAxe, unmount } from '../helpers/index';
import { PROFILE, at, fc, mountLifeCircle, street, unitSquare } from './element-fixtures';

const BOUNDARIES = fc([
  unitSquare('S1', null, 'street', 'Riverside Street', [-100, -400, 1100, 400]),
  unitSquare('C1', 'S1', 'community', 'Oak Community', [-100, -400, 450, 400]),
  unitSquare('C2', 'S1', 'community', 'Elm Community', [450, -400, 1100, 400]),
  unitSquare('G1', 'C2', 'grid', 'Grid 1', [700, -400, 1100, 400]),
]);

/** The street fixture, h3 carrying its unit as a field. */
function data() {
  const d = street();
  const residences = (d.residences.features as { properties: Record<string, unknown> }[]).map((f) =>
    f.properties.id === 'h3' ? { ...f, properties: { ...f.properties, grid: 'C2' } } : f,
  );
  return { ...d, residences: fc(residences) };
}

const panel = (el: CityLifeCircle) => el.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!;
const table = (el: CityLifeCircle) => panel(el).querySelector<HTMLTableElement>('table.units-table');
const rowIds = (el: CityLifeCircle) => [...table(el)!.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-id'));
const sortedBy = (el: CityLifeCircle) => [...table(el)!.querySelectorAll('thead th[aria-sort]')].map((th) => [th.getAttribute('data-sort'), th.getAttribute('aria-sort')]);
const header = (el: CityLifeCircle, sort: string) => table(el)!.querySelector<HTMLButtonElement>(`thead th[data-sort="${sort}"] button`)!;
const gridLayer = (el: CityLifeCircle) => el.map!.querySelector<CityGridLayer>('city-grid-layer');

async function mounted(boundaries: unknown = BOUNDARIES): Promise<CityLifeCircle> {
  const el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
  Object.assign(el, { profile: PROFILE, level: 5, boundaries, ...data() });
  await el.rendered();
  return el;
}

describe('<city-life-circle> coverage by management unit', () => {
  let el: CityLifeCircle | undefined;
  afterEach(() => {
    unmount(el);
    el = undefined;
  });

  it('rolls the result up the boundaries: unitCoverage equals the hand computation', async () => {
    el = await mounted();
    const coverage = el.unitCoverage!;
    expect(coverage.source).to.equal('boundaries');
    expect(coverage.placed).to.deep.equal({ field: 1, polygon: 2, none: 0 });
    expect(coverage.categories).to.deep.equal(['kindergarten', 'convenience-store', 'public-toilet']);
    const row = (id: string) => {
      const r = coverage.row(coverage.rowOf(id));
      return { id: r.id, level: r.level, residences: r.residences, population: r.population, covered: r.covered, score: r.score };
    };
    expect(['S1', 'C1', 'C2', 'G1'].map(row)).to.deep.equal([
      { id: 'S1', level: 'street', residences: 3, population: 600, covered: [300, 200, 300], score: 250 / 600 },
      { id: 'C1', level: 'community', residences: 1, population: 100, covered: [100, 0, 0], score: 0.5 },
      { id: 'C2', level: 'community', residences: 2, population: 500, covered: [200, 200, 300], score: 0.4 },
      { id: 'G1', level: 'grid', residences: 1, population: 200, covered: [200, 200, 0], score: 1 },
    ]);
    expect(coverage.row(coverage.rowOf('C2')).share).to.deep.equal([0.4, 0.4, 0.6]);
    expect(coverage.outside).to.deep.equal({ residences: 0, population: 0 });
  });

  it('lists one level worst first and sorts by score, population or a category (aria-sort, buttons)', async () => {
    el = await mounted();
    expect(rowIds(el)).to.deep.equal(['C2', 'C1']);
    expect(sortedBy(el)).to.deep.equal([['score', 'ascending']]);
    const cells = [...table(el)!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim()));
    expect(cells).to.deep.equal([
      ['Elm Community', '40%', '500', '40%', '40%', '60%'],
      ['Oak Community', '50%', '100', '100%', '0%', '0%'],
    ]);
    header(el, 'public-toilet').click();
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal(['C1', 'C2']);
    expect(sortedBy(el)).to.deep.equal([['public-toilet', 'ascending']]);
    header(el, 'population').click();
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal(['C2', 'C1']);
    expect(sortedBy(el)).to.deep.equal([['population', 'descending']]);
    const levels = [...panel(el).querySelectorAll<HTMLInputElement>('input[name="units-level"]')];
    expect(levels.map((input) => [input.value, input.checked])).to.deep.equal([
      ['street', false],
      ['community', true],
      ['grid', false],
    ]);
    levels[0]!.click();
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal(['S1']);
    levels[2]!.click();
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal(['G1']);
    expect(await runAxe(panel(el))).to.deep.equal([]);
  });

  it('colours the units on the inner map by the sorted figure (a grid layer), and a click there highlights the unit', async () => {
    el = await mounted();
    const map = el.map!;
    const layer = gridLayer(el)!;
    expect(layer).to.not.equal(null);
    expect(layer.level).to.equal('community');
    header(el, 'kindergarten').click();
    await el.rendered();
    expect(layer.valueFor('C1')).to.equal(100);
    expect(layer.valueFor('C2')).to.equal(40);
    const colour = (x: number, y: number) => {
      const [px, py] = project(map, at(x, y));
      return pixelAt(map, px, py).slice(0, 3);
    };
    // C1 (100 %) in the palette's green class, C2 (40 %) in its pale yellow one, over the light map.
    const [r1, g1, b1] = colour(200, 200);
    expect(g1 - r1).to.be.greaterThan(40);
    expect(g1 - b1).to.be.greaterThan(40);
    const [r2, g2, b2] = colour(650, 200);
    expect(Math.abs(r2 - g2)).to.be.lessThan(12);
    expect(r2 - b2).to.be.greaterThan(20);

    const [px, py] = project(map, at(200, 200));
    await clickAt(map, px, py);
    await el.rendered();
    expect(layer.selected).to.equal('C1');
    const selected = table(el)!.querySelector('tbody tr.selected');
    expect(selected?.getAttribute('data-id')).to.equal('C1');
    expect(selected?.querySelector('button')?.getAttribute('aria-pressed')).to.equal('true');
  });

  it('without a scope, a row highlights its unit in the table and on the map', async () => {
    el = await mounted();
    table(el)!.querySelector<HTMLButtonElement>('tr[data-id="C2"] button')!.click();
    await el.rendered();
    expect(gridLayer(el)!.selected).to.equal('C2');
    expect(table(el)!.querySelector('tr[data-id="C2"] button')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('takes an imported boundaries file as its units', async () => {
    el = await mounted(null);
    expect(el.unitCoverage).to.equal(null);
    expect(table(el)).to.equal(null);
    const detail = { role: 'boundaries', name: 'units.geojson', format: 'geojson', features: BOUNDARIES, rows: 4, kept: 4 };
    el.dispatchEvent(new CustomEvent('city-data-import', { detail, bubbles: true, composed: true }));
    await el.rendered();
    expect(el.boundaries).to.deep.equal(BOUNDARIES);
    expect(el.unitCoverage!.row(el.unitCoverage!.rowOf('C2')).population).to.equal(500);
    expect(rowIds(el)).to.deep.equal(['C2', 'C1']);
  });

  it('reports boundaries that are no FeatureCollection, and shows no units', async () => {
    el = await mounted({ type: 'Nothing' });
    expect(el.unitCoverage).to.equal(null);
    const problem = el.errors.find((error) => error.issues.some((issue) => issue.path === 'boundaries'));
    expect(problem?.severity).to.equal('error');
  });
});

describe('<city-life-circle> coverage by unit in a <city-scope>', () => {
  let scope: CityScope | undefined;
  afterEach(() => unmount(scope));

  async function inScope(boundaries: unknown): Promise<{ el: CityLifeCircle; map: CityMap }> {
    const host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:520px';
    scope = document.createElement('city-scope');
    scope.units = BOUNDARIES;
    const el = document.createElement('city-life-circle');
    el.setAttribute('lang', 'en');
    el.style.cssText = '--city-life-circle-height:520px';
    Object.assign(el, { profile: PROFILE, level: 5, boundaries, ...data() });
    scope.append(el);
    host.append(scope);
    document.body.append(host);
    await scope.rendered();
    await el.rendered();
    return { el, map: el.map! };
  }

  it("uses the scope's units when it has no boundaries (no map layer without polygons), and a row selects the unit in the scope", async () => {
    const { el } = await inScope(null);
    // The scope's units came as rows of a FeatureCollection: with polygons (h1, h2 placed by them).
    expect(el.unitCoverage!.source).to.equal('scope');
    expect(el.unitCoverage!.row(el.unitCoverage!.rowOf('S1')).population).to.equal(600);
    expect(gridLayer(el)).to.equal(null);
    const changes = collectEvents<{ unit: string | null }>(scope!, 'city-scope-change');
    try {
      table(el)!.querySelector<HTMLButtonElement>('tr[data-id="C1"] button')!.click();
      await scope!.rendered();
      await el.rendered();
      expect(scope!.unit).to.equal('C1');
      expect(changes.events.map((e) => e.detail.unit)).to.deep.equal(['C1']);
      expect(table(el)!.querySelector('tr[data-id="C1"] button')!.getAttribute('aria-pressed')).to.equal('true');
      // The scope's unit also dims the residences outside it: the panel shows the unit's coverage.
      expect(el.scopeCoverage?.unit).to.equal('C1');
    } finally {
      changes.stop();
    }
  });

  it('a click on the choropleth selects the unit in the scope', async () => {
    const { el, map } = await inScope(BOUNDARIES);
    const [px, py] = project(map, at(200, 200));
    await clickAt(map, px, py);
    await scope!.rendered();
    await el.rendered();
    expect(scope!.unit).to.equal('C1');
    expect(table(el)!.querySelector('tr.selected')?.getAttribute('data-id')).to.equal('C1');
  });
});
