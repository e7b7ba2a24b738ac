import { expect } from 'chai';
import '../../src/grid/index';
import '../../src/risk/index';
import '../../src/scope/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import type { CityScope, CityScopeChangeDetail } from '../../src/scope/index';
import type { CityTimeSlider } from '../../src/ui/time-slider';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';
import { formatIsoLocal, toEpoch } from '../../src/risk/model/time';
import { collectEvents, mount, nextFrame, pixelAt, project, unmount, waitFor } from '../helpers/index';

const CENTER: [number, number] = [106.55, 29.56];
/** Local time in 2024 (month 1–12). */
const local = (m: number, d: number, h = 0) => new Date(2024, m - 1, d, h).getTime();
const iso = (m: number, d: number, h = 0) => formatIsoLocal(local(m, d, h));

const UNITS = [
  { id: 'S1', parent: null, name: '街道一', level: 'street' },
  { id: 'C1', parent: 'S1', name: '社区一', level: 'community' },
  { id: 'S2', parent: null, name: '街道二', level: 'street' },
];

/** Four major risks in a row: in S1, in C1 (below S1), in S2, and one without a grid. */
const PLACES = { s1: [106.541, 29.56], c1: [106.547, 29.56], s2: [106.553, 29.56], none: [106.559, 29.56] } as const;
type Place = keyof typeof PLACES;
const RECORDS = [
  { id: 's1', grid: 'S1', time: iso(5, 1, 10) },
  { id: 'c1', grid: 'C1', time: iso(5, 3, 10) },
  { id: 's2', grid: 'S2', time: iso(5, 1, 12) },
  { id: 'none', time: iso(5, 2, 10) },
].map((r) => ({ ...r, lon: PLACES[r.id as Place][0], lat: PLACES[r.id as Place][1], category: 'gas', level: 'major' }));
/** An empty spot of the map: the background. */
const EMPTY: [number, number] = [106.55, 29.565];
const RED = RISK_COLORS_RGBA.major.slice(0, 3);

interface Mounted {
  root: HTMLElement;
  map: CityMap;
  layer: CityRiskLayer;
  scope: CityScope | null;
}

async function mountLayer(scoped: boolean, attributes = ''): Promise<Mounted> {
  const inner = `<city-map style="height:100%" zoom="14" center="${CENTER.join(',')}"><city-risk-layer mode="points" ${attributes}></city-risk-layer></city-map>`;
  const root = mount<HTMLElement>(scoped ? `<city-scope>${inner}</city-scope>` : inner, 500, 400);
  const scope = scoped ? (root as CityScope) : null;
  if (scope) scope.units = UNITS;
  const map = root.matches('city-map') ? (root as CityMap) : root.querySelector('city-map')!;
  const layer = map.querySelector('city-risk-layer')!;
  layer.data = RECORDS;
  const mounted = { root, map, layer, scope };
  await settle(mounted);
  return mounted;
}

async function settle({ map, layer, scope }: Mounted): Promise<void> {
  await scope?.updateComplete;
  await layer.rendered();
  await nextFrame();
  await map.rendered();
}

const rgb = (map: CityMap, lonLat: readonly [number, number]) => pixelAt(map, ...project(map, [lonLat[0], lonLat[1]])).slice(0, 3);
/** Which of the four records are drawn (their exact colour) and which show the background. */
function drawn(map: CityMap): Record<Place, 'red' | 'background' | number[]> {
  const background = rgb(map, EMPTY);
  const out = {} as Record<Place, 'red' | 'background' | number[]>;
  for (const place of Object.keys(PLACES) as Place[]) {
    const pixel = rgb(map, PLACES[place]);
    out[place] = pixel.join() === RED.join() ? 'red' : pixel.join() === background.join() ? 'background' : pixel;
  }
  return out;
}

const slider = (layer: CityRiskLayer) => layer.shadowRoot!.querySelector('city-time-slider') as CityTimeSlider;
const track = (layer: CityRiskLayer) => slider(layer).shadowRoot!.querySelector<HTMLElement>('[role="slider"]')!;
const shownIds = (layer: CityRiskLayer) => layer.shownRecords.map((r) => r.id).sort();
const histogramTotal = (layer: CityRiskLayer) => Array.from(slider(layer).histogram ?? []).reduce((a, b) => a + b, 0);

