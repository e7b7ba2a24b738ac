/** The grid's level navigation (`part="breadcrumb"`): the top, the level shown, the focus path; names as text. */
import { html, type TemplateResult } from 'lit';
import type { GridIndex } from '../model/hierarchy';
import type { DrillTrail } from '../model/drill';
import { levelName, type Translate } from './text';

/** `go(unit)`: show that unit's children; `go(null)`: the top level. */
export function renderBreadcrumb(index: GridIndex, trail: DrillTrail, t: Translate, go: (unit: number | null) => void): TemplateResult {
  const current = (label: string) => html`<li><span aria-current="location">${label}</span></li>`;
  const link = (label: string, unit: number | null) => html`<li><button type="button" @click=${() => go(unit)}>${label}</button></li>`;
  const rootLabel = t('grid.all', { level: levelName(t, trail.top) });
  const atRoot = trail.path.length === 0 && !trail.level;
  const items = [atRoot ? current(rootLabel) : link(rootLabel, null)];
  if (trail.level) items.push(current(t('grid.all', { level: levelName(t, trail.level) })));
  trail.path.forEach((u, i) => items.push(i === trail.path.length - 1 ? current(index.names[u]) : link(index.names[u], u)));
  return html`<nav part="breadcrumb" class="breadcrumb" aria-label=${t('grid.breadcrumb')}><ol>${items}</ol></nav>`;
}
