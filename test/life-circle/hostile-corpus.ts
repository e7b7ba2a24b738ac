// A hostile-input corpus for the life-circle engine and element: each entry adds bad records (or
// bad options) to the small hand-checked street of element-fixtures.ts and says which problems
// must be reported (path and severity). The valid records must come out exactly as in the clean run.
import { PROFILE, at, street } from './element-fixtures';

export const XSS = '<img src=x onerror="window.__pwned=1">';
/** 10 MB of text, built once. */
export const HUGE = 'x'.repeat(10 * 1024 * 1024);

type Data = ReturnType<typeof street>;
export type Expected = [path: string, severity: 'error' | 'warning'];

export interface HostileCase {
  name: string;
  /** Adds the bad part to a fresh copy of the valid street (records are appended after the valid ones). */
  mutate?: (data: Data) => void;
  /** Analysis options replacing the clean ones ({profile: PROFILE, level: 5}). */
  options?: Record<string, unknown>;
  /** Exactly the problems to report. */
  expect: Expected[];
  /** Ids of hostile residences that are analysed anyway (kept with a warning, or acceptable as they are). */
  kept?: string[];
  /** Ids of hostile facilities that are kept (placed where they change no valid result). */
  keptFacilities?: string[];
}

const feature = (geometry: unknown, properties: unknown) => ({ type: 'Feature', geometry, properties });
const pointAt = (x: number, y: number) => ({ type: 'Point', coordinates: at(x, y) });
const square = (x: number, y: number, size: number) => [at(x, y), at(x + size, y), at(x + size, y + size), at(x, y + size), at(x, y)];
/** ~500 km north-east: inside [lon, lat] ranges, far outside any life circle. */
const FAR = { x: 350_000, y: 350_000 };
// Hostile residences that are kept weigh 0, so the coverage numbers stay comparable with the clean run.
/** 1.2 km from any road: inside the study area, unreachable on the network, so it changes no valid result. */
const ASIDE = { x: 500, y: 1500 };

const R = 'residences.features[3]';
const F = 'facilities.features[4]';
const W = 'roads.features[2]';

const residence = (properties: Record<string, unknown>, geometry: unknown = pointAt(100, 40)) =>
  (data: Data) => void data.residences.features.push(feature(geometry, { id: 'bad', name: 'bad', population: 0, ...properties }) as never);
const facilityWith = (properties: Record<string, unknown>, geometry: unknown = pointAt(ASIDE.x, ASIDE.y)) =>
  (data: Data) => void data.facilities.features.push(feature(geometry, { id: 'badf', name: 'bad', category: 'kindergarten', ...properties }) as never);
const roadWith = (geometry: unknown) => (data: Data) => void data.roads.features.push(feature(geometry, { id: 'badr' }) as never);
const extraRow = (row: Record<string, unknown>) => ({ profile: { ...PROFILE, categories: [...PROFILE.categories, row] }, level: 5 });

/** An object whose `field` throws when read; the others are those given. */
const throwingAt = (fields: Record<string, unknown>, field: string) => {
  const object: Record<string, unknown> = { ...fields };
  Object.defineProperty(object, field, { enumerable: true, get: () => { throw new Error('hostile getter'); } });
  return object;
};
const revokedProxy = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

