import { expect } from 'chai';
import axe from 'axe-core';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridDrillDetail, CityGridLayer, CityGridSelectDetail } from '../../src/grid/city-grid-layer';
import { convertLonLat } from '../../src/core/crs';
import { clickAt, doubleClickAt, hoverAt, mapCanvas, mount, nextEvent, pixelAt, project, unmount, waitFor } from '../helpers';
import { centre, sampleGrid, unit } from './fixtures';

const PALETTE = '#1a9850,#91cf60,#d9ef8b,#fc8d59,#d73027';
const hex = (h: string) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const [GREEN, , , , RED] = PALETTE.split(',').map(hex);

// One map (one WebGL device, shaders compiled once) for the whole file; each test gets a fresh layer.
let sharedMap: CityMap | undefined;

async function setup(attributes = '', data: unknown = sampleGrid()) {
  sharedMap ??= mount<CityMap>('<city-map style="width:100%;height:100%"></city-map>', 480, 320);
  const map = sharedMap;
  map.replaceChildren();
  map.removeAttribute('theme');
  map.innerHTML = `<city-grid-layer metric="events" palette="${PALETTE}" fill-opacity="1" ${attributes}></city-grid-layer>`;
  const grid = map.querySelector('city-grid-layer') as CityGridLayer;
  grid.data = data;
  await grid.updateComplete;
  // A new layer re-fits the view like a first load would.
  map.fitBounds(grid.dataBounds!, { duration: 0 });
  await map.rendered();
  return { map, grid };
}

/** A point a quarter of the way into a lattice box: inside the unit, away from its label. */
const inside = (map: CityMap, x0: number, y0: number, x1: number, y1: number) =>
  project(map, [116 + (x0 + (x1 - x0) * 0.25) * 0.01, 39.9 + (y0 + (y1 - y0) * 0.25) * 0.01]);
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const fillLayer = (map: CityMap) =>
  ((map.deck!.props.layers as unknown[])[0] as { getSubLayers(): { id: string; state: Record<string, unknown> }[] })
    .getSubLayers()
    .find((l) => l.id.endsWith('-fill'))!;

