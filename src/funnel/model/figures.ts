/**
 * The base figures behind the indicators (indicators.ts), from raw cases or as a backend gives
 * them. Pure (no DOM).
 *
 * Raw cases, over `options.period` {from (inclusive), to (exclusive)} (no period: all time). The
 * figures follow the preset's stages: intake (受理), `file` (立案, city management), dispatch (派遣),
 * respond (响应), handle (处置), close (结案). Each figure counts a case by the date of its event:
 * - received / filed / dispatched / responded: the case entered that stage in the period;
 *   accuratelyDispatched: dispatched in the period and never sent back for rework;
 *   respondedOnTime: responded in the period with every earlier deadline met.
 * - handled: the case left its handling stage (entered a later one) in the period; handledOnTime:
 *   of those, by the handling deadline (or there was none); reworked: of those, the cases sent
 *   back at least once (a case carries its rework count, not their dates).
 * - closed: entered the closing stage in the period; closedOnTime: of those, with every earlier
 *   deadline met (按期结案).
 * - extended: status `extended`, counted at the entry of the stage where it was extended.
 * - rated / satisfied / basicallySatisfied / satisfiedAll, resolutionRated / resolved: by the
 *   entry of the case's last reached stage (where it was rated).
 * - shouldClose (应结案数) and shouldHandle (应处置数): the cases that were not closed (handled)
 *   before the period started and either were closed (handled) in the period or were due to be by
 *   its end: their deadline falls in the period or earlier, and before `now`. Carry-over is
 *   included, so 应结案数 can exceed the period's 立案数; a case closed early in the period counts
 *   too, so 结案数 never exceeds it. A case's deadline to close is the last deadline it
 *   carries before the closing stage (its `due` for that stage, or that stage's `limits` counted
 *   from when it entered it; a stage with a limit the case has not reached yet means it still has
 *   time). The deadline to handle is the same up to the handling stage. Cases taken out of the
 *   loop (`status`) are not due. Exactly at the deadline is on time.
 *
 * Worked example (period May 1 – June 1, read on June 3; deadlines are to finish handling):
 * A filed April 20, due April 28, closed May 3 (late); B filed April 25, due April 30, still open;
 * C filed and closed in April; D filed May 5, due May 10, closed May 9; E filed May 20, due May 25,
 * open; F filed May 30, due June 2, open. May: 立案数 3 (D E F); 应结案数 4 (A B D E: C closed
 * before May, F is due after it), more than the month's filings; 结案数 2 (A D); 按期结案数 1 (D).
 * 结案率 50.00 %, 按期结案率 25.00 %.
 */
import { IssueCollector, isRecord } from '../../core/validation';
import { BASE_FIGURE_KEYS, type BaseFigureKey, type BaseFigures } from './indicators';
import { roleIndex } from './presets';
import { describe } from './text';
import type { FunnelStage, PresetName, ResolvedStage } from './types';
import type { CaseRow } from './columns';
import { pathKey } from './validate';

const FIGURE = Object.fromEntries(BASE_FIGURE_KEYS.map((key, i) => [key, i])) as Record<BaseFigureKey, number>;
const EXTENDED_STATUS = 3; // 1 + index of 'extended' in DROP_REASONS
const SATISFIED = 0;
const BASICALLY = 1;

/** Where each figure's event happens: stage indexes (−1: the stage list has no such stage). */
interface FigureStages {
  intake: number;
  file: number;
  dispatch: number;
  respond: number;
  handle: number;
  close: number;
}

function figureStages(stages: readonly ResolvedStage[], preset: PresetName | 'custom'): FigureStages {
  return {
    intake: roleIndex(stages, 'intake'),
    file: preset === 'city-management' ? stages.findIndex((s) => s.key === 'file') : -1,
    dispatch: roleIndex(stages, 'dispatch'),
    respond: roleIndex(stages, 'respond'),
    handle: roleIndex(stages, 'handle'),
    close: roleIndex(stages, 'close'),
  };
}

/**
 * Whether stage `k` of the case being read was late if left at time `t`: 1 late, 0 on time,
 * −1 no deadline known, −2 the stage has a time limit but the case has not entered it yet.
 */
export type LateAt = (k: number, t: number) => number;

/** Counts the base figures of raw cases, one case at a time (the scan's `add`). */
export class FigureCounter {
  private readonly at: FigureStages;
  /** Figures this stage list can give. */
  readonly available: readonly BaseFigureKey[];

