/**
 * Grid roll-up: risk records counted per management unit of one level, so `<city-grid-layer>` can
 * colour grids by risk. A record's declared `grid` wins (the backend's assignment, walked up the
 * `parent` chain to the wanted level); otherwise the unit is found by point-in-polygon
 * (Flatbush over the units' boxes, then Turf's exact test).
 *
 * Never throws on bad input: unreadable grids, features, records or options are skipped and
 * reported (with their path) to `options.issues`; what is valid is still counted.
 */
import Flatbush from 'flatbush';
import { bbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { convertCrs, isCrs, type Crs } from '../../core/crs';
import { isAreaGeometry } from '../../core/geojson';
import { IssueCollector, describeValue, isRecord, type ValidationIssue } from '../../core/validation';
import { compileFilter, readFilter, rowVisible, type RiskFilter } from './filter';
import { LEVEL_BY_RANK, LEVEL_RANK, type RiskLevel } from './level';
import { packRisks, type RiskTable } from './table';

import type { GridLevel } from '../../core/levels';

export type { GridLevel };

export interface RiskRollUp {
  major: number;
  considerable: number;
  general: number;
  low: number;
  /** Risk index: 4 × major + 3 × considerable + 2 × general + 1 × low (the level ranks). */
  index: number;
}

export interface RollUpOptions {
  /** CRS of the records (default `wgs84`). */
  crs?: Crs;
  /** CRS of the grids (default `wgs84`); records are converted into it. */
  gridCrs?: Crs;
  /** Count only records passing this filter (time window, categories, levels). */
  filter?: RiskFilter;
  /**
   * Receives the problems found in the inputs (skipped records, grid features, unreadable options),
   * each with its path (`records[3].lon`, `grids.features[2].properties.id`, `filter.from`).
   */
  issues?: ValidationIssue[];
}

/** Weights of the risk index: the level ranks. */
export const RISK_INDEX_WEIGHTS: Readonly<Record<RiskLevel, number>> = LEVEL_RANK;

type UnitFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>>;
interface UnitNode {
  level: unknown;
  parent: unknown;
}

/** A unit id: a non-empty string or a finite number (as its string), else null. */
function unitId(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/** Index of the units of one level of a grid FeatureCollection, reusable across roll-ups. */
export class GridUnitIndex {
  /** Units of the level with a usable polygon, in input order (geometry in the target CRS). */
  readonly units: UnitFeature[] = [];
  /** Their ids, parallel to `units`. */
  readonly unitIds: string[] = [];
  private readonly byId = new Map<string, UnitNode>();
  private readonly index: Flatbush | null;

  /**
   * `crs` converts the grids' geometry (`from` → `to`) once, e.g. into a map's display CRS. Bad
   * features are skipped and reported to `issues` under `grids.features[i]`.
   */
  constructor(
    grids: FeatureCollection | unknown,
    readonly level: GridLevel | string,
    issues: IssueCollector = new IssueCollector(),
    crs: { from: Crs; to: Crs } = { from: 'wgs84', to: 'wgs84' },
  ) {
    const features = isRecord(grids) ? grids.features : undefined;
    if (!isRecord(grids)) issues.error('grids', `Grids must be a GeoJSON FeatureCollection, got ${describeValue(grids)}`, 'wrong-type', { expected: 'FeatureCollection' });
    else if (!Array.isArray(features)) issues.error('grids.features', `grids.features must be an array, got ${describeValue(features)}`, 'wrong-type', { expected: 'array' });
    (Array.isArray(features) ? features : []).forEach((feature: unknown, i) => this.addFeature(feature, `grids.features[${i}]`, issues, crs));
    if (this.units.length) {
      this.index = new Flatbush(this.units.length);
      for (const unit of this.units) {
        const [w, s, e, n] = bbox(unit);
        this.index.add(w, s, e, n);
      }
      this.index.finish();
    } else {
      this.index = null;
    }
  }

  private addFeature(feature: unknown, at: string, issues: IssueCollector, crs: { from: Crs; to: Crs }): void {
    if (!isRecord(feature)) return issues.error(at, `${at} is not a feature: ${describeValue(feature)}`, 'wrong-type', { expected: 'Feature' });
    const props = feature.properties;
    if (!isRecord(props)) return issues.error(`${at}.properties`, `${at} has no properties`, props == null ? 'missing' : 'wrong-type', { expected: 'object' });
    const id = unitId(props.id);
    if (id === null) return issues.error(`${at}.properties.id`, `${at} has no usable id: ${describeValue(props.id)}`, props.id == null ? 'missing' : 'wrong-type', { value: describeValue(props.id), expected: 'string' });
    if (this.byId.has(id)) return issues.error(`${at}.properties.id`, `Duplicate unit id ${describeValue(id)}`, 'duplicate-id', { value: describeValue(id) });
    this.byId.set(id, { level: props.level, parent: props.parent });
    if (props.level !== this.level) return;
    if (!isAreaGeometry(feature.geometry)) {
      return issues.error(`${at}.geometry`, `Unit ${describeValue(id)} has no usable Polygon/MultiPolygon geometry`, 'invalid-geometry');
    }
    const geometry = convertCrs(feature.geometry, crs.from, crs.to);
    this.units.push({ type: 'Feature', properties: props, geometry });
    this.unitIds.push(id);
  }

  /** The unit of this level containing or owning a record: via its declared grid, else by position. */
  unitOf(lon: number, lat: number, declaredGrid?: unknown): string | null {
    if (typeof declaredGrid === 'string') {
      const seen = new Set<string>();
      let id: string | null = declaredGrid;
      while (id !== null && !seen.has(id)) {
        const node = this.byId.get(id);
        if (!node) break;
        if (node.level === this.level) return id;
        seen.add(id);
        id = unitId(node.parent);
      }
    }
    if (!this.index) return null;
    const point: [number, number] = [lon, lat];
    for (const i of this.index.search(lon, lat, lon, lat)) {
      if (booleanPointInPolygon(point, this.units[i])) return this.unitIds[i];
    }
    return null;
  }
}

/**
 * Roll-up of an already packed table (rows in the grids' CRS) onto a unit index. The result has no
 * prototype (unit ids such as `__proto__` or `constructor` are plain keys): read it with
 * `Object.keys` / `Object.entries` or `Object.hasOwn`, not `result.hasOwnProperty`.
 */
export function rollUpTable(table: RiskTable, units: GridUnitIndex, filter?: RiskFilter): Record<string, RiskRollUp> {
  const result = Object.create(null) as Record<string, RiskRollUp>;
  for (const id of units.unitIds) {
    if (!Object.hasOwn(result, id)) result[id] = { major: 0, considerable: 0, general: 0, low: 0, index: 0 };
  }
  const compiled = filter ? compileFilter(table, filter) : null;
  for (let row = 0; row < table.length; row++) {
    if (compiled && !rowVisible(table, compiled, row)) continue;
    const record = table.records[table.source[row]] as Record<string, unknown>;
    const id = units.unitOf(table.positions[3 * row], table.positions[3 * row + 1], record.grid);
    if (id === null || !Object.hasOwn(result, id)) continue;
    const entry = result[id];
    const level = LEVEL_BY_RANK[table.level[row]] as RiskLevel;
    entry[level]++;
    entry.index += RISK_INDEX_WEIGHTS[level];
  }
  return result;
}

/**
 * Per-unit risk counts by level and a risk index for the units of `level` in `grids`.
 * Every unit of that level is in the result (zero counts included); invalid records and records
 * outside every unit are left out. See `RiskRollUp.index` for the index and `rollUpTable` for the
 * result's (null) prototype. Never throws: problems go to `options.issues`.
 */
export function rollUpRisks(
  records: readonly unknown[],
  grids: FeatureCollection,
  level: GridLevel | string,
  options: RollUpOptions = {},
): Record<string, RiskRollUp> {
  const o: Partial<RollUpOptions> = isRecord(options) ? options : {};
  const issues = new IssueCollector();
  const crs = (field: 'crs' | 'gridCrs'): Crs => {
    const value: unknown = o[field];
    if (value === undefined || value === null) return 'wgs84';
    if (isCrs(value)) return value;
    issues.warn(field, `${field}: unknown value ${describeValue(value)} (expected wgs84 | gcj02 | bd09); wgs84 is used`, 'unknown-value', { value: describeValue(value), expected: 'wgs84 | gcj02 | bd09' });
    return 'wgs84';
  };
  const recordCrs = crs('crs');
  const gridCrs = crs('gridCrs');
  const filter = readFilter(o.filter, 'filter', issues);
  let result = Object.create(null) as Record<string, RiskRollUp>;
  if (typeof level !== 'string' || level === '') {
    issues.error('level', `level must be a grid level name, got ${describeValue(level)}`, 'wrong-type', { value: describeValue(level), expected: 'string' });
  } else {
    const packed = packRisks(records, { crs: recordCrs, displayCrs: gridCrs });
    for (const issue of packed.issues) issues.add({ ...issue, path: `records${issue.path}` });
    result = rollUpTable(packed.table, new GridUnitIndex(grids, level, issues), filter);
  }
  if (Array.isArray(o.issues)) o.issues.push(...issues.issues);
  return result;
}

/**
 * The element's roll-up of its packed table (rows in `displayCrs`) onto `grids` given in
 * `gridCrs` (untrusted: an unknown CRS is reported and wgs84 used); bad grids go to `issues`.
 */
export function rollUpPacked(
  table: RiskTable,
  grids: unknown,
  level: unknown,
  options: { gridCrs?: unknown; displayCrs: Crs; filter?: RiskFilter },
  issues: IssueCollector,
): Record<string, RiskRollUp> {
  const gridCrs = options.gridCrs ?? 'wgs84';
  if (!isCrs(gridCrs)) issues.warn('gridCrs', `gridCrs: unknown value ${describeValue(gridCrs)}; wgs84 is used`, 'unknown-value', { value: describeValue(gridCrs) });
  const units = new GridUnitIndex(grids, level as GridLevel | string, issues, { from: isCrs(gridCrs) ? gridCrs : 'wgs84', to: options.displayCrs });
  return rollUpTable(table, units, options.filter);
}