describe('<city-grid-layer>', () => {
  let map: CityMap | undefined;
  after(() => {
    unmount(sharedMap);
    sharedMap = undefined;
  });

  it('shows the top level present, with a legend of classes and unit counts', async () => {
    const s = await setup();
    map = s.map;
    expect(s.grid.visibleIds).to.deep.equal(['D1', 'D2']);
    expect(s.grid.getAttribute('level')).to.equal('district');
    // Districts 10 and 30 events: five equal classes of width 4.
    expect(s.grid.legend.entries.map((e) => [e.label, e.count])).to.deep.equal([
      ['10 – 14', 1],
      ['14 – 18', 0],
      ['18 – 22', 0],
      ['22 – 26', 0],
      ['26 – 30', 1],
    ]);
    const legend = s.grid.shadowRoot!.querySelector('[part="legend"]')!;
    expect(text(legend.querySelector('.title'))).to.equal('事件数');
    expect(text(legend.querySelector('.subtitle'))).to.equal('区县 · 2 个');
    expect(text(s.grid.shadowRoot!.querySelector('[part="breadcrumb"]'))).to.equal('全部区县');
  });

  it('picks the unit under its centroid', async () => {
    const s = await setup();
    map = s.map;
    const selected = nextEvent<CityGridSelectDetail>(s.grid, 'city-grid-select');
    await clickAt(s.map, ...project(s.map, centre(2, 0, 4, 2)));
    expect((await selected).detail.feature!.properties!.id).to.equal('D2');
  });

  it('paints each unit in its class colour and recolours from `values` without re-tessellating', async () => {
    const s = await setup('labels="none"');
    map = s.map;
    const d1 = inside(s.map, 0, 0, 2, 2);
    const d2 = inside(s.map, 2, 0, 4, 2);
    expect(pixelAt(s.map, ...d1)).to.deep.equal(RED); // 30: top class
    expect(pixelAt(s.map, ...d2)).to.deep.equal(GREEN); // 10: bottom class
    const fill = fillLayer(s.map);
    const tesselator = fill.state.polygonTesselator as { updateGeometry: (...a: unknown[]) => void };
    let tessellations = 0;
    const original = tesselator.updateGeometry.bind(tesselator);
    tesselator.updateGeometry = (...args: unknown[]) => {
      tessellations++;
      original(...args);
    };
    s.grid.values = { D1: 10, D2: 30 };
    await s.grid.updateComplete;
    await s.map.rendered();
    expect(pixelAt(s.map, ...d1)).to.deep.equal(GREEN);
    expect(pixelAt(s.map, ...d2)).to.deep.equal(RED);
    expect(tessellations).to.equal(0);
    expect(fillLayer(s.map).state.polygonTesselator).to.equal(tesselator);
  });

  it('keeps class breaks fixed per level when values refresh', async () => {
    const s = await setup();
    map = s.map;
    s.grid.values = [{ id: 'D1', value: 1000 }, { id: 'D2', value: 12 }];
    await s.grid.updateComplete;
    expect(s.grid.legend.entries.map((e) => [e.label, e.count])).to.deep.equal([
      ['10 – 14', 1],
      ['14 – 18', 0],
      ['18 – 22', 0],
      ['22 – 26', 0],
      ['26 – 30', 1],
    ]);
  });

  it('drills down two levels by clicks and back up by the breadcrumb, with events', async () => {
    const s = await setup();
    map = s.map;
    const drills: CityGridDrillDetail[] = [];
    const selects: CityGridSelectDetail[] = [];
    s.grid.addEventListener('city-grid-drill', (e) => drills.push(e.detail));
    s.grid.addEventListener('city-grid-select', (e) => selects.push(e.detail));
    await clickAt(s.map, ...project(s.map, centre(0, 0, 2, 2)));
    await s.map.rendered();
    expect(s.grid.visibleIds).to.deep.equal(['S1', 'S2']);
    expect(drills).to.deep.equal([{ id: 'D1', level: 'street', path: ['D1'] }]);
    expect(selects.map((d) => [d.id, d.level, d.value, d.feature?.properties?.id])).to.deep.equal([['D1', 'district', 30, 'D1']]);
    // The map zoomed to D1 (x 0..2): the next click lands on S1 (x 0..1).
    await clickAt(s.map, ...project(s.map, centre(0, 0, 1, 2)));
    await s.map.rendered();
    expect(s.grid.visibleIds).to.deep.equal(['C1', 'C2']);
    expect(drills[1]).to.deep.equal({ id: 'S1', level: 'community', path: ['D1', 'S1'] });
    expect([s.grid.getAttribute('level'), s.grid.getAttribute('focus-id'), s.grid.getAttribute('selected')]).to.deep.equal(['community', 'S1', 'S1']);
    const crumb = s.grid.shadowRoot!.querySelector('[part="breadcrumb"]')!;
    expect([...crumb.querySelectorAll('li')].map(text)).to.deep.equal(['全部区县', 'D1名', 'S1名']);
    expect(crumb.querySelector('[aria-current]')!.textContent).to.equal('S1名');
    const [, d1] = crumb.querySelectorAll('button');
    d1.click();
    await s.grid.updateComplete;
    expect(s.grid.visibleIds).to.deep.equal(['S1', 'S2']);
    expect(drills[2]).to.deep.equal({ id: 'D1', level: 'street', path: ['D1'] });
    (s.grid.shadowRoot!.querySelector('[part="breadcrumb"] button') as HTMLButtonElement).click();
    await s.grid.updateComplete;
    expect(s.grid.visibleIds).to.deep.equal(['D1', 'D2']);
    expect(drills[3]).to.deep.equal({ id: null, level: 'district', path: [] });
  });

  it('goes up with Backspace on the map and with a double-click', async () => {
    const s = await setup('focus-id="S1"');
    map = s.map;
    expect(s.grid.visibleIds).to.deep.equal(['C1', 'C2']);
    const canvas = mapCanvas(s.map);
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Backspace', bubbles: true, composed: true }));
    await s.grid.updateComplete;
    expect(s.grid.visibleIds).to.deep.equal(['S1', 'S2']);
    await s.map.rendered();
    // A double-click on S1: its two clicks drill into S1, the double-click undoes them and goes up.
    const at = project(s.map, centre(0, 0, 1, 2));
    await clickAt(s.map, ...at);
    await clickAt(s.map, ...at);
    await doubleClickAt(s.map, ...at);
    await s.grid.updateComplete;
    expect(s.grid.visibleIds).to.deep.equal(['D1', 'D2']);
  });

  it('lets a page cancel a drill', async () => {
    const s = await setup();
    map = s.map;
    s.grid.addEventListener('city-grid-drill', (e) => e.preventDefault());
    await clickAt(s.map, ...project(s.map, centre(0, 0, 2, 2)));
    expect(s.grid.visibleIds).to.deep.equal(['D1', 'D2']);
    expect(s.grid.selected).to.equal('D1');
  });

  it('takes the drill state from `level` and `focus-id`', async () => {
    const s = await setup('level="community" focus-id="D1"');
    map = s.map;
    expect(s.grid.visibleIds).to.deep.equal(['C1', 'C2', 'C3']);
    s.grid.setAttribute('focus-id', 'S3');
    await s.grid.updateComplete;
    expect([s.grid.level, s.grid.visibleIds]).to.deep.equal(['community', ['C4']]);
    s.grid.setAttribute('level', 'street'); // not below S3 (a street): the focus is cleared
    await s.grid.updateComplete;
    expect([s.grid.getAttribute('focus-id'), s.grid.visibleIds]).to.deep.equal([null, ['S1', 'S2', 'S3']]);
    s.grid.focusId = 'C2'; // a leaf: shown among its siblings
    await s.grid.updateComplete;
    expect([s.grid.focusId, s.grid.level, s.grid.visibleIds]).to.deep.equal(['S1', 'community', ['C1', 'C2']]);
    s.grid.focusId = 'nope'; // unknown: kept as given (and reported), all communities shown
    await s.grid.updateComplete;
    expect([s.grid.focusId, s.grid.level, s.grid.visibleIds]).to.deep.equal(['nope', 'community', ['C1', 'C2', 'C3', 'C4']]);
  });

  it('shows a text tooltip with name, level, value and rank among siblings', async () => {
    const data = sampleGrid();
    data.features[1].properties!.name = '<img src=x onerror="window.hacked=1">区';
    const s = await setup('unit="件"', data);
    map = s.map;
    await hoverAt(s.map, ...project(s.map, centre(2, 0, 4, 2)));
    await s.grid.updateComplete;
    const tooltip = s.grid.shadowRoot!.querySelector('[part="tooltip"]')!;
    expect(tooltip.getAttribute('role')).to.equal('tooltip');
    expect(tooltip.querySelector('img')).to.equal(null);
    expect([...tooltip.children].map((c) => c.textContent)).to.deep.equal([
      '<img src=x onerror="window.hacked=1">区',
      '区县',
      '事件数：10 件',
      '同级排名 2 / 2',
    ]);
    expect((window as { hacked?: number }).hacked).to.equal(undefined);
    await hoverAt(s.map, 2, 2);
    await s.grid.updateComplete;
    expect(s.grid.shadowRoot!.querySelector('[part="tooltip"]')).to.equal(null);
  });

  it('selects by click and clears with Escape (`id: null`), on the map and in the unit list; `selected` is reflected', async () => {
    const s = await setup('labels="none"');
    map = s.map;
    s.grid.addEventListener('city-grid-drill', (e) => e.preventDefault()); // select only
    const events: CityGridSelectDetail[] = [];
    s.grid.addEventListener('city-grid-select', (e) => events.push(e.detail));
    const select = nextEvent<CityGridSelectDetail>(s.grid, 'city-grid-select');
    await clickAt(s.map, ...project(s.map, centre(2, 0, 4, 2)));
    const { id, level, value, feature } = (await select).detail;
    expect([id, level, value, feature?.properties?.id]).to.deep.equal(['D2', 'district', 10, 'D2']);
    expect(s.grid.getAttribute('selected')).to.equal('D2');
    const cleared = nextEvent<CityGridSelectDetail>(s.grid, 'city-grid-select');
    const escape = () => mapCanvas(s.map).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    escape();
    expect((await cleared).detail).to.deep.equal({ id: null, level: null, feature: null, value: null });
    expect(s.grid.hasAttribute('selected')).to.equal(false);
    // Nothing selected: Escape clears nothing and fires nothing.
    escape();
    await s.grid.updateComplete;
    expect(events.map((d) => d.id)).to.deep.equal(['D2', null]);
    // The keyboard list clears the same way.
    const list = s.grid.shadowRoot!.querySelector<HTMLElement>('[part="units"]')!;
    list.focus();
    await s.grid.updateComplete;
    list.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await s.grid.updateComplete;
    expect(events.map((d) => d.id)).to.deep.equal(['D2', null, 'D1', null]);
    expect(events[3]).to.deep.equal({ id: null, level: null, feature: null, value: null });
  });

  it('draws units without a value hatched and counts them as no data', async () => {
    const s = await setup('labels="none"');
    map = s.map;
    s.grid.values = { D1: 5 };
    await s.grid.updateComplete;
    await s.map.rendered();
    const entries = s.grid.legend.entries;
    expect(entries[entries.length - 1]).to.include({ label: '无数据', pattern: 'hatch', count: 1 });
    // Hatching: along a horizontal line through D2 both the stripe and the background colour appear.
    const [x0, y] = inside(s.map, 2, 0, 4, 2);
    const colours = new Set<string>();
    for (let dx = 0; dx < 12; dx++) colours.add(pixelAt(s.map, x0 + dx, y).join());
    expect(colours.has('226,228,232,255')).to.equal(true);
    expect(colours.size).to.be.greaterThan(1);
  });

  it('follows its map’s theme unless it has its own: legend and no-data fills', async () => {
    const s = await setup('labels="none"');
    map = s.map;
    s.grid.values = { D1: 5 }; // D2 has no value: drawn in the theme's no-data colour
    await s.grid.rendered();
    const legendBackground = () => getComputedStyle(s.grid.shadowRoot!.querySelector('[part="legend"]')!).backgroundColor;
    const [x0, y] = inside(s.map, 2, 0, 4, 2);
    const d2Colours = () => new Set(Array.from({ length: 12 }, (_, dx) => pixelAt(s.map, x0 + dx, y).join()));
    expect([legendBackground(), d2Colours().has('226,228,232,255')]).to.deep.equal(['rgb(255, 255, 255)', true]);
    s.map.setAttribute('theme', 'dark');
    await s.map.updateComplete;
    await s.grid.rendered();
    expect(s.grid.hasAttribute('theme')).to.equal(false);
    expect([legendBackground(), d2Colours().has('40,52,70,255')]).to.deep.equal(['rgba(10, 27, 51, 0.92)', true]);
    s.grid.setAttribute('theme', 'light'); // its own theme wins
    await s.grid.rendered();
    expect([legendBackground(), d2Colours().has('226,228,232,255')]).to.deep.equal(['rgb(255, 255, 255)', true]);
  });

  it('supports threshold classes per level and named palettes', async () => {
    const s = await setup('scale="threshold" thresholds=\'{"district":[20],"street":[15]}\' palette="Blues"');
    map = s.map;
    expect(s.grid.legend.entries.map((e) => [e.label, e.count])).to.deep.equal([
      ['< 20', 1],
      ['≥ 20', 1],
    ]);
    s.grid.focusId = 'D1';
    await s.grid.updateComplete;
    expect(s.grid.legend.entries.map((e) => [e.label, e.count])).to.deep.equal([
      ['< 15', 1],
      ['≥ 15', 1],
    ]);
  });

  it('labels units whose names fit, with a CJK-capable system font and an automatic character set', async () => {
    const s = await setup();
    map = s.map;
    const labels = ((map.deck!.props.layers as unknown[])[0] as { getSubLayers(): { id: string; props: Record<string, unknown> }[] })
      .getSubLayers()
      .find((l) => l.id.endsWith('-labels'))!;
    expect((labels.props.data as { text: string }[]).map((d) => d.text)).to.deep.equal(['D1名', 'D2名']);
    expect(labels.props.characterSet).to.equal('auto');
    expect(String(labels.props.fontFamily)).to.contain('Noto Sans CJK SC');
    const startZoom = s.map.zoom;
    s.map.zoom = 5; // far out: the names no longer fit; the text layer is kept, hidden, for the next time they do
    await s.map.rendered();
    const after = ((map.deck!.props.layers as unknown[])[0] as { getSubLayers(): { id: string; props: Record<string, unknown> }[] }).getSubLayers();
    expect(after.filter((l) => l.id.endsWith('-labels')).map((l) => l.props.visible)).to.deep.equal([false]);
    s.map.zoom = startZoom;
    await s.map.rendered();
    const back = ((map.deck!.props.layers as unknown[])[0] as { getSubLayers(): { id: string; props: Record<string, unknown> }[] }).getSubLayers();
    expect(back.filter((l) => l.id.endsWith('-labels')).map((l) => [l.props.visible, (l.props.data as { text: string }[]).map((d) => d.text)])).to.deep.equal([[true, ['D1名', 'D2名']]]);
  });

  it('is keyboard operable through its unit list', async () => {
    const s = await setup();
    map = s.map;
    const list = s.grid.shadowRoot!.querySelector<HTMLElement>('[part="units"]')!;
    expect(list.getAttribute('role')).to.equal('listbox');
    list.focus();
    await s.grid.updateComplete;
    // Ranked by value: D1 (30) first.
    expect(text(s.grid.shadowRoot!.querySelector('[part="tooltip"] .title'))).to.equal('D1名');
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await s.grid.updateComplete;
    expect(text(s.grid.shadowRoot!.querySelector('[part="tooltip"] .title'))).to.equal('D2名');
    const active = list.getAttribute('aria-activedescendant')!;
    expect(text(s.grid.shadowRoot!.getElementById(active))).to.equal('D2名，10');
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await s.grid.updateComplete;
    expect(s.grid.visibleIds).to.deep.equal(['S3']);
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Backspace', bubbles: true }));
    await s.grid.updateComplete;
    expect(s.grid.visibleIds).to.deep.equal(['D1', 'D2']);
  });

  it('converts its data from its CRS into the map’s', async () => {
    const s = await setup('crs="gcj02"');
    map = s.map;
    const corners = [convertLonLat(116, 39.9, 'gcj02', 'wgs84'), convertLonLat(116, 39.92, 'gcj02', 'wgs84'), convertLonLat(116.04, 39.9, 'gcj02', 'wgs84')];
    const west = Math.min(...corners.map((c) => c[0]));
    const south = Math.min(...corners.map((c) => c[1]));
    const bounds = s.grid.dataBounds!;
    expect(bounds[0]).to.be.closeTo(west, 1e-9);
    expect(bounds[1]).to.be.closeTo(south, 1e-9);
    expect(116 - bounds[0]).to.be.within(0.005, 0.007); // the GCJ-02 offset near Beijing, ~500 m
  });

  it('projects its data again when its map’s display CRS changes', async () => {
    const s = await setup();
    map = s.map;
    expect(s.grid.dataBounds![0]).to.equal(116);
    try {
      s.map.setAttribute('crs', 'gcj02');
      await s.map.updateComplete;
      await s.grid.rendered();
      const west = Math.min(convertLonLat(116, 39.9, 'wgs84', 'gcj02')[0], convertLonLat(116, 39.92, 'wgs84', 'gcj02')[0]);
      expect(s.grid.dataBounds![0]).to.be.closeTo(west, 1e-9);
      expect(s.grid.dataBounds![0] - 116).to.be.within(0.005, 0.007);
    } finally {
      s.map.removeAttribute('crs');
      await s.map.updateComplete;
      await s.grid.rendered();
    }
    expect(s.grid.dataBounds![0]).to.equal(116);
  });

  it('paints its breadcrumb and legend into the map’s PNG', async () => {
    const s = await setup();
    map = s.map;
    const blob = await s.map.toImage();
    const bitmap = await createImageBitmap(blob);
    const probe = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    probe.drawImage(bitmap, 0, 0);
    const legend = s.grid.shadowRoot!.querySelector('[part="legend"]')!.getBoundingClientRect();
    const title = s.grid.shadowRoot!.querySelector('[part="legend"] .title')!.getBoundingClientRect();
    const mapRect = s.map.getBoundingClientRect();
    // Inside the legend box, off the text: the white surface.
    const px = (x: number, y: number) => Array.from(probe.getImageData(Math.round(x - mapRect.left), Math.round(y - mapRect.top), 1, 1).data);
    expect(px(legend.right - 3, legend.top + 3)).to.deep.equal([255, 255, 255, 255]);
    // The title text is drawn: some pixel of its box is dark.
    let dark = false;
    for (let x = title.left; x < title.right && !dark; x += 1) dark = px(x, title.top + title.height / 2)[0] < 128;
    expect(dark).to.equal(true);
  });

  it('places its breadcrumb and legend clear of those of the layers before it in its map', async () => {
    const s = await setup();
    map = s.map;
    const second = document.createElement('city-grid-layer');
    second.setAttribute('metric', 'events');
    second.data = sampleGrid();
    s.map.append(second);
    await second.rendered();
    const box = (grid: CityGridLayer, part: string) => grid.shadowRoot!.querySelector(`[part="${part}"]`)!.getBoundingClientRect();
    // The map's gap between placed boxes is 8 px: the breadcrumbs stack, the legends sit side by side along the bottom.
    await waitFor(() => Math.abs(box(second, 'breadcrumb').top - (box(s.grid, 'breadcrumb').bottom + 8)) < 1);
    await waitFor(() => Math.abs(box(second, 'legend').left - (box(s.grid, 'legend').right + 8)) < 1);
    expect(box(second, 'legend').bottom).to.equal(box(s.grid, 'legend').bottom);
    expect(box(s.grid, 'legend').bottom).to.equal(s.map.getBoundingClientRect().bottom - 12);
    second.remove();
  });

  it('has no accessibility violations in its overlays', async () => {
    const data = sampleGrid();
    (data.features as unknown[]).push(unit('X', 'county', null, [0, 0, 1, 1]));
    const s = await setup('focus-id="D1"', data);
    map = s.map;
    await hoverAt(s.map, ...project(s.map, centre(0, 0, 1, 2)));
    await s.grid.updateComplete;
    expect(s.grid.shadowRoot!.querySelector('[part="tooltip"]')).to.not.equal(null);
    expect(s.grid.shadowRoot!.querySelector('[part="error"]')).to.not.equal(null);
    const result = await axe.run(s.map);
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
  });

  it('releases everything when removed from its map', async () => {
    const s = await setup();
    map = s.map;
    s.grid.remove();
    await s.map.rendered();
    expect(s.map.deck!.props.layers).to.deep.equal([]);
  });
});
