/**
 * The side panel of `<city-life-circle>` (`part="panel"`): summary, level and mode, the selected
 * residence's categories with ✓/✗, coverage bars with facility toggles, the gap list, site
 * suggestion and CSV export. Native controls only (radios, checkboxes, buttons, selects), so it
 * is keyboard-operable without custom key handling. Every string from data is rendered as text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatNumber, type Locale } from '../../core/i18n';
import type { LevelMinutes, LifeCircleResult, TravelMode } from '../engine/types';
import type { SiteSuggestion } from '../engine/site-suggestion';
import type { CsvKind } from '../view/csv';
import { LEVELS, MODES } from '../view/input';
import { ALL_RESIDENCES, type CoverageRow, type GapResidence, type ResidenceDetail } from '../view/report';
import { renderCoverageTable, type Translate } from './coverage-chart';

export interface PanelModel {
  locale: Locale;
  t: Translate;
  running: boolean;
  result: LifeCircleResult | null;
  level: LevelMinutes;
  mode: TravelMode;
  coverage: readonly CoverageRow[];
  /** The unit the `<city-scope>` around selects (its coverage is in each coverage row), null when none. */
  unit: { name: string; residences: number; population: number } | null;
  detail: ResidenceDetail | null;
  /** Minutes of the largest isochrone band shown for the selected residence (null: none). */
  isochroneMinutes: number | null;
  gaps: readonly GapResidence[];
  gapFilter: string | null;
  gapLimit: number;
  /** Categories a site can be suggested for. */
  suggestCategories: readonly { key: string; label: string; required: boolean }[];
  suggestCategory: string | null;
  suggestK: number;
  suggestion: SiteSuggestion | null;
  suggestBusy: boolean;
  suggestError: string | null;
  selectedId: string | null;
}

export interface PanelHandlers {
  level(level: LevelMinutes): void;
  mode(mode: TravelMode): void;
  toggleCategory(key: string, visible: boolean): void;
  selectResidence(id: string | null): void;
  gapFilter(category: string | null): void;
  moreGaps(): void;
  suggestCategory(key: string): void;
  suggestK(k: number): void;
  suggest(): void;
  clearSuggestion(): void;
  /** Adds the suggested site of this rank to the active plan. */
  acceptSite(rank: number): void;
  exportCsv(kind: CsvKind): void;
}

export const MAX_SITES = 20;

/**
 * `problems`: the element's error/warning panel, shown under the summary (not over the map);
 * `dataImport`: the import's "choose files" button, under the title; `units`: coverage by management unit, after the coverage;
 * `workbench`: the what-if plans, after that.
 */
export function renderPanel(m: PanelModel, on: PanelHandlers, problems: unknown = nothing, dataImport: unknown = nothing, units: unknown = nothing, workbench: unknown = nothing): TemplateResult {
  const { t, locale, result } = m;
  return html`<aside part="panel" class="panel" aria-labelledby="life-title">
    <header class="head">
      <h2 id="life-title">${t('life.title')}</h2>
      <p class="method" data-method=${result?.method ?? 'pending'}>
        ${result ? t(`life.method.${result.method}`) : t('life.method.pending')}
      </p>
      ${result ? renderSummary(result, locale, t) : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${statusText(m)}</p>
      ${dataImport}
    </header>
    ${problems}
    ${renderControls(m, on)}
    ${m.detail ? renderDetail(m, on) : nothing}
    ${result
      ? html`<section class="section" aria-labelledby="life-coverage">
            <h3 id="life-coverage">${t('life.coverage')}</h3>
            ${m.unit ? html`<p class="scope-unit">${unitText(m)}</p>` : nothing}
            ${renderCoverageTable(m.coverage, locale, t, on.toggleCategory, m.unit?.name ?? null)}
          </section>
          ${units} ${workbench} ${renderSuggest(m, on)} ${renderExport(m, on)} ${renderGaps(m, on)}`
      : nothing}
  </aside>`;
}

