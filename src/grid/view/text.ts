/** How the grid's overlays write values and levels: a translator and the display settings, plain data. */
import { formatNumber, type Locale } from '../../core/i18n';
import type { GridLevel } from '../model/levels';

/** A translator for keys built from data (levels, metrics); an unknown key comes back as itself. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface GridText {
  t: Translate;
  locale: Locale;
  /** The metric's display name (legend title, tooltip). */
  metric: string;
  /** Unit of the values (`件`), already cut to a sane length. */
  unit?: string;
}

export const levelName = (t: Translate, level: GridLevel): string => t(`grid.level.${level}`);

/**
 * The name of `metric` (`known`: the string for a key, undefined when none): its localized name,
 * else the metric itself; without a metric, what `values` count (`hasValues`) or "no metric".
 */
export function metricName(t: Translate, known: (key: string) => string | undefined, metric: string | undefined, hasValues: boolean): string {
  if (!metric) return t(hasValues ? 'grid.metric.events' : 'grid.no-metric');
  return known(`grid.metric.${metric}`) ?? metric;
}

/** A value as the overlays show it: localized, with its unit; "no data" when not a number. */
export function formatValue(text: GridText, value: number): string {
  if (!Number.isFinite(value)) return text.t('grid.no-data');
  const number = formatNumber(text.locale, value, { maximumFractionDigits: 2 });
  return text.unit ? `${number} ${text.unit}` : number;
}
