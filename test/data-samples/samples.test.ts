import { expect } from 'chai';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import { area, booleanPointInPolygon, centroid, distance, kinks } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import { fromWgs84, toWgs84 } from '../../src/core/crs';

/** The committed samples, checked against their JSON Schemas and against the figures data-samples/README.md states. */

type Props = Record<string, unknown>;
type Collection<G extends Point | Polygon | LineString = Polygon> = FeatureCollection<G, Props>;
interface Risk {
  id: string;
  lon: number;
  lat: number;
  category: string;
  level?: string;
  likelihood?: number;
  severity?: number;
  weight?: number;
  time?: string;
  name?: string;
  grid?: string;
}
interface RawCase {
  id: string;
  stages: Record<string, string>;
  due?: Record<string, string>;
  tier?: string;
  channel?: string;
  grid?: string;
  rating?: string;
  resolved?: boolean;
  reworks?: number;
  status?: string;
  category?: string;
}
interface RawCases {
  preset: string;
  cases: RawCase[];
}

const cache = new Map<string, Promise<unknown>>();
function load<T>(path: string): Promise<T> {
  if (!cache.has(path)) {
    cache.set(
      path,
      fetch(path).then((response) => {
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return response.json();
      }),
    );
  }
  return cache.get(path)! as Promise<T>;
}
const sample = <T>(name: string) => load<T>(`/data-samples/${name}`);