function statusText(m: PanelModel): string {
  if (m.running) return m.t('life.status.running');
  const summary = m.result?.summary;
  if (!summary) return '';
  const percent = (v: number) => formatNumber(m.locale, v, { style: 'percent', maximumFractionDigits: 1 });
  const done = m.t('life.status.done', { score: summary.meanScore === null ? '—' : percent(summary.meanScore), share: percent(summary.fullyServedShare) });
  // A unit chosen in the scope is announced too: the panel's numbers changed.
  return m.unit ? m.t('life.status.with-unit', { status: done, unit: unitText(m) }) : done;
}

function unitText({ t, locale, unit }: PanelModel): string {
  return unit ? t('life.scope.unit', { unit: unit.name, residences: formatNumber(locale, unit.residences), population: formatNumber(locale, unit.population) }) : '';
}

function renderSummary(result: LifeCircleResult, locale: Locale, t: Translate): TemplateResult {
  const s = result.summary;
  const percent = (v: number) => formatNumber(locale, v, { style: 'percent', maximumFractionDigits: 1 });
  return html`<dl class="summary">
    <div><dt>${t('life.summary.residences')}</dt><dd>${formatNumber(locale, s.residences)}</dd></div>
    <div><dt>${t('life.summary.population')}</dt><dd>${formatNumber(locale, s.population)}</dd></div>
    <div><dt>${t('life.summary.mean-score')}</dt><dd>${s.meanScore === null ? '—' : percent(s.meanScore)}</dd></div>
    <div><dt>${t('life.summary.fully-served')}</dt><dd>${percent(s.fullyServedShare)}</dd></div>
    ${s.unreachableResidences > 0
      ? html`<div><dt>${t('life.summary.unreachable')}</dt><dd>${formatNumber(locale, s.unreachableResidences)}</dd></div>`
      : nothing}
  </dl>`;
}

function renderControls(m: PanelModel, on: PanelHandlers): TemplateResult {
  const { t } = m;
  return html`<div class="controls">
    <fieldset class="segmented">
      <legend>${t('life.level')}</legend>
      ${LEVELS.map(
        (level) => html`<label
          ><input type="radio" name="level" value=${level} .checked=${m.level === level} @change=${() => on.level(level)} /><span
            >${t(`life.level.${level}`)}</span
          ></label
        >`,
      )}
    </fieldset>
    <fieldset class="segmented">
      <legend>${t('life.mode')}</legend>
      ${MODES.map(
        (mode) => html`<label
          ><input type="radio" name="mode" value=${mode} .checked=${m.mode === mode} @change=${() => on.mode(mode)} /><span
            >${t(`life.mode.${mode}`)}</span
          ></label
        >`,
      )}
    </fieldset>
  </div>`;
}

export function formatDistance(locale: Locale, t: Translate, metres: number): string {
  return t('life.unit.m', { value: formatNumber(locale, Math.round(metres)) });
}

export function formatMinutes(locale: Locale, t: Translate, minutes: number): string {
  return t('life.unit.min', { value: formatNumber(locale, minutes, { maximumFractionDigits: 1 }) });
}

