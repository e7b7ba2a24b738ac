/**
 * Reads dropped files into tables with a proposed role, column mapping and CRS — what the
 * mapping step shows. CSV (UTF-8 or GBK/GB 18030, `,` `;` or tab), GeoJSON, and zipped Shapefiles
 * (each layer a source of its own). Everything is read here, in the browser; nothing is sent.
 */
import type { Crs } from '../../core/crs';
import { crsHintFromNames, guessRole, sniffColumns, type ColumnMapping, type CrsHint, type GeometryKind, type ImportRole } from './columns';
import { decodeText, type TextEncodingName } from './decode';
import { readShapefileParts, readShapefileZip, type ShapefileLayer, type ShapefileParts } from './shapefile';
import { csvTable, featureTable, sniffDelimiter, type CsvDelimiter, type ImportTable } from './table';

export type ImportFormat = 'csv' | 'geojson' | 'shapefile';

/** What `File` and `Blob` offer (Node has them too). */
export interface FileLike {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** One file (or Shapefile layer) read, with the proposals the user confirms or changes. */
export interface ImportSource {
  name: string;
  format: ImportFormat;
  /** The text encoding read (`cpg`: as a Shapefile's `.cpg` declares); null for JSON read as UTF-8 without question. */
  encoding: TextEncodingName | 'cpg' | null;
  delimiter: CsvDelimiter | null;
  table: ImportTable;
  mapping: ColumnMapping;
  role: ImportRole;
  /** CRS of the file's coordinates: the hint's when there is one, else the element's. */
  crs: Crs;
  crsHint: CrsHint | null;
  geometry: GeometryKind;
  /** The CSV's bytes, to read again in another encoding or with another delimiter. */
  bytes: Uint8Array | null;
}

/** A file that could not be read at all (not CSV, JSON or a Shapefile zip; broken JSON or zip). */
export class ImportReadError extends Error {
  constructor(
    readonly fileName: string,
    message: string,
  ) {
    super(message);
  }
}

function formatOf(name: string, bytes: Uint8Array): ImportFormat {
  const extension = name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (extension === 'zip') return 'shapefile';
  if (extension === 'json' || extension === 'geojson') return 'geojson';
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return 'csv';
  // No telling extension: a zip's signature, JSON's first character, else CSV.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'shapefile';
  const first = String.fromCharCode(bytes.find((b) => b > 0x20 && b !== 0xef && b !== 0xbb && b !== 0xbf) ?? 0);
  return first === '{' || first === '[' ? 'geojson' : 'csv';
}

function geometryKind(table: ImportTable): GeometryKind {
  const type = table.geometries?.find((g) => g !== null)?.type ?? null;
  if (type === 'Point' || type === 'MultiPoint') return 'point';
  if (type === 'LineString' || type === 'MultiLineString') return 'line';
  if (type === 'Polygon' || type === 'MultiPolygon') return 'polygon';
  return null;
}

function source(name: string, format: ImportFormat, table: ImportTable, defaultCrs: Crs, extra: Partial<ImportSource> = {}): ImportSource {
  const mapping = sniffColumns(table.columns);
  // Records with their own geometry use it, whatever their columns are called.
  if (table.geometries) Object.assign(mapping, { lon: null, lat: null, wkt: null });
  const geometry = geometryKind(table);
  const coordinateColumns = [mapping.lon, mapping.lat, mapping.wkt].filter((c): c is number => c !== null).map((c) => table.columns[c]!);
  const crsHint = extra.crsHint !== undefined ? extra.crsHint : crsHintFromNames(coordinateColumns, name);
  return {
    name,
    format,
    encoding: null,
    delimiter: null,
    table,
    mapping,
    role: guessRole(name, mapping, geometry),
    crs: crsHint?.crs ?? defaultCrs,
    crsHint,
    geometry,
    bytes: null,
    ...extra,
  };
}

/** A CSV's table in the detected (or the given) encoding and delimiter. */
export function readCsv(name: string, bytes: Uint8Array, defaultCrs: Crs, encoding?: TextEncodingName, delimiter?: CsvDelimiter): ImportSource {
  const decoded = decodeText(bytes, encoding);
  const used = delimiter ?? sniffDelimiter(decoded.text);
  return source(name, 'csv', csvTable(decoded.text, used), defaultCrs, { encoding: decoded.encoding, delimiter: used, bytes });
}

/**
 * Reads one dropped file into one source (a zip with several Shapefile layers: one per layer).
 * `defaultCrs`: the CRS assumed where the file gives no evidence (the element's `crs`).
 */
export async function readImportFile(file: FileLike, defaultCrs: Crs): Promise<ImportSource[]> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = formatOf(file.name, bytes);
  if (format === 'csv') return [readCsv(file.name, bytes, defaultCrs)];
  if (format === 'geojson') {
    const decoded = decodeText(bytes);
    let value: unknown;
    try {
      value = JSON.parse(decoded.text);
    } catch (error) {
      throw new ImportReadError(file.name, `not valid JSON: ${(error as Error).message}`);
    }
    const table = featureTable(value);
    if (!table) throw new ImportReadError(file.name, 'not GeoJSON: expected a FeatureCollection, a Feature or an array of Features');
    return [source(file.name, 'geojson', table, defaultCrs, { encoding: decoded.encoding })];
  }
  let layers;
  try {
    layers = await readShapefileZip(bytes);
  } catch (error) {
    throw new ImportReadError(file.name, `not a readable zipped Shapefile: ${(error as Error).message}`);
  }
  return layers.map((layer) => shapefileSource(layers.length === 1 ? file.name : `${file.name}/${layer.name}`, layer, defaultCrs));
}

