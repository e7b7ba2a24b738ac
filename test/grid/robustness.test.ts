/**
 * <city-grid-layer> against bad input through its public contract: wrong-typed `values` and
 * `data` keep what is on screen, ids that are Object.prototype names work like any other, and
 * every attribute follows the one attribute policy (warning, default, cleared when removed).
 */
import { expect } from 'chai';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer, CityGridSelectDetail } from '../../src/grid/city-grid-layer';
import type { CityErrorDetail } from '../../src/core/events';
import { clickAt, mount, nextEvent, pixelAt, project, unmount } from '../helpers';
import { centre, protoGrid, sampleGrid } from './fixtures';

const PALETTE = '#1a9850,#91cf60,#d9ef8b,#fc8d59,#d73027';
let sharedMap: CityMap | undefined;
let events: CityErrorDetail[] = [];

async function setup(attributes = '', data: unknown = sampleGrid()) {
  sharedMap ??= mount<CityMap>('<city-map style="width:100%;height:100%"></city-map>', 480, 320);
  const map = sharedMap;
  map.replaceChildren();
  map.innerHTML = `<city-grid-layer ${attributes}></city-grid-layer>`;
  const grid = map.querySelector('city-grid-layer') as CityGridLayer;
  events = [];
  grid.addEventListener('city-error', (e) => events.push(e.detail));
  grid.data = data;
  await grid.updateComplete;
  map.fitBounds(grid.dataBounds!, { duration: 0 });
  await map.rendered();
  return { map, grid };
}

const issuePaths = (grid: CityGridLayer) => grid.errors.flatMap((e) => e.issues.map((i) => i.path));
const legendRows = (grid: CityGridLayer) => grid.legend.entries.map((e) => `${e.label}:${e.count}`);
const inside = (map: CityMap, x0: number, y0: number, x1: number, y1: number) =>
  project(map, [116 + (x0 + (x1 - x0) * 0.25) * 0.01, 39.9 + (y0 + (y1 - y0) * 0.25) * 0.01]);

