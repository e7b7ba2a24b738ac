/**
 * The hierarchy index of a validated grid: ids, levels, parent/children links, paths, the
 * units shown for a drill-down state, sibling ranks, and the geometry flattened into typed
 * arrays (unit → parts → rings → vertices) in the display CRS. Built once per data set; every
 * later question (drill, recolour, hover) is answered from it without touching the GeoJSON.
 */
import type { Feature } from 'geojson';
import { area } from '@turf/turf';
import { earcut } from '@math.gl/polygon';
import { geometryOfUnits, type FlatGeometry } from './flat-geometry';
import { labelPoint, pointInRing, ringPolygon } from './geometry';
import { GRID_LEVELS, levelDepth, type GridLevel } from './levels';
import type { UnitLookup, ValidGridUnit } from './validate';

export type LonLatTransform = (lon: number, lat: number) => [number, number];

/** The drill-down state: units of `level` under `focus` (a unit index), or all of them. */
export interface DrillState {
  level: GridLevel;
  focus: number | null;
}

export class GridIndex implements Omit<FlatGeometry, 'unitCount'> {
  readonly size: number;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly levels: readonly GridLevel[];
  /** Index in the input `features` array of each unit. */
  readonly sources: Int32Array;
  readonly features: readonly Feature[];
  /** Parent unit index, -1 for units whose parent is absent. */
  readonly parents: Int32Array;
  readonly byId: ReadonlyMap<string, number>;
  /** Levels that have units, top to bottom. */
  readonly levelsPresent: readonly GridLevel[];

  // The geometry in the display CRS, laid out as `FlatGeometry` says (unit → parts → rings →
  // vertices, each unit's box, the convex parts that `triangles` fans).
  readonly coords: Float64Array;
  readonly unitParts: Uint32Array;
  readonly partRings: Uint32Array;
  readonly ringVertices: Uint32Array;
  readonly bboxes: Float64Array;
  readonly convexParts: Uint8Array;
  /** A point inside each unit (on its largest part) for its label; computed on first read (a first frame showing no labels never needs them). */
  get labels(): Float64Array {
    return (this.labelPoints ??= this.computeLabels());
  }
  /** Extent of all units, null when there are none. */
  readonly bounds: [number, number, number, number] | null;

  private readonly childStart: Uint32Array;
  private readonly childList: Int32Array;
  private readonly byDepth: Int32Array[];
  private labelPoints: Float64Array | null = null;

  /**
   * `lookup` and `written`: validation's id map and parent indices, and the geometry it wrote, for
   * exactly these units (`GridValidation.lookup`, `.geometry`); else built here.
   */
  constructor(units: readonly ValidGridUnit[], transform: LonLatTransform | null = null, lookup?: UnitLookup, written?: FlatGeometry) {
    const n = units.length;
    this.size = n;
    const ids = new Array<string>(n);
    const names = new Array<string>(n);
    const levels = new Array<GridLevel>(n);
    const features = new Array<Feature>(n);
    this.sources = new Int32Array(n);
    // One loop filling them all: a map per field and `Int32Array.from` with a callback walked the
    // 122k units of the megacity grid five times.
    for (let i = 0; i < n; i++) {
      const unit = units[i];
      ids[i] = unit.id;
      names[i] = unit.name;
      levels[i] = unit.level;
      features[i] = unit.feature;
      this.sources[i] = unit.source;
    }
    this.ids = ids;
    this.names = names;
    this.levels = levels;
    this.features = features;
    if (lookup) {
      this.byId = lookup.byId;
      this.parents = lookup.parents;
    } else {
      const byId = new Map<string, number>();
      units.forEach((u, i) => byId.set(u.id, i));
      this.byId = byId;
      this.parents = Int32Array.from(units, (u) => (u.parent != null ? (byId.get(u.parent) ?? -1) : -1));
    }

    // Children as CSR, in input order.
    const childCount = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) if (this.parents[i] >= 0) childCount[this.parents[i] + 1]++;
    for (let i = 0; i < n; i++) childCount[i + 1] += childCount[i];
    this.childStart = childCount;
    this.childList = new Int32Array(childCount[n]);
    const fill = childCount.slice(0, n);
    for (let i = 0; i < n; i++) if (this.parents[i] >= 0) this.childList[fill[this.parents[i]]++] = i;

