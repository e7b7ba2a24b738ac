/**
 * `<city-grid-layer>` entry point: defines the element (and `<city-map>`), and exports the
 * element class, its deck.gl layer and the pure grid model (validation, hierarchy, values, scales).
 */
import '../map/index';
import { define } from '../core/define';
import { CityGridLayer } from './city-grid-layer';

define('city-grid-layer', CityGridLayer);

export { CityGridLayer };
export type { CityGridDrillDetail, CityGridSelectDetail } from './city-grid-layer';
export { GridLayer } from './view/grid-layer';
export type { GridLayerProps, GridLayerStyle, GridPickingInfo } from './view/grid-layer';
export * from './model/index';
export * from '../map/index';
