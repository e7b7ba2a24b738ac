/**
 * `citykit/life-circle`: the 15-minute life-circle analyzer — registers `<city-life-circle>`
 * (and `<city-map>` and `<city-grid-layer>`, which it uses for its map and unit choropleth), and re-exports the engine's public API (pure functions,
 * standards data, the Web Worker client), the import of planners' files (CSV, GeoJSON, zipped
 * Shapefile), the planner's workbench models (coverage by management unit, what-if plans), the
 * element's deck.gl layer and its view model (colours, CSV).
 */
import '../map/index';
import '../grid/index';
import { define } from '../core/define';
import { CityLifeCircle } from './city-life-circle';
import { CityLifeCircleLayer } from './view/life-circle-layer';

define('city-life-circle-layer', CityLifeCircleLayer);
define('city-life-circle', CityLifeCircle);

export * from './engine/index';
export * from './import/index';
export { CityLifeCircle, CityLifeCircleLayer };
export type { CityAnalysisCompleteDetail, CityResidenceSelectDetail, CityPlanChangeDetail, PlanChangeReason } from './events';
export type { CityDataImportDetail } from './import-view/events';
export { LifeCircleLayer } from './view/life-circle-deck-layer';
export type { LifeCircleLayerProps, LifeCirclePickingInfo, LifeCircleTarget } from './view/life-circle-deck-layer';
export { SCORE_THRESHOLDS, SCORE_COLORS, CATEGORY_PALETTE, categoryColors, scoreColor, scoreClass } from './view/colors';
export { toCsv, csvRows, CSV_BOM } from './view/csv';
export type { CsvKind, CsvCell } from './view/csv';
export { coverageRows, gapResidences, allResidences, residenceDetail, unitCoverage } from './view/report';
export type { CoverageRow, GapResidence, GapItem, ResidenceDetail, DetailRow, UnitCoverage } from './view/report';
export { assignResidences, coverageByUnit, worstFirst, tableLevels, rowsAtLevel, unitValues } from './model/unit-coverage';
export type { UnitCoverageResult, UnitSource } from './units-view/controller';
export type { ResidenceUnits, UnitAssignment, UnitHierarchy, UnitCoverageRow, UnitCoverageTable, UnitCoverageSort } from './model/unit-coverage';
export { applyEdits, comparePlans, comparisonRows, EditHistory, planToGeoJson, planFromGeoJson } from './model/scenario';
export type { FacilityEdit, Plan, PlanComparison, CategoryChange, ResidenceChange, FacilityCollection } from './model/scenario';
