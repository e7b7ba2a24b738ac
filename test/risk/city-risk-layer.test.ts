import { expect } from 'chai';
import axe from 'axe-core';
import '../../src/risk/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer, CityRiskSelectDetail } from '../../src/risk/city-risk-layer';
import type { CityErrorDetail } from '../../src/core/events';
import type { CityTimeChangeDetail } from '../../src/ui/time-slider';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';
import { wgs84ToGcj02 } from '../../src/core/crs';
import { formatIsoLocal } from '../../src/risk/model/time';
import { RiskLayer } from '../../src/risk/view/risk-layer';
import { commonXY, hexRadiusCommon, pointToHexbin } from '../../src/risk/model/domain';
import { clickAt, hoverAt, mapCanvas, mount, nextEvent, nextFrame, pixelAt, project, unmount } from '../helpers/index';

const CENTER: [number, number] = [106.55, 29.56];

interface Mounted {
  map: CityMap;
  layer: CityRiskLayer;
}

async function mountLayer(attributes: string, data: unknown[], options: { zoom?: number; width?: number; height?: number } = {}): Promise<Mounted> {
  const map = mount<CityMap>(
    `<city-map style="height:100%" zoom="${options.zoom ?? 14}" center="${CENTER.join(',')}"><city-risk-layer ${attributes}></city-risk-layer></city-map>`,
    options.width ?? 500,
    options.height ?? 400,
  );
  const layer = map.querySelector('city-risk-layer') as CityRiskLayer;
  layer.data = data;
  await layer.rendered();
  await map.rendered();
  return { map, layer };
}

async function settle({ map, layer }: Mounted): Promise<void> {
  await layer.rendered();
  await nextFrame();
  await map.rendered();
}

const risk = (id: string, lon: number, lat: number, extra: Record<string, unknown> = {}) => ({ id, lon, lat, category: 'gas', level: 'low', ...extra });
const rgb = (pixel: number[]) => pixel.slice(0, 3);
/** The heat / hex / points layers its one deck layer draws (as the map last rendered it). */
const subLayers = (layer: CityRiskLayer) => (layer.deckLayers[0] as RiskLayer).getSubLayers();

