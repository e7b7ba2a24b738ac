import { expect } from 'chai';
import '../../src/life-circle/index';
import { analyzeLifeCircle, analyzePrepared, prepareLifeCircle } from '../../src/life-circle/index';
import type { CityLifeCircle, CityResidenceSelectDetail, LifeCircleOptions, LifeCircleResult } from '../../src/life-circle/index';
import type { CityErrorDetail } from '../../src/core/events';
import { nextEvent, unmount } from '../helpers/index';
import { PROFILE, analyzed, at, home, line, mountLifeCircle, place, street } from './element-fixtures';
import { CASES, HUGE, XSS, type HostileCase } from './hostile-corpus';

const CLEAN_OPTIONS = { profile: PROFILE, level: 5 } as LifeCircleOptions;
const VALID = ['h1', 'h2', 'h3'];
const clean = analyzeLifeCircle(street(), CLEAN_OPTIONS);
const FAR = 350_000; // metres north and east of the street: ~500 km away

const sorted = (pairs: [string, string][]) => pairs.map((p) => p.join(' ')).sort();
const issuePairs = (result: LifeCircleResult) => result.issues.map((i): [string, string] => [i.path, i.severity ?? 'error']);

/** The valid records' outcomes and the coverage numbers are exactly the clean run's. */
function expectValidPartUnchanged(result: LifeCircleResult, reference: LifeCircleResult, kept: string[] = [], keptFacilities: string[] = []): void {
  for (const id of VALID) expect(result.residences[id], id).to.deep.equal(reference.residences[id]);
  expect(Object.keys(result.residences)).to.deep.equal([...Object.keys(reference.residences), ...kept]);
  expect(result.categories.map((c) => c.key)).to.deep.equal(reference.categories.map((c) => c.key));
  for (const key of Object.keys(reference.coverage)) {
    const { population, share, residences } = result.coverage[key]!;
    const expected = reference.coverage[key]!;
    expect({ population, share }, key).to.deep.equal({ population: expected.population, share: expected.share });
    if (kept.length === 0) expect(residences, key).to.equal(expected.residences);
  }
  expect(result.summary.population).to.equal(reference.summary.population);
  expect([result.projection.lon0, result.projection.lat0]).to.deep.equal([reference.projection.lon0, reference.projection.lat0]);
  // The scale error describes the data's extent, which a kept record may widen.
  if (kept.length === 0 && keptFacilities.length === 0) expect(result.projection).to.deep.equal(reference.projection);
}

describe('life-circle engine: hostile corpus', () => {
  it(`has at least 50 bad inputs (${CASES.length})`, () => {
    expect(CASES.length).to.be.at.least(50);
  });

  for (const c of CASES as HostileCase[]) {
    it(c.name, () => {
      const data = street();
      c.mutate?.(data);
      const result = analyzeLifeCircle(data, (c.options ?? CLEAN_OPTIONS) as LifeCircleOptions);
      expectValidPartUnchanged(result, clean, c.kept, c.keptFacilities);
      expect(result.method).to.equal('network');
      // Exactly the real problems, each naming its record and field.
      expect(sorted(issuePairs(result))).to.deep.equal(sorted(c.expect));
      // A 10 MB value is never copied into a message.
      for (const issue of result.issues) expect(issue.message.length, issue.path).to.be.below(400);
      for (const id of c.keptFacilities ?? []) {
        expect(Object.hasOwn(result.catchments, id), id).to.equal(true);
        expect(result.catchments[id]).to.deep.equal({ category: 'kindergarten', population: 0, residences: 0 });
      }
    });
  }

  it('never throws on input or options that are not objects', () => {
    for (const [input, options] of [
      [null, null],
      [42, 'x'],
      [{ residences: 'x', facilities: [], roads: 5 }, []],
      [{ residences: { features: 'x' }, facilities: { features: null } }, { categories: 'kindergarten', speeds: 'fast' }],
    ] as const) {
      const result = analyzeLifeCircle(input as never, options as never);
      expect(result.summary.residences).to.equal(0);
      expect(result.issues.length).to.be.above(0);
    }
    // The two-step API too; a NaN issue limit keeps the default.
    const prepared = prepareLifeCircle(street(), { profile: PROFILE, issueLimit: NaN });
    expect(analyzePrepared(prepared, { level: 5 }).residences).to.deep.equal(clean.residences);
    expect(Object.keys(analyzePrepared(prepareLifeCircle(street(), null as never), 'x' as never).residences)).to.deep.equal(VALID);
  });
});

