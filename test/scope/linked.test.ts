/**
 * A linked dashboard end to end, through the public contract only: one `<city-scope>` around a map
 * (grid + risk points) and a funnel. A click on a grid unit reaches every element; a time window
 * set on the scope reaches every element; a second scope and an element outside stay untouched.
 */
import { expect } from 'chai';
import '../../src/scope/index';
import '../../src/grid/index';
import '../../src/risk/index';
import '../../src/funnel/index';
import { computeFunnel, type CityClosureFunnel } from '../../src/funnel/index';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import type { CityMap } from '../../src/map/city-map';
import type { CityScope } from '../../src/scope/index';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';
import { clickAt, mount, pixelAt, project, unmount, waitFor } from '../helpers';
import { centre, sampleGrid } from '../grid/fixtures';
import { LINKED_CASES as CASES, LINKED_NOW as NOW, LINKED_RISKS as RISKS } from './linked-fixtures';

const D1 = new Set(['C1', 'C2', 'C3']);
const options = { preset: 'city-management' as const, now: NOW, lang: 'zh-CN' as const, caseIds: true };
const MAJOR = RISK_COLORS_RGBA.major.slice(0, 3);

async function dashboard() {
  const scope = mount<CityScope>(
    `<city-scope>
      <city-map style="display:block;width:600px;height:360px">
        <city-grid-layer metric="events" labels="none" fill-opacity="0.3" static-view></city-grid-layer>
        <city-risk-layer mode="points"></city-risk-layer>
      </city-map>
      <city-closure-funnel preset="city-management" now="${NOW}" style="display:block;width:600px;height:400px;--city-funnel-duration:0ms"></city-closure-funnel>
    </city-scope>`,
    600,
    800,
  );
  const map = scope.querySelector('city-map') as CityMap;
  const grid = scope.querySelector('city-grid-layer') as CityGridLayer;
  const risk = scope.querySelector('city-risk-layer') as CityRiskLayer;
  const funnel = scope.querySelector('city-closure-funnel') as CityClosureFunnel;
  grid.data = sampleGrid();
  risk.data = RISKS;
  funnel.data = { cases: CASES };
  await grid.updateComplete;
  map.fitBounds(grid.dataBounds!, { duration: 0 });
  await Promise.all([grid.rendered(), risk.rendered(), funnel.rendered(), scope.rendered()]);
  return { scope, map, grid, risk, funnel };
}

const riskShown = (map: CityMap, id: string) => {
  const record = RISKS.find((r) => r.id === id)!;
  return pixelAt(map, ...project(map, [record.lon, record.lat])).slice(0, 3).join() === MAJOR.join();
};

describe('a linked dashboard: <city-scope> around a map and a funnel', function () {
  this.timeout(60000);
  let root: Element | undefined;
  afterEach(() => {
    unmount(root);
    root = undefined;
  });

  it('a click on a grid unit reaches the risk layer (pixels) and the funnel (metrics = computeFunnel on that unit’s cases)', async () => {
    const { scope, map, grid, risk, funnel } = await dashboard();
    root = scope;
    expect(['r1', 'r3', 'r4'].map((id) => riskShown(map, id))).to.deep.equal([true, true, true]);
    await clickAt(map, ...project(map, centre(0.2, 0.2, 0.3, 0.3))); // inside D1 (districts are shown at first)
    await waitFor(() => scope.unit === 'D1');
    await Promise.all([grid.rendered(), risk.rendered(), funnel.rendered()]);
    expect(grid.selected).to.equal('D1');
    expect(['r1', 'r3', 'r4'].map((id) => riskShown(map, id))).to.deep.equal([true, true, false]);
    expect(risk.stats.shown).to.equal(2);
    expect(funnel.metrics!.stages).to.deep.equal(computeFunnel({ cases: CASES.filter((c) => D1.has(c.grid)) }, options).stages);
  });

  it('a time window set on the scope reaches the risk layer and the funnel', async () => {
    const { scope, map, risk, funnel } = await dashboard();
    root = scope;
    scope.setWindow('2024-03-02T00:00', '2024-03-02T23:59');
    await waitFor(() => risk.stats.shown === 1);
    await Promise.all([risk.rendered(), funnel.rendered()]);
    expect(['r1', 'r3', 'r4'].map((id) => riskShown(map, id))).to.deep.equal([false, true, false]);
    // Every case is reported on 1 March: none in the window.
    expect(funnel.metrics!.stages.map((s) => s.reached)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
  });
});
