/**
 * The raster basemap's layer, loaded on demand by `<city-map basemap>`. Named static imports
 * (rather than `await import('@deck.gl/geo-layers')`) let the bundler keep TileLayer alone and
 * drop the rest of geo-layers (H3, 3D tiles, glTF…), about 1 MB.
 */
import type { Layer } from '@deck.gl/core';
import { TileLayer } from '@deck.gl/geo-layers';
import { BitmapLayer } from '@deck.gl/layers';

/** Raster tiles from `template` (`…/{z}/{x}/{y}.png`); `onTileError` hears every failed tile. */
export function basemapLayer(template: string, maxZoom: number, onTileError: (error: Error) => void): Layer {
  return new TileLayer({
    id: 'city-basemap',
    data: template,
    minZoom: 0,
    maxZoom,
    tileSize: 256,
    maxRequests: 6,
    onTileError,
    renderSubLayers: (props) => {
      const { west, south, east, north } = props.tile.bbox as { west: number; south: number; east: number; north: number };
      return new BitmapLayer({ ...props, data: undefined, image: props.data as never, bounds: [west, south, east, north] });
    },
  }) as unknown as Layer;
}
