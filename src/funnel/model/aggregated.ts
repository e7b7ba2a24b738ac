/**
 * Pre-aggregated input: `{stages: [{key, label?, count, onTime?, overdue?, arrivedOnTime?,
 * pending?, shouldReach?, dropped?, reworks?, reworkedCases?, medianHours?, p90Hours?, clock?}],
 * total?, ratings?, resolution?}`, figures computed by the backend and taken as given:
 * - counts must be whole numbers ≥ 0; a bad `count` is reported (error) and read as 0 with
 *   `flags.invalid`; a bad optional figure is reported and left out;
 * - a count larger than the previous stage's is kept and flagged (`flags.grows` + a warning),
 *   never clamped; so is a `shouldReach` below `count`;
 * - unknown or repeated stage keys are reported and ignored; a stage of the definition with no
 *   entry shows 0 with `flags.missing`;
 * - labels given here win over the preset's (text, kept verbatim);
 * - rates needing a figure the input lacks (`shouldReach` for closure and response,
 *   `arrivedOnTime` for the on-time rates, `reworkedCases`/`reworks` for rework, `ratings`,
 *   `resolution`) are left out rather than guessed;
 * - ofTotal divides by `total`, else by the first stage's count;
 * - the indicators' base figures come from the stages and from `figures` {received, filed, …},
 *   which win (figures.ts); a bad figure is reported per field, one above the figure it is part
 *   of (结案数 above 应结案数) is kept with a warning.
 *
 * A bulletin's base counts alone (`{figures: {…}}` or the counts at the top level) are read the
 * same way (`computeFigures`); the picture then shows only the stages those counts name (受理
 * received, 立案 filed, 派遣 dispatched, 处置 handled, 结案 closed).
 */
import { isRecord, type IssueCollector } from '../../core/validation';
import { aggregatedFigures, checkFigureOrder, readFigures } from './figures';
import { computeIndicators, type BaseFigureKey, type BaseFigures } from './indicators';
import { readLabel, roleIndex } from './presets';
import { addConversions, baseStage, buildRates, countRecord, ratingsRecord, type FunnelRun } from './result';
import { MAX_TIME_MS, MS_PER_HOUR } from './time';
import { describe } from './text';
import type { Clock, FunnelResult, FunnelStage } from './types';
import { pathKey, RATINGS } from './validate';

/** A count: a whole number ≥ 0 that adds up exactly (≤ 2^53 − 1; 1e300 passes `Number.isInteger` but is no count). */
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Longest duration a backend may report: the whole span `Date` can represent, in hours. */
const MAX_HOURS = (2 * MAX_TIME_MS) / MS_PER_HOUR;

const OPTIONAL_COUNTS = ['onTime', 'overdue', 'arrivedOnTime', 'pending', 'shouldReach', 'reworks', 'reworkedCases'] as const;
type OptionalCount = (typeof OPTIONAL_COUNTS)[number];

