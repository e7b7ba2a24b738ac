/** A minimal layer element for map tests: one filled square, registered through the map context. */
import { LitElement } from 'lit';
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { CityMapApi, LonLatBounds, MapLayerChild } from '../../src/map/map-context';
import { MapChildController } from '../../src/map/map-child';

let counter = 0;

/** Reports "not loaded" until a given time, like a layer waiting on an aggregation or a texture. */
class LateLoadingPolygonLayer extends SolidPolygonLayer<{ polygon: number[][] }, { readyAt: number }> {
  static override layerName = 'LateLoadingPolygonLayer';
  override get isLoaded(): boolean {
    return super.isLoaded && performance.now() >= this.props.readyAt;
  }
}

export class TestSquareLayer extends LitElement implements MapLayerChild {
  /** [west, south, east, north] of the square. */
  square: LonLatBounds = [116, 39.9, 116.04, 39.92];
  color: [number, number, number, number] = [255, 0, 0, 255];
  keys: string[] = [];
  handleKeys = false;
  hovered: (string | null)[] = [];
  clicked: string[] = [];
  doubleClicked: (string | null)[] = [];
  /** `performance.now()` before which its deck.gl layer reports itself not loaded. */
  readyAt = 0;
  readonly layerId = `test-square-${++counter}`;

  private readonly mapLink = new MapChildController(this);

  get map(): CityMapApi | undefined {
    return this.mapLink.map;
  }

  get dataBounds(): LonLatBounds | null {
    return this.square;
  }

  get deckLayers(): readonly Layer[] {
    const [w, s, e, n] = this.square;
    return [
      new LateLoadingPolygonLayer({
        id: this.layerId,
        readyAt: this.readyAt,
        data: [{ polygon: [[w, s], [e, s], [e, n], [w, n], [w, s]] }],
        getPolygon: ((d: { polygon: number[][] }) => d.polygon) as never,
        getFillColor: this.color,
        pickable: true,
        updateTriggers: { getFillColor: this.color.join() },
      }) as unknown as Layer,
    ];
  }

  override update(changed: Map<string, unknown>): void {
    super.update(changed);
    this.map?.requestLayerUpdate();
  }

  handleHover(info: PickingInfo | null): void {
    this.hovered.push(info ? (info.layer?.id ?? '') : null);
  }

  handleClick(info: PickingInfo): void {
    this.clicked.push(info.layer?.id ?? '');
  }

  handleDoubleClick(info: PickingInfo | null): boolean {
    this.doubleClicked.push(info ? (info.layer?.id ?? '') : null);
    return true;
  }

  handleKey(event: KeyboardEvent): boolean {
    this.keys.push(event.key);
    return this.handleKeys;
  }

  /** Re-reads layers after a property change made from a test. */
  refresh(): void {
    this.map?.requestLayerUpdate();
  }
}

if (!customElements.get('test-square-layer')) customElements.define('test-square-layer', TestSquareLayer);

declare global {
  interface HTMLElementTagNameMap {
    'test-square-layer': TestSquareLayer;
  }
}
