/** The grid's legend: its classes with unit counts and "no data", as a model (read by pages) and rendered. */
import { html, type TemplateResult } from 'lit';
import { formatNumber } from '../../core/i18n';
import { renderLegend, type LegendEntry, type LegendModel } from '../../ui/legend';
import type { Coloring } from '../model/coloring';
import type { GridLevel } from '../model/levels';
import type { GridScene } from '../model/scene';
import { levelName, type GridText } from './text';

/** `noDataColor`: the CSS colour of the hatch background; `shown`: how many units are shown. */
export function gridLegend(coloring: Coloring, level: GridLevel, shown: number, noDataColor: string, text: GridText): LegendModel {
  const { t, locale } = text;
  const format = (v: number) => formatNumber(locale, v, { maximumFractionDigits: 2 });
  const entries: LegendEntry[] = coloring.classes.map((c, i) => {
    let label: string;
    if (!Number.isFinite(c.from)) label = `< ${format(c.to)}`;
    else if (!Number.isFinite(c.to)) label = `≥ ${format(c.from)}`;
    else label = `${format(c.from)} – ${format(c.to)}`;
    return { label, color: c.color, count: coloring.counts[i] };
  });
  if (coloring.noData > 0 || entries.length === 0) entries.push({ label: t('grid.no-data'), color: noDataColor, pattern: 'hatch', count: coloring.noData });
  return {
    title: text.metric,
    unit: text.unit,
    subtitle: t('grid.legend-count', { level: levelName(t, level), count: formatNumber(locale, shown) }),
    entries,
  };
}

/** Colours the scene's shown units (`noDataRgba` for those without a value) and makes their legend; the scale's problem, if any. */
export function recolorGrid(scene: GridScene, noDataRgba: readonly number[], text: GridText): { legend: LegendModel; scaleError: string | null } {
  const result = scene.recolor(noDataRgba);
  const { drill, visible } = scene;
  const legend = result && drill ? gridLegend(result, drill.level, visible.length, `rgb(${noDataRgba.slice(0, 3).join(',')})`, text) : { entries: [] };
  return { legend, scaleError: result?.scaleError ?? null };
}

/** The legend box, placed bottom left. */
export function renderGridLegend(model: LegendModel, text: GridText): TemplateResult {
  const label = text.t('grid.legend', { title: model.title ?? '' });
  return html`<div class="legend">${renderLegend(model, { label, formatCount: (n) => formatNumber(text.locale, n) })}</div>`;
}
