/**
 * Input that throws when it is read — a getter, a proxy, a revoked proxy — set on every property of
 * every element that takes data from a page or a backend. The element never throws (no uncaught
 * error, no unhandled rejection), reports the input, and shows good data set after it. Where no
 * reader expected such input, the base element's last line catches the update and names the
 * properties it was taking in.
 */
import { expect } from 'chai';
import '../../src/map/index';
import '../../src/grid/index';
import '../../src/risk/index';
import '../../src/funnel/index';
import '../../src/life-circle/index';
import '../../src/scope/index';
import type { CityErrorDetail } from '../../src/core/events';
import { sampleGrid } from '../grid/fixtures';
import { collectUncaught } from '../helpers/index';
import { cityManagementCases } from '../funnel/element-fixtures';
import { PROFILE, street } from '../life-circle/element-fixtures';

type Element = HTMLElement & { rendered(): Promise<void>; readonly errors: CityErrorDetail[]; readonly updateComplete: Promise<boolean> };

/** Inputs that throw on any read: a getter on every field a reader might ask for, a throwing proxy, a revoked one. */
function throwingInputs(): [string, () => unknown][] {
  const boom = () => {
    throw new Error('hostile read');
  };
  const getters = () => {
    const object = {};
    for (const key of ['type', 'features', 'cases', 'stages', 'length', 'id', 'properties', 'geometry', 'levels', 'categories', 'weekdays', 'holidays', '0']) {
      Object.defineProperty(object, key, { enumerable: true, get: boom });
    }
    return object;
  };
  const proxy = () => new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
  const arrayProxy = () => new Proxy([1, 2, 3], { get: (target, key) => (key === 'length' ? 3 : boom()) });
  const revoked = () => {
    const { proxy: p, revoke } = Proxy.revocable({}, {});
    revoke();
    return p;
  };
  const collectionOfThrowing = () => ({ type: 'FeatureCollection', features: [getters(), proxy(), revoked()] });
  return [
    ['throwing getters', getters],
    ['a throwing proxy', proxy],
    ['an array proxy that throws', arrayProxy],
    ['a revoked proxy', revoked],
    ['a collection of throwing features', collectionOfThrowing],
  ];
}

interface Subject {
  tag: string;
  markup: string;
  /** The element under test inside the markup. */
  pick: (root: HTMLElement) => Element;
  /** Properties that take data. */
  properties: string[];
  /** Sets good data (after the hostile input) and says what shows it. */
  good: (el: Element) => void;
  shows: (el: Element) => unknown;
}

const inMap = (layer: string) => `<city-map style="display:block;width:300px;height:200px">${layer}</city-map>`;
const SUBJECTS: Subject[] = [
  {
    tag: 'city-grid-layer',
    markup: inMap('<city-grid-layer metric="events"></city-grid-layer>'),
    pick: (root) => root.querySelector('city-grid-layer') as unknown as Element,
    properties: ['data', 'units', 'values', 'strings'],
    good: (el) => Object.assign(el, { data: sampleGrid(), values: null, units: null, strings: undefined }),
    shows: (el) => (el as unknown as { visibleIds: string[] }).visibleIds.length > 0,
  },
  {
    tag: 'city-risk-layer',
    markup: inMap('<city-risk-layer mode="points"></city-risk-layer>'),
    pick: (root) => root.querySelector('city-risk-layer') as unknown as Element,
    properties: ['data', 'categories', 'levels', 'colorDomain', 'strings'],
    good: (el) => Object.assign(el, { data: [{ id: 'a', lon: 116, lat: 39.9, category: 'gas', level: 'major' }], categories: null, levels: null, colorDomain: null, strings: undefined }),
    shows: (el) => (el as unknown as { stats: { valid: number } }).stats.valid === 1,
  },
  {
    tag: 'city-closure-funnel',
    markup: '<city-closure-funnel preset="city-management" style="display:block;width:400px;height:300px"></city-closure-funnel>',
    pick: (root) => root.querySelector('city-closure-funnel') as unknown as Element,
    properties: ['data', 'compareData', 'stages', 'calendar', 'limits', 'filter', 'period', 'comparePeriod', 'rates', 'now', 'strings'],
    good: (el) =>
      Object.assign(el, { data: { cases: cityManagementCases() }, compareData: null, stages: undefined, calendar: undefined, limits: undefined, filter: undefined, period: undefined, comparePeriod: undefined, rates: undefined, now: undefined, strings: undefined }),
    shows: (el) => (el as unknown as { metrics: { stages: { reached: number }[] } | null }).metrics?.stages[0].reached === 100,
  },
  {
    tag: 'city-life-circle',
    markup: '<city-life-circle level="5" style="display:block;width:700px;height:420px"></city-life-circle>',
    pick: (root) => root.querySelector('city-life-circle') as unknown as Element,
    properties: ['residences', 'facilities', 'roads', 'profile', 'speeds', 'boundaries', 'hiddenCategories', 'strings'],
    good: (el) => Object.assign(el, { ...street(), profile: PROFILE, speeds: undefined, boundaries: undefined, hiddenCategories: [], strings: undefined }),
    shows: (el) => Object.keys((el as unknown as { result?: { residences: object } }).result?.residences ?? {}).length === 3,
  },
  {
    tag: 'city-scope',
    markup: '<city-scope unit="C1"></city-scope>',
    pick: (root) => root.querySelector('city-scope') as unknown as Element,
    properties: ['units', 'strings'],
    good: (el) => Object.assign(el, { units: [{ id: 'S1' }, { id: 'C1', parent: 'S1' }], strings: undefined }),
    shows: (el) => (el as unknown as { selection: { includes(id: string): boolean } }).selection.includes('C1'),
  },
  {
    tag: 'city-map',
    markup: '<city-map style="display:block;width:300px;height:200px"></city-map>',
    pick: (root) => root.querySelector('city-map') as unknown as Element,
    properties: ['center', 'zoom', 'strings'],
    good: (el) => Object.assign(el, { center: [116, 39.9], zoom: 10, strings: undefined }),
    shows: (el) => (el as unknown as { zoom: number }).zoom === 10,
  },
];

describe('every element: input that throws when read', function () {
  this.timeout(120_000);
  const uncaught = collectUncaught();

  for (const subject of SUBJECTS) {
    it(`<${subject.tag}>: ${subject.properties.join(', ')}`, async () => {
      const host = document.createElement('div');
      host.innerHTML = subject.markup;
      document.body.append(host);
      try {
        const el = subject.pick(host);
        subject.good(el);
        await el.rendered();
        for (const property of subject.properties) {
          for (const [label, make] of throwingInputs()) {
            uncaught.length = 0;
            const what = `${property} = ${label}`;
            try {
              (el as unknown as Record<string, unknown>)[property] = make();
            } catch (error) {
              uncaught.push(`setter threw: ${String(error)}`);
            }
            await Promise.race([el.rendered(), new Promise((resolve) => setTimeout(resolve, 5000))]);
            await new Promise((resolve) => setTimeout(resolve, 30));
            expect(uncaught, what).to.deep.equal([]);
            // Reported — except a string table (it overrides nothing).
            if (property !== 'strings') expect(el.errors.length, `${what}: reported`).to.be.above(0);
            subject.good(el);
            await el.rendered();
            await new Promise((resolve) => setTimeout(resolve, 30));
            expect(uncaught, `${what}, then good data`).to.deep.equal([]);
            expect(subject.shows(el), `${what}, then good data`).to.equal(true);
          }
        }
      } finally {
        host.remove();
      }
    });
  }
});
