/**
 * Where a hierarchy's units lie, so that a record carrying a position but no (known) unit id can
 * still be placed in a unit: the deepest unit whose polygon contains it. A Flatbush index over the
 * shapes' boxes, built on the first question, narrows each question to a few candidates; the
 * shape source answers the exact containment test. Pure: no DOM.
 */
import Flatbush from 'flatbush';
import { bbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Crs } from '../../core/crs';
import { isAreaGeometry } from '../../core/geojson';
import type { IssueCollector } from '../../core/validation';

/** The polygons of some units (a grid layer's packed rings, a GeoJSON's features). */
export interface UnitShapeSource {
  /** CRS of the coordinates. */
  readonly crs: Crs;
  /** Number of shapes. */
  readonly count: number;
  /** `[west, south, east, north]` of each shape, flat. */
  readonly bboxes: ArrayLike<number>;
  /** The unit id of shape `i`. */
  id(i: number): string;
  /** True when (x, y) lies inside shape `i`. */
  contains(i: number, x: number, y: number): boolean;
}

/** What the areas need of a unit hierarchy. */
interface Hierarchy {
  indexOf(id: string): number;
  /** Depth of each unit (0 for a top unit). */
  readonly depths: ArrayLike<number>;
}

export class UnitAreas {
  readonly crs: Crs;
  /** Per shape: its unit index in the hierarchy (-1: a shape of no known unit). */
  private readonly units: Int32Array;
  private index: Flatbush | null | undefined;

  constructor(
    private readonly hierarchy: Hierarchy,
    private readonly shapes: UnitShapeSource,
  ) {
    this.crs = shapes.crs;
    this.units = Int32Array.from({ length: shapes.count }, (_, i) => hierarchy.indexOf(shapes.id(i)));
  }

  /** The unit index of the deepest unit whose shape contains (x, y) (in `crs`), -1 when none does. */
  locate(x: number, y: number): number {
    const index = this.searchIndex();
    if (!index || !Number.isFinite(x) || !Number.isFinite(y)) return -1;
    let best = -1;
    for (const shape of index.search(x, y, x, y)) {
      const unit = this.units[shape];
      if (unit < 0 || (best >= 0 && this.hierarchy.depths[unit] <= this.hierarchy.depths[best])) continue;
      if (this.shapes.contains(shape, x, y)) best = unit;
    }
    return best;
  }

  private searchIndex(): Flatbush | null {
    if (this.index !== undefined) return this.index;
    const { count, bboxes } = this.shapes;
    if (count === 0) return (this.index = null);
    const index = new Flatbush(count);
    for (let i = 0; i < count; i++) {
      const [w, s, e, n] = [bboxes[i * 4], bboxes[i * 4 + 1], bboxes[i * 4 + 2], bboxes[i * 4 + 3]];
      // A shape without a usable box gets an empty one far away: indexes stay aligned, nothing finds it.
      if ([w, s, e, n].every(Number.isFinite)) index.add(w, s, e, n);
      else index.add(Infinity, Infinity, Infinity, Infinity);
    }
    index.finish();
    return (this.index = index);
  }
}

type AreaFeature = Feature<Polygon | MultiPolygon>;

/**
 * The shapes of a grids GeoJSON's features with an area geometry (WGS-84 coordinates), by
 * `properties.id`. A unit whose geometry is given but unusable (not a Polygon / MultiPolygon of
 * finite lon/lat rings) is reported to `issues`: it has no area, so records are placed in it by
 * their unit id only. A unit without geometry (null) is a row like any other, not reported.
 */
export function geoJsonShapes(features: readonly unknown[], issues?: IssueCollector): UnitShapeSource {
  const kept: { id: string; feature: AreaFeature }[] = [];
  const seen = new Set<string>();
  features.forEach((feature, index) => {
    const read = readShape(feature);
    if (!read) return;
    const { id, area, given } = read;
    // A repeated id's unit is its first feature's (as in the hierarchy): later shapes are not its area.
    if ((typeof id !== 'string' && typeof id !== 'number') || seen.has(String(id))) return;
    seen.add(String(id));
    // A copy read once: a getter is never asked again (nor allowed to answer differently).
    if (area) kept.push({ id: String(id), feature: { type: 'Feature', properties: null, geometry: area } });
    else if (given) issues?.warn(`features[${index}].geometry`, 'not a Polygon or MultiPolygon of finite lon/lat rings: the unit has no area (records are placed in it by unit id only)', 'invalid-geometry');
  });
  const bboxes = new Float64Array(kept.length * 4);
  kept.forEach(({ feature }, i) => bboxes.set(bbox(feature).slice(0, 4), i * 4));
  return {
    crs: 'wgs84',
    count: kept.length,
    bboxes,
    id: (i) => kept[i].id,
    contains: (i, x, y) => booleanPointInPolygon([x, y], kept[i].feature),
  };
}

/** A feature's id, area geometry (null: none usable) and whether it had any, or null when it throws when read (a getter, a revoked proxy). */
function readShape(feature: unknown): { id: unknown; area: Polygon | MultiPolygon | null; given: boolean } | null {
  try {
    const candidate = feature as Partial<AreaFeature> | null;
    const geometry = candidate?.geometry;
    return { id: candidate?.properties?.id, area: isAreaGeometry(geometry) ? geometry : null, given: geometry !== null && geometry !== undefined };
  } catch {
    return null;
  }
}
