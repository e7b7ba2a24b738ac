/**
 * A risk layer that comes and goes inside a map (a dashboard switching panels) holds nothing once
 * gone: no deck layer, no WebGL context beyond the map's one, no playback clock still stepping;
 * and it draws again when it comes back.
 */
import { expect } from 'chai';
import '../../src/risk/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';
import { collectEvents, countLiveWebGLContexts, mount, nextFrame, pixelAt, project, sleep, unmount, untilLiveWebGLContexts } from '../helpers/index';

const CYCLES = 50;
const risk = (id: string, lon: number, lat: number, level: string, time: string) => ({ id, lon, lat, category: 'gas', level, time });
const DATA = [
  risk('m', 106.545, 29.56, 'major', '2024-05-01T08:00:00Z'),
  risk('l', 106.555, 29.56, 'low', '2024-05-04T08:00:00Z'),
  risk('g', 106.55, 29.565, 'general', '2024-05-09T08:00:00Z'),
];

describe('<city-risk-layer> leaks', () => {
  it(`releases everything on each of ${CYCLES} disconnects from its map, and draws again when re-connected`, async function () {
    this.timeout(180000);
    const before = countLiveWebGLContexts();
    const map = mount<CityMap>('<city-map style="width:100%;height:100%" zoom="14" center="106.55,29.56"><city-risk-layer mode="points" window="1d" speed="30"></city-risk-layer></city-map>', 480, 320);
    try {
      const layer = map.querySelector('city-risk-layer') as CityRiskLayer;
      layer.data = DATA;
      await layer.rendered();
      const major = project(map, [106.545, 29.56]);
      expect(pixelAt(map, ...major).slice(0, 3)).to.deep.equal(RISK_COLORS_RGBA.major.slice(0, 3));
      const budget = countLiveWebGLContexts();
      expect(budget, 'the map holds one context').to.equal(before + 1);
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        layer.remove();
        // Every third cycle comes back playing (its slider's clock running) with new data being packed.
        if (cycle % 3 === 0) {
          layer.playing = true;
          layer.data = [...DATA];
        }
        map.append(layer);
        // Some cycles wait for a drawing; the others leave a frame later, while it is still being set up.
        if (cycle % 10 === 0) await layer.rendered();
        else await nextFrame();
      }
      layer.remove();
      await map.rendered();
      const steps = collectEvents(layer, 'city-time-change');
      await sleep(300);
      steps.stop();
      expect(steps.events.length, 'time steps of a removed layer').to.equal(0);
      expect(map.deck!.props.layers, 'deck layers of a removed layer').to.deep.equal([]);
      expect(countLiveWebGLContexts(), 'live WebGL contexts').to.equal(budget);
      layer.playing = false;
      layer.from = null;
      layer.to = null;
      map.append(layer);
      await layer.rendered();
      expect(layer.stats.shown).to.equal(3);
      expect(pixelAt(map, ...major).slice(0, 3)).to.deep.equal(RISK_COLORS_RGBA.major.slice(0, 3));
      expect(countLiveWebGLContexts()).to.equal(budget);
    } finally {
      unmount(map);
    }
    await untilLiveWebGLContexts(before);
    expect(countLiveWebGLContexts(), 'after the map is gone').to.equal(before);
  });
});