describe('life-circle engine: input that throws when read', () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const throwing = (field: string) => {
    const object = {};
    Object.defineProperty(object, field, { get: () => { throw new Error('hostile getter'); } });
    return object;
  };

  it('reports a whole collection that throws when read, and analyses the rest', () => {
    for (const [part, bad] of [['facilities', throwing('features')], ['roads', revoked()], ['roads', throwing('features')]] as const) {
      const data = { ...street(), [part]: bad };
      const result = analyzeLifeCircle(data, CLEAN_OPTIONS);
      expect(result.issues.map((i) => [i.path, i.severity]), part).to.deep.include([part, 'error']);
      expect(Object.keys(result.residences), part).to.deep.equal(VALID);
    }
    const noResidences = analyzeLifeCircle({ ...street(), residences: revoked() } as never, CLEAN_OPTIONS);
    expect(noResidences.issues.map((i) => i.path)).to.deep.equal(['residences']);
    expect(noResidences.summary.residences).to.equal(0);
  });

  it('takes a profile or an input that throws when read as unusable: reported, never thrown', () => {
    const profile = analyzeLifeCircle(street(), { profile: revoked() as never, level: 5 });
    expect(profile.issues.map((i) => [i.path, i.message])).to.deep.equal([['options.profile', 'the profile could not be read: using gb50180-2018']]);
    expect(profile.profile.id).to.equal('gb50180-2018');
    for (const input of [revoked(), throwing('residences')]) {
      const result = analyzeLifeCircle(input as never, CLEAN_OPTIONS);
      expect(result.issues.map((i) => i.path)).to.include('input');
      expect(result.summary.residences).to.equal(0);
    }
  });
});

describe('life-circle engine: data used as keys', () => {
  it('analyses a residence with id "__proto__" like any other', () => {
    const data = street();
    ((data.residences.features[0] as { properties: { id: string } }).properties).id = '__proto__';
    const result = analyzeLifeCircle(data, CLEAN_OPTIONS);
    expect(Object.keys(result.residences)).to.deep.equal(['__proto__', 'h2', 'h3']);
    expect(Object.hasOwn(result.residences, '__proto__')).to.equal(true);
    expect(result.residences['__proto__']).to.deep.equal(clean.residences.h1);
    expect(result.coverage).to.deep.equal(clean.coverage);
    expect(result.gaps.filter((g) => g.residence === '__proto__').map((g) => g.category)).to.deep.equal(['convenience-store', 'public-toilet']);
    // Ids that are Object.prototype members are not there unless they are data.
    expect(result.residences.constructor).to.equal(undefined);
    expect(result.residences.toString).to.equal(undefined);
    expect(result.coverage.constructor).to.equal(undefined);
    expect(result.catchments.hasOwnProperty).to.equal(undefined);
  });

  it('analyses categories keyed "__proto__" and "constructor" like any other', () => {
    const profile = {
      ...PROFILE,
      categories: PROFILE.categories.map((row) => ({ ...row, key: row.key === 'kindergarten' ? '__proto__' : row.key === 'public-toilet' ? 'constructor' : row.key })),
    };
    const data = street();
    for (const f of data.facilities.features as { properties: { category: string } }[]) {
      const props = f.properties;
      props.category = props.category === 'kindergarten' ? '__proto__' : props.category === 'public-toilet' ? 'constructor' : props.category;
    }
    const result = analyzeLifeCircle(data, { profile, level: 5 });
    expect(result.issues).to.deep.equal([]);
    expect(Object.keys(result.coverage)).to.deep.equal(['__proto__', 'convenience-store', 'constructor']);
    expect(result.coverage['__proto__']).to.deep.equal(clean.coverage.kindergarten);
    expect(result.coverage['constructor']).to.deep.equal(clean.coverage['public-toilet']);
    expect(result.residences.h1!.categories['__proto__']).to.deep.equal(clean.residences.h1!.categories.kindergarten);
    expect(result.residences.h3!.categories['constructor']).to.deep.equal(clean.residences.h3!.categories['public-toilet']);
    expect(result.catchments.k1).to.deep.equal({ ...clean.catchments.k1, category: '__proto__' });
  });

  it('takes no Object.prototype member for a built-in profile or a base to extend', () => {
    for (const id of ['constructor', '__proto__', 'toString']) {
      const result = analyzeLifeCircle(street(), { profile: id, level: 5 });
      expect(result.profile.id).to.equal('gb50180-2018');
      expect(result.issues.map((i) => i.path)).to.include('options.profile');
    }
  });
});

