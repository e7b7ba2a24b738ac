/**
 * The coverage-by-unit section of the life-circle panel — a table of one level's units, worst
 * first, sortable by score, population or a category's share (header buttons, `aria-sort`), whose
 * rows choose the unit — and the choropleth of the same figures on the inner map, drawn by a
 * `<city-grid-layer>`. Native buttons and radios only; every string from data is text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { formatNumber, type Locale } from '../../core/i18n';
import type { GridLevel } from '../../core/levels';
import type { Theme } from '../../core/theme';
import type { AnalysedCategory } from '../engine/types';
import type { UnitCoverageSort } from '../model/unit-coverage';
import type { UnitsView } from './controller';
import type { UnitsTranslate } from './strings';

export interface UnitsHandlers {
  level(level: GridLevel): void;
  sort(sort: UnitCoverageSort): void;
  select(id: string | null): void;
  more(): void;
}

interface Column {
  sort: UnitCoverageSort;
  label: string;
  /** How this column sorts: the lowest first, or (population) the most people first. */
  direction: 'ascending' | 'descending';
}

const sameSort = (a: UnitCoverageSort, b: UnitCoverageSort) => a.by === b.by && (a.by !== 'category' || (b.by === 'category' && a.category === b.category));

const categoryLabel = (categories: readonly AnalysedCategory[], key: string, locale: Locale) => {
  const category = categories.find((c) => c.key === key);
  return category ? (category.label[locale] ?? key) : key;
};

/** The metric the map colours by, as its legend names it. */
export function unitsMetricLabel(sort: UnitCoverageSort, categories: readonly AnalysedCategory[], locale: Locale, t: UnitsTranslate): string {
  return sort.by === 'category' ? t('life.units.metric.share', { category: categoryLabel(categories, sort.category, locale) }) : t('life.units.metric.score');
}

export function renderUnits(view: UnitsView | null, categories: readonly AnalysedCategory[], locale: Locale, t: UnitsTranslate, on: UnitsHandlers): TemplateResult | typeof nothing {
  if (!view) return nothing;
  const { coverage, level, order, limit, selected, sort } = view;
  const percent = (value: number) => formatNumber(locale, value, { style: 'percent', maximumFractionDigits: 0 });
  const columns: Column[] = [
    { sort: { by: 'score' }, label: t('life.units.score'), direction: 'ascending' },
    { sort: { by: 'population' }, label: t('life.units.population'), direction: 'descending' },
    ...coverage.categories.map((key): Column => ({ sort: { by: 'category', category: key }, label: categoryLabel(categories, key, locale), direction: 'ascending' })),
  ];
  const shown = order.subarray(0, limit);
  const levelName = level ? t(`life.units.level.${level}`) : '';
  return html`<section class="section units" aria-labelledby="life-units">
    <h3 id="life-units">${t('life.units')}</h3>
    <p class="muted small units-source">
      ${t(view.source === 'boundaries' ? 'life.units.source.boundaries' : 'life.units.source.scope', { count: formatNumber(locale, view.size) })} ·
      ${t('life.units.placed', { field: formatNumber(locale, coverage.placed.field), polygon: formatNumber(locale, coverage.placed.polygon), none: formatNumber(locale, coverage.placed.none) })}
    </p>
    ${view.levels.length > 1
      ? html`<fieldset class="segmented units-level">
          <legend>${t('life.units.level')}</legend>
          ${view.levels.map(
            (choice) => html`<label
              ><input type="radio" name="units-level" value=${choice} .checked=${choice === level} @change=${() => on.level(choice)} /><span
                >${t(`life.units.level.${choice}`)}</span
              ></label
            >`,
          )}
        </fieldset>`
      : nothing}
    ${view.map ? html`<p class="muted small">${t('life.units.map', { metric: unitsMetricLabel(sort, categories, locale, t) })}</p>` : nothing}
    ${order.length === 0
      ? html`<p class="muted">${t('life.units.none')}</p>`
      : html`<div class="units-scroll">
            <table class="units-table">
              <caption class="visually-hidden">${t('life.units.caption', { level: levelName })}</caption>
              <thead>
                <tr>
                  <th scope="col">${t('life.units.unit')}</th>
                  ${columns.map((column) => {
                    const active = sameSort(column.sort, sort);
                    return html`<th scope="col" aria-sort=${ifDefined(active ? column.direction : undefined)} data-sort=${column.sort.by === 'category' ? column.sort.category : column.sort.by}>
                      <button type="button" class="sort" aria-label=${t('life.units.sort', { column: column.label })} @click=${() => on.sort(column.sort)}>
                        ${column.label}<span class="sort-mark" aria-hidden="true">${active ? (column.direction === 'ascending' ? '▲' : '▼') : ''}</span>
                      </button>
                    </th>`;
                  })}
                </tr>
              </thead>
              <tbody>
                ${Array.from(shown, (i) => {
                  const row = coverage.row(i);
                  const isSelected = row.id === selected;
                  return html`<tr data-id=${row.id} class=${isSelected ? 'selected' : ''}>
                    <th scope="row">
                      <button type="button" class="unit-name" aria-pressed=${isSelected ? 'true' : 'false'} aria-label=${t('life.units.select', { unit: row.name })} @click=${() => on.select(isSelected ? null : row.id)}>
                        ${row.name}
                      </button>
                    </th>
                    <td data-column="score">${row.score === null ? t('life.units.no-score') : percent(row.score)}</td>
                    <td data-column="population">${formatNumber(locale, row.population)}</td>
                    ${row.share.map((share, c) => html`<td data-column=${coverage.categories[c]!}>${percent(share)}</td>`)}
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>
          ${order.length > shown.length
            ? html`<button type="button" class="link units-more" @click=${on.more}>${t('life.units.more', { count: formatNumber(locale, Math.min(limit, order.length - shown.length)) })}</button>`
            : nothing}`}
  </section>`;
}

/** The choropleth of the units' figures on the inner map (nothing without boundary polygons). */
export function renderUnitsLayer(
  view: UnitsView | null,
  options: { theme: Theme | undefined; locale: Locale; metric: string; select(id: string | null): void },
): TemplateResult | typeof nothing {
  if (!view?.map) return nothing;
  return html`<city-grid-layer
    class="units-layer"
    crs="wgs84"
    theme=${ifDefined(options.theme)}
    lang=${options.locale}
    level=${ifDefined(view.level ?? undefined)}
    domain="0,100"
    palette="RdYlGn"
    classes="5"
    fill-opacity="0.45"
    labels="none"
    unit="%"
    metric-label=${options.metric}
    .data=${view.map.boundaries}
    .values=${view.map.values}
    .selected=${view.selected ?? undefined}
    @city-grid-select=${(event: CustomEvent<CityEventMap['city-grid-select']>) => options.select(event.detail.id)}
  ></city-grid-layer>`;
}
