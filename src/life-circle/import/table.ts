/**
 * A file's records as one table, whatever the format: column names, cell values by column index,
 * and (GeoJSON, Shapefile) each record's geometry. Rows are arrays, so no value read from a file
 * ever becomes an object key.
 */
import { dsvFormat } from 'd3';
import type { Geometry } from 'geojson';
import { isRecord } from '../../core/validation';

export interface ImportTable {
  columns: string[];
  /** `rows[r][c]`: the value of column c in record r (a string from CSV; any JSON value otherwise). */
  rows: unknown[][];
  /** Each record's geometry (GeoJSON, Shapefile); null for CSV, whose geometry is in columns. */
  geometries: (Geometry | null)[] | null;
  /** The number a user sees for each row: its line in a spreadsheet (the header is row 1), 1… for features. */
  rowNumbers: Int32Array;
}

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** The delimiter the header line uses most (`,` on a tie or when none is there). */
export function sniffDelimiter(text: string): CsvDelimiter {
  const end = text.indexOf('\n');
  const header = end < 0 ? text : text.slice(0, end);
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const count = header.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** A CSV (or semicolon / tab separated) text as a table; blank lines are dropped. */
export function csvTable(text: string, delimiter: CsvDelimiter = sniffDelimiter(text)): ImportTable {
  const all = dsvFormat(delimiter).parseRows(text);
  const rows: unknown[][] = [];
  // Keep row numbers true to the file: a skipped blank line still counts.
  const numbered: number[] = [];
  for (let r = 1; r < all.length; r++) {
    const row = all[r]!;
    if (row.length === 1 && row[0]!.trim() === '') continue;
    rows.push(row);
    numbered.push(r + 1);
  }
  return { columns: (all[0] ?? []).map((name) => name.trim()), rows, geometries: null, rowNumbers: Int32Array.from(numbered) };
}

/**
 * GeoJSON (a FeatureCollection, one Feature, or an array of Features) as a table: one column per
 * property name in the order first seen. Null when the value is none of these.
 */
export function featureTable(value: unknown): ImportTable | null {
  const features = Array.isArray(value)
    ? value
    : isRecord(value) && value.type === 'FeatureCollection' && Array.isArray(value.features)
      ? value.features
      : isRecord(value) && value.type === 'Feature'
        ? [value]
        : null;
  if (!features) return null;
  const columnOf = new Map<string, number>();
  for (const feature of features) {
    const properties = isRecord(feature) && isRecord(feature.properties) ? feature.properties : null;
    if (properties) for (const name of Object.keys(properties)) if (!columnOf.has(name)) columnOf.set(name, columnOf.size);
  }
  const columns = [...columnOf.keys()];
  const rows: unknown[][] = [];
  const geometries: (Geometry | null)[] = [];
  for (const feature of features) {
    const properties = isRecord(feature) && isRecord(feature.properties) ? feature.properties : null;
    rows.push(columns.map((name) => (properties && Object.hasOwn(properties, name) ? properties[name] : undefined)));
    geometries.push(isRecord(feature) && isRecord(feature.geometry) ? (feature.geometry as unknown as Geometry) : null);
  }
  return { columns, rows, geometries, rowNumbers: Int32Array.from(rows, (_, r) => r + 1) };
}
