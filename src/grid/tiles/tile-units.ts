/**
 * One vector tile of the grid, decoded: the polygon parts of its units (known to the unit index)
 * packed as the grid's deck layer draws them (flat positions, triangles, ring starts, the unit
 * of each part), each unit's properties (its metrics), and what was wrong with the tile's
 * features. Pure: no DOM, no deck.gl. Positions are in the display CRS: the tile's lon/lat
 * (in the data's CRS) through the same transform as the unit index.
 */
import { MVTLoader } from '@loaders.gl/mvt';
import { earcut } from '@math.gl/polygon';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, Polygon, Position } from 'geojson';
import { describeValue, IssueCollector, type ValidationIssue } from '../../core/validation';
import type { LonLatTransform } from '../model/hierarchy';
import type { PolygonPack } from '../model/pack';

/** A tile's address. */
export interface TileIndex {
  z: number;
  x: number;
  y: number;
}

export interface TileUnits {
  tile: TileIndex;
  /** The tile's extent in the display CRS ([west, south, east, north]). */
  bounds: [number, number, number, number];
  /** Every part of the tile's known units. */
  pack: PolygonPack;
  /** [west, south, east, north] of each part of the pack. */
  partBoxes: Float64Array;
  /** The properties of each unit the tile holds, as decoded (keys are data: read through own keys only). */
  properties: Map<number, Record<string, unknown>>;
  issues: ValidationIssue[];
  total: number;
}

/** Where issues of a tile's features point: `tiles[14/13037/6765].features[3]`. */
export const tilePath = ({ z, x, y }: TileIndex) => `tiles[${z}/${x}/${y}]`;

/** [west, south, east, north] of a Web-Mercator tile, in the tiles' CRS. */
export function tileBounds({ z, x, y }: TileIndex): [number, number, number, number] {
  const n = 2 ** z;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}

