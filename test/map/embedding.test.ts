/**
 * Where a host app may put a map: inside a closed shadow root (a framework component that hides its
 * DOM) and in an iframe (a portal embedding a dashboard page). Both draw their layer, and the
 * closed-root map gives its WebGL context back when removed.
 */
import { expect } from 'chai';
import '../../src/map/index';
import './test-layer';
import type { CityMap } from '../../src/map/city-map';
import { mapCanvas, pixelAt, waitFor } from '../helpers';

const MARKUP = '<city-map style="display:block;width:300px;height:200px" center="116.02,39.91" zoom="12"><test-square-layer></test-square-layer></city-map>';
const RED = [255, 0, 0, 255];

describe('<city-map> embedded by a host app', function () {
  this.timeout(60_000);
  let host: HTMLElement | undefined;
  afterEach(() => {
    host?.remove();
    host = undefined;
  });

  it('draws in a closed shadow root, and releases its context when removed', async () => {
    host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = MARKUP;
    const map = root.querySelector<CityMap>('city-map')!;
    await map.rendered();
    // The test square covers the centre of the view; a corner is background.
    expect(pixelAt(map, 150, 100)).to.deep.equal(RED);
    expect(pixelAt(map, 2, 2)).to.not.deep.equal(RED);
    const gl = mapCanvas(map).getContext('webgl2')!;
    expect(gl.isContextLost()).to.equal(false);
    map.remove();
    await waitFor(() => gl.isContextLost(), 5000);
  });

  it('draws in an iframe (the frame’s own window, registry and context budget)', async () => {
    const frame = document.createElement('iframe');
    frame.width = '320';
    frame.height = '220';
    frame.src = new URL('./pages/frame-page.html', import.meta.url).pathname;
    host = frame;
    document.body.append(frame);
    const frameWindow = () => frame.contentWindow as (Window & { mapReady?: Promise<CityMap> }) | null;
    await waitFor(() => frameWindow()?.mapReady !== undefined, 20_000);
    const map = await frameWindow()!.mapReady!;
    expect(map.ownerDocument).to.not.equal(document);
    expect(pixelAt(map, 150, 100)).to.deep.equal(RED);
    expect(pixelAt(map, 2, 2)).to.not.deep.equal(RED);
  });
});
