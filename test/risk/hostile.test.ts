/**
 * Hostile-input corpus for `<city-risk-layer>` and `rollUpRisks`: over 60 bad records (every field
 * with wrong types, NaN / ±Infinity / -0 / 1e308, 10 MB strings, prototype names, HTML, times past
 * Date's range, positions out of range or swapped, records that throw when read) mixed into a fixed
 * set of valid ones, and a bad value for every attribute. For each: nothing is thrown, every problem
 * is reported with its record index and field, no HTML is injected, and what is valid is computed
 * and drawn exactly as a clean run of the valid records alone (numbers and pixels compared).
 */
import { expect } from 'chai';
import type { FeatureCollection } from 'geojson';
import '../../src/risk/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import type { CityErrorDetail } from '../../src/core/events';
import { describeValue, type ValidationIssue } from '../../src/core/validation';
import { rollUpRisks } from '../../src/risk/model/rollup';
import { canvasPixels, differingPixels, hoverAt, mount, nextFrame, project, unmount } from '../helpers/index';

const CENTER: [number, number] = [106.55, 29.56];
const HUGE = 'x'.repeat(10_000_000);
const HTML = '<img src=x onerror="window.__pwned=1">';
type Rec = Record<string, unknown>;

/** 8 × 6 spots 0.0025° apart (≥ 58 px at zoom 14): symbols never overlap. */
const slot = (k: number): [number, number] => [CENTER[0] - 0.009 + (k % 8) * 0.0025, CENTER[1] - 0.006 + Math.floor(k / 8) * 0.0025];
const LEVELS = ['low', 'general', 'considerable', 'major'];
const CATEGORIES = ['gas', 'bridge', 'flood', 'drainage'];

/** The valid records: slots 0–11, every level and a few categories, times 1–10 May 2024 (some undated). */
const VALID: Rec[] = Array.from({ length: 12 }, (_, k) => {
  const [lon, lat] = slot(k);
  return {
    id: `v${k}`,
    lon,
    lat,
    category: CATEGORIES[k % 4],
    level: LEVELS[(k * 3) % 4],
    ...(k % 5 === 4 ? {} : { time: `2024-05-${String(1 + (k % 10)).padStart(2, '0')}T0${k % 10}:00:00+08:00` }),
    ...(k % 3 === 0 ? { name: `阀井 ${k}` } : {}),
    ...(k === 2 ? { weight: 7 } : {}),
    ...(k < 6 ? { grid: k < 3 ? 'W' : 'E' } : {}),
  };
});

interface Entry {
  label: string;
  /** The record, placed at `at` (a spot it shares with a valid record when it must be skipped). */
  make: (at: [number, number], id: string) => unknown;
  /** Issue paths expected, after the record's `[index]`. */
  issues: string[];
  /** Kept records: the same record as a clean input would give it (bad optional fields removed). */
  kept?: (record: Rec) => Rec;
}

const base = (at: [number, number], id: string, extra: Rec = {}): Rec => ({ id, lon: at[0], lat: at[1], category: 'gas', level: 'major', ...extra });
const without = (...fields: string[]) => (record: Rec) => Object.fromEntries(Object.entries(record).filter(([k]) => !fields.includes(k)));
const same = (record: Rec) => record;
const throwing = (at: [number, number], id: string) => {
  const record = base(at, id);
  Object.defineProperty(record, 'lon', { enumerable: true, get: () => { throw new Error('boom'); } });
  return record;
};

