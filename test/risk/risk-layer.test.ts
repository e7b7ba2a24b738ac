import { expect } from 'chai';
import { WebMercatorViewport } from '@deck.gl/core';
import { RiskLayer, type RiskPickingInfo } from '../../src/risk/view/risk-layer';
import { packRisks, rowOfId } from '../../src/risk/model/table';
import { compileFilter } from '../../src/risk/model/filter';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';
import { bareDeck, drawLayers, imagePixelAt, paintedPixels, readCanvas, type BareDeck } from '../helpers/index';

const VIEW = { longitude: 106.55, latitude: 29.56, zoom: 14 };
const viewport = new WebMercatorViewport({ ...VIEW, width: 400, height: 300 });
const at = (lon: number, lat: number) => viewport.project([lon, lat]) as [number, number];
const risk = (id: string, lon: number, lat: number, level: string) => ({ id, lon, lat, category: 'gas', level });

function riskLayer(records: unknown[], mode: 'points' | 'hex') {
  const { table } = packRisks(records);
  return { table, layer: new RiskLayer({ id: 'risk', table, filter: compileFilter(table), mode, pickable: true }) };
}

const pick = (deck: BareDeck['deck'], [x, y]: [number, number]) => deck.pickObject({ x, y, radius: 0 }) as RiskPickingInfo | null;

describe('RiskLayer (deck.gl composite) on a bare Deck', () => {
  let bare: BareDeck;
  beforeEach(async () => {
    bare = await bareDeck(VIEW);
  });
  afterEach(() => bare.destroy());

  it('points: draws a major record in the major colour at its pixel and picks it as that record', async () => {
    const { table, layer } = riskLayer([risk('low-1', 106.555, 29.56, 'low'), risk('major-1', 106.545, 29.56, 'major')], 'points');
    await drawLayers(bare.deck, [layer]);
    const image = readCanvas(bare.canvas);
    expect(imagePixelAt(image, ...at(106.545, 29.56))).to.deep.equal([...RISK_COLORS_RGBA.major]);
    expect(imagePixelAt(image, ...at(106.555, 29.56))).to.deep.equal([...RISK_COLORS_RGBA.low]);
    expect(pick(bare.deck, at(106.545, 29.56))?.object).to.deep.equal({ kind: 'record', row: rowOfId(table, 'major-1'), id: 'major-1', level: 'major' });
    expect(pick(bare.deck, at(106.555, 29.56))?.object).to.deep.equal({ kind: 'record', row: rowOfId(table, 'low-1'), id: 'low-1', level: 'low' });
    expect(pick(bare.deck, [5, 5])).to.equal(null);
  });

  it('hex: a pick reports the cell’s record count and highest level; outside the cells, nothing', async () => {
    const spot = [106.55, 29.56] as const;
    await drawLayers(bare.deck, [riskLayer([risk('a', ...spot, 'low'), risk('b', ...spot, 'major'), risk('c', ...spot, 'general')], 'hex').layer]);
    const image = readCanvas(bare.canvas);
    expect(paintedPixels(image)).to.be.greaterThan(100);
    // One cell holds all three records: pick the painted pixel nearest to them.
    const [sx, sy] = at(...spot);
    let nearest: [number, number] | null = null;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        if (imagePixelAt(image, x, y)[3] === 0) continue;
        if (!nearest || Math.hypot(x - sx, y - sy) < Math.hypot(nearest[0] - sx, nearest[1] - sy)) nearest = [x, y];
      }
    }
    expect(pick(bare.deck, nearest!)?.object).to.deep.equal({ kind: 'cell', count: 3, level: 'major' });
    expect(imagePixelAt(image, 5, 5)[3]).to.equal(0);
    expect(pick(bare.deck, [5, 5])).to.equal(null);
  });
});
