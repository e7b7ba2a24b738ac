/**
 * CRS evidence from the data itself: a file's points usually lie along the streets, so when roads
 * are already loaded, the CRS that puts most of a sample of the points within a few tens of metres
 * of a road is proposed — the GCJ-02 and BD-09 shifts (≈ 300–700 m in cities) are far larger. A
 * proposal only when one CRS fits clearly (at least half the sample, twice any other), else none.
 */
import KDBush from 'kdbush';
import { crsTransform, CRS_NAMES, type Crs } from '../../core/crs';
import type { CrsHint } from './columns';
import type { ImportTable } from './table';
import type { ColumnMapping } from './columns';

/** Road vertices in WGS-84 (`[lon, lat, lon, lat, …]`) and where each line starts (as the engine packs them). */
export interface RoadCoordinates {
  coords: Float64Array;
  lineStart: Int32Array;
}

const METRES_PER_DEGREE = 111_320;
/** Points within this many metres of a road count as on it. */
export const ON_ROAD_METRES = 60;
const SAMPLE = 300;
/** Roads are sampled every this many metres, so a long straight segment is not empty in the middle. */
const STEP_METRES = 25;
const MAX_ROAD_POINTS = 2_000_000;

/** Up to `max` points of a table spread over its rows, as file coordinates: lon/lat columns or Point geometries. */
export function samplePoints(table: ImportTable, mapping: ColumnMapping, max = SAMPLE): [number, number][] {
  const points: [number, number][] = [];
  const rows = table.rows.length;
  const step = Math.max(1, Math.floor(rows / max));
  for (let r = 0; r < rows && points.length < max; r += step) {
    let point: [number, number] | null = null;
    if (mapping.lon !== null && mapping.lat !== null) point = [Number(table.rows[r]![mapping.lon]), Number(table.rows[r]![mapping.lat])];
    else {
      const geometry = table.geometries?.[r];
      if (geometry?.type === 'Point') point = [geometry.coordinates[0]!, geometry.coordinates[1]!];
    }
    if (point && Number.isFinite(point[0]) && Number.isFinite(point[1])) points.push(point);
  }
  return points;
}

/** The CRS in which `points` lie along `roads` (see the module comment), or null. */
export function crsHintFromRoads(points: readonly [number, number][], roads: RoadCoordinates | null): CrsHint | null {
  if (!roads || points.length === 0 || roads.coords.length < 4) return null;
  const { coords, lineStart } = roads;
  const lat0 = coords[1]!;
  const kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const ky = METRES_PER_DEGREE;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let line = 0; line + 1 < lineStart.length && xs.length < MAX_ROAD_POINTS; line++) {
    for (let v = lineStart[line]!; v < lineStart[line + 1]!; v++) {
      const x = coords[2 * v]! * kx;
      const y = coords[2 * v + 1]! * ky;
      xs.push(x);
      ys.push(y);
      if (v + 1 === lineStart[line + 1]) break;
      const dx = coords[2 * v + 2]! * kx - x;
      const dy = coords[2 * v + 3]! * ky - y;
      const steps = Math.floor(Math.hypot(dx, dy) / STEP_METRES);
      for (let s = 1; s < steps; s++) {
        xs.push(x + (dx * s) / steps);
        ys.push(y + (dy * s) / steps);
      }
    }
  }
  const index = new KDBush(xs.length);
  for (let i = 0; i < xs.length; i++) index.add(xs[i]!, ys[i]!);
  index.finish();
  const share = CRS_NAMES.map((crs) => {
    const toWgs = crsTransform(crs, 'wgs84');
    let on = 0;
    for (const [lon, lat] of points) {
      const [x, y] = toWgs(lon, lat);
      if (index.within(x * kx, y * ky, ON_ROAD_METRES).length > 0) on++;
    }
    return { crs, share: on / points.length };
  }).sort((a, b) => b.share - a.share);
  const [best, next] = share as [{ crs: Crs; share: number }, { crs: Crs; share: number }];
  if (best.share < 0.5 || best.share < 2 * next.share) return null;
  return { crs: best.crs, evidence: 'roads', source: `${Math.round(best.share * 100)}%` };
}
