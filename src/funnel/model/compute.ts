/**
 * Closure-funnel metrics: `computeFunnel(input, options)`.
 *
 * Semantics (DOMAIN.md; raw cases — pre-aggregated input is taken as given, see aggregated.ts):
 * - A stage's timestamp is when the case ENTERED it; `due[stage]` is the deadline to complete the
 *   stage (enter a later one). Without `due`, `options.limits[stage]` gives the time allowed,
 *   on the calendar or the working clock. Exactly at the deadline is on time.
 * - reached: cases with a timestamp for the stage. Cases may skip stages (自处理 self-handled
 *   cases skip filing and dispatch): they count where they have a timestamp, and in `skipped` of
 *   the stages they went past without one. So a later stage can hold more cases than the one
 *   before; `flags.grows` says so and nothing is clamped.
 * - A case's current stage is its last reached stage (in stage order). With a `status`
 *   (void / parked / extended / returned) the side flow took it out there: it counts in
 *   `dropped[status]` of that stage and is neither pending nor expected further on. A case at
 *   the last stage is done. Any other case is open: `pending` at its current stage.
 * - onTime / overdue are about completing the stage itself: onTime = left it (entered a later
 *   stage) by its deadline, or had none (`noDeadline` counts those); overdue = left it late, or
 *   is still in it past a deadline (`pendingOverdue`). So onTime + overdue − pendingOverdue =
 *   cases that left the stage.
 * - An open case is past due when its current stage's deadline, or the explicit `due` of any
 *   later stage, is before `now`. It then "should have reached" every stage up to the one after
 *   that deadline's stage, and further through stages that have no deadline at all (no case
 *   carries a `due` for them and no limit is set): those take no scheduled time, so a case
 *   overdue in handling is also owed to feedback and closure, while one overdue in dispatch is
 *   owed to handling only (handling has its own deadlines). shouldReach (应X数) = reached +
 *   those open cases.
 * - arrivedOnTime: entered the stage with every earlier deadline of the case met (按期).
 * - Time in stage = entry of the next reached stage − entry of this stage (skipped stages count
 *   to the stage before them), in hours on `clock`: working hours when a calendar is given
 *   (unless `durationClock` says otherwise), else calendar hours. medianHours / p90Hours are
 *   exact R-7 quantiles (as d3.quantile) over all cases that left the stage.
 * - Rework loops (`reworks`) count at the stage with the `handle` role (else the case's current
 *   stage); a case with reworks ≥ 1 is a reworked case for the rates.
 * - Conversions: ofFirst = reached / reached of the first stage, ofPrevious = reached / reached of
 *   the stage before, ofTotal = reached / all valid cases in scope; null when dividing by 0.
 *
 * Rates, each {value (null when the denominator is 0), numerator, denominator, direction}, and
 * which preset reports which (presets.ts; custom stages get the rates their roles allow):
 * - closure 结案率 (hotline 办结率): reached / shouldReach of the `close` stage. Entering
 *   核查结案 / 办结 / 问题复盘 counts as closed.
 * - onTimeClosure 按期结案率: arrivedOnTime / shouldReach of the `close` stage.
 * - rework 返工率 (lower is better): reworked cases / cases that reached the `handle` stage.
 * - accurateDispatch 准确派遣率: (dispatched − reworked dispatched cases) / dispatched, where
 *   dispatched = reached the `dispatch` stage.
 * - response 响应率: arrivedOnTime / shouldReach of the `respond` stage (the unit took the case up
 *   with every deadline until then met).
 * - resolution 解决率: cases with `resolved: true` / cases with `resolved` set (judged at the
 *   return visit).
 * - satisfaction 满意率: (satisfied + basically satisfied) / cases with a rating.
 * These `rates` are kept as they were; `indicators` are the rates as city bulletins publish them
 * (立案率 … 延期率, with 返工率 per 应结案数), from named base figures counted over `options.period`
 * with carry-over (indicators.ts for the definitions, figures.ts for the counting rule).
 *
 * Input that is never counted as given (validate.ts, options.ts; each reported with its path):
 * - A case id that occurs more than once (ids are text: 7 and "7" are one case) counts once, as
 *   its last valid record — a backend resends a case with its newer state. The other records of
 *   that id are skipped, each reported as `cases[i].id` (code `duplicate-id`).
 * - Times are epoch ms a `Date` can hold: a number beyond ±8.64e15 is out of range, like an
 *   unparsable string (the case is skipped; a deadline is ignored).
 * - Options that cannot be used (`now`, `filter`, `calendar`, `durationClock`) are reported as
 *   warnings and take their default; nothing in the input or the options makes it throw.
 *
 * Raw cases come as records (`[...]` or `{cases: [...]}`) or as columns (`{columns: {…}}`, see
 * `CaseColumnsInput`). Either is read once into typed columns (columns.ts), kept for the lists
 * counted most recently: a case list changed in place must be passed as a new array to be read again.
 *
 * Beyond the contract's fields, a result carries `issues` / `issueCount` (validation, see
 * validate.ts: bad cases are skipped and listed, valid ones still count), per stage `clock`
 * (of its durations), `flags` {grows, invalid, missing}, `skipped`, `pendingOverdue`,
 * `noDeadline`, `arrivedOnTime`, `labels` in both languages, `roles`, and `caseIds` when
 * `options.caseIds` is set (for a stage selection event).
 */