/** Kept entries first (the duplicate-id entry below needs the first `__proto__`). */
const KEPT: Entry[] = [
  { label: 'id __proto__', make: (at) => base(at, '__proto__', { level: 'low' }), issues: [], kept: same },
  { label: 'id constructor', make: (at) => base(at, 'constructor', { level: 'general' }), issues: [], kept: same },
  { label: 'id toString', make: (at) => base(at, 'toString'), issues: [], kept: same },
  { label: 'id -0 (number)', make: (at) => base(at, '', { id: -0, level: 'considerable' }), issues: [], kept: same },
  { label: 'id 1e308 (number)', make: (at) => base(at, '', { id: 1e308 }), issues: [], kept: same },
  { label: 'id 10 MB', make: (at) => base(at, HUGE, { level: 'low' }), issues: [], kept: same },
  { label: 'category __proto__', make: (at, id) => base(at, id, { category: '__proto__' }), issues: [], kept: same },
  { label: 'category constructor', make: (at, id) => base(at, id, { category: 'constructor', level: 'low' }), issues: [], kept: same },
  { label: 'category toString', make: (at, id) => base(at, id, { category: 'toString', level: 'general' }), issues: [], kept: same },
  { label: 'category HTML', make: (at, id) => base(at, id, { category: HTML }), issues: [], kept: same },
  { label: 'category 10 MB', make: (at, id) => base(at, id, { category: HUGE, level: 'low' }), issues: [], kept: same },
  { label: 'name HTML', make: (at, id) => base(at, id, { name: HTML, level: 'considerable' }), issues: [], kept: same },
  { label: 'name 10 MB', make: (at, id) => base(at, id, { name: HUGE }), issues: [], kept: same },
  { label: 'name __proto__', make: (at, id) => base(at, id, { name: '__proto__', level: 'low' }), issues: [], kept: same },
  { label: 'grid __proto__', make: (at, id) => base(at, id, { grid: '__proto__' }), issues: [], kept: same },
  { label: 'grid toString', make: (at, id) => base(at, id, { grid: 'toString', level: 'general' }), issues: [], kept: same },
  { label: 'weight -0', make: (at, id) => base(at, id, { weight: -0 }), issues: [], kept: same },
  { label: 'name 42', make: (at, id) => base(at, id, { name: 42 }), issues: ['.name'], kept: without('name') },
  { label: 'name {}', make: (at, id) => base(at, id, { name: { toString: () => HTML } }), issues: ['.name'], kept: without('name') },
  { label: 'grid 42', make: (at, id) => base(at, id, { grid: 42, level: 'low' }), issues: ['.grid'], kept: without('grid') },
  { label: 'weight -1', make: (at, id) => base(at, id, { weight: -1 }), issues: ['.weight'], kept: without('weight') },
  { label: 'weight NaN', make: (at, id) => base(at, id, { weight: NaN, level: 'low' }), issues: ['.weight'], kept: without('weight') },
  { label: 'weight Infinity', make: (at, id) => base(at, id, { weight: Infinity }), issues: ['.weight'], kept: without('weight') },
  { label: 'weight 1e308', make: (at, id) => base(at, id, { weight: 1e308, level: 'general' }), issues: ['.weight'], kept: without('weight') },
  { label: 'weight "2"', make: (at, id) => base(at, id, { weight: '2' }), issues: ['.weight'], kept: without('weight') },
  { label: 'time unparsable', make: (at, id) => base(at, id, { time: 'yesterday' }), issues: ['.time'], kept: without('time') },
  { label: 'time 30 Feb', make: (at, id) => base(at, id, { time: '2024-02-30', level: 'low' }), issues: ['.time'], kept: without('time') },
  { label: 'time past Date range (epoch)', make: (at, id) => base(at, id, { time: 8.64e15 + 1 }), issues: ['.time'], kept: without('time') },
  { label: 'time past Date range (ISO)', make: (at, id) => base(at, id, { time: '+275760-09-13T00:00:00Z' }), issues: ['.time'], kept: without('time') },
  { label: 'time 10 MB', make: (at, id) => base(at, id, { time: HUGE, level: 'considerable' }), issues: ['.time'], kept: without('time') },
  { label: 'time Date object', make: (at, id) => base(at, id, { time: new Date(NaN) }), issues: ['.time'], kept: without('time') },
  { label: 'lat/lon swapped', make: (at, id) => base(at, id, { lon: at[1], lat: at[0] }), issues: ['.lat'], kept: (r) => ({ ...r, lon: r.lat, lat: r.lon }) },
  { label: 'level constructor, factors given', make: (at, id) => base(at, id, { level: 'constructor', likelihood: 2, severity: 2 }), issues: ['.level'], kept: without('level') },
  { label: 'level named, likelihood "x"', make: (at, id) => base(at, id, { level: 'low', likelihood: 'x', severity: 2 }), issues: ['.likelihood'], kept: without('likelihood', 'severity') },
];

