import { area, centerOfMass, centroid } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { IssueCollector, describeValue, isFiniteNumber, isRecord } from '../../core/validation';
import type { ValidationIssue } from '../../core/validation';
import { BoundsAccumulator } from './projection';
import { outsideMessage, outsideParams, studyArea, type StudyArea } from './area';
import { resolveProfile } from './standards';
import { isRoadLines, readRoadLines } from './roads';
import type { RoadLines } from './roads';
import type { LifeCircleInput, ProfileInput, StandardProfile } from './types';

/** Residences that passed validation, as columns. Polygons are measured from their area centroid. */
export interface ResidenceTable {
  ids: string[];
  names: (string | null)[];
  population: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** `properties.street` when residences carry it (enables per-street rules), else null. */
  street: (string | null)[];
  /** `properties.grid`: the management unit the residence lies in (a `<city-scope>` selects by it), else null. */
  grid: (string | null)[];
  /** Index of each residence in the input features. */
  featureIndex: Int32Array;
}

/** Residents of one residence above which the value is rejected (a whole city is far below it). */
export const MAX_POPULATION = 1e8;

export interface FacilityTable {
  ids: string[];
  names: (string | null)[];
  category: string[];
  /** `properties.street` when present. */
  street: (string | null)[];
  lon: Float64Array;
  lat: Float64Array;
  featureIndex: Int32Array;
}

export interface ValidatedLifeCircleInput {
  profile: StandardProfile;
  residences: ResidenceTable;
  facilities: FacilityTable;
  roads: RoadLines | null;
  /** Bounding box of everything valid (inside the study area), [minLon, minLat, maxLon, maxLat]. */
  bounds: [number, number, number, number] | null;
  /** Bounding box of the valid road vertices: what a network analysis fits its projection to. */
  roadBounds: [number, number, number, number] | null;
  /** The study area; points outside it were skipped (null without any valid point). */
  area: StudyArea | null;
  issues: ValidationIssue[];
  issueCount: number;
}

export interface ValidateOptions {
  profile?: ProfileInput;
  issueLimit?: number;
}

/**
 * Checks residences, facilities, roads and the profile; keeps the valid records and reports the
 * rest with paths like `facilities.features[7].properties.category`. Never throws on data.
 */
export function validateLifeCircleInput(
  input: LifeCircleInput,
  options: ValidateOptions = {},
  collector = new IssueCollector(options.issueLimit ?? 1000),
): ValidatedLifeCircleInput {
  const profile = resolveProfile(options.profile, collector);
  const source = readInput(input, collector);
  let residences = readResidences(source.residences, collector);
  let facilities = readFacilities(source.facilities, profile, collector);
  let roads: RoadLines | null = null;
  if (isPackedRoads(source.roads)) {
    // Packed on another thread: take its issues.
    roads = source.roads;
    for (const issue of roads.issues ?? []) collector.add(issue);
    collector.total += (roads.issueCount ?? roads.issues?.length ?? 0) - (roads.issues?.length ?? 0);
  } else if (source.roads !== undefined && source.roads !== null) roads = readRoadLines(source.roads, collector, 'roads');

  // Points far outside the study area are skipped before anything is measured (see area.ts).
  const area = studyArea(recordColumn(residences.lon, facilities.lon, roads, 0), recordColumn(residences.lat, facilities.lat, roads, 1));
  if (area) {
    residences = keepInside(residences, 'residences', area, collector);
    facilities = keepInside(facilities, 'facilities', area, collector);
    if (roads) roads = roadsInside(roads, area, collector);
  }
  const bounds = new BoundsAccumulator();
  for (const table of [residences, facilities]) for (let i = 0; i < table.lon.length; i++) bounds.add(table.lon[i]!, table.lat[i]!);
  const roadBounds = new BoundsAccumulator();
  if (roads) {
    const { coords } = roads;
    for (let i = 0; i < coords.length; i += 2) {
      bounds.add(coords[i]!, coords[i + 1]!);
      roadBounds.add(coords[i]!, coords[i + 1]!);
    }
  }
  return {
    profile,
    residences,
    facilities,
    roads,
    bounds: bounds.bounds,
    roadBounds: roadBounds.bounds,
    area,
    issues: collector.issues,
    issueCount: collector.total,
  };
}