import { IssueCollector, isRecord, type ValidationIssue } from '../../core/validation';
import { CompiledCalendar, DEFAULT_WORKING_CALENDAR } from './calendar';
import { customSetup, isPresetName, PRESET_NAMES, presetSetup, roleIndex, type StageSetup } from './presets';
import { quantilesInPlace } from './quantile';
import { addConversions, baseStage, buildRates, countRecord, emptyResult, ratingsRecord, type FunnelRun } from './result';
import { describe } from './text';
import { isoOrNull, MS_PER_DAY, MS_PER_HOUR, parseOffset, parseTimestamp } from './time';
import { readOptions } from './options';
import type { Clock, FunnelLocale, FunnelOptions, FunnelResult, FunnelStage, ResolvedStage, StageLimit } from './types';
import { CaseReader, caseIdOf, CompiledFilter, DROP_REASONS, RATINGS, WarningTally } from './validate';
import { caseColumns, CaseRow, type CaseSource, ColumnarCases, countedBefore, keptColumns, RecordRows, repeatedIds, REPORT, scanOnce, VALID } from './columns';
import { computeAggregated, computeFigures } from './aggregated';
import { FigureCounter, figureCounters, type LateAt } from './figures';
import { BASE_FIGURE_KEYS, computeIndicators } from './indicators';

// Imported constants read per case, copied once: a CommonJS build reads an imported binding
// through a getter call, a million times here.
const HOUR_MS = MS_PER_HOUR;
const REASON_COUNT = DROP_REASONS.length;
const REPORT_FLAG = REPORT;
const VALID_FLAG = VALID;

/** Works out the input's kind and the stage list; problems go to `run.issues`. */
export function prepareRun(input: unknown, rawOptions: FunnelOptions = {}): FunnelRun {
  const issues = new IssueCollector();
  const options = readOptions(rawOptions, issues);
  const lang: FunnelLocale = options.lang === 'en' ? 'en' : 'zh-CN';
  let kind: FunnelRun['kind'] = 'none';
  let cases: readonly unknown[] = [];
  let columns: Record<string, unknown> | null = null;
  let aggregated: Record<string, unknown> | null = null;
  let inputPreset: unknown;
  if (Array.isArray(input)) {
    kind = 'cases';
    cases = input;
  } else if (isRecord(input)) {
    inputPreset = input.preset;
    if (Array.isArray(input.cases)) {
      kind = 'cases';
      cases = input.cases;
      if (input.stages !== undefined) issues.warn('stages', 'input has both `cases` and `stages`; the raw cases are used');
      if (input.figures !== undefined) issues.warn('figures', 'input has both `cases` and `figures`; the raw cases are counted');
    } else if (input.columns !== undefined) {
      if (isRecord(input.columns)) {
        kind = 'cases';
        columns = input.columns;
      } else issues.error('columns', `expected {id, stages: {stageKey: [times…]}, …} (one array per field), got ${describe(input.columns)}`);
    } else if (Array.isArray(input.stages)) {
      kind = 'aggregated';
      aggregated = input;
    } else if (isRecord(input.figures) || BASE_FIGURE_KEYS.some((key) => input[key] !== undefined)) {
      // A bulletin's base counts, under `figures` or at the top level.
      kind = 'figures';
      aggregated = input;
    } else if (input.cases !== undefined) {
      issues.error('cases', `expected an array of cases, got ${describe(input.cases)}`);
    } else {
      issues.error('', 'expected {cases: [...]} (raw cases), {stages: [...]} (pre-aggregated counts) or {figures: {...}} (a bulletin\'s base counts)');
    }
  } else {
    issues.error('', `expected {cases: [...]} or {stages: [...]}, got ${describe(input)}`);
  }

  let setup: StageSetup | null = null;
  if (options.stages !== undefined) {
    if (Array.isArray(options.stages)) setup = customSetup(options.stages, 'options.stages', issues);
    else issues.error('options.stages', `expected a list of stages, got ${describe(options.stages)}`);
  }
  if (!setup && options.preset !== undefined) {
    if (isPresetName(options.preset)) setup = presetSetup(options.preset);
    else issues.error('options.preset', `unknown preset ${describe(options.preset)} (expected ${PRESET_NAMES.join(' | ')})`);
  }
  if (!setup && inputPreset !== undefined) {
    if (isPresetName(inputPreset)) setup = presetSetup(inputPreset);
    else issues.error('preset', `unknown preset ${describe(inputPreset)} (expected ${PRESET_NAMES.join(' | ')})`);
  }
  if (!setup && kind === 'aggregated' && aggregated) {
    // No definition given: the pre-aggregated stages define themselves, in input order.
    const keys = (aggregated.stages as unknown[]).map((s) => (isRecord(s) ? s.key : s)).filter((k) => typeof k === 'string' && k !== '');
    setup = customSetup([...new Set(keys as string[])], 'stages', new IssueCollector());
  }
  if (!setup) {
    if (kind === 'cases' || kind === 'figures') issues.error('preset', 'no stage list: give options.preset, options.stages or input.preset');
    setup = { preset: 'custom', stages: [], rates: [] };
  }
  if (setup.stages.length === 0 && kind !== 'none') kind = 'none';
  return { kind, setup, lang, issues, cases, columns, aggregated, options };
}

