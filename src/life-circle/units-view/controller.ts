/**
 * Coverage by management unit for `<city-life-circle>`: where the unit hierarchy comes from (the
 * element's `boundaries` — set by the page or by an imported boundaries file — else the
 * `<city-scope>` around), the roll-up of the current result into it (`model/unit-coverage.ts`, no
 * new analysis), and the table's and the map's choices: level, sort, the unit highlighted when
 * there is no scope. Choosing a unit writes the scope's unit, as the grid layer does.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { toWgs84, type Crs } from '../../core/crs';
import type { Locale } from '../../core/i18n';
import type { GridLevel } from '../../core/levels';
import type { Theme } from '../../core/theme';
import { describeValue, isRecord, type ValidationIssue } from '../../core/validation';
import { UnitTree } from '../../scope/model/unit-tree';
import type { CityScopeApi } from '../../scope/scope-context';
import type { LifeCircleResult } from '../engine/types';
import type { CityDataImportDetail } from '../import-view/events';
import {
  assignResidences,
  coverageByUnit,
  rowsAtLevel,
  tableLevels,
  unitValues,
  worstFirst,
  type UnitAssignment,
  type UnitCoverageSort,
  type UnitCoverageTable,
  type UnitHierarchy,
} from '../model/unit-coverage';
import { memoize } from '../view/memo';
import type { LifeCircleScene } from '../view/scene';
import { renderUnits, renderUnitsLayer, unitsMetricLabel, type UnitsHandlers } from './render';
import type { UnitsTranslate } from './strings';
import './strings';

/** Where the units of `unitCoverage` came from. */
export type UnitSource = 'boundaries' | 'scope';

/** The element's coverage by management unit (`unitCoverage`): the table, and how residences were placed. */
export interface UnitCoverageResult extends UnitCoverageTable {
  source: UnitSource;
  /** Residences placed by their `grid` field, by a unit polygon, or in no unit. */
  placed: Record<UnitAssignment, number>;
}

/** The level the table shows first: communities when there are some, else the deepest level. */
const PREFERRED_LEVEL: GridLevel = 'community';
/** Rows the table shows before "show more". */
export const UNIT_ROWS = 10;

export interface UnitsHooks {
  scene(): LifeCircleScene | null;
  result(): LifeCircleResult | null;
  /** CRS of the scene's positions (the inner map's). */
  mapCrs(): Crs;
  /** CRS of the element's inputs, `boundaries` included. */
  inputCrs(): Crs;
  boundaries(): unknown;
  setBoundaries(value: FeatureCollection): void;
  scope(): CityScopeApi | undefined;
  /** Problems with the boundaries (empty: none). */
  issues(issues: ValidationIssue[]): void;
  locale(): Locale;
  /** The element's own `theme`, handed to the inner layer (undefined: the map's). */
  theme(): Theme | undefined;
  t: UnitsTranslate;
}

/** The units the table and the map use, and the boundaries' polygons (WGS-84) when they came with them. */
interface Units {
  source: UnitSource;
  tree: UnitHierarchy;
  boundaries: FeatureCollection | null;
}

/** What the section and the choropleth show. */
export interface UnitsView {
  source: UnitSource;
  size: number;
  coverage: UnitCoverageResult;
  levels: GridLevel[];
  level: GridLevel | null;
  sort: UnitCoverageSort;
  /** Rows of the chosen level, worst first. */
  order: Int32Array;
  limit: number;
  selected: string | null;
  /** The boundaries to draw (WGS-84) and their values (percent), null without polygons. */
  map: { boundaries: FeatureCollection; values: { id: string; value: number | null }[] } | null;
}