    const perDepth: number[][] = GRID_LEVELS.map(() => []);
    units.forEach((u, i) => perDepth[levelDepth(u.level)].push(i));
    this.byDepth = perDepth.map((list) => Int32Array.from(list));
    this.levelsPresent = GRID_LEVELS.filter((_, d) => perDepth[d].length > 0);

    // Geometry: validation's typed arrays, adopted as they are (converted into a copy for another display CRS).
    const geometry = written ?? geometryOfUnits(units);
    this.unitParts = geometry.unitParts;
    this.partRings = geometry.partRings;
    this.ringVertices = geometry.ringVertices;
    this.convexParts = geometry.convexParts;
    if (transform) {
      this.coords = new Float64Array(geometry.coords.length);
      for (let k = 0; k < this.coords.length; k += 2) {
        const [x, y] = transform(geometry.coords[k], geometry.coords[k + 1]);
        this.coords[k] = x;
        this.coords[k + 1] = y;
      }
      this.bboxes = new Float64Array(n * 4);
      for (let u = 0; u < n; u++) {
        let minX = Infinity;
        let minY = Infinity;
        let maxX = -Infinity;
        let maxY = -Infinity;
        for (let v = this.ringVertices[this.partRings[this.unitParts[u]]]; v < this.ringVertices[this.partRings[this.unitParts[u + 1]]]; v++) {
          const x = this.coords[v * 2];
          const y = this.coords[v * 2 + 1];
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        this.bboxes[u * 4] = minX;
        this.bboxes[u * 4 + 1] = minY;
        this.bboxes[u * 4 + 2] = maxX;
        this.bboxes[u * 4 + 3] = maxY;
      }
    } else {
      this.coords = geometry.coords;
      this.bboxes = geometry.bboxes;
    }
    let west = Infinity;
    let south = Infinity;
    let east = -Infinity;
    let north = -Infinity;
    for (let u = 0; u < n; u++) {
      west = Math.min(west, this.bboxes[u * 4]);
      south = Math.min(south, this.bboxes[u * 4 + 1]);
      east = Math.max(east, this.bboxes[u * 4 + 2]);
      north = Math.max(north, this.bboxes[u * 4 + 3]);
    }
    this.bounds = n > 0 ? [west, south, east, north] : null;
  }

  private computeLabels(): Float64Array {
    const labels = new Float64Array(this.size * 2);
    for (let i = 0; i < this.size; i++) {
      const largest = this.largestPart(i);
      const rings: [number, number][] = [];
      for (let r = this.partRings[largest]; r < this.partRings[largest + 1]; r++) {
        rings.push([this.ringVertices[r], this.ringVertices[r + 1] - this.ringVertices[r]]);
      }
      const [lx, ly] = labelPoint(this.coords, rings);
      labels[i * 2] = lx;
      labels[i * 2 + 1] = ly;
    }
    return labels;
  }

  /** The part of unit `u` whose outer ring has the largest (Turf, spherical) area. */
  private largestPart(u: number): number {
    let largest = this.unitParts[u];
    if (this.unitParts[u + 1] - largest === 1) return largest;
    let largestArea = -1;
    for (let p = this.unitParts[u]; p < this.unitParts[u + 1]; p++) {
      const outer = this.partRings[p];
      const partArea = area(ringPolygon(this.coords, this.ringVertices[outer], this.ringVertices[outer + 1] - this.ringVertices[outer]));
      if (partArea > largestArea) {
        largestArea = partArea;
        largest = p;
      }
    }
    return largest;
  }