export function computeAggregated(run: FunnelRun): FunnelResult {
  const { issues, setup, lang } = run;
  const input = run.aggregated!;
  const list = input.stages as unknown[];
  const stageIndex = new Map(setup.stages.map((s, k) => [s.key, k]));
  const entries: Array<{ raw: Record<string, unknown>; index: number } | undefined> = setup.stages.map(() => undefined);

  list.forEach((raw, index) => {
    const path = `stages[${index}]`;
    if (!isRecord(raw)) {
      issues.error(path, `stage must be {key, count, …}, got ${describe(raw)}; skipped`);
      return;
    }
    const key = raw.key;
    if (typeof key !== 'string') {
      issues.error(`${path}.key`, `stage key must be text, got ${describe(key)}; skipped`);
      return;
    }
    const k = stageIndex.get(key);
    if (k === undefined) {
      issues.warn(`${path}.key`, `unknown stage key ${describe(key)} (expected ${setup.stages.map((s) => s.key).join(' | ')}); ignored`);
      return;
    }
    if (entries[k]) {
      issues.warn(`${path}.key`, `stage ${describe(key)} given twice; the first (stages[${entries[k]!.index}]) is used`);
      return;
    }
    entries[k] = { raw, index };
  });
  if (list.length === 0) issues.warn('stages', 'no stages given: every figure is zero');

  const optional: Array<Partial<Record<OptionalCount, number>>> = [];
  const stages: FunnelStage[] = setup.stages.map((definition, k) => {
    const entry = entries[k];
    const figures: Partial<Record<OptionalCount, number>> = {};
    optional.push(figures);
    let count = 0;
    let invalid = false;
    let labels = definition.labels;
    // Reasons are backend text ('__proto__' included): a null-prototype record, own keys only.
    const dropped: Record<string, number> = countRecord();
    let median: number | null = null;
    let p90: number | null = null;
    let clock: Clock = 'calendar';
    if (entry) {
      const { raw, index } = entry;
      const path = `stages[${index}]`;
      if (isCount(raw.count)) count = raw.count;
      else {
        invalid = true;
        issues.error(`${path}.count`, `count must be a whole number ≥ 0, got ${describe(raw.count)}; shown as 0`);
      }
      for (const field of OPTIONAL_COUNTS) {
        const value = raw[field];
        if (value === undefined || value === null) continue;
        if (isCount(value)) figures[field] = value;
        else issues.error(`${path}.${field}`, `${field} must be a whole number ≥ 0, got ${describe(value)}; left out`);
      }
      if (raw.dropped != null) {
        if (isRecord(raw.dropped)) {
          for (const reason of Object.keys(raw.dropped)) {
            const value = raw.dropped[reason];
            if (isCount(value)) dropped[reason] = value;
            else issues.error(`${path}.dropped.${pathKey(reason)}`, `count must be a whole number ≥ 0, got ${describe(value)}; left out`);
          }
        } else issues.error(`${path}.dropped`, `expected {reason: count}, got ${describe(raw.dropped)}; left out`);
      }
      labels = readLabel(raw.label, definition.key, `${path}.label`, issues) ?? labels;
      median = readHours(raw.medianHours, `${path}.medianHours`);
      p90 = readHours(raw.p90Hours, `${path}.p90Hours`);
      if (raw.clock === 'working' || raw.clock === 'calendar') clock = raw.clock;
      else if (raw.clock != null) issues.warn(`${path}.clock`, `clock must be 'calendar' or 'working', got ${describe(raw.clock)}; calendar assumed`);
      if (figures.shouldReach !== undefined && !invalid && figures.shouldReach < count)
        issues.warn(`${path}.shouldReach`, `shouldReach ${figures.shouldReach} is below count ${count}; kept as given`);
    } else if (list.length > 0) {
      issues.warn('stages', `no entry for stage ${describe(definition.key)}; shown as 0`);
    }
    const stage = baseStage({ ...definition, labels }, lang, {
      reached: count,
      shouldReach: figures.shouldReach ?? count,
      onTime: figures.onTime ?? 0,
      overdue: figures.overdue ?? 0,
      arrivedOnTime: figures.arrivedOnTime ?? 0,
      pending: figures.pending ?? 0,
      pendingOverdue: 0,
      noDeadline: 0,
      skipped: 0,
      dropped,
      reworks: figures.reworks ?? 0,
      medianHours: median,
      p90Hours: p90,
      durations: 0,
      clock,
    });
    stage.flags.invalid = invalid;
    stage.flags.missing = !entry;
    return stage;
  });

  function readHours(value: unknown, path: string): number | null {
    if (value == null) return null;
    if (typeof value === 'number' && value >= 0 && value <= MAX_HOURS) return value;
    issues.error(path, `hours must be a number from 0 to ${MAX_HOURS}, got ${describe(value)}; left out`);
    return null;
  }

  let total = stages[0]?.reached ?? 0;
  if (input.total != null) {
    if (isCount(input.total)) total = input.total;
    else issues.error('total', `total must be a whole number ≥ 0, got ${describe(input.total)}; the first stage's count is used`);
  }
  addConversions(stages, total);
  stages.forEach((stage, k) => {
    if (!stage.flags.grows) return;
    const previous = stages[k - 1];
    // Growth from a missing or rejected count says nothing about the data.
    if (previous.flags.missing || previous.flags.invalid) {
      stage.flags.grows = false;
      return;
    }
    issues.warn(
      `stages[${entries[k]!.index}].count`,
      `count ${stage.reached} is larger than the previous stage ${describe(previous.key)} (${previous.reached}): kept as given`,
    );
  });

  const ratings = readTally(input.ratings, 'ratings', RATINGS);
  const resolutionCounts = readTally(input.resolution, 'resolution', ['unresolved', 'resolved']);
  const handle = roleIndex(setup.stages, 'handle');
  const reworkedOf = (k: number): number | null => optional[k]?.reworkedCases ?? optional[k]?.reworks ?? null;
  const rates = buildRates(setup, stages, lang, {
    reworked: (k) => reworkedOf(k) ?? (handle >= 0 ? reworkedOf(handle) : null),
    arrivedOnTime: (k) => optional[k].arrivedOnTime ?? null,
    shouldReachKnown: (k) => optional[k].shouldReach !== undefined,
    ratings,
    resolution: resolutionCounts,
  });

  function readTally(value: unknown, path: string, keys: readonly string[]): number[] | null {
    if (value == null) return null;
    if (!isRecord(value)) {
      issues.error(path, `expected {${keys.join(', ')}}, got ${describe(value)}; left out`);
      return null;
    }
    return keys.map((key) => {
      const count = value[key];
      if (count == null) return 0;
      if (isCount(count)) return count;
      issues.error(`${path}.${key}`, `count must be a whole number ≥ 0, got ${describe(count)}; read as 0`);
      return 0;
    });
  }

  const figures = aggregatedFigures(input, stages, setup.preset, { optional, ratings, resolution: resolutionCounts, given: entries.map((e) => !!e) }, issues);
  checkFigureOrder(figures, 'figures', issues);

  return aggregatedResult(run, { total, stages, rates, figures, ratings, resolution: resolutionCounts }, issues);
}

