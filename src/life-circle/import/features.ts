/**
 * A mapped table → the FeatureCollection the analyzer already takes for a role (residences:
 * `{id, name, population, street?, grid?}` points or polygons; facilities: `{id, name, category,
 * street?}` points (a polygon becomes a point inside it); roads: lines; boundaries: `{id, name,
 * parent?, level?}` polygons), converted
 * to the element's CRS. A record that cannot be used is skipped and reported by its row and
 * column, with the value, in the project's issue shape; the others are kept. Long tables yield to
 * the event loop between chunks and report progress.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { convertCrs, crsTransform, type Crs } from '../../core/crs';
import { IssueCollector, describeValue, type ValidationIssue } from '../../core/validation';
import type { ColumnMapping, ImportRole, MappedField } from './columns';
import type { ImportTable } from './table';

/** A category of the analysis profile (its key and names), to read category cells written as names. */
export interface CategoryName {
  key: string;
  label: { 'zh-CN': string; en: string };
}

export interface FeatureOptions {
  role: ImportRole;
  /** Shown in issue paths: `小区.csv:12:人口` (file, row, column). */
  fileName: string;
  /** CRS of the file's coordinates, and of the result (the element's `crs`). Default WGS-84 both. */
  from?: Crs;
  to?: Crs;
  /** Facility categories: a cell may hold the key or either name; unknown ones are skipped. Without the list, cells are kept as written. */
  categories?: readonly CategoryName[];
  /** Rows per chunk between yields to the event loop (default 5000). */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  /** Issues kept (all are counted). */
  issueLimit?: number;
}

export interface FeatureImport {
  features: FeatureCollection;
  issues: ValidationIssue[];
  /** All issues found, including those past the kept limit. */
  issueCount: number;
  /** Rows read and rows kept. */
  rows: number;
  kept: number;
}

const ROLE_GEOMETRY: Record<ImportRole, readonly Geometry['type'][]> = {
  residences: ['Point', 'Polygon', 'MultiPolygon'],
  // A facility drawn as its grounds (a school's polygon) is placed at a point inside them.
  facilities: ['Point', 'Polygon', 'MultiPolygon'],
  roads: ['LineString', 'MultiLineString'],
  boundaries: ['Polygon', 'MultiPolygon'],
};

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Text of a cell: strings trimmed, finite numbers written out; empty and other values are null. */
function cellText(value: unknown): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/** A number cell: a number, or text spelling one (thousands separators allowed); NaN otherwise. */
function cellNumber(value: unknown, thousands = false): number {
  if (typeof value === 'number') return value;
  const text = cellText(value);
  if (text === null) return Number.NaN;
  return Number(thousands && /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replaceAll(',', '') : text);
}

function categoryReader(categories: readonly CategoryName[] | undefined): (text: string) => string | null {
  if (!categories) return (text) => text;
  const byName = new Map<string, string>();
  for (const c of categories) {
    for (const name of [c.label.en, c.label['zh-CN']]) if (name) byName.set(name.trim().toLowerCase(), c.key);
  }
  // Keys win over names: a key is exact.
  for (const c of categories) byName.set(c.key.toLowerCase(), c.key);
  return (text) => byName.get(text.toLowerCase()) ?? null;
}

