/**
 * What a life-circle briefing says, as text ready to draw or print: title and settings, key
 * figures, population covered per category, the worst units of the chosen level, coverage by
 * unit, the gaps, and the active plan against the baseline. Pure: the PNG and the print page lay
 * out the same figures. Every string from data stays text.
 */
import { formatNumber, type Locale } from '../../core/i18n';
import type { LifeCircleResult } from '../engine/types';
import type { PlanComparison } from '../model/scenario';
import type { UnitCoverageTable } from '../model/unit-coverage';
import type { GridLevel } from '../../core/levels';

export type BriefingTranslate = (key: string, params?: Record<string, string | number>) => string;

/** A table of text: header cells, body rows, and how many rows were left out. */
export interface BriefingTable {
  headers: string[];
  rows: string[][];
  more: number;
}

export interface BriefingCategory {
  label: string;
  required: boolean;
  /** Covered population over all population, 0–1. */
  share: number;
  /** "62% · 3,400" */
  text: string;
}

export interface BriefingFigures {
  locale: Locale;
  title: string;
  meta: string;
  /** Section titles. */
  headings: { map: string; figures: string; categories: string; gaps: string; comparison: string };
  summary: string[];
  categories: BriefingCategory[];
  categoryTable: BriefingTable;
  /** The worst units of the level the unit table shows, by score (null without units). */
  worst: { heading: string; rows: { name: string; text: string }[] } | null;
  units: { heading: string; table: BriefingTable } | null;
  /** Residences with a required category out of reach (rows empty: no gaps). */
  gaps: BriefingTable;
  comparison: BriefingTable | null;
}

/** The units as the table shows them: the roll-up, its rows of one level in order. */
export interface BriefingUnits {
  coverage: UnitCoverageTable;
  order: Int32Array;
  level: GridLevel | null;
}

export interface BriefingInput {
  result: LifeCircleResult;
  units: BriefingUnits | null;
  comparison: PlanComparison | null;
  locale: Locale;
  t: BriefingTranslate;
  residenceName(id: string): string | null;
  date: Date;
}

/** How many worst units the PNG names; rows the print page lists per table. */
export const WORST_UNITS = 5;
export const PRINT_ROWS = 40;

export function briefingFigures({ result, units, comparison, locale, t, residenceName, date }: BriefingInput): BriefingFigures {
  const number = (value: number) => formatNumber(locale, value);
  const percent = (value: number) => formatNumber(locale, value, { style: 'percent', maximumFractionDigits: 0 });
  const label = (key: string) => result.categories.find((c) => c.key === key)?.label[locale] ?? key;
  const s = result.summary;
  const level = typeof result.level === 'number' ? t(`life.level.${result.level}`) : t('life.level.all');
  const meta = t('life.briefing.meta', {
    level,
    mode: t(`life.mode.${result.mode}`),
    method: t(`life.method.${result.method}`),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date),
  });
  const summary = [
    t('life.briefing.residences', { value: number(s.residences) }),
    t('life.briefing.population', { value: number(s.population) }),
    t('life.briefing.mean-score', { value: s.meanScore === null ? '—' : percent(s.meanScore) }),
    t('life.briefing.fully-served', { value: percent(s.fullyServedShare) }),
  ];
  const categories = result.categories.map((c): BriefingCategory => {
    const coverage = result.coverage[c.key];
    const share = coverage?.share ?? 0;
    return { label: c.label[locale] ?? c.key, required: c.required, share, text: `${percent(share)} · ${number(coverage?.population ?? 0)}` };
  });
  const categoryTable: BriefingTable = {
    headers: [t('life.briefing.category'), t('life.briefing.share'), t('life.briefing.covered')],
    rows: result.categories.map((c) => [
      t('life.briefing.category-kind', { category: c.label[locale] ?? c.key, kind: t(c.required ? 'life.briefing.required' : 'life.briefing.recommended') }),
      percent(result.coverage[c.key]?.share ?? 0),
      number(result.coverage[c.key]?.population ?? 0),
    ]),
    more: 0,
  };
  return {
    locale,
    title: t('life.briefing.title'),
    meta,
    headings: {
      map: t('life.briefing.map'),
      figures: t('life.briefing.figures'),
      categories: t('life.briefing.categories'),
      gaps: t('life.briefing.gaps'),
      comparison: t('life.briefing.comparison'),
    },
    summary,
    categories,
    categoryTable,
    ...unitFigures(units, t, number, percent, label),
    gaps: gapTable(result, locale, t, number, label, residenceName),
    comparison: comparison ? comparisonTable(comparison, t, number, label) : null,
  };
}

function unitFigures(units: BriefingUnits | null, t: BriefingTranslate, number: (v: number) => string, percent: (v: number) => string, label: (key: string) => string) {
  if (!units || units.order.length === 0) return { worst: null, units: null };
  const { coverage, order } = units;
  const level = units.level ? t(`life.units.level.${units.level}`) : '';
  const score = (value: number | null) => (value === null ? '—' : percent(value));
  const listed = Array.from(order.subarray(0, PRINT_ROWS), (i) => coverage.row(i));
  // The worst by score, whatever the table is sorted by.
  const byScore = [...Array.from(order, (i) => coverage.row(i))].filter((row) => row.score !== null).sort((a, b) => a.score! - b.score! || b.population - a.population);
  return {
    worst: {
      heading: t('life.briefing.worst', { level }),
      rows: byScore.slice(0, WORST_UNITS).map((row) => ({ name: row.name, text: `${score(row.score)} · ${number(row.population)}` })),
    },
    units: {
      heading: t('life.briefing.units', { level }),
      table: {
        headers: [t('life.briefing.unit'), t('life.briefing.score'), t('life.briefing.unit-population'), ...coverage.categories.map(label)],
        rows: listed.map((row) => [row.name, score(row.score), number(row.population), ...row.share.map(percent)]),
        more: order.length - listed.length,
      },
    },
  };
}

function gapTable(result: LifeCircleResult, locale: Locale, t: BriefingTranslate, number: (v: number) => string, label: (key: string) => string, residenceName: (id: string) => string | null): BriefingTable {
  const byResidence = new Map<string, { population: number; missing: string[] }>();
  for (const gap of result.gaps) {
    if (!gap.required) continue;
    const entry = byResidence.get(gap.residence) ?? { population: gap.population, missing: [] };
    entry.missing.push(label(gap.category));
    byResidence.set(gap.residence, entry);
  }
  // The most people first: a gap over more people matters more.
  const rows = [...byResidence].sort((a, b) => b[1].population - a[1].population);
  const separator = locale === 'zh-CN' ? '、' : ', ';
  return {
    headers: [t('life.briefing.residence'), t('life.briefing.unit-population'), t('life.briefing.missing')],
    rows: rows.slice(0, PRINT_ROWS).map(([id, entry]) => [residenceName(id) ?? id, number(entry.population), entry.missing.join(separator)]),
    more: Math.max(0, rows.length - PRINT_ROWS),
  };
}

function comparisonTable(comparison: PlanComparison, t: BriefingTranslate, number: (v: number) => string, label: (key: string) => string): BriefingTable {
  return {
    headers: [t('life.briefing.category'), t('life.briefing.before'), t('life.briefing.after'), t('life.briefing.served'), t('life.briefing.lost')],
    rows: comparison.categories.map((c) => [label(c.category), number(c.before), number(c.after), `+${number(c.served)}`, `−${number(c.lost)}`]),
    more: 0,
  };
}
