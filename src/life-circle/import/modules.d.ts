// Types for the two parsers the import loads on demand (neither ships its own).
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  type Layer = FeatureCollection & { fileName: string };
  /** A zipped Shapefile (its `.prj` applied through proj4, its `.cpg` naming the `.dbf` text encoding). */
  export function parseZip(buffer: ArrayBuffer | Uint8Array, whiteList?: string[]): Promise<Layer | Layer[]>;
  /** `.dbf` records with the encoding `cpg` names (UTF-8 when none). */
  export function parseDbf(dbf: ArrayBuffer | Uint8Array | DataView, cpg?: string): Record<string, unknown>[];
  /** `.shp` geometries, reprojected to WGS-84 when `prj` (WKT) is given. */
  export function parseShp(shp: ArrayBuffer | Uint8Array | DataView, prj?: string): (import('geojson').Geometry | null)[];
}

declare module '@terraformer/wkt' {
  import type { Geometry } from 'geojson';
  export function wktToGeoJSON(wkt: string): Geometry;
  export function geojsonToWKT(geometry: Geometry): string;
}