const REJECTED: Entry[] = [
  { label: 'null record', make: () => null, issues: [''] },
  { label: 'undefined record', make: () => undefined, issues: [''] },
  { label: 'number record', make: () => 42, issues: [''] },
  { label: 'string record', make: () => HTML, issues: [''] },
  { label: 'array record', make: () => [], issues: [''] },
  { label: 'array of numbers record', make: (at) => [...at], issues: [''] },
  { label: 'boolean record', make: () => true, issues: [''] },
  { label: 'NaN record', make: () => NaN, issues: [''] },
  { label: 'throwing getter', make: throwing, issues: [''] },
  { label: 'throwing proxy', make: () => new Proxy({}, { get: () => { throw new Error('boom'); } }), issues: [''] },
  {
    label: 'JSON own __proto__ key carrying the position',
    make: (at, id) => JSON.parse(`{"id":"${id}","category":"gas","level":"major","__proto__":{"lon":${at[0]},"lat":${at[1]}}}`),
    issues: ['.lon', '.lat'],
  },
  { label: 'id missing', make: (at) => base(at, '', { id: undefined }), issues: ['.id'] },
  { label: 'id null', make: (at) => base(at, '', { id: null }), issues: ['.id'] },
  { label: 'id NaN', make: (at) => base(at, '', { id: NaN }), issues: ['.id'] },
  { label: 'id Infinity', make: (at) => base(at, '', { id: Infinity }), issues: ['.id'] },
  { label: 'id {}', make: (at) => base(at, '', { id: {} }), issues: ['.id'] },
  { label: 'id []', make: (at) => base(at, '', { id: ['a'] }), issues: ['.id'] },
  { label: 'id true', make: (at) => base(at, '', { id: true }), issues: ['.id'] },
  { label: 'id blank', make: (at) => base(at, '   '), issues: ['.id'] },
  { label: 'id __proto__ again (duplicate)', make: (at) => base(at, '__proto__'), issues: ['.id'] },
  { label: 'lon NaN', make: (at, id) => base(at, id, { lon: NaN }), issues: ['.lon'] },
  { label: 'lon Infinity', make: (at, id) => base(at, id, { lon: Infinity }), issues: ['.lon'] },
  { label: 'lon -Infinity, lat Infinity', make: (at, id) => base(at, id, { lon: -Infinity, lat: Infinity }), issues: ['.lon', '.lat'] },
  { label: 'lon as text', make: (at, id) => base(at, id, { lon: String(at[0]) }), issues: ['.lon'] },
  { label: 'lon object with valueOf', make: (at, id) => base(at, id, { lon: { valueOf: () => at[0] } }), issues: ['.lon'] },
  { label: 'lon array', make: (at, id) => base(at, id, { lon: [at[0]] }), issues: ['.lon'] },
  { label: 'lon null', make: (at, id) => base(at, id, { lon: null }), issues: ['.lon'] },
  { label: 'lon 1e308', make: (at, id) => base(at, id, { lon: 1e308 }), issues: ['.lon'] },
  { label: 'lat -1e308', make: (at, id) => base(at, id, { lat: -1e308 }), issues: ['.lat'] },
  { label: 'lon 200', make: (at, id) => base(at, id, { lon: 200 }), issues: ['.lon'] },
  { label: 'lat 95', make: (at, id) => base(at, id, { lat: 95 }), issues: ['.lat'] },
  { label: 'lat 90 (a pole: past Web Mercator)', make: (at, id) => base(at, id, { lat: 90 }), issues: ['.lat'] },
  { label: 'lat -86 (past Web Mercator)', make: (at, id) => base(at, id, { lat: -86 }), issues: ['.lat'] },
  { label: 'position 0, 0 (placeholder)', make: (at, id) => base(at, id, { lon: 0, lat: -0 }), issues: ['.lon'] },
  { label: 'category missing', make: (at, id) => base(at, id, { category: undefined }), issues: ['.category'] },
  { label: 'category 42', make: (at, id) => base(at, id, { category: 42 }), issues: ['.category'] },
  { label: 'category empty', make: (at, id) => base(at, id, { category: '' }), issues: ['.category'] },
  { label: 'category array', make: (at, id) => base(at, id, { category: ['gas'] }), issues: ['.category'] },
  { label: 'category null', make: (at, id) => base(at, id, { category: null }), issues: ['.category'] },
  { label: 'level __proto__', make: (at, id) => base(at, id, { level: '__proto__' }), issues: ['.level'] },
  { label: 'level constructor', make: (at, id) => base(at, id, { level: 'constructor' }), issues: ['.level'] },
  { label: 'level toString', make: (at, id) => base(at, id, { level: 'toString' }), issues: ['.level'] },
  { label: 'level hasOwnProperty', make: (at, id) => base(at, id, { level: 'hasOwnProperty' }), issues: ['.level'] },
  { label: 'level 42', make: (at, id) => base(at, id, { level: 42 }), issues: ['.level'] },
  { label: 'level {}', make: (at, id) => base(at, id, { level: {} }), issues: ['.level'] },
  { label: 'level array', make: (at, id) => base(at, id, { level: ['major'] }), issues: ['.level'] },
  { label: 'level true', make: (at, id) => base(at, id, { level: true }), issues: ['.level'] },
  { label: 'level 10 MB', make: (at, id) => base(at, id, { level: HUGE }), issues: ['.level'] },
  { label: 'level HTML', make: (at, id) => base(at, id, { level: HTML, name: HTML }), issues: ['.level'] },
  { label: 'no level, likelihood only', make: (at, id) => base(at, id, { level: undefined, likelihood: 3 }), issues: ['.severity'] },
  { label: 'likelihood "3"', make: (at, id) => base(at, id, { level: undefined, likelihood: '3', severity: 3 }), issues: ['.likelihood'] },
  { label: 'likelihood 3.5', make: (at, id) => base(at, id, { level: undefined, likelihood: 3.5, severity: 2 }), issues: ['.likelihood'] },
  { label: 'likelihood NaN, severity Infinity', make: (at, id) => base(at, id, { level: undefined, likelihood: NaN, severity: Infinity }), issues: ['.likelihood', '.severity'] },
  { label: 'likelihood 1e308, severity 0', make: (at, id) => base(at, id, { level: undefined, likelihood: 1e308, severity: 0 }), issues: ['.likelihood', '.severity'] },
  { label: 'likelihood -0', make: (at, id) => base(at, id, { level: undefined, likelihood: -0, severity: 1 }), issues: ['.likelihood'] },
  { label: 'neither level nor factors', make: (at, id) => base(at, id, { level: undefined }), issues: ['.level'] },
  { label: 'nested garbage', make: (at, id) => base(at, id, { level: { level: { level: 'major' } }, lon: [[at]] }), issues: ['.lon'] },
];