/** The stage (by role, or `file`) whose count each figure is. */
const STAGE_FIGURES: ReadonlyArray<readonly [BaseFigureKey, (s: { key: string; roles: readonly string[] }) => boolean]> = [
  ['received', (s) => s.roles.includes('intake')],
  ['filed', (s) => s.key === 'file'],
  ['dispatched', (s) => s.roles.includes('dispatch')],
  ['handled', (s) => s.roles.includes('handle')],
  ['closed', (s) => s.roles.includes('close')],
];

/** A bulletin's base counts alone: `{preset, figures: {…}}` or `{preset, received, filed, …}`. */
export function computeFigures(run: FunnelRun): FunnelResult {
  const { issues, setup, lang } = run;
  const input = run.aggregated!;
  const flat = !isRecord(input.figures);
  const source: Record<string, unknown> = flat ? { ...input } : (input.figures as Record<string, unknown>);
  if (flat) delete source.preset;
  const path = flat ? '' : 'figures';
  const figures: BaseFigures = readFigures(source, path, issues);
  checkFigureOrder(figures, path, issues);
  // The picture shows the stages the bulletin gives a count for, in the preset's order.
  const shown = setup.stages.flatMap((definition) => {
    const figure = STAGE_FIGURES.find(([, matches]) => matches(definition))?.[0];
    const count = figure ? figures[figure] : undefined;
    return figure && count !== undefined ? [{ definition, figure, count }] : [];
  });
  const stages = shown.map(({ definition, figure, count }) =>
    baseStage(definition, lang, {
      reached: count,
      shouldReach: (figure === 'closed' ? figures.shouldClose : figure === 'handled' ? figures.shouldHandle : undefined) ?? count,
      onTime: (figure === 'handled' ? figures.handledOnTime : undefined) ?? 0,
      overdue: 0,
      arrivedOnTime: (figure === 'closed' ? figures.closedOnTime : undefined) ?? 0,
      pending: 0,
      pendingOverdue: 0,
      noDeadline: 0,
      skipped: 0,
      dropped: countRecord(),
      reworks: 0,
      medianHours: null,
      p90Hours: null,
      durations: 0,
      clock: 'calendar',
    }),
  );
  const total = figures.received ?? stages[0]?.reached ?? 0;
  addConversions(stages, total);
  const shownSetup = { ...setup, stages: shown.map((s) => s.definition) };
  const close = roleIndex(shownSetup.stages, 'close');
  const ratings = figures.rated !== undefined && figures.satisfied !== undefined && figures.basicallySatisfied !== undefined
    ? [figures.satisfied, figures.basicallySatisfied, Math.max(0, figures.rated - figures.satisfied - figures.basicallySatisfied)]
    : null;
  const resolution = figures.resolved !== undefined && figures.resolutionRated !== undefined ? [Math.max(0, figures.resolutionRated - figures.resolved), figures.resolved] : null;
  const rates = buildRates(shownSetup, stages, lang, {
    reworked: () => figures.reworked ?? null,
    arrivedOnTime: (k) => (k === close ? (figures.closedOnTime ?? null) : null),
    shouldReachKnown: (k) => k === close && figures.shouldClose !== undefined,
    ratings,
    resolution,
  });
  return aggregatedResult(run, { total, stages, rates, figures, ratings, resolution }, issues);
}

/** The result of counts given by the input (stages or a bulletin's figures): no `now`, no period. */
function aggregatedResult(
  run: FunnelRun,
  counted: Pick<FunnelResult, 'total' | 'stages' | 'rates' | 'figures'> & { ratings: readonly number[] | null; resolution: readonly number[] | null },
  issues: IssueCollector,
): FunnelResult {
  const { setup, lang } = run;
  const { total, stages, rates, figures, ratings, resolution } = counted;
  return {
    preset: setup.preset,
    source: 'aggregated',
    lang,
    now: null,
    total,
    stages,
    rates,
    figures,
    indicators: computeIndicators(setup.preset, figures, lang, run.options.rates),
    period: null,
    ratings: ratingsRecord(ratings ?? [0, 0, 0]),
    resolution: { resolved: resolution?.[1] ?? 0, unresolved: resolution?.[0] ?? 0 },
    issues: [...issues.issues],
    issueCount: issues.total,
  };
}
