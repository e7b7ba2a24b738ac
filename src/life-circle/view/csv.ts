/**
 * CSV export of a life-circle result: RFC 4180 (CRLF, quotes doubled, fields with a comma, quote
 * or line break quoted) with a UTF-8 byte-order mark, so Excel opens Chinese names correctly.
 * Text that a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) is prefixed with `'`.
 */
import type { Locale } from '../../core/i18n';
import type { LifeCircleResult } from '../engine/types';

export type CsvCell = string | number | boolean | null | undefined;
export type CsvKind = 'residences' | 'gaps' | 'coverage';
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows → CSV text with BOM and CRLF line ends (one after every row, as RFC 4180 allows). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + rows.map((row) => row.map(cellText).join(',') + '\r\n').join('');
}

const round = (value: number | null | undefined, digits: number): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

interface Names {
  residence(id: string): string | null;
}

/**
 * The rows of one export. `residences`: one row per residence with score and, per category,
 * distance (whole metres), minutes (0.1), within and the nearest facility's id. `gaps`: one row
 * per residence and unmet category. `coverage`: one row per category.
 */
export function csvRows(kind: CsvKind, result: LifeCircleResult, locale: Locale, t: Translate, names: Names): CsvCell[][] {
  const label = (key: string): string => {
    const category = result.categories.find((c) => c.key === key);
    return category ? (category.label[locale] ?? category.label.en ?? key) : key;
  };
  const yesNo = (value: boolean): string => t(value ? 'life.csv.yes' : 'life.csv.no');
  if (kind === 'coverage') {
    const header = ['category', 'category-name', 'required-flag', 'limit', 'covered', 'share', 'residences'].map((k) => t(`life.csv.${k}`));
    return [
      header,
      ...result.categories.map((c) => {
        const coverage = result.coverage[c.key];
        return [c.key, label(c.key), yesNo(c.required), round(c.limit, 0), coverage?.population ?? 0, round(coverage?.share ?? 0, 4), coverage?.residences ?? 0];
      }),
    ];
  }
  if (kind === 'gaps') {
    const header = ['id', 'name', 'population', 'category', 'category-name', 'required-flag', 'distance-plain', 'limit'].map((k) => t(`life.csv.${k}`));
    return [
      header,
      ...result.gaps.map((gap) => [
        gap.residence,
        names.residence(gap.residence) ?? '',
        gap.population,
        gap.category,
        label(gap.category),
        yesNo(gap.required),
        round(gap.distance, 0),
        round(gap.limit, 0),
      ]),
    ];
  }
  const header: CsvCell[] = ['id', 'name', 'population', 'score', 'met', 'required'].map((k) => t(`life.csv.${k}`));
  for (const c of result.categories) {
    const category = label(c.key);
    for (const k of ['distance', 'minutes', 'within', 'facility']) header.push(t(`life.csv.${k}`, { category }));
  }
  const rows: CsvCell[][] = [header];
  for (const id of result.columns.residenceIds) {
    const outcome = result.residences[id]!;
    const row: CsvCell[] = [id, names.residence(id) ?? '', outcome.population, round(outcome.score, 4), outcome.met, outcome.required];
    for (const c of result.categories) {
      const cell = outcome.categories[c.key];
      row.push(round(cell?.distance, 0), round(cell?.minutes, 1), yesNo(cell?.within ?? false), cell?.facility ?? '');
    }
    rows.push(row);
  }
  return rows;
}

/** File name for an export, e.g. `生活圈分析-15min-walk-residences.csv`. */
export function csvFileName(kind: CsvKind, result: LifeCircleResult, t: Translate): string {
  const level = result.level === 'all' ? 'all' : `${result.level}min`;
  return `${t('life.csv.file')}-${level}-${result.mode}-${kind}.csv`;
}