/** The hostile input: valid records interleaved with the corpus; the clean input: what must come out of it. */
function buildInputs() {
  const hostile: unknown[] = [];
  const clean: Rec[] = [];
  const expected: string[] = [];
  const keptIndices = new Set<number>();
  let valid = 0;
  let keptSlot = 12;
  const entries = [...KEPT, ...REJECTED];
  entries.forEach((entry, i) => {
    if (i % 5 === 0 && valid < VALID.length) {
      hostile.push(VALID[valid]);
      clean.push(VALID[valid++]);
    }
    // A skipped record sits on a valid one's spot: drawn by mistake, it would change the pixels.
    const at = entry.kept ? slot(keptSlot++) : slot(i % 12);
    const record = entry.make(at, `c${i}`);
    const index = hostile.length;
    hostile.push(record);
    expected.push(...entry.issues.map((path) => `[${index}]${path}`));
    if (entry.kept) {
      keptIndices.add(index);
      clean.push(entry.kept(record as Rec));
    }
  });
  while (valid < VALID.length) {
    hostile.push(VALID[valid]);
    clean.push(VALID[valid++]);
  }
  return { hostile, clean, expected, keptIndices };
}

const cell = (id: string, w: number, s: number, e: number, n: number, parent?: string) => ({
  type: 'Feature' as const,
  properties: { id, level: 'grid', ...(parent ? { parent } : {}) },
  geometry: { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});
/** Four grid cells over the view, three of them named like Object.prototype members. */
const GRIDS = {
  type: 'FeatureCollection' as const,
  features: [
    cell('W', 106.5, 29.5, 106.55, 29.56),
    cell('__proto__', 106.55, 29.5, 106.6, 29.56),
    cell('constructor', 106.5, 29.56, 106.55, 29.6),
    cell('toString', 106.55, 29.56, 106.6, 29.6),
    { type: 'Feature' as const, properties: { id: 'E', level: 'street' }, geometry: null },
  ],
} as FeatureCollection;
/** The same with garbage features in between. */
const DIRTY_GRIDS = {
  type: 'FeatureCollection',
  features: [
    42,
    null,
    GRIDS.features[0],
    { type: 'Feature', properties: [], geometry: null },
    GRIDS.features[1],
    { type: 'Feature', properties: { id: '__proto__', level: 'grid' }, geometry: GRIDS.features[2].geometry },
    GRIDS.features[2],
    { type: 'Feature', properties: { id: HUGE, level: 'grid' }, geometry: { type: 'Polygon', coordinates: [[[106.5, 29.5], [NaN, 29.5], [106.6, 1e308], [106.5, 29.5]]] } },
    { type: 'Feature', properties: { id: 'str', level: 'grid' }, geometry: { type: 'Polygon', coordinates: 'x' } },
    GRIDS.features[3],
    { type: 'Feature', properties: { id: 7, level: 'grid' }, geometry: { type: 'Point', coordinates: [106.55, 29.56] } },
    GRIDS.features[4],
  ],
} as unknown as FeatureCollection;
const DIRTY_GRID_ISSUES = [
  'grids.features[0]',
  'grids.features[1]',
  'grids.features[3].properties',
  'grids.features[5].properties.id',
  'grids.features[7].geometry',
  'grids.features[8].geometry',
  'grids.features[10].geometry',
];

function paintedPixels(a: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 3; i < a.length; i += 4) if (a[i] > 0) n++;
  return n;
}

