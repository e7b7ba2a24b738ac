import { expect } from 'chai';
import '../../src/map/index';
import './test-layer';
import type { CityMap } from '../../src/map/city-map';
import type { LonLatBounds } from '../../src/map/map-context';

const TEN_MB = 10 * 1024 * 1024;
const injection = '<img src=x onerror="window.__hostileRan=1">';

/** [attribute, bad value]: every one must be reported as a warning naming the attribute and change nothing drawn. */
function badAttributeValues(): [string, string][] {
  const huge = 'x'.repeat(TEN_MB);
  const hugeDigits = '9'.repeat(TEN_MB);
  const hugeList = '1,'.repeat(TEN_MB / 2);
  const values: [string, string[]][] = [
    ['center', ['NaN,NaN', 'Infinity,0', '0,-Infinity', '1e308,1e308', '-1e308,0', '181,0', '0,86', '0,-90', 'abc', '1', '1,2,3', '116.4;39.9', '__proto__', 'constructor', injection, ' , ', huge, hugeList, '[116,39]']],
    ['zoom', ['NaN', 'Infinity', '-Infinity', '1e308', '-1', '21', 'abc', '12px', '__proto__', injection, ' ', hugeDigits]],
    ['pitch', ['NaN', '-10', '90', '1e308', 'Infinity', 'tilted']],
    ['bearing', ['NaN', '361', '-1e308', 'Infinity', 'north']],
    ['min-zoom', ['NaN', '-5', '99', 'abc']],
    ['max-zoom', ['Infinity', '-1', '1e308', 'abc']],
    ['crs', ['foo', '__proto__', 'constructor', 'toString', 'WGS84', injection, huge]],
    ['basemap', ['not a template', 'javascript:alert(1)//{z}/{x}/{y}', 'http://tiles.example/{z}/{x}', 'ftp://tiles.example/{z}/{x}/{y}.png', '__proto__', injection, huge, `http://tiles.example/${huge}/{z}/{x}/{y}.png`]],
  ];
  return values.flatMap(([attribute, list]) => list.map((value): [string, string] => [attribute, value]));
}

/** Garbage a script might pass to the map's methods and properties. */
function badCalls(map: CityMap): [string, () => unknown][] {
  const anyMap = map as unknown as Record<string, unknown> & { fitBounds(b: unknown, o?: unknown): void; zoomBy(d: unknown): void };
  return [
    ['fitBounds(NaN…)', () => anyMap.fitBounds([Number.NaN, 0, 1, 1])],
    ['fitBounds(string)', () => anyMap.fitBounds('116,39,117,40')],
    ['fitBounds(null)', () => anyMap.fitBounds(null)],
    ['fitBounds(undefined)', () => anyMap.fitBounds(undefined)],
    ['fitBounds({})', () => anyMap.fitBounds({})],
    ['fitBounds(3 numbers)', () => anyMap.fitBounds([1, 2, 3])],
    ['fitBounds(1e308)', () => anyMap.fitBounds([0, 0, 1e308, 1])],
    ['fitBounds(inverted)', () => anyMap.fitBounds([10, 10, 0, 0])],
    ['fitBounds(lat 95)', () => anyMap.fitBounds([0, 0, 1, 95])],
    ['fitBounds(strings)', () => anyMap.fitBounds(['0', '0', '1', '1'])],
    ['fitBounds(garbage options)', () => anyMap.fitBounds([Number.NaN, 0, 1, 1], { padding: Number.NaN, maxZoom: Infinity, duration: '__proto__' })],
    ['fitBounds(options __proto__)', () => anyMap.fitBounds([Infinity, 0, 1, 1], JSON.parse('{"__proto__": {"padding": 1}}'))],
    ['zoomBy(NaN)', () => anyMap.zoomBy(Number.NaN)],
    ['zoomBy(Infinity)', () => anyMap.zoomBy(Infinity)],
    ['zoomBy(string)', () => anyMap.zoomBy('2')],
  ];
}

/** Bad values set as properties by a script: [attribute named in the warning, setter]. */
const badProperties: [string, (map: CityMap) => void][] = [
  ['center', (map) => ((map as unknown as { center: unknown }).center = [Number.NaN, 1])],
  ['center', (map) => ((map as unknown as { center: unknown }).center = 'garbage')],
  ['zoom', (map) => (map.zoom = Number.NaN)],
  ['zoom', (map) => (map.zoom = 1e308)],
  ['pitch', (map) => (map.pitch = Infinity)],
  ['bearing', (map) => ((map as unknown as { bearing: unknown }).bearing = { valueOf: () => 3 })],
  ['crs', (map) => ((map as unknown as { crs: unknown }).crs = '__proto__')],
  ['basemap', (map) => ((map as unknown as { basemap: unknown }).basemap = 42)],
];

async function picture(map: CityMap): Promise<Uint8ClampedArray> {
  const bitmap = await createImageBitmap(await map.toImage());
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
}