describe('<city-grid-layer> robustness', () => {
  after(() => {
    unmount(sharedMap);
    sharedMap = undefined;
  });

  it('rejects `values` of the wrong type as a whole and keeps the previous colours', async () => {
    const { map, grid } = await setup(`metric="events" palette="${PALETTE}" fill-opacity="1" labels="none"`);
    grid.values = { D1: 10, D2: 30 };
    await grid.updateComplete;
    await map.rendered();
    const d1 = inside(map, 0, 0, 2, 2);
    const d2 = inside(map, 2, 0, 4, 2);
    const before = [pixelAt(map, ...d1), pixelAt(map, ...d2), legendRows(grid), grid.valueFor('D1'), grid.valueFor('D2')];
    expect(before.slice(2)).to.deep.equal([['10 – 14:1', '14 – 18:0', '18 – 22:0', '22 – 26:0', '26 – 30:1'], 10, 30]);
    const bad: [unknown, string][] = [
      ['lots', 'not a string ("lots")'],
      [42, 'not a number (42)'],
      [true, 'not a boolean (true)'],
      [new Map([['D1', 1]]), 'not a Map'],
      [[1, 'x', null, [2]], 'got an array of 4 entries, none of them {id, value}'],
    ];
    for (const [input, type] of bad) {
      events = [];
      grid.values = input;
      await grid.updateComplete;
      await map.rendered();
      expect([pixelAt(map, ...d1), pixelAt(map, ...d2), legendRows(grid), grid.valueFor('D1'), grid.valueFor('D2')], type).to.deep.equal(before);
      const issue = events[events.length - 1].issues[0];
      expect([events[events.length - 1].severity, issue.path, issue.code]).to.deep.equal(['error', 'values', 'wrong-type']);
      expect(issue.message).to.contain(type);
    }
    // Partly bad: the good entries are used, the bad ones reported by key and field.
    events = [];
    grid.values = JSON.parse('{"D1": 30, "D2": "n/a", "__proto__": 4, "ghost": 1}') as unknown;
    await grid.updateComplete;
    expect([grid.valueFor('D1'), grid.valueFor('D2')]).to.deep.equal([30, null]);
    expect(events[events.length - 1].issues.map((i) => `${i.path} ${i.code}`)).to.deep.equal([
      'values["D2"] not-a-number',
      'values["__proto__"] unknown-reference',
      'values["ghost"] unknown-reference',
    ]);
    expect(({} as Record<string, unknown>).ghost).to.equal(undefined);
  });

  it('keeps the units shown when a new `data` is unusable as a whole', async () => {
    const { grid } = await setup('metric="events" level="street"');
    for (const data of ['{"type": "FeatureCollection"}', 42, null, { type: 'FeatureCollection', features: [null, 7] }]) {
      grid.data = data;
      await grid.updateComplete;
      expect([grid.visibleIds, grid.valueFor('S1')], String(data)).to.deep.equal([['S1', 'S2', 'S3'], 20]);
      expect(grid.errors.map((e) => e.severity)).to.deep.equal(['error']);
    }
    const hostile = { type: 'FeatureCollection', get features(): unknown[] { throw new Error('boom'); } };
    grid.data = hostile;
    await grid.updateComplete;
    expect(grid.visibleIds).to.deep.equal(['S1', 'S2', 'S3']);
    expect(grid.errors[0].issues.map((i) => i.message)).to.deep.equal(['the data could not be read: boom']);
    grid.data = { type: 'FeatureCollection', features: [] }; // empty is a valid "no units"
    await grid.updateComplete;
    expect([grid.visibleIds, grid.errors]).to.deep.equal([[], []]);
  });

  it('draws, drills into and selects units whose ids are "__proto__", "constructor", "toString"', async () => {
    const { map, grid } = await setup('metric="events" focus-id="__proto__"', protoGrid());
    expect(grid.errors).to.deep.equal([]);
    expect([grid.focusId, grid.visibleIds]).to.deep.equal(['__proto__', ['C1', 'C2']]);
    const crumbs = [...grid.shadowRoot!.querySelectorAll('[part="breadcrumb"] li')].map((li) => li.textContent!.trim());
    expect(crumbs).to.deep.equal(['全部区县', 'D1名', 'S1名']);
    grid.focusId = 'D1';
    await grid.updateComplete;
    expect(grid.visibleIds).to.deep.equal(['__proto__', 'constructor']);
    grid.values = JSON.parse('{"__proto__": 40, "constructor": 10, "toString": 3}') as unknown;
    await grid.updateComplete;
    expect([grid.valueFor('__proto__'), grid.valueFor('constructor'), grid.valueFor('toString')]).to.deep.equal([40, 10, 3]);
    map.fitBounds(grid.dataBounds!, { duration: 0 });
    await map.rendered();
    grid.addEventListener('city-grid-drill', (e) => e.preventDefault()); // select only
    const selected = nextEvent<CityGridSelectDetail>(grid, 'city-grid-select');
    await clickAt(map, ...project(map, centre(1, 0, 2, 2))); // S2, now "constructor"
    const detail = (await selected).detail;
    expect([detail.id, detail.level, detail.value]).to.deep.equal(['constructor', 'street', 10]);
    expect(grid.getAttribute('selected')).to.equal('constructor');
    expect(grid.errors).to.deep.equal([]);
  });

  it('ignores keys named like Object.prototype members in its unit list', async () => {
    const { grid } = await setup('metric="events"');
    const list = grid.shadowRoot!.querySelector<HTMLElement>('[part="units"]')!;
    list.focus();
    await grid.updateComplete;
    const title = () => grid.shadowRoot!.querySelector('[part="tooltip"] .title')?.textContent?.trim();
    expect(title()).to.equal('D1名');
    for (const key of ['toString', 'constructor', '__proto__', 'valueOf']) {
      list.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      await grid.updateComplete;
      expect([title(), list.getAttribute('aria-activedescendant')], key).to.deep.equal(['D1名', `${grid.shadowRoot!.querySelector('[role="option"]')!.id}`]);
    }
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await grid.updateComplete;
    expect(title()).to.equal('D2名');
  });

  it('reports a metric that no feature has, without reading Object.prototype', async () => {
    const { grid } = await setup('metric="constructor"');
    expect(grid.errors.map((e) => [e.severity, e.issues.map((i) => i.message)])).to.deep.equal([
      ['warning', ['metric: unknown value "constructor" (expected events)']],
    ]);
    expect(grid.valueFor('D1')).to.equal(null);
    grid.metric = 'events';
    await grid.updateComplete;
    expect([grid.errors, grid.valueFor('D1')]).to.deep.equal([[], 30]);
  });

  const DEFAULT_LEGEND = ['10 – 14:1', '14 – 18:0', '18 – 22:0', '22 – 26:0', '26 – 30:1'];
  const BAD_ATTRIBUTES: [string, string, string][] = [
    ['crs', 'epsg:3857', 'crs: unknown value "epsg:3857" (expected wgs84 | gcj02 | bd09)'],
    ['level', 'county', 'level: unknown value "county" (expected district | street | community)'],
    ['focus-id', 'nope', 'focus-id: unknown value "nope" (expected the id of a unit in the data)'],
    ['selected', '__proto__', 'selected: unknown value "__proto__" (expected the id of a unit in the data)'],
    ['scale', 'log', 'scale: unknown value "log" (expected quantize | quantile | threshold)'],
    ['thresholds', '10,abc', 'thresholds: unknown value "10,abc" (expected ascending numbers ("10,50,100") or per level ({"district": [100, 200]}))'],
    ['domain', '30,10', 'domain: unknown value "30,10" (expected numbers ("min,max", min ≤ max) or per level ({"district": [0, 100]}))'],
    ['palette', 'constructor', 'palette: unknown value "constructor" (expected a d3 scheme name (YlOrRd, Blues, Viridis…) or CSS colours ("#fee,#fc9,#e31a1c"))'],
    ['classes', 'many', 'classes: unknown value "many" (expected an integer 1–12)'],
    ['labels', 'some', 'labels: unknown value "some" (expected auto | none)'],
    ['fill-opacity', '2', 'fill-opacity: unknown value 2 (expected a number 0–1)'],
    ['theme', 'purple', 'theme: unknown value "purple" (expected light | dark)'],
  ];

  it('reports each bad attribute as a warning, uses the default, and clears it when removed', async () => {
    const { grid } = await setup('metric="events"');
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      for (const [name, value, message] of BAD_ATTRIBUTES) {
        events = [];
        grid.setAttribute(name, value);
        await grid.updateComplete;
        expect(events.map((e) => [e.severity, e.issues.map((i) => i.message)]), name).to.deep.equal([['warning', [message]]]);
        expect([grid.visibleIds, legendRows(grid), grid.dataBounds![0]], name).to.deep.equal([['D1', 'D2'], DEFAULT_LEGEND, 116]);
        const panel = grid.shadowRoot!.querySelector('[part="error"]')!;
        expect([panel.getAttribute('data-severity'), panel.querySelector('code')!.textContent], name).to.deep.equal(['warning', name]);
        grid.removeAttribute(name);
        await grid.updateComplete;
        expect([grid.errors, grid.shadowRoot!.querySelector('[part="error"]')], name).to.deep.equal([[], null]);
      }
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.deep.equal([]);
  });

  it('colours by quantize, with a warning, when scale="threshold" comes without thresholds', async () => {
    const { grid } = await setup('metric="events" scale="threshold"');
    expect([issuePaths(grid), legendRows(grid)]).to.deep.equal([['thresholds'], DEFAULT_LEGEND]);
    grid.setAttribute('thresholds', '20');
    await grid.updateComplete;
    expect([grid.errors, legendRows(grid)]).to.deep.equal([[], ['< 20:1', '≥ 20:1']]);
  });

  // The attributes checked on their own first (the element's readers, in declaration order), then
  // those checked together (domain, palette) and against the data.
  const REPORT_ORDER = ['theme', 'crs', 'scale', 'thresholds', 'classes', 'labels', 'fill-opacity', 'domain', 'palette', 'level', 'focus-id', 'selected'];

  it('lists all bad attributes at once; fixing one keeps the others', async () => {
    const attributes = BAD_ATTRIBUTES.map(([name, value]) => `${name}="${value}"`).join(' ');
    const { grid } = await setup(`metric="events" ${attributes}`);
    expect([...REPORT_ORDER].sort()).to.deep.equal(BAD_ATTRIBUTES.map(([name]) => name).sort());
    expect(issuePaths(grid)).to.deep.equal(REPORT_ORDER);
    expect([grid.visibleIds, legendRows(grid)]).to.deep.equal([['D1', 'D2'], DEFAULT_LEGEND]);
    grid.setAttribute('palette', 'Blues');
    grid.removeAttribute('crs');
    await grid.updateComplete;
    expect(issuePaths(grid)).to.deep.equal(REPORT_ORDER.filter((n) => n !== 'palette' && n !== 'crs'));
    for (const [name] of BAD_ATTRIBUTES) grid.removeAttribute(name);
    await grid.updateComplete;
    expect(grid.errors).to.deep.equal([]);
  });

  it('cuts a 10 MB unit to a short text everywhere it is repeated', async () => {
    const { grid } = await setup('metric="events"');
    grid.unit = '件'.repeat(10 * 1024 * 1024);
    await grid.updateComplete;
    expect(issuePaths(grid)).to.deep.equal(['unit']);
    const options = [...grid.shadowRoot!.querySelectorAll('[part="units"] [role="option"]')].map((o) => o.textContent!.trim());
    expect(options).to.deep.equal([`D1名，30 ${'件'.repeat(19)}…`, `D2名，10 ${'件'.repeat(19)}…`]);
    grid.unit = undefined;
    await grid.updateComplete;
    expect(grid.errors).to.deep.equal([]);
  });

  it('checks ids and levels named before the data arrives, and again when the data changes', async () => {
    const { map } = await setup();
    map.innerHTML = '<city-grid-layer metric="events" focus-id="S9" selected="C1"></city-grid-layer>';
    const grid = map.querySelector('city-grid-layer')!;
    await grid.updateComplete;
    expect(grid.errors).to.deep.equal([]); // nothing to check against yet
    grid.data = sampleGrid();
    await grid.updateComplete;
    expect(issuePaths(grid)).to.deep.equal(['focus-id']);
    grid.focusId = 'D1';
    await grid.updateComplete;
    expect(grid.errors).to.deep.equal([]);
    const withoutC1 = sampleGrid();
    withoutC1.features.splice(5, 1);
    grid.data = withoutC1;
    await grid.updateComplete;
    expect(issuePaths(grid)).to.deep.equal(['selected']);
  });
});
