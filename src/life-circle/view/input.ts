/**
 * Input handling of `<city-life-circle>` before the engine sees it: coordinate-system conversion
 * that tolerates broken geometry (the engine reports it; converting must not throw first), and
 * the `level` attribute's converter.
 */
import { crsTransform, type Crs } from '../../core/crs';
import { isRecord } from '../../core/validation';
import type { LevelMinutes, TravelMode } from '../engine/types';

type PointTransform = (lon: number, lat: number) => [number, number];

function convertCoordinates(value: unknown, transform: PointTransform): unknown {
  if (!Array.isArray(value)) return value;
  if (typeof value[0] === 'number' && typeof value[1] === 'number') {
    // A position. Non-finite numbers stay as they are, so validation still names them.
    if (!Number.isFinite(value[0]) || !Number.isFinite(value[1])) return value;
    const [x, y] = transform(value[0], value[1]);
    return value.length > 2 ? [x, y, ...value.slice(2)] : [x, y];
  }
  return value.map((item) => convertCoordinates(item, transform));
}

function convertGeometry(geometry: unknown, transform: PointTransform): unknown {
  if (!isRecord(geometry)) return geometry;
  if (geometry.type === 'GeometryCollection' && Array.isArray(geometry.geometries)) {
    return { ...geometry, geometries: geometry.geometries.map((g: unknown) => convertGeometry(g, transform)) };
  }
  if (!('coordinates' in geometry)) return geometry;
  return { ...geometry, coordinates: convertCoordinates(geometry.coordinates, transform) };
}

/**
 * A copy of a FeatureCollection with every valid position converted from `from` to `to`.
 * Anything that is not a FeatureCollection, and any malformed part, is passed through unchanged.
 */
export function convertCollection<T>(collection: T, from: Crs, to: Crs): T {
  if (from === to || !isRecord(collection) || !Array.isArray(collection.features)) return collection;
  const transform = crsTransform(from, to);
  return {
    ...collection,
    features: collection.features.map((feature: unknown) =>
      isRecord(feature) ? { ...feature, geometry: convertGeometry(feature.geometry, transform) } : feature,
    ),
  } as T;
}

export const LEVELS: readonly LevelMinutes[] = [5, 10, 15];
export const MODES: readonly TravelMode[] = ['walk', 'bike'];

/** `level` attribute → number (an unknown value is kept as given, so the element can report it). */
export const levelConverter = {
  fromAttribute(value: string | null): LevelMinutes | string | undefined {
    if (value === null) return undefined;
    const number = Number(value.trim());
    return (LEVELS as readonly number[]).includes(number) ? (number as LevelMinutes) : value;
  },
  toAttribute(value: unknown): string | null {
    return value === undefined || value === null ? null : String(value);
  },
};
