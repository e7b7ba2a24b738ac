/**
 * The grid's deck.gl layer on its own, against a bare Deck: it fills each unit with the colour
 * given for it, and a pick names the unit under the pointer (index, id, feature), nothing off it.
 */
import { expect } from 'chai';
import { WebMercatorViewport } from '@deck.gl/core';
import { GridLayer, type GridPickingInfo } from '../../src/grid/view/grid-layer';
import { STYLES } from '../../src/grid/city-grid-layer.styles';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { buildPolygonPack } from '../../src/grid/model/pack';
import { validateGridCollection } from '../../src/grid/model/validate';
import { bareDeck, drawLayers, imagePixelAt, readCanvas, type BareDeck } from '../helpers';
import { centre, sampleGrid } from './fixtures';

const WIDTH = 400;
const HEIGHT = 300;
const VIEW = { longitude: 116.02, latitude: 39.91, zoom: 12 };
const RED = [200, 30, 40, 255];
const BLUE = [20, 60, 210, 255];

describe('GridLayer (deck.gl, bare Deck)', () => {
  let bare: BareDeck;
  const index = new GridIndex(validateGridCollection(sampleGrid()).units);
  const districts = index.unitsAt('district');
  const [d1, d2] = [index.indexOf('D1'), index.indexOf('D2')];
  const viewport = new WebMercatorViewport({ ...VIEW, width: WIDTH, height: HEIGHT });
  const at = (lonLat: [number, number]) => viewport.project(lonLat) as [number, number];

  before(async () => {
    bare = await bareDeck(VIEW, WIDTH, HEIGHT);
    const colors = new Uint8Array(index.size * 4);
    colors.set(RED, d1 * 4);
    colors.set(BLUE, d2 * 4);
    const layer = new GridLayer({
      id: 'grid',
      index,
      pack: buildPolygonPack(index, districts),
      colors,
      colorVersion: 1,
      showLabels: false,
      pickable: true,
      style: { ...STYLES.light, fillOpacity: 1 },
    });
    await drawLayers(bare.deck, [layer]);
  });

  after(() => bare.destroy());

  it('fills each unit with its colour', () => {
    expect(Array.from(districts, (u) => index.ids[u])).to.deep.equal(['D1', 'D2']);
    const image = readCanvas(bare.canvas);
    expect(imagePixelAt(image, ...at(centre(0, 0, 1, 1)))).to.deep.equal(RED); // inside D1, off its outline
    expect(imagePixelAt(image, ...at(centre(2, 0, 4, 2)))).to.deep.equal(BLUE);
    expect(imagePixelAt(image, ...at(centre(0, 2, 1, 2.5)))[3]).to.equal(0); // north of the grid: nothing drawn
  });

  it('names the picked unit: its index, id and feature; off the units, no pick', () => {
    const [x, y] = at(centre(2, 0, 4, 2));
    const info = bare.deck.pickObject({ x, y }) as GridPickingInfo | null;
    expect(info).to.not.equal(null);
    expect([info!.unit, info!.id, info!.object?.properties?.id]).to.deep.equal([d2, 'D2', 'D2']);
    const [x1, y1] = at(centre(0, 0, 1, 1));
    expect((bare.deck.pickObject({ x: x1, y: y1 }) as GridPickingInfo | null)?.id).to.equal('D1');
    const [ox, oy] = at(centre(0, 2, 1, 2.5));
    expect(bare.deck.pickObject({ x: ox, y: oy })).to.equal(null);
  });

  it('keeps an outline sub-layer once drawn, empty when unused, with the same rings while its unit stays', async () => {
    const colors = new Uint8Array(index.size * 4);
    const props = { id: 'grid', index, pack: buildPolygonPack(index, districts), colors, colorVersion: 1, showLabels: false, style: { ...STYLES.light, fillOpacity: 1 } };
    const outline = (id: string) => {
      const grid = (bare.deck as unknown as { layerManager: { getLayers(): { id: string; props: { data: unknown } }[] } }).layerManager.getLayers();
      return grid.find((l) => l.id === `grid-${id}`);
    };
    await drawLayers(bare.deck, [new GridLayer({ ...props, selectedUnit: d1 })]);
    const rings = outline('selected')!.props.data;
    expect((rings as unknown[]).length).to.equal(1);
    expect(outline('hover')).to.equal(undefined);
    await drawLayers(bare.deck, [new GridLayer({ ...props, selectedUnit: d1, hoverUnit: d2 })]);
    expect(outline('selected')!.props.data).to.equal(rings);
    expect((outline('hover')!.props.data as unknown[]).length).to.equal(1);
    await drawLayers(bare.deck, [new GridLayer({ ...props })]);
    expect(outline('selected')!.props.data).to.deep.equal([]);
    expect(outline('hover')!.props.data).to.deep.equal([]);
    expect(outline('focus')).to.equal(undefined);
  });
});
