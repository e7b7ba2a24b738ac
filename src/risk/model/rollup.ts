/**
 * Grid roll-up: risk records counted per management unit of one level, so `<city-grid-layer>` can
 * colour grids by risk. A record's declared `grid` wins (the backend's assignment, walked up the
 * `parent` chain to the wanted level); otherwise the unit is found by point-in-polygon
 * (Flatbush over the units' boxes, then Turf's exact test).
 */
import Flatbush from 'flatbush';
import { bbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Crs } from '../../core/crs';
import { isRecord } from '../../core/validation';
import { compileFilter, rowVisible, type RiskFilter } from './filter';
import { LEVEL_BY_RANK, LEVEL_RANK, type RiskLevel } from './level';
import { packRisks, type RiskTable } from './table';

export type GridLevel = 'district' | 'street' | 'community' | 'grid' | 'micro-grid';

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
}

/** Weights of the risk index: the level ranks. */
export const RISK_INDEX_WEIGHTS: Readonly<Record<RiskLevel, number>> = LEVEL_RANK;

type UnitFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** Index of the units of one level of a grid FeatureCollection, reusable across roll-ups. */
export class GridUnitIndex {
  readonly units: UnitFeature[] = [];
  private readonly byId = new Map<string, Feature>();
  private readonly index: Flatbush | null;

  constructor(
    grids: FeatureCollection,
    readonly level: GridLevel | string,
  ) {
    for (const feature of grids?.features ?? []) {
      const props = feature?.properties;
      if (!isRecord(props) || typeof props.id !== 'string') continue;
      this.byId.set(props.id, feature);
      const type = feature.geometry?.type;
      if (props.level === level && (type === 'Polygon' || type === 'MultiPolygon')) this.units.push(feature as UnitFeature);
    }
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

  /** The unit of this level containing or owning a record: via its declared grid, else by position. */
  unitOf(lon: number, lat: number, declaredGrid?: unknown): string | null {
    if (typeof declaredGrid === 'string') {
      const seen = new Set<string>();
      let feature = this.byId.get(declaredGrid);
      while (feature && !seen.has(String(feature.properties?.id))) {
        const props = feature.properties as Record<string, unknown>;
        if (props.level === this.level) return String(props.id);
        seen.add(String(props.id));
        feature = typeof props.parent === 'string' ? this.byId.get(props.parent) : undefined;
      }
    }
    if (!this.index) return null;
    const point: [number, number] = [lon, lat];
    for (const i of this.index.search(lon, lat, lon, lat)) {
      if (booleanPointInPolygon(point, this.units[i])) return String(this.units[i].properties.id);
    }
    return null;
  }
}

/** Roll-up of an already packed table (rows in the grids' CRS) onto a unit index. */
export function rollUpTable(table: RiskTable, units: GridUnitIndex, filter?: RiskFilter): Record<string, RiskRollUp> {
  const result: Record<string, RiskRollUp> = {};
  for (const unit of units.units) {
    result[String(unit.properties.id)] = { major: 0, considerable: 0, general: 0, low: 0, index: 0 };
  }
  const compiled = filter ? compileFilter(table, filter) : null;
  for (let row = 0; row < table.length; row++) {
    if (compiled && !rowVisible(table, compiled, row)) continue;
    const record = table.records[table.source[row]] as Record<string, unknown>;
    const id = units.unitOf(table.positions[3 * row], table.positions[3 * row + 1], record.grid);
    if (id === null) continue;
    const entry = result[id];
    if (!entry) continue;
    const level = LEVEL_BY_RANK[table.level[row]] as RiskLevel;
    entry[level]++;
    entry.index += RISK_INDEX_WEIGHTS[level];
  }
  return result;
}

/**
 * Per-unit risk counts by level and a risk index for the units of `level` in `grids`.
 * Every unit of that level is in the result (zero counts included); invalid records and records
 * outside every unit are left out. See `RiskRollUp.index` for the index.
 */
export function rollUpRisks(
  records: readonly unknown[],
  grids: FeatureCollection,
  level: GridLevel | string,
  options: RollUpOptions = {},
): Record<string, RiskRollUp> {
  const { table } = packRisks(records, { crs: options.crs, displayCrs: options.gridCrs });
  return rollUpTable(table, new GridUnitIndex(grids, level), options.filter);
}
