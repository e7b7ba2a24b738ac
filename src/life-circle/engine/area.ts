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
  /** `distance(lon, lat) <= radius`, without a square root for all but points right at the edge. */
  contains(lon: number, lat: number): boolean;
}

/** A walkable life-circle analysis covers a city district: 50 km leaves room for a whole city. */
export const MIN_AREA_RADIUS_KM = 50;
export const AREA_RADIUS_FACTOR = 10;

/** The study area of the records' points (lon, lat arrays of equal length); null when there are none. */
export function studyArea(lon: Float64Array, lat: Float64Array): StudyArea | null {
  if (lon.length === 0) return null;
  // One scratch column for the three medians (at city scale each copy is megabytes, and every
  // few dozen megabytes of new buffers cost a full garbage collection).
  const scratch = new Float64Array(lon.length);
  const centre = areaAround(median(lon, scratch), median(lat, scratch), 0);
  for (let i = 0; i < lon.length; i++) scratch[i] = centre.distance(lon[i]!, lat[i]!);
  return areaAround(centre.lon, centre.lat, Math.max(MIN_AREA_RADIUS_KM, AREA_RADIUS_FACTOR * median(scratch, scratch)));
}

/** The study area with this centre and radius (km). */
export function areaAround(lon0: number, lat0: number, radius: number): StudyArea {
  const kx = KM_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const distance = (x: number, y: number): number => {
    let dx = Math.abs(x - lon0);
    if (dx > 180) dx = 360 - dx;
    return Math.hypot(dx * kx, (y - lat0) * KM_PER_DEGREE);
  };
  // Squared-distance test with a margin far wider than rounding; only points in it take the exact path.
  const inner = radius * radius * (1 - 1e-9);
  const outer = radius * radius * (1 + 1e-9);
  const contains = (x: number, y: number): boolean => {
    let dx = Math.abs(x - lon0);
    if (dx > 180) dx = 360 - dx;
    const ex = dx * kx;
    const ey = (y - lat0) * KM_PER_DEGREE;
    const sq = ex * ex + ey * ey;
    if (sq < inner) return true;
    if (sq > outer || sq !== sq) return false;
    return distance(x, y) <= radius;
  };
  return { lon: lon0, lat: lat0, radius, distance, contains };
}

/**
 * The median (as `median` gives it) of a sorted multiset after taking out `removed` (values it
 * holds) and putting in `added`, without sorting again: the answer is one of the values within
 * (removed + added + 1) ranks of the old middle, or an added one.
 */
export function medianAfterChange(sorted: Float64Array, removed: readonly number[], added: readonly number[]): number {
  const n = sorted.length - removed.length + added.length;
  if (n <= 0) return NaN;
  const i = (n - 1) * 0.5;
  const i0 = Math.floor(i);
  const value0 = kthAfterChange(sorted, removed, added, i0);
  if (n === 1) return value0;
  const value1 = kthAfterChange(sorted, removed, added, i0 + 1);
  return value0 + (value1 - value0) * (i - i0);
}

/** The k-th smallest (0-based) of `sorted` − `removed` + `added`. */
function kthAfterChange(sorted: Float64Array, removed: readonly number[], added: readonly number[], k: number): number {
  const reach = removed.length + added.length + 1;
  const candidates = [...sorted.subarray(Math.max(0, k - reach), Math.min(sorted.length, k + reach + 1)), ...added].sort((a, b) => a - b);
  // The smallest candidate with more than k values at or below it.
  for (const v of candidates) {
    let atOrBelow = upperBound(sorted, v);
    for (const r of removed) if (r <= v) atOrBelow--;
    for (const a of added) if (a <= v) atOrBelow++;
    if (atOrBelow > k) return v;
  }
  return NaN;
}

/** Count of values ≤ v in a sorted array. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The median as d3's `quantile(values, 0.5)` gives it (the mean of the two middle values for an
 * even count; NaN skipped), by selection on a copy instead of d3's generic iteration: the study
 * area takes three medians over every record and road line.
 */
export function median(values: Float64Array, scratch = new Float64Array(values.length)): number {
  // A copy without NaN (into `scratch`, which may be `values` itself), by a plain loop (typed-array filter calls back per element).
  const all = scratch;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) all[n++] = v;
  }
  const a = all.subarray(0, n);
  if (n === 0) return NaN;
  if (n === 1) return a[0]!;
  const i = (n - 1) * 0.5;
  const i0 = Math.floor(i);
  select(a, i0);
  const value0 = a[i0]!;
  let value1 = Infinity;
  for (let k = i0 + 1; k < n; k++) if (a[k]! < value1) value1 = a[k]!;
  return value0 + (value1 - value0) * (i - i0);
}

/** Rearranges `a` so that a[k] is its k-th smallest value, smaller ones before, larger after (Hoare quickselect, median-of-three pivot). */
function select(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three as the pivot, placed at k's side of the range.
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
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
