/**
 * A small hand-made grid: 2 districts, 3 streets, 4 communities on a 0.01° lattice at
 * lon 116.00–116.04, lat 39.90–39.92. Cell (x, y) spans lon 116 + x/100, lat 39.9 + y/100.
 *
 *   y=2 +----+----+---------+
 *       | C2 |    |         |
 *   y=1 +----+ C3 |   C4    |     D1 = S1 ∪ S2 = x 0..2,  D2 = S3 = x 2..4
 *       | C1 |    |         |     S1 = C1 ∪ C2 = x 0..1,  S2 = C3 = x 1..2,  S3 = C4 = x 2..4
 *   y=0 +----+----+---------+
 *       x=0  x=1  x=2       x=4
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';

export const LON0 = 116;
export const LAT0 = 39.9;
export const CELL = 0.01;

export function square(x0: number, y0: number, x1: number, y1: number): Polygon {
  const lon = (x: number) => Math.round((LON0 + x * CELL) * 1e6) / 1e6;
  const lat = (y: number) => Math.round((LAT0 + y * CELL) * 1e6) / 1e6;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon(x0), lat(y0)],
        [lon(x1), lat(y0)],
        [lon(x1), lat(y1)],
        [lon(x0), lat(y1)],
        [lon(x0), lat(y0)],
      ],
    ],
  };
}

export function unit(
  id: string,
  level: string,
  parent: string | null,
  box: [number, number, number, number],
  props: Record<string, unknown> = {},
): Feature {
  return {
    type: 'Feature',
    geometry: square(...box),
    properties: { id, name: `${id}名`, level, ...(parent ? { parent } : {}), ...props },
  };
}

export function sampleGrid(): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [
      unit('D1', 'district', null, [0, 0, 2, 2], { events: 30 }),
      unit('D2', 'district', null, [2, 0, 4, 2], { events: 10 }),
      unit('S1', 'street', 'D1', [0, 0, 1, 2], { events: 20 }),
      unit('S2', 'street', 'D1', [1, 0, 2, 2], { events: 10 }),
      unit('S3', 'street', 'D2', [2, 0, 4, 2], { events: 10 }),
      unit('C1', 'community', 'S1', [0, 0, 1, 1], { events: 5 }),
      unit('C2', 'community', 'S1', [0, 1, 1, 2], { events: 15 }),
      unit('C3', 'community', 'S2', [1, 0, 2, 2], { events: 10 }),
      unit('C4', 'community', 'S3', [2, 0, 4, 2], { events: 10 }),
    ],
  };
}

/** The centre of lattice box (x0, y0)–(x1, y1) in lon/lat. */
export function centre(x0: number, y0: number, x1: number, y1: number): [number, number] {
  return [LON0 + ((x0 + x1) / 2) * CELL, LAT0 + ((y0 + y1) / 2) * CELL];
}

/**
 * The sample grid with ids that are also Object.prototype names: S1 is "__proto__" (parent of C1
 * and C2), S2 is "constructor" (parent of C3), C4 is "toString". Parsed from JSON, as a backend
 * would send it.
 */
export function protoGrid(): FeatureCollection {
  const grid = sampleGrid();
  const rename: Record<string, string> = { S1: '__proto__', S2: 'constructor', C4: 'toString' };
  for (const feature of grid.features) {
    const p = feature.properties!;
    if (Object.prototype.hasOwnProperty.call(rename, p.id as string)) p.id = rename[p.id as string];
    if (typeof p.parent === 'string' && Object.prototype.hasOwnProperty.call(rename, p.parent)) p.parent = rename[p.parent];
  }
  return JSON.parse(JSON.stringify(grid)) as FeatureCollection;
}
