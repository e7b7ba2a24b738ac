/**
 * The layer elements registered with a `<city-map>`: their order (DOM order, bottom to top), the
 * deck layers they hand the map, and the routing of input back to them — a pick goes to the child
 * that owns the picked (top-level) layer, keys and double-clicks to the top child first.
 */
import type { Deck, Layer, PickingInfo } from '@deck.gl/core';
import { stackCorners } from './corners';
import type { MapLayerChild } from './map-context';

export class LayerChildren {
  private readonly children = new Set<MapLayerChild>();
  /** Top-level deck layer id → the child that made it. */
  private owners = new Map<string, MapLayerChild>();
  private hovered: MapLayerChild | null = null;

  add(child: MapLayerChild): void {
    this.children.add(child);
  }

  /** False when `child` was not registered. */
  delete(child: MapLayerChild): boolean {
    if (this.hovered === child) this.hovered = null;
    return this.children.delete(child);
  }

  /** Bottom to top: DOM order. */
  ordered(): MapLayerChild[] {
    return [...this.children].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  /** Every child's deck layers above `basemap`, remembering who owns which. */
  collectLayers(basemap: Layer | null): Layer[] {
    const layers: Layer[] = basemap ? [basemap] : [];
    const owners = new Map<string, MapLayerChild>();
    for (const child of this.ordered()) {
      for (const layer of child.deckLayers) {
        layers.push(layer);
        owners.set(layer.id, child);
      }
    }
    this.owners = owners;
    return layers;
  }

  hover(info: PickingInfo): void {
    const owner = this.ownerOf(info) ?? null;
    if (this.hovered && this.hovered !== owner) this.hovered.handleHover?.(null);
    this.hovered = owner;
    owner?.handleHover?.(info);
  }

  click(info: PickingInfo, event: { srcEvent?: Event; tapCount?: number }): void {
    this.ownerOf(info)?.handleClick?.(info, event);
  }

  /** The owner of the picked layer is asked first (with the pick), then the others top down (without); true when one handled it. */
  doubleClick(deck: Deck, event: MouseEvent): boolean {
    const info = deck.pickObject({ x: event.offsetX, y: event.offsetY, radius: 1 });
    const owner = info ? this.ownerOf(info) : undefined;
    const ordered = this.ordered().reverse();
    const candidates = owner ? [owner, ...ordered.filter((child) => child !== owner)] : ordered;
    return candidates.some((child) => child.handleDoubleClick?.(child === owner ? info : null, { srcEvent: event }) === true);
  }

  /** The top child that handles the key; true when one did. */
  key(event: KeyboardEvent): boolean {
    return this.ordered()
      .reverse()
      .some((child) => child.handleKey?.(event) === true);
  }

  /** Places the children's corner boxes (legends, breadcrumbs, sliders) in DOM order, so none covers another. */
  layoutCorners(mapWidth: number): void {
    const children = this.ordered();
    const offsets = stackCorners(children.map((child) => child.cornerBoxes?.() ?? {}), mapWidth);
    children.forEach((child, i) => child.setCornerOffsets?.(offsets[i]));
  }

  /** Resolves when every child's pending property update has run. */
  async updated(): Promise<void> {
    await Promise.all([...this.children].map((child) => (child as Partial<{ updateComplete: Promise<unknown> }>).updateComplete));
  }

  private ownerOf(info: PickingInfo): MapLayerChild | undefined {
    return info.layer ? this.owners.get(info.layer.id) : undefined;
  }
}