/** A tile's extent in the display CRS (its corners through `transform`). */
function displayBounds(tile: TileIndex, transform: LonLatTransform | null): [number, number, number, number] {
  const [w, s, e, n] = tileBounds(tile);
  if (!transform) return [w, s, e, n];
  const corners = [transform(w, s), transform(e, s), transform(e, n), transform(w, n)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** An empty tile (an empty body is a tile without units). */
export function emptyTile(tile: TileIndex, transform: LonLatTransform | null = null): TileUnits {
  return { tile, bounds: displayBounds(tile, transform), pack: packOf([], [], [], [], []), partBoxes: new Float64Array(0), properties: new Map(), issues: [], total: 0 };
}

/**
 * Decodes a Mapbox Vector Tile (every layer, or only `layer`; loaders.gl's parser called in
 * place: no worker, so nothing is fetched from a CDN). `unitOf` gives the unit of an id (-1: not in the index).
 * Features without an id, with an id the index lacks or without polygons are reported (warnings:
 * the rest of the tile is drawn); with `partialIndex` (the index on demand holds only the opened
 * part of the hierarchy) an id the index lacks is a unit of another branch, left out unreported.
 * Throws when the bytes are no vector tile.
 */
export function decodeTile(bytes: ArrayBuffer, tile: TileIndex, unitOf: (id: string) => number, limit = 100, transform: LonLatTransform | null = null, layer?: string, partialIndex = false): TileUnits {
  if (bytes.byteLength === 0) return emptyTile(tile, transform);
  const features = MVTLoader.parseSync(bytes, { mvt: { shape: 'geojson', coordinates: 'wgs84', tileIndex: tile, layers: layer === undefined ? undefined : [layer] } }) as Feature[];
  const issues = new IssueCollector(limit);
  const positions: number[] = [];
  const starts: number[] = [];
  const ringStarts: number[] = [];
  const partUnit: number[] = [];
  const triangles: number[] = [];
  const boxes: number[] = [];
  const properties = new Map<number, Record<string, unknown>>();
  features.forEach((feature, i) => {
    const path = `${tilePath(tile)}.features[${i}]`;
    const own = feature.properties ?? {};
    const rawId = Object.prototype.hasOwnProperty.call(own, 'id') ? (own.id as unknown) : feature.id;
    if (rawId == null || rawId === '') {
      issues.warn(`${path}.properties.id`, 'id is missing', 'missing');
      return;
    }
    const id = String(rawId);
    const unit = unitOf(id);
    if (unit < 0) {
      if (partialIndex) return;
      issues.warn(`${path}.properties.id`, `no unit of the index has id ${describeValue(id)}`, 'unknown-reference', { value: describeValue(id) });
      return;
    }
    const geometry = feature.geometry;
    const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
    if (!polygons.length) {
      issues.warn(`${path}.geometry`, 'not a polygon', 'invalid-geometry', { detail: 'not a polygon' });
      return;
    }
    // The decoder's own object (read through own keys only); a unit cut in several features merges them.
    const before = properties.get(unit);
    properties.set(unit, before ? Object.assign(ownProperties(before), ownProperties(own)) : own);
    for (const polygon of polygons) addPart(transform ? polygon.map((ring) => ring.map(([x, y]) => transform(x, y))) : polygon, unit, positions, starts, ringStarts, partUnit, triangles, boxes);
  });
  return { tile, bounds: displayBounds(tile, transform), pack: packOf(positions, starts, ringStarts, partUnit, triangles), partBoxes: Float64Array.from(boxes), properties, issues: issues.issues, total: issues.total };
}

/** A copy of a decoded feature's own properties. */
function ownProperties(source: Record<string, unknown>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(source)) out[key] = source[key];
  return out;
}

function addPart(polygon: Position[][], unit: number, positions: number[], starts: number[], ringStarts: number[], partUnit: number[], triangles: number[], boxes: number[]): void {
  const first = positions.length / 2;
  const holes: number[] = [];
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  polygon.forEach((ring, r) => {
    if (r > 0) holes.push(positions.length / 2 - first);
    ringStarts.push(positions.length / 2);
    for (const [x, y] of ring) {
      positions.push(x, y);
      if (r === 0) {
        west = Math.min(west, x);
        east = Math.max(east, x);
        south = Math.min(south, y);
        north = Math.max(north, y);
      }
    }
  });
  starts.push(first);
  partUnit.push(unit);
  boxes.push(west, south, east, north);
  const local = earcut(positions.slice(first * 2), holes.length ? holes : undefined, 2);
  for (const t of local) triangles.push(t + first);
}

function packOf(positions: number[], starts: number[], ringStarts: number[], partUnit: number[], triangles: number[]): PolygonPack {
  const vertices = positions.length / 2;
  return {
    units: Int32Array.from(new Set(partUnit)),
    length: partUnit.length,
    startIndices: Uint32Array.from([...starts, vertices]),
    positions: Float64Array.from(positions),
    indices: Uint32Array.from(triangles),
    partUnit: Int32Array.from(partUnit),
    ringCount: ringStarts.length,
    ringStartIndices: Uint32Array.from([...ringStarts, vertices]),
  };
}

/** The parts of a pack whose unit is shown (`shown[unit]` is 1), as a pack of their own. */
export function shownParts(pack: PolygonPack, shown: Uint8Array): PolygonPack {
  const positions: number[] = [];
  const starts: number[] = [];
  const ringStarts: number[] = [];
  const partUnit: number[] = [];
  const triangles: number[] = [];
  let ring = 0;
  let triangle = 0;
  const indices = pack.indices;
  for (let part = 0; part < pack.length; part++) {
    const from = pack.startIndices[part];
    const to = pack.startIndices[part + 1];
    while (ring < pack.ringCount && pack.ringStartIndices[ring] < from) ring++;
    // Triangles of a part are contiguous and follow part order.
    const firstTriangle = triangle;
    while (triangle < indices.length && indices[triangle] < to) triangle++;
    if (!shown[pack.partUnit[part]]) continue;
    const offset = positions.length / 2 - from;
    starts.push(from + offset);
    partUnit.push(pack.partUnit[part]);
    for (let r = ring; r < pack.ringCount && pack.ringStartIndices[r] < to; r++) ringStarts.push(pack.ringStartIndices[r] + offset);
    for (let k = from * 2; k < to * 2; k++) positions.push(pack.positions[k]);
    for (let t = firstTriangle; t < triangle; t++) triangles.push(indices[t] + offset);
  }
  return packOf(positions, starts, ringStarts, partUnit, triangles);
}

/** The shown unit whose part in this tile holds (x, y); -1 for none. */
export function unitAtInTile(tile: TileUnits, shown: Uint8Array, x: number, y: number): number {
  const { pack, partBoxes } = tile;
  let ring = 0;
  for (let part = 0; part < pack.length; part++) {
    const from = pack.startIndices[part];
    const to = pack.startIndices[part + 1];
    while (ring < pack.ringCount && pack.ringStartIndices[ring] < from) ring++;
    const unit = pack.partUnit[part];
    const o = part * 4;
    if (!shown[unit] || x < partBoxes[o] || x > partBoxes[o + 2] || y < partBoxes[o + 1] || y > partBoxes[o + 3]) continue;
    const coordinates: Position[][] = [];
    for (let r = ring; r < pack.ringCount && pack.ringStartIndices[r] < to; r++) {
      const ringPositions: Position[] = [];
      for (let v = pack.ringStartIndices[r]; v < pack.ringStartIndices[r + 1]; v++) ringPositions.push([pack.positions[v * 2], pack.positions[v * 2 + 1]]);
      coordinates.push(ringPositions);
    }
    const polygon: Polygon = { type: 'Polygon', coordinates };
    if (booleanPointInPolygon([x, y], polygon)) return unit;
  }
  return -1;
}

/** The closed rings of one unit in a tile (for its outline). */
export function unitRingsInTile(tile: TileUnits, unit: number): { path: Float64Array }[] {
  const { pack } = tile;
  const rings: { path: Float64Array }[] = [];
  let ring = 0;
  for (let part = 0; part < pack.length; part++) {
    const from = pack.startIndices[part];
    const to = pack.startIndices[part + 1];
    while (ring < pack.ringCount && pack.ringStartIndices[ring] < from) ring++;
    if (pack.partUnit[part] !== unit) continue;
    for (let r = ring; r < pack.ringCount && pack.ringStartIndices[r] < to; r++) {
      rings.push({ path: pack.positions.subarray(pack.ringStartIndices[r] * 2, pack.ringStartIndices[r + 1] * 2) });
    }
  }
  return rings;
}
