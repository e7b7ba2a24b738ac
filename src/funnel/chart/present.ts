/**
 * Everything the funnel says in words, built from the model's result (pure): the texts the
 * layout places, the tooltip and the data table (the same rows, so the table says exactly what
 * the picture says), the metric cards and the ARIA summary.
 */
import { formatNumber, type Locale } from '../../core/i18n';
import { compareMetric } from '../model/breakdown';
import type { BaseFigureKey } from '../model/indicators';
import type { Direction, FunnelResult, FunnelStage } from '../model/types';
import { dropSegments, reworkSource, type DropSegment } from './flows';
import type { LayoutStage } from './layout';
import { clipText } from './text';

export type RateMode = 'first' | 'previous' | 'total';
export const RATE_MODES: readonly RateMode[] = ['first', 'previous', 'total'];

export interface PresentContext {
  locale: Locale;
  t: (key: string, params?: Record<string, string | number>) => string;
  rate: RateMode;
}

const MAX_LABEL = 120;

export const formatCount = (locale: Locale, value: number): string => formatNumber(locale, value);

export function formatPercent(locale: Locale, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return formatNumber(locale, value, { style: 'percent', maximumFractionDigits: 1 });
}

export function formatHours(ctx: PresentContext, hours: number | null, working: boolean): string {
  if (hours == null) return '—';
  const value = formatNumber(ctx.locale, hours, { maximumFractionDigits: hours < 10 ? 1 : 0 });
  return ctx.t(working ? 'funnel.hours.working' : 'funnel.hours', { value });
}

/** The stage's name in the display language, cut to a sane length (labels are backend text). */
export const stageName = (stage: Pick<FunnelStage, 'label' | 'labels'>, locale: Locale): string =>
  clipText(stage.labels?.[locale] ?? stage.label ?? '', MAX_LABEL);

export function rateOf(stage: FunnelStage, mode: RateMode): number | null {
  return mode === 'previous' ? stage.ofPrevious : mode === 'total' ? stage.ofTotal : stage.ofFirst;
}

/** String keys under `funnel.reason.` that are templates, not reason names (a reason called `item` is just text). */
const REASON_TEMPLATES = ['item', 'separator'];

export function reasonName(ctx: PresentContext, reason: string): string {
  const key = `funnel.reason.${reason}`;
  const text = REASON_TEMPLATES.includes(reason) ? key : ctx.t(key);
  // Pre-aggregated input may name its own reasons: shown as given (as text).
  return text === key ? clipText(reason, 40) : text;
}

/**
 * Drop-off label variants, most detailed first: every reason (largest first), then fewer
 * reasons with an ellipsis, then the total alone. Reasons are cut whole, never mid-number.
 */
export function dropLabels(ctx: PresentContext, drops: readonly DropSegment[]): string[] {
  const total = drops.reduce((sum, d) => sum + d.count, 0);
  if (!total) return [];
  const count = formatCount(ctx.locale, total);
  const items = [...drops]
    .sort((a, b) => b.count - a.count)
    .map((d) => ctx.t('funnel.reason.item', { reason: reasonName(ctx, d.reason), count: formatCount(ctx.locale, d.count) }));
  const separator = ctx.t('funnel.reason.separator');
  const texts: string[] = [];
  for (let k = items.length; k >= 1; k--) {
    const reasons = items.slice(0, k).join(separator) + (k < items.length ? `${separator}…` : '');
    texts.push(ctx.t('funnel.drop.full', { count, reasons }));
  }
  texts.push(ctx.t('funnel.drop.short', { count }));
  return texts;
}

/** Notes on a stage's data problems (growth, rejected figure, missing stage). */
export function stageFlags(result: FunnelResult, index: number, ctx: PresentContext): string[] {
  const stage = result.stages[index];
  const notes: string[] = [];
  if (stage.flags.grows) {
    const more = stage.reached - (result.stages[index - 1]?.reached ?? 0);
    notes.push(ctx.t('funnel.flag.grows', { count: formatCount(ctx.locale, more) }));
  }
  if (stage.flags.invalid) notes.push(ctx.t('funnel.flag.invalid'));
  if (stage.flags.missing) notes.push(ctx.t('funnel.flag.missing'));
  return notes;
}

const compareStage = (compare: FunnelResult | null, key: string) => compare?.stages.find((s) => s.key === key) ?? null;

