/**
 * A hostile corpus for <city-grid-layer>: ~70 bad features, ~15 bad `values` entries and bad
 * values for every attribute, mixed with a fixed valid set whose ids include "__proto__",
 * "constructor" and "toString". For each batch: no uncaught exception; the map's pixels, legend,
 * visible ids and values equal a reference rendering of the valid part alone; every problem is
 * reported with record index/id and field; nothing from the data becomes HTML.
 */
import { expect } from 'chai';
import type { Feature, FeatureCollection } from 'geojson';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import { canvasPixels, differingPixels, hoverAt, mapCanvas, mount, project, unmount } from '../helpers';
import { centre, protoGrid, square } from './fixtures';

const HTML = '<img src=x onerror="window.__pwned=1">';
const BIG = 'x'.repeat(10 * 1024 * 1024);
const PALETTE = '#1a9850,#91cf60,#d9ef8b,#fc8d59,#d73027';
const BOUNDS: [number, number, number, number] = [116, 39.9, 116.04, 39.93];
const COMMON = `metric="events" level="community" palette="${PALETTE}" fill-opacity="1" unit="件"`;

// ---- The valid set: the sample grid with prototype-named ids, HTML names, two units kept with warnings.

/** `kept`: the hostile variant (bad metric values on units that stay). */
function validFeatures(hostile: boolean): Feature[] {
  const features = protoGrid().features;
  features[2].properties!.name = `${HTML}街道`; // "__proto__" (S1)
  features[5].properties!.name = HTML; // C1
  if (hostile) features[7].properties!.events = 'abc'; // C3: reported, no data
  else delete features[7].properties!.events;
  const k1 = { type: 'Feature', geometry: square(0, 2, 1, 3), properties: { id: 'K1', level: 'community', parent: '__proto__', name: { html: '<b>' } } } as unknown as Feature;
  const k2 = { type: 'Feature', geometry: square(1, 2, 2, 3), properties: { id: 'K2', level: 'community', parent: 'constructor', name: BIG } } as Feature;
  if (hostile) {
    k1.properties!.events = NaN;
    k2.properties!.events = Infinity;
  }
  return [...features, k1, k2];
}
const KEPT_ISSUES = ['features[9].properties.name wrong-type warning', 'features[10].properties.name too-long warning'];
const METRIC_ISSUES = ['features[7].properties.events not-a-number warning', 'features[9].properties.events not-a-number warning', 'features[10].properties.events not-a-number warning'];
const FIRST_BAD = 11;

// ---- The bad features: each with the issues it must produce (path after `features[i]`, code).

const box = (k: number) => square(2 + (k % 2), 2, 3 + (k % 2), 3); // the empty top-right of the view
const poly = (ring: unknown[]) => ({ type: 'Polygon', coordinates: [ring] });
const R = [[116.02, 39.92], [116.03, 39.92], [116.03, 39.93], [116.02, 39.93], [116.02, 39.92]];
const withVertex = (k: number, v: unknown) => poly(R.map((p, i) => (i === k ? v : p)));
const feature = (properties: unknown, geometry: unknown = box(0)) => ({ type: 'Feature', geometry, properties });
let serial = 0; // every bad record its own id, so none is reported as a duplicate of another bad one
const props = (extra: Record<string, unknown>) => ({ id: `B${serial++}`, level: 'community', parent: '__proto__', ...extra });