/** Figures of one group of cases while scanning. */
export class FunnelAccumulator {
  total = 0;
  readonly reached: Float64Array;
  readonly missing: Float64Array;
  readonly onTime: Float64Array;
  readonly late: Float64Array;
  readonly arrivedOnTime: Float64Array;
  readonly pending: Float64Array;
  readonly pendingOverdue: Float64Array;
  readonly noDeadline: Float64Array;
  readonly skipped: Float64Array;
  readonly reworks: Float64Array;
  /** Cases with at least one rework that reached the stage. */
  readonly reworked: Float64Array;
  /** Open past-due cases whose expected stage ends here before carrying through deadline-free stages. */
  readonly lateThrough: Float64Array;
  /** Stage × DROP_REASONS. */
  readonly dropped: Float64Array;
  readonly durations: Float64Array[];
  readonly durationCount: Int32Array;
  readonly ratings = new Float64Array(RATINGS.length);
  /** Base figures of the period (figures.ts), by index in BASE_FIGURE_KEYS. */
  readonly figures = figureCounters();
  readonly resolution = new Float64Array(2);
  /**
   * Per stage, the positions (in the scanned list) of the cases that reached it, when case ids are
   * asked for; `reached[k]` of them. Their ids are looked up once, in `finish`: pushing a million
   * id strings per stage while scanning cost more than the whole count.
   */
  readonly casePositions: Int32Array[] | null;

  /** `capacity`: the cases it may count (positions are sized for them; they grow past it). */
  constructor(size: number, collectIds: boolean, buffers?: Float64Array[], capacity = 16) {
    const counters = () => new Float64Array(size);
    this.reached = counters();
    this.missing = counters();
    this.onTime = counters();
    this.late = counters();
    this.arrivedOnTime = counters();
    this.pending = counters();
    this.pendingOverdue = counters();
    this.noDeadline = counters();
    this.skipped = counters();
    this.reworks = counters();
    this.reworked = counters();
    this.lateThrough = counters();
    this.dropped = new Float64Array(size * DROP_REASONS.length);
    this.durations = Array.from({ length: size }, (_, k) => buffers?.[k] ?? new Float64Array(16));
    this.durationCount = new Int32Array(size);
    this.casePositions = collectIds ? Array.from({ length: size }, () => new Int32Array(Math.max(16, capacity))) : null;
  }

  pushPosition(stage: number, position: number): void {
    const lists = this.casePositions!;
    let list = lists[stage];
    const n = this.reached[stage] - 1; // already counted
    if (n === list.length) lists[stage] = list = doubled(list);
    list[n] = position;
  }

  pushDuration(stage: number, hours: number): void {
    let list = this.durations[stage];
    const n = this.durationCount[stage];
    if (n === list.length) this.durations[stage] = list = doubled(list);
    list[n] = hours;
    this.durationCount[stage] = n + 1;
  }
}

/** A copy of a full list, twice as long. */
function doubled<T extends Float64Array | Int32Array>(list: T): T {
  const copy = new (list.constructor as new (length: number) => T)(list.length * 2);
  copy.set(list);
  return copy;
}

/** Per-stage deadline rule for cases without `due`: allowed milliseconds on a clock. */
interface LimitRule {
  ms: number;
  working: boolean;
}

