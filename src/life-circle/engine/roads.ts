import { IssueCollector, describeValue, isFiniteNumber, isRecord } from '../../core/validation';
import type { ValidationIssue } from '../../core/validation';
import type { BoundsAccumulator } from './projection';

/** Valid road lines as flat columns: vertex i of line l is `coords[2 * (lineStart[l] + i)]`. */
export interface RoadLines {
  /** lon, lat interleaved. */
  coords: Float64Array;
  /** Vertex offset of each line, plus one final entry (length lines + 1). */
  lineStart: Int32Array;
  /** Feature index of each line (a MultiLineString gives several lines). */
  featureIndex: Int32Array;
  /** Issues found while reading, when the lines were read elsewhere (e.g. packed on the main thread). */
  issues?: ValidationIssue[];
  issueCount?: number;
}

/**
 * Reads LineString / MultiLineString features; anything else, or lines with fewer than two
 * valid positions, is reported and skipped.
 */
export function readRoadLines(roads: unknown, issues: IssueCollector, path = 'roads', bounds?: BoundsAccumulator): RoadLines {
  let features: unknown[] | null = null;
  try {
    features = isRecord(roads) && Array.isArray(roads.features) ? Array.from(roads.features as unknown[]) : null;
  } catch {
    // a collection that throws when read (a getter, a revoked proxy): reported below as no collection
  }
  if (!features) {
    issues.error(path, `expected a GeoJSON FeatureCollection of LineStrings, got ${describeValue(roads)}: analysed without a network`);
    return { coords: new Float64Array(0), lineStart: Int32Array.of(0), featureIndex: new Int32Array(0) };
  }
  // Two passes: check and count (keeping each valid feature's lines, read once), then fill typed arrays.
  const valid: (unknown[][] | null)[] = new Array<unknown[][] | null>(features.length).fill(null);
  let vertexCount = 0;
  let lineCount = 0;
  for (let index = 0; index < features.length; index++) {
    const featurePath = `${path}.features[${index}]`;
    let parts: unknown[][] | null;
    try {
      parts = checkRoad(features[index], featurePath, issues);
    } catch {
      // A feature that throws when read (a getter, a proxy): skipped, never the whole network.
      issues.error(featurePath, 'could not be read: skipped');
      continue;
    }
    if (!parts) continue;
    valid[index] = parts;
    for (const line of parts) vertexCount += line.length;
    lineCount += parts.length;
  }
  const coords = new Float64Array(vertexCount * 2);
  const lineStart = new Int32Array(lineCount + 1);
  const featureIndex = new Int32Array(lineCount);
  let v = 0;
  let l = 0;
  for (let index = 0; index < features.length; index++) {
    const parts = valid[index] as [number, number][][] | null;
    if (!parts) continue;
    for (const line of parts) {
      lineStart[l] = v;
      featureIndex[l++] = index;
      for (let i = 0; i < line.length; i++) {
        const position = line[i]!;
        coords[2 * v] = position[0];
        coords[2 * v + 1] = position[1];
        bounds?.add(position[0], position[1]);
        v++;
      }
    }
  }
  lineStart[lineCount] = v;
  return { coords, lineStart, featureIndex };
}

/** The lines of a road feature when its geometry is a valid LineString / MultiLineString; else reported, null. */
function checkRoad(feature: unknown, featurePath: string, issues: IssueCollector): unknown[][] | null {
  const geometry = isRecord(feature) ? feature.geometry : undefined;
  if (!isRecord(geometry)) {
    issues.error(`${featurePath}.geometry`, 'missing geometry: skipped');
    return null;
  }
  const type = geometry.type;
  const coordinates = geometry.coordinates;
  const multi = type === 'MultiLineString';
  if (type !== 'LineString' && !(multi && Array.isArray(coordinates))) {
    issues.error(`${featurePath}.geometry.type`, `expected LineString, got ${describeValue(type)}: skipped`);
    return null;
  }
  const parts = (multi ? coordinates : [coordinates]) as unknown[];
  for (let p = 0; p < parts.length; p++) {
    const line = parts[p];
    if (!Array.isArray(line) || line.length < 2) {
      issues.error(`${featurePath}.geometry.coordinates`, `a line needs at least 2 positions, got ${describeValue(line)}: skipped`);
      return null;
    }
    for (let i = 0; i < line.length; i++) {
      const position: unknown = line[i];
      if (
        !Array.isArray(position) ||
        !isFiniteNumber(position[0]) ||
        !isFiniteNumber(position[1]) ||
        Math.abs(position[0]) > 180 ||
        Math.abs(position[1]) > 90
      ) {
        const where = multi ? `[${p}][${i}]` : `[${i}]`;
        issues.error(`${featurePath}.geometry.coordinates${where}`, `not a valid [lon, lat], got ${describeValue(position)}: feature skipped`);
        return null;
      }
    }
  }
  return parts as unknown[][];
}

export function isRoadLines(value: unknown): value is RoadLines {
  return isRecord(value) && value.coords instanceof Float64Array && value.lineStart instanceof Int32Array;
}


/**
 * Reads roads into flat typed arrays with their issues, ready to transfer to a worker: far
 * cheaper than posting a GeoJSON of a million segments (a structured clone of nested arrays).
 */
export function packRoads(roads: unknown, issueLimit = 1000): RoadLines {
  const issues = new IssueCollector(issueLimit);
  const lines = readRoadLines(roads, issues);
  return { ...lines, issues: issues.issues, issueCount: issues.total };
}

/** The buffers of packed roads, for `postMessage(…, transfer)`. */
export function roadTransferables(lines: RoadLines): ArrayBuffer[] {
  return [lines.coords.buffer as ArrayBuffer, lines.lineStart.buffer as ArrayBuffer, lines.featureIndex.buffer as ArrayBuffer];
}
