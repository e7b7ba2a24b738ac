/**
 * The raster basemap's layer classes, loaded on demand by `<city-map basemap>`. Named static
 * imports (rather than `await import('@deck.gl/geo-layers')`) let the bundler keep TileLayer
 * alone and drop the rest of geo-layers (H3, 3D tiles, glTF…), about 1 MB.
 */
export { TileLayer } from '@deck.gl/geo-layers';
export { BitmapLayer } from '@deck.gl/layers';
