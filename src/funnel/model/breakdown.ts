/** Filters, breakdowns (by triage tier, channel, grid…) and the comparison of two funnels. */
import { isRecord } from '../../core/validation';
import { CaseScanner, computeFunnel, prepareRun, type FunnelAccumulator } from './compute';
import { MS_PER_HOUR, parseOffset, parseTimestamp } from './time';
import type { CaseFilter, Direction, FunnelOptions, FunnelRate, FunnelResult, FunnelStage, RateName, Tier } from './types';
import type { IndicatorKey } from './indicators';
import { describe } from './text';
import { CompiledFilter, TIERS } from './validate';

/** Group key of cases that lack the attribute a breakdown is by. */
export const UNSPECIFIED = '(unspecified)';

/** The attributes of a case a breakdown function may read (valid values only). */
export interface CaseAttributes {
  readonly id: string;
  readonly tier: Tier | undefined;
  readonly channel: string | undefined;
  readonly grid: string | undefined;
  readonly category: string | undefined;
  /** Epoch ms of the case's first reached stage. */
  readonly firstTime: number;
}

const BREAKDOWN_FIELDS = ['tier', 'channel', 'grid', 'category'] as const;

export type BreakdownKey = 'tier' | 'channel' | 'grid' | 'category' | ((c: CaseAttributes) => string | undefined);

/**
 * Raw cases that pass `filter` (cases that are not objects never pass). The time range applies
 * to the case's earliest stage timestamp; zone-less times are read at `timeZone` (default +08:00).
 */
export function filterCases<T = unknown>(cases: readonly T[], filter: CaseFilter, timeZone = '+08:00'): T[] {
  const parsed = parseOffset(timeZone);
  const offset = parsed === parsed ? parsed : 8 * MS_PER_HOUR;
  const compiled = new CompiledFilter(filter, offset);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return cases.filter((c) => {
    if (!isRecord(c)) return false;
    let first = Infinity;
    if (isRecord(c.stages)) {
      for (const key in c.stages) {
        const t = parseTimestamp(c.stages[key], offset);
        if (t < first) first = t;
      }
    }
    const tier = TIERS.includes(c.tier as Tier) ? (c.tier as Tier) : undefined;
    return compiled.matches(tier, text(c.channel), text(c.grid), text(c.category), first);
  });
}

/**
 * One funnel per value of `by` (cases without a value go to `UNSPECIFIED`), from one pass over
 * the cases. `options.filter` applies first. Validation issues concern the whole input and are
 * shared by every group. Tier groups come in big, small, micro order; others by case count.
 * Pre-aggregated input cannot be broken down: it comes back whole under `UNSPECIFIED` with a warning.
 */
export function breakdownFunnel(input: unknown, by: BreakdownKey, options: FunnelOptions = {}): Record<string, FunnelResult> {
  const run = prepareRun(input, options);
  if (run.kind !== 'cases') {
    const whole = computeFunnel(input, options);
    if (run.kind === 'aggregated') {
      whole.issues.push({ path: 'stages', message: 'pre-aggregated counts cannot be broken down; shown whole', severity: 'warning' });
      whole.issueCount++;
    }
    return Object.assign(Object.create(null) as Record<string, FunnelResult>, { [UNSPECIFIED]: whole });
  }
  const scanner = new CaseScanner(run);
  const groups = new Map<string, FunnelAccumulator>();
  const field = BREAKDOWN_FIELDS.includes(by as (typeof BREAKDOWN_FIELDS)[number]) ? (by as (typeof BREAKDOWN_FIELDS)[number]) : null;
  if (typeof by !== 'function' && !field) run.issues.warn('by', `unknown breakdown ${describe(by)} (expected ${BREAKDOWN_FIELDS.join(' | ')} or a function); every case is ${UNSPECIFIED}`, 'unknown-value');
  const keyOf = typeof by === 'function' ? by : (c: CaseAttributes) => (field ? c[field] : undefined);
  scanner.scan((reader) => {
    const value = keyOf(reader);
    const key = typeof value === 'string' && value !== '' ? value : UNSPECIFIED;
    let acc = groups.get(key);
    if (!acc) groups.set(key, (acc = scanner.newAccumulator()));
    return acc;
  });
  const { issues, issueCount } = scanner.collectIssues();
  const order = [...groups.keys()];
  if (by === 'tier') order.sort((a, b) => tierRank(a) - tierRank(b));
  else order.sort((a, b) => groups.get(b)!.total - groups.get(a)!.total || (a < b ? -1 : a > b ? 1 : 0));
  // Group keys are data (a grid named '__proto__' is a group like any other): no prototype.
  const out = Object.create(null) as Record<string, FunnelResult>;
  for (const key of order) out[key] = scanner.finish(groups.get(key)!, issues, issueCount);
  return out;
}

