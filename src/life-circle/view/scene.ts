/**
 * What the life-circle map draws, as columns in the map's display CRS: residences (a marker
 * each, sized by population, plus the polygon where one was given), facilities and roads. Built
 * once per input from the same validation the engine runs, so its rows and ids match the
 * engine's; colours and visibility change without rebuilding it.
 */
import type { Position } from 'geojson';
import { isRecord } from '../../core/validation';
import type { FacilityTable, ResidenceTable } from '../engine/validate';
import type { RoadLines } from '../engine/roads';
import type { LifeCircleResult } from '../engine/types';
import type { FacilityEdit } from '../model/scenario';

export type PointTransform = (lon: number, lat: number) => [number, number];
export type Bounds = [number, number, number, number];

export interface ResidencePolygon {
  /** Row of the residence. */
  row: number;
  /** Rings (outer first) of one polygon part, display CRS. */
  polygon: Position[][];
}

export interface SceneResidences {
  ids: string[];
  names: (string | null)[];
  population: Float64Array;
  /** Management unit of each residence (`properties.grid`), null when it has none. */
  grid: (string | null)[];
  /** lon, lat interleaved, display CRS (the engine's measuring point: Point or area centroid). */
  positions: Float64Array;
  /** Marker radius in CSS pixels, growing with population. */
  radii: Float32Array;
  polygons: ResidencePolygon[];
  row: ReadonlyMap<string, number>;
}

export interface SceneFacilities {
  ids: string[];
  names: (string | null)[];
  category: string[];
  positions: Float64Array;
  row: ReadonlyMap<string, number>;
}

export interface SceneRoads {
  /** lon, lat interleaved, display CRS. */
  positions: Float64Array;
  /** Vertex index where each line starts (deck.gl `startIndices`), plus the total. */
  startIndices: Int32Array;
  length: number;
}

export interface LifeCircleScene {
  residences: SceneResidences;
  facilities: SceneFacilities;
  roads: SceneRoads | null;
  /** [west, south, east, north] of residences (with their outlines) and facilities (roads when there are none), display CRS. */
  bounds: Bounds | null;
}

/** Marker radius (px) for a population: 4 px for a hamlet, 11 px from ~5,600 people up. */
export function residenceRadius(population: number): number {
  const r = 3.5 + Math.sqrt(Math.max(0, population)) / 10;
  return Math.min(11, Math.max(4, r));
}

