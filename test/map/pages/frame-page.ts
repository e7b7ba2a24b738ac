// The frame's own copy of the map and the test layer (another window: its own registry and context budget).
import '../../../src/map/index';
import '../test-layer';
import type { CityMap } from '../../../src/map/city-map';

const map = document.querySelector<CityMap>('city-map')!;
(window as Window & { mapReady?: Promise<CityMap> }).mapReady = customElements.whenDefined('city-map').then(() => map.rendered()).then(() => map);
