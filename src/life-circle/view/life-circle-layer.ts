/**
 * `<city-life-circle-layer>`: `<city-life-circle>`'s layer inside its own `<city-map>` — the
 * `LifeCircleLayer` deck layer, the score legend and a text-only tooltip. The host element sets
 * everything; picks go back to it through the `pick` callback (no DOM event), and so do Escape and
 * a tap beside the drawn objects (`null`: clear the selection). What-if edits by pointer and key
 * go to `editing` (see map-edit-gestures.ts).
 */
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { CityMapApi, LonLatBounds } from '../../map/map-context';
import { MapLayerElement } from '../../map/map-layer-element';
import { EmptyTapWatcher } from '../../map/empty-tap';
import { legendStyles, renderLegend, type LegendModel } from '../../ui/legend';
import { renderTooltip, tooltipStyles } from '../../ui/tooltip';
import type { LifeCircleStringKey } from '../panel/strings';
import { MapEditGestures, type MapEditing } from './map-edit-gestures';
import { LifeCircleLayer, type EditMark, type FacilityLink, type LifeCirclePickingInfo, type LifeCircleTarget, type SiteMarker } from './life-circle-deck-layer';
import type { TooltipText } from './map-model';
import { lifeCircleLayerStyles } from './life-circle-layer.styles';
import type { LifeCircleScene } from './scene';

/** Tooltip text for a picked object; the host knows names, scores and the language. */
export type Describe = (target: LifeCircleTarget) => TooltipText | null;

/**
 * @tagname city-life-circle-layer
 * @summary Map layer of `<city-life-circle>` (internal; a child of its `<city-map>`).
 * @csspart legend - The score legend.
 * @csspart tooltip - Name and numbers of the hovered residence, facility or site.
 */
export class CityLifeCircleLayer extends MapLayerElement<LifeCircleStringKey> {
  static override styles = [...MapLayerElement.styles, legendStyles, tooltipStyles, lifeCircleLayerStyles];

  @property({ attribute: false }) scene: LifeCircleScene | null = null;
  /** RGBA bytes per scene residence row. */
  @property({ attribute: false }) residenceColors: Uint8Array | null = null;
  /** Category key → CSS colour. */
  @property({ attribute: false }) categoryColors: ReadonlyMap<string, string> = new Map();
  /** Categories whose facilities are drawn. */
  @property({ attribute: false }) shownCategories: ReadonlySet<string> = new Set();
  @property({ type: Number }) selectedRow = -1;
  /** Isochrone polygons in the display CRS. */
  @property({ attribute: false }) isochrone: FeatureCollection<MultiPolygon> | null = null;
  @property({ attribute: false }) links: readonly FacilityLink[] = [];
  @property({ attribute: false }) sites: readonly SiteMarker[] = [];
  @property({ attribute: false }) marks: readonly EditMark[] = [];
  @property({ attribute: false }) legend: LegendModel | null = null;
  @property({ attribute: false }) describe: Describe | null = null;
  /** Called with what a click hit, or null when Escape or a tap beside the objects asks to clear the selection. */
  pick: ((target: LifeCircleTarget | null) => void) | null = null;
  /** What-if editing on the map (add mode, the selected facility), null when none. */
  editing: MapEditing | null = null;

  @state() private hover: { target: LifeCircleTarget; x: number; y: number } | null = null;

  protected override overlayParts = ['legend'];
  protected override cornerParts = { 'top-left': 'legend' } as const;

  /** A tap beside the drawn objects asks to clear the selection, as Escape does. */
  private readonly emptyTaps = new EmptyTapWatcher(
    (canvas, x, y) => this.isEmptyAt(canvas, x, y),
    () => {
      if (this.selectedRow >= 0) this.pick?.(null);
    },
  );

  private readonly editGestures = new MapEditGestures(
    () => this.map?.deck ?? null,
    () => this.editing,
  );

  get dataBounds(): LonLatBounds | null {
    return this.scene?.bounds ?? null;
  }

  get deckLayers(): readonly Layer[] {
    const { scene, residenceColors, categoryColors, shownCategories, selectedRow, isochrone, links, sites, marks } = this;
    if (!scene) return [];
    return [
      new LifeCircleLayer({
        id: this.layerId,
        scene,
        residenceColors,
        categoryColors,
        shownCategories,
        selectedRow,
        isochrone,
        links,
        sites,
        marks,
        theme: this.effectiveTheme,
      }),
    ];
  }

  /** Resolves when the current scene is drawn by the map (at once outside a map). */
  async rendered(): Promise<void> {
    await this.updateComplete;
    await this.map?.rendered();
  }

  handleHover(info: PickingInfo | null): void {
    const target = info ? this.targetOf(info) : null;
    this.hover = target && info ? { target, x: info.x, y: info.y } : null;
  }

  handleClick(info: PickingInfo): void {
    if (this.editing?.adding()) return; // the tap places a facility instead
    const target = this.targetOf(info);
    if (target) this.pick?.(target);
  }

  handleKey(event: KeyboardEvent): boolean {
    if (event.key !== 'Escape' || this.selectedRow < 0) return false;
    this.pick?.(null);
    return true;
  }

  /** None of the residences, facilities or sites at CSS pixel (x, y) of `canvas`; null when that is not its map's canvas. */
  isEmptyAt(canvas: HTMLCanvasElement, x: number, y: number): boolean | null {
    const deck = this.map?.deck;
    if (!deck || deck.getCanvas() !== canvas) return null;
    const info = deck.pickObject({ x, y, radius: 1 });
    return !(info && this.targetOf(info));
  }

  /** What a pick on this element's layer hit (`pickObject` may return another layer of the map). */
  private targetOf(info: PickingInfo): LifeCircleTarget | null {
    return info.layer?.id === this.layerId ? ((info as LifeCirclePickingInfo).target ?? null) : null;
  }

  protected override mapAttached(map: CityMapApi): void {
    const target = map as unknown as EventTarget;
    if (typeof target.addEventListener !== 'function') return;
    // Edits first: a drag's or an added facility's click must not also clear the selection.
    this.editGestures.attach(target);
    this.emptyTaps.attach(target);
  }

  protected override mapDetached(): void {
    this.hover = null;
    this.emptyTaps.detach();
    this.editGestures.detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The hovered row may be gone or hidden.
    if (changed.has('scene') || (this.hover?.target.kind === 'facility' && (changed.has('shownCategories') || changed.has('categoryColors')))) this.hover = null;
  }

  protected override render() {
    const hover = this.hover;
    const text = hover && this.describe ? this.describe(hover.target) : null;
    const host = this.map as unknown as HTMLElement | undefined;
    const size = { width: host?.clientWidth ?? 0, height: host?.clientHeight ?? 0 };
    return html`
      ${this.legend && this.legend.entries.length
        ? html`<div class="legend">${renderLegend(this.legend, { label: this.legend.title })}</div>`
        : nothing}
      ${text && hover ? renderTooltip({ x: hover.x, y: hover.y, title: text.title, lines: text.lines }, size) : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'city-life-circle-layer': CityLifeCircleLayer;
  }
}
