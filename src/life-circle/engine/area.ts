import { quantile } from 'd3';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

/**
 * The study area, fitted robustly to the valid records (one point per residence, facility and
 * road line, so a long road counts once): its centre is the component-wise median, its radius
 * `AREA_RADIUS_FACTOR` times the median distance of the records from it, and never under
 * `MIN_AREA_RADIUS_KM` (both medians stand up to anything less than half the records being
 * wrong, where a max/min bounding box falls to a single one). A point outside it — a residence
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

/** A walkable life-circle analysis covers a city district: 50 km leaves room for a whole city. */
export const MIN_AREA_RADIUS_KM = 50;
export const AREA_RADIUS_FACTOR = 10;

/** The study area of the records' points (lon, lat arrays of equal length); null when there are none. */
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
  const spread = quantile(Float64Array.from(lon, (x, i) => distance(x, lat[i]!)), 0.5)!;
  return { lon: lon0, lat: lat0, radius: Math.max(MIN_AREA_RADIUS_KM, AREA_RADIUS_FACTOR * spread), distance };
}

/** Parameters of the localized message (`issue.life-outside-area`). */
export function outsideParams(area: StudyArea, km: number): Record<string, string> {
  return { value: `${km.toFixed(1)} km`, range: `${area.radius.toFixed(1)} km` };
}

/** "512.3 km from the data's centre (…)": the message for a point outside the area. */
export function outsideMessage(area: StudyArea, km: number): string {
  return (
    `${km.toFixed(1)} km from the centre of the data (median ${area.lon.toFixed(4)}, ${area.lat.toFixed(4)}; ` +
    `the study area reaches ${area.radius.toFixed(1)} km): outside the study area, skipped`
  );
}
