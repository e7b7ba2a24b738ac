import { IssueCollector, describeValue, isFiniteNumber, isRecord } from '../../core/validation';
import type { ValidationIssue } from '../../core/validation';
import { BoundsAccumulator } from './projection';
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
  /** Index of each residence in the input features. */
  featureIndex: Int32Array;
}

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
  /** Bounding box of everything valid, [minLon, minLat, maxLon, maxLat]. */
  bounds: [number, number, number, number] | null;
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
  const bounds = new BoundsAccumulator();
  const source: Partial<LifeCircleInput> = isRecord(input) ? input : {};
  if (!isRecord(input)) collector.error('input', `must be an object {residences, facilities, roads?}, got ${describeValue(input)}`);
  const residences = readResidences(source.residences, collector, bounds);
  const facilities = readFacilities(source.facilities, profile, collector, bounds);
  let roads: RoadLines | null = null;
  if (isRoadLines(source.roads)) {
    // Packed on another thread: take its issues and extent.
    roads = source.roads;
    for (const issue of roads.issues ?? []) collector.add(issue);
    collector.total += (roads.issueCount ?? roads.issues?.length ?? 0) - (roads.issues?.length ?? 0);
    const { coords } = roads;
    for (let i = 0; i < coords.length; i += 2) bounds.add(coords[i]!, coords[i + 1]!);
  } else if (source.roads !== undefined && source.roads !== null) roads = readRoadLines(source.roads, collector, 'roads', bounds);
  return { profile, residences, facilities, roads, bounds: bounds.bounds, issues: collector.issues, issueCount: collector.total };
}

function featuresOf(collection: unknown, path: string, issues: IssueCollector): unknown[] {
  if (collection === undefined || collection === null) {
    issues.error(path, 'missing: expected a GeoJSON FeatureCollection');
    return [];
  }
  if (!isRecord(collection) || !Array.isArray(collection.features)) {
    issues.error(path, `expected a GeoJSON FeatureCollection, got ${describeValue(collection)}`);
    return [];
  }
  return collection.features;
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

/** Area-weighted centroid of polygon outer rings; affine-invariant, so lon/lat arithmetic is exact under the local projection. */
function polygonCentroid(polygons: unknown[]): [number, number] | null {
  let area = 0;
  let cx = 0;
  let cy = 0;
  let sumX = 0;
  let sumY = 0;
  let count = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || !Array.isArray(polygon[0])) return null;
    const ring = polygon[0] as unknown[];
    if (ring.length < 3 || !ring.every(isPosition)) return null;
    const points = ring as [number, number][];
    const [ox, oy] = points[0]!;
    let ringArea = 0;
    let ringX = 0;
    let ringY = 0;
    for (let i = 0; i < points.length; i++) {
      const [x0, y0] = points[i]!;
      const [x1, y1] = points[(i + 1) % points.length]!;
      const a = (x0 - ox) * (y1 - oy) - (x1 - ox) * (y0 - oy);
      ringArea += a;
      ringX += (x0 - ox + x1 - ox) * a + 3 * ox * a;
      ringY += (y0 - oy + y1 - oy) * a + 3 * oy * a;
      sumX += x0;
      sumY += y0;
      count++;
    }
    // Parts may wind either way: weigh each by its absolute area.
    const sign = ringArea < 0 ? -1 : 1;
    area += sign * ringArea;
    cx += sign * ringX;
    cy += sign * ringY;
  }
  if (count === 0) return null;
  // Degenerate (zero-area) rings fall back to the vertex mean.
  if (Math.abs(area) < 1e-18) return [sumX / count, sumY / count];
  return [cx / (3 * area), cy / (3 * area)];
}

