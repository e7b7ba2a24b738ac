/**
 * The risk layer's pointer and keyboard on the map: the hover tooltip, a click that selects a
 * record or opens the list of records at the same spot, Escape (closes the list, else clears the
 * selection). Reads picks as `RiskLayer`'s typed picking info.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { PickingInfo } from '@deck.gl/core';
import { renderTooltip, type TooltipModel } from '../ui/tooltip';
import { rowVisible, type CompiledFilter } from './model/filter';
import { SpotIndex } from './model/spots';
import type { RiskTable } from './model/table';
import type { RiskPalette } from './view/palette';
import { cellText, recordText, type RiskText } from './view/record-text';
import type { MapPoint } from '../map/map-context';
import type { RiskLayer, RiskPickingInfo } from './view/risk-layer';
import { renderSpotList, type SpotList } from './view/spot-list';

export interface RiskPointerHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** What the pointer needs of the layer at the moment of an event. */
export interface RiskPointerContext {
  table: RiskTable;
  compiled: CompiledFilter;
  zoom: number;
  palette: RiskPalette;
  text: RiskText;
  select(row: number): void;
  /** Clears the selection; false when there was none. */
  clearSelection(): boolean;
}

export class RiskPointer implements ReactiveController {
  private hover: TooltipModel | null = null;
  private spotList: SpotList | null = null;
  private spots: SpotIndex | null = null;
  /** The hexagon hovered (hex mode picks on the CPU, so the layer outlines it by index); -1 for none. */
  hoveredCell = -1;

  constructor(
    private readonly host: RiskPointerHost,
    private readonly context: () => RiskPointerContext | null,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** New data: nothing hovered or listed; the same-spot index is rebuilt on the next click. */
  reset(): void {
    this.spots = null;
    this.hoveredCell = -1;
    this.set(null, null);
  }

  /** Hex mode's pick at `point`, on the CPU: the drawn hexagon there, or null. */
  pickHex(point: MapPoint, layer: RiskLayer | null): RiskPickingInfo | null {
    const hit = layer?.hexAt(point.coordinate[0], point.coordinate[1]);
    return hit ? { ...point, picked: true, index: hit.index, object: hit.object } : null;
  }

  /** The view moved: a list of what was under the pointer no longer applies. */
  closeList(): void {
    if (this.spotList) this.set(this.hover, null);
  }

  /** The filter changed: the list keeps only records still shown; other hexagons are drawn, so none is hovered. */
  keepVisible(table: RiskTable, compiled: CompiledFilter): void {
    this.hoveredCell = -1;
    if (this.spotList) this.set(this.hover, { ...this.spotList, rows: this.spotList.rows.filter((row) => rowVisible(table, compiled, row)) });
  }

  /** The tooltip of what the pointer is over; true when the hovered hexagon changed (the layer outlines it). */
  handleHover(info: PickingInfo | null): boolean {
    const pick = (info as RiskPickingInfo | null)?.object;
    const cell = pick?.kind === 'cell' ? info!.index : -1;
    const cellChanged = cell !== this.hoveredCell;
    this.hoveredCell = cell;
    const context = this.context();
    if (!info || !pick || !context) this.set(null, this.spotList);
    else {
      const lines = pick.kind === 'record' ? recordText(context.text, context.table, pick.row) : cellText(context.text, pick.count, pick.level);
      this.set({ x: info.x, y: info.y, ...lines }, this.spotList);
    }
    return cellChanged;
  }

  handleClick(info: PickingInfo): void {
    const pick = (info as RiskPickingInfo).object;
    const context = this.context();
    if (!context || pick?.kind !== 'record') return;
    const { table, compiled } = context;
    this.spots ??= new SpotIndex(table);
    const rows = this.spots.rowsAt(pick.row, context.zoom, (row) => rowVisible(table, compiled, row));
    if (rows.length <= 1) {
      this.set(null, null);
      context.select(pick.row);
    } else {
      this.set(null, { x: info.x, y: info.y, rows });
      void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLButtonElement>('.spot-list li button')?.focus());
    }
  }

  handleKey(event: KeyboardEvent): boolean {
    if (event.key !== 'Escape') return false;
    if (this.spotList) {
      this.closeList();
      return true;
    }
    return this.context()?.clearSelection() ?? false;
  }

  /** The tooltip and the same-spot list. */
  render() {
    const list = this.spotList;
    // Nothing shown: no size read (reading it forces a layout of the whole page on every update).
    if (!this.hover && !list) return nothing;
    const context = this.context();
    const size = { width: this.host.clientWidth, height: this.host.clientHeight };
    return [
      renderTooltip(this.hover, size),
      list && context
        ? renderSpotList(list, { table: context.table, palette: context.palette, ...size, close: () => this.closeList(), choose: (row) => context.select(row) }, context.text)
        : nothing,
    ];
  }

  private set(hover: TooltipModel | null, spotList: SpotList | null): void {
    if (hover === this.hover && spotList === this.spotList) return;
    this.hover = hover;
    this.spotList = spotList;
    this.host.requestUpdate();
  }
}
