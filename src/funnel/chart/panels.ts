/**
 * The funnel's HTML parts around the SVG: rate cards, legend, tooltip and the data-table
 * fallback. Templates from plain data; the element only passes what it holds.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { cssStyle } from '../../core/css-style';
import type { FunnelResult } from '../model/types';
import { reasonColor } from './colors';
import { dropReasons } from './draw';
import type { Presented } from './presented';
import { reasonName, stageName, type DetailRow, type PresentContext } from './present';
import type { FunnelStringKey } from './strings';

/** What every part needs: the result, the comparison (if any), wording. */
export interface PanelInput {
  result: FunnelResult;
  compare: FunnelResult | null;
  ctx: PresentContext;
  /** The texts built once for this result. */
  presented: Presented;
  /** Name of the comparison series. */
  otherLabel: string;
  t: (key: FunnelStringKey, params?: Record<string, string | number>) => string;
}

export function renderCards({ presented: { cards } }: PanelInput) {
  if (!cards.length) return nothing;
  return html`<ul part="cards" data-count=${cards.length}>
    ${cards.map(
      (card) => html`<li part="card" data-rate=${card.name} tabindex=${card.formula ? '0' : nothing}>
        <div class="card-name" title=${card.label}>${card.label}</div>
        <div>
          <span class="card-value">${card.value}</span
          ><span class="card-arrow" title=${card.directionText} aria-label=${card.directionText} role="img"
            >${card.direction === 'higher-is-better' ? '↑' : '↓'}</span
          >
        </div>
        <div class="card-fraction">${card.fraction}</div>
        ${card.formula ? html`<div class="card-formula">${card.formula}</div>` : nothing}
        ${card.delta ? html`<div class="card-delta" data-verdict=${card.delta.verdict ?? 'none'} title=${card.delta.text}>${card.delta.text}</div>` : nothing}
      </li>`,
    )}
  </ul>`;
}

/** The key to what the chart draws besides the stages (drop reasons, overdue, rework, comparison, flags). */
export function renderLegend({ result, compare, ctx, otherLabel, presented: { stages }, t }: PanelInput) {
  // What the layout draws, read off the stages it is given (no second render after drawing).
  const reasons = dropReasons(stages);
  const items: TemplateResult[] = reasons.map(
    (reason) => html`<li><span class="swatch" ${cssStyle({ background: reasonColor(reason, reasons) })}></span>${reasonName(ctx, reason)}</li>`,
  );
  if (result.stages.some((s) => s.overdue > 0)) items.push(html`<li><span class="swatch overdue"></span>${t('funnel.legend.overdue')}</li>`);
  if (stages.some((s) => s.reworks > 0 && s.reworkFrom != null)) items.push(html`<li><span class="swatch rework"></span>${t('funnel.legend.rework')}</li>`);
  if (compare) items.push(html`<li><span class="swatch compare"></span>${t('funnel.legend.compare', { label: otherLabel })}</li>`);
  if (result.stages.some((s) => s.flags.grows || s.flags.invalid || s.flags.missing)) items.push(html`<li><span class="swatch flag">⚠</span>${t('funnel.legend.flag')}</li>`);
  return items.length ? html`<ul part="legend" aria-hidden="true">${items}</ul>` : nothing;
}

/** Where the tooltip of stage `index` goes (px in the element). */
export interface TooltipPlace {
  index: number;
  x: number;
  y: number;
}

/** The details of stage `index` next to the pointer or the focused stage, at (x, y) in the chart area. */
export function renderTooltip({ result, ctx, presented, t }: PanelInput, tip: TooltipPlace | null) {
  if (!tip || !result.stages[tip.index]) return nothing;
  const stage = result.stages[tip.index];
  const rows = presented.details[tip.index];
  const flags = rows.find((r) => r.id === 'flags')!.value;
  const listed = rows.filter((r) => r.id !== 'flags');
  return html`<div part="tooltip" role="tooltip" id="tooltip" ${cssStyle({ left: `${tip.x}px`, top: `${tip.y}px` })}>
    <strong>${stageName(stage, ctx.locale)}</strong>
    <dl>${listed.map((r) => html`<dt>${r.label}</dt><dd>${r.value}</dd>`)}</dl>
    ${flags ? html`<p class="notes">⚠ ${flags}</p>` : nothing}
    ${result.source === 'cases' ? html`<p class="hint">${t('funnel.tip.select')}</p>` : nothing}
  </div>`;
}

/** The data-table fallback (visually hidden): every stage's figures, then the rates. */
export function renderTables({ result, ctx, presented, t }: PanelInput, title: string) {
  const { details: rows, cards } = presented;
  const columns: DetailRow[] = rows[0];
  return html`<div class="visually-hidden">
    <table>
      <caption>${t('funnel.table.caption', { title })}</caption>
      <thead>
        <tr>
          <th scope="col">${t('funnel.table.stage')}</th>
          ${columns.map((c) => html`<th scope="col" data-column=${c.id}>${c.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${result.stages.map(
          (stage, i) => html`<tr data-key=${stage.key}>
            <th scope="row">${stageName(stage, ctx.locale)}</th>
            ${rows[i].map((c) => html`<td data-column=${c.id}>${c.value}</td>`)}
          </tr>`,
        )}
      </tbody>
    </table>
    ${cards.length
      ? html`<table>
          <caption>${t('funnel.table.rates', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">${t('funnel.table.rate')}</th>
              <th scope="col">${t('funnel.table.value')}</th>
              <th scope="col">${t('funnel.table.numerator')} / ${t('funnel.table.denominator')}</th>
              <th scope="col">${t('funnel.table.direction')}</th>
              <th scope="col">${t('funnel.table.formula')}</th>
            </tr>
          </thead>
          <tbody>
            ${cards.map(
              (card) => html`<tr data-rate=${card.name}>
                <th scope="row">${card.label}</th>
                <td>${card.value}</td>
                <td>${card.fraction}</td>
                <td>${card.directionText}</td>
                <td>${card.formula}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : nothing}
  </div>`;
}

/** Where the tooltip of stage `index` goes for a point (x, y) in an element of `size`: right of the point, or left of it near the right edge, always inside. */
export function placeTooltip(index: number, x: number, y: number, size: { width: number; height: number }): TooltipPlace {
  const tipWidth = Math.min(340, size.width * 0.9);
  const left = x + 14 + tipWidth > size.width ? Math.max(4, x - 14 - tipWidth) : x + 14;
  const top = Math.max(4, Math.min(y + 12, size.height - 260));
  return { index, x: Math.round(left), y: Math.round(top) };
}