const BAD: [string, unknown, string[]][] = [
  ['null feature', null, [' wrong-type']],
  ['array feature', [], [' wrong-type']],
  ['number feature', 42, [' wrong-type']],
  ['string feature', 'Feature', [' wrong-type']],
  ['boolean feature', true, [' wrong-type']],
  ['bare geometry', { type: 'Point', coordinates: [116, 39.9] }, [' wrong-type']],
  ['lower-case type', { ...feature(props({})), type: 'feature' }, [' wrong-type']],
  ['"__proto__" type', { ...feature(props({})), type: '__proto__' }, [' wrong-type']],
  ['no id', feature({ level: 'community', parent: '__proto__' }), ['.properties.id missing']],
  ['NaN id', feature(props({ id: NaN })), ['.properties.id wrong-type']],
  ['Infinity id', feature(props({ id: Infinity })), ['.properties.id wrong-type']],
  ['object id', feature(props({ id: {} })), ['.properties.id wrong-type']],
  ['boolean id', feature(props({ id: true })), ['.properties.id wrong-type']],
  ['array id', feature(props({ id: ['a'] })), ['.properties.id wrong-type']],
  ['empty id', feature(props({ id: '' })), ['.properties.id missing']],
  ['null id', feature(props({ id: null })), ['.properties.id missing']],
  ['null properties', feature(null), ['.properties.id missing', '.properties.level missing']],
  ['array properties', feature([1, 2]), ['.properties.id missing', '.properties.level missing']],
  ['string properties', feature('id=1'), ['.properties.id missing', '.properties.level missing']],
  ['no level', feature({ id: 'B-no-level', parent: '__proto__' }), ['.properties.level missing']],
  ['"__proto__" level', feature(props({ level: '__proto__' })), ['.properties.level unknown-value']],
  ['"constructor" level', feature(props({ level: 'constructor' })), ['.properties.level unknown-value']],
  ['"toString" level', feature(props({ level: 'toString' })), ['.properties.level unknown-value']],
  ['10 MB level', feature(props({ level: BIG })), ['.properties.level unknown-value']],
  ['numeric level', feature(props({ level: 3 })), ['.properties.level unknown-value']],
  ['HTML level', feature(props({ level: HTML })), ['.properties.level unknown-value']],
  ['object level', feature(props({ level: {} })), ['.properties.level unknown-value']],
  ['unknown parent', feature(props({ parent: 'ghost' })), ['.properties.parent unknown-reference']],
  ['"hasOwnProperty" parent', feature(props({ parent: 'hasOwnProperty' })), ['.properties.parent unknown-reference']],
  ['"valueOf" parent', feature(props({ parent: 'valueOf' })), ['.properties.parent unknown-reference']],
  ['10 MB parent', feature(props({ parent: BIG })), ['.properties.parent unknown-reference']],
  ['object parent', feature(props({ parent: {} })), ['.properties.parent wrong-type']],
  ['boolean parent', feature(props({ parent: true })), ['.properties.parent wrong-type']],
  ['its own parent', feature(props({ id: 'SELF', parent: 'SELF' })), ['.properties.parent parent-level']],
  ['a cycle (1/2)', feature(props({ id: 'CY1', parent: 'CY2' })), ['.properties.parent parent-level']],
  ['a cycle (2/2)', feature(props({ id: 'CY2', parent: 'CY1' }), box(1)), ['.properties.parent parent-level']],
  ['a sibling as parent', feature(props({ id: 'SIB', parent: 'C1' })), ['.properties.parent parent-level']],
  ['duplicate "C1"', feature(props({ id: 'C1' })), ['.properties.id duplicate-id']],
  ['duplicate "__proto__"', feature(props({ id: '__proto__', level: 'street', parent: 'D1' })), ['.properties.id duplicate-id']],
  ['duplicate "constructor"', feature(props({ id: 'constructor', level: 'street', parent: 'D1' })), ['.properties.id duplicate-id']],
  ['no geometry', { type: 'Feature', properties: props({}) }, ['.geometry missing']],
  ['null geometry', feature(props({}), null), ['.geometry missing']],
  ['string geometry', feature(props({}), 'Polygon'), ['.geometry.type wrong-type']],
  ['Point geometry', feature(props({}), { type: 'Point', coordinates: [116.02, 39.92] }), ['.geometry.type wrong-type']],
  ['LineString geometry', feature(props({}), { type: 'LineString', coordinates: R }), ['.geometry.type wrong-type']],
  ['GeometryCollection', feature(props({}), { type: 'GeometryCollection', geometries: [poly(R)] }), ['.geometry.type wrong-type']],
  ['no coordinates', feature(props({}), { type: 'Polygon' }), ['.geometry.coordinates missing']],
  ['string coordinates', feature(props({}), { type: 'Polygon', coordinates: '116,39.9' }), ['.geometry.coordinates wrong-type']],
  ['empty coordinates', feature(props({}), { type: 'Polygon', coordinates: [] }), ['.geometry.coordinates missing']],
  ['ring of a number', feature(props({}), { type: 'Polygon', coordinates: [5] }), ['.geometry.coordinates[0] wrong-type']],
  ['empty ring', feature(props({}), poly([])), ['.geometry.coordinates[0] ring-too-short']],
  ['unclosed ring', feature(props({}), poly(R.slice(0, 4))), ['.geometry.coordinates[0] unclosed-ring']],
  ['three positions', feature(props({}), poly([R[0], R[1], R[0]])), ['.geometry.coordinates[0] ring-too-short']],
  ['two positions', feature(props({}), poly([R[0], R[0]])), ['.geometry.coordinates[0] ring-too-short']],
  ['NaN vertex', feature(props({}), withVertex(1, [NaN, 39.92])), ['.geometry.coordinates[0][1] not-a-number']],
  ['Infinity vertex', feature(props({}), withVertex(2, [116.03, Infinity])), ['.geometry.coordinates[0][2] not-a-number']],
  ['-Infinity vertex', feature(props({}), withVertex(3, [-Infinity, 39.93])), ['.geometry.coordinates[0][3] not-a-number']],
  ['1e308 vertex', feature(props({}), withVertex(1, [1e308, 39.92])), ['.geometry.coordinates[0][1] out-of-range']],
  ['-1e308 vertex', feature(props({}), withVertex(2, [116.03, -1e308])), ['.geometry.coordinates[0][2] out-of-range']],
  ['string vertex', feature(props({}), withVertex(1, ['116.03', 39.92])), ['.geometry.coordinates[0][1] not-a-number']],
  ['one-number position', feature(props({}), withVertex(1, [116.03])), ['.geometry.coordinates[0][1] wrong-type']],
  ['null position', feature(props({}), withVertex(2, null)), ['.geometry.coordinates[0][2] wrong-type']],
  ['object position', feature(props({}), withVertex(2, { x: 116.03, y: 39.93 })), ['.geometry.coordinates[0][2] wrong-type']],
  ['self-intersecting ring', feature(props({}), poly([R[0], R[2], R[1], R[3], R[0]])), ['.geometry.coordinates[0] self-intersection']],
  ['ring with no area', feature(props({}), poly([[116.02, 39.92], [116.03, 39.92], [116.04, 39.92], [116.02, 39.92]])), ['.geometry.coordinates[0] zero-area']],
  ['bad MultiPolygon part', feature(props({}), { type: 'MultiPolygon', coordinates: [[R], [[R[0], R[1], R[0]]]] }), ['.geometry.coordinates[1][0] ring-too-short']],
  ['empty MultiPolygon part', feature(props({}), { type: 'MultiPolygon', coordinates: [[R], []] }), ['.geometry.coordinates[1] wrong-type']],
  ['unclosed hole', feature(props({}), { type: 'Polygon', coordinates: [R, R.slice(0, 4)] }), ['.geometry.coordinates[1] unclosed-ring']],
  ['[lat, lon] positions', feature(props({}), poly(R.map(([x, y]) => [y, x]))), ['.geometry.coordinates[0][0] swapped-coordinates']],
];
const BAD_ISSUES = BAD.flatMap(([, , issues], k) => issues.map((i) => `features[${FIRST_BAD + k}]${i} error`));