function shapefileSource(name: string, layer: ShapefileLayer, defaultCrs: Crs): ImportSource {
  const table = featureTable(layer.collection)!;
  // A .prj was applied: the coordinates are WGS-84 now (the file said so). Else the layer's name may tell.
  const crsHint: CrsHint | null = layer.prj ? { crs: 'wgs84', evidence: 'prj', source: `${layer.name}.prj` } : crsHintFromNames([], layer.name);
  return source(name, 'shapefile', table, defaultCrs, { encoding: layer.encoding, ...(crsHint ? { crsHint } : {}) });
}

const SHAPEFILE_PART = /\.(shp|dbf|prj|cpg|shx)$/i;

/**
 * Reads dropped files: each on its own, except a Shapefile's loose parts (`x.shp`, `x.dbf`,
 * `x.prj`, `x.cpg` side by side), read as one. Files that cannot be read are in `failures`.
 */
export async function readImportFiles(
  files: readonly FileLike[],
  defaultCrs: Crs,
  onProgress?: (done: number, total: number) => void,
): Promise<{ sources: ImportSource[]; failures: ImportReadError[] }> {
  const single: FileLike[] = [];
  const shapefiles = new Map<string, Map<string, FileLike>>();
  for (const file of files) {
    const part = file.name.match(SHAPEFILE_PART)?.[1]?.toLowerCase();
    if (!part) single.push(file);
    else {
      const stem = file.name.slice(0, -part.length - 1);
      const group = shapefiles.get(stem.toLowerCase()) ?? new Map<string, FileLike>();
      group.set(part, file);
      shapefiles.set(stem.toLowerCase(), group);
    }
  }
  const sources: ImportSource[] = [];
  const failures: ImportReadError[] = [];
  const total = single.length + shapefiles.size;
  let done = 0;
  for (const file of single) {
    try {
      sources.push(...(await readImportFile(file, defaultCrs)));
    } catch (error) {
      failures.push(error instanceof ImportReadError ? error : new ImportReadError(file.name, (error as Error).message));
    }
    onProgress?.(++done, total);
  }
  for (const group of shapefiles.values()) {
    const shp = group.get('shp');
    const name = shp?.name ?? [...group.values()][0]!.name;
    try {
      if (!shp) throw new Error('a Shapefile needs its .shp beside the .dbf, .prj and .cpg (or all of them in one .zip)');
      const parts: ShapefileParts = { shp: new Uint8Array(await shp.arrayBuffer()) };
      for (const extension of ['dbf', 'prj', 'cpg'] as const) {
        const file = group.get(extension);
        if (file) parts[extension] = new Uint8Array(await file.arrayBuffer());
      }
      sources.push(shapefileSource(name, await readShapefileParts(name.replace(/\.shp$/i, ''), parts), defaultCrs));
    } catch (error) {
      failures.push(new ImportReadError(name, `not a readable Shapefile: ${(error as Error).message}`));
    }
    onProgress?.(++done, total);
  }
  return { sources, failures };
}