  constructor(
    stages: readonly ResolvedStage[],
    preset: PresetName | 'custom',
    private readonly from: number,
    private readonly to: number,
    /** Deadlines count when they passed by the period's end or `now`, whichever comes first. */
    private readonly horizon: number,
  ) {
    const at = (this.at = figureStages(stages, preset));
    const has = (k: number, ...keys: BaseFigureKey[]) => (k >= 0 ? keys : []);
    this.available = BASE_FIGURE_KEYS.filter((key) =>
      [
        ...has(at.intake, 'received'),
        ...has(at.file, 'filed'),
        ...has(at.dispatch, 'dispatched', 'accuratelyDispatched'),
        ...has(at.respond, 'responded', 'respondedOnTime'),
        ...has(at.handle, 'shouldHandle', 'handled', 'handledOnTime', 'reworked'),
        ...has(at.close, 'shouldClose', 'closed', 'closedOnTime'),
        'extended',
        'rated',
        'satisfied',
        'basicallySatisfied',
        'satisfiedAll',
        'resolutionRated',
        'resolved',
      ].includes(key),
    );
  }

  private inPeriod(t: number): boolean {
    return t >= this.from && t < this.to;
  }

  /**
   * Adds the case `reader` holds, with what the scan found: `missedFrom`, the first stage it
   * entered after a missed deadline (the stage count: none); `handleLate`, it left handling late.
   */
  count(out: Float64Array, reader: CaseRow, lateAt: LateAt, missedFrom: number, handleLate: boolean): void {
    const { times, size } = reader;
    const { intake, file, dispatch, respond, handle, close } = this.at;
    if (intake >= 0 && this.inPeriod(times[intake])) out[FIGURE.received]++;
    if (file >= 0 && this.inPeriod(times[file])) out[FIGURE.filed]++;
    if (dispatch >= 0 && this.inPeriod(times[dispatch])) {
      out[FIGURE.dispatched]++;
      if (reader.reworks === 0) out[FIGURE.accuratelyDispatched]++;
    }
    if (respond >= 0 && this.inPeriod(times[respond])) {
      out[FIGURE.responded]++;
      if (respond < missedFrom) out[FIGURE.respondedOnTime]++;
    }
    if (handle >= 0) {
      let left = NaN;
      if (times[handle] === times[handle]) for (let k = handle + 1; k < size && left !== left; k++) left = times[k];
      const handled = this.inPeriod(left);
      if (handled) {
        out[FIGURE.handled]++;
        if (!handleLate) out[FIGURE.handledOnTime]++;
        if (reader.reworks > 0) out[FIGURE.reworked]++;
      }
      if (this.isDue(left, handled, handle, reader, lateAt)) out[FIGURE.shouldHandle]++;
    }
    if (close >= 0) {
      const closedAt = times[close];
      const closed = this.inPeriod(closedAt);
      if (closed) {
        out[FIGURE.closed]++;
        if (close < missedFrom) out[FIGURE.closedOnTime]++;
      }
      if (close > 0 && this.isDue(closedAt, closed, close - 1, reader, lateAt)) out[FIGURE.shouldClose]++;
    }
    const last = reader.lastStage;
    if (last >= 0 && this.inPeriod(times[last])) {
      if (reader.status === EXTENDED_STATUS) out[FIGURE.extended]++;
      if (reader.rating >= 0) {
        out[FIGURE.rated]++;
        if (reader.rating === SATISFIED) out[FIGURE.satisfied]++;
        if (reader.rating === BASICALLY) out[FIGURE.basicallySatisfied]++;
        if (reader.rating <= BASICALLY) out[FIGURE.satisfiedAll]++;
      }
      if (reader.resolved >= 0) {
        out[FIGURE.resolutionRated]++;
        if (reader.resolved === 1) out[FIGURE.resolved]++;
      }
    }
  }

  /**
   * Due in the period for the event at `done` (NaN: not yet): not done before the period, and
   * done in it or owed by the last deadline of the stages up to `through`.
   */
  private isDue(done: number, doneInPeriod: boolean, through: number, reader: CaseRow, lateAt: LateAt): boolean {
    if (doneInPeriod) return true;
    if (done < this.from || reader.status > 0) return false;
    for (let k = through; k >= 0; k--) {
      const late = lateAt(k, this.horizon);
      if (late >= 0) return late === 1;
      if (late === -2) return false;
    }
    return false;
  }

  /** The counters as named figures (only those this stage list can give). */
  figures(counts: ArrayLike<number>): BaseFigures {
    const out: BaseFigures = {};
    for (const key of this.available) out[key] = counts[FIGURE[key]];
    return out;
  }
}

export const figureCounters = (): Float64Array => new Float64Array(BASE_FIGURE_KEYS.length);

