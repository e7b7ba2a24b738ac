/** The list of records sharing a clicked spot (`part="spot-list"`): pick one to select it. */
import { html, type TemplateResult } from 'lit';
import { cssStyle } from '../../core/css-style';
import { LEVEL_BY_RANK, type RiskLevel } from '../model/level';
import type { RiskTable } from '../model/table';
import type { RiskPalette } from './palette';
import { levelName, recordText, type RiskText } from './record-text';

export interface SpotList {
  /** Where the click was, CSS px in the map. */
  x: number;
  y: number;
  /** The records there, the clicked one first. */
  rows: number[];
}

export interface SpotListContext {
  table: RiskTable;
  palette: RiskPalette;
  /** The map's size: the list opens towards the larger side. */
  width: number;
  height: number;
  close(): void;
  choose(row: number): void;
}

export function renderSpotList(list: SpotList, context: SpotListContext, text: RiskText): TemplateResult {
  const { table, palette, width, height, close, choose } = context;
  const onLeft = list.x > width / 2;
  const left = onLeft ? `${list.x - 8}px` : `${list.x + 8}px`;
  const top = Math.min(list.y, Math.max(height - 200, 8));
  const heading = text.t('risk.list.title', { count: list.rows.length });
  return html`<section
    part="spot-list"
    class="spot-list"
    role="dialog"
    aria-label=${heading}
    ${cssStyle({ left, top: `${top}px`, transform: onLeft ? 'translateX(-100%)' : 'none' })}
    @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    }}
  >
    <h2>
      <span>${heading}</span>
      <button class="close" type="button" aria-label=${text.t('risk.list.close')} title=${text.t('risk.list.close')} @click=${close}>×</button>
    </h2>
    <ul>
      ${list.rows.map((row) => {
        const level = LEVEL_BY_RANK[table.level[row]] as RiskLevel;
        const rgba = palette[level];
        return html`<li>
          <button
            type="button"
            @click=${() => {
              close();
              choose(row);
            }}
          >
            <span class="dot" ${cssStyle({ background: `rgb(${rgba[0]},${rgba[1]},${rgba[2]})` })} aria-hidden="true"></span>
            <span>${recordText(text, table, row).title}</span>
            <span class="visually-hidden">${levelName(text, level)}</span>
          </button>
        </li>`;
      })}
    </ul>
  </section>`;
}