/** The features of a mapped table for `options.role` (see the module comment). */
export async function tableToFeatures(table: ImportTable, mapping: ColumnMapping, options: FeatureOptions): Promise<FeatureImport> {
  const { role, fileName } = options;
  const issues = new IssueCollector(options.issueLimit ?? 1000);
  const column = (field: MappedField) => {
    const index = mapping[field];
    return index === null || index >= table.columns.length ? null : index;
  };
  const columnName = (index: number) => table.columns[index] || `#${index + 1}`;
  const report = (severity: 'error' | 'warning', row: number, at: number | string, code: string, message: string, value?: unknown) => {
    const name = typeof at === 'number' ? columnName(at) : at;
    const params: Record<string, string | number> = { row, column: name, ...(value !== undefined ? { value: describeValue(value) } : {}) };
    issues.add({ path: `${fileName}:${row}:${name}`, message, severity, code, params });
  };

  const lon = column('lon');
  const lat = column('lat');
  const wkt = column('wkt');
  const useColumns = lon !== null && lat !== null;
  if (!useColumns && wkt === null && !table.geometries) {
    const missing = lon === null ? 'lon' : 'lat';
    issues.error(`${fileName}:${missing}`, `no coordinate columns: map lon and lat, or a WKT column`, 'missing', { column: missing });
    return { features: { type: 'FeatureCollection', features: [] }, issues: issues.issues, issueCount: issues.total, rows: table.rows.length, kept: 0 };
  }
  const parseWkt = wkt !== null && !useColumns ? (await import('@terraformer/wkt')).wktToGeoJSON : null;
  let pointOnFeature: typeof import('@turf/turf').pointOnFeature | undefined;
  const from = options.from ?? 'wgs84';
  const to = options.to ?? 'wgs84';
  const movePoint = crsTransform(from, to);
  const allowed = ROLE_GEOMETRY[role];
  const readCategory = categoryReader(options.categories);
  const idColumn = column('id');
  const populationColumn = column('population');
  if (role === 'residences' && populationColumn === null) {
    issues.warn(`${fileName}:population`, 'no population column: every residence weighs 0 in coverage', 'missing', { column: 'population' });
  }
  const seen = new Set<string>();
  const features: Feature[] = [];
  const total = table.rows.length;
  const chunk = options.chunk ?? 5000;

  for (let r = 0; r < total; r++) {
    if (r > 0 && r % chunk === 0) {
      options.onProgress?.(r, total);
      await yieldToEventLoop();
    }
    const cells = table.rows[r]!;
    const row = table.rowNumbers[r]!;

    // Geometry: lon/lat columns, else WKT, else the record's own.
    let geometry: Geometry | null;
    if (useColumns) {
      const x = cellNumber(cells[lon]);
      const y = cellNumber(cells[lat]);
      if (!Number.isFinite(x) || Math.abs(x) > 180) {
        report('error', row, lon, cellText(cells[lon]) === null ? 'missing' : 'not-a-number', `longitude ${describeValue(cells[lon])} is not a number in [-180, 180]: skipped`, cells[lon]);
        continue;
      }
      if (!Number.isFinite(y) || Math.abs(y) > 90) {
        const swapped = Number.isFinite(y) && Math.abs(y) <= 180 && Math.abs(x) <= 90;
        const code = cellText(cells[lat]) === null ? 'missing' : swapped ? 'swapped-coordinates' : 'not-a-number';
        report('error', row, lat, code, `latitude ${describeValue(cells[lat])} is not a number in [-90, 90]${swapped ? ' (longitude and latitude swapped?)' : ''}: skipped`, cells[lat]);
        continue;
      }
      geometry = { type: 'Point', coordinates: movePoint(x, y) };
    } else if (parseWkt) {
      const text = cellText(cells[wkt!]);
      try {
        if (text === null) throw new Error('empty');
        geometry = parseWkt(text);
      } catch {
        report('error', row, wkt!, text === null ? 'missing' : 'invalid-geometry', `not readable WKT ${describeValue(text)}: skipped`, text ?? '');
        continue;
      }
    } else geometry = table.geometries![r] ?? null;
    if (!geometry) {
      report('error', row, 'geometry', 'missing', 'no geometry: skipped');
      continue;
    }
    if (!allowed.includes(geometry.type)) {
      report('error', row, wkt ?? 'geometry', 'invalid-geometry', `a ${geometry.type} cannot be one of the ${role} (expected ${allowed.join(' or ')}): skipped`, geometry.type);
      continue;
    }
    if (!useColumns && from !== to) geometry = convertCrs(geometry, from, to);
    if (role === 'facilities' && geometry.type !== 'Point') {
      // Turf loads on the first such facility only: most files hold points.
      pointOnFeature ??= (await import('@turf/turf')).pointOnFeature;
      geometry = pointOnFeature(geometry).geometry;
    }

    // Properties, by role. Only the fields the analyzer reads are kept, under fixed names.
    const text = (field: MappedField) => {
      const index = column(field);
      return index === null ? null : cellText(cells[index]);
    };
    let id = text('id');
    if (id === null && (role === 'residences' || role === 'boundaries')) {
      report('error', row, idColumn ?? 'id', 'missing', 'missing id: skipped');
      continue;
    }
    id ??= `#${row}`;
    if (seen.has(id)) {
      report('error', row, idColumn ?? 'id', 'duplicate-id', `duplicate id ${describeValue(id)}: skipped`, id);
      continue;
    }
    const properties: Record<string, unknown> = { id, name: text('name') };
    if (role === 'residences') {
      let population = populationColumn === null ? 0 : cellNumber(cells[populationColumn], true);
      if (!Number.isFinite(population) || population < 0) {
        const written = cells[populationColumn!];
        report('warning', row, populationColumn!, cellText(written) === null ? 'missing' : 'not-a-number', `population ${describeValue(written)} is not a number ≥ 0: counted as 0`, written ?? '');
        population = 0;
      }
      properties.population = population;
    } else if (role === 'facilities') {
      const index = column('category');
      const written = index === null ? null : cellText(cells[index]);
      const category = written === null ? null : readCategory(written);
      if (category === null) {
        report('error', row, index ?? 'category', written === null ? 'missing' : 'unknown-value', `unknown category ${describeValue(written)}: skipped`, written ?? '');
        continue;
      }
      properties.category = category;
    } else if (role === 'boundaries') {
      properties.parent = text('parent');
      properties.level = text('level');
    }
    if (role === 'residences' || role === 'facilities') {
      const street = text('street');
      if (street !== null) properties.street = street;
    }
    if (role === 'residences') {
      const grid = text('grid');
      if (grid !== null) properties.grid = grid;
    }
    seen.add(id);
    features.push({ type: 'Feature', geometry, properties });
  }
  options.onProgress?.(total, total);
  return { features: { type: 'FeatureCollection', features }, issues: issues.issues, issueCount: issues.total, rows: total, kept: features.length };
}

/** `tableToFeatures` for a CSV table (the same rules; named for what planners drop most). */
export const csvToFeatures = tableToFeatures;
