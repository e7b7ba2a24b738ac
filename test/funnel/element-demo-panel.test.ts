import { expect } from 'chai';
import '../../src/scope/index';
import { mountFunnelPanel } from '../../demo/funnel-panel';
import type { CityClosureFunnel } from '../../src/funnel/index';
import type { CityScope } from '../../src/scope/index';
import { waitFor } from '../helpers';

describe('demo funnel panel', () => {
  it('follows the dashboard scope with no linking code: a unit counts its cases and everything below it; the chip clears it', async () => {
    document.documentElement.lang = 'zh-CN';
    const scope = document.createElement('city-scope') as CityScope;
    scope.setAttribute('units-src', '/data-samples/grids.geojson');
    const container = document.createElement('div');
    container.style.cssText = 'position:relative;width:900px;height:600px';
    scope.append(container);
    document.body.append(scope);
    const dispose = mountFunnelPanel(container);
    try {
      const funnel = container.querySelector('city-closure-funnel') as CityClosureFunnel;
      await waitFor(() => !!funnel.metrics && funnel.metrics.total > 0);
      await scope.rendered();
      const all = funnel.metrics!.total;
      const sample = (await (await fetch('/data-samples/cases-city-management.json')).json()) as { cases: Array<{ grid?: string }> };
      expect(all).to.equal(sample.cases.length);
      // The sample's ids nest by prefix (D1S1C24 ⊃ D1S1C24G03 ⊃ D1S1C24G03M02): an independent count.
      const expected = sample.cases.filter((c) => c.grid?.startsWith('D1S1C24')).length;

      scope.selectUnit('D1S1C24', { interactive: true });
      await waitFor(() => funnel.metrics!.total !== all);
      expect(funnel.metrics!.total).to.equal(expected);
      const chip = funnel.shadowRoot!.querySelector<HTMLButtonElement>('[part="scope-chip"]')!;
      expect(chip.textContent!.replace(/\s+/g, ' ').trim()).to.match(/^范围：\S+ ✕$/);

      chip.click();
      await waitFor(() => funnel.metrics!.total === all);
      expect(scope.unit).to.equal(null);
      expect(funnel.shadowRoot!.querySelector('[part="scope-chip"]')).to.equal(null);
    } finally {
      dispose();
      scope.remove();
    }
  });
});