describe('<city-risk-layer> in <city-map>', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    unmount(mounted?.map);
    mounted = null;
  });

  it('draws a lone major point red and a lone low point blue at the same zoom', async () => {
    mounted = await mountLayer('mode="points"', [risk('m', 106.545, 29.56, { level: 'major' }), risk('l', 106.555, 29.56, { level: 'low' })]);
    const { map } = mounted;
    const [mx, my] = project(map, [106.545, 29.56]);
    const [lx, ly] = project(map, [106.555, 29.56]);
    expect(rgb(pixelAt(map, mx, my))).to.deep.equal(RISK_COLORS_RGBA.major.slice(0, 3));
    expect(rgb(pixelAt(map, lx, ly))).to.deep.equal(RISK_COLORS_RGBA.low.slice(0, 3));
    expect(RISK_COLORS_RGBA.major.slice(0, 3)).to.deep.equal([224, 32, 32]);
    expect(RISK_COLORS_RGBA.low.slice(0, 3)).to.deep.equal([47, 127, 216]);
  });

  it('derives levels from likelihood × severity for colour', async () => {
    mounted = await mountLayer('mode="points"', [
      risk('a', 106.545, 29.56, { level: undefined, likelihood: 4, severity: 5 }),
      risk('b', 106.555, 29.56, { level: undefined, likelihood: 2, severity: 5 }),
    ]);
    const { map } = mounted;
    expect(rgb(pixelAt(map, ...project(map, [106.545, 29.56])))).to.deep.equal([224, 32, 32]);
    expect(rgb(pixelAt(map, ...project(map, [106.555, 29.56])))).to.deep.equal(RISK_COLORS_RGBA.considerable.slice(0, 3));
  });

  it('keeps a hexagon’s colour at a fixed spot across a zoom step (fixed colour domain)', async () => {
    // A cell whose highest level is considerable, next to a cell of 30 low records.
    const records = [risk('c', 106.55, 29.56, { level: 'considerable' }), risk('g', 106.5502, 29.5601, { level: 'low' })];
    for (let i = 0; i < 30; i++) records.push(risk(`l${i}`, 106.56 + (i % 5) * 0.0002, 29.56 + Math.floor(i / 5) * 0.0002));
    mounted = await mountLayer('mode="hex" hex-radius="200"', records, { zoom: 13 });
    const { map } = mounted;
    const before = rgb(pixelAt(map, ...project(map, [106.55, 29.56])));
    map.zoom = 14;
    await settle(mounted);
    const after = rgb(pixelAt(map, ...project(map, [106.55, 29.56])));
    expect(before).to.deep.equal(RISK_COLORS_RGBA.considerable.slice(0, 3));
    expect(after).to.deep.equal(before);
  });

  it('keeps the heat colour at a fixed spot across a zoom step (density domain, not per-view scaling)', async () => {
    // A 2 km square of weight-1 records every 25 m: 1,600 per km², the middle of a fixed domain.
    const metresToLon = 1 / (111_320 * Math.cos((CENTER[1] * Math.PI) / 180));
    const records = [];
    for (let i = -40; i < 40; i++) {
      for (let j = -40; j < 40; j++) records.push(risk(`h${i}:${j}`, CENTER[0] + i * 25 * metresToLon, CENTER[1] + (j * 25) / 110_574, { weight: 1 }));
    }
    mounted = await mountLayer('mode="heat" color-domain="10,3200"', records, { zoom: 13.5 });
    const { map } = mounted;
    const before = pixelAt(map, ...project(map, CENTER));
    map.zoom = 14.5;
    await settle(mounted);
    const after = pixelAt(map, ...project(map, CENTER));
    expect(before[3], 'painted before the zoom').to.equal(255);
    // Mid-ramp (orange), not the top or bottom colour, so a domain drift would show.
    expect(before[0]).to.be.greaterThan(200);
    expect(before[1]).to.be.within(120, 210);
    expect(before[2]).to.be.lessThan(60);
    // The lattice is sampled differently at each zoom: allow rounding, not a shift along the ramp.
    for (let c = 0; c < 4; c++) expect(Math.abs(after[c] - before[c]), `channel ${c}`).to.be.at.most(3);
  });

  it('hides records outside the time window: nothing to pick there, and counts follow', async () => {
    mounted = await mountLayer('mode="points"', [
      risk('may1', 106.545, 29.56, { time: '2024-05-01T10:00:00Z', level: 'major' }),
      risk('may9', 106.555, 29.56, { time: '2024-05-09T10:00:00Z' }),
      risk('undated', 106.55, 29.565),
    ]);
    const { map, layer } = mounted;
    const at = (lonLat: [number, number]) => {
      const [x, y] = project(map, lonLat);
      return map.deck!.pickObject({ x, y, radius: 1 });
    };
    expect(at([106.555, 29.56])?.index).to.be.a('number');
    layer.from = '2024-05-01T00:00:00Z';
    layer.to = '2024-05-02T00:00:00Z';
    await settle(mounted);
    expect(at([106.555, 29.56]), 'outside the window').to.equal(null);
    expect(at([106.55, 29.565]), 'undated').to.equal(null);
    expect(at([106.545, 29.56])).to.not.equal(null);
    expect(layer.stats.shown).to.equal(1);
    expect(layer.stats.byLevel).to.deep.equal({ major: 1, considerable: 0, general: 0, low: 0 });
    expect(rgb(pixelAt(map, ...project(map, [106.555, 29.56])))).to.not.deep.equal(RISK_COLORS_RGBA.low.slice(0, 3));
    expect(layer.shownRecords.map((r) => r.id)).to.deep.equal(['may1']);
  });

  it('filters by categories and levels attributes (comma lists)', async () => {
    mounted = await mountLayer('mode="points"', [
      risk('g', 106.545, 29.56, { category: 'gas', level: 'major' }),
      risk('b', 106.55, 29.56, { category: 'bridge', level: 'low' }),
      risk('f', 106.555, 29.56, { category: 'flood', level: 'general' }),
    ]);
    const { layer } = mounted;
    layer.setAttribute('categories', 'gas, flood');
    await settle(mounted);
    expect(layer.shownRecords.map((r) => r.id)).to.deep.equal(['f', 'g']);
    layer.setAttribute('levels', '重大');
    await settle(mounted);
    expect(layer.shownRecords.map((r) => r.id)).to.deep.equal(['g']);
    const legend = layer.shadowRoot!.querySelector('.legend-slot')!.textContent!;
    expect(legend).to.contain('显示 1 / 3 处');
    layer.removeAttribute('categories');
    layer.removeAttribute('levels');
    await settle(mounted);
    expect(layer.stats.shown).to.equal(3);
  });

  it('plays from the `playing` attribute: advances from/to, fires city-time-change, loops', async () => {
    const records = [1, 2, 3, 4].map((d) => risk(`d${d}`, 106.55, 29.56, { time: `2024-05-0${d}T12:00:00` }));
    mounted = await mountLayer('mode="points" window="2d" speed="30"', records);
    const { layer } = mounted;
    const events: CityTimeChangeDetail[] = [];
    layer.addEventListener('city-time-change', (e) => events.push(e.detail));
    layer.setAttribute('playing', '');
    await new Promise<void>((resolve) => {
      const check = () => (events.length >= 5 ? resolve() : requestAnimationFrame(check));
      check();
    });
    layer.removeAttribute('playing');
    const local = (d: number) => formatIsoLocal(new Date(2024, 4, d).getTime());
    // Windows [1,3) [2,4) [3,5): the last reaches past 4 May 12:00; then back to the first.
    expect(events.slice(0, 5)).to.deep.equal([
      { from: local(1), to: local(3) },
      { from: local(2), to: local(4) },
      { from: local(3), to: local(5) },
      { from: local(1), to: local(3) },
      { from: local(2), to: local(4) },
    ]);
    await layer.updateComplete;
    const last = events.at(-1)!;
    expect(layer.getAttribute('from')).to.equal(last.from);
    expect(layer.getAttribute('to')).to.equal(last.to);
    // The step API moves exactly one window.
    layer.stepWindow(-1);
    await layer.updateComplete;
    expect(events.at(-1)!.from).to.not.equal(last.from);
  });

  it('shows a text-only tooltip on hover (HTML in names stays text)', async () => {
    const name = '<img src=x onerror="window.__pwned=1">燃气阀井';
    mounted = await mountLayer('mode="points"', [risk('a', 106.55, 29.56, { name, level: 'considerable', time: '2024-05-01T08:30:00', grid: 'G-12' })]);
    const { map, layer } = mounted;
    await hoverAt(map, ...project(map, [106.55, 29.56]));
    await layer.updateComplete;
    const tooltip = layer.shadowRoot!.querySelector('[part="tooltip"]')!;
    expect(tooltip.querySelector('img')).to.equal(null);
    expect(tooltip.querySelector('.title')!.textContent).to.equal(name);
    expect([...tooltip.querySelectorAll('.line')].map((l) => l.textContent)).to.deep.equal([
      '类别：燃气',
      '等级：较大风险',
      '时间：2024-05-01 08:30',
      '网格：G-12',
    ]);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('hex mode picks its hexagons on the CPU: the hovered cell’s tooltip and highlight, nothing for deck.gl to pick', async () => {
    const spot: [number, number] = [106.55, 29.56];
    mounted = await mountLayer('mode="hex" hex-radius="200"', [risk('a', ...spot), risk('b', ...spot, { level: 'major' }), risk('c', 106.556, 29.563)]);
    const { map, layer } = mounted;
    // The centre of the spot's hexagon (deck.gl's lattice in Web Mercator common units).
    const radius = hexRadiusCommon((layer.deckLayers[0] as RiskLayer).props.table!, 200);
    const [i, j] = pointToHexbin(...commonXY(...spot), radius);
    const [cx, cy] = [(i + (j & 1) / 2) * radius * 2 * Math.sin(Math.PI / 3), j * radius * 1.5];
    const centre: [number, number] = [(cx * 360) / 512 - 180, (2 * Math.atan(Math.exp((cy * 2 * Math.PI) / 512)) - Math.PI / 2) * (180 / Math.PI)];
    const [x, y] = project(map, centre);
    expect(map.deck!.pickObject({ x, y, radius: 0 })).to.equal(null);
    const unlit = pixelAt(map, x, y);
    expect(unlit[3]).to.be.greaterThan(0);

    await hoverAt(map, x, y);
    await settle(mounted);
    const tooltip = () => layer.shadowRoot!.querySelector('[part="tooltip"]');
    expect(tooltip()!.querySelector('.title')!.textContent).to.equal('2 处风险');
    expect([...tooltip()!.querySelectorAll('.line')].map((l) => l.textContent)).to.deep.equal(['最高等级：重大风险']);
    expect(pixelAt(map, x, y)).to.not.deep.equal(unlit);

    // Off the hexagons: no tooltip, no highlight.
    await hoverAt(map, 10, 10);
    await settle(mounted);
    expect(tooltip()).to.equal(null);
    expect(pixelAt(map, x, y)).to.deep.equal(unlit);
  });

  it('fires city-risk-select on click, and lists records sharing a spot', async () => {
    mounted = await mountLayer('mode="points"', [
      risk('alone', 106.545, 29.56, { name: 'Alone' }),
      risk('s1', 106.555, 29.56, { name: 'First', level: 'low' }),
      risk('s2', 106.555, 29.56, { name: 'Second', level: 'major' }),
      risk('s3', 106.55501, 29.56, { name: 'Third', level: 'general' }),
    ]);
    const { map, layer } = mounted;
    let selected = nextEvent<CityRiskSelectDetail>(layer, 'city-risk-select');
    await clickAt(map, ...project(map, [106.545, 29.56]));
    expect((await selected).detail).to.deep.equal({ id: 'alone', record: { id: 'alone', lon: 106.545, lat: 29.56, category: 'gas', level: 'low', name: 'Alone' }, level: 'low' });

    await clickAt(map, ...project(map, [106.555, 29.56]));
    await layer.updateComplete;
    const list = layer.shadowRoot!.querySelector('[part="spot-list"]')!;
    const buttons = [...list.querySelectorAll('li button')] as HTMLButtonElement[];
    // The picked (top) symbol first, then the rest by level.
    expect(buttons.map((b) => b.querySelector('span:nth-child(2)')!.textContent)).to.deep.equal(['Second', 'Third', 'First']);
    expect(layer.shadowRoot!.activeElement, 'focus moves into the list').to.equal(buttons[0]);
    selected = nextEvent<CityRiskSelectDetail>(layer, 'city-risk-select');
    buttons[1].click();
    const detail = (await selected).detail;
    expect(detail.id).to.equal('s3');
    expect(detail.record!.name).to.equal('Third');
    expect(detail.level).to.equal('general');
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('[part="spot-list"]')).to.equal(null);
  });

  it('clears the selection with id null on a click beside the records and on Escape, not on a record or twice', async () => {
    mounted = await mountLayer('mode="points"', [risk('a', 106.545, 29.56, { level: 'major' }), risk('b', 106.555, 29.56)]);
    const { map, layer } = mounted;
    const events: CityRiskSelectDetail[] = [];
    layer.addEventListener('city-risk-select', (e) => events.push(e.detail));
    await clickAt(map, ...project(map, [106.545, 29.56]));
    await clickAt(map, ...project(map, [106.555, 29.56]));
    await clickAt(map, 20, 20);
    await clickAt(map, 30, 20);
    expect(events.map((d) => d.id)).to.deep.equal(['a', 'b', null]);
    expect(events[2]).to.deep.equal({ id: null, record: null, level: null });

    // A drag (a pan) that ends beside the records is no click.
    await clickAt(map, ...project(map, [106.545, 29.56]));
    const rect = mapCanvas(map).getBoundingClientRect();
    const at = (x: number, y: number) => ({ bubbles: true, composed: true, clientX: rect.left + x, clientY: rect.top + y });
    mapCanvas(map).dispatchEvent(new PointerEvent('pointerdown', { ...at(20, 20), pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: 1 }));
    mapCanvas(map).dispatchEvent(new MouseEvent('click', at(60, 20)));
    expect(events.map((d) => d.id)).to.deep.equal(['a', 'b', null, 'a']);
    await clickAt(map, 20, 20);
    expect(events.map((d) => d.id)).to.deep.equal(['a', 'b', null, 'a', null]);

    await clickAt(map, ...project(map, [106.545, 29.56]));
    const canvas = mapCanvas(map);
    const escape = () => canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    escape();
    escape();
    expect(events.map((d) => d.id)).to.deep.equal(['a', 'b', null, 'a', null, 'a', null]);
    expect(events[6]).to.deep.equal({ id: null, record: null, level: null });
  });

  it('clears the selection when new data drops the selected record, keeps it when the id stays', async () => {
    mounted = await mountLayer('mode="points"', [risk('a', 106.545, 29.56), risk('b', 106.555, 29.56)]);
    const { map, layer } = mounted;
    const events: CityRiskSelectDetail[] = [];
    layer.addEventListener('city-risk-select', (e) => events.push(e.detail));
    await clickAt(map, ...project(map, [106.545, 29.56]));
    expect(events.map((d) => d.id)).to.deep.equal(['a']);
    layer.data = [risk('a', 106.546, 29.56, { level: 'major' })];
    await settle(mounted);
    expect(events.map((d) => d.id), 'id a is still there').to.deep.equal(['a']);
    layer.data = [risk('b', 106.555, 29.56)];
    await settle(mounted);
    expect(events).to.deep.equal([events[0], { id: null, record: null, level: null }]);
    // Nothing selected: a click beside the records fires nothing.
    await clickAt(map, 20, 20);
    expect(events.length).to.equal(2);
  });

  it('exports its map: toImage() is a PNG of the map\'s size, × scale', async () => {
    mounted = await mountLayer('mode="points"', [risk('a', 106.55, 29.56, { level: 'major' })]);
    const { map, layer } = mounted;
    const size = async (blob: Blob) => {
      expect(blob.type).to.equal('image/png');
      const bitmap = await createImageBitmap(blob);
      return [bitmap.width, bitmap.height];
    };
    const ratio = window.devicePixelRatio || 1;
    expect(await size(await layer.toImage())).to.deep.equal(await size(await map.toImage()));
    expect(await size(await layer.toImage())).to.deep.equal([Math.round(500 * ratio), Math.round(400 * ratio)]);
    expect(await size(await layer.toImage({ scale: 2 }))).to.deep.equal([1000, 800]);
  });

  it('reports bad records through city-error and the panel, and draws the valid ones', async () => {
    const map = mount<CityMap>(`<city-map style="height:100%" zoom="14" center="${CENTER.join(',')}"><city-risk-layer mode="points"></city-risk-layer></city-map>`, 500, 400);
    const layer = map.querySelector('city-risk-layer') as CityRiskLayer;
    mounted = { map, layer };
    const error = nextEvent<CityErrorDetail>(layer, 'city-error');
    layer.data = [
      risk('ok', 106.55, 29.56, { level: 'major' }),
      risk('nan', Number.NaN, 29.56),
      risk('swapped', 29.56, 106.545, { level: 'major' }),
      risk('lvl', 106.55, 29.56, { level: 'extreme' }),
      risk('ls', 106.55, 29.56, { level: undefined, likelihood: 7, severity: 2 }),
      risk('t', 106.555, 29.56, { time: '5月1日' }),
      risk('w', 106.555, 29.561, { weight: -1 }),
      risk('ok', 106.55, 29.56),
      risk('html', 106.55, 29.562, { name: '<b>bold</b>' }),
    ];
    const detail = (await error).detail;
    await settle(mounted);
    expect(detail.code).to.equal('invalid-data');
    expect(detail.issues.map((i) => [i.path, i.code])).to.deep.equal([
      ['[1].lon', 'not-a-number'],
      ['[2].lat', 'swapped-coordinates'],
      ['[3].level', 'unknown-value'],
      ['[4].likelihood', 'out-of-range'],
      ['[5].time', 'unparsable-time'],
      ['[6].weight', 'out-of-range'],
      ['[7].id', 'duplicate-id'],
    ]);
    expect(layer.stats).to.deep.include({ total: 9, valid: 5 });
    const panel = layer.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.textContent).to.contain('[3].level');
    expect(panel.textContent).to.contain('"extreme"');
    // The swapped record is drawn where it belongs.
    expect(rgb(pixelAt(map, ...project(map, [106.545, 29.56])))).to.deep.equal([224, 32, 32]);
  });

  it('loads `src`, and reports a failed load without dropping what it shows', async () => {
    const body = JSON.stringify([risk('a', 106.55, 29.56, { level: 'major' })]);
    const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
    const map = mount<CityMap>(`<city-map style="height:100%" zoom="14" center="${CENTER.join(',')}"><city-risk-layer mode="points" src="${url}"></city-risk-layer></city-map>`, 500, 400);
    const layer = map.querySelector('city-risk-layer') as CityRiskLayer;
    mounted = { map, layer };
    await new Promise<void>((resolve) => {
      const check = () => (layer.stats.valid === 1 ? resolve() : setTimeout(check, 20));
      check();
    });
    await settle(mounted);
    expect(rgb(pixelAt(map, ...project(map, [106.55, 29.56])))).to.deep.equal([224, 32, 32]);
    const error = nextEvent<CityErrorDetail>(layer, 'city-error');
    layer.src = '/no/such/risks.json';
    expect((await error).detail.code).to.equal('load-failed');
    await settle(mounted);
    expect(layer.stats.valid).to.equal(1);
    expect(layer.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('/no/such/risks.json');
  });

  it('plays with the slider hidden, and closes the spot list with Escape', async () => {
    const records = [1, 2, 3].map((d) => risk(`d${d}`, 106.555, 29.56, { time: `2024-05-0${d}T12:00:00` }));
    mounted = await mountLayer('mode="points" hide-time-slider window="1d" speed="30"', records);
    const { layer, map } = mounted;
    expect(layer.shadowRoot!.querySelector('city-time-slider')!.hasAttribute('hidden')).to.equal(true);
    const change = nextEvent<CityTimeChangeDetail>(layer, 'city-time-change');
    layer.play();
    const { from } = (await change).detail;
    layer.pause();
    expect(from).to.equal(formatIsoLocal(new Date(2024, 4, 1).getTime()));
    layer.from = null;
    layer.to = null;
    await settle(mounted);
    await clickAt(map, ...project(map, [106.555, 29.56]));
    await layer.updateComplete;
    const list = layer.shadowRoot!.querySelector('[part="spot-list"]')!;
    expect(list.querySelectorAll('li').length).to.equal(3);
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('[part="spot-list"]')).to.equal(null);
  });

  it('paints its legend into map.toImage()', async () => {
    mounted = await mountLayer('mode="points"', [risk('a', 106.55, 29.56, { level: 'major', time: '2024-05-01T00:00:00Z' })]);
    const { map, layer } = mounted;
    const legend = layer.shadowRoot!.querySelector('.legend-slot')!.getBoundingClientRect();
    const mapRect = map.getBoundingClientRect();
    const blob = await map.toImage();
    const image = await createImageBitmap(blob);
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const ratio = image.width / mapRect.width;
    // Inside the legend box, away from text: the legend's surface colour (white in the light theme).
    const x = Math.round((legend.right - mapRect.left - 3) * ratio);
    const y = Math.round((legend.top - mapRect.top + 3) * ratio);
    expect(Array.from(context.getImageData(x, y, 1, 1).data)).to.deep.equal([255, 255, 255, 255]);
  });

  it('reports bad attributes and falls back', async () => {
    mounted = await mountLayer('mode="spiral" from="last tuesday" window="a while"', [risk('a', 106.55, 29.56)]);
    const { layer } = mounted;
    expect(layer.errors.flatMap((e) => e.issues.map((i) => i.path))).to.deep.equal(['mode', 'window', 'from']);
    expect(subLayers(layer).map((l) => l.id.split('-').pop())).to.deep.equal(['heat', 'points']);
    expect(layer.stats.shown).to.equal(1);
  });

  it('converts GCJ-02 records onto a WGS-84 map', async () => {
    const [gx, gy] = wgs84ToGcj02(106.55, 29.56);
    mounted = await mountLayer('mode="points" crs="gcj02"', [risk('a', gx, gy, { level: 'major' })]);
    const { map } = mounted;
    expect(rgb(pixelAt(map, ...project(map, [106.55, 29.56])))).to.deep.equal([224, 32, 32]);
  });

  it('hands heat over to points when zoomed in (auto mode), without rebuilding its layers', async () => {
    mounted = await mountLayer('handover-zoom="14"', [risk('a', 106.55, 29.56, { level: 'major' })], { zoom: 12 });
    const { map, layer } = mounted;
    const props = () => Object.fromEntries(subLayers(layer).map((l) => [l.id.split('-').pop(), l.props.opacity]));
    expect(props()).to.deep.equal({ heat: 1, points: 0 });
    const [heatBefore] = subLayers(layer);
    const dataBefore = heatBefore.props.data;
    map.zoom = 15;
    await settle(mounted);
    expect(props()).to.deep.equal({ heat: 0, points: 1 });
    expect(subLayers(layer)[0].props.data).to.equal(dataBefore);
    expect(rgb(pixelAt(map, ...project(map, [106.55, 29.56])))).to.deep.equal([224, 32, 32]);
    expect(layer.shadowRoot!.querySelector('.heat-scale')).to.equal(null);
  });

  it('rolls up its records onto grids with the current filter', async () => {
    mounted = await mountLayer('mode="points"', [
      risk('a', 106.545, 29.56, { level: 'major', time: '2024-05-01T00:00:00Z' }),
      risk('b', 106.555, 29.56, { level: 'general', time: '2024-05-05T00:00:00Z' }),
    ]);
    const { layer } = mounted;
    const cell = (id: string, w: number, e: number) => ({
      type: 'Feature' as const,
      properties: { id, level: 'grid' },
      geometry: { type: 'Polygon' as const, coordinates: [[[w, 29.55], [e, 29.55], [e, 29.57], [w, 29.57], [w, 29.55]]] },
    });
    const grids = { type: 'FeatureCollection' as const, features: [cell('W', 106.54, 106.55), cell('E', 106.55, 106.56)] };
    expect(layer.rollUp(grids, 'grid')).to.deep.equal({
      W: { major: 1, considerable: 0, general: 0, low: 0, index: 4 },
      E: { major: 0, considerable: 0, general: 1, low: 0, index: 2 },
    });
    layer.from = '2024-05-04T00:00:00Z';
    await layer.updateComplete;
    expect(layer.rollUp(grids, 'grid').W.index).to.equal(0);
    expect(layer.rollUp(grids, 'grid', { filtered: false }).W.index).to.equal(4);
  });

  it('passes axe-core (legend, slider, panel) in light and dark themes', async () => {
    mounted = await mountLayer('mode="points"', [
      risk('a', 106.55, 29.56, { level: 'major', time: '2024-05-01T00:00:00Z' }),
      risk('b', 106.555, 29.56, { time: '2024-05-03T00:00:00Z' }),
      risk('c', Number.NaN, 29.56),
    ]);
    const { layer, map } = mounted;
    expect(layer.shadowRoot!.querySelector('[part="legend"]')).to.not.equal(null);
    expect(layer.shadowRoot!.querySelector('city-time-slider')).to.not.equal(null);
    const light = await axe.run(layer);
    expect(light.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
    map.setAttribute('theme', 'dark');
    layer.setAttribute('theme', 'dark');
    await settle(mounted);
    const dark = await axe.run(layer);
    expect(dark.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
  });

  it('legend names every level with its colour (never a bare number), in both languages', async () => {
    mounted = await mountLayer('mode="points"', [risk('a', 106.55, 29.56, { level: 'major' })]);
    const { layer } = mounted;
    const rows = () =>
      [...layer.shadowRoot!.querySelectorAll('[part="legend"] li')].map((li) => [
        li.querySelector('.label')!.textContent,
        (li.querySelector('.swatch') as HTMLElement).style.backgroundColor,
      ]);
    expect(rows()).to.deep.equal([
      ['重大风险', 'rgb(224, 32, 32)'],
      ['较大风险', 'rgb(242, 140, 40)'],
      ['一般风险', 'rgb(242, 197, 0)'],
      ['低风险', 'rgb(47, 127, 216)'],
    ]);
    layer.setAttribute('lang', 'en');
    await layer.updateComplete;
    expect(rows().map(([label]) => label)).to.deep.equal(['Major', 'Considerable', 'General', 'Low']);
  });
});

