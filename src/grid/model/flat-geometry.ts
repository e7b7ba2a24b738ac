/**
 * The grid's geometry as one set of typed arrays (unit → parts → rings → vertices), written once
 * by validation as it reads the GeoJSON and then adopted by the index. Rings as arrays of their
 * own, copied into typed arrays later, cost the megacity grid's first frame an array per ring
 * and a second pass over 1.5M vertices.
 */
import { isConvexRing } from './geometry';
import { ownValue } from './values';

/** Longer rings are not read (validation reports them): a management unit's outline is never that long. */
export const MAX_RING_POSITIONS = 1_000_000;
/** The most vertices `countRings` sizes the first buffers for (128 MB of coordinates; the megacity grid has 1.5M). */
const MAX_FIRST_VERTICES = 8_000_000;

export interface FlatGeometry {
  /** Number of units. */
  readonly unitCount: number;
  /** Flat xy of every ring of every unit. */
  readonly coords: Float64Array;
  /** unit u owns parts [unitParts[u], unitParts[u + 1]). */
  readonly unitParts: Uint32Array;
  /** part p owns rings [partRings[p], partRings[p + 1]); its first ring is the outer one. */
  readonly partRings: Uint32Array;
  /** ring r owns vertices [ringVertices[r], ringVertices[r + 1]). */
  readonly ringVertices: Uint32Array;
  /** [west, south, east, north] of each unit's positions. */
  readonly bboxes: Float64Array;
  /** 1 for a part that is one convex ring (no hole): a fan triangulates it, no ear search needed. */
  readonly convexParts: Uint8Array;
}

/** `array`, or a copy of it at least `needed` long (doubling) when it is shorter. */
export function grown<T extends Float64Array | Uint32Array | Uint8Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const next = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Writes units one at a time; a unit found bad half-way is dropped with `discardUnit()`. Positions
 * go straight into `coords` (`reserve` first, then `coords[vertexCount * 2 + …]`): the writer is the
 * hot loop's output buffer, not a call per position.
 */
export class FlatGeometryWriter implements FlatGeometry {
  unitCount = 0;
  coords: Float64Array;
  unitParts: Uint32Array;
  partRings: Uint32Array;
  ringVertices: Uint32Array;
  bboxes: Float64Array;
  convexParts: Uint8Array;
  vertexCount = 0;
  private partCount = 0;
  private ringCount = 0;
  /** Vertex, ring and part counts when the unit being written started: what `discardUnit()` returns to. */
  private readonly unitStart = [0, 0, 0];

  /**
   * `expected`: how much will be written (`countRings`), so that every buffer is allocated once: on
   * a page holding a large parsed GeoJSON, each new buffer adds to the memory that makes the engine
   * run a full garbage collection over that whole heap. More than expected still fits (they grow).
   */
  constructor(expected: { units: number; parts: number; rings: number; vertices: number } = { units: 16, parts: 16, rings: 16, vertices: 256 }) {
    this.coords = new Float64Array(expected.vertices * 2);
    this.unitParts = new Uint32Array(expected.units + 1);
    this.partRings = new Uint32Array(expected.parts + 1);
    this.ringVertices = new Uint32Array(expected.rings + 1);
    this.bboxes = new Float64Array(expected.units * 4);
    this.convexParts = new Uint8Array(expected.parts);
  }

  /** Room for `count` more vertices in `coords`. */
  reserve(count: number): Float64Array {
    this.coords = grown(this.coords, (this.vertexCount + count) * 2);
    return this.coords;
  }

  startPart(): void {
    this.partRings = grown(this.partRings, this.partCount + 2);
    this.convexParts = grown(this.convexParts, this.partCount + 1);
    this.partRings[this.partCount++] = this.ringCount;
  }

  /** Opens a ring at the current vertex; the caller then writes its vertices. */
  startRing(): void {
    this.ringVertices = grown(this.ringVertices, this.ringCount + 2);
    this.ringVertices[this.ringCount++] = this.vertexCount;
  }

  /** Marks the part just written as one convex ring. */
  markConvex(): void {
    this.convexParts[this.partCount - 1] = 1;
  }

  /** Closes the unit whose parts were written since the last one, with its extent. */
  endUnit(west: number, south: number, east: number, north: number): void {
    this.unitParts = grown(this.unitParts, this.unitCount + 2);
    this.bboxes = grown(this.bboxes, (this.unitCount + 1) * 4);
    const b = this.unitCount * 4;
    this.bboxes[b] = west;
    this.bboxes[b + 1] = south;
    this.bboxes[b + 2] = east;
    this.bboxes[b + 3] = north;
    this.unitCount++;
    this.unitParts[this.unitCount] = this.partCount;
    this.unitStart[0] = this.vertexCount;
    this.unitStart[1] = this.ringCount;
    this.unitStart[2] = this.partCount;
  }

  /** Drops whatever was written since the last `endUnit()`. */
  discardUnit(): void {
    // Only the discarded unit's parts: a fill to the end would make a long run of bad features quadratic.
    this.convexParts.fill(0, this.unitStart[2], this.partCount);
    this.vertexCount = this.unitStart[0];
    this.ringCount = this.unitStart[1];
    this.partCount = this.unitStart[2];
  }

