import type { LocalProjectionInfo } from './types';

const EARTH_RADIUS = 6371008.8;
const RAD = Math.PI / 180;

/**
 * Equirectangular projection around the data's centre: x east, y north, metres. Over a city
 * (±0.3° of latitude) its east–west scale error is tan(lat)·Δlat ≈ 0.3% at 30°N, well under 1%;
 * north–south distances are exact up to the sphere. `maxScaleError` reports it for the data.
 */
export class LocalProjection {
  readonly kx: number;
  readonly ky: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
    readonly maxScaleError = 0,
  ) {
    this.ky = EARTH_RADIUS * RAD;
    this.kx = this.ky * Math.cos(lat0 * RAD);
  }

  /**
   * Fits the projection to a bounding box [minLon, minLat, maxLon, maxLat]: centred on it, with
   * the scale error reported over `extent` (default: the same box).
   */
  static fromBounds(
    bounds: readonly [number, number, number, number] | null,
    extent: readonly [number, number, number, number] | null = bounds,
  ): LocalProjection {
    if (!bounds) return new LocalProjection(0, 0, 0);
    const [minLon, minLat, maxLon, maxLat] = bounds;
    const lat0 = (minLat + maxLat) / 2;
    const cos0 = Math.cos(lat0 * RAD);
    const [, south, , north] = extent ?? bounds;
    const worst = Math.max(Math.abs(Math.cos(south * RAD) / cos0 - 1), Math.abs(Math.cos(north * RAD) / cos0 - 1));
    return new LocalProjection((minLon + maxLon) / 2, lat0, worst);
  }

  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
  lon(x: number): number {
    return x / this.kx + this.lon0;
  }
  lat(y: number): number {
    return y / this.ky + this.lat0;
  }

  info(): LocalProjectionInfo {
    return { type: 'equirectangular', lon0: this.lon0, lat0: this.lat0, maxScaleError: this.maxScaleError };
  }
}

/** Grows a [minLon, minLat, maxLon, maxLat] box; returns the box (allocated on first use). */
export class BoundsAccumulator {
  minLon = Infinity;
  minLat = Infinity;
  maxLon = -Infinity;
  maxLat = -Infinity;
  add(lon: number, lat: number): void {
    if (lon < this.minLon) this.minLon = lon;
    if (lon > this.maxLon) this.maxLon = lon;
    if (lat < this.minLat) this.minLat = lat;
    if (lat > this.maxLat) this.maxLat = lat;
  }
  get bounds(): [number, number, number, number] | null {
    return this.minLon <= this.maxLon ? [this.minLon, this.minLat, this.maxLon, this.maxLat] : null;
  }
}
