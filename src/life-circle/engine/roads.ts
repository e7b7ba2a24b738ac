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
  // Two passes: check and count, then fill typed arrays. Each valid feature's coordinates are kept
  // from the check (read once: a getter is never asked twice); a LineString's are not wrapped in a
  // one-line list, which 1.1M megacity roads would keep alive between the passes.
  const kind = new Uint8Array(features.length); // 0 skipped, 1 LineString, 2 MultiLineString
  const kept: unknown[] = new Array<unknown>(features.length);
  const checked: CheckedRoad = { multi: false, coordinates: null, vertices: 0, lines: 0 };
  let vertexCount = 0;
  let lineCount = 0;
  for (let index = 0; index < features.length; index++) {
    const featurePath = `${path}.features[${index}]`;
    try {
      if (!checkRoad(features[index], featurePath, issues, checked)) continue;
    } catch {
      // A feature that throws when read (a getter, a proxy): skipped, never the whole network.
      issues.error(featurePath, 'could not be read: skipped');
      continue;
    }
    kind[index] = checked.multi ? 2 : 1;
    kept[index] = checked.coordinates;
    vertexCount += checked.vertices;
    lineCount += checked.lines;
  }
  const coords = new Float64Array(vertexCount * 2);
  const lineStart = new Int32Array(lineCount + 1);
  const featureIndex = new Int32Array(lineCount);
  let v = 0;
  let l = 0;
  for (let index = 0; index < features.length; index++) {
    if (kind[index] === 0) continue;
    const parts = (kind[index] === 2 ? kept[index] : [kept[index]]) as [number, number][][];
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

/** What checkRoad found in a valid feature (one object, reused for every feature). */
interface CheckedRoad {
  multi: boolean;
  coordinates: unknown;
  vertices: number;
  lines: number;
}

/** True (and `out` filled) when a road feature's geometry is a valid LineString / MultiLineString; else reported. */
function checkRoad(feature: unknown, featurePath: string, issues: IssueCollector, out: CheckedRoad): boolean {
  const geometry = isRecord(feature) ? feature.geometry : undefined;
  if (!isRecord(geometry)) {
    issues.error(`${featurePath}.geometry`, 'missing geometry: skipped');
    return false;
  }
  const type = geometry.type;
  const coordinates = geometry.coordinates;
  const multi = type === 'MultiLineString';
  if (type !== 'LineString' && !(multi && Array.isArray(coordinates))) {
    issues.error(`${featurePath}.geometry.type`, `expected LineString, got ${describeValue(type)}: skipped`);
    return false;
  }
  const lines = multi ? (coordinates as unknown[]).length : 1;
  let vertices = 0;
  for (let p = 0; p < lines; p++) {
    const line = multi ? (coordinates as unknown[])[p] : coordinates;
    if (!Array.isArray(line) || line.length < 2) {
      issues.error(`${featurePath}.geometry.coordinates`, `a line needs at least 2 positions, got ${describeValue(line)}: skipped`);
      return false;
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
        return false;
      }
    }
    vertices += line.length;
  }
  out.multi = multi;
  out.coordinates = coordinates;
  out.vertices = vertices;
  out.lines = lines;
  return true;
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
