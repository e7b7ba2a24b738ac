/** The props `<city-map>` builds each Deck with: view, controller and the routing of deck's callbacks. */
import { MapView, type DeckProps } from '@deck.gl/core';

/**
 * Longest press (ms) deck.gl still takes for a click. Its default (250 ms) counts from the press as
 * deck handles it — after the picking pass it runs on pointerdown, which alone takes a few hundred
 * ms over 100k polygons on a software GPU — so a quick click there was lost. A browser's own click
 * has no such limit; moving the pointer still makes it a pan.
 */
const CLICK_PRESS_MS = 10_000;
import type { LayerChildren } from './layer-children';
import type { MapViewController } from './view-controller';

export function mapDeckProps(views: MapViewController, children: LayerChildren, isCurrent: () => boolean): DeckProps<MapView> {
  return {
    views: new MapView({ id: 'city-map', repeat: false }),
    viewState: views.deckViewState() as never,
    controller: { doubleClickZoom: false, keyboard: true, inertia: false, scrollZoom: { smooth: false } },
    layers: [],
    useDevicePixels: true,
    pickingRadius: 1,
    eventRecognizerOptions: { click: { time: CLICK_PRESS_MS } },
    onViewStateChange: ({ viewState, interactionState }) => {
      const interactive = Boolean(interactionState?.isDragging || interactionState?.isPanning || interactionState?.isZooming || interactionState?.isRotating);
      views.deckViewStateChanged(viewState as Record<string, unknown>, interactive);
      return viewState;
    },
    onInteractionStateChange: (interaction) => views.controllerTransitionChanged(Boolean(interaction.inTransition)),
    onHover: (info) => children.hover(info),
    onClick: (info, event) => children.click(info, { srcEvent: event.srcEvent, tapCount: event.tapCount }),
    onError: (error) => {
      // A Deck being torn down reports its own teardown: only a live one's errors matter.
      if (isCurrent()) console.error('<city-map>: deck.gl error', error);
    },
    // deck's `isHovering` only counts layers it picked itself, not objects a child picked on the CPU.
    getCursor: ({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering || children.hovering ? 'pointer' : 'grab'),
  };
}
