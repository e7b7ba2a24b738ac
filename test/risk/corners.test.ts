/**
 * A risk layer on a map that already shows a grid: the grid's legend sits bottom-left, so the risk
 * layer's time slider (bottom-left too) runs beside it along the bottom when there is room, else
 * stacks above it — never over it; its own legend keeps the bottom-right corner.
 */
import { expect } from 'chai';
import '../../src/grid/index';
import '../../src/risk/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import { CORNER_GAP } from '../../src/map/corners';
import { mount, unmount, waitFor } from '../helpers/index';
import { sampleGrid } from '../grid/fixtures';

const rectOf = (layer: Element, selector: string) => layer.shadowRoot!.querySelector(selector)!.getBoundingClientRect();

describe('<city-risk-layer> corner boxes', () => {
  it('runs its time slider beside a grid legend in the bottom-left corner (above it when the map is too narrow); its legend stays bottom-right', async () => {
    const map = mount<CityMap>(
      '<city-map style="width:100%;height:100%" zoom="14" center="106.55,29.56"><city-grid-layer metric="events" labels="none"></city-grid-layer><city-risk-layer mode="points"></city-risk-layer></city-map>',
      900,
      500,
    );
    try {
      const grid = map.querySelector('city-grid-layer')!;
      (grid as unknown as { data: unknown }).data = sampleGrid();
      const risk = map.querySelector('city-risk-layer') as CityRiskLayer;
      risk.data = [
        { id: 'a', lon: 106.55, lat: 29.56, category: 'gas', level: 'major', time: '2024-05-01T08:00:00Z' },
        { id: 'b', lon: 106.552, lat: 29.56, category: 'gas', level: 'low', time: '2024-05-06T08:00:00Z' },
      ];
      await risk.rendered();
      const gridLegend = () => rectOf(grid, '[part~="legend"]');
      const slider = () => rectOf(risk, 'city-time-slider');
      // 900 px wide: room beside the legend (at least the slider's 260 px minimum).
      await waitFor(() => Math.round(slider().left - gridLegend().right) === CORNER_GAP);
      expect(Math.round(slider().bottom)).to.equal(Math.round(gridLegend().bottom));
      const mapRect = map.getBoundingClientRect();
      const legend = rectOf(risk, '[part="legends"]');
      expect(Math.round(mapRect.right - legend.right)).to.equal(12);
      expect(Math.round(mapRect.bottom - legend.bottom)).to.equal(12);
      // Without its legend the slider runs to the right edge.
      risk.hideLegend = true;
      await risk.rendered();
      expect(Math.round(slider().right)).to.equal(Math.round(mapRect.right - 12));
      // Narrower than legend + gap + 260 px + the opposite corner's box: the slider goes above the legend.
      risk.hideLegend = false;
      (map.parentElement as HTMLElement).style.width = '420px';
      await waitFor(() => Math.round(gridLegend().top - slider().bottom) === CORNER_GAP);
      expect(Math.round(slider().left)).to.equal(Math.round(map.getBoundingClientRect().left + 12));
    } finally {
      unmount(map);
    }
  });
});
