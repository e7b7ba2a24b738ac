/** The text shown for a record (tooltip, same-spot list) and for a hexagon (tooltip): text only, never HTML. */
import { formatNumber, type Locale } from '../../core/i18n';
import { LEVEL_BY_RANK, type RiskLevel } from '../model/level';
import { clipText, rowRecord, type RiskTable } from '../model/table';

export interface RiskText {
  locale: Locale;
  /** Any string key (level and category keys are built from data). */
  t: (key: string, params?: Record<string, string | number>) => string;
  /** The string for a key, or undefined when there is none (a custom category shows its own name). */
  optional: (key: string) => string | undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
function formatLocalMinute(epoch: number): string {
  const d = new Date(epoch);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const levelName = (text: RiskText, level: RiskLevel): string => text.t(`risk.level.${level}`);

export const categoryName = (text: RiskText, category: string): string => text.optional(`risk.category.${category}`) ?? clipText(category);

/** Title (its name, else its id) and lines (category, level, time, grid) of record `row`. */
export function recordText(text: RiskText, table: RiskTable, row: number): { title: string; lines: string[] } {
  const record = rowRecord(table, row);
  const level = LEVEL_BY_RANK[table.level[row]] as RiskLevel;
  const time = table.time[row];
  const colon = text.locale === 'zh-CN' ? '：' : ': ';
  const lines = [
    `${text.t('risk.tooltip.category')}${colon}${categoryName(text, table.categories[table.category[row]])}`,
    `${text.t('risk.tooltip.level')}${colon}${levelName(text, level)}`,
    `${text.t('risk.tooltip.time')}${colon}${Number.isNaN(time) ? text.t('risk.tooltip.undated') : formatLocalMinute(time)}`,
  ];
  if (typeof record.grid === 'string') lines.push(`${text.t('risk.tooltip.grid')}${colon}${clipText(record.grid)}`);
  const name = typeof record.name === 'string' && record.name.trim() ? record.name : table.ids[row];
  return { title: clipText(name), lines };
}

/** A hexagon: how many records, and the highest level among them. */
export function cellText(text: RiskText, count: number, level: RiskLevel | null): { title: string; lines: string[] } {
  return {
    title: text.t('risk.tooltip.cell', { count: formatNumber(text.locale, count) }),
    lines: level ? [`${text.t('risk.tooltip.cell-max')}：${levelName(text, level)}`] : [],
  };
}
