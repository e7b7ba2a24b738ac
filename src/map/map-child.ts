/**
 * The link from a layer element to the `<city-map>` it sits in: finds the map through context,
 * registers the element, and unregisters it when the element leaves or moves to another map.
 * Each layer element owns one; what differs between layers lives in the two hooks.
 */
import { ContextConsumer } from '@lit/context';
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { cityMapContext, type CityMapApi, type MapLayerChild } from './map-context';

export interface MapChildHooks {
  /** A map was found. Runs before the element is registered, so its layers can be rebuilt for that map's Deck. */
  attached?(map: CityMapApi): void;
  /** The element was unregistered from `map` (it left the document or moved to another map). */
  detached?(map: CityMapApi): void;
}

export class MapChildController implements ReactiveController {
  private current: CityMapApi | undefined;

  constructor(
    private readonly host: MapLayerChild & ReactiveControllerHost,
    private readonly hooks: MapChildHooks = {},
  ) {
    host.addController(this);
    new ContextConsumer(host, { context: cityMapContext, subscribe: true, callback: (map) => this.link(map) });
  }

  /** The map the element is registered with, if any. */
  get map(): CityMapApi | undefined {
    return this.current;
  }

  hostDisconnected(): void {
    this.unlink();
  }

  private link(map: CityMapApi | undefined): void {
    if (map === this.current) {
      // The same map says its display CRS or theme changed: the layer redraws for them.
      if (map) this.host.requestUpdate();
      return;
    }
    this.unlink();
    if (!map || !this.host.isConnected) return;
    this.current = map;
    this.hooks.attached?.(map);
    map.registerLayer(this.host);
    this.host.requestUpdate();
  }

  private unlink(): void {
    const map = this.current;
    if (!map) return;
    map.unregisterLayer(this.host);
    this.current = undefined;
    this.hooks.detached?.(map);
  }
}

/** Host styles every layer element shares: an overlay the size of the map that lets the pointer through. */
export const mapChildHostStyles = css`
  :host {
    position: absolute;
    inset: 0;
    display: block;
    pointer-events: none;
  }
  :host([hidden]) {
    display: none;
  }
`;
