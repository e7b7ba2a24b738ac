/**
 * Validation of the grid contract: a GeoJSON FeatureCollection of Polygon/MultiPolygon units
 * with `properties.id` (unique), `name`, `level`, `parent`. Every bad unit is skipped and
 * reported with a path (`features[12].properties.parent`) and a stable code; the rest is kept.
 */
import { area } from '@turf/turf';
import { quickselect } from 'd3';
import type { Feature, Position } from 'geojson';
import { IssueCollector, describeValue, isRecord, type ValidationIssue } from '../../core/validation';
import { FlatGeometryWriter, MAX_RING_POSITIONS, countRings, unitPolygons, type FlatGeometry, type WrittenRings } from './flat-geometry';
import { findSelfIntersection, isConvexRing, isStarShapedRing } from './geometry';
import { isGridLevel, levelDepth, type GridLevel } from './levels';
import { ownValue, propertyPath } from './values';

/** A unit that passed validation, with its rings flattened to `[x0, y0, x1, y1, …]` (input CRS). */
export interface ValidGridUnit {
  /** Index of the feature in the input `features` array (for issue paths). */
  source: number;
  id: string;
  name: string;
  level: GridLevel;
  /** Parent id, or null when absent. */
  parent: string | null;
  feature: Feature;
  /** polygon → ring (outer first, then holes) → flat closed xy coordinates. */
  readonly polygons: number[][][];
}

/** A unit validation wrote: its rings live in the validation's geometry, read as `polygons` on demand. */
class WrittenUnit implements ValidGridUnit, WrittenRings {
  constructor(
    readonly source: number,
    readonly id: string,
    readonly name: string,
    readonly level: GridLevel,
    readonly parent: string | null,
    readonly feature: Feature,
    readonly geometry: FlatGeometry,
    readonly slot: number,
  ) {}

  get polygons(): number[][][] {
    return unitPolygons(this.geometry, this.slot);
  }
}

export interface GridValidation {
  units: ValidGridUnit[];
  issues: ValidationIssue[];
  /** All issues found (the list is capped). */
  total: number;
  /** Nothing usable: not a FeatureCollection, or not one of its (non-zero) features valid. A view keeps what it showed. */
  rejected: boolean;
  /**
   * The id map and parent indices validation built, handed on to the index (`GridIndex`) when they
   * fit `units` exactly: every unit kept, no other id in the map. On a 100k-unit grid building them
   * again is a measurable share of the first frame.
   */
  lookup?: UnitLookup;
  /** The geometry validation wrote, when its units are `units` exactly (every unit kept): the index adopts it. */
  geometry?: FlatGeometry;
}

/** id → unit index (valid units only), and each unit's parent index (-1: none present). */
export interface UnitLookup {
  byId: Map<string, number>;
  parents: Int32Array;
}

/** Issue codes of the grid contract that the core does not define (localized in strings.ts). */
export type GridIssueCode = 'unclosed-ring' | 'ring-too-short' | 'ring-too-long' | 'self-intersection' | 'zero-area' | 'parent-level' | 'too-long' | 'no-usable-entry';

/** Names longer than this are cut (with a warning): they are labels, tooltips and list entries, not documents. */
export const MAX_NAME_LENGTH = 200;

/** A unit is a swapped-axes suspect when it lies this far (degrees) from the others… */
const SWAP_OUTLIER_DEGREES = 2;

function idOf(feature: Record<string, unknown>, properties: Record<string, unknown>): unknown {
  return ownValue(properties, 'id') ?? ownValue(feature, 'id');
}

/**
 * Where a ring sits: `features[3].geometry.coordinates[1][0]` from its feature, part and ring.
 * Issue paths are written only for an issue: written for every ring, feature and part, their
 * strings cost the first frame of a 100k-unit grid more than the checks do.
 */
const featurePath = (feature: number) => `features[${feature}]`;
const geometryPath = (feature: number) => `${featurePath(feature)}.geometry`;
/** `part` is -1 for a Polygon's rings. */
const partPath = (feature: number, part: number) => `${geometryPath(feature)}.coordinates${part < 0 ? '' : `[${part}]`}`;
const ringPath = (feature: number, part: number, ring: number) => `${partPath(feature, part)}[${ring}]`;
const positionPath = (feature: number, part: number, ring: number, k: number) => `${ringPath(feature, part, ring)}[${k}]`;