export const CASES: HostileCase[] = [
  // ---- residences: not a feature at all
  { name: 'residence null', mutate: (d) => void d.residences.features.push(null as never), expect: [[R, 'error']] },
  { name: 'residence array', mutate: (d) => void d.residences.features.push([1, 2] as never), expect: [[R, 'error']] },
  { name: 'residence number', mutate: (d) => void d.residences.features.push(42 as never), expect: [[R, 'error']] },
  { name: 'residence HTML string', mutate: (d) => void d.residences.features.push(XSS as never), expect: [[R, 'error']] },
  // ---- records that throw when read (a getter, a revoked proxy): skipped, never the whole input
  { name: 'residence properties getter throws', mutate: (d) => void d.residences.features.push(throwingAt({ type: 'Feature', geometry: pointAt(100, 40) }, 'properties') as never), expect: [[R, 'error']] },
  { name: 'residence name getter throws (after id and position)', mutate: (d) => void d.residences.features.push(feature(pointAt(100, 40), throwingAt({ id: 'bad', population: 10 }, 'name')) as never), expect: [[R, 'error']] },
  { name: 'residence a revoked proxy', mutate: (d) => void d.residences.features.push(revokedProxy() as never), expect: [[R, 'error']] },
  { name: 'facility geometry getter throws', mutate: (d) => void d.facilities.features.push(throwingAt({ type: 'Feature', properties: { id: 'badf', category: 'kindergarten' } }, 'geometry') as never), expect: [[F, 'error']] },
  { name: 'road geometry getter throws', mutate: (d) => void d.roads.features.push(throwingAt({ type: 'Feature', properties: {} }, 'geometry') as never), expect: [[W, 'error']] },
  { name: 'road a revoked proxy', mutate: (d) => void d.roads.features.push(revokedProxy() as never), expect: [[W, 'error']] },
  // ---- residence ids
  { name: 'properties null', mutate: (d) => void d.residences.features.push(feature(pointAt(100, 40), null) as never), expect: [[`${R}.properties.id`, 'error']] },
  { name: 'id NaN', mutate: residence({ id: NaN }), expect: [[`${R}.properties.id`, 'error']] },
  { name: 'id Infinity', mutate: residence({ id: Infinity }), expect: [[`${R}.properties.id`, 'error']] },
  { name: 'id object', mutate: residence({ id: { toString: () => 'h9' } }), expect: [[`${R}.properties.id`, 'error']] },
  { name: 'id empty', mutate: residence({ id: '' }), expect: [[`${R}.properties.id`, 'error']] },
  { name: 'id duplicate', mutate: residence({ id: 'h1' }), expect: [[`${R}.properties.id`, 'error']] },
  { name: 'id "constructor"', mutate: residence({ id: 'constructor' }), expect: [], kept: ['constructor'] },
  { name: 'id "toString"', mutate: residence({ id: 'toString' }), expect: [], kept: ['toString'] },
  // ---- residence geometry
  { name: 'geometry null', mutate: residence({}, null), expect: [[`${R}.geometry`, 'error']] },
  { name: 'geometry string', mutate: residence({}, 'POINT(1 2)'), expect: [[`${R}.geometry`, 'error']] },
  { name: 'geometry LineString', mutate: residence({}, { type: 'LineString', coordinates: [at(0, 0), at(1, 1)] }), expect: [[`${R}.geometry.type`, 'error']] },
  { name: 'coordinates NaN', mutate: residence({}, { type: 'Point', coordinates: [NaN, 29.5] }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  { name: 'coordinates Infinity', mutate: residence({}, { type: 'Point', coordinates: [Infinity, 29.5] }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  { name: 'coordinates 1e308', mutate: residence({}, { type: 'Point', coordinates: [1e308, 1e308] }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  { name: 'coordinates strings', mutate: residence({}, { type: 'Point', coordinates: ['106.5', '29.5'] }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  { name: 'coordinates one number', mutate: residence({}, { type: 'Point', coordinates: [106.5] }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  { name: 'polygon NaN outer ring', mutate: residence({}, { type: 'Polygon', coordinates: [[at(0, 0), [NaN, 29.5], at(10, 10), at(0, 0)]] }), expect: [[`${R}.geometry.coordinates[0]`, 'error']] },
  { name: 'polygon ring of 2 positions', mutate: residence({}, { type: 'Polygon', coordinates: [[at(0, 0), at(10, 0)]] }), expect: [[`${R}.geometry.coordinates[0]`, 'error']] },
  { name: 'polygon without rings', mutate: residence({}, { type: 'Polygon', coordinates: [] }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  { name: 'polygon coordinates null', mutate: residence({}, { type: 'Polygon', coordinates: null }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  {
    name: 'polygon NaN hole',
    mutate: residence({}, { type: 'Polygon', coordinates: [square(60, 40, 40), [at(70, 50), [NaN, NaN], at(80, 60), at(70, 50)]] }),
    expect: [[`${R}.geometry.coordinates[1]`, 'warning']],
    kept: ['bad'],
  },
  {
    name: 'multipolygon with a NaN hole in its second part',
    mutate: residence({}, { type: 'MultiPolygon', coordinates: [[square(60, 40, 20)], [square(90, 40, 20), [[Infinity, 0], at(95, 45), at(96, 46)]]] }),
    expect: [[`${R}.geometry.coordinates[1][1]`, 'warning']],
    kept: ['bad'],
  },
  { name: 'multipolygon with a bad part', mutate: residence({}, { type: 'MultiPolygon', coordinates: [[square(60, 40, 20)], 'nope'] }), expect: [[`${R}.geometry.coordinates[1]`, 'error']] },
  {
    name: 'self-touching ring (accepted)',
    mutate: residence({}, { type: 'Polygon', coordinates: [[at(0, 40), at(40, 40), at(20, 60), at(40, 80), at(0, 80), at(20, 60), at(0, 40)]] }),
    expect: [],
    kept: ['bad'],
  },
  { name: 'residence 500 km away', mutate: residence({}, pointAt(FAR.x, FAR.y)), expect: [[`${R}.geometry.coordinates`, 'error']] },
  { name: 'residence at (0, 0)', mutate: residence({}, { type: 'Point', coordinates: [0, 0] }), expect: [[`${R}.geometry.coordinates`, 'error']] },
  // ---- residence population and text fields
  { name: 'population NaN', mutate: residence({ population: NaN }), expect: [[`${R}.properties.population`, 'warning']], kept: ['bad'] },
  { name: 'population negative', mutate: residence({ population: -5 }), expect: [[`${R}.properties.population`, 'warning']], kept: ['bad'] },
  { name: 'population string', mutate: residence({ population: '300' }), expect: [[`${R}.properties.population`, 'warning']], kept: ['bad'] },
  { name: 'population 1e308', mutate: residence({ population: 1e308 }), expect: [[`${R}.properties.population`, 'warning']], kept: ['bad'] },
  { name: 'population Infinity', mutate: residence({ population: Infinity }), expect: [[`${R}.properties.population`, 'warning']], kept: ['bad'] },
  { name: 'name object', mutate: residence({ name: { first: 'x' } }), expect: [[`${R}.properties.name`, 'warning']], kept: ['bad'] },
  { name: 'street array', mutate: residence({ street: ['a'] }), expect: [[`${R}.properties.street`, 'warning']], kept: ['bad'] },
  { name: 'name with HTML (text, accepted)', mutate: residence({ name: XSS }), expect: [], kept: ['bad'] },
  { name: 'name of 10 MB (accepted)', mutate: residence({ name: HUGE }), expect: [], kept: ['bad'] },
  // ---- facilities
  { name: 'facility null', mutate: (d) => void d.facilities.features.push(null as never), expect: [[F, 'error']] },
  { name: 'facility array', mutate: (d) => void d.facilities.features.push([] as never), expect: [[F, 'error']] },
  { name: 'category "__proto__"', mutate: facilityWith({ category: '__proto__' }), expect: [[`${F}.properties.category`, 'error']] },
  { name: 'category "constructor"', mutate: facilityWith({ category: 'constructor' }), expect: [[`${F}.properties.category`, 'error']] },
  { name: 'category HTML', mutate: facilityWith({ category: XSS }), expect: [[`${F}.properties.category`, 'error']] },
  { name: 'category 10 MB', mutate: facilityWith({ category: HUGE }), expect: [[`${F}.properties.category`, 'error']] },
  { name: 'category number', mutate: facilityWith({ category: 5 }), expect: [[`${F}.properties.category`, 'error']] },
  { name: 'category missing', mutate: facilityWith({ category: undefined }), expect: [[`${F}.properties.category`, 'error']] },
  { name: 'facility coordinates NaN', mutate: facilityWith({}, { type: 'Point', coordinates: [106.5, NaN] }), expect: [[`${F}.geometry.coordinates`, 'error']] },
  { name: 'facility polygon', mutate: facilityWith({}, { type: 'Polygon', coordinates: [square(0, 0, 10)] }), expect: [[`${F}.geometry.type`, 'error']] },
  { name: 'facility 500 km away', mutate: facilityWith({}, pointAt(FAR.x, -FAR.y)), expect: [[`${F}.geometry.coordinates`, 'error']] },
  { name: 'facility id object', mutate: facilityWith({ id: {} }), expect: [[`${F}.properties.id`, 'warning'], [`${F}.geometry`, 'warning']], keptFacilities: ['#4'] },
  { name: 'facility id duplicate', mutate: facilityWith({ id: 'k1' }), expect: [[`${F}.properties.id`, 'warning'], [`${F}.geometry`, 'warning']], keptFacilities: ['k1#4'] },
  { name: 'facility id "__proto__"', mutate: facilityWith({ id: '__proto__' }), expect: [[`${F}.geometry`, 'warning']], keptFacilities: ['__proto__'] },
  { name: 'facility name HTML (text, accepted)', mutate: facilityWith({ name: XSS }), expect: [[`${F}.geometry`, 'warning']], keptFacilities: ['badf'] },
  // ---- roads
  { name: 'road null', mutate: (d) => void d.roads.features.push(null as never), expect: [[`${W}.geometry`, 'error']] },
  { name: 'road number', mutate: (d) => void d.roads.features.push(7 as never), expect: [[`${W}.geometry`, 'error']] },
  { name: 'road with 1 vertex', mutate: roadWith({ type: 'LineString', coordinates: [at(0, 0)] }), expect: [[`${W}.geometry.coordinates`, 'error']] },
  { name: 'road with a NaN vertex', mutate: roadWith({ type: 'LineString', coordinates: [at(0, 0), [NaN, 29.5], at(0, 100)] }), expect: [[`${W}.geometry.coordinates[1]`, 'error']] },
  { name: 'road coordinates string', mutate: roadWith({ type: 'LineString', coordinates: 'LINESTRING(0 0, 1 1)' }), expect: [[`${W}.geometry.coordinates`, 'error']] },
  { name: 'road multiline with a NaN part', mutate: roadWith({ type: 'MultiLineString', coordinates: [[at(0, 0), at(0, -50)], [at(0, 0), [0, NaN]]] }), expect: [[`${W}.geometry.coordinates[1][1]`, 'error']] },
  { name: 'road point', mutate: roadWith(pointAt(0, 0)), expect: [[`${W}.geometry.type`, 'error']] },
  { name: 'road 500 km away', mutate: roadWith({ type: 'LineString', coordinates: [at(FAR.x, 0), at(FAR.x + 500, 0)] }), expect: [[`${W}.geometry.coordinates[0]`, 'error']] },
  {
    name: 'road with one vertex 500 km away',
    mutate: roadWith({ type: 'LineString', coordinates: [at(1000, 0), at(1200, 0), at(-FAR.x, FAR.y)] }),
    expect: [[`${W}.geometry.coordinates[2]`, 'error']],
  },
  // ---- profile garbage
  {
    name: 'profile without levels or extends',
    options: { profile: { id: 'p', categories: PROFILE.categories }, level: 5 },
    expect: [['options.profile.levels', 'warning']],
  },
  { name: 'profile levels not an array', options: { profile: { ...PROFILE, levels: 'five' }, level: 5 }, expect: [['options.profile.levels', 'error']] },
  {
    name: 'profile level distance NaN',
    options: { profile: { ...PROFILE, levels: [...PROFILE.levels, { minutes: 20, distance: NaN }] }, level: 5 },
    expect: [['options.profile.levels[3].distance', 'error']],
  },
  { name: 'row radius NaN', options: extraRow({ key: 'pharmacy', level: 5, radius: NaN }), expect: [['options.profile.categories[3].radius', 'error']] },
  { name: 'row radius negative', options: extraRow({ key: 'pharmacy', level: 5, radius: -300 }), expect: [['options.profile.categories[3].radius', 'error']] },
  { name: 'row radius string', options: extraRow({ key: 'pharmacy', level: 5, radius: '300' }), expect: [['options.profile.categories[3].radius', 'error']] },
  { name: 'row radius 1e308', options: extraRow({ key: 'pharmacy', level: 5, radius: 1e308 }), expect: [['options.profile.categories[3].radius', 'error']] },
  { name: 'row level unknown', options: extraRow({ key: 'pharmacy', level: 7, radius: 300 }), expect: [['options.profile.categories[3].level', 'error']] },
  { name: 'row key "__proto__" at an unknown level', options: extraRow({ key: '__proto__', level: NaN, radius: 300 }), expect: [['options.profile.categories[3].level', 'error']] },
  { name: 'row null', options: extraRow(null as never), expect: [['options.profile.categories[3]', 'error']] },
  { name: 'row key missing', options: extraRow({ level: 5, radius: 100 }), expect: [['options.profile.categories[3].key', 'error']] },
  { name: 'row required string', options: extraRow({ key: 'pharmacy', level: 5, radius: 100, required: 'yes' }), expect: [['options.profile.categories[3].required', 'error']] },
  { name: 'extends "__proto__"', options: { profile: { ...PROFILE, extends: '__proto__' }, level: 5 }, expect: [['options.profile.extends', 'error']] },
  { name: 'extends "constructor"', options: { profile: { ...PROFILE, extends: 'constructor' }, level: 5 }, expect: [['options.profile.extends', 'error']] },
  // ---- options
  { name: 'mode "__proto__"', options: { profile: PROFILE, level: 5, mode: '__proto__' }, expect: [['options.mode', 'error']] },
  { name: 'speeds NaN', options: { profile: PROFILE, level: 5, speeds: { walk: NaN } }, expect: [['options.speeds.walk', 'error']] },
  { name: 'speeds a string', options: { profile: PROFILE, level: 5, speeds: 'fast' }, expect: [['options.speeds', 'error']] },
  { name: 'speeds negative', options: { profile: PROFILE, level: 5, speeds: { walk: -72 } }, expect: [['options.speeds.walk', 'error']] },
  { name: 'maxDistance NaN', options: { profile: PROFILE, level: 5, maxDistance: NaN }, expect: [['options.maxDistance', 'error']] },
  { name: 'snapTolerance Infinity', options: { profile: PROFILE, level: 5, snapTolerance: Infinity }, expect: [['options.snapTolerance', 'error']] },
  { name: 'snapTolerance negative', options: { profile: PROFILE, level: 5, snapTolerance: -1 }, expect: [['options.snapTolerance', 'error']] },
  { name: 'method "teleport"', options: { profile: PROFILE, level: 5, method: 'teleport' }, expect: [['options.method', 'error']] },
  { name: 'categories not an array', options: { profile: PROFILE, level: 5, categories: 5 }, expect: [['options.categories', 'error']] },
  { name: 'level "__proto__"', options: { profile: PROFILE, level: '__proto__' }, expect: [['options.level', 'error']] },
  {
    name: 'categories with "__proto__"',
    options: { profile: PROFILE, level: 5, categories: ['kindergarten', 'convenience-store', 'public-toilet', '__proto__', 'constructor'] },
    expect: [
      ['options.categories', 'error'],
      ['options.categories', 'error'],
    ],
  },
];
