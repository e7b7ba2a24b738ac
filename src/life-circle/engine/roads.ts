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
  const features = isRecord(roads) && Array.isArray(roads.features) ? roads.features : null;
  if (!features) {
    issues.error(path, `expected a GeoJSON FeatureCollection of LineStrings, got ${describeValue(roads)}: analysed without a network`);
    return { coords: new Float64Array(0), lineStart: Int32Array.of(0), featureIndex: new Int32Array(0) };
  }
  // Two passes: check and count (remembering only which features are valid), then fill typed arrays.
  const valid = new Uint8Array(features.length);
  let vertexCount = 0;
  let lineCount = 0;
  for (let index = 0; index < features.length; index++) {
    const feature: unknown = features[index];
    const featurePath = `${path}.features[${index}]`;
    const geometry = isRecord(feature) ? feature.geometry : undefined;
    if (!isRecord(geometry)) {
      issues.error(`${featurePath}.geometry`, 'missing geometry: skipped');
      continue;
    }
    const multi = geometry.type === 'MultiLineString';
    if (geometry.type !== 'LineString' && !(multi && Array.isArray(geometry.coordinates))) {
      issues.error(`${featurePath}.geometry.type`, `expected LineString, got ${describeValue(geometry.type)}: skipped`);
      continue;
    }
    const parts = (multi ? geometry.coordinates : [geometry.coordinates]) as unknown[];
    let ok = true;
    let vertices = 0;
    for (let p = 0; p < parts.length && ok; p++) {
      const line = parts[p];
      if (!Array.isArray(line) || line.length < 2) {
        issues.error(`${featurePath}.geometry.coordinates`, `a line needs at least 2 positions, got ${describeValue(line)}: skipped`);
        ok = false;
        break;
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
          ok = false;
          break;
        }
      }
      vertices += line.length;
    }
    if (!ok) continue;
    valid[index] = 1;
    vertexCount += vertices;
    lineCount += parts.length;
  }
  const coords = new Float64Array(vertexCount * 2);
  const lineStart = new Int32Array(lineCount + 1);
  const featureIndex = new Int32Array(lineCount);
  let v = 0;
  let l = 0;
  for (let index = 0; index < features.length; index++) {
    if (!valid[index]) continue;
    const geometry = (features[index] as { geometry: { type: string; coordinates: unknown[] } }).geometry;
    const parts = (geometry.type === 'MultiLineString' ? geometry.coordinates : [geometry.coordinates]) as [number, number][][];
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
