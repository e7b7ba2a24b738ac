/**
 * Generates CityKit's synthetic, seeded sample data (same seed → same bytes).
 *
 *   npx tsx data-samples/generate.ts                    # the committed F-street samples (npm run samples)
 *   npx tsx data-samples/generate.ts --scale megacity   # benchmark data in data-samples/megacity/
 *   npx tsx data-samples/generate.ts --scale province   # ≈1M micro-grids and 10M cases, into PostgreSQL
 *   options: --seed N (default 20261031), --out DIR
 *   province options: --database URL (else the PG* environment variables), --micro N, --cases N
 *
 * No real boundaries: every unit is cut from a warped synthetic lattice near Chongqing.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crsTransform } from '../src/core/crs';
import { generateCases, type CaseStats, type Preset } from './lib-cases';
import { buildHierarchy, rollUp, type DistrictPlan, type Hierarchy, type StreetPlan, type Unit } from './lib-hierarchy';
import { Lattice, buildAxis, round6, type BandSpec } from './lib-lattice';
import { buildCompounds, facilityCounts, placeFacilities, type Compound } from './lib-life';
import { DISTRICT_WORDS, STREET_WORDS, distinctNames } from './lib-names';
import { allocate, rngFor } from './lib-random';
import { generateRisks } from './lib-risks';
import { loadProvince } from './lib-province';
import { buildRoads, type RoadParams } from './lib-roads';
import { FEATURE_COLLECTION_HEAD, FEATURE_COLLECTION_TAIL, JsonArrayWriter, featureJson } from './lib-write';

interface Scale {
  name: 'sample' | 'megacity';
  origin: [number, number];
  cols: BandSpec[];
  rows: BandSpec[];
  districts: DistrictPlan[];
  risks: number;
  cases: Record<Preset, number>;
  /** Cases per output file; beyond it, files are sharded as name.partN.json. */
  shard: number | null;
  compounds: number;
  facilities: number | null;
  roads: RoadParams;
}

const F_STREET = {
  /** DOMAIN.md seed figures: 184,200 residents, 86.4% urbanised; 29 communities, 320 grids, 1,579 micro-grids. */
  population: [159149, 25051] as [number, number],
  communities: [20, 9] as [number, number],
  grids: [282, 38] as [number, number],
  micro: [1349, 230] as [number, number],
};

const CORE_SPACING: [number, number] = [55, 95];

function sampleScale(): Scale {
  const street = (name: string, col: number, row: number, population: number): StreetPlan => ({
    name,
    col,
    row,
    subdivided: false,
    communities: [0, 0],
    grids: [0, 0],
    micro: [0, 0],
    population: [population, 0],
  });
  return {
    name: 'sample',
    origin: [106.4, 29.62],
    // F street ≈ 10.55 km × 7.4 km ≈ 78 km² with a ≈ 20 km² core; the siblings are coarse.
    cols: [
      { length: 10480, core: [0.27, 0.74], coreSpacing: CORE_SPACING, ruralSpacing: 300 },
      { length: 6000, core: null, coreSpacing: CORE_SPACING, ruralSpacing: 600 },
    ],
    rows: [
      { length: 7400, core: [0.22, 0.76], coreSpacing: CORE_SPACING, ruralSpacing: 300 },
      { length: 5000, core: null, coreSpacing: CORE_SPACING, ruralSpacing: 600 },
    ],
    districts: [
      {
        name: '嘉岭区',
        streets: [
          { name: 'F街道', col: 0, row: 0, subdivided: true, ...F_STREET },
          street('青枫街道', 1, 0, 126400),
          street('石门街道', 0, 1, 98300),
          street('玉带街道', 1, 1, 73500),
        ],
      },
    ],
    risks: 5000,
    cases: { 'city-management': 12000, 'hotline-12345': 8000 },
    shard: null,
    compounds: 400,
    facilities: null,
    roads: { coreSpacing: [150, 300], ruralSpacing: [300, 600], alleySpacing: 42, alleyProb: 0.85, ruralRoadProb: 0.85, coreLineRuralProb: 0.5 },
  };
}