export function layoutStages(result: FunnelResult, compare: FunnelResult | null, ctx: PresentContext): LayoutStage[] {
  return result.stages.map((stage, i) => {
    const drops = dropSegments(stage, result.stages[i + 1]);
    const reworkFrom = stage.reworks > 0 ? reworkSource(result.stages, i) : null;
    const rate = rateOf(stage, ctx.rate);
    return {
      key: stage.key,
      name: stageName(stage, ctx.locale),
      valueText: formatCount(ctx.locale, stage.reached),
      rateText: rate == null ? '' : formatPercent(ctx.locale, rate),
      value: stage.reached,
      overdue: stage.overdue,
      compare: compare ? (compareStage(compare, stage.key)?.reached ?? null) : null,
      flagged: stage.flags.grows || stage.flags.invalid || stage.flags.missing,
      drops,
      dropTexts: dropLabels(ctx, drops),
      reworks: stage.reworks,
      reworkFrom,
      reworkText: stage.reworks > 0 ? ctx.t('funnel.rework', { count: formatCount(ctx.locale, stage.reworks) }) : '',
    };
  });
}

export interface DetailRow {
  /** Stable id of the row (the table's column). */
  id: string;
  label: string;
  value: string;
}

/** What the tooltip lists for a stage, and the data table's columns for it, in one place. */
export function stageDetails(result: FunnelResult, index: number, compare: FunnelResult | null, ctx: PresentContext, compareLabel: string): DetailRow[] {
  const stage = result.stages[index];
  const { locale, t } = ctx;
  const count = (n: number) => formatCount(locale, n);
  const share = (n: number) => (stage.reached > 0 ? formatPercent(locale, n / stage.reached) : '—');
  const drops = dropSegments(stage, result.stages[index + 1]);
  const working = stage.clock === 'working';
  const rows: DetailRow[] = [
    { id: 'reached', label: t('funnel.tip.reached'), value: count(stage.reached) },
    { id: 'shouldReach', label: t('funnel.tip.shouldReach'), value: count(stage.shouldReach) },
    { id: 'ofFirst', label: t('funnel.of.first'), value: formatPercent(locale, stage.ofFirst) },
    { id: 'ofPrevious', label: t('funnel.of.previous'), value: formatPercent(locale, stage.ofPrevious) },
    { id: 'ofTotal', label: t('funnel.of.total'), value: formatPercent(locale, stage.ofTotal) },
    { id: 'onTime', label: t('funnel.tip.onTime'), value: count(stage.onTime) },
    { id: 'overdue', label: t('funnel.tip.overdue'), value: t('funnel.share', { value: count(stage.overdue), share: share(stage.overdue) }) },
    { id: 'pending', label: t('funnel.tip.pending'), value: count(stage.pending) },
    { id: 'dropped', label: t('funnel.tip.dropped'), value: drops.length ? dropLabels(ctx, drops)[0] : count(0) },
    { id: 'reworks', label: t('funnel.tip.reworks'), value: count(stage.reworks) },
    { id: 'median', label: t('funnel.tip.median'), value: formatHours(ctx, stage.medianHours, working) },
    { id: 'p90', label: t('funnel.tip.p90'), value: formatHours(ctx, stage.p90Hours, working) },
  ];
  if (compare) {
    const other = compareStage(compare, stage.key);
    rows.push({ id: 'compare', label: compareLabel, value: other ? count(other.reached) : '—' });
  }
  const flags = stageFlags(result, index, ctx);
  rows.push({ id: 'flags', label: t('funnel.tip.flags'), value: flags.join('; ') });
  return rows;
}

export interface RateCard {
  /** The indicator's key (`closure`, `rework`…), or the rate's for custom stage lists. */
  name: string;
  label: string;
  value: string;
  fraction: string;
  /** What is divided by what, with the base figures' names: 结案数 911 ÷ 应结案数 972 (empty for custom stage lists). */
  formula: string;
  direction: Direction;
  directionText: string;
  /** Against the comparison: text and whether that is good news. */
  delta: { text: string; verdict: 'better' | 'worse' | 'same' | null } | null;
}

/** What a card shows, from an indicator or (custom stage lists) one of the earlier rates. */
interface RateSource {
  key: string;
  /** String key of the name a page can override, and the name to use without one. */
  nameKey: string;
  name: string;
  value: number | null;
  numerator: number;
  denominator: number;
  numeratorKey?: BaseFigureKey;
  denominatorKey?: BaseFigureKey;
  direction: Direction;
}

/** The preset's indicators (never the earlier rates: their definitions differ), or for custom stage lists the rates their roles give. */
function rateSources(result: FunnelResult, locale: PresentContext['locale']): RateSource[] {
  if (result.preset !== 'custom')
    return result.indicators.map((i) => ({ ...i, nameKey: `funnel.indicator.${i.key}`, name: i.names?.[locale] ?? i.name }));
  return Object.entries(result.rates).map(([key, rate]) => ({ ...rate!, key, nameKey: `funnel.rate.${key}`, name: rate!.labels?.[locale] ?? rate!.label }));
}

/** A base figure's name in the loop's own wording (办结数 for the hotline), else the general one (结案数). */
function figureName(ctx: PresentContext, preset: string, key: BaseFigureKey): string {
  const own = `funnel.figure.${preset}.${key}`;
  const text = ctx.t(own);
  return text !== own ? text : ctx.t(`funnel.figure.${key}`);
}

