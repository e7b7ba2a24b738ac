/**
 * A grid that comes and goes inside a map (a dashboard switching panels) holds nothing once gone:
 * no deck layer, no WebGL context beyond the map's one; and it works again.
 */
import { expect } from 'chai';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import { countLiveWebGLContexts, mount, nextFrame, pixelAt, project, sleep, unmount, untilLiveWebGLContexts } from '../helpers';
import { centre, sampleGrid } from './fixtures';

const CYCLES = 50;

describe('<city-grid-layer> leaks', () => {
  it(`releases everything on each of ${CYCLES} disconnects from its map, and draws again when re-connected`, async function () {
    this.timeout(120000);
    const before = countLiveWebGLContexts();
    const map = mount<CityMap>('<city-map style="width:100%;height:100%"><city-grid-layer metric="events" fill-opacity="1" labels="none"></city-grid-layer></city-map>', 480, 320);
    try {
      const grid = map.querySelector('city-grid-layer') as CityGridLayer;
      grid.data = sampleGrid();
      await grid.rendered();
      const d2 = project(map, centre(2, 0, 4, 2));
      expect(pixelAt(map, ...d2)[3]).to.equal(255);
      const budget = countLiveWebGLContexts();
      expect(budget, 'the map holds one context').to.equal(before + 1);
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        grid.remove();
        map.append(grid);
        // Some cycles wait for a drawing; the others leave a frame later, while it is still being set up.
        if (cycle % 10 === 0) await grid.rendered();
        else await nextFrame();
      }
      grid.remove();
      await map.rendered();
      await sleep(100);
      expect(map.deck!.props.layers, 'deck layers of a removed grid').to.deep.equal([]);
      expect(countLiveWebGLContexts(), 'live WebGL contexts').to.equal(budget);
      map.append(grid);
      await grid.rendered();
      expect(grid.visibleIds).to.deep.equal(['D1', 'D2']);
      expect(pixelAt(map, ...d2)[3]).to.equal(255);
      expect(countLiveWebGLContexts()).to.equal(budget);
    } finally {
      unmount(map);
    }
    await untilLiveWebGLContexts(before);
    expect(countLiveWebGLContexts(), 'after the map is gone').to.equal(before);
  });
});
