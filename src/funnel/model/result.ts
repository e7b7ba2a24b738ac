/** Building the public result: stage records, conversions, rates. Shared by raw and pre-aggregated input. */
import type { IssueCollector, ValidationIssue } from '../../core/validation';
import { roleIndex, type RateDefinition, type StageSetup } from './presets';
import type { FunnelLocale, FunnelOptions, FunnelRate, FunnelResult, FunnelStage, RateName, ResolvedStage } from './types';
import { DROP_REASONS } from './validate';
import { BASE_FIGURE_KEYS, computeIndicators, type BaseFigures } from './indicators';

/** Everything a scan needs, resolved once from input + options. */
export interface FunnelRun {
  kind: 'cases' | 'aggregated' | 'figures' | 'none';
  setup: StageSetup;
  lang: FunnelLocale;
  issues: IssueCollector;
  cases: readonly unknown[];
  /** Columnar raw cases (`{columns: {…}}`, columns.ts), or null. */
  columns: Record<string, unknown> | null;
  aggregated: Record<string, unknown> | null;
  /** The options after `readOptions` (bad values reported and left out). */
  options: FunnelOptions;
}

/** A record keyed by data (drop-off reasons): no prototype, so `__proto__` or `constructor` is just a key. */
export const countRecord = (): Record<string, number> => Object.create(null) as Record<string, number>;

export type StageFigures = Omit<FunnelStage, 'key' | 'label' | 'labels' | 'roles' | 'ofFirst' | 'ofPrevious' | 'ofTotal' | 'flags' | 'caseIds'>;

export function baseStage(definition: ResolvedStage, lang: FunnelLocale, figures: StageFigures): FunnelStage {
  return {
    key: definition.key,
    label: definition.labels[lang],
    labels: { ...definition.labels },
    roles: [...definition.roles],
    ...figures,
    ofFirst: null,
    ofPrevious: null,
    ofTotal: null,
    flags: { grows: false, invalid: false, missing: false },
  };
}

const ratio = (numerator: number, denominator: number): number | null => (denominator > 0 ? numerator / denominator : null);

/** Fills ofFirst / ofPrevious / ofTotal and the growth flag. */
export function addConversions(stages: FunnelStage[], total: number): void {
  const first = stages[0]?.reached ?? 0;
  stages.forEach((stage, k) => {
    stage.ofFirst = ratio(stage.reached, first);
    stage.ofTotal = ratio(stage.reached, total);
    if (k > 0) {
      const previous = stages[k - 1].reached;
      stage.ofPrevious = ratio(stage.reached, previous);
      if (stage.reached > previous) stage.flags.grows = true;
    }
  });
}

export interface RateSources {
  /** Cases with at least one rework that reached stage k; null when unknown. */
  reworked(k: number): number | null;
  /** Cases that entered stage k with earlier deadlines met; null when unknown. */
  arrivedOnTime(k: number): number | null;
  /** Whether shouldReach of stage k is a real figure (pre-aggregated input may lack it). */
  shouldReachKnown(k: number): boolean;
  ratings: ArrayLike<number> | null;
  resolution: ArrayLike<number> | null; // [unresolved, resolved]
}

/** The preset's (or roles') rates; a rate whose figures are unknown is left out. */
export function buildRates(setup: StageSetup, stages: readonly FunnelStage[], lang: FunnelLocale, sources: RateSources): Partial<Record<RateName, FunnelRate>> {
  const rates: Partial<Record<RateName, FunnelRate>> = {};
  const make = (definition: RateDefinition, numerator: number, denominator: number, stage?: number): void => {
    rates[definition.name] = {
      value: ratio(numerator, denominator),
      numerator,
      denominator,
      direction: definition.direction,
      label: definition.labels[lang],
      labels: { ...definition.labels },
      ...(stage !== undefined ? { stage: stages[stage].key } : {}),
    };
  };
  for (const definition of setup.rates) {
    switch (definition.name) {
      case 'closure':
      case 'onTimeClosure':
      case 'response': {
        const k = roleIndex(setup.stages, definition.name === 'response' ? 'respond' : 'close');
        if (k < 0 || !sources.shouldReachKnown(k)) break;
        const numerator = definition.name === 'closure' ? stages[k].reached : sources.arrivedOnTime(k);
        if (numerator !== null) make(definition, numerator, stages[k].shouldReach, k);
        break;
      }
      case 'rework': {
        const k = roleIndex(setup.stages, 'handle');
        const reworked = k >= 0 ? sources.reworked(k) : null;
        if (reworked !== null) make(definition, reworked, stages[k].reached, k);
        break;
      }
      case 'accurateDispatch': {
        const k = roleIndex(setup.stages, 'dispatch');
        const reworked = k >= 0 ? sources.reworked(k) : null;
        if (reworked !== null) make(definition, stages[k].reached - reworked, stages[k].reached, k);
        break;
      }
      case 'resolution':
        if (sources.resolution) make(definition, sources.resolution[1], sources.resolution[0] + sources.resolution[1]);
        break;
      case 'satisfaction':
        if (sources.ratings) make(definition, sources.ratings[0] + sources.ratings[1], sources.ratings[0] + sources.ratings[1] + sources.ratings[2]);
        break;
    }
  }
  return rates;
}

export const ratingsRecord = (counts: ArrayLike<number>): FunnelResult['ratings'] => ({
  satisfied: counts[0],
  'basically-satisfied': counts[1],
  dissatisfied: counts[2],
});

/** A result with every count at zero (for empty or unusable input). */
export function emptyResult(run: FunnelRun, source: FunnelResult['source'], issues: ValidationIssue[], issueCount: number, now: string | null): FunnelResult {
  const { setup, lang } = run;
  const stages = setup.stages.map((definition) =>
    baseStage(definition, lang, {
      reached: 0,
      shouldReach: 0,
      onTime: 0,
      overdue: 0,
      arrivedOnTime: 0,
      pending: 0,
      pendingOverdue: 0,
      noDeadline: 0,
      skipped: 0,
      dropped: Object.assign(countRecord(), Object.fromEntries(DROP_REASONS.map((r) => [r, 0]))),
      reworks: 0,
      medianHours: null,
      p90Hours: null,
      durations: 0,
      clock: 'calendar',
    }),
  );
  addConversions(stages, 0);
  const zero = [0, 0, 0];
  const rates = buildRates(setup, stages, lang, {
    reworked: () => 0,
    arrivedOnTime: () => 0,
    shouldReachKnown: () => true,
    ratings: zero,
    resolution: zero,
  });
  return {
    preset: setup.preset,
    source,
    lang,
    now,
    total: 0,
    stages,
    rates,
    figures: zeroFigures(),
    indicators: computeIndicators(setup.preset, zeroFigures(), lang, run.options.rates),
    period: null,
    ratings: ratingsRecord(zero),
    resolution: { resolved: 0, unresolved: 0 },
    issues,
    issueCount,
  };
}


const zeroFigures = (): BaseFigures => Object.fromEntries(BASE_FIGURE_KEYS.map((key) => [key, 0]));
