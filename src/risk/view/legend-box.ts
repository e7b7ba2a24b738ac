/** The risk layer's legend box (`part="legends"`): level or count legend, the heat scale, and how many records are shown. */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { formatNumber } from '../../core/i18n';
import { renderLegend, type LegendEntry } from '../../ui/legend';
import type { LegendPosition } from '../model/attributes';
import { hexCountClasses } from '../model/colors';
import { LEVEL_RANK, RISK_LEVELS } from '../model/level';
import type { RiskPalette } from './palette';
import { levelName, type RiskText } from './record-text';

export interface RiskLegendModel {
  /** What colours the map: levels (points, heat's symbols), the highest level per hexagon, or the count per hexagon. */
  kind: 'levels' | 'hex-level' | 'hex-count';
  palette: RiskPalette;
  /** Shown records: total at 0, then per level rank 1–4. */
  shown: readonly number[];
  /** Valid records. */
  total: number;
  /** Count domain of `hex-count`. */
  countDomain: readonly [number, number];
  /** Heat colour domain (weight per km²) while heat is visible, else null. */
  heatDomain: readonly [number, number] | null;
}

const rgbaCss = (rgba: readonly number[]) => `rgba(${rgba[0]},${rgba[1]},${rgba[2]},${(rgba[3] / 255).toFixed(3)})`;

export function renderRiskLegend(model: RiskLegendModel, text: RiskText): TemplateResult {
  const format = (n: number) => formatNumber(text.locale, n);
  let entries: LegendEntry[];
  let title: string;
  if (model.kind === 'hex-count') {
    entries = hexCountClasses(model.countDomain).map(({ from, to, color }) => ({
      label: to === null ? `≥ ${format(from)}` : from >= to ? format(from) : `${format(from)}–${format(to)}`,
      color,
    }));
    title = text.t('risk.legend.hex-count');
  } else {
    entries = RISK_LEVELS.map((level) => ({ label: levelName(text, level), color: rgbaCss(model.palette[level]), count: model.shown[LEVEL_RANK[level]] }));
    title = text.t(model.kind === 'hex-level' ? 'risk.legend.hex-level' : 'risk.legend.levels');
  }
  const perKm2 = (v: number) => formatNumber(text.locale, v, { maximumSignificantDigits: 2 });
  const heat = model.heatDomain;
  return html`<div class="legend-slot" part="legends">
    ${renderLegend({ title, entries }, { formatCount: format })}
    ${heat
      ? html`<section part="legend" class="city-legend heat-scale" aria-label=${text.t('risk.legend.heat')}>
          <div class="title">${text.t('risk.legend.heat')}</div>
          <div class="ramp" aria-hidden="true"></div>
          <div class="ends">
            <span>${text.t('risk.legend.heat-low')} ${perKm2(heat[0])}</span><span>${perKm2(heat[1])}+ /km²</span>
          </div>
        </section>`
      : nothing}
    ${model.shown[0] !== model.total
      ? html`<div class="city-legend shown" role="status">${text.t('risk.legend.shown', { shown: format(model.shown[0]), total: format(model.total) })}</div>`
      : nothing}
  </div>`;
}

/** The map corners the layer's boxes take (`part` per corner): a bottom-left legend pushes the slider to the bottom-right. */
export function riskCornerParts(legend: LegendPosition): Partial<Record<LegendPosition, string>> {
  return legend === 'bottom-left' ? { 'bottom-left': 'legends', 'bottom-right': 'time-slider' } : { [legend]: 'legends', 'bottom-left': 'time-slider' };
}

/**
 * Keeps the host's `--city-risk-legend-width` (which the time slider keeps clear of) at the legend
 * box's width plus a gap. Measured in the next animation frame, where the browser lays the page out
 * anyway: measuring right after each update would force an extra layout of the whole page every
 * time the filters change.
 */
export class LegendWidth implements ReactiveController {
  private frame = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment }) {
    host.addController(this);
  }

  hostUpdated(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      const legend = this.host.renderRoot.querySelector('.legend-slot');
      const value = `${legend ? Math.ceil(legend.getBoundingClientRect().width) + 8 : 0}px`;
      if (this.host.style.getPropertyValue('--city-risk-legend-width') !== value) this.host.style.setProperty('--city-risk-legend-width', value);
    });
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
