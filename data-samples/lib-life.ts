/**
 * Residential compounds (groups of micro-grids, their residents summed) and public-service
 * facilities across the GB 50180-2018 life-circle categories, placed coverage-first around the
 * compounds with a few deliberate gaps for planners to find.
 */
import type { Hierarchy, Unit } from './lib-hierarchy';
import type { Lattice, Rect } from './lib-lattice';
import { CompoundNamer } from './lib-names';
import { allocate, cumulative, pick, shuffle, weightedIndex, type Rng } from './lib-random';

export interface Compound {
  id: string;
  name: string;
  /** Fractional lattice index of the compound's centre. */
  u: number;
  v: number;
  lon: number;
  lat: number;
  /** Local metres, for distance checks. */
  x: number;
  y: number;
  population: number;
  households: number;
  urban: boolean;
  street: number;
  community: Unit;
  /** The micro-grid the compound's centre lies in: the unit a scope selects it by. */
  grid: string;
  /** Gated compounds come with a footprint polygon (closed, counter-clockwise). */
  footprint?: [number, number][];
}

export function buildCompounds(h: Hierarchy, lattice: Lattice, total: number, rng: Rng): Compound[] {
  const grids = h.grids;
  const perGrid = allocate(
    total,
    grids.map((g) => g.children.length),
    1,
    grids.map((g) => g.children.length),
  );
  const out: Compound[] = [];
  const namer = new CompoundNamer(rng);
  const villageCounter = new Map<Unit, number>();
  const idWidth = Math.max(4, String(total).length);
  let street = -1;
  grids.forEach((grid, gi) => {
    if (grid.street !== street) {
      street = grid.street;
      namer.reset();
    }
    const community = grid.parent!;
    // Runs of consecutive micro-grids (neighbours: bisection order) form the grid's compounds.
    const groups = allocate(
      grid.children.length,
      Array.from({ length: perGrid[gi] }, () => 0.5 + rng()),
      1,
    );
    let k = 0;
    for (const size of groups) {
      const members = grid.children.slice(k, k + size);
      k += size;
      const population = members.reduce((s, m) => s + m.population, 0);
      const households = members.reduce((s, m) => s + m.households, 0);
      const anchor = members.reduce((a, b) => (b.population > a.population ? b : a));
      const [c0, r0, c1, r1] = anchor.rect;
      const u = c0 + (c1 - c0) * (0.35 + 0.3 * rng());
      const v = r0 + (r1 - r0) * (0.35 + 0.3 * rng());
      const [lon, lat] = lattice.position(u, v);
      const [x, y] = lattice.toMetres(lon, lat);
      let name: string;
      if (grid.urban) {
        name = namer.next();
      } else {
        const n = (villageCounter.get(community) ?? 0) + 1;
        villageCounter.set(community, n);
        name = `${community.name}${n}组`;
      }
      const compound: Compound = {
        id: `RES${String(out.length + 1).padStart(idWidth, '0')}`,
        name,
        u,
        v,
        lon,
        lat,
        x,
        y,
        population,
        households,
        urban: grid.urban,
        street: grid.street,
        community,
        grid: anchor.id,
      };
      if (grid.urban && rng() < 0.4) {
        // Footprint: a box around the centre, within the anchor micro-grid.
        const du = Math.min(u - c0, c1 - u) * 0.7;
        const dv = Math.min(v - r0, r1 - v) * 0.7;
        compound.footprint = [
          lattice.position(u - du, v - dv),
          lattice.position(u + du, v - dv),
          lattice.position(u + du, v + dv),
          lattice.position(u - du, v + dv),
          lattice.position(u - du, v - dv),
        ];
      }
      out.push(compound);
    }
  });
  return out;
}

export interface FacilitySpec {
  key: string;
  /** Count in the F-street sample. */
  count: number;
  /** Service radius, metres (GB 50180-2018 table values). */
  radius: number;
  /** Share of the count placed to cover uncovered compounds first; the rest follow population. */
  cover: number;
  name: (place: Place) => string;
}

interface Place {
  compound: Compound;
  community: string;
  street: string;
  rng: Rng;
}

const word = (community: string) => community.replace(/(社区|村)$/, '');
const brand = (rng: Rng, names: string[]) => pick(rng, names);