/** Scans raw cases into accumulators (one for computeFunnel, one per group for breakdowns). */
export class CaseScanner {
  /** Reports the issues of records that have any (re-read in order on every scan). */
  readonly reader: CaseReader;
  /** The record being counted. */
  private readonly row: CaseRow;
  /** Stages for which some valid case of the last scan carried a deadline. */
  private readonly dueSeen: Uint8Array;
  readonly warnings = new WarningTally();
  readonly now: number;
  readonly durationClock: Clock;
  readonly calendar: CompiledCalendar | null;
  readonly filter: CompiledFilter | null;
  private readonly limits: Array<LimitRule | null>;
  private readonly handleStage: number;
  private readonly size: number;
  /** Null for custom stage lists: they have no indicators to count for. */
  private readonly figureCounter: FigureCounter | null;
  /** The period of the figures as epoch ms, or null for all time. */
  readonly period: { from: number; to: number } | null;

  /** Options as checked by `prepareRun` (`run.options`). */
  readonly options: FunnelOptions;
  /** Valid cases the last `scan` read (counted once each), whether or not the filter kept them. */
  validCases = 0;

  constructor(readonly run: FunnelRun) {
    const { issues, setup } = run;
    const options = (this.options = run.options);
    this.size = setup.stages.length;
    let calendar: CompiledCalendar | null = options.calendar ? new CompiledCalendar(options.calendar, issues) : null;
    const limits = readLimits(options.limits, setup.stages, issues);
    if (!calendar && limits.some((l) => l?.working)) {
      issues.warn('options.calendar', 'working-time limits without a calendar: using Monday–Friday 09:00–12:00, 13:30–18:00 (+08:00), no holidays');
      calendar = new CompiledCalendar(DEFAULT_WORKING_CALENDAR, issues);
    }
    this.calendar = calendar;
    this.limits = limits.map((l) =>
      l ? { ms: l.working ? l.amount * (l.days ? calendar!.dayMs : MS_PER_HOUR) : l.amount * (l.days ? MS_PER_DAY : MS_PER_HOUR), working: l.working } : null,
    );
    this.durationClock = options.durationClock ?? (options.calendar ? 'working' : 'calendar');
    if (this.durationClock === 'working' && !this.calendar) {
      issues.warn('options.durationClock', 'working-hour durations need a calendar: using Monday–Friday 09:00–12:00, 13:30–18:00 (+08:00)');
      this.calendar = new CompiledCalendar(DEFAULT_WORKING_CALENDAR, issues);
    }
    let offset = options.timeZone !== undefined ? parseOffset(options.timeZone) : this.calendar?.offsetMs ?? 8 * MS_PER_HOUR;
    if (offset !== offset) {
      issues.warn('options.timeZone', `unparsable offset ${describe(options.timeZone)}; using +08:00`);
      offset = 8 * MS_PER_HOUR;
    }
    // `now` was checked by readOptions; a zone-less time read at `offset` stays within range.
    const now = options.now === undefined ? Date.now() : parseTimestamp(options.now, offset);
    this.now = now === now ? now : Date.now();
    this.filter = options.filter ? new CompiledFilter(options.filter, offset) : null;
    this.reader = new CaseReader(setup.stages, offset, issues, this.warnings);
    this.row = new CaseRow(this.size);
    this.dueSeen = new Uint8Array(this.size);
    this.handleStage = roleIndex(setup.stages, 'handle');
    // Checked by readOptions: both ends parse and from ≤ to.
    this.period = options.period ? { from: parseTimestamp(options.period.from, offset), to: parseTimestamp(options.period.to, offset) } : null;
    const { from, to } = this.period ?? { from: -Infinity, to: Infinity };
    this.figureCounter = setup.preset === 'custom' ? null : new FigureCounter(setup.stages, setup.preset, from, to, Math.min(to, this.now));
  }

  /** Whether stage k of the case being read is late when left at `t` (see `LateAt`). */
  private readonly lateAt: LateAt = (k, t) => {
    const due = this.row.dues[k];
    if (due === due) return t > due ? 1 : 0;
    const limit = this.limits[k];
    if (!limit) return -1;
    const start = this.row.times[k];
    if (start !== start) return -2;
    return this.elapsed(limit.working, start, t) > limit.ms ? 1 : 0;
  };

  newAccumulator(buffers?: Float64Array[], capacity?: number): FunnelAccumulator {
    return new FunnelAccumulator(this.size, this.options.caseIds === true, buffers, capacity);
  }

  /**
   * Counts every valid case that passes the filter into `pick(row)`'s accumulator, from the
   * cases' columns (columns.ts: read once per case list). A case sent more than once (same id)
   * counts once, as its last valid record (see `duplicateKeepers`); its other records are
   * skipped and reported. Records with something to report are read again, in order, to report it.
   */
  scan(pick: (row: CaseRow) => FunnelAccumulator | null): void {
    this.validCases = 0;
    const { table } = this.source();
    table.use(() => this.scanTable(pick));
  }