  indexOf(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** True when (x, y), in the display CRS, lies inside unit `u` (in one of its parts, not in a hole). */
  contains(u: number, x: number, y: number): boolean {
    const b = this.bboxes;
    if (x < b[u * 4] || y < b[u * 4 + 1] || x > b[u * 4 + 2] || y > b[u * 4 + 3]) return false;
    for (let p = this.unitParts[u]; p < this.unitParts[u + 1]; p++) {
      const inRing = (r: number) => pointInRing(x, y, this.coords, this.ringVertices[r], this.ringVertices[r + 1] - this.ringVertices[r]);
      if (!inRing(this.partRings[p])) continue;
      let inHole = false;
      for (let r = this.partRings[p] + 1; r < this.partRings[p + 1] && !inHole; r++) inHole = inRing(r);
      if (!inHole) return true;
    }
    return false;
  }

  /** Units of a level, in input order. */
  unitsAt(level: GridLevel): Int32Array {
    return this.byDepth[levelDepth(level)];
  }

  children(unit: number): Int32Array {
    return this.childList.subarray(this.childStart[unit], this.childStart[unit + 1]);
  }

  /** The highest level among a unit's children, or null for a leaf. */
  childLevel(unit: number): GridLevel | null {
    let best: number = GRID_LEVELS.length;
    for (const child of this.children(unit)) best = Math.min(best, levelDepth(this.levels[child]));
    return GRID_LEVELS[best] ?? null;
  }

  /** Unit indices from the outermost ancestor present down to `unit` itself. */
  pathTo(unit: number): number[] {
    const path: number[] = [];
    for (let u = unit; u >= 0; u = this.parents[u]) path.unshift(u);
    return path;
  }

  isDescendant(unit: number, ancestor: number): boolean {
    for (let u = this.parents[unit]; u >= 0; u = this.parents[u]) if (u === ancestor) return true;
    return false;
  }

  /** The units a drill-down state shows: `level` units under `focus` (any depth), or all of them. */
  visibleUnits(state: DrillState): Int32Array {
    const all = this.unitsAt(state.level);
    if (state.focus == null) return all;
    const focus = state.focus;
    const direct = this.children(focus);
    if (direct.length && direct.every((c) => this.levels[c] === state.level)) return direct;
    return all.filter((u) => this.isDescendant(u, focus));
  }

  /** Units sharing the parent (and level) of `unit`; top-level units without parent are each other's siblings. */
  siblings(unit: number): Int32Array {
    const parent = this.parents[unit];
    const level = this.levels[unit];
    const pool = parent >= 0 ? this.children(parent) : this.unitsAt(level);
    return pool.filter((u) => this.levels[u] === level && (parent >= 0 || this.parents[u] < 0));
  }

  /**
   * Earcut triangles of a part, as vertex indices local to the part's first vertex. Not kept: a
   * pack keeps the triangles of the units it packs, and 100k small arrays kept here would cost
   * more to allocate than triangulating again.
   */
  triangles(part: number): readonly number[] {
    const firstRing = this.partRings[part];
    if (this.convexParts[part]) {
      const n = this.ringVertices[firstRing + 1] - this.ringVertices[firstRing] - 1;
      const triangles = new Array<number>((n - 2) * 3);
      writeFan(triangles, 0, 0, n);
      return triangles;
    }
    const lastRing = this.partRings[part + 1];
    const start = this.ringVertices[firstRing];
    const end = this.ringVertices[lastRing];
    let holes: number[] | undefined;
    for (let r = firstRing + 1; r < lastRing; r++) (holes ??= []).push(this.ringVertices[r] - start);
    return earcut(this.coords.subarray(start * 2, end * 2), holes, 2);
  }
}

/**
 * Triangles (first, first + k, first + k + 1) over the `n` distinct vertices of a convex ring,
 * written into `out` from index `at`; returns the index after them.
 */
export function writeFan(out: { [k: number]: number }, at: number, first: number, n: number): number {
  for (let k = 1; k < n - 1; k++) {
    out[at++] = first;
    out[at++] = first + k;
    out[at++] = first + k + 1;
  }
  return at;
}

/**
 * 1-based rank of a unit among its siblings by value (1 = largest; ties share the better rank),
 * and how many siblings have a value. Null when the unit has no value.
 */
export function siblingRank(index: GridIndex, values: ArrayLike<number>, unit: number): { rank: number; of: number } | null {
  const own = values[unit];
  if (!Number.isFinite(own)) return null;
  let rank = 1;
  let of = 0;
  for (const s of index.siblings(unit)) {
    const v = values[s];
    if (!Number.isFinite(v)) continue;
    of++;
    if (v > own) rank++;
  }
  return { rank, of };
}