export const FACILITY_SPECS: FacilitySpec[] = [
  { key: 'health-centre', count: 1, radius: 0, cover: 0, name: (p) => `${p.street}社区卫生服务中心` },
  { key: 'community-service-station', count: 40, radius: 300, cover: 1, name: (p) => `${word(p.community)}社区服务站` },
  { key: 'cultural-centre', count: 3, radius: 1000, cover: 1, name: (p) => `${word(p.community)}文化活动中心` },
  { key: 'junior-middle-school', count: 7, radius: 1000, cover: 1, name: (p) => `${word(p.community)}中学` },
  { key: 'elderly-care-home', count: 6, radius: 1000, cover: 1, name: (p) => `${word(p.community)}养老院` },
  { key: 'sports-centre', count: 2, radius: 1000, cover: 1, name: (p) => `${word(p.community)}全民健身中心` },
  { key: 'rail-station', count: 4, radius: 800, cover: 1, name: (p) => `${word(p.community)}站` },
  { key: 'primary-school', count: 24, radius: 500, cover: 1, name: (p) => `${word(p.community)}小学` },
  { key: 'wet-market', count: 26, radius: 500, cover: 1, name: (p) => `${word(p.community)}农贸市场` },
  { key: 'bus-stop', count: 280, radius: 500, cover: 0.6, name: (p) => `${p.compound.name}站` },
  { key: 'sports-field', count: 16, radius: 500, cover: 1, name: (p) => `${word(p.community)}运动场` },
  { key: 'community-park', count: 24, radius: 500, cover: 1, name: (p) => `${word(p.community)}社区公园` },
  { key: 'pharmacy', count: 110, radius: 500, cover: 0.7, name: (p) => `${brand(p.rng, ['康宁', '益民', '济仁', '和康', '仁心'])}大药房(${p.compound.name}店)` },
  { key: 'kindergarten', count: 90, radius: 300, cover: 1, name: (p) => `${p.compound.name}幼儿园` },
  { key: 'elderly-day-care', count: 60, radius: 300, cover: 1, name: (p) => `${word(p.community)}社区日间照料中心` },
  { key: 'convenience-store', count: 430, radius: 300, cover: 0.8, name: (p) => `${brand(p.rng, ['惠民', '邻里', '优选', '快客', '乐家'])}便利店(${p.compound.name}店)` },
  { key: 'public-toilet', count: 110, radius: 300, cover: 0.9, name: (p) => `${p.compound.name}公厕` },
  { key: 'fitness-ground', count: 93, radius: 300, cover: 0.9, name: (p) => `${p.compound.name}健身点` },
  { key: 'children-playground', count: 44, radius: 300, cover: 1, name: (p) => `${p.compound.name}儿童游乐场` },
  { key: 'waste-collection', count: 130, radius: 300, cover: 0.9, name: (p) => `${p.compound.name}垃圾分类收集点` },
];

/** Deliberately uncovered compounds per street, by category (planners' "gaps"). */
export const GAP_COUNTS: Record<string, number> = { kindergarten: 4, 'elderly-day-care': 3, 'wet-market': 2 };

/** Points in a uniform hash grid: "which ones lie within r?" looking at a few cells only. */
class PointHash {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly size: number) {}

  private key(cx: number, cy: number): number {
    return (cx + 100000) * 200000 + (cy + 100000);
  }

  add(x: number, y: number, index = -1): void {
    const k = this.key(Math.floor(x / this.size), Math.floor(y / this.size));
    const list = this.cells.get(k);
    if (list) list.push(x, y, index);
    else this.cells.set(k, [x, y, index]);
  }

  /** Calls `visit(index)` for every point within r; stops early when it returns true. */
  each(x: number, y: number, r: number, visit: (index: number) => boolean | void): boolean {
    const span = Math.ceil(r / this.size);
    const cx = Math.floor(x / this.size);
    const cy = Math.floor(y / this.size);
    const r2 = r * r;
    for (let i = cx - span; i <= cx + span; i++) {
      for (let j = cy - span; j <= cy + span; j++) {
        const list = this.cells.get(this.key(i, j));
        if (!list) continue;
        for (let k = 0; k < list.length; k += 3) {
          const dx = list[k] - x;
          const dy = list[k + 1] - y;
          if (dx * dx + dy * dy <= r2 && visit(list[k + 2])) return true;
        }
      }
    }
    return false;
  }

  anyWithin(x: number, y: number, r: number): boolean {
    return this.each(x, y, r, () => true);
  }
}

/** Max-heap of (gain, index), ties to the lower index: lazy greedy maximum coverage. */
class GainHeap {
  private readonly gain: number[] = [];
  private readonly index: number[] = [];

  get size(): number {
    return this.gain.length;
  }