export class LifeCircleUnits implements ReactiveController {
  /** The sort and level the planner chose (level null: the default). */
  sort: UnitCoverageSort = { by: 'score' };
  private chosenLevel: GridLevel | null = null;
  private limit = UNIT_ROWS;
  /** The unit chosen without a scope (a scope holds its own). */
  private highlighted: string | null = null;
  private reported: unknown = undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly hooks: UnitsHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('city-data-import', this.onImport);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('city-data-import', this.onImport);
  }

  hostUpdate(): void {
    // The boundaries' problems, once per value (reported before render, so no second update).
    const boundaries = this.hooks.boundaries();
    if (boundaries === this.reported) return;
    this.reported = boundaries;
    this.hooks.issues(this.own(boundaries, this.hooks.inputCrs())?.issues ?? []);
  }

  /** The coverage by unit of the current result (null without a result or a hierarchy). */
  get coverage(): UnitCoverageResult | null {
    const units = this.units();
    const scene = this.hooks.scene();
    const result = this.hooks.result();
    if (!units || !scene || !result) return null;
    return this.table(units.tree, units.source, scene, result, this.hooks.mapCrs());
  }

  /** What the section shows (null: nothing to show). */
  view(): UnitsView | null {
    const coverage = this.coverage;
    const units = this.units();
    if (!coverage || !units) return null;
    const levels = this.levels(coverage);
    const level = this.chosenLevel && levels.includes(this.chosenLevel) ? this.chosenLevel : levels.includes(PREFERRED_LEVEL) ? PREFERRED_LEVEL : (levels[levels.length - 1] ?? null);
    const order = this.order(coverage, this.sort, level);
    const scope = this.hooks.scope();
    const selected = scope ? scope.selection.unit : this.highlighted;
    const map = units.boundaries ? { boundaries: units.boundaries, values: this.values(coverage, this.sort) } : null;
    return { source: units.source, size: units.tree.size, coverage, levels, level, sort: this.sort, order, limit: this.limit, selected, map };
  }

  /** The panel's section (nothing without a result and units). */
  section(): TemplateResult | typeof nothing {
    return renderUnits(this.view(), this.hooks.result()?.categories ?? [], this.hooks.locale(), this.hooks.t, this.handlers);
  }

  /** The choropleth inside the inner `<city-map>` (nothing without boundary polygons). */
  layer(): TemplateResult | typeof nothing {
    const view = this.view();
    if (!view?.map) return nothing;
    const metric = unitsMetricLabel(view.sort, this.hooks.result()?.categories ?? [], this.hooks.locale(), this.hooks.t);
    return renderUnitsLayer(view, { theme: this.hooks.theme(), locale: this.hooks.locale(), metric, select: this.picked });
  }

  private readonly handlers: UnitsHandlers = {
    level: (level) => this.setLevel(level),
    sort: (sort) => this.setSort(sort),
    select: (id) => this.select(id),
    more: () => this.more(),
  };

  /** A unit clicked on the choropleth: inside a scope the grid layer wrote it there already. */
  private readonly picked = (id: string | null) => {
    if (this.hooks.scope()) return;
    this.highlighted = id;
    this.host.requestUpdate();
  };

  setLevel(level: GridLevel): void {
    this.chosenLevel = level;
    this.limit = UNIT_ROWS;
    this.host.requestUpdate();
  }

  setSort(sort: UnitCoverageSort): void {
    this.sort = sort;
    this.host.requestUpdate();
  }

  more(): void {
    this.limit += UNIT_ROWS;
    this.host.requestUpdate();
  }

  /** Chooses a unit (null: none): the scope's unit inside a scope, else the highlighted one. */
  select(id: string | null): void {
    const scope = this.hooks.scope();
    if (scope) scope.selectUnit(id, { interactive: true });
    else this.highlighted = id;
    this.host.requestUpdate();
  }

  /** The hierarchy in use: the element's own boundaries first (they carry polygons), else the scope's. */
  private units(): Units | null {
    const own = this.own(this.hooks.boundaries(), this.hooks.inputCrs());
    if (own && own.tree.size > 0) return own.units;
    const tree = this.hooks.scope()?.selection.tree ?? null;
    return tree && tree.size > 0 ? this.scopeUnits(tree) : null;
  }

  private readonly own = memoize((boundaries: unknown, crs: Crs) => {
    if (boundaries == null) return null;
    if (!isRecord(boundaries) || !Array.isArray(boundaries.features)) {
      const issue: ValidationIssue = { path: 'boundaries', message: `boundaries must be a FeatureCollection of units, got ${describeValue(boundaries)}`, severity: 'error', code: 'wrong-type' };
      return { tree: UnitTree.fromRows([]), units: null, issues: [issue] };
    }
    const wgs84 = { type: 'FeatureCollection', features: crs === 'wgs84' ? boundaries.features : boundaries.features.map((feature) => featureToWgs84(feature, crs)) } as FeatureCollection;
    const tree = UnitTree.fromGeoJson(wgs84);
    return { tree, units: { source: 'boundaries' as const, tree, boundaries: wgs84 }, issues: [...tree.issues] };
  });

  private readonly scopeUnits = memoize((tree: UnitHierarchy): Units => ({ source: 'scope', tree, boundaries: null }));

  private readonly placement = memoize((tree: UnitHierarchy, scene: LifeCircleScene, mapCrs: Crs) =>
    assignResidences(tree, scene.residences.grid, scene.residences.positions, mapCrs),
  );

  private readonly table = memoize((tree: UnitHierarchy, source: UnitSource, scene: LifeCircleScene, result: LifeCircleResult, mapCrs: Crs): UnitCoverageResult => {
    const placed = this.placement(tree, scene, mapCrs);
    // The result's rows are the scene's (one validation); matched by id should they ever differ.
    const ids = result.columns.residenceIds;
    const sameRows = ids.length === scene.residences.ids.length && ids.every((id, r) => scene.residences.ids[r] === id);
    const units = sameRows ? placed.units : Int32Array.from(ids, (id) => placed.units[scene.residences.row.get(id) ?? -1] ?? -1);
    return { ...coverageByUnit(result.columns, tree, units), source, placed: placed.counts };
  });

  private readonly levels = memoize((coverage: UnitCoverageResult) => tableLevels(coverage));
  private readonly sorted = memoize((coverage: UnitCoverageResult, sort: UnitCoverageSort) => worstFirst(coverage, sort));
  private readonly order = memoize((coverage: UnitCoverageResult, sort: UnitCoverageSort, level: GridLevel | null) => {
    const all = this.sorted(coverage, sort);
    return level ? rowsAtLevel(coverage, all, level) : all;
  });
  private readonly values = memoize((coverage: UnitCoverageResult, sort: UnitCoverageSort) => unitValues(coverage, sort));

  /** An imported boundaries file becomes (or, by id, adds to) the element's boundaries. */
  private readonly onImport = (event: Event) => {
    const detail = (event as CustomEvent<CityDataImportDetail>).detail;
    if (event.target !== this.host || detail?.role !== 'boundaries') return;
    const current = this.hooks.boundaries();
    const kept = isRecord(current) && Array.isArray(current.features) ? (current.features as unknown[]) : [];
    const incoming = new Set(detail.features.features.map((feature) => String(feature.properties?.id)));
    const others = kept.filter((feature) => !(isRecord(feature) && isRecord(feature.properties) && incoming.has(String(feature.properties.id))));
    this.hooks.setBoundaries({ type: 'FeatureCollection', features: [...(others as FeatureCollection['features']), ...detail.features.features] });
  };
}

/** A feature's geometry in WGS-84; a feature whose geometry cannot be read keeps its properties and loses its area (the tree reports what is wrong with it). */
function featureToWgs84(feature: unknown, crs: Crs): unknown {
  if (!isRecord(feature) || !isRecord(feature.geometry)) return feature;
  try {
    return toWgs84(feature as unknown as Feature, crs);
  } catch {
    return { ...feature, geometry: null };
  }
}
