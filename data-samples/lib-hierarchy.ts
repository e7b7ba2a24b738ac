/**
 * The management hierarchy district > street > community > grid > micro-grid, cut out of the
 * lattice by weighted recursive bisection of index rectangles. Counts per level are exact;
 * units are smaller where people live densely because the lattice is finer there.
 */
import type { Lattice, Rect } from './lib-lattice';
import { allocate, hash01, lognormal, rngFor, type Rng } from './lib-random';
import { distinctNames, COMMUNITY_WORDS, VILLAGE_WORDS } from './lib-names';

export type Level = 'district' | 'street' | 'community' | 'grid' | 'micro-grid';

export interface Unit {
  id: string;
  name: string;
  level: Level;
  parent?: Unit;
  /** Rural units: villages ('village') and their courtyards ('courtyard', kept at level micro-grid). */
  kind?: 'village' | 'courtyard';
  rect: Rect;
  children: Unit[];
  urban: boolean;
  households: number;
  population: number;
  events: number;
  riskIndex: number;
  /** Sum of risk points inside a leaf, from which riskIndex derives. */
  riskScore: number;
  /** Exposure factor of a leaf (population density), multiplies its risk score. */
  exposure: number;
  /** Index of the street plan this unit belongs to. */
  street: number;
}

export interface StreetPlan {
  name: string;
  /** Band indices of the street in the lattice axes. */
  col: number;
  row: number;
  /** Only subdivided streets get communities, grids, micro-grids and the rest of the data. */
  subdivided: boolean;
  /** [urban, rural] counts and population. */
  communities: [number, number];
  grids: [number, number];
  micro: [number, number];
  population: [number, number];
}

export interface DistrictPlan {
  name: string;
  streets: StreetPlan[];
}

export interface Hierarchy {
  /** Every unit, parents before children (district, streets, communities, grids, micro-grids). */
  units: Unit[];
  micro: Unit[];
  grids: Unit[];
  streets: Unit[];
  /** Index rectangle of each street plan's core (urban) area, or null. */
  cores: (Rect | null)[];
  /** Index rectangle of each street plan. */
  streetRects: Rect[];
  plans: StreetPlan[];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

class Weights {
  private readonly prefix: Float64Array;
  private readonly stride: number;

  constructor(
    readonly lattice: Lattice,
    cellWeight: (c: number, r: number) => number,
  ) {
    const { nc, nr } = lattice;
    this.stride = nc + 1;
    this.prefix = new Float64Array((nc + 1) * (nr + 1));
    for (let r = 0; r < nr; r++) {
      let row = 0;
      for (let c = 0; c < nc; c++) {
        row += cellWeight(c, r);
        this.prefix[(r + 1) * this.stride + c + 1] = this.prefix[r * this.stride + c + 1] + row;
      }
    }
  }

