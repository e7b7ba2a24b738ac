/**
 * A minimal layer element for map tests: one filled square, registered through the map context.
 * Picked by deck.gl on the GPU, or, with `cpuPicking`, by the element itself (`pickAt`).
 */
import { LitElement } from 'lit';
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { CityMapApi, LonLatBounds, MapLayerChild, MapPoint } from '../../src/map/map-context';
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
  /** Answers picks itself (its deck layer is then not pickable). */
  cpuPicking = false;
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
        pickable: !this.cpuPicking,
        updateTriggers: { getFillColor: this.color.join() },
      }) as unknown as Layer,
    ];
  }

  override update(changed: Map<string, unknown>): void {
    super.update(changed);
    this.map?.requestLayerUpdate();
  }

  pickAt(point: MapPoint): PickingInfo | null {
    if (!this.cpuPicking) return null;
    const [w, s, e, n] = this.square;
    const [lon, lat] = point.coordinate;
    return lon >= w && lon <= e && lat >= s && lat <= n ? { ...point, picked: true, index: 0, object: `${this.layerId} (cpu)` } : null;
  }

  handleHover(info: PickingInfo | null): void {
    this.hovered.push(info ? this.pickName(info) : null);
  }

  handleClick(info: PickingInfo): void {
    this.clicked.push(this.pickName(info));
  }

  handleDoubleClick(info: PickingInfo | null): boolean {
    this.doubleClicked.push(info ? this.pickName(info) : null);
    return true;
  }

  /** The picked layer's id (a GPU pick), or the object this element's own pick returned. */
  private pickName(info: PickingInfo): string {
    return info.layer?.id ?? (typeof info.object === 'string' ? info.object : '');
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