  /**
   * `scan` into one accumulator (computeFunnel's count), made by `make`. The first count of a
   * list reads its records directly, counting as it reads: no table. Its next count reads it into
   * a table, kept for the counts after it (columns.ts). Columnar input is always read directly
   * (its typed columns are already columns). Returns the accumulator counted into.
   */
  count(make: () => FunnelAccumulator): FunnelAccumulator {
    const acc = make();
    const { cases, columns, setup } = this.run;
    if (this.resolved === undefined && (columns || (!keptColumns(cases, setup.stages, this.reader.defaultOffsetMs) && !countedBefore(cases)))) {
      const issues = this.run.issues;
      const [reported, total] = [issues.issues.length, issues.total];
      const { row } = this;
      let counted: boolean;
      if (columns) {
        const input = this.columnar();
        this.reportColumnProblems();
        counted = this.countDirect(input.length, (r) => input.row(r, row), (r) => input.recordAt(r), (r) => input.idAt(r), acc);
      } else {
        const records = new RecordRows(setup.stages, this.reader.defaultOffsetMs);
        counted = this.countDirect(cases.length, (i) => records.read(cases[i], row), (i) => cases[i], (i) => caseIdOf(cases[i]), acc);
      }
      if (counted) return acc;
      // Two valid records share an id: counted again from a table, which finds each id's last valid record.
      issues.issues.length = reported;
      issues.total = total;
      this.warnings.clear();
      this.dueSeen.fill(0);
      this.resolved = scanOnce(this.list(), setup.stages, this.reader.defaultOffsetMs);
      const again = make();
      this.scan(() => again);
      return again;
    }
    this.scan(() => acc);
    return acc;
  }

  /** Cases a count reads (a subset's rows in a kept table are as many as its records). */
  get caseCount(): number {
    return this.run.columns ? this.columnar().length : this.run.cases.length;
  }

  /** Columnar input, checked once. */
  private columnar(): ColumnarCases {
    return (this.columnInput ??= new ColumnarCases(this.run.columns!, this.run.setup.stages, this.reader.defaultOffsetMs));
  }

  private columnInput: ColumnarCases | undefined;

  /** Problems with the columns themselves, reported on every count before the rows' issues. */
  private reportColumnProblems(): void {
    const issues = this.run.issues;
    for (const problem of this.columnar().problems) (problem.error ? issues.error : issues.warn).call(issues, problem.path, problem.message);
  }

  /** The records a table scan reads: the case list, or columnar input's rows as the records they stand for. */
  private list(): readonly unknown[] {
    return this.run.columns ? (this.columnRecords ??= this.columnar().records()) : this.run.cases;
  }

  private columnRecords: unknown[] | undefined;

  /**
   * The direct count of `length` records: record i read by `read(i)` into the row (false: it may
   * have something to report), else as `recordAt(i)` by the reporting reader, in record order;
   * `idAt(i)` is record i's id as `caseIdOf` reads it. False when a valid id repeats (the count is
   * then not right: see `count`).
   */
  private countDirect(length: number, read: (i: number) => boolean, recordAt: (i: number) => unknown, idAt: (i: number) => string | undefined, acc: FunnelAccumulator): boolean {
    const { row, reader, size, dueSeen, filter } = this;
    // Ids are checked for repeats: free while they ascend (as backends number cases); else the
    // valid records' ids are hashed after the count. Keeping the ids themselves in a list while
    // counting cost more than the rest of the loop.
    const valid = new Int32Array(length);
    let validCount = 0;
    let ascending = true;
    let last = '';
    const dues = row.dues;
    dueSeen.fill(0);
    for (let i = 0; i < length; i++) {
      row.direct(i);
      if (!read(i)) {
        const raw = recordAt(i);
        if (!reader.read(raw, i)) continue;
        row.fromReader(reader, caseIdOf(raw));
      }
      for (let k = 0; k < size; k++) if (dues[k] === dues[k]) dueSeen[k] = 1;
      const id = row.ownId;
      if (ascending && id !== undefined) {
        if (id > last) last = id;
        else ascending = false;
      }
      valid[validCount++] = i;
      if (filter && !filter.matches(row.tier, row.channel, row.grid, row.category, row.firstTime)) continue;
      this.add(acc);
    }
    this.validCases = validCount;
    return ascending || repeatedIds(validCount, (j) => idAt(valid[j])) === null;
  }

  /** The table (and rows in it) of the run's cases, resolved once. */
  source(): CaseSource {
    const { setup } = this.run;
    return (this.resolved ??= caseColumns(this.list(), setup.stages, this.reader.defaultOffsetMs));
  }

