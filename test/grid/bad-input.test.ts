import { expect } from 'chai';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import type { CityErrorDetail } from '../../src/core/events';
import { mount, unmount } from '../helpers';
import { sampleGrid, unit } from './fixtures';

const ring = (points: unknown[][]) => ({ type: 'Polygon', coordinates: [points] });
const feature = (geometry: unknown, properties: Record<string, unknown> = { id: 'X', level: 'community', parent: 'S1' }) => ({
  type: 'Feature',
  geometry,
  properties,
});
const withExtra = (...extra: unknown[]) => {
  const grid = sampleGrid();
  (grid.features as unknown[]).push(...extra);
  return grid;
};
const ALL = ['D1', 'D2', 'S1', 'S2', 'S3', 'C1', 'C2', 'C3', 'C4'];
const SQUARE = [[116, 39.9], [116.01, 39.9], [116.01, 39.91], [116, 39.91], [116, 39.9]];

describe('<city-grid-layer> bad input', () => {
  let map: CityMap;
  let grid: CityGridLayer;
  let errors: CityErrorDetail[];

  before(async () => {
    map = mount<CityMap>('<city-map style="width:100%;height:100%"></city-map>', 480, 320);
    await map.rendered();
  });
  after(() => unmount(map));
  beforeEach(async () => {
    map.innerHTML = '<city-grid-layer metric="events" level="community"></city-grid-layer>';
    grid = map.querySelector('city-grid-layer')!;
    errors = [];
    grid.addEventListener('city-error', (e) => errors.push(e.detail));
    await grid.updateComplete;
  });

  const load = async (data: unknown) => {
    grid.data = data;
    await grid.updateComplete;
    await map.rendered();
  };
  const reported = () => errors.flatMap((e) => e.issues.map((i) => `${i.path} ${i.code}`));
  const unitCount = () => grid.hierarchy?.size ?? 0;

  const cases: [string, unknown, string[], string[]][] = [
    ['not a FeatureCollection', { type: 'Feature', geometry: null, properties: {} }, [' wrong-type'], []],
    ['features without id', withExtra(feature(ring(SQUARE), { level: 'community', parent: 'S1' })), ['features[9].properties.id missing'], ALL],
    ['features without geometry', withExtra(feature(null)), ['features[9].geometry missing'], ALL],
    ['duplicate ids', withExtra(unit('C1', 'community', 'S1', [0, 0, 1, 1])), ['features[9].properties.id duplicate-id'], ALL],
    ['an unknown parent', withExtra(unit('C9', 'community', 'S9', [0, 0, 1, 1])), ['features[9].properties.parent unknown-reference'], ALL],
    ['an unclosed ring', withExtra(feature(ring(SQUARE.slice(0, 4)))), ['features[9].geometry.coordinates[0] unclosed-ring'], ALL],
    ['a self-intersecting ring', withExtra(feature(ring([[116, 39.9], [116.01, 39.91], [116.01, 39.9], [116, 39.91], [116, 39.9]]))), ['features[9].geometry.coordinates[0] self-intersection'], ALL],
    ['a NaN coordinate', withExtra(feature(ring([[116, 39.9], [NaN, 39.9], [116.01, 39.91], [116, 39.91], [116, 39.9]]))), ['features[9].geometry.coordinates[0][1] not-a-number'], ALL],
    ['an Infinity coordinate', withExtra(feature(ring([[116, 39.9], [116.01, -Infinity], [116.01, 39.91], [116, 39.91], [116, 39.9]]))), ['features[9].geometry.coordinates[0][1] not-a-number'], ALL],
    ['[lat, lon] coordinates', withExtra(feature(ring(SQUARE.map(([x, y]) => [y, x])))), ['features[9].geometry.coordinates[0][0] swapped-coordinates'], ALL],
  ];
  for (const [label, data, issues, kept] of cases) {
    it(`reports ${label} and still draws the valid units`, async () => {
      await load(data);
      expect(reported()).to.deep.equal(issues);
      expect(errors.map((e) => e.code)).to.deep.equal(['invalid-data']);
      expect(grid.hierarchy!.ids).to.deep.equal(kept);
      const panel = grid.shadowRoot!.querySelector('[part="error"]')!;
      expect(panel.getAttribute('role')).to.equal('alert');
      expect(panel.querySelector('code')!.textContent).to.equal(issues[0].split(' ')[0]);
      if (kept.length) {
        expect(grid.visibleIds).to.deep.equal(['C1', 'C2', 'C3', 'C4']);
        expect((map.deck!.props.layers as unknown[]).length).to.equal(1);
      }
    });
  }

  it('localizes the issue messages', async () => {
    await load(withExtra(feature(ring(SQUARE.slice(0, 4)))));
    const item = grid.shadowRoot!.querySelector('[part="error"] li')!;
    expect(item.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'features[9].geometry.coordinates[0]: 多边形环未闭合：[116, 39.9] ≠ [116, 39.91]',
    );
  });

  it('reports values for unknown ids and non-numeric values, and colours the rest', async () => {
    await load(sampleGrid());
    errors = [];
    grid.values = { C1: 1, C2: 'lots', C3: 3, ghost: 9 };
    await grid.updateComplete;
    expect(reported()).to.deep.equal(['values["C2"] not-a-number', 'values["ghost"] unknown-reference']);
    expect([grid.valueFor('C1'), grid.valueFor('C2'), grid.valueFor('C3'), grid.valueFor('C4')]).to.deep.equal([1, null, 3, null]);
    const noData = grid.legend.entries.find((e) => e.pattern === 'hatch')!;
    expect(noData.count).to.equal(2);
    const panel = grid.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.getAttribute('data-severity')).to.equal('warning');
    grid.values = { C1: 1 };
    await grid.updateComplete;
    expect(grid.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it('renders names containing HTML as text everywhere', async () => {
    const data = sampleGrid();
    const html = '<img src=x onerror="window.pwned=1"><b>社区</b>';
    data.features[5].properties!.name = html; // C1
    await load(data);
    grid.focusId = 'C1'; // a leaf: C1 among its siblings, breadcrumb D1 › S1
    await grid.updateComplete;
    const list = grid.shadowRoot!.querySelector<HTMLElement>('[part="units"]')!;
    expect(list.querySelector('img, b')).to.equal(null);
    expect([...list.querySelectorAll('[role="option"]')].some((o) => o.textContent!.includes(html))).to.equal(true);
    expect(grid.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('reports a failed load and keeps drawing what it had', async () => {
    await load(sampleGrid());
    errors = [];
    grid.src = '/test/fixtures/does-not-exist.geojson';
    await new Promise<void>((resolve) => grid.addEventListener('city-error', () => resolve(), { once: true }));
    expect(errors[0].code).to.equal('load-failed');
    expect(grid.hierarchy!.size).to.equal(9);
    expect(unitCount()).to.equal(9);
  });
});