describe('<city-risk-layer> in a <city-scope>', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    unmount(mounted?.root);
    mounted = null;
  });

  it('hides the points outside the selected unit; a unit includes the units below it; records without a grid hide while a unit is selected', async () => {
    mounted = await mountLayer(true);
    const { map, scope } = mounted;
    expect(rgb(map, EMPTY)).to.not.deep.equal(RED);
    expect(drawn(map)).to.deep.equal({ s1: 'red', c1: 'red', s2: 'red', none: 'red' });

    scope!.selectUnit('S1');
    await settle(mounted);
    expect(drawn(map)).to.deep.equal({ s1: 'red', c1: 'red', s2: 'background', none: 'background' });

    scope!.selectUnit('C1');
    await settle(mounted);
    expect(drawn(map)).to.deep.equal({ s1: 'background', c1: 'red', s2: 'background', none: 'background' });

    scope!.selectUnit('S2');
    await settle(mounted);
    expect(drawn(map)).to.deep.equal({ s1: 'background', c1: 'background', s2: 'red', none: 'background' });

    scope!.selectUnit(null);
    await settle(mounted);
    expect(drawn(map)).to.deep.equal({ s1: 'red', c1: 'red', s2: 'red', none: 'red' });
  });

  it('places a record without a grid by the unit polygons the hierarchy came with (units GeoJSON, or a grid layer’s)', async () => {
    // S1 spans the west of the row of records, S2 the east (the grid-less record lies in S2); C1 holds c1.
    const box = (w: number, e: number) => ({ type: 'Polygon', coordinates: [[[w, 29.55], [e, 29.55], [e, 29.57], [w, 29.57], [w, 29.55]]] });
    const grids = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: box(106.535, 106.55), properties: { ...UNITS[0] } },
        { type: 'Feature', geometry: box(106.544, 106.55), properties: { ...UNITS[1] } },
        { type: 'Feature', geometry: box(106.55, 106.565), properties: { ...UNITS[2] } },
      ],
    };
    mounted = await mountLayer(true);
    const { map, layer, scope } = mounted;
    scope!.units = grids;
    scope!.selectUnit('S2');
    await settle(mounted);
    expect(drawn(map)).to.deep.equal({ s1: 'background', c1: 'background', s2: 'red', none: 'red' });
    expect(shownIds(layer)).to.deep.equal(['none', 's2']);
    scope!.selectUnit('S1');
    await settle(mounted);
    expect(drawn(map)).to.deep.equal({ s1: 'red', c1: 'red', s2: 'background', none: 'background' });

    // The same polygons from a grid layer inside the scope (the map's display CRS: its rings as drawn).
    scope!.units = null;
    const gridLayer = document.createElement('city-grid-layer') as HTMLElement & { data: unknown; rendered(): Promise<void> };
    gridLayer.data = grids;
    map.prepend(gridLayer);
    await gridLayer.rendered();
    scope!.selectUnit('S2');
    await settle(mounted);
    expect(shownIds(layer)).to.deep.equal(['none', 's2']);
    scope!.selectUnit('C1');
    await settle(mounted);
    expect(shownIds(layer)).to.deep.equal(['c1']);
  });

  it('counts exactly the unit’s records: stats, shown records, legend and histogram', async () => {
    mounted = await mountLayer(true);
    const { layer, scope } = mounted;
    expect(layer.stats.shown).to.equal(4);
    expect(histogramTotal(layer)).to.equal(4);

    scope!.selectUnit('S1');
    await settle(mounted);
    expect(layer.stats).to.deep.include({ total: 4, valid: 4, shown: 2, byLevel: { major: 2, considerable: 0, general: 0, low: 0 } });
    expect(shownIds(layer)).to.deep.equal(['c1', 's1']);
    expect(histogramTotal(layer)).to.equal(2);
    // The legend's "showing 2 of 4" line.
    expect(layer.shadowRoot!.querySelector('[part~="legends"] [role="status"]')!.textContent!.trim()).to.match(/^\D*2\D+4\D*$/);

    // The unit and the window together.
    scope!.setWindow('2024-05-01', '2024-05-01T23:59:59.999');
    await settle(mounted);
    expect(shownIds(layer)).to.deep.equal(['s1']);
    expect(layer.stats.shown).to.equal(1);
    // The histogram ignores the window, never the unit.
    expect(histogramTotal(layer)).to.equal(2);

    // No hierarchy: the unit's own id only.
    scope!.units = null;
    scope!.selectUnit('C1');
    await settle(mounted);
    scope!.setWindow(null, null);
    await settle(mounted);
    expect(shownIds(layer)).to.deep.equal(['c1']);
  });

  it('follows the scope’s window, and the user’s slider moves set it', async () => {
    // The scope wins over the layer's own window. One-day windows: the track holds 1, 2 and 3 May.
    mounted = await mountLayer(true, 'window="1d" from="2024-05-02" to="2024-05-03"');
    const { layer, scope } = mounted;
    expect([layer.from, layer.to]).to.deep.equal([null, null]);
    expect(layer.stats.shown).to.equal(4);

    scope!.setWindow('2024-05-01', '2024-05-01T23:59:59.999');
    await settle(mounted);
    expect([layer.from, layer.to]).to.deep.equal([iso(5, 1), iso(5, 2)]);
    expect([slider(layer).from, slider(layer).to]).to.deep.equal([local(5, 1), local(5, 2)]);
    expect(shownIds(layer)).to.deep.equal(['s1', 's2']);

    // Which writes are transient (a drag or playback going on) and which final.
    const transient: boolean[] = [];
    const setWindow = scope!.setWindow.bind(scope!);
    scope!.setWindow = (from, to, options) => {
      transient.push(options?.transient ?? false);
      setWindow(from, to, options);
    };

    // Keyboard on the slider's thumb: one step on, 2 May.
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    try {
      track(layer).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true, cancelable: true }));
      await settle(mounted);
      expect(changes.events.length).to.equal(1);
      const { unit, from, to } = changes.events[0].detail;
      expect([unit, toEpoch(from), toEpoch(to)]).to.deep.equal([null, local(5, 2), local(5, 3) - 1]);
      expect(scope!.selection.window).to.deep.equal({ from: local(5, 2), to: local(5, 3) - 1 });
      expect([layer.from, layer.to]).to.deep.equal([iso(5, 2), iso(5, 3)]);
      expect([slider(layer).from, slider(layer).to]).to.deep.equal([local(5, 2), local(5, 3)]);
      expect(shownIds(layer)).to.deep.equal(['none']);

      // "All times" on the slider opens the scope's window.
      track(layer).dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true, composed: true, cancelable: true }));
      await settle(mounted);
      expect(changes.events.map((e) => [e.detail.from, e.detail.to])[1]).to.deep.equal([null, null]);
      expect(scope!.selection.window).to.deep.equal({ from: null, to: null });

      // A pointer drag on the track: the scope ends on the window the slider shows.
      const bar = track(layer);
      const rect = bar.getBoundingClientRect();
      const pointer = (type: string, fraction: number, buttons: number) =>
        bar.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, cancelable: true, clientX: rect.left + fraction * rect.width, clientY: rect.top + rect.height / 2, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons }));
      pointer('pointerdown', 0.2, 1);
      pointer('pointermove', 0.6, 1);
      pointer('pointerup', 0.6, 0);
      await settle(mounted);
      const shown = slider(layer);
      expect(shown.from).to.be.a('number').and.greaterThan(local(5, 1));
      expect(scope!.selection.window).to.deep.equal({ from: shown.from, to: shown.to! - 1 });
      expect([layer.from, layer.to]).to.deep.equal([formatIsoLocal(shown.from!), formatIsoLocal(shown.to!)]);
      const last = changes.events.at(-1)!.detail;
      expect([toEpoch(last.from), toEpoch(last.to)]).to.deep.equal([shown.from, shown.to! - 1]);
      // Keys: final; the drag: transient while it lasts, then final on release.
      expect(transient).to.deep.equal([false, false, true, true, false]);

      // Playback: transient steps, then the window it stopped on, for good.
      transient.length = 0;
      layer.speed = 60;
      layer.play();
      await waitFor(() => transient.length >= 2);
      layer.pause();
      await settle(mounted);
      expect(transient.slice(0, -1).every(Boolean)).to.equal(true);
      expect(transient.at(-1)).to.equal(false);
      expect(scope!.selection.window).to.deep.equal({ from: slider(layer).from, to: slider(layer).to! - 1 });
    } finally {
      changes.stop();
    }
  });

  it('changes nothing outside any scope', async () => {
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    try {
      mounted = await mountLayer(false, 'from="2024-05-01" to="2024-05-03"');
      const { map, layer } = mounted;
      expect([layer.from, layer.to]).to.deep.equal(['2024-05-01', '2024-05-03']);
      expect(shownIds(layer)).to.deep.equal(['none', 's1', 's2']);
      expect(drawn(map)).to.deep.equal({ s1: 'red', c1: 'background', s2: 'red', none: 'red' });
      track(layer).dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true, composed: true, cancelable: true }));
      await settle(mounted);
      expect([layer.from, layer.to]).to.deep.equal([null, null]);
      expect(layer.stats.shown).to.equal(4);
      expect(changes.events).to.deep.equal([]);
    } finally {
      changes.stop();
    }
  });
});
