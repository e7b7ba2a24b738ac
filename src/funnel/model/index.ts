/** Public API of the closure-funnel model (pure: no DOM, safe in a worker). */
export { computeFunnel } from './compute';
export { breakdownFunnel, compareFunnels, compareMetric, filterCases, UNSPECIFIED } from './breakdown';
export type { BreakdownKey, CaseAttributes, FunnelComparison, MetricComparison, StageComparison, Verdict } from './breakdown';
export { compileCalendar, CompiledCalendar, DEFAULT_WORKING_CALENDAR, workingHoursBetween } from './calendar';
export { PRESETS, PRESET_NAMES, PRESET_RATES, STAGE_ROLES, isPresetName } from './presets';
export type { RateDefinition } from './presets';
export { parseTimestamp } from './time';
export { BASE_FIGURE_KEYS, BASE_FIGURE_NAMES, computeIndicators, INDICATOR_KEYS, PRESET_FIGURE_NAMES, PRESET_INDICATORS } from './indicators';
export type { BaseFigureKey, BaseFigures, FunnelIndicator, IndicatorDefinition, IndicatorKey, RateChoice, RateOptions } from './indicators';
export { DROP_REASONS, RATINGS, TIERS } from './validate';
export type * from './types';
