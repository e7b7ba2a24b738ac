import { expect } from 'chai';
import '../../src/life-circle/index';
import '../../src/scope/index';
import { analyzeLifeCircle, unitCoverage, validateLifeCircleInput, type CityAnalysisCompleteDetail, type CityLifeCircle } from '../../src/life-circle/index';
import { dimmedRgba, scopedColorColumn, unitMask } from '../../src/life-circle/view/scope-view';
import type { CityScope } from '../../src/scope/index';
import type { CityMap } from '../../src/map/city-map';
import { IssueCollector } from '../../src/core/validation';
import { canvasPixels, collectEvents, differingPixels, pixelAt, project, unmount } from '../helpers/index';
import { PROFILE, at, fc, street } from './element-fixtures';

// Street fixture (see element-fixtures.ts), each home in a unit of a two-street hierarchy:
//   h1 pop 100 in G1 (street S1): kindergarten ✓, store ✗, toilet ✗   score 1/2
//   h2 pop 200 in G2 (street S1): kindergarten ✓, store ✓, toilet ✗   score 2/2
//   h3 pop 300 in G3 (street S2): kindergarten ✗, store ✗, toilet ✓   score 0/2
const GRID: Record<string, string> = { h1: 'G1', h2: 'G2', h3: 'G3' };
const UNITS = [
  { id: 'S1', parent: null, name: 'East Street', level: 'street' },
  { id: 'G1', parent: 'S1', name: 'Grid 1', level: 'grid' },
  { id: 'G2', parent: 'S1', name: 'Grid 2', level: 'grid' },
  { id: 'S2', parent: null, name: 'West Street', level: 'street' },
  { id: 'G3', parent: 'S2', name: 'Grid 3', level: 'grid' },
];
const IN_S1 = new Set(['h1', 'h2']);

/** The street fixture with each residence's `properties.grid`. */
function gridded() {
  const data = street();
  type Home = { properties: Record<string, unknown> };
  const residences = (data.residences.features as Home[]).map((f) => ({ ...f, properties: { ...f.properties, grid: GRID[f.properties.id as string] } }));
  return { ...data, residences: fc(residences) };
}

const OPTIONS = { profile: PROFILE, level: 5 as const };

describe('life circle in a scope: the unit view (pure)', () => {
  it('reads `properties.grid` of residences (text or number; empty is none; other types reported)', () => {
    const data = gridded();
    const features = data.residences.features as { properties: Record<string, unknown> }[];
    features[1]!.properties.grid = 7;
    features[2]!.properties.grid = ['G3'];
    const issues = new IssueCollector(10);
    const tables = validateLifeCircleInput({ ...data, residences: fc(features) }, { profile: PROFILE }, issues);
    expect(tables.residences.grid).to.deep.equal(['G1', '7', null]);
    expect(issues.issues.map((i) => [i.path, i.severity])).to.deep.equal([['residences.features[2].properties.grid', 'warning']]);
  });

  it('unitCoverage: per category, the unit population within reach over the unit population, from the result as it is', () => {
    const result = analyzeLifeCircle(gridded(), OPTIONS);
    const s1 = unitCoverage(result, 'S1', (id) => IN_S1.has(id));
    expect(s1.unit).to.equal('S1');
    expect(s1.residences).to.equal(2);
    expect(s1.population).to.equal(300);
    expect({ ...s1.coverage }).to.deep.equal({
      kindergarten: { population: 300, share: 1, residences: 2, required: true, limit: 300 },
      'convenience-store': { population: 200, share: 200 / 300, residences: 1, required: true, limit: 300 },
      'public-toilet': { population: 0, share: 0, residences: 0, required: false, limit: 300 },
    });
    expect(Object.getPrototypeOf(s1.coverage)).to.equal(null);
    const g3 = unitCoverage(result, 'G3', (id) => id === 'h3');
    expect([g3.residences, g3.population]).to.deep.equal([1, 300]);
    expect(Object.values(g3.coverage).map((c) => [c.population, c.share, c.residences])).to.deep.equal([
      [0, 0, 0],
      [0, 0, 0],
      [300, 1, 1],
    ]);
    // A unit with no residences: nothing covered, no division by zero.
    const empty = unitCoverage(result, 'G9', () => false);
    expect([empty.residences, empty.population]).to.deep.equal([0, 0]);
    expect(Object.values(empty.coverage).map((c) => c.share)).to.deep.equal([0, 0, 0]);
    // Every residence: the whole area's coverage.
    expect({ ...unitCoverage(result, 'all', () => true).coverage }).to.deep.equal({ ...result.coverage });
  });

  it('dims the colours of residences outside the unit toward the background, exactly', () => {
    expect(dimmedRgba([0x2e, 0x7d, 0x32, 255], 'light')).to.deep.equal([197, 217, 200, 255]);
    expect(dimmedRgba([0xc6, 0x28, 0x28, 255], 'light')).to.deep.equal([235, 196, 198, 255]);
    expect(dimmedRgba([0x2e, 0x7d, 0x32, 255], 'dark')).to.deep.equal([17, 44, 36, 255]);
    const colors = Uint8Array.of(1, 2, 3, 255, 247, 248, 250, 255, 0, 0, 0, 200);
    expect([...scopedColorColumn(colors, Uint8Array.of(1, 0, 0), 'light')]).to.deep.equal([1, 2, 3, 255, 247, 248, 250, 255, 185, 186, 188, 200]);
    expect(scopedColorColumn(colors, null, 'light')).to.equal(colors);
    const scene = { residences: { grid: ['G1', null, 'G3'] } } as never;
    expect(unitMask(scene, { unit: null, includes: () => true })).to.equal(null);
    expect([...unitMask(scene, { unit: 'S2', includes: (id) => id === 'G3' })!]).to.deep.equal([0, 0, 1]);
  });
});