describe('life-circle engine: outliers do not move valid results', () => {
  const far = (kind: 'residence' | 'facility' | 'road') => {
    const data = street();
    if (kind === 'residence') data.residences.features.push(home('far', 'Far', FAR, FAR, 100));
    if (kind === 'facility') data.facilities.features.push(place('far', 'Far', 'kindergarten', FAR, FAR));
    if (kind === 'road') data.roads.features.push(line('far', [FAR, FAR], [FAR + 300, FAR]));
    return data;
  };

  for (const method of ['network', 'straight-line'] as const) {
    for (const kind of ['residence', 'facility', 'road'] as const) {
      if (method === 'straight-line' && kind === 'road') continue;
      it(`${method}: a ${kind} 500 km away is reported and changes no distance`, () => {
        const options = { ...CLEAN_OPTIONS, method };
        const reference = analyzeLifeCircle(street(), options);
        const result = analyzeLifeCircle(far(kind), options);
        expectValidPartUnchanged(result, reference);
        const path = { residence: 'residences.features[3].geometry.coordinates', facility: 'facilities.features[4].geometry.coordinates', road: 'roads.features[2].geometry.coordinates[0]' }[kind];
        expect(result.issues.map((i) => [i.path, i.severity])).to.deep.equal([[path, 'error']]);
        expect(result.issues[0]!.message).to.match(/^\d+\.\d km from the centre of the data .*: outside the study area, (road )?skipped$/);
        // Exact distances, not merely close ones.
        expect(result.residences.h1!.categories.kindergarten!.distance).to.equal(reference.residences.h1!.categories.kindergarten!.distance);
      });
    }
  }

  it('a residence too far from any road (but in the area) does not refit the network projection', () => {
    const data = street();
    data.residences.features.push(home('off', 'Off the network', 500, 3000, 0));
    const result = analyzeLifeCircle(data, CLEAN_OPTIONS);
    expectValidPartUnchanged(result, clean, ['off']);
    expect(result.issues.map((i) => [i.path, i.severity])).to.deep.equal([['residences.features[3].geometry', 'warning']]);
    expect(result.residences.off!.access).to.equal(null);
  });

  it('keeps a second cluster that is a real part of the data (many points) rather than calling it an outlier', () => {
    const data = street();
    // A second street 30 km east with as many records as the first: part of the area, not an outlier.
    const shifted = street();
    for (const f of [...shifted.residences.features, ...shifted.facilities.features] as { properties: unknown; geometry: unknown }[]) {
      const props = f.properties as { id: string };
      props.id = `east-${props.id}`;
      const [lon, lat] = (f.geometry as { coordinates: [number, number] }).coordinates;
      (f.geometry as { coordinates: [number, number] }).coordinates = [lon + (at(30_000, 0)[0] - at(0, 0)[0]), lat];
    }
    data.residences.features.push(...shifted.residences.features);
    data.facilities.features.push(...shifted.facilities.features);
    const result = analyzeLifeCircle(data, { ...CLEAN_OPTIONS, method: 'straight-line' });
    expect(result.issues).to.deep.equal([]);
    expect(Object.keys(result.residences)).to.have.length(6);
  });
});

describe('life-circle engine: polygons and profiles', () => {
  it('reports a NaN hole with its ring path, ignores the hole and measures the residence as without it', () => {
    const outer = [at(60, 40), at(100, 40), at(100, 80), at(60, 80), at(60, 40)];
    const withHole = street();
    withHole.residences.features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [outer, [at(70, 50), [NaN, 29.5], at(80, 60)]] }, properties: { id: 'p', population: 40 } });
    const without = street();
    without.residences.features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [outer] }, properties: { id: 'p', population: 40 } });
    const a = analyzeLifeCircle(withHole, CLEAN_OPTIONS);
    const b = analyzeLifeCircle(without, CLEAN_OPTIONS);
    expect(a.issues.map((i) => [i.path, i.severity, i.message])).to.deep.equal([
      [
        'residences.features[3].geometry.coordinates[1]',
        'warning',
        'invalid hole: position [1] is not a valid [lon, lat], got [NaN, 29.5]: hole ignored, the residence is measured from its outer ring',
      ],
    ]);
    expect(a.residences.p).to.deep.equal(b.residences.p);
    expect(a.coverage).to.deep.equal(b.coverage);
  });

  it('reports a custom profile without levels and says which levels it falls back to', () => {
    const { levels: _, ...noLevels } = PROFILE;
    const result = analyzeLifeCircle(street(), { profile: noLevels, level: 5 });
    expect(result.issues).to.deep.equal([
      {
        path: 'options.profile.levels',
        severity: 'warning',
        message: 'missing (and no "extends"): using the levels of gb50180-2018 (5 min 300 m, 10 min 500 m, 15 min 1000 m)',
      },
    ]);
    expect(result.residences).to.deep.equal(clean.residences);
  });
});