/** Values as bulletins print them: percent with two decimals. */
const formatRate = (locale: PresentContext['locale'], value: number | null): string =>
  value == null || !Number.isFinite(value) ? '—' : formatNumber(locale, value, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Headline cards in the model's order: the preset's indicators (a page can rename one with the
 * string `funnel.indicator.<key>`), or for custom stage lists the rates (`funnel.rate.<name>`).
 */
export function rateCards(result: FunnelResult, compare: FunnelResult | null, ctx: PresentContext, compareLabel: string): RateCard[] {
  const { locale, t } = ctx;
  const before = new Map((compare ? rateSources(compare, locale) : []).map((s) => [s.key, s]));
  return rateSources(result, locale).map((rate) => {
    const name = t(rate.nameKey);
    const count = (n: number) => formatCount(locale, n);
    let delta: RateCard['delta'] = null;
    const previous = before.get(rate.key);
    if (previous) {
      const m = compareMetric(previous.value, rate.value, rate.direction);
      if (m.verdict === 'same') delta = { text: t('funnel.card.same', { label: compareLabel }), verdict: 'same' };
      else if (m.delta != null) {
        // One decimal, as slides round; a change below 0.05 points keeps one significant digit, never "0 pts" in a verdict's colour.
        const change = m.delta * 100;
        const digits = Math.abs(change) >= 0.05 ? { maximumFractionDigits: 1 } : { maximumSignificantDigits: 1 };
        const points = formatNumber(locale, change, { ...digits, signDisplay: 'exceptZero' });
        delta = { text: t('funnel.card.delta', { delta: t('funnel.points', { value: points }), label: compareLabel }), verdict: m.verdict };
      }
    }
    const figure = (key: BaseFigureKey | undefined, n: number) => (key ? t('funnel.card.figure', { name: figureName(ctx, result.preset, key), count: count(n) }) : '');
    return {
      name: rate.key,
      label: name !== rate.nameKey ? name : clipText(rate.name, 40),
      value: rate.numeratorKey ? formatRate(locale, rate.value) : formatPercent(locale, rate.value),
      fraction: t('funnel.card.fraction', { numerator: count(rate.numerator), denominator: count(rate.denominator) }),
      formula: rate.numeratorKey ? t('funnel.card.formula', { numerator: figure(rate.numeratorKey, rate.numerator), denominator: figure(rate.denominatorKey, rate.denominator) }) : '',
      direction: rate.direction,
      directionText: t(`funnel.direction.${rate.direction}`),
      delta,
    };
  });
}

/** One or two sentences for aria-describedby (`cards`: the result's rate cards when already built). */
export function summaryText(result: FunnelResult, ctx: PresentContext, cards: readonly RateCard[] = rateCards(result, null, ctx, '')): string {
  const { locale, t } = ctx;
  const stages = result.stages;
  if (!stages.length) return t('funnel.empty');
  const first = stages[0];
  const last = stages[stages.length - 1];
  const parts = [
    t('funnel.summary', {
      count: stages.length,
      first: stageName(first, locale),
      firstValue: formatCount(locale, first.reached),
      last: stageName(last, locale),
      lastValue: formatCount(locale, last.reached),
    }),
  ];
  const rates = cards.map((c) => t('funnel.summary.rate', { name: c.label, value: c.value }));
  if (rates.length) parts.push(rates.join(locale === 'zh-CN' ? '，' : ', ') + (locale === 'zh-CN' ? '。' : '.'));
  const flagged = stages.filter((s) => s.flags.grows || s.flags.invalid || s.flags.missing).length;
  if (flagged) parts.push(t('funnel.summary.flagged', { count: flagged }));
  parts.push(t('funnel.summary.table'));
  return parts.join(locale === 'zh-CN' ? '' : ' ');
}

/**
 * Accessible name of a stage button: the visible name first (voice control users say what they
 * see), then the count, the rate on the picture, the drop-off, rework loops and data problems.
 */
export function stageAriaLabel(result: FunnelResult, index: number, ctx: PresentContext): string {
  const stage = result.stages[index];
  const rate = rateOf(stage, ctx.rate);
  const parts = [
    ctx.t('funnel.stage.aria', {
      name: stageName(stage, ctx.locale),
      value: formatCount(ctx.locale, stage.reached),
      rate: rate == null ? '' : ctx.t('funnel.stage.aria.rate', { label: ctx.t(`funnel.of.${ctx.rate}`), value: formatPercent(ctx.locale, rate) }),
    }),
  ];
  const drops = dropLabels(ctx, dropSegments(stage, result.stages[index + 1]))[0];
  if (drops) parts.push(drops);
  if (stage.reworks > 0) parts.push(ctx.t('funnel.rework', { count: formatCount(ctx.locale, stage.reworks) }));
  parts.push(...stageFlags(result, index, ctx));
  return parts.join(ctx.locale === 'zh-CN' ? '；' : '; ');
}