const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features }) as FeatureCollection;

// ---- Values: the reference entries, and the same with bad entries mixed in.

const VALUES_JSON = '{"D1": 30, "__proto__": 20, "constructor": 10, "C1": 5, "C2": 15, "toString": 10, "K1": 7}';
function hostileValues(): Record<string, unknown> {
  const values = JSON.parse(VALUES_JSON) as Record<string, unknown>;
  Object.assign(values, { D2: Infinity, S3: NaN, C3: 'abc', K2: {}, ghost: 1, hasOwnProperty: 2, valueOf: 3, '': 4, SELF: 6, [HTML]: 1, [BIG]: 5 });
  return values;
}
const VALUE_ISSUES = [
  'values["D2"] not-a-number', 'values["S3"] not-a-number', 'values["C3"] not-a-number', 'values["K2"] not-a-number',
  'values["ghost"] unknown-reference', 'values["hasOwnProperty"] unknown-reference', 'values["valueOf"] unknown-reference',
  'values[""] unknown-reference', 'values["SELF"] unknown-reference', `values[${JSON.stringify(HTML)}] unknown-reference`,
  `values["${'x'.repeat(78)}…] unknown-reference`,
].map((i) => `${i} warning`);
const hostileArray = () => [
  ...Object.entries(JSON.parse(VALUES_JSON) as Record<string, number>).map(([id, value]) => ({ id, value })),
  { id: 'D2', value: NaN }, { id: 'ghost', value: 1 }, { id: 'C1', value: 99 }, { id: {}, value: 2 }, null, 7, { value: 1 }, { id: 'C3' },
];
const ARRAY_ISSUES = ['values[7].value not-a-number', 'values[8].id unknown-reference', 'values[9].id duplicate-id', 'values[10] wrong-type', 'values[11] wrong-type', 'values[12] wrong-type', 'values[13] wrong-type', 'values[14].value missing'].map((i) => `${i} warning`);