// ---- The element, on a representative subset -------------------------------------------------

declare global {
  interface Window {
    __pwned?: number;
  }
}

/** The street plus one hostile record of most kinds, and the paths that must be reported. */
function hostileStreet() {
  const data = street();
  const r = data.residences.features as unknown[];
  const f = data.facilities.features as unknown[];
  const w = data.roads.features as unknown[];
  r.push(
    // Kept records weigh 0 so the coverage numbers can be compared with the clean run.
    home('__proto__', 'Proto', 100, 40, 0), // [3] valid
    home('x1', XSS, 120, 40, 0), // [4] valid, HTML in the name
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[at(60, 40), at(100, 40), at(100, 80), at(60, 40)], [[NaN, NaN], at(1, 1), at(2, 2)]] }, properties: { id: 'holey', population: 0 } }, // [5]
    home('far', 'Far', FAR, FAR, 100), // [6]
    home('pop', 'Many', 140, 40, 'many' as never), // [7]
    null, // [8]
    home('big', HUGE, 160, 40, 0), // [9] valid, 10 MB name
  );
  f.push(
    place('xf', 'Bad', XSS, 300, 0), // [4]
    place('farf', 'Far', 'kindergarten', -FAR, FAR), // [5]
    place('pf', 'Proto', '__proto__', 300, 0), // [6]
    [1, 2], // [7]
  );
  w.push(
    line('farr', [FAR, 0], [FAR + 400, 0]), // [2]
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [at(0, 0), [NaN, 1]] }, properties: {} }, // [3]
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [at(0, 0)] }, properties: {} }, // [4]
  );
  const paths = [
    'residences.features[5].geometry.coordinates[1]',
    'residences.features[6].geometry.coordinates',
    'residences.features[7].properties.population',
    'residences.features[8]',
    'facilities.features[4].properties.category',
    'facilities.features[5].geometry.coordinates',
    'facilities.features[6].properties.category',
    'facilities.features[7]',
    'roads.features[2].geometry.coordinates[0]',
    'roads.features[3].geometry.coordinates[1]',
    'roads.features[4].geometry.coordinates',
  ];
  return { data, paths };
}