/** `<city-life-circle>` inside `<city-scope>` in a fixed box. */
async function mountInScope(units: unknown = UNITS): Promise<{ scope: CityScope; el: CityLifeCircle; map: CityMap }> {
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:520px';
  const scope = document.createElement('city-scope');
  scope.units = units;
  const el = document.createElement('city-life-circle');
  el.setAttribute('lang', 'en');
  el.style.cssText = '--city-life-circle-height:520px';
  Object.assign(el, { profile: PROFILE, level: 5, ...gridded() });
  scope.append(el);
  host.append(scope);
  document.body.append(host);
  await scope.rendered();
  await el.rendered();
  return { scope, el, map: el.map! };
}

async function selectUnit(scope: CityScope, el: CityLifeCircle, unit: string | null): Promise<void> {
  scope.unit = unit;
  await scope.rendered();
  await el.rendered();
}

const colourAt = (map: CityMap, x: number, y: number) => {
  const [px, py] = project(map, at(x, y));
  return pixelAt(map, px, py).slice(0, 3);
};
/** Residence centres: h1, h2, h3. */
const homes = (map: CityMap) => [colourAt(map, 100, 20), colourAt(map, 900, 20), colourAt(map, 500, 250)];
const SCORE = { h1: [0xf2, 0xb7, 0x05], h2: [0x2e, 0x7d, 0x32], h3: [0xc6, 0x28, 0x28] };
const dim = (rgb: number[]) => dimmedRgba([rgb[0]!, rgb[1]!, rgb[2]!, 255], 'light').slice(0, 3);

const panelOf = (el: CityLifeCircle) => el.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!;
const unitValues = (el: CityLifeCircle) => [...panelOf(el).querySelectorAll('table.coverage td.share.unit .value')].map((v) => v.textContent);

