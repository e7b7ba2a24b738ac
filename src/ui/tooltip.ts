/**
 * Text-only tooltip (`part="tooltip"`) for map layers: a title and a few lines, placed next to
 * the pointer and flipped to stay inside the map. No HTML from data ever reaches the DOM.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { cssStyle } from '../core/css-style';

export interface TooltipModel {
  /** Pointer position in CSS pixels, relative to the map. */
  x: number;
  y: number;
  title: string;
  lines: readonly string[];
}

export const tooltipStyles = css`
  .city-tooltip {
    position: absolute;
    z-index: 15;
    pointer-events: none;
    max-width: 280px;
    background: var(--city-surface);
    color: var(--city-fg);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    padding: 6px 9px;
    font-size: 0.86em;
    line-height: 1.4;
    white-space: nowrap;
  }
  .city-tooltip .title {
    font-weight: 600;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  .city-tooltip .line {
    color: var(--city-fg);
  }
`;

const OFFSET = 14;

/**
 * Renders the tooltip, or nothing. `size` is the map's size: past its middle the box flips to
 * the other side of the pointer, so it never needs measuring.
 */
export function renderTooltip(
  model: TooltipModel | null,
  size: { width: number; height: number },
  id?: string,
): TemplateResult | typeof nothing {
  if (!model) return nothing;
  const dx = model.x > size.width / 2 ? `calc(-100% - ${OFFSET}px)` : `${OFFSET}px`;
  const dy = model.y > size.height / 2 ? `calc(-100% - ${OFFSET}px)` : `${OFFSET}px`;
  return html`<div
    part="tooltip"
    class="city-tooltip"
    role="tooltip"
    id=${id ?? nothing}
    ${cssStyle({ left: `${model.x}px`, top: `${model.y}px`, transform: `translate(${dx}, ${dy})` })}
  >
    <div class="title">${model.title}</div>
    ${model.lines.map((line) => html`<div class="line">${line}</div>`)}
  </div>`;
}