describe('<city-life-circle>: hostile input', () => {
  let el: CityLifeCircle | undefined;
  afterEach(() => {
    unmount(el);
    el = undefined;
  });

  it('analyses the valid part exactly as the clean run, reports every bad record, and injects no HTML', async () => {
    const { data, paths } = hostileStreet();
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en', mode: '__proto__', crs: 'constructor', 'map-crs': '<b>x</b>', 'site-count': 'NaN' });
    const errors: CityErrorDetail[] = [];
    el.addEventListener('city-error', (e) => errors.push(e.detail));
    el.profile = PROFILE;
    el.level = 5;
    el.residences = data.residences;
    el.facilities = data.facilities;
    el.roads = data.roads;
    const result = (await analyzed(el))!;
    await el.updateComplete;

    // `result` is analyzeLifeCircle's, and the valid records come out as in the clean run.
    const direct = analyzeLifeCircle(hostileStreet().data, CLEAN_OPTIONS);
    expect(JSON.stringify(result.residences)).to.equal(JSON.stringify(direct.residences));
    expect(result.coverage).to.deep.equal(direct.coverage);
    expectValidPartUnchanged(result, clean, ['__proto__', 'x1', 'holey', 'pop', 'big']);
    // Keyed by data, also after the trip through the worker.
    expect(Object.getPrototypeOf(result.coverage)).to.equal(null);
    expect(result.coverage.constructor).to.equal(undefined);
    expect(Object.hasOwn(result.residences, '__proto__')).to.equal(true);

    // Every problem reported with record and field; the attributes as warnings.
    const reported = errors.flatMap((e) => e.issues.map((i) => i.path));
    expect(reported).to.include.members(paths);
    const attributes = el.errors.find((e) => e.issues.some((i) => i.path === 'mode'))!;
    expect(attributes.severity).to.equal('warning');
    expect(attributes.issues.map((i) => i.path)).to.deep.equal(['mode', 'crs', 'map-crs', 'site-count']);
    expect(result.mode).to.equal('walk');

    // Text, never HTML: no element was created from a name or category, and nothing ran.
    el.selectResidence('x1');
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('img, b').length).to.equal(0);
    expect(window.__pwned).to.equal(undefined);
    expect(root.querySelector('[part="detail"]')!.textContent).to.contain(XSS);
    const panel = root.querySelector('[part="error"]')!.textContent!.replace(/\s+/g, ' ');
    expect(panel).to.contain('"<img src=x onerror=');
    const outlier = errors.flatMap((e) => e.issues).find((i) => i.path === 'residences.features[6].geometry.coordinates')!;
    expect([outlier.severity, outlier.code]).to.deep.equal(['error', 'life-outside-area']);

    // Removing the bad attributes returns to the defaults and clears their warning; the data report stays.
    for (const name of ['mode', 'crs', 'map-crs', 'site-count']) el.removeAttribute(name);
    await analyzed(el);
    await el.updateComplete;
    expect(el.errors.filter((e) => e.issues.some((i) => ['mode', 'crs', 'map-crs', 'site-count'].includes(i.path)))).to.deep.equal([]);
    expect(el.errors.flatMap((e) => e.issues.map((i) => i.path))).to.include.members(paths);
    expect(JSON.stringify(el.result!.residences)).to.equal(JSON.stringify(direct.residences));
  });

  it('names an outlier in the error panel, in the element\'s language', async () => {
    const data = street();
    data.residences.features.push(home('far', 'Far', FAR, FAR, 100));
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'zh-CN' });
    el.profile = PROFILE;
    el.level = 5;
    Object.assign(el, data);
    const result = (await analyzed(el))!;
    await el.updateComplete;
    expectValidPartUnchanged(result, clean);
    const text = el.shadowRoot!.querySelector('[part="error"]')!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.match(/residences\.features\[3\]\.geometry\.coordinates: 超出研究范围：距数据中心 \d+\.\d km（范围 50\.0 km），已跳过/);
  });

  it('selects a residence with id "__proto__" like any other', async () => {
    const { data } = hostileStreet();
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    el.profile = PROFILE;
    el.level = 5;
    el.residences = data.residences;
    el.facilities = data.facilities;
    el.roads = data.roads;
    const result = (await analyzed(el))!;
    const selected = nextEvent<CityResidenceSelectDetail>(el, 'city-residence-select');
    el.selectResidence('__proto__');
    const event = await selected;
    expect(event.detail.id).to.equal('__proto__');
    expect(event.detail.result).to.equal(result.residences['__proto__']);
    // 40 m to the road, 50 m along it, 10 m to k1.
    expect(event.detail.result!.categories.kindergarten).to.deep.include({ facility: 'k1', within: true });
    expect(event.detail.result!.categories.kindergarten!.distance).to.be.closeTo(100, 1e-6);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="detail"]')!.textContent).to.contain('Proto');
    // "constructor" is no residence here.
    el.selectResidence('constructor');
    expect(el.selected).to.equal(undefined);
  });

  it('reports a bad profile preset as a warning, uses the default, and forgets it once removed', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en', profile: 'constructor', level: '1e308' });
    const data = street();
    el.residences = data.residences;
    el.facilities = data.facilities;
    const result = (await analyzed(el))!;
    expect(result.profile.id).to.equal('gb50180-2018');
    expect(result.level).to.equal(15);
    const report = el.errors.find((e) => e.issues.some((i) => i.path === 'profile'))!;
    expect(report.severity).to.equal('warning');
    expect(report.issues.map((i) => [i.path, i.message])).to.deep.equal([
      ['level', 'level: unknown value "1e308" (expected 5 | 10 | 15)'],
      ['profile', 'profile: unknown value "constructor" (expected gb50180-2018)'],
    ]);
    el.removeAttribute('profile');
    el.removeAttribute('level');
    await analyzed(el);
    expect(el.errors.filter((e) => e.issues.some((i) => i.path === 'profile' || i.path === 'level'))).to.deep.equal([]);
  });
});
