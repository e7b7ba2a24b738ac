/**
 * `citykit/funnel`: the problem-closure funnel on its own — registers `<city-closure-funnel>` and
 * re-exports the pure model. Imports nothing from the map side (no deck.gl).
 */
import { define } from '../core/define';
import { CityClosureFunnel } from './city-closure-funnel';

export * from './model';
export { CityClosureFunnel } from './city-closure-funnel';
export type { CityStageSelectDetail } from './city-closure-funnel';
export type { RateMode } from './chart/present';
export type { Orientation } from './chart/layout';

define('city-closure-funnel', CityClosureFunnel);