/** 16 districts × 4 streets, each street F-like: 100,000 micro-grids in all. */
function megacityScale(seed: number): Scale {
  const rng = rngFor(seed, 'megacity-plan');
  const band = (length: number): BandSpec => {
    const start = 0.15 + 0.15 * rng();
    return { length: length * (0.88 + 0.24 * rng()), core: [start, start + 0.45 + 0.15 * rng()], coreSpacing: CORE_SPACING, ruralSpacing: 300 };
  };
  const cols = Array.from({ length: 8 }, () => band(10550));
  const rows = Array.from({ length: 8 }, () => band(7400));
  const streetNames = distinctNames(rng, STREET_WORDS, 64, '街道');
  const districtNames = distinctNames(rng, DISTRICT_WORDS, 16, '区');
  const micro = allocate(
    100000,
    Array.from({ length: 64 }, () => 0.8 + 0.4 * rng()),
    400,
  );
  const districts: DistrictPlan[] = districtNames.map((name) => ({ name, streets: [] }));
  for (let s = 0; s < 64; s++) {
    const col = s % 8;
    const row = Math.floor(s / 8);
    const district = Math.floor(row / 2) * 4 + Math.floor(col / 2);
    const m = micro[s];
    const ruralMicro = Math.round(m * (0.1 + 0.1 * rng()));
    const grids = Math.round(m / 4.93);
    const ruralGrids = Math.max(8, Math.round((grids * ruralMicro) / m));
    const communities = Math.max(14, Math.round(grids / 11));
    const ruralCommunities = Math.max(4, Math.round((communities * ruralMicro) / m));
    districts[district].streets.push({
      name: streetNames[s],
      col,
      row,
      subdivided: true,
      communities: [communities - ruralCommunities, ruralCommunities],
      grids: [grids - ruralGrids, ruralGrids],
      micro: [m - ruralMicro, ruralMicro],
      population: [(m - ruralMicro) * 118, ruralMicro * 109],
    });
  }
  return {
    name: 'megacity',
    origin: [106.1, 29.3],
    cols,
    rows,
    districts,
    risks: 1_000_000,
    cases: { 'city-management': 600_000, 'hotline-12345': 400_000 },
    shard: 250_000,
    compounds: 50_000,
    facilities: 200_000,
    roads: { coreSpacing: [150, 300], ruralSpacing: [300, 500], alleySpacing: 36, alleyProb: 0.92, ruralRoadProb: 0.85, coreLineRuralProb: 0.6 },
  };
}

interface Args {
  scale: 'sample' | 'megacity' | 'province';
  seed: number;
  out: string | null;
  database: string | null;
  micro: number;
  cases: number;
}

function parseArgs(argv: string[]): Args {
  let scale: Args['scale'] = 'sample';
  let seed = 20261031;
  let out: string | null = null;
  let database: string | null = null;
  let micro = 1_000_000;
  let cases = 10_000_000;
  const count = (name: string, v: string) => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg.startsWith('--scale')) {
      const v = value();
      if (v !== 'sample' && v !== 'megacity' && v !== 'province') throw new Error(`--scale must be sample, megacity or province, not ${v}`);
      scale = v;
    } else if (arg.startsWith('--seed')) {
      seed = Number(value());
      if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
    } else if (arg.startsWith('--out')) {
      out = value();
    } else if (arg.startsWith('--database')) {
      database = value();
    } else if (arg.startsWith('--micro')) {
      micro = count('--micro', value());
    } else if (arg.startsWith('--cases')) {
      cases = count('--cases', value());
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: npx tsx data-samples/generate.ts [--scale sample|megacity|province] [--seed N] [--out DIR] [--database URL] [--micro N] [--cases N]');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return { scale, seed, out, database, micro, cases };
}

const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const sizeOf = (path: string) => {
  const bytes = statSync(path).size;
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
};
function log(path: string, what: string) {
  console.log(`${relative(process.cwd(), path).padEnd(52)} ${sizeOf(path).padStart(9)}  ${what}  (${elapsed()})`);
}

function gridFeature(unit: Unit, ring: [number, number][]): string {
  const properties: Record<string, unknown> = { id: unit.id, name: unit.name, level: unit.level };
  if (unit.parent) properties.parent = unit.parent.id;
  if (unit.kind) properties.kind = unit.kind;
  properties.households = unit.households;
  properties.population = unit.population;
  properties.events = unit.events;
  properties.riskIndex = unit.riskIndex;
  return featureJson(properties, 'Polygon', [ring]);
}

function residenceFeature(c: Compound, convert: (p: [number, number]) => [number, number]): string {
  const properties = { id: c.id, name: c.name, population: c.population, households: c.households, grid: c.grid };
  return c.footprint ? featureJson(properties, 'Polygon', [c.footprint.map(convert)]) : featureJson(properties, 'Point', convert([c.lon, c.lat]));
}