  private above(a: number, b: number): boolean {
    return this.gain[a] > this.gain[b] || (this.gain[a] === this.gain[b] && this.index[a] < this.index[b]);
  }

  private swap(a: number, b: number): void {
    [this.gain[a], this.gain[b]] = [this.gain[b], this.gain[a]];
    [this.index[a], this.index[b]] = [this.index[b], this.index[a]];
  }

  push(gain: number, index: number): void {
    this.gain.push(gain);
    this.index.push(index);
    for (let i = this.gain.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peekGain(): number {
    return this.gain[0];
  }

  pop(): number {
    const top = this.index[0];
    const lastGain = this.gain.pop()!;
    const lastIndex = this.index.pop()!;
    if (this.gain.length > 0) {
      this.gain[0] = lastGain;
      this.index[0] = lastIndex;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.gain.length && this.above(l, best)) best = l;
        if (r < this.gain.length && this.above(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

export interface Facility {
  id: string;
  name: string;
  category: string;
  lon: number;
  lat: number;
}

export interface FacilityResult {
  facilities: Facility[];
  /** Compound ids left without the category within its radius on purpose, by category. */
  gaps: Record<string, string[]>;
}

/**
 * Places facilities. `counts` overrides the per-category totals (megacity); health centres are
 * always exactly one per street, at the middle of its urban core.
 */
export function placeFacilities(
  h: Hierarchy,
  lattice: Lattice,
  compounds: readonly Compound[],
  rng: Rng,
  counts: Record<string, number>,
): FacilityResult {
  const facilities: Facility[] = [];
  const gaps: Record<string, string[]> = {};
  const idWidth = Math.max(5, String(Object.values(counts).reduce((a, b) => a + b, 0)).length);
  const streetName = (c: Compound) => h.streets[c.street].name;
  const add = (category: string, name: string, u: number, v: number) => {
    const [lon, lat] = lattice.position(u, v);
    facilities.push({ id: `POI${String(facilities.length + 1).padStart(idWidth, '0')}`, name, category, lon, lat });
    return lattice.toMetres(lon, lat);
  };

  // Gap compounds: urban, spread out (≥ 1.2 km apart), chosen per street.
  const byStreet = new Map<number, Compound[]>();
  for (const c of compounds) {
    if (!byStreet.has(c.street)) byStreet.set(c.street, []);
    byStreet.get(c.street)!.push(c);
  }
  const gapSets = new Map<string, Compound[]>();
  const chosen: Compound[] = [];
  for (const [category, perStreet] of Object.entries(GAP_COUNTS)) {
    const list: Compound[] = [];
    for (const group of byStreet.values()) {
      const candidates = shuffle(rng, group.filter((c) => c.urban));
      let n = 0;
      for (const c of candidates) {
        if (n >= perStreet) break;
        if (chosen.some((o) => Math.hypot(o.x - c.x, o.y - c.y) < 1200)) continue;
        chosen.push(c);
        list.push(c);
        n++;
      }
    }
    gapSets.set(category, list);
    gaps[category] = list.map((c) => c.id).sort();
  }

  const compoundHash = new PointHash(500);
  const indexOf = new Map<Compound, number>();
  compounds.forEach((c, i) => {
    compoundHash.add(c.x, c.y, i);
    indexOf.set(c, i);
  });
  const popCum = cumulative(compounds.map((c) => c.population));

  for (const spec of FACILITY_SPECS) {
    const total = counts[spec.key] ?? 0;
    const avoid = gapSets.get(spec.key) ?? [];
    const avoidSet = new Set(avoid);
    const avoidHash = new PointHash(500);
    avoid.forEach((c, i) => avoidHash.add(c.x, c.y, i));
    const margin = spec.radius + 60;
    const bounds = (c: Compound): Rect => h.streetRects[c.street];
    const placedPoints: [number, number][] = [];
    const metres = (u: number, v: number) => {
      const [lon, lat] = lattice.position(u, v);
      return lattice.toMetres(lon, lat);
    };
    /** Index point near (u, v) whose position is (tx, ty) metres: a few local-spacing corrections. */
    const moveTo = (u: number, v: number, tx: number, ty: number, box: Rect): [number, number] => {
      for (let k = 0; k < 6; k++) {
        const [x, y] = metres(u, v);
        [u, v] = lattice.offset(u, v, tx - x, ty - y, box);
      }
      return [u, v];
    };
    const tryPlace = (c: Compound, maxOffset: number, name: string): [number, number] | null => {
      for (let attempt = 0; attempt < 6; attempt++) {
        const angle = rng() * 2 * Math.PI;
        const dist = maxOffset * (0.1 + 0.9 * rng()) * (1 - attempt / 6);
        let [u, v] = lattice.offset(c.u, c.v, dist * Math.cos(angle), dist * Math.sin(angle), bounds(c));
        let [x, y] = metres(u, v);
        // Too close to a deliberate gap: push the site out of its exclusion disc, away from it.
        let gap = -1;
        avoidHash.each(x, y, margin, (g) => void (gap = g));
        if (gap >= 0) {
          const g = avoid[gap];
          const d = Math.hypot(x - g.x, y - g.y) || 1;
          [u, v] = moveTo(u, v, g.x + ((x - g.x) / d) * (margin + 25), g.y + ((y - g.y) / d) * (margin + 25), bounds(c));
          [x, y] = metres(u, v);
          if (avoidHash.anyWithin(x, y, margin)) continue;
        }
        add(spec.key, name, u, v);
        placedPoints.push([x, y]);
        return [x, y];
      }
      return null;
    };
    const place = (c: Compound): Place => ({ compound: c, community: c.community.name, street: streetName(c), rng });

    if (spec.key === 'health-centre') {
      // Exactly one per street, in the middle of its core.
      h.streets.forEach((street, i) => {
        const core = h.cores[i];
        if (!core) return;
        add(spec.key, `${street.name}社区卫生服务中心`, (core[0] + core[2]) / 2 + 0.3, (core[1] + core[3]) / 2 + 0.3);
      });
      continue;
    }
    let budget = total;
    if (spec.key === 'community-service-station') {
      // One per community, at its most populous compound; extras fill gaps.
      const best = new Map<Unit, Compound>();
      for (const c of compounds) {
        const b = best.get(c.community);
        if (!b || c.population > b.population) best.set(c.community, c);
      }
      for (const c of best.values()) {
        if (budget <= 0) break;
        if (avoidSet.has(c)) continue;
        if (tryPlace(c, 60, `${word(c.community.name)}社区服务站`)) budget--;
      }
    }
    // Greedy maximum coverage: each facility goes next to the compound whose radius holds the most
    // not-yet-served residents (lazy re-evaluation: gains only shrink). Towns come before villages,
    // whose scattered hamlets are served by fewer, central facilities.
    let coverBudget = Math.round(budget * spec.cover);
    const covered = new Uint8Array(compounds.length);
    for (const c of avoid) covered[indexOf.get(c)!] = 1;
    for (const f of placedPoints) compoundHash.each(f[0], f[1], spec.radius, (j) => void (covered[j] = 1));
    const gainOf = (i: number) => {
      let gain = 0;
      compoundHash.each(compounds[i].x, compounds[i].y, spec.radius, (j) => void (covered[j] ? 0 : (gain += compounds[j].population * (compounds[j].urban ? 1 : 0.35))));
      return gain;
    };
    const heap = new GainHeap();
    compounds.forEach((c, i) => {
      if (avoidSet.has(c)) return;
      const gain = gainOf(i);
      if (gain > 0) heap.push(gain, i);
    });
    while (coverBudget > 0 && heap.size > 0) {
      const i = heap.pop();
      const gain = gainOf(i);
      if (gain <= 0) continue;
      if (heap.size > 0 && gain < heap.peekGain()) {
        heap.push(gain, i);
        continue;
      }
      const c = compounds[i];
      const at = tryPlace(c, Math.min(60, spec.radius * 0.15), spec.name(place(c)));
      if (!at) continue;
      compoundHash.each(at[0], at[1], spec.radius, (j) => void (covered[j] = 1));
      coverBudget--;
      budget--;
    }
    for (let guard = 0; budget > 0 && guard < total * 20; guard++) {
      const c = compounds[weightedIndex(popCum, rng)];
      if (tryPlace(c, Math.max(60, spec.radius * 0.5), spec.name(place(c)))) budget--;
    }
  }
  return { facilities, gaps };
}

/** Facility totals for a run: the sample's counts, scaled to `total` with one health centre per street. */
export function facilityCounts(total: number | null, streets: number): Record<string, number> {
  const specs = FACILITY_SPECS.filter((s) => s.key !== 'health-centre');
  const out: Record<string, number> = { 'health-centre': streets };
  if (total === null) {
    for (const s of specs) out[s.key] = s.count * streets;
    return out;
  }
  const shares = allocate(
    total - streets,
    specs.map((s) => s.count),
    1,
  );
  specs.forEach((s, i) => (out[s.key] = shares[i]));
  return out;
}
