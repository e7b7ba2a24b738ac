/** `<city-map>` entry point: defines the element and exports its class and the map ⇄ layer contract. */
import { define } from '../core/define';
import { CityMap } from './city-map';

define('city-map', CityMap);

export { CityMap };
export type { CityViewChangeDetail } from './city-map';
export { cityMapContext } from './map-context';
export { MapChildController, mapChildHostStyles, type MapChildHooks } from './map-child';
export { MapLayerElement } from './map-layer-element';
export { CORNERS, type CityMapApi, type Corner, type LonLatBounds, type MapLayerChild, type MapViewState } from './map-context';
export { MAX_IMAGE_SIDE, type ImageOptions } from './image';
export { parseLonLat, viewForBounds, unionBounds } from './view';
export { configureMapContexts, mapContextSettings, DEFAULT_CONTEXT_BUDGET, type MapContextSettings } from './context-budget';