function renderDetail(m: PanelModel, on: PanelHandlers): TemplateResult {
  const { t, locale } = m;
  const d = m.detail!;
  const maxDistance = m.result?.maxDistance ?? 0;
  return html`<section class="section detail" aria-labelledby="life-detail" part="detail">
    <div class="detail-head">
      <h3 id="life-detail"><span class="visually-hidden">${t('life.detail')}: </span>${d.name}</h3>
      <button type="button" class="close" aria-label=${t('life.detail.close')} title=${t('life.detail.close')} @click=${() => on.selectResidence(null)}>×</button>
    </div>
    <p class="muted">
      ${t('life.detail.population', { population: formatNumber(locale, d.population) })} ·
      ${d.required > 0 ? t('life.detail.score', { met: d.met, required: d.required }) : t('life.detail.no-score')}
    </p>
    ${d.unreachable ? html`<p class="warning">${t('life.detail.unreachable')}</p>` : nothing}
    ${m.isochroneMinutes !== null
      ? html`<p class="muted small">${t('life.detail.isochrone', { minutes: formatNumber(locale, m.isochroneMinutes, { maximumFractionDigits: 1 }), mode: t(`life.mode.${m.mode}`) })}</p>`
      : nothing}
    <ul class="outcomes">
      ${d.rows.map((row) => {
        let value: string;
        if (row.rule) {
          const state = t(row.within ? 'life.detail.rule-present' : 'life.detail.rule-absent');
          value = t(row.basis === 'street' ? 'life.detail.rule-street' : 'life.detail.rule-dataset', { state });
        } else if (row.distance !== null) {
          value = `${formatDistance(locale, t, row.distance)} · ${formatMinutes(locale, t, row.minutes ?? 0)}`;
        } else if (row.limit !== null && maxDistance <= row.limit) {
          value = t('life.detail.none-in-limit');
        } else {
          // Searched farther than this row's limit (a longer limit in the same run): say how far.
          value = t('life.detail.none-within', { distance: formatDistance(locale, t, maxDistance) });
        }
        return html`<li data-category=${row.key} data-within=${row.within ? 'yes' : 'no'}>
          <span class="mark ${row.within ? 'met' : 'unmet'}" aria-hidden="true">${row.within ? '✓' : '✗'}</span>
          <span class="visually-hidden">${t(row.within ? 'life.detail.met' : 'life.detail.unmet')}:</span>
          <span class="what">
            <span class="name">${row.label}</span>
            <span class="flag">${t(row.required ? 'life.required.short' : 'life.recommended.short')}</span>
            ${row.facilityName && !row.rule ? html`<span class="nearest">${t('life.detail.nearest', { name: row.facilityName })}</span>` : nothing}
          </span>
          <span class="value">
            <span class="distance">${value}</span>
            ${row.limit !== null ? html`<span class="limit">${t('life.detail.limit', { limit: formatDistance(locale, t, row.limit) })}</span>` : nothing}
          </span>
        </li>`;
      })}
    </ul>
  </section>`;
}

function renderGaps(m: PanelModel, on: PanelHandlers): TemplateResult {
  const { t, locale } = m;
  const shown = m.gaps.slice(0, m.gapLimit);
  const withGaps = m.gaps.filter((g) => g.missing.length > 0);
  const people = withGaps.reduce((sum, g) => sum + g.population, 0);
  const listsGaps = m.gapFilter === null || m.gapFilter === ALL_RESIDENCES;
  const categories = m.result?.categories ?? [];
  return html`<section class="section" aria-labelledby="life-gaps">
    <h3 id="life-gaps">${t('life.gaps')}</h3>
    <label class="field">
      <span>${t('life.gaps.filter')}</span>
      <select @change=${(e: Event) => on.gapFilter((e.target as HTMLSelectElement).value || null)}>
        <option value="" ?selected=${m.gapFilter === null}>${t('life.gaps.all')}</option>
        <option value=${ALL_RESIDENCES} ?selected=${m.gapFilter === ALL_RESIDENCES}>${t('life.gaps.everyone')}</option>
        ${categories.map(
          (c) => html`<option value=${c.key} ?selected=${m.gapFilter === c.key}>
            ${c.label[locale] ?? c.key} ${t(c.required ? 'life.required.short' : 'life.recommended.short')}
          </option>`,
        )}
      </select>
    </label>
    ${m.gaps.length === 0
      ? html`<p class="muted">${t('life.gaps.none')}</p>`
      : html`<p class="muted small">${t('life.gaps.count', { count: formatNumber(locale, withGaps.length), population: formatNumber(locale, people) })}</p>
          <ul class="gaps">
            ${shown.map((gap) => {
              const detail = !listsGaps
                ? gapDistance(m, gap)
                : gap.missing.length
                  ? t('life.gaps.missing', { count: gap.missing.length, list: gap.missing.map((g) => g.label).join(locale === 'zh-CN' ? '、' : ', ') })
                  : t('life.gaps.complete');
              return html`<li>
                <button type="button" class="gap" data-id=${gap.id} aria-pressed=${m.selectedId === gap.id ? 'true' : 'false'} @click=${() => on.selectResidence(gap.id)}>
                  <span class="gap-name">${gap.name}</span>
                  <span class="gap-people">${t('life.persons', { value: formatNumber(locale, gap.population) })}</span>
                  <span class="gap-detail">${detail}</span>
                </button>
              </li>`;
            })}
          </ul>
          ${m.gaps.length > shown.length
            ? html`<button type="button" class="link" @click=${on.moreGaps}>${t('life.gaps.more', { count: formatNumber(locale, Math.min(m.gapLimit, m.gaps.length - shown.length)) })}</button>`
            : nothing}`}
  </section>`;
}