const RING_BAD = 0;
const RING_SIMPLE = 1;
const RING_CONVEX = 2;

/**
 * Checks ring `r` of part `part` of feature `feature` and writes its positions into `out`; RING_BAD
 * (after reporting) when it is unusable, RING_CONVEX for a convex ring, else RING_SIMPLE. A convex
 * or star-shaped ring is simple and has area by its shape, so the quadratic crossing test and
 * Turf's area run only for the others: 49 of the megacity grid's 122,203 rings. Widens `box`
 * ([west, south, east, north]) to its positions.
 */
function checkRing(raw: unknown, feature: number, part: number, r: number, issues: IssueCollector, out: FlatGeometryWriter, box: Float64Array): number {
  if (!Array.isArray(raw)) {
    issues.error(ringPath(feature, part, r), `ring is not an array: ${describeValue(raw)}`, 'wrong-type', { expected: 'array' });
    return RING_BAD;
  }
  const count = raw.length;
  if (count > MAX_RING_POSITIONS) {
    issues.error(ringPath(feature, part, r), `ring has ${count} positions; at most ${MAX_RING_POSITIONS} are read`, 'ring-too-long', { value: count, max: MAX_RING_POSITIONS });
    return RING_BAD;
  }
  out.startRing();
  const first = out.vertexCount;
  const coords = out.reserve(count);
  // The extent in locals, written back once: a typed-array load and store per position and side
  // was a third of this loop's time on the megacity grid.
  let west = box[0];
  let south = box[1];
  let east = box[2];
  let north = box[3];
  for (let k = 0; k < count; k++) {
    const position = raw[k] as unknown;
    if (!Array.isArray(position) || position.length < 2) {
      issues.error(positionPath(feature, part, r, k), `not a position: ${describeValue(position)}`, 'wrong-type', { expected: '[lon, lat]' });
      return RING_BAD;
    }
    const x = (position as unknown[])[0];
    const y = (position as unknown[])[1];
    if (typeof x !== 'number' || !Number.isFinite(x) || typeof y !== 'number' || !Number.isFinite(y)) {
      const bad = typeof x !== 'number' || !Number.isFinite(x) ? x : y;
      issues.error(positionPath(feature, part, r, k), `not a finite coordinate: ${describeValue(bad)}`, 'not-a-number', { value: describeValue(bad) });
      return RING_BAD;
    }
    if (Math.abs(y) > 90 || Math.abs(x) > 180) {
      if (Math.abs(y) <= 180 && Math.abs(x) <= 90) {
        issues.error(positionPath(feature, part, r, k), `latitude ${y} is out of range and longitude ${x} would be a latitude`, 'swapped-coordinates', {
          value: `[${x}, ${y}]`,
        });
      } else {
        issues.error(positionPath(feature, part, r, k), `coordinate out of range: [${x}, ${y}]`, 'out-of-range', {
          value: `[${x}, ${y}]`,
          range: '[-180..180, -90..90]',
        });
      }
      return RING_BAD;
    }
    coords[(first + k) * 2] = x;
    coords[(first + k) * 2 + 1] = y;
    if (x < west) west = x;
    if (y < south) south = y;
    if (x > east) east = x;
    if (y > north) north = y;
  }
  box[0] = west;
  box[1] = south;
  box[2] = east;
  box[3] = north;
  out.vertexCount = first + count;
  if (count < 4) {
    issues.error(ringPath(feature, part, r), `a ring needs at least 4 positions, has ${count}`, 'ring-too-short', { value: count });
    return RING_BAD;
  }
  const f = first * 2;
  const l = (first + count - 1) * 2;
  if (coords[f] !== coords[l] || coords[f + 1] !== coords[l + 1]) {
    issues.error(ringPath(feature, part, r), 'ring is not closed: the last position must repeat the first', 'unclosed-ring', {
      value: `[${coords[f]}, ${coords[f + 1]}] ≠ [${coords[l]}, ${coords[l + 1]}]`,
    });
    return RING_BAD;
  }
  if (isConvexRing(coords, first, count)) return RING_CONVEX;
  if (isStarShapedRing(coords, first, count)) return RING_SIMPLE;
  const crossing = findSelfIntersection(coords, first, count);
  if (crossing) {
    issues.error(ringPath(feature, part, r), `ring intersects itself (segments ${crossing[0]} and ${crossing[1]})`, 'self-intersection', {
      value: `${crossing[0]}/${crossing[1]}`,
    });
    return RING_BAD;
  }
  if (area({ type: 'Polygon', coordinates: [raw as Position[]] }) === 0) {
    issues.error(ringPath(feature, part, r), 'ring encloses no area (all its positions lie on one line)', 'zero-area');
    return RING_BAD;
  }
  return RING_SIMPLE;
}

