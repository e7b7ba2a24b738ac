/**
 * `<city-risk-layer>` entry point: defines the element (and `<city-time-slider>`, and `<city-map>`
 * it lives in) and exports the pure risk model for use without the DOM.
 */
import { define } from '../core/define';
import '../map/index';
import { CityTimeSlider } from '../ui/time-slider';
import { CityRiskLayer } from './city-risk-layer';

define('city-time-slider', CityTimeSlider);
define('city-risk-layer', CityRiskLayer);

export { CityRiskLayer, CityTimeSlider };
export type { CityRiskSelectDetail, RiskLayerStats } from './city-risk-layer';
export type { CityTimeChangeDetail, CityPlaybackChangeDetail } from '../ui/time-slider';
export * from './model/index';