  private resolved: CaseSource | undefined;

  private scanTable(pick: (row: CaseRow) => FunnelAccumulator | null): void {
    const { reader, filter, row, size } = this;
    const { table, rows } = this.source();
    const cases = this.list();
    if (this.run.columns) this.reportColumnProblems();
    const keepers = table.keepersOf(rows);
    const { flags, dues } = table;
    const dueSeen = this.dueSeen;
    if (!rows) dueSeen.set(table.dueSeen);
    const count = rows ? rows.length : table.length;
    for (let i = 0; i < count; i++) {
      const r = rows ? rows[i] : i;
      const flag = flags[r];
      if (flag & REPORT_FLAG) reader.read(cases[i], i);
      if (!(flag & VALID_FLAG)) continue;
      if (rows) {
        for (let k = 0; k < size; k++) {
          const column = dues[k];
          if (column !== null && column[r] === column[r]) dueSeen[k] = 1;
        }
      }
      if (keepers) {
        const keep = keepers[i];
        if (keep >= 0) {
          const id = describe(table.ids[r]);
          this.run.issues.error(`cases[${i}].id`, `duplicate id ${id}: the case counts once, as cases[${keep}] (its last valid record); this one skipped`, 'duplicate-id', { value: id });
          continue;
        }
      }
      this.validCases++;
      row.load(table, r, i);
      if (filter && !filter.matches(row.tier, row.channel, row.grid, row.category, row.firstTime)) continue;
      const acc = pick(row);
      if (acc) this.add(acc);
    }
  }

  /**
   * The id of the case at position i of the last scan, as the row read it (`CaseRow.id`): from the
   * table when the scan read one, else from the records or columns read directly.
   */
  private caseIdAt(): (i: number) => string {
    const source = this.resolved;
    if (source) {
      const { table, rows } = source;
      return (i) => table.ids[rows ? rows[i] : i] ?? `#${i}`;
    }
    if (this.run.columns) {
      const input = this.columnar();
      return (i) => input.idAt(i) ?? `#${i}`;
    }
    const cases = this.run.cases;
    return (i) => caseIdOf(cases[i]) ?? `#${i}`;
  }

  /** Time spent from `a` to `b` in milliseconds on the working or the calendar clock. */
  private elapsed(working: boolean, a: number, b: number): number {
    return working ? this.calendar!.workingMsBetween(a, b) : b - a;
  }

  private add(acc: FunnelAccumulator): void {
    const { row: reader, size, limits, now, handleStage } = this;
    const times = reader.times;
    const dues = reader.dues;
    const workingDurations = this.durationClock === 'working';
    // The counters in locals: each is read per reached stage, a few million times a count.
    const { reached, skipped, noDeadline, onTime, late: leftLate, arrivedOnTime, casePositions } = acc;
    acc.total++;
    let previous = -1;
    let missed = false;
    /** First stage entered after a missed deadline (size: none), and whether handling was left late. */
    let missedFrom = size;
    let handleLate = false;
    for (let k = 0; k < size; k++) {
      const entered = times[k];
      if (entered !== entered) continue;
      reached[k]++;
      if (casePositions) acc.pushPosition(k, reader.position);
      if (previous >= 0) {
        for (let j = previous + 1; j < k; j++) skipped[j]++;
        const start = times[previous];
        const spent = this.elapsed(workingDurations, start, entered);
        if (spent >= 0) acc.pushDuration(previous, spent / HOUR_MS);
        const due = dues[previous];
        const limit = limits[previous];
        let late = false;
        if (due === due) late = entered > due;
        else if (limit) late = this.elapsed(limit.working, start, entered) > limit.ms;
        else noDeadline[previous]++;
        if (previous === handleStage) handleLate = late;
        if (late) {
          leftLate[previous]++;
          if (!missed) missedFrom = k;
          missed = true;
        } else onTime[previous]++;
      } else {
        for (let j = 0; j < k; j++) skipped[j]++;
      }
      if (!missed) arrivedOnTime[k]++;
      previous = k;
    }

    const current = previous;
    if (reader.status > 0) acc.dropped[current * REASON_COUNT + reader.status - 1]++;
    else if (current < size - 1) {
      acc.pending[current]++;
      let behind = -1; // furthest stage whose deadline has passed
      const due = dues[current];
      const limit = limits[current];
      if (due === due) {
        if (now > due) behind = current;
      } else if (limit && this.elapsed(limit.working, times[current], now) > limit.ms) behind = current;
      for (let s = current + 1; s < size - 1; s++) {
        const later = dues[s];
        if (later === later && now > later) behind = s;
      }
      if (behind >= 0) {
        acc.pendingOverdue[current]++;
        for (let k = current + 1; k <= behind + 1; k++) acc.missing[k]++;
        acc.lateThrough[behind + 1]++;
      }
    }

    if (reader.reworks > 0) {
      acc.reworks[this.handleStage >= 0 ? this.handleStage : current] += reader.reworks;
      for (let k = 0; k < size; k++) if (times[k] === times[k]) acc.reworked[k]++;
    }
    if (reader.rating >= 0) acc.ratings[reader.rating]++;
    if (reader.resolved >= 0) acc.resolution[reader.resolved]++;
    this.figureCounter?.count(acc.figures, reader, this.lateAt, missedFrom, handleLate);
  }