/**
 * Checks a Polygon's or MultiPolygon's coordinates and writes its parts into `out`; false (after
 * reporting) when unusable, and the caller discards what was written. `box` gets the extent of all
 * its positions (what Turf's `bbox` recomputes, found in the same pass).
 */
function checkGeometry(geometry: unknown, feature: number, issues: IssueCollector, out: FlatGeometryWriter, box: Float64Array): boolean {
  box.set(EMPTY_BOX);
  if (geometry == null) {
    issues.error(geometryPath(feature), 'geometry is missing', 'missing');
    return false;
  }
  const geometryType = ownValue(geometry, 'type');
  if (geometryType !== 'Polygon' && geometryType !== 'MultiPolygon') {
    const type = isRecord(geometry) ? geometryType : geometry;
    issues.error(`${geometryPath(feature)}.type`, `expected Polygon or MultiPolygon, got ${describeValue(type)}`, 'wrong-type', {
      expected: 'Polygon | MultiPolygon',
    });
    return false;
  }
  const coordinates = ownValue(geometry, 'coordinates');
  const multi = geometryType === 'MultiPolygon';
  if (coordinates != null && !Array.isArray(coordinates)) {
    issues.error(`${geometryPath(feature)}.coordinates`, `coordinates must be an array, not ${describeValue(coordinates)}`, 'wrong-type', { expected: 'array' });
    return false;
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    issues.error(`${geometryPath(feature)}.coordinates`, 'coordinates are missing or empty', 'missing');
    return false;
  }
  const rawPolygons = (multi ? coordinates : [coordinates]) as unknown[];
  for (let p = 0; p < rawPolygons.length; p++) {
    const part = multi ? p : -1;
    const rawRings = rawPolygons[p];
    if (!Array.isArray(rawRings) || rawRings.length === 0) {
      issues.error(partPath(feature, part), `not a list of rings: ${describeValue(rawRings)}`, 'wrong-type', { expected: 'array' });
      return false;
    }
    out.startPart();
    for (let r = 0; r < rawRings.length; r++) {
      const ring = checkRing(rawRings[r], feature, part, r, issues, out, box);
      if (ring === RING_BAD) return false;
      if (ring === RING_CONVEX && rawRings.length === 1) out.markConvex();
    }
  }
  return true;
}

/** The display name: a string (cut to MAX_NAME_LENGTH) or a number; missing → the id; another type → the id, reported. */
function unitName(raw: unknown, id: string, source: number, issues: IssueCollector): string {
  let name = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  if (name != null && typeof name !== 'string') {
    issues.warn(propertyPath(source, 'name'), `name must be text: ${describeValue(name)}; the id is shown`, 'wrong-type', { expected: 'string' });
    name = undefined;
  }
  let text = typeof name === 'string' && name.trim() !== '' ? name : id;
  if (text !== id && text.length > MAX_NAME_LENGTH) {
    issues.warn(propertyPath(source, 'name'), `name has ${text.length} characters; cut to ${MAX_NAME_LENGTH}`, 'too-long', { value: text.length, max: MAX_NAME_LENGTH });
  }
  if (text.length > MAX_NAME_LENGTH) text = `${text.slice(0, MAX_NAME_LENGTH - 1)}…`;
  return text;
}

const EMPTY_BOX = [Infinity, Infinity, -Infinity, -Infinity];

/**
 * Median of every other value of `values` from `offset`, as a full sort gives it (the mean of the
 * two middle values for an even count). A selection, not a sort: two sorts of 122k centres took
 * 21 ms of the megacity grid's first frame.
 */
function median(values: Float64Array, offset: number): number {
  const picked = new Float64Array(values.length >> 1);
  for (let k = 0; k < picked.length; k++) picked[k] = values[k * 2 + offset];
  const mid = picked.length >> 1;
  quickselect(picked, mid);
  if (picked.length % 2) return picked[mid];
  let below = -Infinity;
  for (let k = 0; k < mid; k++) if (picked[k] > below) below = picked[k];
  return (below + picked[mid]) / 2;
}

