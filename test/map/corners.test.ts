import { expect } from 'chai';
import { css, html } from 'lit';
import { property } from 'lit/decorators.js';
import '../../src/map/index';
import type { CityMap } from '../../src/map/city-map';
import { define } from '../../src/core/define';
import { MapLayerElement } from '../../src/map/map-layer-element';
import { stackCorners } from '../../src/map/corners';
import { mount, unmount, waitFor } from '../helpers';

/** A layer with no deck layers and one legend box of a given height in the bottom-left corner. */
class TestLegendLayer extends MapLayerElement {
  static override styles = [
    ...MapLayerElement.styles,
    css`
      [part='legend'] {
        position: absolute;
        left: 12px;
        bottom: calc(12px + var(--city-stack-bottom-left, 0px));
        width: 80px;
      }
      .h40 { height: 40px; }
      .h25 { height: 25px; }
    `,
  ];
  @property({ attribute: 'box' }) box: 'h40' | 'h25' | 'none' = 'h40';
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
    return this.box === 'none' ? html`` : html`<div part="legend" class=${this.box}></div>`;
  }
}
define('citykit-test-legend-layer', TestLegendLayer);

/** Distance from the map's bottom edge to the layer's legend box (NaN before it renders). */
function legendBottom(layer: Element, map: Element): number {
  const box = layer.shadowRoot?.querySelector('[part="legend"]');
  return box ? Math.round(map.getBoundingClientRect().bottom - box.getBoundingClientRect().bottom) : Number.NaN;
}

describe('<city-map> corner stacking', () => {
  it('stacks corner boxes in layer order with a gap, per corner', () => {
    expect(stackCorners([{ 'bottom-left': 40, 'top-left': 20 }, { 'bottom-left': 25.2 }, {}, { 'bottom-left': 10 }])).to.deep.equal([
      { 'top-left': 0, 'top-right': 0, 'bottom-left': 0, 'bottom-right': 0 },
      { 'top-left': 28, 'top-right': 0, 'bottom-left': 48, 'bottom-right': 0 },
      { 'top-left': 28, 'top-right': 0, 'bottom-left': 82, 'bottom-right': 0 },
      { 'top-left': 28, 'top-right': 0, 'bottom-left': 82, 'bottom-right': 0 },
    ]);
    expect(stackCorners([{ 'bottom-left': 0 }, { 'bottom-left': Number.NaN }, { 'bottom-left': 5 }])[2]['bottom-left']).to.equal(0);
  });

  it("keeps two layers' legends from covering each other, and restacks when one changes or leaves", async () => {
    const map = mount<CityMap>(
      '<city-map style="width:100%;height:100%"><citykit-test-legend-layer></citykit-test-legend-layer><citykit-test-legend-layer box="h25"></citykit-test-legend-layer></city-map>',
      400,
      300,
    );
    try {
      const [first, second] = [...map.querySelectorAll('citykit-test-legend-layer')] as TestLegendLayer[];
      await waitFor(() => legendBottom(second, map) === 12 + 40 + 8);
      expect(legendBottom(first, map)).to.equal(12);
      first.box = 'h25'; // the first box shrinks: the second follows it down
      await waitFor(() => legendBottom(second, map) === 12 + 25 + 8);
      first.box = 'none'; // no box: the second takes the corner
      await waitFor(() => legendBottom(second, map) === 12);
      first.box = 'h40';
      await waitFor(() => legendBottom(second, map) === 60);
      first.remove(); // leaves the map
      await waitFor(() => legendBottom(second, map) === 12);
    } finally {
      unmount(map);
    }
  });
});
