/**
 * Chips naming what the `<city-scope>` around the funnel limits it to — the unit and the time
 * window — each a button that removes that limit (for every element in the scope).
 */
import { html, nothing } from 'lit';
import type { CityScopeApi } from '../../scope/scope-context';
import type { FunnelLocale } from '../model/types';
import type { FunnelStringKey } from './strings';

type Translate = (key: FunnelStringKey, params?: Record<string, string | number>) => string;

/** One date format per language (making one costs far more than using it, and chips render on every update). */
const dayFormats = new Map<FunnelLocale, Intl.DateTimeFormat>();
function day(time: number, locale: FunnelLocale): string {
  let format = dayFormats.get(locale);
  if (!format) dayFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(time);
}

export function renderScopeChips(scope: CityScopeApi | undefined, t: Translate, locale: FunnelLocale) {
  const selection = scope?.selection;
  if (!scope || !selection || (selection.unit === null && selection.window.from === null && selection.window.to === null)) return nothing;
  const { unit, window, tree } = selection;
  const unitName = unit === null ? '' : (tree?.names[tree.indexOf(unit)] ?? unit);
  const windowText = `${window.from === null ? '…' : day(window.from, locale)} – ${window.to === null ? '…' : day(window.to, locale)}`;
  return html`<div class="scope-chips" part="scope">
    ${unit === null
      ? nothing
      : html`<button type="button" part="scope-chip" data-limit="unit" title=${t('funnel.scope.clear-unit')} aria-label=${t('funnel.scope.unit-label', { name: unitName })} @click=${() => scope.selectUnit(null, { interactive: true })}>
          ${t('funnel.scope.unit', { name: unitName })}<span aria-hidden="true"> ✕</span>
        </button>`}
    ${window.from === null && window.to === null
      ? nothing
      : html`<button type="button" part="scope-chip" data-limit="window" title=${t('funnel.scope.clear-window')} aria-label=${t('funnel.scope.window-label', { window: windowText })} @click=${() => scope.setWindow(null, null)}>
          ${t('funnel.scope.window', { window: windowText })}<span aria-hidden="true"> ✕</span>
        </button>`}
  </div>`;
}