describe('<city-risk-layer> lifecycle', () => {
  it('leaves no live WebGL context after connect/disconnect cycles', async () => {
    const contexts: WebGL2RenderingContext[] = [];
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      const context = (original as (...args: unknown[]) => RenderingContext | null).call(this, type, ...rest);
      if (context && (type === 'webgl2' || type === 'webgl') && !contexts.includes(context as WebGL2RenderingContext)) contexts.push(context as WebGL2RenderingContext);
      return context;
    } as typeof original;
    try {
      const data = [risk('a', 106.55, 29.56, { time: '2024-05-01T00:00:00Z' }), risk('b', 106.556, 29.56, { time: '2024-05-04T00:00:00Z' })];
      for (let cycle = 0; cycle < 4; cycle++) {
        const { map, layer } = await mountLayer(cycle % 2 ? 'mode="hex"' : 'playing speed="20"', data);
        await nextFrame();
        expect(layer.deckLayers.length).to.be.greaterThan(0);
        unmount(map);
        expect(layer.isConnected).to.equal(false);
      }
      await nextFrame();
      expect(contexts.length).to.be.greaterThan(0);
      expect(contexts.filter((c) => !c.isContextLost()).length, 'live contexts').to.equal(0);
    } finally {
      HTMLCanvasElement.prototype.getContext = original;
    }
  });

  it('outside a map: rendered() resolves once the data is processed; toImage() rejects naming the element', async () => {
    const layer = document.createElement('city-risk-layer') as CityRiskLayer;
    document.body.append(layer);
    try {
      layer.data = [risk('a', 106.55, 29.56, { level: 'major' }), risk('bad', Number.NaN, 29.56)];
      await layer.rendered();
      expect(layer.stats.total).to.equal(2);
      expect(layer.stats.valid).to.equal(1);
      let error: unknown = null;
      await layer.toImage().catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.contain('<city-risk-layer>');
    } finally {
      layer.remove();
    }
  });

  it('moves between maps and unregisters from the old one', async () => {
    const first = mount<CityMap>(`<city-map style="height:100%" zoom="14" center="${CENTER.join(',')}"></city-map>`, 300, 200);
    const layer = document.createElement('city-risk-layer') as CityRiskLayer;
    layer.setAttribute('mode', 'points');
    layer.data = [risk('a', 106.55, 29.56, { level: 'major' })];
    first.append(layer);
    await layer.rendered();
    await first.rendered();
    expect((first.deck!.props.layers as unknown[]).some((l) => l instanceof RiskLayer)).to.equal(true);
    const second = mount<CityMap>(`<city-map style="height:100%" zoom="14" center="${CENTER.join(',')}"></city-map>`, 300, 200);
    second.append(layer);
    await layer.rendered();
    await nextFrame();
    await first.rendered();
    await second.rendered();
    expect((first.deck!.props.layers as unknown[]).some((l) => l instanceof RiskLayer)).to.equal(false);
    expect(rgb(pixelAt(second, ...project(second, [106.55, 29.56])))).to.deep.equal([224, 32, 32]);
    unmount(first);
    unmount(second);
  });
});
