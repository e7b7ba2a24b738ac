import { quantile } from 'd3';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

/**
 * The study area, fitted robustly to every valid point (residences, facilities, road vertices):
 * its centre is the component-wise median, its radius a multiple of the distance within which
 * 90 % of the points lie (never under `MIN_AREA_RADIUS_KM`). A point outside it — a residence
 * typed in the wrong CRS, a road vertex at (0, 0), a facility 500 km off — is not part of a
 * walkable life circle: it is reported and skipped, so it can neither refit the local projection
 * (shifting every valid distance) nor enter the population totals.
 *
 * Outliers move the median and the quantile by at most a rank, far less than the margin between
 * the data and the radius, so the set of points inside — and with it the projection, fitted to
 * the inside points' bounds — is exactly the same with or without them.
 */
export interface StudyArea {
  lon: number;
  lat: number;
  /** Kilometres. */
  radius: number;
  /** Distance in km of a point from the centre (equirectangular at the centre's latitude; antimeridian-aware). */
  distance(lon: number, lat: number): number;
}

export const MIN_AREA_RADIUS_KM = 20;
export const AREA_RADIUS_FACTOR = 5;
export const AREA_QUANTILE = 0.9;

/** The study area of the points (lon, lat arrays of equal length); null when there are none. */
export function studyArea(lon: Float64Array, lat: Float64Array): StudyArea | null {
  if (lon.length === 0) return null;
  const lon0 = quantile(lon, 0.5)!;
  const lat0 = quantile(lat, 0.5)!;
  const kx = KM_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const distance = (x: number, y: number): number => {
    let dx = Math.abs(x - lon0);
    if (dx > 180) dx = 360 - dx;
    return Math.hypot(dx * kx, (y - lat0) * KM_PER_DEGREE);
  };
  const spread = quantile(Float64Array.from(lon, (x, i) => distance(x, lat[i]!)), AREA_QUANTILE)!;
  return { lon: lon0, lat: lat0, radius: Math.max(MIN_AREA_RADIUS_KM, AREA_RADIUS_FACTOR * spread), distance };
}

/** "512.3 km from the data's centre (…)": the message for a point outside the area. */
export function outsideMessage(area: StudyArea, km: number): string {
  return (
    `${km.toFixed(1)} km from the centre of the data (median ${area.lon.toFixed(4)}, ${area.lat.toFixed(4)}; ` +
    `the study area reaches ${area.radius.toFixed(1)} km): outside the study area, skipped`
  );
}
