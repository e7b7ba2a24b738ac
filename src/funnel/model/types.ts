/** Data contract and result types of the closure-funnel model (pure, no DOM). */
import type { ValidationIssue } from '../../core/validation';
import type { BaseFigures, FunnelIndicator, RateOptions } from './indicators';

export type FunnelLocale = 'zh-CN' | 'en';
export type PresetName = 'city-management' | 'hotline-12345' | 'problem-list';
export type Tier = 'big' | 'small' | 'micro';
export type Rating = 'satisfied' | 'basically-satisfied' | 'dissatisfied';
/** A side flow that took the case out of the loop at its last reached stage. */
export type DropReason = 'void' | 'parked' | 'extended' | 'returned';
/**
 * What a stage means for the standard rates: `intake` first contact, `dispatch` 派遣/派单,
 * `respond` the unit takes the case up (hotline 响应), `handle` the work itself (rework loops
 * back here), `close` entering it means the case is closed (结案/办结), `evaluate` rating.
 */
export type StageRole = 'intake' | 'dispatch' | 'respond' | 'handle' | 'close' | 'evaluate';
export type Direction = 'higher-is-better' | 'lower-is-better';
export type Clock = 'calendar' | 'working';
export type RateName =
  | 'closure'
  | 'onTimeClosure'
  | 'rework'
  | 'accurateDispatch'
  | 'response'
  | 'resolution'
  | 'satisfaction';

export type LocalizedText = string | { 'zh-CN'?: string; en?: string };

/** A stage definition: one of a preset's, or a custom one. */
export interface StageDefinition {
  key: string;
  label?: LocalizedText;
  /** One role or several (the hotline's 办理 is both `respond` and `handle`). */
  role?: StageRole | StageRole[];
}

/** Stage definition after resolution: both labels filled, roles as an array. */
export interface ResolvedStage {
  key: string;
  labels: { 'zh-CN': string; en: string };
  roles: StageRole[];
}

/** One raw case (see the shared vocabulary). Timestamps are ISO strings (or epoch ms within ±8.64e15). */
export interface RawCase {
  /** Unique per case (as text: 7 and "7" are the same case); a repeated id counts once, as its last valid record. */
  id: string | number;
  stages: Record<string, string | number | null | undefined>;
  due?: Record<string, string | number | null | undefined>;
  tier?: Tier;
  channel?: string;
  grid?: string;
  rating?: Rating;
  resolved?: boolean;
  reworks?: number;
  status?: DropReason;
  category?: string;
}

/**
 * Raw cases as columns: the record fields, one array per field, row i of each being case i.
 * Times are epoch ms or ISO strings; in a typed array (Float64Array…) NaN means "no time" / "no
 * value", as null or '' do in a plain array. Read by the same rules as records; a row's issues
 * name it `cases[i]`. From Apache Arrow: a Float64 column of epoch ms with NaN for none
 * (`table.getChild(name)!.toArray()`), a text column as an array (`[...table.getChild(name)!]`).
 */
export interface CaseColumnsInput {
  id?: ArrayLike<string | number | null | undefined>;
  stages: Record<string, ArrayLike<string | number | null | undefined>>;
  due?: Record<string, ArrayLike<string | number | null | undefined>>;
  tier?: ArrayLike<Tier | null | undefined>;
  channel?: ArrayLike<string | null | undefined>;
  grid?: ArrayLike<string | null | undefined>;
  category?: ArrayLike<string | null | undefined>;
  status?: ArrayLike<DropReason | null | undefined>;
  rating?: ArrayLike<Rating | null | undefined>;
  resolved?: ArrayLike<boolean | null | undefined>;
  reworks?: ArrayLike<number | null | undefined>;
}

export interface ColumnarCasesInput {
  preset?: PresetName;
  columns: CaseColumnsInput;
}

export interface RawCasesInput {
  preset?: PresetName;
  cases: readonly unknown[];
}

/** A stage of pre-aggregated input: counts computed by the backend. */
export interface AggregatedStageInput {
  key: string;
  label?: LocalizedText;
  count: number;
  /** Completed this stage within its deadline / beyond it (or still here past it). */
  onTime?: number;
  overdue?: number;
  /** Entered this stage with every earlier deadline met (按期结案数 on the close stage). */
  arrivedOnTime?: number;
  pending?: number;
  /** 应X数; defaults to `count`, and rates that need it are left out when it is absent. */
  shouldReach?: number;
  dropped?: Record<string, number>;
  reworks?: number;
  /** Cases sent back at least once (defaults to `reworks` for the rework rate). */
  reworkedCases?: number;
  medianHours?: number;
  p90Hours?: number;
  clock?: Clock;
}

export interface AggregatedInput {
  preset?: PresetName;
  stages: readonly unknown[];
  /** Base counts as the bulletin prints them (`{received, filed, shouldClose, …}`); they win over the stages'. */
  figures?: BaseFigures;
  /** All cases in scope (denominator of `ofTotal`); defaults to the first stage's count. */
  total?: number;
  ratings?: Partial<Record<Rating, number>>;
  resolution?: { resolved?: number; unresolved?: number };
}

/** A bulletin's base counts alone: `{preset, figures: {received, filed, …}}` or the counts at the top level. */
export type FiguresInput = { preset?: PresetName; figures: BaseFigures } | ({ preset?: PresetName } & BaseFigures);

export type FunnelInput = RawCasesInput | ColumnarCasesInput | AggregatedInput | FiguresInput | readonly unknown[];