// ---- Helpers

let map: CityMap;
const uncaught: string[] = [];
const onError = (e: ErrorEvent) => uncaught.push(String(e.message));
const onRejection = (e: PromiseRejectionEvent) => uncaught.push(String(e.reason));

async function layer(attributes: string, data: unknown): Promise<CityGridLayer> {
  map.replaceChildren();
  map.innerHTML = `<city-grid-layer ${attributes}></city-grid-layer>`;
  const grid = map.querySelector('city-grid-layer')!;
  grid.data = data;
  await grid.updateComplete;
  map.fitBounds(BOUNDS, { duration: 0 });
  await map.rendered();
  return grid;
}

async function settle(grid: CityGridLayer): Promise<void> {
  await grid.updateComplete;
  await map.rendered();
}

/** Every pixel of the map canvas. */
const snapshot = () => canvasPixels(map);

/** The numbers the element shows: visible ids, their values, the legend. */
function numbers(grid: CityGridLayer) {
  return {
    visible: grid.visibleIds,
    values: grid.visibleIds.map((id) => [id, grid.valueFor(id)]),
    legend: grid.legend.entries.map((e) => `${e.label}:${e.count}`),
    title: grid.legend.title,
    subtitle: grid.legend.subtitle,
  };
}

const issues = (grid: CityGridLayer, prefix = '') =>
  grid.errors.flatMap((e) => e.issues.filter((i) => i.path.startsWith(prefix)).map((i) => `${i.path} ${i.code} ${i.severity}`));
const sorted = (list: string[]) => [...list].sort();

function expectNoHtml(grid: CityGridLayer): void {
  expect(grid.shadowRoot!.querySelector('img, b, script')).to.equal(null);
  expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
}

