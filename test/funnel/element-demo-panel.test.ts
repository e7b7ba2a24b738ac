import { expect } from 'chai';
import { mountFunnelPanel, unitsWithin } from '../../demo/funnel-panel';
import type { CityClosureFunnel } from '../../src/funnel/index';

async function until(check: () => boolean, timeout = 20_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('demo funnel panel', () => {
  it('collects a unit and everything below it from the parent chain', () => {
    const units = new Map(
      [
        { id: 'S', name: 'street' },
        { id: 'C1', name: 'c1', parent: 'S' },
        { id: 'C2', name: 'c2', parent: 'S' },
        { id: 'G1', name: 'g1', parent: 'C1' },
        { id: 'M1', name: 'm1', parent: 'G1' },
        { id: 'X', name: 'loop', parent: 'Y' },
        { id: 'Y', name: 'loop', parent: 'X' },
      ].map((u) => [u.id, u]),
    );
    expect(unitsWithin('C1', units).sort()).to.deep.equal(['C1', 'G1', 'M1']);
    expect(unitsWithin('S', units).sort()).to.deep.equal(['C1', 'C2', 'G1', 'M1', 'S']);
    expect(unitsWithin('unknown', units)).to.deep.equal(['unknown']);
  });

  it('filters the funnel to the grid picked on the map, and the chip clears it', async () => {
    document.documentElement.lang = 'zh-CN';
    const container = document.createElement('div');
    container.style.cssText = 'position:relative;width:900px;height:600px';
    document.body.append(container);
    const dispose = mountFunnelPanel(container);
    try {
      const funnel = container.querySelector('city-closure-funnel') as CityClosureFunnel;
      await until(() => !!funnel.metrics && funnel.metrics.total > 0);
      const all = funnel.metrics!.total;
      const sample = (await (await fetch('/data-samples/cases-city-management.json')).json()) as { cases: Array<{ grid?: string }> };
      expect(all).to.equal(sample.cases.length);
      // The sample's ids nest by prefix (D1S1C24 ⊃ D1S1C24G03 ⊃ D1S1C24G03M02): an independent count.
      const expected = sample.cases.filter((c) => c.grid?.startsWith('D1S1C24')).length;

      document.dispatchEvent(
        new CustomEvent('city-grid-select', { detail: { id: 'D1S1C24', level: 'community', feature: { properties: { name: '某社区' } }, value: 1 } }),
      );
      await until(() => funnel.metrics!.total !== all);
      expect(funnel.metrics!.total).to.equal(expected);
      const chip = container.querySelector<HTMLElement>('.filter-chip')!;
      expect(chip.querySelector('.filter-chip-text')!.textContent).to.equal('筛选：某社区');
      expect(chip.style.display).to.equal('inline-flex');

      chip.querySelector('button')!.click();
      await until(() => funnel.metrics!.total === all);
      expect(chip.style.display).to.equal('none');
    } finally {
      dispose();
      container.remove();
    }
  });
});