function samePixels(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const warningsFor = (map: CityMap, attribute: string) =>
  map.errors.filter((e) => e.severity === 'warning').flatMap((e) => e.issues.filter((issue) => issue.path === attribute));

describe('<city-map> under hostile input', () => {
  let host: HTMLElement;
  let reference: CityMap;
  let map: CityMap;
  const uncaught: string[] = [];
  const onError = (event: ErrorEvent) => uncaught.push(event.message);
  const onRejection = (event: PromiseRejectionEvent) => uncaught.push(String(event.reason));

  beforeEach(async () => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    uncaught.length = 0;
    host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;width:820px;height:300px;display:flex;gap:20px';
    host.innerHTML = `
      <city-map id="reference" style="width:400px;height:300px"><test-square-layer></test-square-layer></city-map>
      <city-map id="subject" style="width:400px;height:300px"><test-square-layer></test-square-layer></city-map>`;
    document.body.append(host);
    reference = host.querySelector<CityMap>('#reference')!;
    map = host.querySelector<CityMap>('#subject')!;
    await Promise.all([reference.rendered(), map.rendered()]);
  });

  afterEach(() => {
    host.remove();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });

  it('reports every bad attribute value as a warning naming the attribute, ignores it, and forgets it once removed', async function () {
    this.timeout(180000);
    const cases = badAttributeValues();
    expect(cases.length).to.be.at.least(60);
    const expected = await picture(reference);
    expect(samePixels(await picture(map), expected), 'same picture before any bad input').to.equal(true);
    for (const [n, [attribute, value]] of cases.entries()) {
      const label = `${attribute}=${value.slice(0, 40)}`;
      map.setAttribute(attribute, value);
      await map.updateComplete;
      const warnings = warningsFor(map, attribute);
      expect(warnings.length, `${label}: one warning`).to.equal(1);
      expect(warnings[0].message, label).to.match(new RegExp(`^${attribute}: unknown value `));
      expect(warnings[0].message.length, `${label}: the warning quotes a bounded excerpt`).to.be.below(300);
      expect(map.viewState, `${label}: view unchanged`).to.deep.equal(reference.viewState);
      expect(map.crs, label).to.equal('wgs84');
      expect((map.deck?.props.layers as { id: string }[] | undefined)?.some((l) => l.id === 'city-basemap') ?? false, `${label}: no basemap`).to.equal(false);
      if (n % 8 === 0) {
        await map.rendered();
        expect(samePixels(await picture(map), expected), `${label}: same picture as the reference`).to.equal(true);
      }
      map.removeAttribute(attribute);
      await map.updateComplete;
      expect(warningsFor(map, attribute), `${label}: removed, no lasting warning`).to.deep.equal([]);
    }
    expect(map.errors, 'no report left').to.deep.equal([]);
    // Several bad attributes at once: one warning each, in one report; fixing one keeps the others.
    map.setAttribute('zoom', 'NaN');
    map.setAttribute('crs', '__proto__');
    map.setAttribute('basemap', injection);
    await map.updateComplete;
    expect(map.errors.length).to.equal(1);
    expect(map.errors[0].issues.map((i) => i.path).sort()).to.deep.equal(['basemap', 'crs', 'zoom']);
    map.setAttribute('crs', 'gcj02');
    await map.updateComplete;
    expect(map.errors[0].issues.map((i) => i.path).sort()).to.deep.equal(['basemap', 'zoom']);
    expect(map.crs).to.equal('gcj02');
    const panel = map.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.getAttribute('data-severity')).to.equal('warning');
    expect(map.shadowRoot!.querySelectorAll('img, [onerror]').length, 'no HTML injected').to.equal(0);
    expect((window as unknown as { __hostileRan?: number }).__hostileRan).to.equal(undefined);
    expect(uncaught).to.deep.equal([]);
  });

  it('ignores bad calls and bad property values without throwing, and still draws exactly like the reference', async function () {
    this.timeout(120000);
    const expected = await picture(reference);
    const calls = badCalls(map);
    for (const [label, call] of calls) {
      expect(call, label).to.not.throw();
      expect(map.viewState, label).to.deep.equal(reference.viewState);
    }
    for (const [attribute, set] of badProperties) {
      set(map);
      await map.updateComplete;
      expect(warningsFor(map, attribute).length, `property ${attribute}: warned`).to.equal(1);
      expect(map.viewState, `property ${attribute}: view unchanged`).to.deep.equal(reference.viewState);
    }
    expect(map.crs).to.equal('wgs84');
    await new Promise((r) => setTimeout(r, 400)); // any (wrongly) started transition would be over
    await map.rendered();
    expect(map.viewState).to.deep.equal(reference.viewState);
    expect(samePixels(await picture(map), expected), 'same picture as the reference').to.equal(true);
    expect(calls.length + badProperties.length + badAttributeValues().length).to.be.at.least(80);
    expect(uncaught).to.deep.equal([]);
  });

  it('keeps a good view attribute valid next to a bad one, and a removed one returns to the default', async () => {
    map.setAttribute('zoom', '11');
    map.setAttribute('pitch', '1e308');
    await map.updateComplete;
    expect(map.viewState.zoom).to.equal(11);
    expect(map.viewState.pitch).to.equal(0);
    expect(warningsFor(map, 'pitch').length).to.equal(1);
    expect(warningsFor(map, 'zoom')).to.deep.equal([]);
    map.removeAttribute('pitch');
    map.setAttribute('center', '116.02,39.91');
    map.setAttribute('crs', 'bd09');
    await map.updateComplete;
    expect(map.errors).to.deep.equal([]);
    expect([map.viewState.longitude, map.viewState.latitude]).to.deep.equal([116.02, 39.91]);
    map.removeAttribute('crs');
    await map.updateComplete;
    expect(map.crs).to.equal('wgs84');
    const bounds: LonLatBounds = [116, 39.9, 116.04, 39.92];
    map.fitBounds(bounds, { duration: 0, padding: Number.NaN } as never);
    expect(map.viewState.longitude).to.be.closeTo(reference.viewState.longitude, 1e-9);
    expect(map.viewState.zoom).to.be.closeTo(reference.viewState.zoom, 1e-9); // NaN padding: the default padding
  });
});
