/**
 * Zipped Shapefiles through `shpjs` (loaded on first use, so the entry does not carry it): the
 * `.prj` reprojects to WGS-84 through proj4 and a `.cpg` names the `.dbf` text encoding. Without
 * a `.cpg` the attributes are read as UTF-8 when they are valid UTF-8, else as GB 18030 — what
 * Chinese GIS software writes (the same rule as for CSV).
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { TextEncodingName } from './decode';

export interface ShapefileLayer {
  /** The layer's name in the zip (its `.shp` file name without the extension). */
  name: string;
  collection: FeatureCollection;
  /** The `.dbf` text encoding: as its `.cpg` declares (`cpg`), or detected. */
  encoding: TextEncodingName | 'cpg';
  /** A `.prj` came with it: coordinates were reprojected to WGS-84 from it. */
  prj: boolean;
}

/** File names in a zip's central directory (empty when the bytes are no zip). */
export function zipEntryNames(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KiB.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return [];
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count && at + 46 <= bytes.length && view.getUint32(at, true) === 0x02014b50; i++) {
    const nameLength = view.getUint16(at + 28, true);
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return names;
}

/** Whether a `.dbf`'s text (field names and records; not the binary header) is valid UTF-8. */
function dbfIsUtf8(dbf: DataView): boolean {
  const bytes = new Uint8Array(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const headerLength = dbf.getUint16(8, true);
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let at = 32; at + 11 <= headerLength && bytes[at] !== 0x0d; at += 32) strict.decode(bytes.subarray(at, at + 11));
    strict.decode(bytes.subarray(headerLength));
    return true;
  } catch {
    return false;
  }
}

const fileName = (path: string) => path.replace(/^.*\//, '');

/** The layers of a zipped Shapefile. Rejects when the zip holds no readable `.shp`. */
export async function readShapefileZip(bytes: Uint8Array): Promise<ShapefileLayer[]> {
  const { parseZip, parseDbf } = await import('shpjs');
  const entries = zipEntryNames(bytes);
  const has = (name: string, extension: string) => entries.some((entry) => entry.toLowerCase() === `${name}.${extension}`.toLowerCase());
  // The raw `.dbf`s come back beside the layers, to decode again when they are not UTF-8.
  const parsed = await parseZip(bytes, ['dbf']);
  const parts = Array.isArray(parsed) ? parsed : [parsed];
  const rawDbf = new Map<string, DataView>();
  for (const part of parts) if (part instanceof DataView) rawDbf.set((part as DataView & { fileName: string }).fileName.toLowerCase().replace(/\.dbf$/, ''), part);
  const layers: ShapefileLayer[] = [];
  for (const part of parts) {
    if (part instanceof DataView || part.type !== 'FeatureCollection') continue;
    const base = part.fileName;
    const dbf = rawDbf.get(base.toLowerCase());
    let encoding: ShapefileLayer['encoding'] = has(base, 'cpg') ? 'cpg' : 'utf-8';
    if (dbf && encoding === 'utf-8' && !dbfIsUtf8(dbf)) {
      encoding = 'gb18030';
      const records = parseDbf(dbf, 'gb18030');
      part.features.forEach((feature, i) => (feature.properties = records[i] ?? {}));
    }
    layers.push({ name: fileName(base), collection: { type: 'FeatureCollection', features: part.features }, encoding, prj: has(base, 'prj') });
  }
  if (layers.length === 0) throw new Error('no .shp layer in the zip');
  return layers;
}

/** The files of one Shapefile dropped side by side (not zipped): `.shp`, and `.dbf`, `.prj`, `.cpg` when there. */
export interface ShapefileParts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: Uint8Array;
  cpg?: Uint8Array;
}

/** One Shapefile from its loose files, read as a zipped one is (same encoding rule). */
export async function readShapefileParts(name: string, parts: ShapefileParts): Promise<ShapefileLayer> {
  const { parseShp, parseDbf } = await import('shpjs');
  const prj = parts.prj ? new TextDecoder().decode(parts.prj) : undefined;
  const geometries = parseShp(parts.shp, prj);
  let encoding: ShapefileLayer['encoding'] = 'cpg';
  let cpg = parts.cpg ? new TextDecoder().decode(parts.cpg) : undefined;
  if (parts.dbf && !cpg) {
    encoding = dbfIsUtf8(new DataView(parts.dbf.buffer, parts.dbf.byteOffset, parts.dbf.byteLength)) ? 'utf-8' : 'gb18030';
    cpg = encoding;
  }
  const records = parts.dbf ? parseDbf(parts.dbf, cpg) : [];
  // A null shape stays null (as in a zip's layers): the import reports it by its record.
  const features = geometries.map((geometry, i) => ({ type: 'Feature', geometry, properties: records[i] ?? {} }) as Feature);
  return { name, collection: { type: 'FeatureCollection', features }, encoding: parts.dbf ? encoding : 'utf-8', prj: prj !== undefined };
}
