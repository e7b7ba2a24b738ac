/**
 * Columnar geometry for deck.gl: the parts of a set of units packed into one position buffer
 * with pre-computed triangles (fills) and ring start indices (outlines). deck.gl then skips
 * per-object GeoJSON traversal and tessellation entirely; recolouring only rewrites colours.
 */
import { earcut } from '@math.gl/polygon';
import { grown } from './flat-geometry';
import { simplifyRing } from './geometry';
import { writeFan, type GridIndex } from './hierarchy';

export interface PolygonPack {
  /** The units packed, in draw order. */
  units: Int32Array;
  /** Number of parts (one deck.gl polygon per Polygon part of a unit). */
  length: number;
  /** Part p owns vertices [startIndices[p], startIndices[p + 1]). */
  startIndices: Uint32Array;
  /** Flat xy of all vertices (display CRS). */
  positions: Float64Array;
  /** Triangle vertex indices into `positions` (computed on first read). */
  readonly indices: Uint32Array;
  /** The unit (index in GridIndex) each part belongs to. */
  partUnit: Int32Array;
  /** Number of rings (outlines). */
  ringCount: number;
  /** Ring r owns vertices [ringStartIndices[r], ringStartIndices[r + 1]) — closed paths. */
  ringStartIndices: Uint32Array;
}

export function buildPolygonPack(index: GridIndex, units: ArrayLike<number>): PolygonPack {
  const { unitParts, partRings, ringVertices, coords } = index;
  let parts = 0;
  let rings = 0;
  let vertices = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    for (let p = unitParts[u]; p < unitParts[u + 1]; p++) {
      parts++;
      rings += partRings[p + 1] - partRings[p];
      vertices += ringVertices[partRings[p + 1]] - ringVertices[partRings[p]];
    }
  }
  const positions = new Float64Array(vertices * 2);
  const startIndices = new Uint32Array(parts + 1);
  const partUnit = new Int32Array(parts);
  const partSource = new Uint32Array(parts);
  const ringStartIndices = new Uint32Array(rings + 1);
  let part = 0;
  let ring = 0;
  let vertex = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    for (let p = unitParts[u]; p < unitParts[u + 1]; p++) {
      const from = ringVertices[partRings[p]];
      const to = ringVertices[partRings[p + 1]];
      startIndices[part] = vertex;
      partUnit[part] = u;
      partSource[part] = p;
      // Copied in place: a `subarray` view per part to `set` from cost a first frame of 100k parts
      // an object each, for a handful of vertices.
      for (let k = from * 2, out = vertex * 2, end = to * 2; k < end; k++, out++) positions[out] = coords[k];
      for (let r = partRings[p]; r < partRings[p + 1]; r++) ringStartIndices[ring++] = vertex + (ringVertices[r] - from);
      vertex += to - from;
      part++;
    }
  }
  startIndices[parts] = vertex;
  ringStartIndices[rings] = vertex;
  let indices: Uint32Array | null = null;
  return {
    units: Int32Array.from(units),
    length: parts,
    startIndices,
    positions,
    // Triangulated on first use: a pack only ever drawn at the overview level of detail never needs it.
    get indices(): Uint32Array {
      if (!indices) {
        // Roughly one triangle per vertex: grown on demand.
        let out = new Uint32Array(Math.max(16, vertex * 3));
        let t = 0;
        for (let k = 0; k < parts; k++) {
          const offset = startIndices[k];
          const part = partSource[k];
          if (index.convexParts[part]) {
            // A fan, written in place: no triangle list per part.
            const n = startIndices[k + 1] - offset - 1;
            out = grown(out, t + (n - 2) * 3);
            t = writeFan(out, t, offset, n);
            continue;
          }
          const triangles = index.triangles(part);
          out = grown(out, t + triangles.length);
          for (let j = 0; j < triangles.length; j++) out[t++] = triangles[j] + offset;
        }
        indices = out.slice(0, t);
      }
      return indices;
    },
    partUnit,
    ringCount: rings,
    ringStartIndices,
  };
}

/**
 * The same parts (same order, same `partUnit`) with every ring simplified to `tolerance`
 * (degrees) and re-triangulated: the overview level of detail, for when units are a few pixels
 * wide and their full outlines would only cost vertices.
 */
export function coarsenPack(pack: PolygonPack, tolerance: number): PolygonPack {
  // Simplification never adds vertices: the full pack's sizes bound every buffer.
  const positions = new Float64Array(pack.positions.length);
  const startIndices = new Uint32Array(pack.length + 1);
  const ringStarts = new Uint32Array(pack.ringCount + 1);
  // Roughly one triangle per vertex: grown on demand.
  let indices = new Uint32Array(Math.max(16, pack.positions.length * 1.5));
  let vertex = 0;
  let triangleIndex = 0;
  let ring = 0;
  let ringOut = 0;
  for (let part = 0; part < pack.length; part++) {
    const from = pack.startIndices[part];
    const to = pack.startIndices[part + 1];
    const partStart = vertex;
    startIndices[part] = partStart;
    const holes: number[] = [];
    while (ring < pack.ringCount && pack.ringStartIndices[ring] < from) ring++;
    for (let r = ring; r < pack.ringCount && pack.ringStartIndices[r] < to; r++) {
      const first = pack.ringStartIndices[r];
      const simplified = simplifyRing(pack.positions, tolerance, first, pack.ringStartIndices[r + 1] - first);
      if (r !== ring) holes.push(vertex - partStart);
      ringStarts[ringOut++] = vertex;
      positions.set(simplified, vertex * 2);
      vertex += simplified.length / 2;
    }
    const triangles = earcut(positions.subarray(partStart * 2, vertex * 2), holes.length ? holes : undefined, 2);
    indices = grown(indices, triangleIndex + triangles.length);
    for (const t of triangles) indices[triangleIndex++] = t + partStart;
  }
  startIndices[pack.length] = vertex;
  ringStarts[ringOut] = vertex;
  return {
    units: pack.units,
    length: pack.length,
    startIndices,
    positions: positions.slice(0, vertex * 2),
    indices: indices.slice(0, triangleIndex),
    partUnit: pack.partUnit,
    ringCount: ringOut,
    ringStartIndices: ringStarts.slice(0, ringOut + 1),
  };
}
