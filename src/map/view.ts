/** View-state helpers for `<city-map>` (pure). */
import { WebMercatorViewport } from '@deck.gl/core';
import type { LonLatBounds, MapViewState } from './map-context';

export const MIN_ZOOM = 0;
export const MAX_ZOOM = 20;

/** `"lon,lat"` → `[lon, lat]`; undefined for anything else. */
export function parseLonLat(value: string | null | undefined): [number, number] | undefined {
  if (!value) return undefined;
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite)) return undefined;
  const [lon, lat] = parts;
  return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? [lon, lat] : undefined;
}

export function cleanViewState(state: Partial<MapViewState>, fallback: MapViewState): MapViewState {
  const pick = (value: unknown, otherwise: number) => (typeof value === 'number' && Number.isFinite(value) ? value : otherwise);
  return {
    longitude: pick(state.longitude, fallback.longitude),
    latitude: pick(state.latitude, fallback.latitude),
    zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, pick(state.zoom, fallback.zoom))),
    pitch: pick(state.pitch, fallback.pitch),
    bearing: pick(state.bearing, fallback.bearing),
  };
}

export function sameView(a: MapViewState, b: MapViewState, epsilon = 1e-9): boolean {
  return (
    Math.abs(a.longitude - b.longitude) < epsilon &&
    Math.abs(a.latitude - b.latitude) < epsilon &&
    Math.abs(a.zoom - b.zoom) < epsilon &&
    Math.abs(a.pitch - b.pitch) < epsilon &&
    Math.abs(a.bearing - b.bearing) < epsilon
  );
}

export function unionBounds(list: readonly (LonLatBounds | null)[]): LonLatBounds | null {
  let result: LonLatBounds | null = null;
  for (const b of list) {
    if (!b || !b.every(Number.isFinite)) continue;
    result = result
      ? [Math.min(result[0], b[0]), Math.min(result[1], b[1]), Math.max(result[2], b[2]), Math.max(result[3], b[3])]
      : [...b];
  }
  return result;
}

/** The view (north-up, flat) that shows `bounds` in a `width` × `height` map. */
export function viewForBounds(
  bounds: LonLatBounds,
  size: { width: number; height: number },
  options: { padding?: number; maxZoom?: number } = {},
): Pick<MapViewState, 'longitude' | 'latitude' | 'zoom'> {
  const padding = Math.max(0, Math.min(options.padding ?? 40, Math.min(size.width, size.height) / 2 - 1));
  const viewport = new WebMercatorViewport({ width: size.width, height: size.height });
  const [west, south, east, north] = bounds;
  const { longitude, latitude, zoom } = viewport.fitBounds(
    [
      [west, south],
      [east, north],
    ],
    { padding, maxZoom: options.maxZoom ?? 18 },
  );
  return { longitude, latitude, zoom: Math.max(MIN_ZOOM, zoom) };
}

export interface FitOptions {
  padding?: number;
  maxZoom?: number;
  duration?: number;
}

/**
 * A `fitBounds` request a script made, made safe: `[west, south, east, north]` of finite degrees
 * (lon within ±180, lat within ±90, west ≤ east, south ≤ north), options kept only when they are
 * finite non-negative numbers. Null when the bounds are unusable.
 */
export function cleanFitRequest(bounds: unknown, options: unknown): { bounds: LonLatBounds; options: FitOptions } | null {
  if (!Array.isArray(bounds) || bounds.length !== 4 || !bounds.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  const [west, south, east, north] = bounds as LonLatBounds;
  if (Math.abs(west) > 180 || Math.abs(east) > 180 || Math.abs(south) > 90 || Math.abs(north) > 90 || west > east || south > north) return null;
  const given = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
  const clean = (key: keyof FitOptions, max: number) => {
    const value = Object.hasOwn(given, key) ? given[key] : undefined;
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max ? value : undefined;
  };
  return {
    bounds: [west, south, east, north],
    options: { padding: clean('padding', 10_000), maxZoom: clean('maxZoom', MAX_ZOOM), duration: clean('duration', 60_000) },
  };
}
