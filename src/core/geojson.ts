/** Shape checks for GeoJSON read from a backend, before Turf or a packer touches it. */
import type { MultiPolygon, Polygon } from 'geojson';
import { isRecord } from './validation';

const isPosition = (p: unknown): boolean =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
const isRing = (ring: unknown): boolean => Array.isArray(ring) && ring.length >= 4 && ring.every(isPosition);
const isPolygonCoords = (rings: unknown): boolean => Array.isArray(rings) && rings.length > 0 && rings.every(isRing);

/** True for a Polygon / MultiPolygon whose coordinates Turf can work with (finite lon/lat rings). */
export function isAreaGeometry(geometry: unknown): geometry is Polygon | MultiPolygon {
  if (!isRecord(geometry)) return false;
  if (geometry.type === 'Polygon') return isPolygonCoords(geometry.coordinates);
  if (geometry.type === 'MultiPolygon') return Array.isArray(geometry.coordinates) && geometry.coordinates.length > 0 && geometry.coordinates.every(isPolygonCoords);
  return false;
}