/** A count: a whole number ≥ 0 that adds up exactly. */
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Base figures of pre-aggregated input: taken from the stages (`count` of the intake, `file`,
 * dispatch and respond stages, the respond stage's `arrivedOnTime`; the closing stage's `count`,
 * `shouldReach` and `arrivedOnTime`;
 * the handling stage's `reworkedCases`; `dropped.extended` summed; `ratings` and `resolution`),
 * then from `figures` {received, filed, …} as the bulletin prints them, which win. A bad figure
 * is reported per field (path `figures.<key>`) and left out.
 */
export function aggregatedFigures(
  input: Record<string, unknown>,
  stages: readonly FunnelStage[],
  preset: PresetName | 'custom',
  raw: { optional: ReadonlyArray<Partial<Record<string, number>>>; ratings: number[] | null; resolution: number[] | null; given: boolean[] },
  issues: IssueCollector,
): BaseFigures {
  const out: BaseFigures = {};
  const at = figureStages(stages.map((s) => ({ key: s.key, labels: s.labels, roles: s.roles })), preset);
  const count = (k: number, key: BaseFigureKey) => {
    if (k >= 0 && raw.given[k]) out[key] = stages[k].reached;
  };
  count(at.intake, 'received');
  count(at.file, 'filed');
  count(at.dispatch, 'dispatched');
  count(at.respond, 'responded');
  count(at.close, 'closed');
  if (at.close >= 0) {
    const figures = raw.optional[at.close];
    if (figures?.shouldReach !== undefined) out.shouldClose = figures.shouldReach;
    if (figures?.arrivedOnTime !== undefined) out.closedOnTime = figures.arrivedOnTime;
  }
  if (at.respond >= 0 && raw.optional[at.respond]?.arrivedOnTime !== undefined) out.respondedOnTime = raw.optional[at.respond].arrivedOnTime;
  if (at.handle >= 0 && raw.optional[at.handle]?.reworkedCases !== undefined) out.reworked = raw.optional[at.handle].reworkedCases;
  if (stages.some((s) => s.dropped.extended !== undefined)) out.extended = stages.reduce((sum, s) => sum + (s.dropped.extended ?? 0), 0);
  if (raw.ratings) {
    out.satisfied = raw.ratings[SATISFIED];
    out.basicallySatisfied = raw.ratings[BASICALLY];
    out.satisfiedAll = raw.ratings[SATISFIED] + raw.ratings[BASICALLY];
    out.rated = raw.ratings[0] + raw.ratings[1] + raw.ratings[2];
  }
  if (raw.resolution) {
    out.resolved = raw.resolution[1];
    out.resolutionRated = raw.resolution[0] + raw.resolution[1];
  }
  Object.assign(out, readFigures(input.figures, 'figures', issues));
  return out;
}

/** `path.key`, or `key` for figures at the input's top level (path ''). */
const figurePath = (path: string, key: string): string => (path ? `${path}.${pathKey(key)}` : pathKey(key));

/**
 * A bulletin's base counts `{received, filed, …}`: whole numbers ≥ 0, each checked on its own
 * (path `<path>.<key>`); unknown keys are reported and ignored. Numerators above their
 * denominators are checked by `checkFigureOrder`.
 */
export function readFigures(value: unknown, path: string, issues: IssueCollector): BaseFigures {
  const out: BaseFigures = {};
  if (value == null) return out;
  if (!isRecord(value)) {
    issues.error(path || 'figures', `expected {${BASE_FIGURE_KEYS.slice(0, 4).join(', ')}, …}, got ${describe(value)}; left out`, 'wrong-type');
    return out;
  }
  for (const key of Object.keys(value)) {
    const at = figurePath(path, key);
    if (!(BASE_FIGURE_KEYS as readonly string[]).includes(key)) {
      issues.warn(at, `unknown figure ${describe(key)} (expected ${BASE_FIGURE_KEYS.join(' | ')}); ignored`, 'unknown-value');
      continue;
    }
    const figure = value[key];
    if (figure == null) continue;
    if (isCount(figure)) out[key as BaseFigureKey] = figure;
    else issues.error(at, `${key} must be a whole number ≥ 0, got ${describe(figure)}; left out`, typeof figure === 'number' ? 'out-of-range' : 'not-a-number');
  }
  if (out.satisfiedAll === undefined && out.satisfied !== undefined && out.basicallySatisfied !== undefined) out.satisfiedAll = out.satisfied + out.basicallySatisfied;
  return out;
}

/** Sub-counts that cannot exceed the figure they are part of (a numerator above its denominator is a data error). */
const PARTS: ReadonlyArray<readonly [BaseFigureKey, BaseFigureKey]> = [
  ['filed', 'received'],
  ['accuratelyDispatched', 'dispatched'],
  ['respondedOnTime', 'responded'],
  ['handled', 'shouldHandle'],
  ['handledOnTime', 'handled'],
  ['closed', 'shouldClose'],
  ['closedOnTime', 'closed'],
  ['satisfied', 'satisfiedAll'],
  ['basicallySatisfied', 'satisfiedAll'],
  ['satisfiedAll', 'rated'],
  ['resolved', 'resolutionRated'],
];

/** Reports each given figure that exceeds the one it is part of (kept as given: the rate shows above 100 %). */
export function checkFigureOrder(figures: BaseFigures, path: string, issues: IssueCollector): void {
  for (const [part, whole] of PARTS) {
    const a = figures[part];
    const b = figures[whole];
    if (a !== undefined && b !== undefined && a > b)
      issues.warn(figurePath(path, part), `${part} ${a} is larger than ${whole} ${b}: kept as given`, 'out-of-range', { value: a, range: `≤ ${b}` });
  }
}
