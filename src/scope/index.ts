/** `<city-scope>` entry point: defines the element and exports the scope contract and its model. */
import { define } from '../core/define';
import { CityScope } from './city-scope';

define('city-scope', CityScope);

export { CityScope };
export type { CityScopeChangeDetail } from './city-scope';
export { cityScopeContext, type CityScopeApi, type ScopeSelection } from './scope-context';
export { ScopeLink } from './scope-link';
export { UnitTree, type UnitRow } from './model/unit-tree';
export { inWindow, readWindow, OPEN_WINDOW, type ScopeWindow } from './model/window';