/** A reporting period: `from` inclusive, `to` exclusive (ISO strings, epoch ms or Dates). */
export interface ReportingPeriod {
  from: string | number | Date;
  to: string | number | Date;
}

/** Working calendar: weekdays 1 = Monday … 7 = Sunday; hours are local, e.g. [[9, 12], [13.5, 18]]. */
export interface WorkingCalendar {
  weekdays?: number[];
  hours?: Array<[number, number]>;
  /** ISO dates (YYYY-MM-DD) that are not worked although their weekday is. */
  holidays?: string[];
  /** ISO dates worked although their weekday is not (调休 make-up days); they win over `holidays`. */
  workdays?: string[];
  /** Fixed UTC offset of the calendar's local time, e.g. '+08:00'. */
  timeZone?: string;
}

/** Time allowed in a stage when a case carries no explicit `due` for it. */
export interface StageLimit {
  hours?: number;
  /** Working days count as `days ×` the calendar's working hours per day. */
  days?: number;
  clock?: Clock;
}

export interface CaseFilter {
  tier?: Tier | Tier[];
  channel?: string | string[];
  grid?: string | string[];
  category?: string | string[];
  /** Inclusive lower / exclusive upper bound on the case's first stage time. */
  from?: string | number | Date;
  to?: string | number | Date;
}

export interface FunnelOptions {
  preset?: PresetName;
  /** Custom stages (keys or definitions); they win over `preset`. */
  stages?: ReadonlyArray<string | StageDefinition>;
  calendar?: WorkingCalendar;
  /** Reference time for "still pending past due"; defaults to the current time. */
  now?: string | number | Date;
  lang?: FunnelLocale;
  /** Clock of the duration figures; `working` by default when a calendar is given. */
  durationClock?: Clock;
  /** Default time allowed per stage key when a case has no `due` for it. */
  limits?: Record<string, StageLimit>;
  /** UTC offset for timestamps that carry none; defaults to the calendar's, else '+08:00'. */
  timeZone?: string;
  filter?: CaseFilter;
  /**
   * Collect the ids of the cases that reached each stage (`stages[i].caseIds`, in case order). A
   * stage's list is made when first read, from the counted cases: keep the list unchanged meanwhile.
   */
  caseIds?: boolean;
  /** Period of the base figures and indicators of raw cases (figures.ts); all time when absent. */
  period?: ReportingPeriod;
  /** Where cities differ: which figures an indicator divides, and which indicators to show (indicators.ts). */
  rates?: RateOptions;
}

export interface FunnelStage {
  key: string;
  label: string;
  labels: { 'zh-CN': string; en: string };
  roles: StageRole[];
  /** Cases that entered this stage. */
  reached: number;
  /** 应X数: reached + open cases that should have reached it by `now`. */
  shouldReach: number;
  /** Completed this stage (entered a later one) by its deadline, or with no deadline. */
  onTime: number;
  /** Missed this stage's deadline: completed late, or still here past due. */
  overdue: number;
  /** Entered this stage with every earlier deadline of the case met. */
  arrivedOnTime: number;
  /** Open cases whose last reached stage is this one. */
  pending: number;
  /** Of `pending`, those past a deadline. */
  pendingOverdue: number;
  /** Of `onTime`, cases that had no deadline for this stage. */
  noDeadline: number;
  /** Cases that went past this stage without a timestamp for it (skipped it). */
  skipped: number;
  dropped: Record<string, number>;
  /** Rework loops (returned to this stage for rework). */
  reworks: number;
  medianHours: number | null;
  p90Hours: number | null;
  /** Number of durations behind the median / p90. */
  durations: number;
  /** Clock of `medianHours` / `p90Hours`. */
  clock: Clock;
  ofFirst: number | null;
  ofPrevious: number | null;
  ofTotal: number | null;
  flags: {
    /** More cases here than at the previous stage (kept as given, never clamped). */
    grows: boolean;
    /** Pre-aggregated count rejected (negative, non-integer, not a number) and read as 0. */
    invalid: boolean;
    /** Pre-aggregated input has no entry for this stage. */
    missing: boolean;
  };
  /** With `options.caseIds`: the ids of the cases that reached the stage (a case without one: `#index`). */
  caseIds?: string[];
}

export interface FunnelRate {
  value: number | null;
  numerator: number;
  denominator: number;
  direction: Direction;
  label: string;
  labels: { 'zh-CN': string; en: string };
  /** Stage whose figures the rate uses. */
  stage?: string;
}

export interface FunnelResult {
  preset: PresetName | 'custom';
  source: 'cases' | 'aggregated' | 'none';
  lang: FunnelLocale;
  /** Reference time of pending-past-due figures (ISO), null for pre-aggregated input. */
  now: string | null;
  /** Valid cases in scope (raw) or the given total (pre-aggregated). */
  total: number;
  stages: FunnelStage[];
  /** The earlier rate set (kept as it was); `indicators` has the rates as bulletins publish them. */
  rates: Partial<Record<RateName, FunnelRate>>;
  /** Named base counts of the period (受理数, 立案数, 应结案数…); a figure the input cannot give is absent. */
  figures: BaseFigures;
  /** The preset's evaluation indicators in bulletin order (none for custom stage lists). */
  indicators: FunnelIndicator[];
  /** The period the figures cover (ISO), null for all time or pre-aggregated input. */
  period: { from: string; to: string } | null;
  ratings: Record<Rating, number>;
  resolution: { resolved: number; unresolved: number };
  issues: ValidationIssue[];
  /** All issues, including those past the kept cap. */
  issueCount: number;
}
