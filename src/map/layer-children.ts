/**
 * The layer elements registered with a `<city-map>`: their order (DOM order, bottom to top), the
 * deck layers they hand the map, and the routing of input back to them — a pick goes to the
 * topmost child with something at the point: one that answers picks itself (`pickAt`, on the CPU)
 * or the owner of the (top-level) layer deck.gl picked on the GPU, whichever lies higher; keys and
 * double-clicks go to the top child first.
 */
import type { Deck, Layer, PickingInfo } from '@deck.gl/core';
import { stackCorners } from './corners';
import type { MapLayerChild, MapPoint } from './map-context';

/** A pick resolved to the child that gets it, with the info it gets. */
interface Hit {
  child: MapLayerChild;
  info: PickingInfo;
}

export class LayerChildren {
  private readonly children = new Set<MapLayerChild>();
  /** Top-level deck layer id → the child that made it. */
  private owners = new Map<string, MapLayerChild>();
  private hovered: MapLayerChild | null = null;
  /** The last hover found an object (deck's own hover state only knows the layers it picked). */
  hovering = false;

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
    const hit = this.resolve(info);
    const owner = hit?.child ?? null;
    this.hovering = hit !== null;
    if (this.hovered && this.hovered !== owner) this.hovered.handleHover?.(null);
    this.hovered = owner;
    if (hit) hit.child.handleHover?.(hit.info);
  }

  click(info: PickingInfo, event: { srcEvent?: Event; tapCount?: number }): void {
    const hit = this.resolve(info);
    hit?.child.handleClick?.(hit.info, event);
  }

  /** The child with an object at the point is asked first (with the pick), then the others top down (without); true when one handled it. */
  doubleClick(deck: Deck, event: MouseEvent): boolean {
    const x = event.offsetX;
    const y = event.offsetY;
    const hit = this.resolve(deck.pickObject({ x, y, radius: 1 }) ?? emptyPick(deck, x, y));
    const owner = hit?.child;
    const ordered = this.ordered().reverse();
    const candidates = owner ? [owner, ...ordered.filter((child) => child !== owner)] : ordered;
    return candidates.some((child) => child.handleDoubleClick?.(child === owner ? hit!.info : null, { srcEvent: event }) === true);
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

  /**
   * The topmost child with something at the point of deck's pick `info`: children are asked top
   * down; one that answers picks itself wins when it lies above the owner of the layer deck picked.
   */
  private resolve(info: PickingInfo): Hit | null {
    const picked = this.ownerOf(info);
    const point = pointOf(info);
    for (const child of this.ordered().reverse()) {
      if (child === picked) return { child, info };
      const answer = point && child.pickAt?.(point);
      if (answer) return { child, info: answer };
    }
    return null;
  }

  /** The child owning the layer deck picked; none for a leave (deck names the layer the pointer left, unpicked). */
  private ownerOf(info: PickingInfo): MapLayerChild | undefined {
    return info.picked && info.layer ? this.owners.get(info.layer.id) : undefined;
  }
}

/** The bare point of a pick (nothing picked), or null when the pointer is off the map (deck reports a leave at -1, -1). */
function pointOf(info: PickingInfo): MapPoint | null {
  const { x, y, coordinate, viewport } = info;
  if (x < 0 || y < 0 || !coordinate || !viewport) return null;
  return { ...info, coordinate, viewport, layer: null, sourceLayer: null, object: undefined, index: -1, picked: false, color: null };
}

/** What deck reports for a pick that hit nothing at CSS pixel (x, y). */
function emptyPick(deck: Deck, x: number, y: number): PickingInfo {
  const viewport = deck.getViewports({ x, y })[0];
  const coordinate = viewport?.unproject([x - viewport.x, y - viewport.y]);
  return { color: null, layer: null, index: -1, picked: false, x, y, pixel: [x, y], coordinate, viewport, pixelRatio: window.devicePixelRatio || 1 };
}