describe('<city-grid-layer> hostile corpus', function () {
  this.timeout(60000);
  let reference: { data: Uint8ClampedArray; values: Uint8ClampedArray; dataNumbers: ReturnType<typeof numbers>; valueNumbers: ReturnType<typeof numbers> };

  before(async () => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    map = mount<CityMap>('<city-map style="width:100%;height:100%"></city-map>', 480, 320);
    await map.rendered();
    // The reference: the valid features and values alone.
    const grid = await layer(COMMON, collection(validFeatures(false)));
    expect(sorted(issues(grid))).to.deep.equal(sorted(KEPT_ISSUES));
    const data = snapshot();
    const dataNumbers = numbers(grid);
    grid.values = JSON.parse(VALUES_JSON);
    await settle(grid);
    reference = { data, values: snapshot(), dataNumbers, valueNumbers: numbers(grid) };
  });

  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    unmount(map);
  });

  it('has a reference worth comparing against', () => {
    expect(BAD.length + VALUE_ISSUES.length + ARRAY_ISSUES.length).to.be.at.least(50);
    expect(reference.dataNumbers.visible).to.deep.equal(['C1', 'C2', 'C3', 'toString', 'K1', 'K2']);
    expect(reference.dataNumbers.values).to.deep.equal([['C1', 5], ['C2', 15], ['C3', null], ['toString', 10], ['K1', null], ['K2', null]]);
    expect(reference.valueNumbers.values).to.deep.equal([['C1', 5], ['C2', 15], ['C3', null], ['toString', 10], ['K1', 7], ['K2', null]]);
    // The corner where most bad records would land is empty map, and a unit looks different.
    const [bx, by] = project(map, centre(2, 2, 4, 3));
    const [ux, uy] = project(map, centre(0, 0, 1, 1));
    const at = (x: number, y: number) => Array.from(reference.data.slice(((Math.round(y) * mapCanvas(map).width) + Math.round(x)) * 4, ((Math.round(y) * mapCanvas(map).width) + Math.round(x)) * 4 + 4));
    const ratio = mapCanvas(map).width / mapCanvas(map).clientWidth;
    expect(at(bx * ratio, by * ratio)).to.deep.equal(at(2, 2));
    expect(at(ux * ratio, uy * ratio)).to.not.deep.equal(at(2, 2));
  });

  it('draws exactly the valid part of data mixed with ~70 bad features and reports each by index and field', async () => {
    const grid = await layer(COMMON, collection([...validFeatures(true), ...BAD.map(([, record]) => record)]));
    expect(differingPixels(snapshot(), reference.data)).to.equal(0);
    expect(numbers(grid)).to.deep.equal(reference.dataNumbers);
    expect(sorted(issues(grid, 'features'))).to.deep.equal(sorted([...KEPT_ISSUES, ...METRIC_ISSUES, ...BAD_ISSUES]));
    expect(grid.errors.map((e) => e.severity)).to.deep.equal(['error', 'warning']); // data (records skipped), metric
    for (const e of grid.errors) for (const i of e.issues) expect(i.message.length + i.path.length, i.path).to.be.below(400);
    const panel = grid.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.textContent!.length).to.be.below(5000);
    expectNoHtml(grid);
    expect(uncaught).to.deep.equal([]);
  });

  it('colours exactly by the valid entries of `values` mixed with bad ones, in both shapes', async () => {
    const grid = await layer(COMMON, collection([...validFeatures(true), ...BAD.map(([, record]) => record)]));
    grid.values = hostileValues();
    await settle(grid);
    expect(differingPixels(snapshot(), reference.values)).to.equal(0);
    expect(numbers(grid)).to.deep.equal(reference.valueNumbers);
    expect(issues(grid, 'values')).to.deep.equal(VALUE_ISSUES);
    grid.values = hostileArray();
    await settle(grid);
    expect(differingPixels(snapshot(), reference.values)).to.equal(0);
    expect(numbers(grid)).to.deep.equal(reference.valueNumbers);
    expect(issues(grid, 'values')).to.deep.equal(ARRAY_ISSUES);
    // Wholly bad `values`: reported by type, the colours stay.
    for (const bad of ['30', 30, [null, 'x', 3], new Set(['D1']), { ghost: 1, C1: 'n/a' }]) {
      grid.values = bad;
      await settle(grid);
      expect(differingPixels(snapshot(), reference.values), String(bad)).to.equal(0);
      expect(numbers(grid), String(bad)).to.deep.equal(reference.valueNumbers);
      expect(issues(grid, 'values')[0], String(bad)).to.match(/^values (wrong-type|no-usable-entry) error$/);
    }
    expect(({} as Record<string, unknown>).ghost).to.equal(undefined);
    expectNoHtml(grid);
    expect(uncaught).to.deep.equal([]);
  });

  it('shows names, levels and labels from the data as text only', async () => {
    const grid = await layer(`${COMMON} metric-label='${HTML.replace(/"/g, '&quot;')}'`, collection([...validFeatures(true), ...BAD.map(([, record]) => record)]));
    const legendTitle = grid.shadowRoot!.querySelector('[part="legend"] .title')!;
    expect(legendTitle.textContent!.trim()).to.equal(`${HTML}（件）`);
    await hoverAt(map, ...project(map, [116.0025, 39.9025])); // C1, named with HTML
    await grid.updateComplete;
    const tooltip = grid.shadowRoot!.querySelector('[part="tooltip"]')!;
    expect(tooltip.firstElementChild!.textContent).to.equal(HTML);
    const options = [...grid.shadowRoot!.querySelectorAll('[part="units"] [role="option"]')].map((o) => o.textContent!.trim());
    expect(options).to.include(`${HTML}，5 件`);
    expect(options.every((o) => o.length < 250)).to.equal(true); // the 10 MB name is cut
    grid.focusId = '__proto__';
    await grid.updateComplete;
    const crumbs = [...grid.shadowRoot!.querySelectorAll('[part="breadcrumb"] li')].map((li) => li.textContent!.trim());
    expect(crumbs).to.deep.equal(['全部区县', 'D1名', `${HTML}街道`]);
    const panelCodes = [...grid.shadowRoot!.querySelectorAll('[part="error"] code')].map((c) => c.textContent);
    expect(panelCodes.length).to.equal(8);
    await new Promise((resolve) => setTimeout(resolve, 50)); // an injected onerror would have fired by now
    expectNoHtml(grid);
    expect(uncaught).to.deep.equal([]);
  });

  it('survives data that throws or is unusable, keeping the units shown', async () => {
    const grid = await layer(COMMON, collection(validFeatures(false)));
    grid.values = JSON.parse(VALUES_JSON);
    await settle(grid);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwing = { type: 'FeatureCollection', get features(): unknown[] { throw new Error('hostile getter'); } };
    expect(differingPixels(snapshot(), reference.values)).to.equal(0);
    const cases: [string, unknown][] = [
      ['a throwing getter', throwing], ['a revoked proxy', proxy], ['a string', 'not json'], ['a number', 42], ['null', null], ['an array', []],
      ['features not an array', { type: 'FeatureCollection', features: 'many' }], ['only bad features', collection(BAD.filter(([, , i]) => !/parent|duplicate/.test(i.join())).map(([, r]) => r))],
    ];
    for (const [label, data] of cases) {
      grid.data = data;
      await settle(grid);
      expect(differingPixels(snapshot(), reference.values), label).to.equal(0);
      expect(numbers(grid), label).to.deep.equal(reference.valueNumbers);
      expect(grid.errors.find((e) => e.severity === 'error'), label).to.not.equal(undefined);
    }
    expect(uncaught).to.deep.equal([]);
  });

  // ---- Attributes: every one with bad values; the picture equals the defaults'.

  const BAD_ATTRIBUTES: Record<string, string[]> = {
    crs: ['__proto__', 'epsg:3857', 'WGS84'],
    level: ['constructor', 'county', HTML],
    'focus-id': ['valueOf', 'ghost', BIG.slice(0, 100_000)],
    selected: ['hasOwnProperty', '<b>x</b>', ' C1'],
    metric: ['toString', '__proto__', 'evènts'],
    scale: ['constructor', 'log', 'QUANTILE'],
    thresholds: ['a,b', '{"__proto__": [1]}', '20,10'],
    domain: ['NaN,1', '30,10', '{"district": "0,100"}'],
    palette: ['__proto__', 'red,notacolour', BIG.slice(0, 1_000_000)],
    classes: ['abc', '-1', '2.5'],
    labels: ['__proto__', 'yes', ''.padEnd(3, ' ')],
    'fill-opacity': ['abc', '2', '-0.5'],
    theme: ['toString', 'purple', 'DARK'],
  };

  it('reports bad values of every attribute, draws as with the defaults, and forgets them when removed', async () => {
    const defaults = await layer('', collection(validFeatures(false)));
    defaults.metric = 'events';
    await settle(defaults);
    const expected = { pixels: snapshot(), numbers: numbers(defaults) };
    expect(expected.numbers.visible).to.deep.equal(['D1', 'D2']);
    for (let round = 0; round < 3; round++) {
      const attributes = Object.entries(BAD_ATTRIBUTES)
        .map(([name, values]) => `${name}="${values[round].replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
        .join(' ');
      const grid = await layer(attributes, collection(validFeatures(false)));
      if (round === 0) {
        // metric is one of the bad ones: it colours by nothing, like an unset metric would.
        expect(grid.legend.entries.map((e) => `${e.label}:${e.count}`), `round ${round}`).to.deep.equal(['无数据:2']);
        grid.metric = 'events';
        await settle(grid);
      } else {
        grid.metric = 'events';
        await settle(grid);
      }
      const paths = issues(grid).map((i) => i.split(' ')[0]).filter((p) => !p.startsWith('features')); // K1, K2: kept with warnings
      const names = Object.keys(BAD_ATTRIBUTES).filter((n) => n !== 'metric');
      expect(sorted(paths.map((p) => p.replace(/[.[].*$/, ''))), `round ${round}`).to.deep.equal(sorted(names));
      expect(grid.errors.map((e) => e.severity)).to.deep.equal(['warning', 'warning']); // data (K1, K2), attributes
      for (const i of grid.errors[1].issues) expect(i.message.length, i.path).to.be.below(400);
      expect(differingPixels(snapshot(), expected.pixels), `round ${round}`).to.equal(0);
      expect(numbers(grid), `round ${round}`).to.deep.equal(expected.numbers);
      for (const name of Object.keys(BAD_ATTRIBUTES)) if (name !== 'metric') grid.removeAttribute(name);
      await settle(grid);
      expect(issues(grid).filter((i) => !i.startsWith('features')), `round ${round}`).to.deep.equal([]);
      expect(differingPixels(snapshot(), expected.pixels), `round ${round}`).to.equal(0);
      expectNoHtml(grid);
    }
    expect(uncaught).to.deep.equal([]);
  });
});