function transformColumns(lon: Float64Array, lat: Float64Array, transform: PointTransform | null): Float64Array {
  const out = new Float64Array(lon.length * 2);
  for (let i = 0; i < lon.length; i++) {
    const [x, y] = transform ? transform(lon[i]!, lat[i]!) : [lon[i]!, lat[i]!];
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;

/** Valid rings of a polygon's coordinates, converted; an invalid hole is dropped, an invalid outer ring drops the part. */
function polygonRings(coordinates: unknown, transform: PointTransform | null): Position[][] | null {
  if (!Array.isArray(coordinates)) return null;
  const rings: Position[][] = [];
  for (let i = 0; i < coordinates.length; i++) {
    const ring: unknown = coordinates[i];
    const ok = Array.isArray(ring) && ring.length >= 3 && ring.every(isPosition);
    if (!ok) {
      if (i === 0) return null;
      continue;
    }
    rings.push((ring as number[][]).map(([x, y]) => (transform ? transform(x!, y!) : [x!, y!])));
  }
  return rings.length ? rings : null;
}

function residencePolygons(table: ResidenceTable, features: readonly unknown[], transform: PointTransform | null): ResidencePolygon[] {
  const out: ResidencePolygon[] = [];
  for (let row = 0; row < table.ids.length; row++) {
    const feature = features[table.featureIndex[row]!];
    const geometry = isRecord(feature) ? feature.geometry : undefined;
    if (!isRecord(geometry) || !Array.isArray(geometry.coordinates)) continue;
    const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (const part of parts) {
      const polygon = polygonRings(part, transform);
      if (polygon) out.push({ row, polygon });
    }
  }
  return out;
}

function extend(bounds: Bounds | null, positions: Float64Array): Bounds | null {
  let [w, s, e, n] = bounds ?? [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 2) {
    const x = positions[i]!;
    const y = positions[i + 1]!;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return Number.isFinite(w) ? [w, s, e, n] : bounds;
}

/**
 * The scene for validated tables (WGS-84, as the engine reads them). `residenceFeatures` are the
 * input features the tables index into (for polygons); `toDisplay` converts WGS-84 to the map's CRS.
 */
export function buildScene(
  tables: { residences: ResidenceTable; facilities: FacilityTable },
  residenceFeatures: readonly unknown[],
  roads: RoadLines | null,
  toDisplay: PointTransform | null,
): LifeCircleScene {
  const r = tables.residences;
  const f = tables.facilities;
  const residencePositions = transformColumns(r.lon, r.lat, toDisplay);
  const facilityPositions = transformColumns(f.lon, f.lat, toDisplay);
  let sceneRoads: SceneRoads | null = null;
  if (roads && roads.lineStart.length > 1) {
    const positions = new Float64Array(roads.coords.length);
    for (let i = 0; i < roads.coords.length; i += 2) {
      const [x, y] = toDisplay ? toDisplay(roads.coords[i]!, roads.coords[i + 1]!) : [roads.coords[i]!, roads.coords[i + 1]!];
      positions[i] = x;
      positions[i + 1] = y;
    }
    sceneRoads = { positions, startIndices: roads.lineStart, length: roads.lineStart.length - 1 };
  }
  const polygons = residencePolygons(r, residenceFeatures, toDisplay);
  const outlines = Float64Array.from(polygons.flatMap((p) => (p.polygon[0] ?? []).flatMap((q) => [q[0]!, q[1]!])));
  let bounds = extend(extend(extend(null, residencePositions), outlines), facilityPositions);
  if (!bounds && sceneRoads) bounds = extend(null, sceneRoads.positions);
  return {
    residences: {
      ids: r.ids,
      names: r.names,
      population: r.population,
      grid: r.grid,
      positions: residencePositions,
      radii: Float32Array.from(r.population, residenceRadius),
      polygons,
      row: new Map(r.ids.map((id, i) => [id, i])),
    },
    facilities: {
      ids: f.ids,
      names: f.names,
      category: f.category,
      positions: facilityPositions,
      row: new Map(f.ids.map((id, i) => [id, i])),
    },
    roads: sceneRoads,
    bounds,
  };
}

/** Scores aligned with the scene's residence rows (NaN: no score, or not in the result). */
export function sceneScores(scene: LifeCircleScene, result: LifeCircleResult | null): Float64Array {
  const out = new Float64Array(scene.residences.ids.length).fill(NaN);
  if (!result) return out;
  const { residenceIds, score } = result.columns;
  const row = scene.residences.row;
  for (let i = 0; i < residenceIds.length; i++) {
    const r = row.get(residenceIds[i]!);
    if (r !== undefined) out[r] = score[i]!;
  }
  return out;
}

/** The name of residence or facility `id` (null: none given, or no such id). */
export function sceneName(table: SceneResidences | SceneFacilities, id: string): string | null {
  const row = table.row.get(id);
  return row === undefined ? null : (table.names[row] ?? null);
}

/** Rows of the facilities whose category is in `shown`. */
export function visibleFacilityRows(scene: LifeCircleScene, shown: ReadonlySet<string>): Int32Array {
  const rows: number[] = [];
  const { category } = scene.facilities;
  for (let i = 0; i < category.length; i++) if (shown.has(category[i]!)) rows.push(i);
  return Int32Array.from(rows);
}

/** Facility count per category key. */
export function facilityCounts(scene: LifeCircleScene): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of scene.facilities.category) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/**
 * The scene with a plan's facility edits (WGS-84 positions) applied, in `applyEdits`' order: the
 * baseline's facilities minus removed ones (moved ones in place), then the added ones. Residences
 * and roads are shared with `base`: an edit never validates or converts the whole input again.
 */
export function editScene(base: LifeCircleScene, edits: readonly FacilityEdit[], toDisplay: PointTransform | null): LifeCircleScene {
  if (edits.length === 0) return base;
  const f = base.facilities;
  const display = (p: [number, number]): [number, number] => (toDisplay ? toDisplay(p[0], p[1]) : [p[0], p[1]]);
  const moved = new Map<string, [number, number]>();
  const removed = new Set<string>();
  const added = new Map<string, { category: string; name: string | null; position: [number, number] }>();
  for (const edit of edits) {
    if (edit.kind === 'add') added.set(edit.id, { category: edit.category, name: edit.name ?? null, position: display(edit.position) });
    else if (edit.kind === 'remove') {
      if (!added.delete(edit.id)) removed.add(edit.id);
    } else if (added.has(edit.id)) added.get(edit.id)!.position = display(edit.position);
    else moved.set(edit.id, display(edit.position));
  }
  const ids: string[] = [];
  const names: (string | null)[] = [];
  const category: string[] = [];
  const positions: number[] = [];
  for (let row = 0; row < f.ids.length; row++) {
    const id = f.ids[row]!;
    if (removed.has(id)) continue;
    const at = moved.get(id);
    ids.push(id);
    names.push(f.names[row] ?? null);
    category.push(f.category[row]!);
    positions.push(at ? at[0] : f.positions[2 * row]!, at ? at[1] : f.positions[2 * row + 1]!);
  }
  for (const [id, facility] of added) {
    ids.push(id);
    names.push(facility.name);
    category.push(facility.category);
    positions.push(...facility.position);
  }
  const facilities: SceneFacilities = { ids, names, category, positions: Float64Array.from(positions), row: new Map(ids.map((id, i) => [id, i])) };
  return { ...base, facilities };
}
