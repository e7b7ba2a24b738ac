/**
 * The keyboard way into the grid (`part="units"`, visually hidden): a listbox of the shown units,
 * ranked by value, of which only a window around the active option is in the DOM (100k options
 * would cost more than the map). Names are text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { GridIndex } from '../model/hierarchy';
import type { GridLevel } from '../model/levels';
import { formatValue, levelName, type GridText } from './text';

/** Options rendered on each side of the active one. */
const OPTION_WINDOW = 40;

export interface UnitListView {
  index: GridIndex;
  values: Float64Array;
  /** The units in list order. */
  order: Int32Array;
  /** Position of the active option in `order`; -1 for none. */
  active: number;
  selected: number;
  /** Prefix of the option element ids (unique on the page). */
  idPrefix: string;
  /** The level shown (names the list). */
  level: GridLevel;
  text: GridText;
  onFocus: () => void;
  onBlur: () => void;
  onKeydown: (event: KeyboardEvent) => void;
}

export function renderUnitList(view: UnitListView): TemplateResult {
  const { index, order, active, text } = view;
  const from = Math.max(0, (active < 0 ? 0 : active) - OPTION_WINDOW);
  const to = Math.min(order.length, from + OPTION_WINDOW * 2);
  return html`<ul
    part="units"
    class="units visually-hidden"
    role="listbox"
    tabindex="0"
    aria-label=${text.t('grid.units', { level: levelName(text.t, view.level), count: order.length })}
    aria-activedescendant=${active >= 0 ? `${view.idPrefix}-u${order[active]}` : nothing}
    @focus=${view.onFocus}
    @blur=${view.onBlur}
    @keydown=${view.onKeydown}
  >
    ${Array.from(order.subarray(from, to)).map(
      (u, k) => html`<li
        role="option"
        id=${`${view.idPrefix}-u${u}`}
        aria-selected=${u === view.selected ? 'true' : 'false'}
        aria-setsize=${order.length}
        aria-posinset=${from + k + 1}
      >
        ${text.t('grid.unit-option', { name: index.names[u], value: formatValue(text, view.values[u]) })}
      </li>`,
    )}
  </ul>`;
}

/** What a key does in the list: move the active option to a position, or act on it. */
export type ListAction = { move: number } | 'activate' | 'select' | 'up' | 'clear';

const STEPS = new Map([['ArrowDown', 1], ['ArrowRight', 1], ['ArrowUp', -1], ['ArrowLeft', -1], ['PageDown', 10], ['PageUp', -10]]);

/** The action of `key` with the option at `active` of `length` active (-1: none); null for keys the list ignores. */
export function listAction(key: string, active: number, length: number): ListAction | null {
  const step = STEPS.get(key);
  if (step !== undefined) return { move: active + step };
  if (key === 'Home') return { move: 0 };
  if (key === 'End') return { move: length - 1 };
  if (key === 'Enter') return active >= 0 ? 'activate' : null;
  if (key === ' ') return active >= 0 ? 'select' : null;
  if (key === 'Backspace') return 'up';
  if (key === 'Escape') return 'clear';
  return null;
}