/**
 * Validates a grid FeatureCollection. Rules (each skips the unit and reports an issue):
 * not a FeatureCollection; feature not a Feature; missing/invalid `id`; duplicate `id` (the
 * first wins); missing/unknown `level`; missing or non-polygon geometry; non-finite or
 * out-of-range coordinates; latitude/longitude swapped (one coordinate, or a whole unit lying
 * far from the rest exactly where its swapped position would sit among them); rings with fewer
 * than 4 positions, unclosed or self-intersecting; a `parent` that matches no feature (allowed
 * only for units of the top level present, whose parents lie outside the data); a parent that is
 * not of a higher level.
 */
export function validateGridCollection(input: unknown, limit = 1000): GridValidation {
  const issues = new IssueCollector(limit);
  const done = (units: ValidGridUnit[], rejected = true, lookup?: UnitLookup, geometry?: FlatGeometry): GridValidation => ({
    units,
    issues: issues.issues,
    total: issues.total,
    rejected,
    lookup,
    geometry,
  });
  if (ownValue(input, 'type') !== 'FeatureCollection') {
    const type = isRecord(input) ? ownValue(input, 'type') : Array.isArray(input) ? 'array' : input;
    issues.error('', `expected a GeoJSON FeatureCollection, got ${describeValue(type)}`, 'wrong-type', {
      expected: 'FeatureCollection',
    });
    return done([]);
  }
  const features = ownValue(input, 'features');
  if (!Array.isArray(features)) {
    issues.error('features', `features is not an array: ${describeValue(features)}`, 'wrong-type', { expected: 'array' });
    return done([]);
  }
  // One map for every id question: id → index in `found` of its first valid unit, or -1 when
  // only features that failed carry it (a parent may still name them). One hash table instead of
  // three: on a 100k-unit grid each one is a measurable share of the first frame.
  const unitOfId = new Map<string, number>();
  /** Ids in `unitOfId` of features that failed (-1). */
  let failedIds = 0;
  const found: WrittenUnit[] = [];
  // Every valid unit's rings, in `found` order.
  const written = new FlatGeometryWriter(countRings(features));
  // Bounding-box centres of the units found, as [x0, y0, x1, y1, …]: the extent of the positions
  // read here (a `bbox` member in the input is not trusted). Turf's bbox walking the GeoJSON again
  // took 57 of validation's 774 ms in a profile of the megacity grid's first frame (busy machine).
  const centreList: number[] = [];
  const box = new Float64Array(4);

  features.forEach((raw, i) => {
    if (!isRecord(raw) || ownValue(raw, 'type') !== 'Feature') {
      issues.error(featurePath(i), `not a GeoJSON Feature: ${describeValue(isRecord(raw) ? ownValue(raw, 'type') : raw)}`, 'wrong-type', {
        expected: 'Feature',
      });
      return;
    }
    const ownProperties = ownValue(raw, 'properties');
    const properties: Record<string, unknown> = isRecord(ownProperties) ? ownProperties : Object.create(null);
    let ok = true;
    const rawId = idOf(raw, properties);
    let id = '';
    let known: number | undefined;
    if (rawId == null || rawId === '') {
      issues.error(`${featurePath(i)}.properties.id`, 'id is missing', 'missing');
      ok = false;
    } else if (typeof rawId === 'string' || (typeof rawId === 'number' && Number.isFinite(rawId))) {
      id = String(rawId);
      known = unitOfId.get(id);
    } else {
      issues.error(`${featurePath(i)}.properties.id`, `id must be a string: ${describeValue(rawId)}`, 'wrong-type', { expected: 'string' });
      ok = false;
    }
    const level = ownValue(properties, 'level');
    if (level == null || level === '') {
      issues.error(`${featurePath(i)}.properties.level`, 'level is missing', 'missing');
      ok = false;
    } else if (!isGridLevel(level)) {
      issues.error(`${featurePath(i)}.properties.level`, `unknown level: ${describeValue(level)}`, 'unknown-value', {
        value: describeValue(level),
      });
      ok = false;
    }
    const rawParent = ownValue(properties, 'parent');
    let parent: string | null = null;
    if (typeof rawParent === 'string' && rawParent !== '') parent = rawParent;
    else if (typeof rawParent === 'number' && Number.isFinite(rawParent)) parent = String(rawParent);
    else if (rawParent != null && rawParent !== '') {
      issues.error(`${featurePath(i)}.properties.parent`, `parent must be an id: ${describeValue(rawParent)}`, 'wrong-type', {
        expected: 'string',
      });
      ok = false;
    }
    const geometryOk = checkGeometry(ownValue(raw, 'geometry'), i, issues, written, box);
    if (!geometryOk || !ok) {
      written.discardUnit();
      if (id !== '' && known === undefined) {
        unitOfId.set(id, -1);
        failedIds++;
      }
      return;
    }
    if (known !== undefined && known >= 0) {
      issues.error(`${featurePath(i)}.properties.id`, `duplicate id ${describeValue(id)} (first at features[${found[known].source}])`, 'duplicate-id', {
        value: describeValue(id),
      });
      written.discardUnit();
      return;
    }
    unitOfId.set(id, found.length);
    const name = unitName(ownValue(properties, 'name'), id, i, issues);
    written.endUnit(box[0], box[1], box[2], box[3]);
    found.push(new WrittenUnit(i, id, name, level as GridLevel, parent, raw as unknown as Feature, written, found.length));
    centreList.push((box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
  });

  /** Units of `found` the swap check removed. */
  const dropped = new Uint8Array(found.length);
  let droppedCount = 0;

  // Whole units drawn with [lat, lon]: far from the others, but right among them once swapped.
  if (found.length >= 3) {
    const centres = Float64Array.from(centreList);
    const mx = median(centres, 0);
    const my = median(centres, 1);
    found.forEach((unit, k) => {
      const x = centres[k * 2];
      const y = centres[k * 2 + 1];
      const distance = Math.max(Math.abs(x - mx), Math.abs(y - my));
      const swapped = Math.max(Math.abs(y - mx), Math.abs(x - my));
      if (distance > SWAP_OUTLIER_DEGREES && swapped < SWAP_OUTLIER_DEGREES) {
        dropped[k] = 1;
        droppedCount++;
        issues.error(
          `features[${unit.source}].geometry.coordinates`,
          `unit lies at [${x.toFixed(4)}, ${y.toFixed(4)}], far from the others; [lat, lon] order?`,
          'swapped-coordinates',
          { value: `[${x.toFixed(4)}, ${y.toFixed(4)}]` },
        );
      }
    });
  }

  // A loop, not Math.min(...spread): a spread of 100k+ arguments overflows the call stack.
  let topDepth = Infinity;
  for (let k = 0; k < found.length; k++) if (!dropped[k]) topDepth = Math.min(topDepth, levelDepth(found[k].level));
  /** Index in `found` of each unit's parent (-1: none present); a parent the swap check dropped counts as absent. */
  const parentOf = new Int32Array(found.length).fill(-1);
  /** Units kept: not dropped, and their parent is usable. */
  const kept = new Uint8Array(found.length);
  let keptCount = 0;
  for (let k = 0; k < found.length; k++) {
    if (dropped[k]) continue;
    const unit = found[k];
    if (unit.parent != null) {
      const p = unitOfId.get(unit.parent);
      if (p === undefined || p < 0 || dropped[p]) {
        if (p === undefined && levelDepth(unit.level) !== topDepth) {
          issues.error(propertyPath(unit.source, 'parent'), `parent ${describeValue(unit.parent)} matches no unit`, 'unknown-reference', {
            value: describeValue(unit.parent),
          });
          continue;
        }
      } else {
        const parent = found[p];
        if (levelDepth(parent.level) >= levelDepth(unit.level)) {
          issues.error(propertyPath(unit.source, 'parent'), `parent ${describeValue(unit.parent)} is a ${parent.level}, not above this ${unit.level}`, 'parent-level', {
            value: describeValue(unit.parent),
            level: parent.level,
          });
          continue;
        }
        parentOf[k] = p;
      }
    }
    kept[k] = 1;
    keptCount++;
  }
  const geometry = written.finish();
  if (keptCount === found.length) {
    // Every unit kept: `found` indices are unit indices, and the map holds exactly these units
    // unless some failed feature's id is in it too.
    const lookup = failedIds === 0 && droppedCount === 0 ? { byId: unitOfId, parents: parentOf } : undefined;
    return done(found, found.length === 0 && features.length > 0, lookup, geometry);
  }
  const units = found.filter((_, k) => kept[k] === 1);
  return done(units, units.length === 0 && features.length > 0);
}