/** A pre-aggregated problem-list funnel (the seed's ~1,369 problems of one street). */
const PROBLEM_LIST = {
  preset: 'problem-list',
  stages: [
    { key: 'collect', label: '问题归集', count: 1369, onTime: 1369, overdue: 0, dropped: { duplicate: 17 } },
    { key: 'sort', label: '问题梳理', count: 1352, onTime: 1340, overdue: 12, dropped: { duplicate: 12, 'out-of-scope': 22 } },
    { key: 'register', label: '入库管理', count: 1318, onTime: 1301, overdue: 17 },
    { key: 'rectify', label: '整改落实', count: 1318, onTime: 1187, overdue: 91, dropped: { 'referred-up': 6 } },
    { key: 'review', label: '问题复盘', count: 1272, onTime: 1230, overdue: 19 },
    { key: 'publish', label: '结果晾晒', count: 1249, onTime: 1249, overdue: 0 },
  ],
};

/** A custom life-circle profile: a made-up city override of GB 50180-2018, showing the format. */
const PROFILE_EXAMPLE = {
  id: 'example-city-2026',
  version: '2026.1',
  name: '示例城市生活圈（自定义）',
  source: 'Made-up example of a city override of GB 50180-2018; not a standard.',
  extends: 'gb50180-2018',
  categories: [
    { key: 'junior-middle-school', radius: 1500, confidence: 'medium', note: 'Example: a looser radius for low-density districts.' },
    { key: 'wet-market', radius: 400, note: 'Example: stricter than the standard.' },
    {
      key: 'breakfast-shop',
      level: 5,
      radius: 300,
      required: false,
      label: { 'zh-CN': '早餐店', en: 'Breakfast shop' },
      confidence: 'low',
      note: 'Example: a livelihood-map category the standard does not list.',
    },
  ],
};

