/**
 * The life circle's deck.gl layer on its own, against a bare Deck: residences in the colour given
 * for each, facilities in their category's colour, and a pick names what is under the pointer
 * (residence or facility id and scene row, suggested site and rank), nothing beside them.
 */
import { expect } from 'chai';
import { WebMercatorViewport } from '@deck.gl/core';
import { IssueCollector } from '../../src/core/validation';
import { validateLifeCircleInput } from '../../src/life-circle/engine/validate';
import { LifeCircleLayer, type LifeCircleLayerProps, type LifeCirclePickingInfo } from '../../src/life-circle/view/life-circle-deck-layer';
import { buildScene } from '../../src/life-circle/view/scene';
import { bareDeck, drawLayers, imagePixelAt, readCanvas, type BareDeck } from '../helpers/index';
import { PROFILE, at, street } from './element-fixtures';

const WIDTH = 400;
const HEIGHT = 300;
const [longitude, latitude] = at(500, 0);
const VIEW = { longitude, latitude, zoom: 15 };
const RED = [200, 30, 40, 255];
const BLUE = [20, 60, 210, 255];
const GREEN = [30, 160, 60, 255];
const ORANGE = [0xff, 0x88, 0x00, 255];
// The light theme's highlight [31, 111, 235] at 160/255 over RED.
const HIGHLIGHTED_RED = [94, 81, 162, 255];

describe('LifeCircleLayer (deck.gl, bare Deck)', () => {
  let bare: BareDeck;
  const data = street();
  const tables = validateLifeCircleInput(data, { profile: PROFILE }, new IssueCollector(0));
  const scene = buildScene(tables, data.residences.features, tables.roads, null);
  const viewport = new WebMercatorViewport({ ...VIEW, width: WIDTH, height: HEIGHT });
  const pixel = (x: number, y: number) => viewport.project(at(x, y)) as [number, number];
  const pick = (x: number, y: number) => (bare.deck.pickObject({ x: pixel(x, y)[0], y: pixel(x, y)[1], radius: 0 }) as LifeCirclePickingInfo | null)?.target ?? null;
  const props = (extra: Partial<LifeCircleLayerProps> = {}) =>
    new LifeCircleLayer({
      id: 'life',
      scene,
      residenceColors: Uint8Array.from([...RED, ...BLUE, ...GREEN]),
      categoryColors: new Map([
        ['kindergarten', '#ff8800'],
        ['convenience-store', '#00aaff'],
        ['public-toilet', '#aa00ff'],
      ]),
      shownCategories: new Set(['kindergarten', 'convenience-store', 'public-toilet']),
      sites: [{ rank: 1, position: at(300, 200) }],
      ...extra,
    });

  before(async () => {
    bare = await bareDeck(VIEW, WIDTH, HEIGHT);
  });

  after(() => bare.destroy());

  it('draws each residence in its colour and each facility in its category colour', async () => {
    await drawLayers(bare.deck, [props()]);
    const image = readCanvas(bare.canvas);
    expect(imagePixelAt(image, ...pixel(100, 20))).to.deep.equal(RED); // h1
    expect(imagePixelAt(image, ...pixel(900, 20))).to.deep.equal(BLUE); // h2
    expect(imagePixelAt(image, ...pixel(500, 250))).to.deep.equal(GREEN); // h3
    expect(imagePixelAt(image, ...pixel(880, -10))).to.deep.equal(ORANGE); // k2, a kindergarten
    expect(imagePixelAt(image, ...pixel(300, -200))[3]).to.equal(0); // nothing there
  });

  it('names the picked residence, facility or site; beside them, no pick', async () => {
    await drawLayers(bare.deck, [props()]);
    expect(pick(100, 20)).to.deep.equal({ kind: 'residence', id: 'h1', row: 0 });
    expect(pick(500, 250)).to.deep.equal({ kind: 'residence', id: 'h3', row: 2 });
    expect(pick(850, -10)).to.deep.equal({ kind: 'facility', id: 'c1', row: 2 });
    expect(pick(300, 200)).to.deep.equal({ kind: 'site', rank: 1, row: 0 });
    expect(bare.deck.pickObject({ x: pixel(300, -200)[0], y: pixel(300, -200)[1], radius: 0 })).to.equal(null);
    // On a road (drawn, not pickable): nothing to pick either.
    expect(bare.deck.pickObject({ x: pixel(700, 0)[0], y: pixel(700, 0)[1], radius: 0 })).to.equal(null);
  });

  it('highlights the hovered object only, not the object of the same index in another sub-layer', async () => {
    const layer = props();
    await drawLayers(bare.deck, [layer]);
    const [x, y] = pixel(100, 20);
    const hovered = bare.deck.pickObject({ x, y, radius: 0 })!;
    expect((hovered as LifeCirclePickingInfo).target).to.deep.equal({ kind: 'residence', id: 'h1', row: 0 });
    // As deck.gl does on hover: the root layer updates its highlight with the hover's info.
    layer.updateAutoHighlight(hovered);
    await drawLayers(bare.deck, [layer]);
    const image = readCanvas(bare.canvas);
    expect(imagePixelAt(image, x, y)).to.deep.equal(HIGHLIGHTED_RED); // h1, residence 0
    expect(imagePixelAt(image, ...pixel(150, -10))).to.deep.equal(ORANGE); // k1, facility 0: untouched
    expect(imagePixelAt(image, ...pixel(900, 20))).to.deep.equal(BLUE); // h2
    layer.updateAutoHighlight({ ...hovered, picked: false, index: -1 });
  });

  it('draws only the shown categories, and a facility pick still names its scene row', async () => {
    await drawLayers(bare.deck, [props({ shownCategories: new Set(['convenience-store', 'public-toilet']) })]);
    expect(imagePixelAt(readCanvas(bare.canvas), ...pixel(880, -10))[3]).to.equal(0); // k2 hidden
    expect(pick(880, -10)).to.equal(null);
    // Drawn first now, so its pick index is 0; the target maps it back to scene row 2.
    expect(pick(850, -10)).to.deep.equal({ kind: 'facility', id: 'c1', row: 2 });
    expect(pick(520, 100)).to.deep.equal({ kind: 'facility', id: 't1', row: 3 });
  });
});