const tierRank = (key: string) => {
  const rank = TIERS.indexOf(key as Tier);
  return rank < 0 ? TIERS.length : rank;
};

export type Verdict = 'better' | 'worse' | 'same';

/** One figure in two funnels: `b` against the baseline `a`. */
export interface MetricComparison {
  a: number | null;
  b: number | null;
  /** b − a. */
  delta: number | null;
  /** (b − a) / a; null when a is 0 or missing. */
  change: number | null;
  /** Volumes (counts) are `neutral`: more cases is neither better nor worse. */
  direction: Direction | 'neutral';
  /** Null for neutral figures, missing values or durations on different clocks. */
  verdict: Verdict | null;
}

export interface StageComparison {
  key: string;
  label: string;
  inA: boolean;
  inB: boolean;
  reached: MetricComparison;
  shouldReach: MetricComparison;
  pending: MetricComparison;
  overdue: MetricComparison;
  ofFirst: MetricComparison;
  ofPrevious: MetricComparison;
  ofTotal: MetricComparison;
  medianHours: MetricComparison;
  p90Hours: MetricComparison;
}

export interface FunnelComparison {
  total: MetricComparison;
  stages: StageComparison[];
  rates: Partial<Record<RateName, MetricComparison & { label: string }>>;
  /** Indicator by indicator (a's order, then those only b reports), with a direction-aware verdict. */
  indicators: Array<MetricComparison & { key: IndicatorKey; name: string }>;
}

const SAME_WITHIN = 1e-9;

export function compareMetric(a: number | null | undefined, b: number | null | undefined, direction: Direction | 'neutral', comparable = true): MetricComparison {
  const va = a ?? null;
  const vb = b ?? null;
  const delta = va !== null && vb !== null ? vb - va : null;
  let verdict: Verdict | null = null;
  if (delta !== null && direction !== 'neutral' && comparable) {
    if (Math.abs(delta) <= SAME_WITHIN) verdict = 'same';
    else verdict = (delta > 0) === (direction === 'higher-is-better') ? 'better' : 'worse';
  }
  return { a: va, b: vb, delta, change: delta !== null && va ? delta / va : null, direction, verdict };
}

/**
 * Compares two funnels (two periods, two districts): `b` against the baseline `a`, stage by
 * stage (matched by key: a's order, then stages only b has) and rate by rate, with a
 * direction-aware verdict.
 */
export function compareFunnels(a: FunnelResult, b: FunnelResult): FunnelComparison {
  const keys = [...a.stages.map((s) => s.key), ...b.stages.map((s) => s.key).filter((key) => !a.stages.some((s) => s.key === key))];
  const stages = keys.map((key): StageComparison => {
    const sa = a.stages.find((s) => s.key === key);
    const sb = b.stages.find((s) => s.key === key);
    const pick = (field: keyof FunnelStage) => [sa?.[field] as number | null | undefined, sb?.[field] as number | null | undefined] as const;
    const sameClock = !sa || !sb || sa.clock === sb.clock;
    return {
      key,
      label: (sa ?? sb)!.label,
      inA: !!sa,
      inB: !!sb,
      reached: compareMetric(...pick('reached'), 'neutral'),
      shouldReach: compareMetric(...pick('shouldReach'), 'neutral'),
      pending: compareMetric(...pick('pending'), 'neutral'),
      overdue: compareMetric(...pick('overdue'), 'neutral'),
      ofFirst: compareMetric(...pick('ofFirst'), 'higher-is-better'),
      ofPrevious: compareMetric(...pick('ofPrevious'), 'higher-is-better'),
      ofTotal: compareMetric(...pick('ofTotal'), 'higher-is-better'),
      medianHours: compareMetric(...pick('medianHours'), 'lower-is-better', sameClock),
      p90Hours: compareMetric(...pick('p90Hours'), 'lower-is-better', sameClock),
    };
  });
  const rates = Object.create(null) as FunnelComparison['rates'];
  const names = new Set([...Object.keys(a.rates), ...Object.keys(b.rates)] as RateName[]);
  for (const name of names) {
    const ra: FunnelRate | undefined = a.rates[name];
    const rb: FunnelRate | undefined = b.rates[name];
    rates[name] = { ...compareMetric(ra?.value, rb?.value, (ra ?? rb)!.direction), label: (ra ?? rb)!.label };
  }
  const indicatorKeys = [...new Set([...a.indicators, ...b.indicators].map((i) => i.key))];
  const indicators = indicatorKeys.map((key) => {
    const ia = a.indicators.find((i) => i.key === key);
    const ib = b.indicators.find((i) => i.key === key);
    return { ...compareMetric(ia?.value, ib?.value, (ia ?? ib)!.direction), key, name: (ia ?? ib)!.name };
  });
  return { total: compareMetric(a.total, b.total, 'neutral'), stages, rates, indicators };
}