const ajv = new Ajv2020({ allErrors: true });
async function validator(schema: string): Promise<ValidateFunction> {
  const id = `urn:citykit:schema:${schema}`;
  const existing = ajv.getSchema(id);
  if (existing) return existing;
  return ajv.compile(await load<object>(`/schemas/${schema}.schema.json`));
}
const errorsOf = (validate: ValidateFunction) =>
  (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath} ${e.message}`)
    .join('; ');

const LEVELS = ['district', 'street', 'community', 'grid', 'micro-grid'];
const RISK_CATEGORIES = ['gas', 'bridge', 'water-supply', 'drainage', 'heating', 'utility-tunnel', 'crowded-place', 'high-rise-fire', 'hazardous-chemicals', 'construction-site', 'flood', 'landslide', 'earthquake', 'septic-tank'];
const FACILITY_CATEGORIES = ['junior-middle-school', 'health-centre', 'elderly-care-home', 'cultural-centre', 'sports-centre', 'rail-station', 'primary-school', 'wet-market', 'bus-stop', 'sports-field', 'community-park', 'pharmacy', 'kindergarten', 'elderly-day-care', 'community-service-station', 'convenience-store', 'public-toilet', 'fitness-ground', 'children-playground', 'waste-collection'];
const STAGES: Record<string, string[]> = {
  'city-management': ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate'],
  'hotline-12345': ['accept', 'dispatch', 'handle', 'reply', 'supervise', 'complete', 'revisit', 'rate'],
};
/** The stage at which a case counts as closed. */
const CLOSING: Record<string, string> = { 'city-management': 'evaluate', 'hotline-12345': 'complete' };
const WINDOW_START = Date.parse('2026-08-03T00:00:00+08:00');
const NOW = Date.parse('2026-11-01T00:00:00+08:00');
/** Compounds the generator leaves without the category on purpose (data-samples/README.md). */
const DELIBERATE_GAPS: Record<string, [radius: number, ids: string[]]> = {
  kindergarten: [300, ['RES0002', 'RES0156', 'RES0274', 'RES0318']],
  'elderly-day-care': [300, ['RES0090', 'RES0187', 'RES0235']],
  'wet-market': [500, ['RES0047', 'RES0058']],
};

const levelOfScore = (likelihood: number, severity: number) => {
  const r = likelihood * severity;
  return r >= 20 ? 'major' : r >= 10 ? 'considerable' : r >= 4 ? 'general' : 'low';
};
const share = (part: number, whole: number) => part / whole;
const signedArea = (ring: Position[]) => {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
};
const key = (p: Position) => `${p[0]},${p[1]}`;

describe('data-samples: schemas', () => {
  const pairs: [file: string, schema: string][] = [
    ['grids.geojson', 'grids'],
    ['risks.json', 'risks'],
    ['cases-city-management.json', 'cases'],
    ['cases-hotline-12345.json', 'cases'],
    ['cases-problem-list.json', 'cases'],
    ['residences.geojson', 'residences'],
    ['residences-gcj02.geojson', 'residences'],
    ['facilities.geojson', 'facilities'],
    ['roads.geojson', 'roads'],
    ['profile-example.json', 'life-circle-profile'],
  ];
  for (const [file, schema] of pairs) {
    it(`${file} validates against schemas/${schema}.schema.json`, async () => {
      const validate = await validator(schema);
      const ok = validate(await sample(file));
      expect(ok, errorsOf(validate)).to.equal(true);
    });
  }

  const square: Position[] = [
    [106.5, 29.6],
    [106.51, 29.6],
    [106.51, 29.61],
    [106.5, 29.6],
  ];
  const polygonFeature = (properties: Props, ring: Position[] = square) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
  const collection = (...features: object[]) => ({ type: 'FeatureCollection', features });
  const point = (properties: Props, coordinates: Position = [106.5, 29.6]) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates } });
  const cases: [schema: string, what: string, value: unknown, valid: boolean][] = [
    ['grids', 'a minimal unit', collection(polygonFeature({ id: 'a', level: 'grid' })), true],
    ['grids', 'a unit without id', collection(polygonFeature({ level: 'grid' })), false],
    ['grids', 'an unknown level', collection(polygonFeature({ id: 'a', level: 'city' })), false],
    ['grids', 'a ring of three positions', collection(polygonFeature({ id: 'a', level: 'grid' }, square.slice(1))), false],
    ['grids', 'a latitude of 95°', collection(polygonFeature({ id: 'a', level: 'grid' }, [[106.5, 95], ...square.slice(1)])), false],
    ['grids', 'a point geometry', collection(point({ id: 'a', level: 'grid' })), false],
    ['risks', 'likelihood and severity only', [{ id: 1, lon: 106.5, lat: 29.6, category: 'gas', likelihood: 2, severity: 3 }], true],
    ['risks', 'neither level nor scores', [{ id: 'r', lon: 106.5, lat: 29.6, category: 'gas' }], false],
    ['risks', 'likelihood without severity', [{ id: 'r', lon: 106.5, lat: 29.6, category: 'gas', likelihood: 2 }], false],
    ['risks', 'likelihood 6', [{ id: 'r', lon: 106.5, lat: 29.6, category: 'gas', likelihood: 6, severity: 1 }], false],
    ['risks', 'a Chinese level name', [{ id: 'r', lon: 106.5, lat: 29.6, category: 'gas', level: '重大' }], false],
    ['risks', 'a negative weight', [{ id: 'r', lon: 106.5, lat: 29.6, category: 'gas', level: 'low', weight: -1 }], false],
    ['risks', 'a time that is not ISO', [{ id: 'r', lon: 106.5, lat: 29.6, category: 'gas', level: 'low', time: '2026/08/03 09:00' }], false],
    ['cases', 'raw cases without preset', { cases: [{ id: 'c', stages: { a: '2026-08-03T09:00:00+08:00' } }] }, true],
    ['cases', 'an unknown tier', { cases: [{ id: 'c', stages: { a: '2026-08-03T09:00:00+08:00' }, tier: 'huge' }] }, false],
    ['cases', 'a stage outside the preset', { preset: 'city-management', cases: [{ id: 'c', stages: { accept: '2026-08-03T09:00:00+08:00' } }] }, false],
    ['cases', 'a due outside the preset', { preset: 'hotline-12345', cases: [{ id: 'c', stages: { accept: '2026-08-03T09:00:00+08:00' }, due: { report: '2026-08-03T10:00:00+08:00' } }] }, false],
    ['cases', 'an unknown status', { cases: [{ id: 'c', stages: { a: '2026-08-03T09:00:00+08:00' }, status: 'closed' }] }, false],
    ['cases', 'aggregated counts', { stages: [{ key: 'a', count: 3, dropped: { duplicate: 1 } }] }, true],
    ['cases', 'a negative count', { stages: [{ key: 'a', count: -1 }] }, false],
    ['cases', 'stages and cases at once', { stages: [{ key: 'a', count: 1 }], cases: [] }, false],
    ['residences', 'a point residence', collection(point({ id: 'h', population: 10 })), true],
    ['residences', 'a residence without population', collection(point({ id: 'h' })), false],
    ['residences', 'a line residence', collection({ type: 'Feature', properties: { id: 'h', population: 1 }, geometry: { type: 'LineString', coordinates: square } }), false],
    ['facilities', 'a facility without category', collection(point({ id: 'f' })), false],
    ['facilities', 'a polygon facility', collection(polygonFeature({ id: 'f', category: 'pharmacy' })), false],
    ['roads', 'an unknown road kind', collection({ type: 'Feature', properties: { id: 'r', kind: 'highway' }, geometry: { type: 'LineString', coordinates: square } }), false],
    ['roads', 'a one-position line', collection({ type: 'Feature', properties: { id: 'r' }, geometry: { type: 'LineString', coordinates: [square[0]] } }), false],
    ['grid-values', 'an id → value map', { a: 1, b: null }, true],
    ['grid-values', 'an array of {id, value}', [{ id: 'a', value: 2.5 }], true],
    ['grid-values', 'a value given as text', { a: '12' }, false],
    ['grid-values', 'columns {ids, values}', { ids: ['a', 7], values: [1, null] }, true],
    ['grid-values', 'columns with a text value', { ids: ['a'], values: ['12'] }, false],
    ['grid-values', 'columns with a third field', { ids: ['a'], values: [1], extra: [] }, false],
  ];
  for (const [schema, what, value, valid] of cases) {
    it(`${schema}: ${valid ? 'accepts' : 'rejects'} ${what}`, async () => {
      const validate = await validator(schema);
      expect(validate(value), errorsOf(validate)).to.equal(valid);
    });
  }

  it('life-circle-profile: accepts the built-in GB 50180-2018 standard', async () => {
    const validate = await validator('life-circle-profile');
    expect(validate(await load('/src/life-circle/engine/standards/gb50180-2018.json')), errorsOf(validate)).to.equal(true);
  });

  it('life-circle-profile: a complete profile needs, per row, a level, a radius or a rule (not both), both labels and a confidence', async () => {
    const validate = await validator('life-circle-profile');
    const good = { key: 'kindergarten', level: 5, radius: 300, required: true, label: { 'zh-CN': '幼儿园', en: 'Kindergarten' }, confidence: 'high' };
    const profile = (row: Props) => ({ id: 'p', version: '1', levels: [{ minutes: 5, distance: 300, population: [5000, 12000] }], categories: [row] });
    expect(validate(profile(good)), errorsOf(validate)).to.equal(true);
    expect(validate(profile({ ...good, radius: null, rule: 'one-per-street' })), errorsOf(validate)).to.equal(true);
    expect(validate(profile({ ...good, rule: 'one-per-street' }))).to.equal(false);
    expect(validate(profile({ ...good, radius: undefined }))).to.equal(false);
    expect(validate(profile({ ...good, rule: 'two-per-street', radius: undefined }))).to.equal(false);
    expect(validate(profile({ ...good, level: undefined }))).to.equal(false);
    expect(validate(profile({ ...good, label: { 'zh-CN': '幼儿园' } }))).to.equal(false);
    expect(validate(profile({ ...good, confidence: 'certain' }))).to.equal(false);
    expect(validate({ ...profile(good), levels: [{ minutes: 5 }] })).to.equal(false);
  });

  it('life-circle-profile: a profile extending a built-in one may give only what changes', async () => {
    const validate = await validator('life-circle-profile');
    expect(validate({ extends: 'gb50180-2018', categories: [{ key: 'junior-middle-school', radius: 1500 }] }), errorsOf(validate)).to.equal(true);
    expect(validate({ extends: 'gb50180-2018', categories: [{ radius: 1500 }] })).to.equal(false);
    expect(validate({ extends: 'gb50180-2018', categories: [{ key: 'junior-middle-school', radius: -1 }] })).to.equal(false);
  });
});

describe('data-samples: grids', () => {
  let units: Feature<Polygon, Props>[];
  let byId: Map<string, Feature<Polygon, Props>>;
  let children: Map<string, Feature<Polygon, Props>[]>;
  before(async () => {
    units = (await sample<Collection>('grids.geojson')).features;
    byId = new Map(units.map((f) => [f.properties.id as string, f]));
    children = new Map();
    for (const f of units) {
      const parent = f.properties.parent as string | undefined;
      if (!parent) continue;
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent)!.push(f);
    }
  });

  it('has exactly 1 district, 4 streets (only F街道 subdivided), 29 communities, 320 grids, 1,579 micro-grids', () => {
    const counts: Record<string, number> = {};
    for (const f of units) counts[f.properties.level as string] = (counts[f.properties.level as string] ?? 0) + 1;
    expect(counts).to.deep.equal({ district: 1, street: 4, community: 29, grid: 320, 'micro-grid': 1579 });
    const subdivided = units.filter((f) => f.properties.level === 'street' && children.has(f.properties.id as string));
    expect(subdivided.map((f) => f.properties.name)).to.deep.equal(['F街道']);
    const villages = units.filter((f) => f.properties.level === 'community' && f.properties.kind === 'village');
    expect(villages.length).to.equal(9);
  });

  it('has unique ids; every parent exists one level up; only the district has none', () => {
    expect(byId.size).to.equal(units.length);
    for (const f of units) {
      const level = LEVELS.indexOf(f.properties.level as string);
      const parent = f.properties.parent as string | undefined;
      if (level === 0) {
        expect(parent, `${f.properties.id}`).to.equal(undefined);
        continue;
      }
      const p = byId.get(parent ?? '');
      expect(p, `parent of ${f.properties.id}`).to.not.equal(undefined);
      expect(p!.properties.level, `parent of ${f.properties.id}`).to.equal(LEVELS[level - 1]);
    }
  });

  it('marks exactly the micro-grids of villages as courtyards', () => {
    for (const f of units.filter((u) => u.properties.level === 'micro-grid')) {
      const community = byId.get(byId.get(f.properties.parent as string)!.properties.parent as string)!;
      expect(f.properties.kind === 'courtyard', `${f.properties.id}`).to.equal(community.properties.kind === 'village');
    }
  });

  it('has valid polygons: closed, counter-clockwise, no self-intersection, 6 decimals at most', () => {
    for (const f of units) {
      expect(f.geometry.type).to.equal('Polygon');
      const ring = f.geometry.coordinates[0];
      expect(key(ring[0]), `${f.properties.id} closed`).to.equal(key(ring[ring.length - 1]));
      expect(signedArea(ring), `${f.properties.id} counter-clockwise`).to.be.greaterThan(0);
      expect(kinks(f).features.length, `${f.properties.id} kinks`).to.equal(0);
      for (const p of ring) expect(Math.round(p[0] * 1e6) / 1e6 === p[0] && Math.round(p[1] * 1e6) / 1e6 === p[1], `${f.properties.id} rounding`).to.equal(true);
    }
  });

  it('tiles every parent exactly: children edges cancel pairwise and leave exactly the parent ring', () => {
    for (const [parentId, kids] of children) {
      const open = new Map<string, number>();
      for (const kid of kids) {
        const ring = kid.geometry.coordinates[0];
        for (let i = 0; i + 1 < ring.length; i++) {
          const forward = `${key(ring[i])}>${key(ring[i + 1])}`;
          const backward = `${key(ring[i + 1])}>${key(ring[i])}`;
          if ((open.get(backward) ?? 0) > 0) open.set(backward, open.get(backward)! - 1);
          else open.set(forward, (open.get(forward) ?? 0) + 1);
        }
      }
      const left = [...open].filter(([, n]) => n > 0).flatMap(([edge, n]) => Array<string>(n).fill(edge));
      const ring = byId.get(parentId)!.geometry.coordinates[0];
      const border = ring.slice(1).map((p, i) => `${key(ring[i])}>${key(p)}`);
      expect(left.sort(), `children of ${parentId}`).to.deep.equal(border.sort());
    }
  });

  it('has micro-grid areas summing to their grid area within 0.5% (and the same at every level)', () => {
    for (const [parentId, kids] of children) {
      const whole = area(byId.get(parentId)!);
      const sum = kids.reduce((s, k) => s + area(k), 0);
      expect(Math.abs(sum - whole) / whole, parentId).to.be.lessThan(0.005);
    }
  });

  it('models F street: ≈78.1 km², ≈20 km² urban core, 184,200 residents; parents sum their children', () => {
    const street = units.find((f) => f.properties.name === 'F街道')!;
    expect(area(street) / 1e6).to.be.within(77.3, 78.9);
    const core = units.filter((f) => f.properties.level === 'community' && f.properties.kind !== 'village').reduce((s, f) => s + area(f), 0) / 1e6;
    expect(core).to.be.within(18, 22);
    expect(street.properties.population).to.equal(184200);
    for (const [parentId, kids] of children) {
      const parent = byId.get(parentId)!.properties;
      for (const metric of ['households', 'population', 'events']) {
        expect(
          kids.reduce((s, k) => s + (k.properties[metric] as number), 0),
          `${parentId}.${metric}`,
        ).to.equal(parent[metric]);
      }
    }
  });

  it('has smaller units where people live densely', () => {
    const micro = units.filter((f) => f.properties.level === 'micro-grid');
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
    const urban = median(micro.filter((f) => !f.properties.kind).map((f) => area(f)));
    const rural = median(micro.filter((f) => f.properties.kind === 'courtyard').map((f) => area(f)));
    expect(rural / urban).to.be.greaterThan(8);
  });
});

describe('data-samples: risks', () => {
  let risks: Risk[];
  let grids: Map<string, Feature<Polygon, Props>>;
  before(async () => {
    risks = await sample<Risk[]>('risks.json');
    grids = new Map((await sample<Collection>('grids.geojson')).features.map((f) => [f.properties.id as string, f]));
  });

  it('has 5,000 records with unique ids, all 14 categories, inside the 90-day window', () => {
    expect(risks.length).to.equal(5000);
    expect(new Set(risks.map((r) => r.id)).size).to.equal(5000);
    expect([...new Set(risks.map((r) => r.category))].sort()).to.deep.equal([...RISK_CATEGORIES].sort());
    for (const r of risks) {
      const t = Date.parse(r.time!);
      expect(t >= WINDOW_START && t < NOW, `${r.id} ${r.time}`).to.equal(true);
    }
  });

  it('mixes explicit levels with likelihood × severity, consistently, and skews to low', () => {
    const levels: Record<string, number> = { major: 0, considerable: 0, general: 0, low: 0 };
    let levelOnly = 0;
    let scoreOnly = 0;
    for (const r of risks) {
      const hasScore = r.likelihood !== undefined && r.severity !== undefined;
      if (r.level && hasScore) expect(r.level, r.id).to.equal(levelOfScore(r.likelihood!, r.severity!));
      if (r.level && !hasScore) levelOnly++;
      if (!r.level && hasScore) scoreOnly++;
      levels[r.level ?? levelOfScore(r.likelihood!, r.severity!)]++;
    }
    expect(levelOnly).to.be.greaterThan(1000);
    expect(scoreOnly).to.be.greaterThan(1000);
    expect(levels.major).to.be.lessThan(levels.considerable);
    expect(levels.considerable).to.be.lessThan(levels.general);
    expect(levels.general).to.be.lessThan(levels.low);
    expect(share(levels.major, risks.length)).to.be.within(0.01, 0.04);
  });

  it('lies inside the grid or micro-grid it names', () => {
    for (const r of risks) {
      const unit = grids.get(r.grid!);
      expect(unit, `${r.id} grid ${r.grid}`).to.not.equal(undefined);
      expect(['grid', 'micro-grid']).to.include(unit!.properties.level);
      expect(booleanPointInPolygon([r.lon, r.lat], unit!), `${r.id} in ${r.grid}`).to.equal(true);
    }
  });
});

describe('data-samples: cases', () => {
  let sets: RawCases[];
  let grids: Map<string, Props>;
  before(async () => {
    sets = [await sample<RawCases>('cases-city-management.json'), await sample<RawCases>('cases-hotline-12345.json')];
    grids = new Map((await sample<Collection>('grids.geojson')).features.map((f) => [f.properties.id as string, f.properties]));
  });

  it('has 12,000 city-management and 8,000 hotline cases with unique ids', () => {
    expect(sets.map((s) => [s.preset, s.cases.length])).to.deep.equal([
      ['city-management', 12000],
      ['hotline-12345', 8000],
    ]);
    expect(new Set(sets.flatMap((s) => s.cases.map((c) => c.id))).size).to.equal(20000);
  });

  it('enters stages in preset order, reports from the window, and sets deadlines after entry', () => {
    for (const { preset, cases } of sets) {
      const order = STAGES[preset];
      for (const c of cases) {
        const reached = order.filter((k) => c.stages[k] !== undefined);
        expect(Object.keys(c.stages).length, c.id).to.equal(reached.length);
        const times = reached.map((k) => Date.parse(c.stages[k]));
        for (let i = 1; i < times.length; i++) expect(times[i] >= times[i - 1], `${c.id} ${reached[i]}`).to.equal(true);
        expect(times[0] >= WINDOW_START && times[0] < NOW, c.id).to.equal(true);
        expect(times[times.length - 1] <= NOW, c.id).to.equal(true);
        for (const [k, due] of Object.entries(c.due ?? {})) {
          expect(c.stages[k], `${c.id} due.${k} for a reached stage`).to.not.equal(undefined);
          expect(Date.parse(due) > Date.parse(c.stages[k]), `${c.id} due.${k}`).to.equal(true);
        }
      }
    }
  });

  it('has realistic shares: ~5% open, 8–15% overdue, 3–6% rework, ~2% void, mostly small and micro matters', () => {
    for (const { preset, cases } of sets) {
      const order = STAGES[preset];
      let open = 0;
      let overdue = 0;
      let reworked = 0;
      let voided = 0;
      let big = 0;
      for (const c of cases) {
        if (!c.status && c.stages[CLOSING[preset]] === undefined) open++;
        if (c.reworks) reworked++;
        if (c.status === 'void') voided++;
        if (c.tier === 'big') big++;
        const late = Object.entries(c.due ?? {}).some(([k, due]) => {
          const next = order.slice(order.indexOf(k) + 1).find((s) => c.stages[s] !== undefined);
          const left = next ? Date.parse(c.stages[next]) : c.status ? -Infinity : NOW;
          return left > Date.parse(due);
        });
        if (late) overdue++;
      }
      const n = cases.length;
      expect(share(open, n), `${preset} open`).to.be.within(0.02, 0.08);
      expect(share(overdue, n), `${preset} overdue`).to.be.within(0.08, 0.15);
      expect(share(reworked, n), `${preset} rework`).to.be.within(0.03, 0.06);
      expect(share(voided, n), `${preset} void`).to.be.within(0.01, 0.03);
      expect(share(big, n), `${preset} big matters`).to.be.within(0.01, 0.08);
    }
  });

  it('skips stages: self-handled cases lack dispatch; most hotline cases skip supervise', () => {
    const [cm, hl] = sets;
    const selfHandled = cm.cases.filter((c) => c.stages.dispatch === undefined && c.stages.handle !== undefined);
    expect(selfHandled.length).to.be.greaterThan(100);
    const supervised = hl.cases.filter((c) => c.stages.supervise !== undefined).length;
    expect(share(supervised, hl.cases.length)).to.be.within(0.05, 0.3);
  });

  it('rates hotline cases only once rated, with 80–95% satisfied or basically satisfied', () => {
    const [, hl] = sets;
    const rated = hl.cases.filter((c) => c.rating !== undefined);
    for (const c of rated) expect(c.stages.rate, c.id).to.not.equal(undefined);
    const happy = rated.filter((c) => c.rating !== 'dissatisfied').length;
    expect(share(happy, rated.length)).to.be.within(0.8, 0.95);
  });

  it('names grid-level units, whose events metric counts exactly their cases', () => {
    const perGrid = new Map<string, number>();
    for (const { cases } of sets) {
      for (const c of cases) {
        expect(grids.get(c.grid!)?.level, `${c.id} grid ${c.grid}`).to.equal('grid');
        perGrid.set(c.grid!, (perGrid.get(c.grid!) ?? 0) + 1);
      }
    }
    for (const [id, props] of grids) if (props.level === 'grid') expect(perGrid.get(id) ?? 0, id).to.equal(props.events);
  });
});

describe('data-samples: life circle', () => {
  let residences: Feature<Point | Polygon, Props>[];
  let facilities: Feature<Point, Props>[];
  let street: Feature<Polygon, Props>;
  before(async () => {
    residences = (await sample<FeatureCollection<Point | Polygon, Props>>('residences.geojson')).features;
    facilities = (await sample<Collection<Point>>('facilities.geojson')).features;
    street = (await sample<Collection>('grids.geojson')).features.find((f) => f.properties.name === 'F街道')!;
  });
  const positions = (f: Feature<Point | Polygon, Props>): Position[] => (f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates[0]);

  it('has 400 compounds in F street housing its 184,200 residents, points and footprints', () => {
    expect(residences.length).to.equal(400);
    expect(new Set(residences.map((f) => f.properties.id)).size).to.equal(400);
    expect(residences.reduce((s, f) => s + (f.properties.population as number), 0)).to.equal(184200);
    const types = new Set(residences.map((f) => f.geometry.type));
    expect([...types].sort()).to.deep.equal(['Point', 'Polygon']);
    for (const f of residences) expect(booleanPointInPolygon(centroid(f), street), `${f.properties.id}`).to.equal(true);
  });

  it('has a GCJ-02 copy: same records, each position the published transform of the WGS-84 one', async () => {
    const gcj = (await sample<FeatureCollection<Point | Polygon, Props>>('residences-gcj02.geojson')).features;
    expect(gcj.length).to.equal(residences.length);
    gcj.forEach((f, i) => {
      expect(f.properties).to.deep.equal(residences[i].properties);
      const wgsPositions = positions(residences[i]);
      positions(f).forEach((p, k) => {
        const expected = fromWgs84(wgsPositions[k], 'gcj02');
        expect(Math.abs(p[0] - expected[0]) <= 1e-6 && Math.abs(p[1] - expected[1]) <= 1e-6, `${f.properties.id}`).to.equal(true);
        const offset = distance(wgsPositions[k], p, { units: 'meters' });
        expect(offset, `${f.properties.id} offset`).to.be.within(300, 700);
        expect(distance(toWgs84(p, 'gcj02'), wgsPositions[k], { units: 'meters' })).to.be.lessThan(0.5);
      });
    });
  });

  it('has 1,500 facilities across all 20 categories: many shops and stops, few middle schools, one health centre', () => {
    expect(facilities.length).to.equal(1500);
    expect(new Set(facilities.map((f) => f.properties.id)).size).to.equal(1500);
    const counts: Record<string, number> = {};
    for (const f of facilities) counts[f.properties.category as string] = (counts[f.properties.category as string] ?? 0) + 1;
    expect(Object.keys(counts).sort()).to.deep.equal([...FACILITY_CATEGORIES].sort());
    expect(counts['health-centre']).to.equal(1);
    expect(counts['junior-middle-school']).to.be.within(3, 12);
    expect(counts['convenience-store']).to.equal(Math.max(...Object.values(counts)));
    expect(counts['bus-stop']).to.be.greaterThan(200);
    for (const f of facilities) expect(booleanPointInPolygon(f.geometry.coordinates, street), `${f.properties.id}`).to.equal(true);
  });

  it('leaves the documented compounds without the category within its radius', () => {
    for (const [category, [radius, ids]] of Object.entries(DELIBERATE_GAPS)) {
      const sites = facilities.filter((f) => f.properties.category === category).map((f) => f.geometry.coordinates);
      for (const id of ids) {
        const home = residences.find((f) => f.properties.id === id)!;
        const nearest = Math.min(...positions(home).flatMap((p) => sites.map((s) => distance(p, s, { units: 'meters' }))));
        expect(nearest, `${category} near ${id}`).to.be.greaterThan(radius);
      }
    }
  });
});

describe('data-samples: roads', () => {
  let roads: Feature<LineString, Props>[];
  before(async () => {
    roads = (await sample<Collection<LineString>>('roads.geojson')).features;
  });

  it('has ~10k edges with unique ids and the four kinds', () => {
    expect(roads.length).to.be.within(9500, 10500);
    expect(new Set(roads.map((f) => f.properties.id)).size).to.equal(roads.length);
    expect([...new Set(roads.map((f) => f.properties.kind))].sort()).to.deep.equal(['path', 'primary', 'residential', 'secondary']);
  });

  it('splits lines at intersections: no line passes through another line’s end', () => {
    const ends = new Set(roads.flatMap((f) => [key(f.geometry.coordinates[0]), key(f.geometry.coordinates[f.geometry.coordinates.length - 1])]));
    for (const f of roads) {
      const inner = f.geometry.coordinates.slice(1, -1);
      for (const p of inner) expect(ends.has(key(p)), `${f.properties.id} at ${key(p)}`).to.equal(false);
    }
  });

  it('is connected except for one deliberate 4-edge island', () => {
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      while (parent.get(x) !== x) {
        parent.set(x, parent.get(parent.get(x)!)!);
        x = parent.get(x)!;
      }
      return x;
    };
    const add = (x: string) => parent.has(x) || parent.set(x, x);
    for (const f of roads) {
      const a = key(f.geometry.coordinates[0]);
      const b = key(f.geometry.coordinates[f.geometry.coordinates.length - 1]);
      add(a);
      add(b);
      parent.set(find(a), find(b));
    }
    const edgesPer = new Map<string, number>();
    for (const f of roads) {
      const root = find(key(f.geometry.coordinates[0]));
      edgesPer.set(root, (edgesPer.get(root) ?? 0) + 1);
    }
    expect([...edgesPer.values()].sort((a, b) => a - b)).to.deep.equal([4, roads.length - 4]);
  });
});