  /** Turns an accumulator into the public result (consumes its duration buffers). */
  finish(acc: FunnelAccumulator, issues: ValidationIssue[], issueCount: number): FunnelResult {
    const { setup, lang } = this.run;
    const idAt = acc.casePositions ? this.caseIdAt() : null;
    // Carry late cases on through stages that have no deadline at all.
    let carry = 0;
    const missing = Float64Array.from(acc.missing);
    for (let k = 0; k < missing.length; k++) {
      missing[k] += carry;
      const hasDeadline = this.limits[k] !== null || this.dueSeen[k] === 1;
      carry = hasDeadline ? 0 : carry + acc.lateThrough[k];
    }
    const stages = setup.stages.map((definition, k): FunnelStage => {
      const [median, p90] = quantilesInPlace(acc.durations[k], acc.durationCount[k], [0.5, 0.9]);
      const dropped = countRecord();
      DROP_REASONS.forEach((reason, r) => (dropped[reason] = acc.dropped[k * DROP_REASONS.length + r]));
      const stage = baseStage(definition, lang, {
        reached: acc.reached[k],
        shouldReach: acc.reached[k] + missing[k],
        onTime: acc.onTime[k],
        overdue: acc.late[k] + acc.pendingOverdue[k],
        arrivedOnTime: acc.arrivedOnTime[k],
        pending: acc.pending[k],
        pendingOverdue: acc.pendingOverdue[k],
        noDeadline: acc.noDeadline[k],
        skipped: acc.skipped[k],
        dropped,
        reworks: acc.reworks[k],
        medianHours: median,
        p90Hours: p90,
        durations: acc.durationCount[k],
        clock: this.durationClock,
      });
      if (acc.casePositions && idAt) lazyCaseIds(stage, acc.casePositions[k].subarray(0, acc.reached[k]), idAt);
      return stage;
    });
    addConversions(stages, acc.total);
    const rates = buildRates(setup, stages, lang, {
      reworked: (k) => acc.reworked[k],
      arrivedOnTime: (k) => acc.arrivedOnTime[k],
      shouldReachKnown: () => true,
      ratings: acc.ratings,
      resolution: acc.resolution,
    });
    const figures = this.figureCounter?.figures(acc.figures) ?? {};
    const period = this.period;
    return {
      preset: setup.preset,
      source: 'cases',
      lang,
      now: isoOrNull(this.now),
      total: acc.total,
      stages,
      rates,
      figures,
      indicators: computeIndicators(setup.preset, figures, lang, this.options.rates),
      period: period ? { from: isoOrNull(period.from)!, to: isoOrNull(period.to)! } : null,
      ratings: ratingsRecord(acc.ratings),
      resolution: { resolved: acc.resolution[1], unresolved: acc.resolution[0] },
      issues,
      issueCount,
    };
  }

  /** All issues of the run so far: structural and per-case errors first, then tallied warnings. */
  collectIssues(extra?: ValidationIssue): { issues: ValidationIssue[]; issueCount: number } {
    const issues = [...this.run.issues.issues, ...this.warnings.toIssues()];
    if (extra) issues.push(extra);
    return { issues, issueCount: this.run.issues.total + this.warnings.size + (extra ? 1 : 0) };
  }
}

/**
 * `stage.caseIds` made when first read (then an ordinary property): the element asks for case ids on
 * every count but reads one stage's only when that stage is selected, and a million id strings per
 * stage cost more than the count. The ids come from the counted list or its table then, so a list
 * must not change in place while its result is in use (as for counting it again, see columns.ts).
 */
