import { expect } from 'chai';
import '../../src/life-circle/index';
import { analyzeLifeCircle } from '../../src/life-circle/index';
import type { CityLifeCircle } from '../../src/life-circle/index';
import type { CityErrorDetail } from '../../src/core/events';
import { unmount } from '../helpers/index';
import { PROFILE, analyzed, at, fc, home, line, mountLifeCircle, place, street } from './element-fixtures';

type Data = ReturnType<typeof street>;

/** Mounts, feeds `data`, waits for the analysis, and collects every `city-error`. */
async function analyse(data: Partial<Data>, profile: unknown = PROFILE, attributes: Record<string, string> = {}) {
  const el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en', ...attributes });
  const errors: CityErrorDetail[] = [];
  el.addEventListener('city-error', (e) => errors.push(e.detail));
  el.profile = profile as never;
  if (!attributes.level) el.level = 5;
  if (data.residences) el.residences = data.residences;
  if (data.facilities) el.facilities = data.facilities;
  if (data.roads) el.roads = data.roads;
  const result = await analyzed(el);
  await el.updateComplete;
  return { el, errors, result: result! };
}

const panelText = (el: CityLifeCircle) => el.shadowRoot!.querySelector('[part="error"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
const paths = (errors: CityErrorDetail[]) => errors.flatMap((e) => e.issues.map((i) => i.path));

describe('<city-life-circle> bad input: reported, and the valid part analysed', () => {
  let el: CityLifeCircle | undefined;
  afterEach(() => unmount(el));

  it('facilities with unknown categories', async () => {
    const data = street();
    data.facilities.features.push(place('x1', 'Spaceport', 'spaceport', 100, 0), place('x2', 'No category', undefined as never, 200, 0));
    const run = await analyse(data);
    el = run.el;
    expect(paths(run.errors)).to.include.members(['facilities.features[4].properties.category', 'facilities.features[5].properties.category']);
    expect(run.errors.at(-1)!.code).to.equal('invalid-data');
    expect(panelText(el)).to.contain('facilities.features[4].properties.category: unknown facility category "spaceport": skipped');
    expect(panelText(el)).to.contain('Data problems: 2; the valid data is shown');
    expect(run.result.summary.facilities).to.equal(4);
    expect(JSON.stringify(run.result.residences)).to.equal(JSON.stringify(analyzeLifeCircle(street(), { profile: PROFILE, level: 5 }).residences));
  });

  it('residences without population', async () => {
    const data = street();
    data.residences.features.push(home('h4', 'No people', 120, 20, undefined), home('h5', 'Negative', 140, 20, -5));
    const run = await analyse(data);
    el = run.el;
    expect(paths(run.errors)).to.deep.equal(['residences.features[3].properties.population', 'residences.features[4].properties.population']);
    expect(run.errors.at(-1)!.issues.every((i) => i.severity === 'warning')).to.equal(true);
    expect(panelText(el)).to.contain('missing or invalid population (undefined): analysed, but weighs 0 in coverage (warning)');
    // Analysed, with no weight: kindergarten coverage is still 300 of 600 people.
    expect(run.result.residences.h4!.categories.kindergarten!.within).to.equal(true);
    expect(run.result.residences.h4!.population).to.equal(0);
    expect(run.result.coverage.kindergarten).to.deep.include({ population: 300, share: 0.5, residences: 4 });
  });

  it('NaN coordinates', async () => {
    const data = street();
    data.residences.features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [NaN, 29.5] }, properties: { id: 'bad', name: 'Bad', population: 50 } });
    data.facilities.features.unshift({ type: 'Feature', geometry: { type: 'Point', coordinates: [106.5, NaN] }, properties: { id: 'badf', name: 'Bad', category: 'kindergarten' } });
    const run = await analyse(data);
    el = run.el;
    expect(paths(run.errors)).to.deep.equal(['residences.features[3].geometry.coordinates', 'facilities.features[0].geometry.coordinates']);
    expect(panelText(el)).to.contain('residences.features[3].geometry.coordinates: invalid coordinates ([NaN, 29.5]): skipped');
    expect(Object.keys(run.result.residences)).to.deep.equal(['h1', 'h2', 'h3']);
    expect(run.result.residences.h1!.score).to.equal(0.5);
  });

  it('roads that are not LineStrings', async () => {
    const data = street();
    data.roads.features.push(
      { type: 'Feature', geometry: { type: 'Point', coordinates: at(0, 0) }, properties: { id: 'p' } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[at(0, 0), at(1, 0), at(1, 1), at(0, 0)]] }, properties: { id: 'q' } },
    );
    const run = await analyse(data);
    el = run.el;
    expect(paths(run.errors)).to.deep.equal(['roads.features[2].geometry.type', 'roads.features[3].geometry.type']);
    expect(panelText(el)).to.contain('roads.features[2].geometry.type: a road must be a LineString, got "Point": skipped');
    expect(run.result.method).to.equal('network');
    expect(run.result.residences.h1!.categories.kindergarten!.distance).to.be.closeTo(80, 0.01);
  });

  it('a road set with no LineString at all falls back to straight-line distances and says so', async () => {
    const data = street();
    data.roads = fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: at(0, 0) }, properties: { id: 'p' } }]);
    const run = await analyse(data);
    el = run.el;
    expect(run.result.method).to.equal('straight-line');
    // h1 (100,20) → k1 (150,-10): √(50² + 30²) ≈ 58.3 m as the crow flies.
    expect(run.result.residences.h1!.categories.kindergarten!.distance).to.be.closeTo(Math.hypot(50, 30), 0.01);
    expect(el.shadowRoot!.querySelector('.method')!.getAttribute('data-method')).to.equal('straight-line');
    expect(el.shadowRoot!.querySelector('.method')!.textContent).to.contain('Straight-line distances');
  });

  it('a network with disconnected islands', async () => {
    const data = street();
    // An island 3 km east with one home and a kindergarten on the mainland's far side of the gap.
    data.roads.features.push(line('island', [4000, 0], [4400, 0]));
    data.residences.features.push(home('h4', 'Islander', 4100, 10, 50));
    data.facilities.features.push(place('k9', 'Island kindergarten', 'kindergarten', 4300, 10));
    const run = await analyse(data);
    el = run.el;
    expect(paths(run.errors)).to.deep.equal(['roads']);
    expect(run.errors.at(-1)!.issues[0]!.severity).to.equal('warning');
    expect(panelText(el)).to.contain('the road network has 2 disconnected parts');
    // Islanders reach their own kindergarten (10 + 200 + 10 m), nothing on the mainland.
    expect(run.result.residences.h4!.categories.kindergarten).to.deep.include({ facility: 'k9', within: true });
    expect(run.result.residences.h4!.categories['convenience-store']!.distance).to.equal(null);
    expect(run.result.residences.h4!.categories.kindergarten!.distance).to.be.closeTo(220, 0.01);
    expect(run.result.residences.h1!.categories.kindergarten!.facility).to.equal('k1');
  });

  it('points far outside the network', async () => {
    const data = street();
    data.residences.features.push(home('far', 'Far away', 100, 2000, 80));
    const run = await analyse(data);
    el = run.el;
    expect(paths(run.errors)).to.deep.equal(['residences.features[3].geometry']);
    expect(panelText(el)).to.contain('no road within 500 m: unreachable on the network');
    expect(run.result.summary.unreachableResidences).to.equal(1);
    expect(run.result.residences.far).to.deep.include({ score: 0, access: null });
    expect(run.result.residences.h2!.score).to.equal(1);
    el.selectResidence('far');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="detail"] .warning')!.textContent).to.equal(
      'This residence is too far from any road to be reached on the network',
    );
  });

  it('a custom profile with negative radii', async () => {
    const profile = {
      ...PROFILE,
      categories: [...PROFILE.categories, { key: 'pharmacy', level: 5, radius: -300, required: true }],
    };
    const run = await analyse(street(), profile);
    el = run.el;
    expect(paths(run.errors)).to.deep.equal(['options.profile.categories[3].radius']);
    expect(panelText(el)).to.contain('options.profile.categories[3].radius: a service radius must be a non-negative number (-300): row skipped');
    expect(run.result.categories.map((c) => c.key)).to.deep.equal(['kindergarten', 'convenience-store', 'public-toilet']);
    expect(run.result.residences.h2!.score).to.equal(1);
  });

  it('an unknown level, mode or CRS attribute, and a profile attribute that is not JSON: warnings, defaults used', async () => {
    const run = await analyse(street(), undefined, { level: '7', mode: 'teleport', crs: 'mercator' });
    el = run.el;
    const attributeReport = run.errors.filter((e) => e.issues.some((i) => i.path === 'level')).at(-1)!;
    expect(attributeReport.severity).to.equal('warning');
    expect(attributeReport.issues.map((i) => [i.path, i.severity])).to.deep.equal([
      ['level', 'warning'],
      ['mode', 'warning'],
      ['crs', 'warning'],
    ]);
    expect(panelText(el)).to.contain('level: unknown value: "7" (warning)');
    // The page's values are kept; the defaults are used.
    expect(el.level).to.equal('7');
    expect(el.mode).to.equal('teleport');
    expect(run.result.level).to.equal(15);
    expect(run.result.mode).to.equal('walk');
    el.setAttribute('profile', '{"categories": [');
    await el.updateComplete;
    const result = await analyzed(el);
    expect(el.errors.find((e) => e.issues.some((i) => i.path === 'profile'))!.issues.map((i) => i.path)).to.deep.equal(['level', 'mode', 'crs', 'profile']);
    expect(result!.profile.id).to.equal('gb50180-2018');
    // Removing the attributes returns to the defaults, and the warning goes away.
    for (const name of ['level', 'mode', 'crs', 'profile']) el.removeAttribute(name);
    await analyzed(el);
    expect(el.errors.filter((e) => e.issues.some((i) => ['level', 'mode', 'crs', 'profile'].includes(i.path)))).to.deep.equal([]);
    expect(panelText(el)).to.equal('');
  });

  it('a source that fails to load is reported; the inputs that loaded are still analysed', async () => {
    const data = street();
    const url = (value: unknown) => URL.createObjectURL(new Blob([JSON.stringify(value)], { type: 'application/json' }));
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    const errors: CityErrorDetail[] = [];
    el.addEventListener('city-error', (e) => errors.push(e.detail));
    el.profile = PROFILE;
    el.level = 5;
    el.residencesSrc = url(data.residences);
    el.facilitiesSrc = url(data.facilities);
    el.roadsSrc = '/no/such/roads.geojson';
    const result = (await analyzed(el))!;
    expect(errors.map((e) => e.code)).to.deep.equal(['load-failed']);
    expect(result.method).to.equal('straight-line');
    expect(Object.keys(result.residences)).to.deep.equal(['h1', 'h2', 'h3']);
  });
});