/**
 * One coordinate (lon with offset 0, lat with 1) of every record: residences, facilities, and one
 * point per road line (its middle vertex: a line is one record), in one column.
 */
function recordColumn(residences: Float64Array, facilities: Float64Array, roads: RoadLines | null, offset: number): Float64Array {
  const lines = roads ? roads.lineStart.length - 1 : 0;
  const out = new Float64Array(residences.length + facilities.length + lines);
  out.set(residences);
  out.set(facilities, residences.length);
  if (roads) {
    const { coords, lineStart } = roads;
    const at = residences.length + facilities.length;
    for (let l = 0; l < lines; l++) out[at + l] = coords[2 * ((lineStart[l]! + lineStart[l + 1]!) >> 1) + offset]!;
  }
  return out;
}

/** The rows of a table inside the area; the others are reported (record and field) and dropped. */
function keepInside<T extends ResidenceTable | FacilityTable>(table: T, name: string, area: StudyArea, issues: IssueCollector): T {
  const keep = new Uint8Array(table.lon.length);
  let dropped = 0;
  for (let i = 0; i < keep.length; i++) {
    if (area.contains(table.lon[i]!, table.lat[i]!)) keep[i] = 1;
    else {
      const km = area.distance(table.lon[i]!, table.lat[i]!);
      dropped++;
      issues.error(`${name}.features[${table.featureIndex[i]}].geometry.coordinates`, outsideMessage(area, km), 'life-outside-area', outsideParams(area, km));
    }
  }
  if (dropped === 0) return table;
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(table)) {
    if (Array.isArray(column)) out[key] = column.filter((_, i) => keep[i] === 1);
    else out[key] = (column as Float64Array | Int32Array).filter((_, i) => keep[i] === 1);
  }
  return out as T;
}

/** Road features with a vertex outside the area are reported at that vertex and dropped whole. */
function roadsInside(roads: RoadLines, area: StudyArea, issues: IssueCollector): RoadLines {
  const { coords, lineStart, featureIndex } = roads;
  const lines = featureIndex.length;
  const badFeature = new Set<number>();
  for (let l = 0; l < lines; l++) {
    const feature = featureIndex[l]!;
    if (badFeature.has(feature)) continue;
    for (let v = lineStart[l]!; v < lineStart[l + 1]!; v++) {
      if (area.contains(coords[2 * v]!, coords[2 * v + 1]!)) continue;
      const km = area.distance(coords[2 * v]!, coords[2 * v + 1]!);
      badFeature.add(feature);
      // Part index within a MultiLineString: lines of the same feature before this one.
      let part = 0;
      for (let k = l - 1; k >= 0 && featureIndex[k] === feature; k--) part++;
      const multi = (l > 0 && featureIndex[l - 1] === feature) || (l + 1 < lines && featureIndex[l + 1] === feature);
      const where = multi ? `[${part}][${v - lineStart[l]!}]` : `[${v - lineStart[l]!}]`;
      issues.error(`roads.features[${feature}].geometry.coordinates${where}`, outsideMessage(area, km).replace(/skipped$/, 'road skipped'), 'life-outside-area', outsideParams(area, km));
      break;
    }
  }
  if (badFeature.size === 0) return roads;
  let vertexCount = 0;
  let lineCount = 0;
  for (let l = 0; l < lines; l++) {
    if (badFeature.has(featureIndex[l]!)) continue;
    vertexCount += lineStart[l + 1]! - lineStart[l]!;
    lineCount++;
  }
  const outCoords = new Float64Array(2 * vertexCount);
  const outStart = new Int32Array(lineCount + 1);
  const outFeature = new Int32Array(lineCount);
  let v = 0;
  let n = 0;
  for (let l = 0; l < lines; l++) {
    if (badFeature.has(featureIndex[l]!)) continue;
    outStart[n] = v;
    outFeature[n++] = featureIndex[l]!;
    outCoords.set(coords.subarray(2 * lineStart[l]!, 2 * lineStart[l + 1]!), 2 * v);
    v += lineStart[l + 1]! - lineStart[l]!;
  }
  outStart[lineCount] = v;
  return { coords: outCoords, lineStart: outStart, featureIndex: outFeature };
}

