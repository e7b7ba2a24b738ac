/**
 * The light unit index that comes beside vector tiles (`[{id, parent, name, level, bbox}]`, no
 * geometry, as `citykit.unit_index()` returns it) as a grid FeatureCollection whose geometry is
 * each unit's bounding box: the hierarchy, drill-down, fit and scope then work as with GeoJSON,
 * while the units themselves are drawn (and picked) from the tiles. Pure: no DOM.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { describeValue, isFiniteNumber, isRecord, type ValidationIssue } from '../../core/validation';

export type UnitBox = [number, number, number, number];

/** A usable bbox: four finite numbers, west ≤ east, south ≤ north. */
function readBox(value: unknown): UnitBox | null {
  if (!Array.isArray(value) || value.length !== 4 || !value.every(isFiniteNumber)) return null;
  const [w, s, e, n] = value as number[];
  return w <= e && s <= n ? [w, s, e, n] : null;
}

/** A box with some area (a unit that is a point or a line still gets a pickable extent). */
function widen([w, s, e, n]: UnitBox): UnitBox {
  const pad = 1e-7;
  return [w, s, e > w ? e : w + pad, n > s ? n : s + pad];
}

/**
 * The rows as grid features (properties copied without prototype: keys are data). Rows that are no
 * records or have no usable bbox are reported as `units[i]` and left out; what the grid validation
 * then finds (ids, levels, parents) is reported by it, under `features[i]`: `unitIssuePath` renames it.
 * `rowPath` names a row in reports (rows of the index on demand say which answer they came in).
 */
export function unitRowsCollection(rows: readonly unknown[], rowPath: (i: number) => string = (i) => `units[${i}]`): { collection: FeatureCollection; issues: ValidationIssue[]; sources: number[] } {
  const issues: ValidationIssue[] = [];
  const features: Feature[] = [];
  const sources: number[] = [];
  rows.forEach((row, i) => {
    if (!isRecord(row)) {
      issues.push({ path: rowPath(i), message: `not a unit: ${describeValue(row)}`, severity: 'error', code: 'wrong-type', params: { expected: '{id, parent, name, level, bbox}' } });
      return;
    }
    const box = readBox(Object.prototype.hasOwnProperty.call(row, 'bbox') ? row.bbox : undefined);
    if (!box) {
      issues.push({ path: `${rowPath(i)}.bbox`, message: `bbox must be [west, south, east, north]: ${describeValue(row.bbox)}`, severity: 'error', code: 'wrong-type', params: { expected: '[west, south, east, north]' } });
      return;
    }
    const properties = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(row)) if (key !== 'bbox') properties[key] = row[key];
    const [w, s, e, n] = widen(box);
    const ring = [[w, s], [e, s], [e, n], [w, n], [w, s]];
    features.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
    sources.push(i);
  });
  return { collection: { type: 'FeatureCollection', features }, issues, sources };
}

/** An issue of the grid validation on `unitRowsCollection`'s features, pointed at the input rows. */
export function unitIssuePath(issue: ValidationIssue, sources: readonly number[], rowPath: (i: number) => string = (i) => `units[${i}]`): ValidationIssue {
  const path = issue.path.replace(/^features\[(\d+)\](\.properties)?/, (_, k: string) => rowPath(sources[Number(k)] ?? Number(k)));
  return path === issue.path ? issue : { ...issue, path };
}

/** True when `value` is a list of unit rows (not a GeoJSON FeatureCollection). */
export const isUnitRows = (value: unknown): value is unknown[] => Array.isArray(value);
