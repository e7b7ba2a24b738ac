import { expect } from 'chai';
import { WebMercatorViewport } from '@deck.gl/core';
import { packRisks } from '../../src/risk/model/table';
import { compileFilter, type RiskFilter } from '../../src/risk/model/filter';
import { RiskHeatmapLayer, RiskLayer } from '../../src/risk/view/risk-layer';
import type { RiskMode } from '../../src/risk/model/attributes';
import { categoryBitMask } from '../../src/risk/view/filter-extension';
import { bareDeck, drawLayers, paintedPixels, readCanvas } from '../helpers/index';

// 200 records on a 20 × 10 lattice: the first 100 (south half) on 1 May, the rest on 5 May;
// even columns are gas, odd are bridge; rows alternate major / low.
const records = Array.from({ length: 200 }, (_, i) => ({
  id: `r${i}`,
  lon: 106.5 + (i % 20) * 0.004,
  lat: 29.54 + Math.floor(i / 20) * 0.004,
  category: i % 2 ? 'bridge' : 'gas',
  level: Math.floor(i / 20) % 2 ? 'low' : 'major',
  time: i < 100 ? '2024-05-01T12:00:00Z' : '2024-05-05T12:00:00Z',
}));
const { table } = packRisks(records);
const day = (d: number) => Date.UTC(2024, 4, d);

function layers(mode: Exclude<RiskMode, 'auto'>, filter: RiskFilter) {
  return [new RiskLayer({ id: 't', table, filter: compileFilter(table, filter), mode, heatRadius: 20, heatDomain: [1, 50], heatTextureSize: 1024, hexRadius: 150 })];
}

describe('GPU data filter per mode (deck.gl DataFilterExtension + aggregation fixes)', () => {
  it('builds the 128-bit category mask of two 64-key channels', () => {
    expect(Array.from(categoryBitMask([[0, 1, 33], [1, 4]]))).to.deep.equal([3, 2, 0b10010, 0]);
    expect(Array.from(categoryBitMask([[63], []]))).to.deep.equal([0, 2 ** 31, 0, 0]);
  });

  for (const mode of ['points', 'hex', 'heat'] as const) {
    it(`${mode}: a time window, a category and a level filter hide exactly what they should`, async () => {
      const view = { longitude: 106.538, latitude: 29.558, zoom: 13 };
      const { deck, canvas, destroy } = await bareDeck(view);
      try {
        const painted = async (filter: RiskFilter) => {
          await drawLayers(deck, layers(mode, filter));
          return paintedPixels(readCanvas(canvas));
        };
        const all = await painted({});
        const firstDays = await painted({ from: day(1), to: day(3) });
        const none = await painted({ from: day(10), to: day(20) });
        const gasOnly = await painted({ categories: ['gas'] });
        const majorOnly = await painted({ levels: ['major'] });
        const allAgain = await painted({});
        expect(all, 'something drawn').to.be.greaterThan(1000);
        expect(none, 'empty window').to.equal(0);
        expect(firstDays).to.be.greaterThan(0.2 * all).and.lessThan(0.8 * all);
        expect(gasOnly).to.be.greaterThan(0).and.lessThan(all);
        expect(majorOnly).to.be.greaterThan(0).and.lessThan(all);
        expect(allAgain).to.equal(all);

        // The south half (1 May) stays painted, the north half does not.
        await drawLayers(deck, layers(mode, { from: day(1), to: day(3) }));
        const image = readCanvas(canvas);
        const viewport = new WebMercatorViewport({ ...view, width: 400, height: 300 });
        const [, ySouth] = viewport.project([106.538, 29.548]);
        const [, yNorth] = viewport.project([106.538, 29.568]);
        const rowPainted = (y: number) => {
          let n = 0;
          for (let x = 0; x < 400; x++) if (image.data[(Math.round(y) * 400 + x) * 4 + 3] > 0) n++;
          return n;
        };
        expect(rowPainted(ySouth), 'south row').to.be.greaterThan(0);
        expect(rowPainted(yNorth), 'north row').to.equal(0);
      } finally {
        destroy();
      }
    });
  }

  it('heat: a filter change re-runs the weights pass on the same weights transform (no new GPU program model)', async () => {
    const { deck, canvas, destroy } = await bareDeck({ longitude: 106.538, latitude: 29.558, zoom: 13 });
    try {
      const heat = () => (deck as unknown as { layerManager: { getLayers(): unknown[] } }).layerManager.getLayers().find((l) => l instanceof RiskHeatmapLayer) as RiskHeatmapLayer;
      const transform = () => (heat().state as unknown as { weightsTransform: object }).weightsTransform;
      await drawLayers(deck, layers('heat', {}));
      const all = paintedPixels(readCanvas(canvas));
      const first = transform();
      await drawLayers(deck, layers('heat', { from: day(1), to: day(3) }));
      const windowed = paintedPixels(readCanvas(canvas));
      await drawLayers(deck, layers('heat', { categories: ['gas'] }));
      expect(windowed).to.be.greaterThan(0).and.lessThan(all);
      expect(transform()).to.equal(first);
    } finally {
      destroy();
    }
  });
});