  /** Closes the offset arrays and cuts the buffers to what was written (views: copies only where much was left unused). */
  finish(): FlatGeometry {
    this.partRings = grown(this.partRings, this.partCount + 1);
    this.ringVertices = grown(this.ringVertices, this.ringCount + 1);
    this.partRings[this.partCount] = this.ringCount;
    this.ringVertices[this.ringCount] = this.vertexCount;
    this.coords = fitted(this.coords, this.vertexCount * 2);
    this.unitParts = fitted(this.unitParts, this.unitCount + 1);
    this.partRings = fitted(this.partRings, this.partCount + 1);
    this.ringVertices = fitted(this.ringVertices, this.ringCount + 1);
    this.bboxes = fitted(this.bboxes, this.unitCount * 4);
    this.convexParts = fitted(this.convexParts, this.partCount);
    return this;
  }
}

/** The first `length` values of `array`: a view, or a copy when over a quarter of it would go unused. */
function fitted<T extends Float64Array | Uint32Array | Uint8Array>(array: T, length: number): T {
  return (length * 4 >= array.length * 3 ? array.subarray(0, length) : array.slice(0, length)) as T;
}

/**
 * How many units, parts, rings and vertices a FeatureCollection's polygon features hold at most:
 * lengths only, no position read. Anything unexpected counts as nothing (validation reports it).
 */
export function countRings(features: readonly unknown[]): { units: number; parts: number; rings: number; vertices: number } {
  const count = { units: features.length, parts: 0, rings: 0, vertices: 0 };
  const addPolygon = (polygon: unknown) => {
    if (!Array.isArray(polygon)) return;
    count.parts++;
    count.rings += polygon.length;
    for (const ring of polygon) if (Array.isArray(ring) && ring.length <= MAX_RING_POSITIONS) count.vertices += ring.length;
  };
  for (const feature of features) {
    const geometry = ownValue(feature, 'geometry');
    const coordinates = ownValue(geometry, 'coordinates');
    if (!Array.isArray(coordinates)) continue;
    if (ownValue(geometry, 'type') === 'MultiPolygon') for (const polygon of coordinates) addPolygon(polygon);
    else addPolygon(coordinates);
  }
  // A first allocation, not a limit: more still fits. Capped so that hostile lengths (sparse arrays
  // claiming billions of positions) cannot make the first allocation fail.
  count.vertices = Math.min(count.vertices, MAX_FIRST_VERTICES);
  count.parts = Math.min(count.parts, MAX_FIRST_VERTICES);
  count.rings = Math.min(count.rings, MAX_FIRST_VERTICES);
  return count;
}

/** Unit `u`'s rings as GeoJSON-style nested arrays (polygon → ring → flat closed xy). */
export function unitPolygons(geometry: FlatGeometry, u: number): number[][][] {
  const polygons: number[][][] = [];
  for (let p = geometry.unitParts[u]; p < geometry.unitParts[u + 1]; p++) {
    const rings: number[][] = [];
    for (let r = geometry.partRings[p]; r < geometry.partRings[p + 1]; r++) {
      rings.push(Array.from(geometry.coords.subarray(geometry.ringVertices[r] * 2, geometry.ringVertices[r + 1] * 2)));
    }
    polygons.push(rings);
  }
  return polygons;
}

/** A unit whose rings were written into a `FlatGeometry` (validation's units). */
export interface WrittenRings {
  readonly geometry: FlatGeometry;
  /** The unit's index in `geometry`. */
  readonly slot: number;
}

const isWritten = (unit: object): unit is WrittenRings => 'slot' in unit && 'geometry' in unit;

/**
 * The geometry of `units`, in their order: copied from the geometry validation wrote where a unit
 * has one, else from its nested `polygons` (units built by hand), with each part's convexity found.
 */
export function geometryOfUnits(units: readonly { polygons: readonly (readonly (readonly number[])[])[] }[]): FlatGeometry {
  const out = new FlatGeometryWriter();
  for (const unit of units) {
    let west = Infinity;
    let south = Infinity;
    let east = -Infinity;
    let north = -Infinity;
    const written = isWritten(unit) ? unit : null;
    const rings = written ? null : unit.polygons;
    const g = written?.geometry;
    const partFrom = g ? g.unitParts[written!.slot] : 0;
    const partTo = g ? g.unitParts[written!.slot + 1] : rings!.length;
    for (let p = partFrom; p < partTo; p++) {
      out.startPart();
      const ringCount = g ? g.partRings[p + 1] - g.partRings[p] : rings![p].length;
      for (let r = 0; r < ringCount; r++) {
        const source = g ? g.coords : rings![p][r];
        const from = g ? g.ringVertices[g.partRings[p] + r] : 0;
        const count = g ? g.ringVertices[g.partRings[p] + r + 1] - from : source.length / 2;
        out.startRing();
        const first = out.vertexCount;
        const coords = out.reserve(count);
        for (let k = 0; k < count * 2; k += 2) {
          const x = source[from * 2 + k];
          const y = source[from * 2 + k + 1];
          coords[first * 2 + k] = x;
          coords[first * 2 + k + 1] = y;
          if (x < west) west = x;
          if (y < south) south = y;
          if (x > east) east = x;
          if (y > north) north = y;
        }
        out.vertexCount += count;
        if (ringCount === 1 && isConvexRing(coords, first, count)) out.markConvex();
      }
    }
    out.endUnit(west, south, east, north);
  }
  return out.finish();
}
