/**
 * Coverage per category as a table whose share cells carry a d3-scaled bar: the table is the
 * accessible form of the chart (screen readers read the numbers), the bars are the picture.
 * Each row's checkbox shows or hides that category's facilities on the map. When a scope selects
 * a unit, a second share column shows the unit's coverage beside the whole area's.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
// Colours are SVG presentation attributes (`fill=`), never a `style="…"` attribute, which a page
// with a strict CSP (`style-src 'self'`) blocks. Not Lit's styleMap either: its first render
// writes a style attribute too (measured in test/life-circle/csp.test.ts).
import { scaleLinear } from 'd3';
import { formatNumber, type Locale } from '../../core/i18n';
import type { CoverageRow } from '../view/report';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export const BAR_WIDTH = 96;
/** Bar width when two share columns (whole area, unit) sit side by side. */
export const PAIRED_BAR_WIDTH = 64;
const BAR_HEIGHT = 10;

/** Bar geometry for a share: the filled width on a fixed 0–100 % scale (never rescaled to the data). */
export function barWidth(share: number, width = BAR_WIDTH): number {
  const x = scaleLinear().domain([0, 1]).range([0, width]).clamp(true);
  return Number.isFinite(share) ? x(share) : 0;
}

export function renderCoverageTable(
  rows: readonly CoverageRow[],
  locale: Locale,
  t: Translate,
  onToggle: (key: string, visible: boolean) => void,
  unitName: string | null = null,
): TemplateResult {
  const percent = (share: number) => formatNumber(locale, share, { style: 'percent', maximumFractionDigits: 1 });
  const barSize = unitName === null ? BAR_WIDTH : PAIRED_BAR_WIDTH;
  const shareCell = (share: number, population: number, color: string, cellClass: 'share' | 'share unit') => {
    const width = barWidth(share, barSize);
    return html`<td class=${cellClass}>
      <svg class="bar" width=${barSize} height=${BAR_HEIGHT} viewBox="0 0 ${barSize} ${BAR_HEIGHT}" aria-hidden="true">
        ${svg`<rect class="track" x="0" y="0" width=${barSize} height=${BAR_HEIGHT} rx="2"></rect>
          <rect class="fill" x="0" y="0" width=${width} height=${BAR_HEIGHT} rx="2" fill=${color}></rect>`}
      </svg>
      <span class="value">${t('life.coverage.value', { share: percent(share), population: formatNumber(locale, population) })}</span>
    </td>`;
  };
  return html`<table class="coverage">
    <caption class="visually-hidden">${t('life.coverage')}</caption>
    <thead>
      <tr>
        <th scope="col"><span class="visually-hidden">${t('life.coverage.show')}</span></th>
        <th scope="col">${t('life.coverage.category')}</th>
        <th scope="col">${unitName === null ? t('life.coverage.share') : t('life.coverage.share-all')}</th>
        ${unitName === null ? nothing : html`<th scope="col" class="unit">${t('life.coverage.share-unit', { unit: unitName })}</th>`}
      </tr>
    </thead>
    <tbody>
      ${rows.map((row) => {
        const limit = row.rule ? t('life.coverage.rule') : t('life.coverage.limit', { distance: formatNumber(locale, Math.round(row.limit ?? 0)) });
        return html`<tr data-category=${row.key} class=${row.visible ? '' : 'off'}>
          <td class="toggle">
            <input
              type="checkbox"
              .checked=${row.visible}
              aria-label=${t('life.coverage.toggle', { category: row.label })}
              @change=${(e: Event) => onToggle(row.key, (e.target as HTMLInputElement).checked)}
            />
          </td>
          <th scope="row" class="category">
            <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">${svg`<circle cx="5" cy="5" r="4.5" fill=${row.color}></circle>`}</svg>
            <span class="name">${row.label}</span>
            <span class="flag" title=${t(row.required ? 'life.required' : 'life.recommended')}
              >${t(row.required ? 'life.required.short' : 'life.recommended.short')}<span class="visually-hidden"
                >${t(row.required ? 'life.required.name' : 'life.recommended.name')}</span
              ></span
            >
            <span class="limit">${limit} · ${t('life.coverage.facilities', { count: formatNumber(locale, row.facilities) })}</span>
          </th>
          ${shareCell(row.share, row.population, row.color, 'share')}
          ${unitName === null ? nothing : shareCell(row.unit?.share ?? 0, row.unit?.population ?? 0, row.color, 'share unit')}
        </tr>`;
      })}
    </tbody>
  </table>`;
}
