/**
 * Columnar geometry for deck.gl: the parts of a set of units packed into one position buffer
 * with pre-computed triangles (fills) and ring start indices (outlines). deck.gl then skips
 * per-object GeoJSON traversal and tessellation entirely; recolouring only rewrites colours.
 */
import { earcut } from '@math.gl/polygon';
import { simplifyRing } from './geometry';
import type { GridIndex } from './hierarchy';

export interface PolygonPack {
  /** The units packed, in draw order. */
  units: Int32Array;
  /** Number of parts (one deck.gl polygon per Polygon part of a unit). */
  length: number;
  /** Part p owns vertices [startIndices[p], startIndices[p + 1]). */
  startIndices: Uint32Array;
  /** Flat xy of all vertices (display CRS). */
  positions: Float64Array;
  /** Triangle vertex indices into `positions`. */
  indices: Uint32Array;
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
  let triangleIndices = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    for (let p = unitParts[u]; p < unitParts[u + 1]; p++) {
      parts++;
      rings += partRings[p + 1] - partRings[p];
      vertices += ringVertices[partRings[p + 1]] - ringVertices[partRings[p]];
      triangleIndices += index.triangles(p).length;
    }
  }
  const positions = new Float64Array(vertices * 2);
  const startIndices = new Uint32Array(parts + 1);
  const partUnit = new Int32Array(parts);
  const indices = new Uint32Array(triangleIndices);
  const ringStartIndices = new Uint32Array(rings + 1);
  let part = 0;
  let ring = 0;
  let vertex = 0;
  let t = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    for (let p = unitParts[u]; p < unitParts[u + 1]; p++) {
      const from = ringVertices[partRings[p]];
      const to = ringVertices[partRings[p + 1]];
      startIndices[part] = vertex;
      partUnit[part] = u;
      positions.set(coords.subarray(from * 2, to * 2), vertex * 2);
      for (let r = partRings[p]; r < partRings[p + 1]; r++) ringStartIndices[ring++] = vertex + (ringVertices[r] - from);
      const triangles = index.triangles(p);
      for (let k = 0; k < triangles.length; k++) indices[t++] = triangles[k] + vertex;
      vertex += to - from;
      part++;
    }
  }
  startIndices[parts] = vertex;
  ringStartIndices[rings] = vertex;
  return {
    units: Int32Array.from(units),
    length: parts,
    startIndices,
    positions,
    indices,
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
  const positions: number[] = [];
  const startIndices = new Uint32Array(pack.length + 1);
  const ringStarts: number[] = [];
  const indices: number[] = [];
  let ring = 0;
  for (let part = 0; part < pack.length; part++) {
    const from = pack.startIndices[part];
    const to = pack.startIndices[part + 1];
    const partStart = positions.length / 2;
    startIndices[part] = partStart;
    const holes: number[] = [];
    while (ring < pack.ringCount && pack.ringStartIndices[ring] < from) ring++;
    for (let r = ring; r < pack.ringCount && pack.ringStartIndices[r] < to; r++) {
      const first = pack.ringStartIndices[r];
      const simplified = simplifyRing(pack.positions, tolerance, first, pack.ringStartIndices[r + 1] - first);
      const ringStart = positions.length / 2;
      if (r !== ring) holes.push(ringStart - partStart);
      ringStarts.push(ringStart);
      for (const v of simplified) positions.push(v);
    }
    const flat = Float64Array.from(positions.slice(partStart * 2));
    for (const t of earcut(flat, holes.length ? holes : undefined, 2)) indices.push(t + partStart);
  }
  const vertexCount = positions.length / 2;
  startIndices[pack.length] = vertexCount;
  ringStarts.push(vertexCount);
  return {
    units: pack.units,
    length: pack.length,
    startIndices,
    positions: Float64Array.from(positions),
    indices: Uint32Array.from(indices),
    partUnit: pack.partUnit,
    ringCount: ringStarts.length - 1,
    ringStartIndices: Uint32Array.from(ringStarts),
  };
}