interface Mounted {
  map: CityMap;
  layer: CityRiskLayer;
}

function mountLayer(attributes: string): Mounted {
  const map = mount<CityMap>(
    `<city-map style="height:100%" zoom="14" center="${CENTER.join(',')}"><city-risk-layer ${attributes}></city-risk-layer></city-map>`,
    500,
    400,
  );
  return { map, layer: map.querySelector('city-risk-layer') as CityRiskLayer };
}

async function settle(...all: Mounted[]): Promise<void> {
  for (const { map, layer } of all) {
    await layer.rendered();
    await nextFrame();
    await map.rendered();
  }
}

/** The numbers a page reads off the layer. */
const numbers = (layer: CityRiskLayer) => {
  const { valid, shown, byLevel, timeSpan } = layer.stats;
  return { valid, shown, byLevel, timeSpan, ids: layer.shownRecords.map((r) => r.id), rollUp: layer.rollUp(GRIDS, 'grid') };
};

const ATTRIBUTES = ['mode', 'hex-metric', 'crs', 'step', 'window', 'legend-position', 'color-domain', 'levels', 'from', 'to', 'speed', 'handover-zoom', 'heat-radius', 'hex-radius'];
/** Bad values for every attribute, one batch per kind of badness. `categories` takes any text, so it is tested on its own. */
const ATTRIBUTE_BATCHES: Record<string, string>[] = [
  { mode: 'spiral', 'hex-metric': 'sum', crs: 'wgs-84', step: 'month', window: 'a while', 'legend-position': 'middle', 'color-domain': 'a,b', levels: 'extreme', from: 'last tuesday', to: '2024-02-30', speed: 'fast', 'handover-zoom': 'NaN', 'heat-radius': 'Infinity', 'hex-radius': 'abc' },
  { mode: '__proto__', 'hex-metric': 'constructor', crs: 'toString', step: 'toString', window: '__proto__', 'legend-position': 'valueOf', 'color-domain': '10,1', levels: '__proto__,constructor', from: '__proto__', to: 'toString', speed: '-0', 'handover-zoom': '25', 'heat-radius': '0', 'hex-radius': '-5' },
  { mode: HUGE, 'hex-metric': HUGE, crs: HUGE, step: HUGE, window: HUGE, 'legend-position': HUGE, 'color-domain': HUGE, levels: HUGE, from: HUGE, to: HUGE, speed: HUGE, 'handover-zoom': HUGE, 'heat-radius': HUGE, 'hex-radius': HUGE },
  { mode: HTML, 'hex-metric': HTML, crs: 'WGS84', step: 'Day', window: '99999999d', 'legend-position': HTML, 'color-domain': '1e309,1e310', levels: HTML, from: '+275760-09-13T00:00:00Z', to: '2024-05-01T25:00', speed: '1e999', 'handover-zoom': '1e308', 'heat-radius': '101', 'hex-radius': '1e308' },
];