  of(rect: Rect): number {
    const [c0, r0, c1, r1] = rect;
    const s = this.stride;
    const p = this.prefix;
    return p[r1 * s + c1] - p[r0 * s + c1] - p[r1 * s + c0] + p[r0 * s + c0];
  }
}

const cellCount = (rect: Rect) => (rect[2] - rect[0]) * (rect[3] - rect[1]);

/** Cuts `rect` into `n` rectangles of about equal weight, each at least one cell. */
function partition(weights: Weights, rect: Rect, n: number, rng: Rng, out: Rect[]): void {
  if (n === 1) {
    out.push(rect);
    return;
  }
  const [c0, r0, c1, r1] = rect;
  const { cols, rows } = weights.lattice;
  const w = c1 - c0;
  const h = r1 - r0;
  const extentX = cols.pos[c1] - cols.pos[c0];
  const extentY = rows.pos[r1] - rows.pos[r0];
  // Cut across the longer side (squarish units), sometimes the other way when it is close.
  let byCols = extentX >= extentY;
  const ratio = Math.max(extentX, extentY) / Math.max(1, Math.min(extentX, extentY));
  if (ratio < 1.3 && rng() < 0.3) byCols = !byCols;
  if (byCols && w < 2) byCols = false;
  if (!byCols && h < 2) byCols = true;
  const len = byCols ? w : h;
  const other = byCols ? h : w;
  const total = weights.of(rect);
  const preferred = rng() < 0.5 ? Math.floor(n / 2) : Math.ceil(n / 2);
  const bias = 1 + (rng() - 0.5) * 0.16;
  let bestK = 1;
  let bestN1 = 1;
  let bestError = Infinity;
  for (let k = 1; k < len; k++) {
    const lo = Math.max(1, n - (len - k) * other);
    const hi = Math.min(n - 1, k * other);
    if (lo > hi) continue;
    const n1 = Math.min(hi, Math.max(lo, preferred));
    const sub: Rect = byCols ? [c0, r0, c0 + k, r1] : [c0, r0, c1, r0 + k];
    const share = weights.of(sub) / total;
    const error = Math.abs(share - (n1 / n) * bias) + (n1 === preferred ? 0 : 1);
    if (error < bestError) {
      bestError = error;
      bestK = k;
      bestN1 = n1;
    }
  }
  const first: Rect = byCols ? [c0, r0, c0 + bestK, r1] : [c0, r0, c1, r0 + bestK];
  const second: Rect = byCols ? [c0 + bestK, r0, c1, r1] : [c0, r0 + bestK, c1, r1];
  partition(weights, first, bestN1, rng, out);
  partition(weights, second, n - bestN1, rng, out);
}

function newUnit(id: string, name: string, level: Level, rect: Rect, parent: Unit | undefined, urban: boolean, street: number): Unit {
  const unit: Unit = { id, name, level, rect, children: [], urban, households: 0, population: 0, events: 0, riskIndex: 0, riskScore: 0, exposure: 1, street };
  if (parent) {
    unit.parent = parent;
    parent.children.push(unit);
  }
  return unit;
}

/** Street index rectangle and its core rectangle from the axes' bands. */
function streetRects(lattice: Lattice, plan: StreetPlan): { rect: Rect; core: Rect | null } {
  const { cols, rows } = lattice;
  const rect: Rect = [cols.bandStart[plan.col], rows.bandStart[plan.row], cols.bandEnd[plan.col], rows.bandEnd[plan.row]];
  const cc = cols.core[plan.col];
  const rc = rows.core[plan.row];
  return { rect, core: plan.subdivided && cc && rc ? [cc[0], rc[0], cc[1], rc[1]] : null };
}

export function buildHierarchy(lattice: Lattice, districts: readonly DistrictPlan[], seed: number): Hierarchy {
  const plans = districts.flatMap((d) => d.streets);
  const rects = plans.map((p) => streetRects(lattice, p));
  const { cols, rows } = lattice;
  // Street plan owning each cell, for the weights.
  const planAt = new Map<string, number>();
  plans.forEach((p, i) => planAt.set(`${p.col},${p.row}`, i));

  // Core cells weigh ~1 each (the lattice is already finer where it is denser); rural cells weigh
  // by area, more near the core (suburban fringe), so courtyards grow with distance.
  const weights = new Weights(lattice, (c, r) => {
    const noise = 0.85 + 0.3 * hash01(seed, c, r, 7);
    const plan = planAt.get(`${cols.cellBand[c]},${rows.cellBand[r]}`)!;
    const core = rects[plan].core;
    if (core && cols.cellCore[c] && rows.cellCore[r]) return noise;
    const x = (cols.pos[c] + cols.pos[c + 1]) / 2;
    const y = (rows.pos[r] + rows.pos[r + 1]) / 2;
    const area = (cols.pos[c + 1] - cols.pos[c]) * (rows.pos[r + 1] - rows.pos[r]);
    let d = 0;
    if (core) {
      const dx = Math.max(0, cols.pos[core[0]] - x, x - cols.pos[core[2]]);
      const dy = Math.max(0, rows.pos[core[1]] - y, y - rows.pos[core[3]]);
      d = Math.hypot(dx, dy);
    }
    return (area / 40000) * (0.35 + Math.exp(-d / 1500)) * noise;
  });

  const units: Unit[][] = [[], [], [], [], []];
  const micro: Unit[] = [];
  const grids: Unit[] = [];
  const streets: Unit[] = [];
  let planIndex = 0;
  districts.forEach((district, di) => {
    const districtRect = districtBounds(district.streets.map((_, k) => rects[planIndex + k].rect));
    const districtUnit = newUnit(`D${di + 1}`, district.name, 'district', districtRect, undefined, true, -1);
    units[0].push(districtUnit);
    district.streets.forEach((plan, si) => {
      const index = planIndex + si;
      const { rect, core } = rects[index];
      const street = newUnit(`${districtUnit.id}S${si + 1}`, plan.name, 'street', rect, districtUnit, true, index);
      units[1].push(street);
      streets.push(street);
      if (!plan.subdivided || !core) return;
      subdivideStreet(street, plan, rect, core, weights, rngFor(seed, `street-${street.id}`), units, grids, micro);
    });
    planIndex += district.streets.length;
  });
  return { units: units.flat(), micro, grids, streets, cores: rects.map((r) => r.core), streetRects: rects.map((r) => r.rect), plans };
}

function districtBounds(rects: Rect[]): Rect {
  return [
    Math.min(...rects.map((r) => r[0])),
    Math.min(...rects.map((r) => r[1])),
    Math.max(...rects.map((r) => r[2])),
    Math.max(...rects.map((r) => r[3])),
  ];
}

function subdivideStreet(
  street: Unit,
  plan: StreetPlan,
  rect: Rect,
  core: Rect,
  weights: Weights,
  rng: Rng,
  units: Unit[][],
  grids: Unit[],
  micro: Unit[],
): void {
  const [sc0, sr0, sc1, sr1] = rect;
  const [cc0, cr0, cc1, cr1] = core;
  // The rural ring around the core as four strips.
  const strips: Rect[] = (
    [
      [sc0, sr0, sc1, cr0],
      [sc0, cr1, sc1, sr1],
      [sc0, cr0, cc0, cr1],
      [cc1, cr0, sc1, cr1],
    ] as Rect[]
  ).filter((r) => cellCount(r) > 0);

  const urbanCommunityRects: Rect[] = [];
  partition(weights, core, plan.communities[0], rng, urbanCommunityRects);
  const ruralCommunityRects: Rect[] = [];
  if (plan.communities[1] > 0) {
    const perStrip = allocate(
      plan.communities[1],
      strips.map((s) => weights.of(s)),
      1,
      strips.map((s) => cellCount(s)),
    );
    strips.forEach((s, i) => partition(weights, s, perStrip[i], rng, ruralCommunityRects));
  }

  const urbanNames = distinctNames(rng, COMMUNITY_WORDS, urbanCommunityRects.length, '社区');
  const ruralNames = distinctNames(rng, VILLAGE_WORDS, ruralCommunityRects.length, '村');
  let gridNumber = 0;
  const build = (communityRects: Rect[], names: string[], urban: boolean, gridTotal: number, microTotal: number, firstIndex: number) => {
    if (communityRects.length === 0) return;
    const w = communityRects.map((r) => weights.of(r));
    const cells = communityRects.map(cellCount);
    const gridCounts = allocate(gridTotal, w, urban ? 3 : 2, cells);
    const microCounts = allocate(microTotal, w, gridCounts, cells);
    communityRects.forEach((cr, i) => {
      const community = newUnit(`${street.id}C${pad2(firstIndex + i + 1)}`, names[i], 'community', cr, street, urban, street.street);
      if (!urban) community.kind = 'village';
      units[2].push(community);
      const gridRects: Rect[] = [];
      partition(weights, cr, gridCounts[i], rng, gridRects);
      const perGrid = allocate(
        microCounts[i],
        gridRects.map((g) => weights.of(g)),
        1,
        gridRects.map(cellCount),
      );
      gridRects.forEach((gr, g) => {
        gridNumber++;
        const grid = newUnit(`${community.id}G${pad2(g + 1)}`, `第${gridNumber}网格`, 'grid', gr, community, urban, street.street);
        units[3].push(grid);
        grids.push(grid);
        const microRects: Rect[] = [];
        partition(weights, gr, perGrid[g], rng, microRects);
        microRects.forEach((mr, m) => {
          const leaf = newUnit(
            `${grid.id}M${pad2(m + 1)}`,
            urban ? `第${gridNumber}-${m + 1}微网格` : `第${gridNumber}-${m + 1}院落`,
            'micro-grid',
            mr,
            grid,
            urban,
            street.street,
          );
          if (!urban) leaf.kind = 'courtyard';
          units[4].push(leaf);
          micro.push(leaf);
        });
      });
    });
  };
  const firstMicro = micro.length;
  build(urbanCommunityRects, urbanNames, true, plan.grids[0], plan.micro[0], 0);
  build(ruralCommunityRects, ruralNames, false, plan.grids[1], plan.micro[1], urbanCommunityRects.length);

  // Residents: proportional to weight with log-normal spread, exact urban and rural totals.
  const leaves = micro.slice(firstMicro);
  for (const urban of [true, false]) {
    const group = leaves.filter((u) => u.urban === urban);
    if (group.length === 0) continue;
    const total = plan.population[urban ? 0 : 1];
    const pops = allocate(
      total,
      group.map((u) => weights.of(u.rect) * lognormal(rng, 1, 0.3)),
      urban ? 20 : 10,
    );
    group.forEach((u, i) => {
      u.population = pops[i];
      const size = urban ? 2.5 + 0.3 * (rng() - 0.5) : 2.9 + 0.4 * (rng() - 0.5);
      u.households = Math.max(1, Math.round(u.population / size));
    });
  }
}

/**
 * Exposure-weighted risk points of a micro-grid -> index 0..100, saturating so one unit with many
 * small risks does not dwarf the scale.
 */
export const riskIndexOf = (score: number) => Math.round(1000 * (1 - Math.exp(-score / 12))) / 10;

/**
 * Fills parents' metrics from their children: households, population and events are sums;
 * riskIndex is the mean of the children's (so it reads on the same 0–100 scale at every level).
 */
export function rollUp(unit: Unit): void {
  if (unit.children.length === 0) {
    if (unit.level === 'micro-grid') unit.riskIndex = riskIndexOf(unit.riskScore * unit.exposure);
    return;
  }
  let households = 0;
  let population = 0;
  let events = 0;
  let risk = 0;
  for (const child of unit.children) {
    rollUp(child);
    households += child.households;
    population += child.population;
    events += child.events;
    risk += child.riskIndex;
  }
  unit.households = households;
  unit.population = population;
  unit.events = events;
  unit.riskIndex = Math.round((risk / unit.children.length) * 10) / 10;
}
