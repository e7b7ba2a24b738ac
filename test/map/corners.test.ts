import { expect } from 'chai';
import { css, html } from 'lit';
import { property } from 'lit/decorators.js';
import '../../src/map/index';
import type { CityMap } from '../../src/map/city-map';
import { define } from '../../src/core/define';
import { MapLayerElement } from '../../src/map/map-layer-element';
import { stackCorners } from '../../src/map/corners';
import { mount, unmount, waitFor } from '../helpers';

/** A layer with no deck layers and one box in the bottom-left corner, of a size given by `box` ("WxH" or "none"). */
class TestBoxLayer extends MapLayerElement {
  static override styles = [
    ...MapLayerElement.styles,
    css`
      [part='legend'] {
        position: absolute;
        left: calc(12px + var(--city-stack-bottom-left-x, 0px));
        bottom: calc(12px + var(--city-stack-bottom-left, 0px));
      }
      .s80x40 { width: 80px; height: 40px; }
      .s80x25 { width: 80px; height: 25px; }
      .s300x30 { width: 300px; height: 30px; }
    `,
  ];
  @property({ attribute: 'box' }) box = '80x40';
  protected override cornerParts = { 'bottom-left': 'legend' } as const;
  get deckLayers() {
    return [];
  }
  get dataBounds() {
    return null;
  }
  async rendered() {
    await this.updateComplete;
  }
  override render() {
    return this.box === 'none' ? html`` : html`<div part="legend" class=${`s${this.box}`}></div>`;
  }
}
define('citykit-test-box-layer', TestBoxLayer);

/** [left, bottom] of the layer's box, from the map's left and bottom edges. */
function place(layer: Element, map: Element): [number, number] {
  const box = layer.shadowRoot?.querySelector('[part="legend"]');
  if (!box) return [Number.NaN, Number.NaN];
  const b = box.getBoundingClientRect();
  const m = map.getBoundingClientRect();
  return [Math.round(b.left - m.left), Math.round(m.bottom - b.bottom)];
}
const at = (layer: Element, map: Element, x: number, y: number) => () => {
  const [px, py] = place(layer, map);
  return px === x && py === y;
};

const zero = { x: 0, y: 0 };
const offsets = (bottomLeft: { x: number; y: number }, topLeft = zero) => ({ 'top-left': topLeft, 'top-right': zero, 'bottom-left': bottomLeft, 'bottom-right': zero });

describe('<city-map> corner stacking', () => {
  it('places later boxes beside earlier ones along the bottom when they fit, else above; top corners stack downwards', () => {
    const box = (width: number, height: number) => ({ width, height });
    expect(
      stackCorners(
        [
          { 'bottom-left': box(180, 120), 'top-left': box(150, 20) },
          { 'bottom-left': box(150, 40.2), 'top-left': box(100, 30) },
          {},
          { 'bottom-left': box(300, 60) }, // 180 + 8 + 150 + 8 + 300 > 600 − 24: above
          { 'bottom-left': box(0, 0) },
        ],
        600,
      ),
    ).to.deep.equal([
      offsets(zero),
      offsets({ x: 188, y: 0 }, { x: 0, y: 28 }),
      offsets({ x: 0, y: 128 }, { x: 0, y: 66 }), // no boxes: where one would go
      offsets({ x: 0, y: 128 }, { x: 0, y: 66 }),
      offsets({ x: 0, y: 196 }, { x: 0, y: 66 }),
    ]);
    // The opposite corner's widest box narrows the room: 100 + 8 + 100 > 400 − 24 − (190 + 8).
    const crowded = stackCorners([{ 'bottom-left': box(100, 20), 'bottom-right': box(190, 10) }, { 'bottom-left': box(100, 20) }], 400);
    expect(crowded[1]['bottom-left']).to.deep.equal({ x: 0, y: 28 });
  });

  it("keeps two layers' boxes from covering each other, and places them again when one changes or leaves", async () => {
    const map = mount<CityMap>(
      '<city-map style="width:100%;height:100%"><citykit-test-box-layer></citykit-test-box-layer><citykit-test-box-layer box="300x30"></citykit-test-box-layer></city-map>',
      400,
      300,
    );
    try {
      const [first, second] = [...map.querySelectorAll('citykit-test-box-layer')] as TestBoxLayer[];
      // 80 + 8 + 300 does not fit in 400 − 24: the wide box goes above the first.
      await waitFor(at(second, map, 12, 12 + 40 + 8));
      expect(place(first, map)).to.deep.equal([12, 12]);
      second.box = '80x25'; // now it fits beside
      await waitFor(at(second, map, 12 + 80 + 8, 12));
      first.box = 'none'; // no first box: the second takes the corner
      await waitFor(at(second, map, 12, 12));
      first.box = '80x40';
      await waitFor(at(second, map, 100, 12));
      first.remove(); // leaves the map
      await waitFor(at(second, map, 12, 12));
    } finally {
      unmount(map);
    }
  });
});
