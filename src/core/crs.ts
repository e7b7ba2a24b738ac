/**
 * Chinese web-map coordinate systems: WGS-84 (GPS), GCJ-02 (AMap, Tencent) and BD-09 (Baidu).
 *
 * The forward transforms are the widely published formulas (Krasovsky ellipsoid); they match the
 * reference implementations to the last digit. The inverses are solved by fixed-point iteration
 * to < 1e-9° (≈ 0.1 mm), far better than the common one-step approximation (≈ 1–2 m). The
 * offset is only applied inside the usual mainland bounding box: points outside it pass through.
 * Accuracy against true GCJ-02 (a state secret) cannot be stated beyond "as the public formula".
 */
import type { Geometry, Feature, FeatureCollection, GeoJSON, Position } from 'geojson';

export type Crs = 'wgs84' | 'gcj02' | 'bd09';
export const CRS_NAMES: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];

export function isCrs(value: unknown): value is Crs {
  return typeof value === 'string' && (CRS_NAMES as readonly string[]).includes(value);
}

const A = 6378245.0; // Krasovsky 1940 semi-major axis
const EE = 0.00669342162296594323; // its first eccentricity squared
const X_PI = (Math.PI * 3000.0) / 180.0;

/** The bounding box the published transform applies to (it includes Taiwan and some neighbours' edges, as the formula does). */
export function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLon(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** The published closed-form BD-09 → GCJ-02 (accurate to ~1e-6°); refined by iteration below. */
function bd09ToGcj02Approx(lon: number, lat: number): [number, number] {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

/** Solves forward(p) = target by fixed-point iteration: the transforms are near-translations. */
function invert(
  forward: (lon: number, lat: number) => [number, number],
  lon: number,
  lat: number,
  start: [number, number],
): [number, number] {
  let [x, y] = start;
  for (let i = 0; i < 30; i++) {
    const [fx, fy] = forward(x, y);
    const dx = lon - fx;
    const dy = lat - fy;
    x += dx;
    y += dy;
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
  }
  return [x, y];
}

export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  return invert(wgs84ToGcj02, lon, lat, [lon, lat]);
}

export function bd09ToGcj02(lon: number, lat: number): [number, number] {
  return invert(gcj02ToBd09, lon, lat, bd09ToGcj02Approx(lon, lat));
}

type PointTransform = (lon: number, lat: number) => [number, number];
const identity: PointTransform = (lon, lat) => [lon, lat];

function pointTransform(from: Crs, to: Crs): PointTransform {
  if (from === to) return identity;
  const toWgs: Record<Crs, PointTransform> = {
    wgs84: identity,
    gcj02: gcj02ToWgs84,
    bd09: (lon, lat) => {
      if (outOfChina(lon, lat)) return [lon, lat];
      const [gx, gy] = bd09ToGcj02(lon, lat);
      return gcj02ToWgs84(gx, gy);
    },
  };
  const fromWgs: Record<Crs, PointTransform> = {
    wgs84: identity,
    gcj02: wgs84ToGcj02,
    bd09: (lon, lat) => {
      if (outOfChina(lon, lat)) return [lon, lat];
      const [gx, gy] = wgs84ToGcj02(lon, lat);
      return gcj02ToBd09(gx, gy);
    },
  };
  // Outside China every system equals WGS-84: nothing is shifted.
  if (from === 'gcj02' && to === 'bd09') return (lon, lat) => (outOfChina(lon, lat) ? [lon, lat] : gcj02ToBd09(lon, lat));
  if (from === 'bd09' && to === 'gcj02') return (lon, lat) => (outOfChina(lon, lat) ? [lon, lat] : bd09ToGcj02(lon, lat));
  return (lon, lat) => {
    const [wx, wy] = toWgs[from](lon, lat);
    return fromWgs[to](wx, wy);
  };
}

type Convertible = Position | GeoJSON;

function mapPositions(position: Position, transform: PointTransform): Position {
  const [x, y] = transform(position[0], position[1]);
  return position.length > 2 ? [x, y, ...position.slice(2)] : [x, y];
}

function mapGeometry(geometry: Geometry, t: PointTransform): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: mapPositions(geometry.coordinates, t) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map((p) => mapPositions(p, t)) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((ring) => ring.map((p) => mapPositions(p, t))) };
    case 'MultiPolygon':
      return {
        ...geometry,
        coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map((p) => mapPositions(p, t)))),
      };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => mapGeometry(g, t)) };
  }
}

function mapGeoJson(input: Convertible, t: PointTransform): Convertible {
  if (Array.isArray(input)) return mapPositions(input, t);
  switch (input.type) {
    case 'FeatureCollection':
      return { ...input, features: input.features.map((f) => mapGeoJson(f, t) as Feature) } as FeatureCollection;
    case 'Feature':
      return { ...input, geometry: input.geometry ? mapGeometry(input.geometry, t) : input.geometry } as Feature;
    default:
      return mapGeometry(input, t);
  }
}

/**
 * Converts a `[lon, lat]` point or any GeoJSON object between coordinate systems.
 * Returns a new object (the input is not mutated); `bbox` members are dropped by spread only if
 * present on geometries — recompute them if you rely on them.
 */
export function convertCrs<T extends Convertible>(input: T, from: Crs, to: Crs): T {
  if (from === to) return input;
  return mapGeoJson(input, pointTransform(from, to)) as T;
}

/** `[lon, lat]` or GeoJSON in `from` → WGS-84. */
export function toWgs84<T extends Convertible>(input: T, from: Crs): T {
  return convertCrs(input, from, 'wgs84');
}

/** WGS-84 `[lon, lat]` or GeoJSON → `to`. */
export function fromWgs84<T extends Convertible>(input: T, to: Crs): T {
  return convertCrs(input, 'wgs84', to);
}

/** Converts a lon/lat pair in place-friendly form, for hot loops over plain records. */
export function convertLonLat(lon: number, lat: number, from: Crs, to: Crs): [number, number] {
  return pointTransform(from, to)(lon, lat);
}

/** Returns a reusable point transform, so a loop over a million records resolves it once. */
export function crsTransform(from: Crs, to: Crs): (lon: number, lat: number) => [number, number] {
  return pointTransform(from, to);
}
