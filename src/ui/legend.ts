/**
 * Legend render helper (`part="legend"`) shared by map layers, and a painter that copies a
 * rendered overlay box (legend, breadcrumb…) onto a 2D canvas for `toImage()`. Entries are
 * text only: labels from data are never parsed as HTML.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { cssStyle } from '../core/css-style';

export interface LegendEntry {
  label: string;
  /** CSS colour of the swatch. */
  color: string;
  /** How many items fall in this entry (shown right-aligned). */
  count?: number;
  /** `hatch`: the swatch is striped (e.g. "no data"). */
  pattern?: 'hatch';
}

export interface LegendModel {
  /** E.g. the metric name. */
  title?: string;
  /** Unit of the values, shown after the title: "事件数（件）". */
  unit?: string;
  /** A muted second line, e.g. what is counted ("社区 · 29 个"). */
  subtitle?: string;
  entries: readonly LegendEntry[];
}

export const legendStyles = css`
  .city-legend {
    pointer-events: auto;
    background: var(--city-surface);
    color: var(--city-fg);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    padding: 8px 10px;
    font-size: 0.86em;
    line-height: 1.35;
    min-width: 120px;
    max-width: 280px;
  }
  .city-legend .title {
    font-weight: 600;
    margin: 0 0 4px;
  }
  .city-legend .subtitle {
    color: var(--city-muted);
    margin: -2px 0 4px;
  }
  .city-legend ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .city-legend li {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 1px 0;
  }
  .city-legend .swatch {
    flex: none;
    width: 14px;
    height: 12px;
    border-radius: 2px;
    border: 1px solid rgba(0, 0, 0, 0.18);
  }
  .city-legend .swatch[data-pattern='hatch'] {
    background-image: repeating-linear-gradient(
      45deg,
      var(--city-muted) 0 1.5px,
      transparent 1.5px 4px
    ) !important;
  }
  .city-legend .label {
    flex: 1;
    white-space: nowrap;
  }
  .city-legend .count {
    color: var(--city-muted);
    font-variant-numeric: tabular-nums;
    padding-left: 8px;
  }
`;

/**
 * The legend box. `formatCount` renders counts (e.g. locale thousands separators), `label`
 * names the region for assistive technology.
 */
export function renderLegend(
  model: LegendModel,
  options: { label?: string; formatCount?: (count: number) => string } = {},
): TemplateResult {
  const title = model.title ? (model.unit ? `${model.title}（${model.unit}）` : model.title) : '';
  const format = options.formatCount ?? ((n: number) => String(n));
  return html`<section part="legend" class="city-legend" aria-label=${options.label ?? (title || nothing)}>
    ${title ? html`<div class="title">${title}</div>` : nothing}
    ${model.subtitle ? html`<div class="subtitle">${model.subtitle}</div>` : nothing}
    <ul>
      ${model.entries.map(
        (entry) => html`<li>
          <span class="swatch" data-pattern=${entry.pattern ?? nothing} ${cssStyle({ backgroundColor: entry.color })} aria-hidden="true"></span>
          <span class="label">${entry.label}</span>
          ${entry.count != null ? html`<span class="count">${format(entry.count)}</span>` : nothing}
        </li>`,
      )}
    </ul>
  </section>`;
}

function parseColor(value: string): boolean {
  return value !== '' && value !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(value);
}

/**
 * Paints a rendered overlay element (and its subtree) onto `context`, relative to `origin` (the
 * map's client rect): box backgrounds, borders, hatched swatches and text nodes with their
 * computed fonts and colours. Good for the simple boxes overlays are made of; not a general
 * HTML renderer.
 */
export function paintOverlayElement(context: CanvasRenderingContext2D, element: Element, origin: { left: number; top: number }): void {
  const style = getComputedStyle(element);
  if (style.display === 'none' || style.visibility === 'hidden') return;
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0 && element.childNodes.length === 0) return;
  const x = rect.left - origin.left;
  const y = rect.top - origin.top;
  const radius = parseFloat(style.borderTopLeftRadius) || 0;
  const box = () => {
    context.beginPath();
    context.roundRect(x, y, rect.width, rect.height, radius);
  };
  if (parseColor(style.backgroundColor)) {
    context.fillStyle = style.backgroundColor;
    box();
    context.fill();
  }
  if (element instanceof HTMLElement && element.dataset.pattern === 'hatch') {
    context.save();
    box();
    context.clip();
    context.strokeStyle = style.color;
    context.lineWidth = 1.5;
    for (let d = -rect.height; d < rect.width; d += 4) {
      context.beginPath();
      context.moveTo(x + d, y + rect.height);
      context.lineTo(x + d + rect.height, y);
      context.stroke();
    }
    context.restore();
  }
  const border = parseFloat(style.borderTopWidth) || 0;
  if (border > 0 && parseColor(style.borderTopColor)) {
    context.strokeStyle = style.borderTopColor;
    context.lineWidth = border;
    box();
    context.stroke();
  }
  for (const node of element.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent?.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const textRect = range.getBoundingClientRect();
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      context.fillStyle = style.color;
      context.textBaseline = 'middle';
      context.fillText(text, textRect.left - origin.left, textRect.top - origin.top + textRect.height / 2);
    } else if (node instanceof Element) {
      paintOverlayElement(context, node, origin);
    }
  }
}
