/**
 * A page a briefing link opens (`url-page.html?unit=…&from=…&to=…`): a `<city-scope sync-url>`
 * around a grid, risk points and a funnel, fed with the linked-dashboard fixtures. It exposes the
 * elements and a `ready` promise (everything drawn) on `window.dashboard` for the test that loads it.
 */
import '../../../src/scope/index';
import '../../../src/grid/index';
import '../../../src/risk/index';
import '../../../src/funnel/index';
import type { CityClosureFunnel } from '../../../src/funnel/index';
import type { CityGridLayer } from '../../../src/grid/city-grid-layer';
import type { CityRiskLayer } from '../../../src/risk/city-risk-layer';
import type { CityScope } from '../../../src/scope/index';
import { LINKED_CASES, LINKED_NOW, LINKED_RISKS } from '../linked-fixtures';
import { sampleGrid } from '../../grid/fixtures';

export interface UrlPageDashboard {
  scope: CityScope;
  grid: CityGridLayer;
  risk: CityRiskLayer;
  funnel: CityClosureFunnel;
  ready: Promise<void>;
}

const scope = document.querySelector('city-scope') as CityScope;
const grid = scope.querySelector('city-grid-layer') as CityGridLayer;
const risk = scope.querySelector('city-risk-layer') as CityRiskLayer;
const funnel = scope.querySelector('city-closure-funnel') as CityClosureFunnel;
funnel.now = LINKED_NOW;
grid.data = sampleGrid();
risk.data = LINKED_RISKS;
funnel.data = { cases: LINKED_CASES };
const ready = Promise.all([grid.rendered(), risk.rendered(), funnel.rendered(), scope.rendered()]).then(() => undefined);
(window as unknown as { dashboard: UrlPageDashboard }).dashboard = { scope, grid, risk, funnel, ready };