function lazyCaseIds(stage: FunnelStage, positions: Int32Array, idAt: (i: number) => string): void {
  const settle = (ids: string[]) => Object.defineProperty(stage, 'caseIds', { value: ids, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(stage, 'caseIds', {
    enumerable: true,
    configurable: true,
    get: () => {
      const ids = new Array<string>(positions.length);
      for (let j = 0; j < ids.length; j++) ids[j] = idAt(positions[j]);
      settle(ids);
      return ids;
    },
    set: settle,
  });
}

function readLimits(
  limits: Record<string, StageLimit> | undefined,
  stages: readonly ResolvedStage[],
  issues: IssueCollector,
): Array<{ amount: number; days: boolean; working: boolean } | null> {
  const out: Array<{ amount: number; days: boolean; working: boolean } | null> = stages.map(() => null);
  if (limits == null) return out;
  if (!isRecord(limits)) {
    issues.warn('options.limits', `expected {stageKey: {hours | days, clock?}}, got ${describe(limits)}; ignored`);
    return out;
  }
  for (const key of Object.keys(limits)) {
    const k = stages.findIndex((s) => s.key === key);
    const path = `options.limits.${key}`;
    if (k < 0) {
      issues.warn(path, `unknown stage key ${describe(key)}; ignored`);
      continue;
    }
    const limit = limits[key] as StageLimit;
    const amount = isRecord(limit) ? (limit.hours ?? limit.days) : undefined;
    if (typeof amount !== 'number' || !(amount >= 0) || !Number.isFinite(amount)) {
      issues.warn(path, `expected {hours} or {days} ≥ 0, got ${describe(amount ?? limit)}; ignored`);
      continue;
    }
    out[k] = { amount, days: limit.hours === undefined, working: limit.clock === 'working' };
  }
  return out;
}

const NO_CASES = 'no valid cases: every figure is zero';

/**
 * Funnel metrics of raw cases or pre-aggregated stage counts. Never throws on bad data: invalid
 * records are skipped and listed in `issues`, valid ones still count.
 */
export function computeFunnel(input: unknown, options: FunnelOptions = {}): FunnelResult {
  try {
    return computeChecked(input, options);
  } catch (error) {
    // Only a hostile object gets here (a getter that throws, a revoked Proxy): report, never throw.
    let lang: FunnelLocale = 'zh-CN';
    try {
      if (options?.lang === 'en') lang = 'en';
    } catch {
      // options that throw when read: the default language
    }
    const run = prepareRun(null, { lang });
    const message = `could not read the input: ${describe(error instanceof Error ? error.message : error)}`;
    return emptyResult(run, 'none', [{ path: '', message, severity: 'error' }], 1, null);
  }
}

function computeChecked(input: unknown, options: FunnelOptions): FunnelResult {
  const run = prepareRun(input, options);
  if (run.kind === 'aggregated') return computeAggregated(run);
  if (run.kind === 'figures') return computeFigures(run);
  if (run.kind === 'none') {
    const extra: ValidationIssue = { path: '', message: NO_CASES, severity: 'warning' };
    return emptyResult(run, 'none', [...run.issues.issues, extra], run.issues.total + 1, null);
  }
  const scanner = new CaseScanner(run);
  let buffers = durationBuffers(run.setup.stages.length, scanner.caseCount);
  const acc = scanner.count(() => {
    const made = scanner.newAccumulator(buffers, scanner.caseCount);
    buffers = made.durations;
    return made;
  });
  const { issues, issueCount } = scanner.collectIssues(
    // Cases the filter leaves out are valid: zero figures then are an answer, not a data problem.
    scanner.validCases === 0 ? { path: 'cases', message: NO_CASES, severity: 'warning' } : undefined,
  );
  const result = scanner.finish(acc, issues, issueCount);
  keepDurationBuffers(acc.durations);
  return result;
}

/**
 * Duration buffers reused from one call to the next (a dashboard recomputes on every filter
 * change): allocating tens of MB of typed arrays per call makes the engine run a full GC over
 * a heap that already holds a million cases. Sized to the case count once, so no regrowth.
 */
let pooledBuffers: Float64Array[] = [];
const MAX_POOLED = 4_000_000;

function durationBuffers(stageCount: number, caseCount: number): Float64Array[] {
  const capacity = Math.max(16, caseCount);
  return Array.from({ length: stageCount }, (_, k) => {
    // The last stage has no "next stage", so no durations.
    if (k === stageCount - 1) return new Float64Array(16);
    const pooled = pooledBuffers[k];
    return pooled && pooled.length >= capacity ? pooled : new Float64Array(capacity);
  });
}

/** Keeps the larger buffer of each slot: lists of two sizes counted in turns (two presets) then both reuse them. */
function keepDurationBuffers(buffers: Float64Array[]): void {
  const kept = buffers.map((b, k) => {
    const pooled = pooledBuffers[k];
    const usable = b.length <= MAX_POOLED ? b : null;
    return pooled && (!usable || pooled.length > usable.length) ? pooled : (usable ?? new Float64Array(16));
  });
  pooledBuffers = kept.length >= pooledBuffers.length ? kept : [...kept, ...pooledBuffers.slice(kept.length)];
}