function gapDistance(m: PanelModel, gap: GapResidence): string {
  const { t, locale } = m;
  const item = gap.missing[0]!;
  const limit = item.limit === null ? t('life.coverage.rule') : formatDistance(locale, t, item.limit);
  return item.distance === null
    ? t('life.gaps.unreached', { category: item.label, limit })
    : t('life.gaps.distance', { category: item.label, distance: formatDistance(locale, t, item.distance), limit });
}

function renderSuggest(m: PanelModel, on: PanelHandlers): TemplateResult {
  const { t, locale } = m;
  const s = m.suggestion;
  const disabled = m.suggestCategories.length === 0 || m.suggestBusy || m.running;
  return html`<section class="section" aria-labelledby="life-suggest">
    <h3 id="life-suggest">${t('life.suggest')}</h3>
    <div class="suggest-form">
      <label class="field">
        <span>${t('life.suggest.category')}</span>
        <select @change=${(e: Event) => on.suggestCategory((e.target as HTMLSelectElement).value)} ?disabled=${m.suggestCategories.length === 0}>
          ${m.suggestCategories.map(
            (c) => html`<option value=${c.key} ?selected=${m.suggestCategory === c.key}>
              ${c.label} ${t(c.required ? 'life.required.short' : 'life.recommended.short')}
            </option>`,
          )}
        </select>
      </label>
      <label class="field narrow">
        <span>${t('life.suggest.k')}</span>
        <input
          type="number"
          min="1"
          max=${MAX_SITES}
          step="1"
          .value=${String(m.suggestK)}
          @change=${(e: Event) => on.suggestK(Number((e.target as HTMLInputElement).value))}
        />
      </label>
      <div class="buttons">
        <button type="button" class="primary" ?disabled=${disabled} @click=${on.suggest}>${t('life.suggest.run')}</button>
        ${s ? html`<button type="button" @click=${on.clearSuggestion}>${t('life.suggest.clear')}</button>` : nothing}
      </div>
    </div>
    ${m.suggestBusy ? html`<p class="muted small" role="status">${t('life.suggest.running')}</p>` : nothing}
    ${m.suggestError ? html`<p class="warning" role="alert">${m.suggestError}</p>` : nothing}
    ${s && !m.suggestBusy
      ? s.sites.length === 0
        ? html`<p class="muted">${t('life.suggest.none')}</p>`
        : html`<p class="muted small">
              ${t('life.suggest.summary', {
                uncovered: formatNumber(locale, s.uncoveredPopulation),
                count: s.sites.length,
                added: formatNumber(locale, s.sites[s.sites.length - 1]!.cumulativePopulation),
              })}
            </p>
            <ol class="sites">
              ${s.sites.map(
                (site) => html`<li data-rank=${site.rank}>
                  <span class="rank" aria-hidden="true">${site.rank}</span>
                  <span>${t('life.suggest.site', {
                    rank: site.rank,
                    population: formatNumber(locale, site.population),
                    residences: formatNumber(locale, site.residences),
                    cumulative: formatNumber(locale, site.cumulativePopulation),
                  })}</span>
                </li>`,
              )}
            </ol>
            <div class="buttons accept-sites">
              <span class="muted small">${t('life.suggest.add')}</span>
              ${s.sites.map(
                (site) =>
                  html`<button type="button" data-accept-site=${site.rank} aria-label=${t('life.suggest.add-site', { rank: site.rank })} @click=${() => on.acceptSite(site.rank)}>
                    ${site.rank}
                  </button>`,
              )}
            </div>`
      : nothing}
  </section>`;
}

function renderExport(m: PanelModel, on: PanelHandlers): TemplateResult {
  const { t } = m;
  return html`<section class="section" aria-labelledby="life-export">
    <h3 id="life-export" class="visually-hidden">${t('life.export')}</h3>
    <div class="buttons export">
      ${(['residences', 'gaps', 'coverage'] as const).map(
        (kind) => html`<button type="button" data-export=${kind} @click=${() => on.exportCsv(kind)}>${t(`life.export.${kind}`)}</button>`,
      )}
    </div>
  </section>`;
}
