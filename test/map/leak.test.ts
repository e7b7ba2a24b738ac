import { expect } from 'chai';
import '../../src/map/index';
import './test-layer';
import type { CityMap } from '../../src/map/city-map';
import { until } from '../helpers/dom';

describe('<city-map> memory', () => {
  it('leaves no live WebGL context after 200 connect/disconnect cycles', async function () {
    this.timeout(180000);
    const contexts: WebGL2RenderingContext[] = [];
    const realGetContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: unknown[]) {
      const context = (realGetContext as (...a: unknown[]) => unknown).apply(this, args);
      if (context && (args[0] === 'webgl2' || args[0] === 'webgl') && !contexts.includes(context as WebGL2RenderingContext)) {
        contexts.push(context as WebGL2RenderingContext);
      }
      return context;
    } as typeof realGetContext;
    const host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;width:200px;height:150px';
    document.body.append(host);
    const map = document.createElement('city-map') as CityMap;
    map.style.height = '100%';
    map.append(document.createElement('test-square-layer'));
    try {
      for (let cycle = 0; cycle < 200; cycle++) {
        host.append(map);
        // Every other cycle waits for a drawn frame; the others leave while the device is still being created.
        if (cycle % 2 === 0) await map.rendered();
        else await Promise.resolve();
        map.remove();
      }
      // Releasing a software WebGL context takes its own time on a busy machine: up to 5 s.
      const live = () => contexts.filter((gl) => !gl.isContextLost()).length;
      await until(() => live() === 0, 5000);
      expect(contexts.length).to.be.at.least(100);
      expect(live()).to.equal(0);
    } finally {
      HTMLCanvasElement.prototype.getContext = realGetContext;
      host.remove();
    }
  });
});