function readPoint(feature: Record<string, unknown>, path: string, issues: IssueCollector, allowPolygons: boolean): [number, number] | null {
  const geometry = feature.geometry;
  if (!isRecord(geometry)) {
    issues.error(`${path}.geometry`, `missing geometry: skipped`);
    return null;
  }
  if (geometry.type === 'Point') {
    if (!isPosition(geometry.coordinates)) {
      issues.error(`${path}.geometry.coordinates`, `not a valid [lon, lat], got ${describePosition(geometry.coordinates)}: skipped`);
      return null;
    }
    return [geometry.coordinates[0], geometry.coordinates[1]];
  }
  if (allowPolygons && (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon')) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const centre = Array.isArray(polygons) ? polygonCentroid(polygons) : null;
    if (!centre) {
      issues.error(`${path}.geometry.coordinates`, `invalid ${geometry.type} (rings need ≥ 3 finite [lon, lat]): skipped`);
      return null;
    }
    return centre;
  }
  issues.error(`${path}.geometry.type`, `expected ${allowPolygons ? 'Point or Polygon' : 'Point'}, got ${describeValue(geometry.type)}: skipped`);
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

function readText(value: unknown): string | null {
  return typeof value === 'string' ? value : isFiniteNumber(value) ? String(value) : null;
}

function readResidences(collection: unknown, issues: IssueCollector, bounds: BoundsAccumulator): ResidenceTable {
  const features = featuresOf(collection, 'residences', issues);
  const ids: string[] = [];
  const names: (string | null)[] = [];
  const street: (string | null)[] = [];
  const population: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  const featureIndex: number[] = [];
  const seen = new Set<string>();
  features.forEach((feature, index) => {
    const path = `residences.features[${index}]`;
    if (!isRecord(feature)) {
      issues.error(path, `not a Feature, got ${describeValue(feature)}: skipped`);
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const id = readId(properties.id);
    if (id === null) {
      issues.error(`${path}.properties.id`, `missing id (got ${describeValue(properties.id)}): skipped`);
      return;
    }
    if (seen.has(id)) {
      issues.error(`${path}.properties.id`, `duplicate id ${describeValue(id)}: skipped`);
      return;
    }
    const point = readPoint(feature, path, issues, true);
    if (!point) return;
    let people = properties.population;
    if (!isFiniteNumber(people) || people < 0) {
      issues.warn(`${path}.properties.population`, `missing or invalid population ${describeValue(people)}: analysed, but weighs 0 in coverage`);
      people = 0;
    }
    seen.add(id);
    ids.push(id);
    names.push(readText(properties.name));
    street.push(readId(properties.street));
    population.push(people as number);
    lon.push(point[0]);
    lat.push(point[1]);
    featureIndex.push(index);
    bounds.add(point[0], point[1]);
  });
  return {
    ids,
    names,
    street,
    population: Float64Array.from(population),
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    featureIndex: Int32Array.from(featureIndex),
  };
}

function readFacilities(collection: unknown, profile: StandardProfile, issues: IssueCollector, bounds: BoundsAccumulator): FacilityTable {
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
  features.forEach((feature, index) => {
    const path = `facilities.features[${index}]`;
    if (!isRecord(feature)) {
      issues.error(path, `not a Feature, got ${describeValue(feature)}: skipped`);
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const key = properties.category;
    if (typeof key !== 'string' || !known.has(key)) {
      issues.error(`${path}.properties.category`, `unknown category ${describeValue(key)} in profile ${profile.id}: skipped`);
      return;
    }
    const point = readPoint(feature, path, issues, false);
    if (!point) return;
    let id = readId(properties.id);
    if (id === null) {
      id = `#${index}`;
      issues.warn(`${path}.properties.id`, `missing id: reported as "${id}"`);
    } else if (seen.has(id)) {
      const renamed = `${id}#${index}`;
      issues.warn(`${path}.properties.id`, `duplicate id ${describeValue(id)}: reported as "${renamed}"`);
      id = renamed;
    }
    seen.add(id);
    ids.push(id);
    names.push(readText(properties.name));
    category.push(key);
    street.push(readId(properties.street));
    lon.push(point[0]);
    lat.push(point[1]);
    featureIndex.push(index);
    bounds.add(point[0], point[1]);
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