/** The province sample goes straight into PostgreSQL (lib-province.ts). */
async function province(args: Args) {
  const client = new pg.Client(args.database ? { connectionString: args.database } : {});
  await client.connect();
  try {
    const install = ['citykit.sql', 'funnel.sql'].map((file) => readFileSync(join(here, '../server/postgis', file), 'utf8'));
    console.log(`province: ${args.micro.toLocaleString('en')} micro-grids, ${args.cases.toLocaleString('en')} cases, seed ${args.seed}`);
    await loadProvince(client, install, { micro: args.micro, cases: args.cases, seed: args.seed, log: (line) => console.log(line) });
  } finally {
    await client.end();
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.scale === 'province') {
    province(args).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
    return;
  }
  const scale = args.scale === 'megacity' ? megacityScale(args.seed) : sampleScale();
  const outDir = args.out ?? (scale.name === 'megacity' ? join(here, 'megacity') : here);
  mkdirSync(outDir, { recursive: true });
  const path = (name: string) => join(outDir, name);
  const seed = args.seed;

  const lattice = new Lattice(buildAxis(seed, 'cols', scale.cols), buildAxis(seed, 'rows', scale.rows), scale.origin, seed);
  const h: Hierarchy = buildHierarchy(lattice, scale.districts, seed);
  console.log(`lattice ${lattice.nc}×${lattice.nr} cells, ${h.units.length} units (${h.micro.length} micro-grids)  (${elapsed()})`);

  // Risks first (they set each micro-grid's risk score), then cases (events).
  const risks = new JsonArrayWriter(path('risks.json'), '[', ']');
  const riskStats = generateRisks(scale.risks, h.micro, lattice, rngFor(seed, 'risks'), risks);
  risks.close();
  log(risks.path, `${riskStats.count} risks ${JSON.stringify(riskStats.byLevel)}`);

  for (const preset of ['city-management', 'hotline-12345'] as Preset[]) {
    const total = scale.cases[preset];
    const head = `{"preset":"${preset}","cases":[`;
    const fileName = (k: number) => (scale.shard ? `cases-${preset}.part${k}.json` : `cases-${preset}.json`);
    let shard = 0;
    let writer = new JsonArrayWriter(path(fileName(0)), head, ']}');
    const weights = h.micro.map((u) => (preset === 'hotline-12345' ? u.population + 5 : u.population + (u.urban ? 40 : 10)));
    const s: CaseStats = generateCases(preset, total, h.micro, weights, rngFor(seed, `cases-${preset}`), (json) => {
      if (scale.shard && writer.count >= scale.shard) {
        writer.close();
        log(writer.path, `${writer.count} cases`);
        writer = new JsonArrayWriter(path(fileName(++shard)), head, ']}');
      }
      writer.item(json);
    });
    writer.close();
    log(writer.path, `${writer.count} cases`);
    const pct = (n: number) => `${((100 * n) / s.total).toFixed(1)}%`;
    const rated = s.ratings.satisfied + s.ratings['basically-satisfied'] + s.ratings.dissatisfied;
    console.log(
      `  ${preset}: open ${pct(s.open)}, overdue ${pct(s.overdue)}, reworked ${pct(s.reworked)}, void ${pct(s.status.void)}, ` +
        `parked ${s.status.parked}, extended ${s.status.extended}, returned ${s.status.returned}, closed ${s.closed} (${s.resolved} resolved), ` +
        `tiers ${JSON.stringify(s.tiers)}${rated ? `, ratings ${JSON.stringify(s.ratings)}` : ''}`,
    );
  }

  // Metrics: sums up the tree; sibling streets get plausible figures of their own.
  for (const street of h.streets) if (street.children.length) rollUp(street);
  const detailed = h.streets.filter((s) => s.children.length);
  const perCapita = detailed.reduce((a, s) => a + s.events, 0) / Math.max(1, detailed.reduce((a, s) => a + s.population, 0));
  const meanRisk = detailed.reduce((a, s) => a + s.riskIndex, 0) / Math.max(1, detailed.length);
  const siblingRng = rngFor(seed, 'siblings');
  h.streets.forEach((street, i) => {
    if (street.children.length) return;
    const plan = h.plans[i];
    street.population = plan.population[0] + plan.population[1];
    street.households = Math.round(street.population / 2.55);
    street.events = Math.round(street.population * perCapita * (0.8 + 0.4 * siblingRng()));
    street.riskIndex = Math.round(meanRisk * (0.7 + 0.5 * siblingRng()) * 10) / 10;
  });
  for (const unit of h.units) if (unit.level === 'district') rollUp(unit);

  const grids = new JsonArrayWriter(path('grids.geojson'), FEATURE_COLLECTION_HEAD, FEATURE_COLLECTION_TAIL);
  for (const unit of h.units) grids.item(gridFeature(unit, lattice.ring(unit.rect)));
  grids.close();
  const levelCounts: Record<string, number> = {};
  for (const unit of h.units) levelCounts[unit.level] = (levelCounts[unit.level] ?? 0) + 1;
  log(grids.path, `${JSON.stringify(levelCounts)}`);

  const compounds = buildCompounds(h, lattice, scale.compounds, rngFor(seed, 'compounds'));
  const toGcj = crsTransform('wgs84', 'gcj02');
  for (const [name, convert] of [
    ['residences.geojson', (p: [number, number]) => p],
    ['residences-gcj02.geojson', (p: [number, number]): [number, number] => toGcj(p[0], p[1]).map(round6) as [number, number]],
  ] as const) {
    const writer = new JsonArrayWriter(path(name), FEATURE_COLLECTION_HEAD, FEATURE_COLLECTION_TAIL);
    for (const c of compounds) writer.item(residenceFeature(c, convert));
    writer.close();
    log(writer.path, `${writer.count} compounds, ${compounds.reduce((a, c) => a + c.population, 0)} residents, ${compounds.filter((c) => c.footprint).length} with footprints`);
  }

  const subdividedStreets = h.plans.filter((p) => p.subdivided).length;
  const { facilities, gaps } = placeFacilities(h, lattice, compounds, rngFor(seed, 'facilities'), facilityCounts(scale.facilities, subdividedStreets));
  const facilityWriter = new JsonArrayWriter(path('facilities.geojson'), FEATURE_COLLECTION_HEAD, FEATURE_COLLECTION_TAIL);
  const byCategory: Record<string, number> = {};
  for (const f of facilities) {
    facilityWriter.item(featureJson({ id: f.id, name: f.name, category: f.category }, 'Point', [f.lon, f.lat]));
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  }
  facilityWriter.close();
  log(facilityWriter.path, `${facilities.length} facilities`);
  console.log(`  by category ${JSON.stringify(byCategory)}`);
  if (scale.name === 'sample') console.log(`  deliberate gaps ${JSON.stringify(gaps)}`);

  const roads = new JsonArrayWriter(path('roads.geojson'), FEATURE_COLLECTION_HEAD, FEATURE_COLLECTION_TAIL);
  const roadStats = buildRoads(lattice, h, scale.roads, seed, (json) => roads.item(json));
  roads.close();
  log(roads.path, `${roadStats.edges} edges ${JSON.stringify(roadStats.byKind)}, ${roadStats.lengthKm.toFixed(0)} km, island ${roadStats.islandEdges} edges, dropped ${roadStats.droppedSegments} stray segments`);

  if (scale.name === 'sample') {
    for (const [name, value] of [
      ['cases-problem-list.json', PROBLEM_LIST],
      ['profile-example.json', PROFILE_EXAMPLE],
    ] as const) {
      writeFileSync(path(name), `${JSON.stringify(value, null, 2)}\n`);
      log(path(name), 'static example');
    }
  }
  const street = h.streets.find((s) => s.children.length);
  if (street) console.log(`first subdivided street ${street.id} ${street.name}: population ${street.population}, households ${street.households}, events ${street.events}, riskIndex ${street.riskIndex}`);
  console.log(`done in ${elapsed()}`);
}

main();