describe('<city-risk-layer> against a hostile corpus', function () {
  this.timeout(120_000);
  const uncaught: string[] = [];
  const onError = (event: ErrorEvent) => uncaught.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => uncaught.push(`unhandledrejection: ${String(event.reason)}`);
  const { hostile, clean, expected, keptIndices } = buildInputs();
  let reference: Mounted;
  let attacked: Mounted;
  let dataReport: CityErrorDetail | null = null;

  before(async () => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    reference = mountLayer('mode="points"');
    attacked = mountLayer('mode="points"');
    attacked.layer.addEventListener('city-error', (e) => {
      if (e.detail.code === 'invalid-data') dataReport = e.detail;
    });
    reference.layer.data = clean;
    attacked.layer.data = hostile;
    await settle(reference, attacked);
  });

  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    unmount(reference?.map);
    unmount(attacked?.map);
  });

  afterEach(() => {
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
    expect((window as unknown as { __pwned?: number }).__pwned, 'window.__pwned').to.equal(undefined);
    expect(document.querySelectorAll('img').length, 'no element from data in the page').to.equal(0);
  });

  it('has a corpus of 50+ bad records around 12 valid ones', () => {
    expect(KEPT.length + REJECTED.length).to.be.at.least(80);
    expect(REJECTED.length).to.be.at.least(50);
    expect(hostile.length).to.equal(VALID.length + KEPT.length + REJECTED.length);
    expect(clean.length).to.equal(VALID.length + KEPT.length);
    // The clean run itself reports nothing: it is the reference.
    expect(reference.layer.errors).to.deep.equal([]);
  });

  it('reports every bad record with its index and field, and only those', () => {
    expect(dataReport, 'city-error fired').to.not.equal(null);
    expect(dataReport!.issues.map((i) => i.path)).to.deep.equal(expected);
    expect(dataReport!.severity).to.equal('error');
    // Skipped records are errors; kept ones with a dropped or fixed field are warnings.
    for (const issue of dataReport!.issues) {
      const index = Number(/^\[(\d+)\]/.exec(issue.path)![1]);
      expect(issue.severity, issue.path).to.equal(keptIndices.has(index) ? 'warning' : 'error');
      // A 10 MB value never reaches a message whole.
      expect(issue.message.length, issue.path).to.be.below(300);
    }
    const panel = attacked.layer.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.textContent).to.contain(expected[0]);
  });

  it('computes the same numbers as the clean run (counts, levels, time span, shown records, roll-up)', () => {
    const got = numbers(attacked.layer);
    const want = numbers(reference.layer);
    expect(attacked.layer.stats.total).to.equal(hostile.length);
    expect(got).to.deep.equal(want);
    expect(want.valid).to.equal(clean.length);
    expect(Object.keys(want.rollUp)).to.deep.equal(['W', '__proto__', 'constructor', 'toString']);
    expect(Object.values(want.rollUp).reduce((sum, unit) => sum + unit.major + unit.considerable + unit.general + unit.low, 0)).to.equal(clean.length);
  });

  it('draws exactly the clean run’s pixels in points, heat and hex modes and in a time window', async () => {
    for (const [name, value] of [['mode', 'points'], ['mode', 'heat'], ['mode', 'hex'], ['mode', 'points'], ['from', '2024-05-03'], ['to', '2024-05-08']]) {
      reference.layer.setAttribute(name, value);
      attacked.layer.setAttribute(name, value);
      await settle(reference, attacked);
      const want = canvasPixels(reference.map);
      expect(paintedPixels(want), `${name}=${value}: something drawn`).to.be.greaterThan(300);
      expect(differingPixels(canvasPixels(attacked.map), want), `${name}=${value}`).to.equal(0);
      expect(numbers(attacked.layer), `${name}=${value}`).to.deep.equal(numbers(reference.layer));
    }
    expect(reference.layer.stats.shown).to.be.within(1, clean.length - 1);
    for (const mounted of [reference, attacked]) {
      mounted.layer.removeAttribute('from');
      mounted.layer.removeAttribute('to');
    }
    await settle(reference, attacked);
  });

  it('shows HTML and 10 MB names as (clipped) text in the tooltip, never as elements', async () => {
    const { map, layer } = attacked;
    const htmlAt = slot(12 + KEPT.findIndex((e) => e.label === 'name HTML'));
    await hoverAt(map, ...project(map, htmlAt));
    await layer.updateComplete;
    const tooltip = layer.shadowRoot!.querySelector('[part="tooltip"]')!;
    expect(tooltip.querySelector('.title')!.textContent).to.equal(HTML);
    const hugeAt = slot(12 + KEPT.findIndex((e) => e.label === 'name 10 MB'));
    await hoverAt(map, ...project(map, hugeAt));
    await layer.updateComplete;
    const title = layer.shadowRoot!.querySelector('[part="tooltip"] .title')!.textContent!;
    expect(title).to.equal(`${HUGE.slice(0, 200)}…`);
    const categoryAt = slot(12 + KEPT.findIndex((e) => e.label === 'category HTML'));
    await hoverAt(map, ...project(map, categoryAt));
    await layer.updateComplete;
    expect([...layer.shadowRoot!.querySelectorAll('[part="tooltip"] .line')][0].textContent).to.equal(`类别：${HTML}`);
    expect(layer.shadowRoot!.querySelectorAll('img').length, 'no element from data').to.equal(0);
    await hoverAt(map, 2, 2);
  });

  it('reports a bad value of every attribute, naming it, and draws as with no attributes; removing them clears the report', async () => {
    for (const mounted of [reference, attacked]) mounted.layer.removeAttribute('mode');
    await settle(reference, attacked);
    const want = canvasPixels(reference.map);
    const wantNumbers = numbers(reference.layer);
    const attributeIssues = () => attacked.layer.errors.flatMap((e) => e.issues).filter((i) => ATTRIBUTES.includes(i.path));
    for (const batch of ATTRIBUTE_BATCHES) {
      const label = batch.mode.slice(0, 20);
      const events: CityErrorDetail[] = [];
      const listen = (e: CustomEvent<CityErrorDetail>) => events.push(e.detail);
      attacked.layer.addEventListener('city-error', listen);
      for (const [name, value] of Object.entries(batch)) attacked.layer.setAttribute(name, value);
      await settle(attacked);
      attacked.layer.removeEventListener('city-error', listen);
      const report = events.at(-1)!;
      expect(report.severity, label).to.equal('warning');
      const paths = report.issues.map((i) => i.path);
      // `levels` lists each unknown name.
      expect([...new Set(paths)], label).to.deep.equal(ATTRIBUTES);
      for (const issue of report.issues) expect(issue.message.length, `${label} ${issue.path}`).to.be.below(300);
      expect(differingPixels(canvasPixels(attacked.map), want), label).to.equal(0);
      expect(numbers(attacked.layer), label).to.deep.equal(wantNumbers);
      expect(attacked.layer.shadowRoot!.querySelectorAll('img').length, label).to.equal(0);
      for (const name of Object.keys(batch)) attacked.layer.removeAttribute(name);
      await settle(attacked);
      expect(attributeIssues(), `${label}: removed`).to.deep.equal([]);
      expect(differingPixels(canvasPixels(attacked.map), want), `${label}: removed`).to.equal(0);
    }
  });

  it('reports a reversed time window and shows the span between its ends', async () => {
    reference.layer.setAttribute('mode', 'points');
    attacked.layer.setAttribute('mode', 'points');
    reference.layer.setAttribute('from', '2024-05-03');
    reference.layer.setAttribute('to', '2024-05-08');
    attacked.layer.setAttribute('from', '2024-05-08');
    attacked.layer.setAttribute('to', '2024-05-03');
    await settle(reference, attacked);
    const issues = attacked.layer.errors.flatMap((e) => e.issues).filter((i) => ATTRIBUTES.includes(i.path));
    expect(issues.map((i) => [i.path, i.severity, i.message])).to.deep.equal([
      ['from', 'warning', 'from: "2024-05-08" is after to "2024-05-03"; the window between them is shown'],
    ]);
    expect(reference.layer.stats.shown).to.be.within(1, clean.length - 1);
    expect(numbers(attacked.layer)).to.deep.equal(numbers(reference.layer));
    expect(differingPixels(canvasPixels(attacked.map), canvasPixels(reference.map))).to.equal(0);
    const slider = attacked.layer.shadowRoot!.querySelector('city-time-slider') as unknown as { from: number; to: number };
    expect([slider.from, slider.to]).to.deep.equal([new Date(2024, 4, 3).getTime(), new Date(2024, 4, 8).getTime()]);
    for (const mounted of [reference, attacked]) {
      mounted.layer.removeAttribute('from');
      mounted.layer.removeAttribute('to');
    }
    await settle(reference, attacked);
    expect(attacked.layer.errors.flatMap((e) => e.issues).filter((i) => ATTRIBUTES.includes(i.path))).to.deep.equal([]);
  });

  it('takes prototype names in `categories` and `levels` literally (Set / list membership, no lookups)', async () => {
    attacked.layer.setAttribute('categories', '__proto__,constructor,toString');
    await settle(attacked);
    expect(attacked.layer.shownRecords.map((r) => r.category).sort()).to.deep.equal(['__proto__', 'constructor', 'toString']);
    attacked.layer.setAttribute('levels', '__proto__');
    await settle(attacked);
    expect(attacked.layer.errors.flatMap((e) => e.issues).filter((i) => i.path === 'levels').map((i) => i.message)).to.deep.equal([
      'levels: unknown value "__proto__" (expected major | considerable | general | low)',
    ]);
    expect(attacked.layer.stats.shown, 'an unknown level filters nothing').to.equal(3);
    attacked.layer.removeAttribute('categories');
    attacked.layer.removeAttribute('levels');
    await settle(attacked);
    expect(attacked.layer.stats.shown).to.equal(clean.length);
  });

  it('rolls up the hostile records on dirty grids exactly as the clean records on clean grids, and reports', () => {
    const issues: ValidationIssue[] = [];
    const got = rollUpRisks(hostile, DIRTY_GRIDS, 'grid', { issues });
    const want = rollUpRisks(clean, GRIDS, 'grid');
    expect(got).to.deep.equal(want);
    expect(Object.keys(want)).to.deep.equal(['W', '__proto__', 'constructor', 'toString']);
    expect(issues.map((i) => i.path)).to.deep.equal([...expected.map((p) => `records${p}`), ...DIRTY_GRID_ISSUES]);
    // The element's roll-up: same numbers, and the bad grids reported.
    expect(attacked.layer.rollUp(DIRTY_GRIDS, 'grid')).to.deep.equal(reference.layer.rollUp(GRIDS, 'grid'));
    const gridReport = attacked.layer.errors.find((e) => e.issues.some((i) => i.path.startsWith('grids.')))!;
    expect(gridReport.issues.map((i) => i.path)).to.deep.equal(DIRTY_GRID_ISSUES);
    // Garbage in every argument: a result, never a throw.
    const garbage: unknown[] = [42, null, undefined, 'x', [], {}, { features: 42 }, { features: [42] }, NaN, HUGE];
    for (const value of garbage) {
      expect(() => rollUpRisks(value as never, value as never, value as never, value as never), String(value).slice(0, 20)).to.not.throw();
      expect(() => attacked.layer.rollUp(value as never, value as never, value as never), String(value).slice(0, 20)).to.not.throw();
    }
    expect(Object.keys(rollUpRisks(hostile, { features: 42 } as never, 'grid'))).to.deep.equal([]);
  });

  it('draws hexagons for data spanning the world (one record far away) instead of stalling the GPU, and says so', async () => {
    const { layer, map } = attacked;
    layer.setAttribute('mode', 'hex');
    layer.data = [...VALID, { id: 'far', lon: -179, lat: -80, category: 'gas', level: 'low' }];
    await settle(attacked);
    expect(paintedPixels(canvasPixels(map))).to.be.greaterThan(1000);
    const note = layer.errors.flatMap((e) => e.issues).find((i) => i.path === 'hex-radius')!;
    expect(note.severity).to.equal('warning');
    expect(note.message).to.match(/^hex-radius: 300 m needs too many hexagons over this data's extent; \d+ m is used$/);
    layer.setAttribute('mode', 'points');
    layer.data = hostile;
    await settle(attacked);
    expect(layer.errors.flatMap((e) => e.issues).filter((i) => i.path === 'hex-radius')).to.deep.equal([]);
  });

  it('returns to the defaults, with no warning, when good mode, crs, step and window are removed', async () => {
    const fresh = mountLayer('');
    try {
      fresh.layer.data = clean;
      await settle(fresh);
      const want = { pixels: canvasPixels(fresh.map), numbers: numbers(fresh.layer) };
      const good: Record<string, string> = { mode: 'hex', crs: 'gcj02', step: 'week', window: '14d' };
      for (const [name, value] of Object.entries(good)) fresh.layer.setAttribute(name, value);
      await settle(fresh);
      expect(fresh.layer.errors, 'good values').to.deep.equal([]);
      expect(differingPixels(canvasPixels(fresh.map), want.pixels), 'hex in GCJ-02 draws otherwise').to.be.greaterThan(0);
      for (const name of Object.keys(good)) {
        fresh.layer.removeAttribute(name);
        await settle(fresh);
        expect(fresh.layer.errors, `${name} removed`).to.deep.equal([]);
      }
      expect(differingPixels(canvasPixels(fresh.map), want.pixels)).to.equal(0);
      expect(numbers(fresh.layer)).to.deep.equal(want.numbers);
    } finally {
      unmount(fresh.map);
    }
  });

  it('survives data that is not an array, and keeps reporting instead of throwing', async () => {
    const { layer } = attacked;
    for (const data of [42, 'x', { length: 3 }, { 0: VALID[0] }, HUGE, NaN, true]) {
      layer.data = data;
      await settle(attacked);
      expect(layer.stats.valid, String(data).slice(0, 20)).to.equal(0);
      const whole = layer.errors.flatMap((e) => e.issues).filter((i) => i.path === '');
      expect(whole.map((i) => i.message), String(data).slice(0, 20)).to.deep.equal([`Risk data must be an array of records, got ${describeValue(data)}`]);
    }
    layer.data = hostile;
    await settle(attacked);
    expect(numbers(layer)).to.deep.equal(numbers(reference.layer));
  });
});