describe('<city-life-circle> in a <city-scope>', () => {
  let el: CityLifeCircle;
  afterEach(() => unmount(el?.closest('city-scope') ?? el));

  it("highlights the selected unit's residences, dims the others and shows the unit's coverage beside the whole area's", async () => {
    const mounted = await mountInScope();
    el = mounted.el;
    const { scope, map } = mounted;
    const result = el.result!;
    expect(homes(map)).to.deep.equal([SCORE.h1, SCORE.h2, SCORE.h3]);
    const analyses = collectEvents<CityAnalysisCompleteDetail>(el, 'city-analysis-complete');
    try {
      await selectUnit(scope, el, 'S1');
      // S1 holds G1 and G2: h1 and h2 keep their colours, h3 fades.
      expect(homes(map)).to.deep.equal([SCORE.h1, SCORE.h2, dim(SCORE.h3)]);
      expect(dim(SCORE.h3)).to.deep.equal([235, 196, 198]);
      const expected = unitCoverage(result, 'S1', (id) => IN_S1.has(id));
      expect(el.scopeCoverage).to.deep.equal(expected);
      expect([el.scopeCoverage!.residences, el.scopeCoverage!.population]).to.deep.equal([2, 300]);
      expect(panelOf(el).querySelector('.scope-unit')!.textContent!.trim()).to.equal('Selected unit: East Street (residences: 2, population: 300)');
      expect(panelOf(el).querySelector('[role="status"]')!.textContent).to.match(/^Analysis complete: .*\. Selected unit: East Street \(residences: 2, population: 300\)$/);
      expect([...panelOf(el).querySelectorAll('table.coverage thead th')].map((th) => th.textContent!.trim())).to.deep.equal(['Show', 'Category', 'Whole area', 'East Street']);
      const rows = [...panelOf(el).querySelectorAll('table.coverage tbody tr')];
      expect(rows.map((r) => r.querySelector('td.share:not(.unit) .value')!.textContent)).to.deep.equal(['50% · 300', '33.3% · 200', '50% · 300']);
      expect(unitValues(el)).to.deep.equal(['100% · 300', '66.7% · 200', '0% · 0']);
      expect(rows.map((r) => Number(r.querySelector('td.share.unit rect.fill')!.getAttribute('width')))).to.deep.equal([64, (200 / 300) * 64, 0]);

      await selectUnit(scope, el, 'G3');
      expect(homes(map)).to.deep.equal([dim(SCORE.h1), dim(SCORE.h2), SCORE.h3]);
      expect(el.scopeCoverage).to.deep.equal(unitCoverage(result, 'G3', (id) => id === 'h3'));
      expect(unitValues(el)).to.deep.equal(['0% · 0', '0% · 0', '100% · 300']);
      // Only the view changed: no new analysis, the same result.
      expect(analyses.events).to.have.length(0);
      expect(el.result).to.equal(result);
    } finally {
      analyses.stop();
    }
  });

  it('clearing the unit restores the picture and the panel exactly', async () => {
    const mounted = await mountInScope();
    el = mounted.el;
    const { scope, map } = mounted;
    const before = canvasPixels(map);
    const panelBefore = panelOf(el).innerHTML;
    await selectUnit(scope, el, 'G1');
    expect(differingPixels(before, canvasPixels(map))).to.be.greaterThan(0);
    expect(el.scopeCoverage!.unit).to.equal('G1');
    await selectUnit(scope, el, null);
    expect(differingPixels(before, canvasPixels(map))).to.equal(0);
    expect(el.scopeCoverage).to.equal(null);
    expect(panelOf(el).querySelector('.scope-unit')).to.equal(null);
    expect(panelOf(el).querySelectorAll('td.share.unit')).to.have.length(0);
    expect(panelOf(el).innerHTML).to.equal(panelBefore);
  });

  it('in a scope without a hierarchy, selects the residences of exactly that unit and names it by its id', async () => {
    const mounted = await mountInScope(null);
    el = mounted.el;
    await selectUnit(mounted.scope, el, 'G2');
    expect(homes(mounted.map)).to.deep.equal([dim(SCORE.h1), SCORE.h2, dim(SCORE.h3)]);
    expect(el.scopeCoverage).to.deep.equal(unitCoverage(el.result!, 'G2', (id) => id === 'h2'));
    expect(panelOf(el).querySelector('.scope-unit')!.textContent!.trim()).to.equal('Selected unit: G2 (residences: 1, population: 200)');
    expect(unitValues(el)).to.deep.equal(['100% · 200', '100% · 200', '0% · 0']);
  });

  it('outside any scope nothing changes, whatever a scope elsewhere on the page selects', async () => {
    const other = await mountInScope();
    const host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:520px';
    el = document.createElement('city-life-circle');
    el.setAttribute('lang', 'en');
    el.style.cssText = '--city-life-circle-height:520px';
    Object.assign(el, { profile: PROFILE, level: 5, ...gridded() });
    host.append(el);
    document.body.append(host);
    try {
      await el.rendered();
      const map = el.map!;
      expect(homes(map)).to.deep.equal([SCORE.h1, SCORE.h2, SCORE.h3]);
      const before = canvasPixels(map);
      const panelBefore = panelOf(el).innerHTML;
      await selectUnit(other.scope, other.el, 'S1');
      await el.rendered();
      expect(homes(other.map)).to.deep.equal([SCORE.h1, SCORE.h2, dim(SCORE.h3)]);
      expect(differingPixels(before, canvasPixels(map))).to.equal(0);
      expect(el.scopeCoverage).to.equal(null);
      expect(panelOf(el).innerHTML).to.equal(panelBefore);
    } finally {
      unmount(other.scope);
    }
  });
});