/** The three inputs, each read once; input that is no object (or throws when read) is reported. */
function readInput(input: unknown, issues: IssueCollector): Partial<LifeCircleInput> {
  try {
    if (isRecord(input)) return { residences: input.residences, facilities: input.facilities, roads: input.roads } as Partial<LifeCircleInput>;
  } catch {
    issues.error('input', 'could not be read');
    return {};
  }
  issues.error('input', `must be an object {residences, facilities, roads?}, got ${describeValue(input)}`);
  return {};
}

/** Roads packed on another thread; false for anything else, also input that throws when read. */
function isPackedRoads(roads: unknown): roads is RoadLines {
  try {
    return isRoadLines(roads);
  } catch {
    return false;
  }
}

function featuresOf(collection: unknown, path: string, issues: IssueCollector): unknown[] {
  if (collection === undefined || collection === null) {
    issues.error(path, 'missing: expected a GeoJSON FeatureCollection');
    return [];
  }
  try {
    if (isRecord(collection) && Array.isArray(collection.features)) return Array.from(collection.features as unknown[]);
  } catch {
    issues.error(path, 'could not be read: expected a GeoJSON FeatureCollection');
    return [];
  }
  issues.error(path, `expected a GeoJSON FeatureCollection, got ${describeValue(collection)}`);
  return [];
}

/** Reads each feature; one that throws when read (a getter, a proxy) is reported and skipped, never the whole input. */
function eachFeature(features: readonly unknown[], name: string, issues: IssueCollector, read: (feature: unknown, index: number) => void): void {
  for (let index = 0; index < features.length; index++) {
    try {
      read(features[index], index);
    } catch {
      issues.error(`${name}.features[${index}]`, 'could not be read: skipped');
    }
  }
}

function isPosition(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    isFiniteNumber(value[0]) &&
    isFiniteNumber(value[1]) &&
    Math.abs(value[0]) <= 180 &&
    Math.abs(value[1]) <= 90
  );
}

/** Why a ring is unusable (null when it is fine): fewer than 3 positions or a bad position. */
function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring)) return `not a ring, got ${describeValue(ring)}`;
  if (ring.length < 3) return `${ring.length} position(s), a ring needs at least 3`;
  for (let i = 0; i < ring.length; i++) {
    if (!isPosition(ring[i])) return `position [${i}] is not a valid [lon, lat], got ${describePosition(ring[i])}`;
  }
  return null;
}

/**
 * Checks every ring of every part and returns the outer rings, or null (reported) when an outer
 * ring — or the structure — is unusable. A bad hole is reported as a warning and ignored: the
 * residence is measured from its outer rings' area centroid, which no hole moves, so its
 * population still counts rather than vanishing for a drawing defect (the map leaves the hole out).
 */
function outerRings(multi: boolean, coordinates: unknown, path: string, issues: IssueCollector): [number, number][][] | null {
  const parts = multi ? coordinates : [coordinates];
  if (!Array.isArray(parts) || parts.length === 0) {
    issues.error(path, `expected ${multi ? 'an array of polygons' : 'an array of rings'}, got ${describeValue(coordinates)}: skipped`);
    return null;
  }
  const outers: [number, number][][] = [];
  for (let p = 0; p < parts.length; p++) {
    const part: unknown = parts[p];
    const partPath = multi ? `${path}[${p}]` : path;
    if (!Array.isArray(part) || part.length === 0) {
      issues.error(partPath, `a polygon needs an outer ring, got ${describeValue(part)}: skipped`);
      return null;
    }
    for (let r = 0; r < part.length; r++) {
      const problem = ringProblem(part[r]);
      if (!problem) continue;
      if (r === 0) {
        issues.error(`${partPath}[0]`, `invalid outer ring: ${problem}: skipped`, 'invalid-geometry', { detail: problem });
        return null;
      }
      issues.warn(`${partPath}[${r}]`, `invalid hole: ${problem}: hole ignored, the residence is measured from its outer ring`, 'invalid-geometry', {
        detail: `${problem} (hole ignored)`,
      });
    }
    outers.push(part[0] as [number, number][]);
  }
  return outers;
}

/**
 * Centre of polygon outer rings (checked by `outerRings`; a ring may be left open): Turf's centre
 * of mass of each part (planar in lon/lat, so exact under the local projection), parts weighed
 * by their area; a part without area counts by its vertex mean. Self-touching rings are fine here.
 */
function polygonCentroid(rings: [number, number][][]): [number, number] | null {
  if (rings.length === 0) return null;
  const parts: Polygon[] = rings.map((ring) => ({ type: 'Polygon', coordinates: [closed(ring)] }));
  if (parts.length === 1) return centreOf(parts[0]!);
  let weight = 0;
  let x = 0;
  let y = 0;
  for (const part of parts) {
    // Parts of one residence lie within a few hundred metres: their spherical areas weigh them as their planar ones do.
    const a = area(part);
    const [cx, cy] = centreOf(part);
    weight += a;
    x += a * cx;
    y += a * cy;
  }
  if (weight === 0) return centroid({ type: 'MultiPolygon', coordinates: parts.map((part) => part.coordinates) }).geometry.coordinates as [number, number];
  return [x / weight, y / weight];
}

function centreOf(part: Polygon): [number, number] {
  const [x, y] = centerOfMass(part).geometry.coordinates;
  return [x!, y!];
}

/** The ring with its first position repeated at the end (Turf's measures read rings as closed). */
function closed(ring: [number, number][]): Position[] {
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

function featurePath(name: string, index: number): string {
  return `${name}.features[${index}]`;
}

function readPoint(feature: Record<string, unknown>, name: string, index: number, issues: IssueCollector, allowPolygons: boolean): [number, number] | null {
  const geometry = feature.geometry;
  if (!isRecord(geometry)) {
    issues.error(`${featurePath(name, index)}.geometry`, `missing geometry: skipped`);
    return null;
  }
  if (geometry.type === 'Point') {
    if (!isPosition(geometry.coordinates)) {
      issues.error(`${featurePath(name, index)}.geometry.coordinates`, `not a valid [lon, lat], got ${describePosition(geometry.coordinates)}: skipped`);
      return null;
    }
    return [geometry.coordinates[0], geometry.coordinates[1]];
  }
  if (allowPolygons && (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon')) {
    const outers = outerRings(geometry.type === 'MultiPolygon', geometry.coordinates, `${featurePath(name, index)}.geometry.coordinates`, issues);
    const centre = outers ? polygonCentroid(outers) : null;
    if (outers && !centre) issues.error(`${featurePath(name, index)}.geometry.coordinates`, `invalid ${geometry.type} (no ring): skipped`);
    return centre;
  }
  issues.error(`${featurePath(name, index)}.geometry.type`, `expected ${allowPolygons ? 'Point or Polygon' : 'Point'}, got ${describeValue(geometry.type)}: skipped`);
  return null;
}

function describePosition(value: unknown): string {
  return Array.isArray(value) ? `[${value.slice(0, 2).map((v) => describeValue(v)).join(', ')}]` : describeValue(value);
}

function readId(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (isFiniteNumber(value)) return String(value);
  return null;
}

/**
 * An optional text field (name, street) of feature `index` of `name`: absent is fine; any other
 * type is reported and ignored. The path is written only for a report (not once per record).
 */
function readText(value: unknown, name: string, index: number, field: string, issues: IssueCollector): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (isFiniteNumber(value)) return String(value);
  issues.warn(`${name}.features[${index}].properties.${field}`, `expected text, got ${describeValue(value)}: ignored`);
  return null;
}

/** A reference to another record (`street`, `grid`): text or a number; an empty string is none. */
function readReference(value: unknown, name: string, index: number, field: string, issues: IssueCollector): string | null {
  return value === '' ? null : readText(value, name, index, field, issues);
}

/** Properties of a feature without any (read only). */
const NO_PROPERTIES: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

function readResidences(collection: unknown, issues: IssueCollector): ResidenceTable {
  const features = featuresOf(collection, 'residences', issues);
  const ids: string[] = [];
  const names: (string | null)[] = [];
  const street: (string | null)[] = [];
  const grid: (string | null)[] = [];
  const population: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  const featureIndex: number[] = [];
  const seen = new Set<string>();
  const name = 'residences';
  // Every field is read before anything is kept: a feature that throws midway leaves no partial row.
  eachFeature(features, name, issues, (feature, index) => {
    if (!isRecord(feature)) {
      issues.error(`${name}.features[${index}]`, `not a Feature, got ${describeValue(feature)}: skipped`);
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : NO_PROPERTIES;
    const id = readId(properties.id);
    if (id === null) {
      issues.error(`${name}.features[${index}].properties.id`, `missing id (got ${describeValue(properties.id)}): skipped`);
      return;
    }
    if (seen.has(id)) {
      issues.error(`${name}.features[${index}].properties.id`, `duplicate id ${describeValue(id)}: skipped`);
      return;
    }
    const point = readPoint(feature, name, index, issues, true);
    if (!point) return;
    let people = properties.population;
    // Above MAX_POPULATION a value is a typo or a sentinel (1e308 would overflow every total).
    if (!isFiniteNumber(people) || people < 0 || people > MAX_POPULATION) {
      issues.warn(`${name}.features[${index}].properties.population`, `missing or invalid population ${describeValue(people)}: analysed, but weighs 0 in coverage`);
      people = 0;
    }
    const text = readText(properties.name, name, index, 'name', issues);
    const streetId = readReference(properties.street, name, index, 'street', issues);
    const gridId = readReference(properties.grid, name, index, 'grid', issues);
    seen.add(id);
    ids.push(id);
    names.push(text);
    street.push(streetId);
    grid.push(gridId);
    population.push(people as number);
    lon.push(point[0]);
    lat.push(point[1]);
    featureIndex.push(index);
  });
  return {
    ids,
    names,
    street,
    grid,
    population: Float64Array.from(population),
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    featureIndex: Int32Array.from(featureIndex),
  };
}

function readFacilities(collection: unknown, profile: StandardProfile, issues: IssueCollector): FacilityTable {
  const features = featuresOf(collection, 'facilities', issues);
  const known = new Set(profile.categories.map((c) => c.key));
  const ids: string[] = [];
  const names: (string | null)[] = [];
  const category: string[] = [];
  const street: (string | null)[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  const featureIndex: number[] = [];
  const seen = new Set<string>();
  const name = 'facilities';
  eachFeature(features, name, issues, (feature, index) => {
    if (!isRecord(feature)) {
      issues.error(`${name}.features[${index}]`, `not a Feature, got ${describeValue(feature)}: skipped`);
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : NO_PROPERTIES;
    const key = properties.category;
    if (typeof key !== 'string' || !known.has(key)) {
      issues.error(`${name}.features[${index}].properties.category`, `unknown category ${describeValue(key)} in profile ${profile.id}: skipped`);
      return;
    }
    const point = readPoint(feature, name, index, issues, false);
    if (!point) return;
    let id = readId(properties.id);
    if (id === null) {
      id = `#${index}`;
      issues.warn(`${name}.features[${index}].properties.id`, `missing id: reported as "${id}"`);
    } else if (seen.has(id)) {
      const renamed = `${id}#${index}`;
      issues.warn(`${name}.features[${index}].properties.id`, `duplicate id ${describeValue(id)}: reported as "${renamed}"`);
      id = renamed;
    }
    const text = readText(properties.name, name, index, 'name', issues);
    const streetId = readReference(properties.street, name, index, 'street', issues);
    seen.add(id);
    ids.push(id);
    names.push(text);
    category.push(key);
    street.push(streetId);
    lon.push(point[0]);
    lat.push(point[1]);
    featureIndex.push(index);
  });
  return {
    ids,
    names,
    category,
    street,
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    featureIndex: Int32Array.from(featureIndex),
  };
}
