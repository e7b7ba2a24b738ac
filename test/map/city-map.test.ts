import { expect } from 'chai';
import axe from 'axe-core';
import '../../src/map/index';
import './test-layer';
import type { CityMap, CityViewChangeDetail } from '../../src/map/city-map';
import type { TestSquareLayer } from './test-layer';
import { clickAt, doubleClickAt, hoverAt, mapCanvas, mount, nextEvent, nextFrame, pixelAt, project, unmount, waitFor } from '../helpers';

const full = 'style="width:100%;height:100%"';

describe('<city-map>', () => {
  let map: CityMap | undefined;
  afterEach(() => {
    unmount(map);
    map = undefined;
  });

  it('draws its child layers into one canvas sized to the host, before rendered() resolves', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer></city-map>`, 400, 300);
    await map.rendered();
    const canvases = map.shadowRoot!.querySelectorAll('canvas');
    expect(canvases.length).to.equal(1);
    expect([canvases[0].width, canvases[0].height]).to.deep.equal([400, 300]);
    const [x, y] = project(map, [116.02, 39.91]);
    expect(pixelAt(map, x, y)).to.deep.equal([255, 0, 0, 255]);
    expect(pixelAt(map, 2, 2)).to.deep.equal([0, 0, 0, 0]); // no basemap: transparent over the background
  });

  it('waits for a late-loading layer with at most one redraw per animation frame', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer></city-map>`, 400, 300);
    await map.rendered();
    const layer = map.querySelector('test-square-layer')!;
    const redraws = () => (map!.deck as unknown as { stats: { get(name: string): { count: number } } }).stats.get('Redraw Count').count;
    let frames = 0;
    let counting = true;
    const tick = () => {
      frames++;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const before = redraws();
    const start = performance.now();
    layer.readyAt = start + 600;
    layer.refresh();
    await map.rendered();
    counting = false;
    const drawn = redraws() - before;
    expect(performance.now() - start, 'rendered() waited for the layer').to.be.at.least(600);
    // How many frames pass in 600 ms depends on the machine's load; what is checked is relative to them:
    // deck.gl's own frame plus at most one "look again" per frame, no pile-up while it waits.
    expect(frames).to.be.greaterThan(0);
    expect(drawn).to.be.at.most(2 * frames + 2);
  });

  it('fits to its children’s data when no view is given', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer></city-map>`, 400, 300);
    await map.rendered();
    const view = map.viewState;
    // 0.04° of longitude in 400 − 2 × 40 px: 512 × 2^z × 0.04 / 360 = 320 → z = log2(5625) = 12.4576.
    expect(view.zoom).to.be.closeTo(Math.log2(5625), 1e-6);
    expect(view.longitude).to.be.closeTo(116.02, 1e-9);
    expect(view.latitude).to.be.closeTo(39.91, 1e-5);
  });

  it('keeps a view given by attributes and moves when they change', async () => {
    map = mount<CityMap>(`<city-map ${full} center="116.4,39.9" zoom="10" pitch="30" bearing="15"><test-square-layer></test-square-layer></city-map>`);
    await map.rendered();
    expect(map.viewState).to.deep.equal({ longitude: 116.4, latitude: 39.9, zoom: 10, pitch: 30, bearing: 15 });
    const change = nextEvent<CityViewChangeDetail>(map, 'city-view-change');
    map.setAttribute('zoom', '11');
    const { detail } = await change;
    expect(detail).to.deep.equal({ longitude: 116.4, latitude: 39.9, zoom: 11, pitch: 30, bearing: 15, interactive: false });
    map.center = [116, 40];
    await map.updateComplete;
    expect(map.viewState.longitude).to.equal(116);
    expect(map.viewState.latitude).to.equal(40);
  });

  it('ends an instant move made during an animated one where the instant move asked, and draws it', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer></city-map>`, 400, 300);
    map.fitBounds([116, 39.9, 116.04, 39.93], { duration: 0 });
    await map.rendered();
    const home = map.viewState;
    const before = mapCanvas(map).toDataURL();
    for (const delay of [0, 1, 60]) {
      map.fitBounds([116.1, 40, 116.11, 40.01], { duration: 350 }); // away, animated
      await new Promise((resolve) => setTimeout(resolve, delay));
      map.fitBounds([116, 39.9, 116.04, 39.93], { duration: 0 }); // back, at once
      await map.rendered();
      expect(map.viewState, `after ${delay} ms`).to.deep.equal(home);
      await new Promise((resolve) => setTimeout(resolve, 400)); // past the animation's end
      expect(map.viewState, `${delay} ms, later`).to.deep.equal(home);
    }
    await map.rendered();
    expect(mapCanvas(map).toDataURL()).to.equal(before);
  });

  it('zooms with its buttons and reports the move', async () => {
    map = mount<CityMap>(`<city-map ${full} center="116,39.9" zoom="10"></city-map>`);
    await map.rendered();
    const changes: number[] = [];
    map.addEventListener('city-view-change', (e) => changes.push(e.detail.zoom));
    const zoomIn = map.shadowRoot!.querySelector<HTMLButtonElement>('[part="controls"] button')!;
    expect(zoomIn.getAttribute('aria-label')).to.equal('放大');
    zoomIn.click();
    await map.rendered();
    expect(map.viewState.zoom).to.equal(11);
    expect(changes[changes.length - 1]).to.equal(11);
    expect(map.zoom).to.equal(11);
  });

  it('pans with the keyboard when its canvas has focus', async () => {
    map = mount<CityMap>(`<city-map ${full} center="116,39.9" zoom="10"></city-map>`);
    await map.rendered();
    const canvas = mapCanvas(map);
    canvas.focus();
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', code: 'ArrowRight', bubbles: true, composed: true }));
    await new Promise((r) => setTimeout(r, 400));
    await map.rendered();
    expect(map.viewState.longitude).to.be.greaterThan(116);
  });

  it('orders layers by DOM order and drops a removed child', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer id="a"></test-square-layer><test-square-layer id="b"></test-square-layer></city-map>`);
    const [a, b] = [map.querySelector<TestSquareLayer>('#a')!, map.querySelector<TestSquareLayer>('#b')!];
    await map.rendered();
    const ids = () => (map!.deck!.props.layers as { id: string }[]).map((l) => l.id);
    expect(ids()).to.deep.equal([a.layerId, b.layerId]);
    map.insertBefore(b, a);
    await map.rendered();
    expect(ids()).to.deep.equal([b.layerId, a.layerId]);
    b.remove();
    await map.rendered();
    expect(ids()).to.deep.equal([a.layerId]);
  });

  it('routes hover, click and double-click to the child that owns the picked layer', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer id="a"></test-square-layer><test-square-layer id="b"></test-square-layer></city-map>`);
    const [a, b] = [map.querySelector<TestSquareLayer>('#a')!, map.querySelector<TestSquareLayer>('#b')!];
    a.square = [116, 39.9, 116.02, 39.92];
    b.square = [116.02, 39.9, 116.04, 39.92];
    a.refresh();
    await map.rendered();
    const [bx, by] = project(map, [116.03, 39.91]);
    await hoverAt(map, bx, by);
    expect(b.hovered).to.deep.equal([b.layerId]);
    expect(a.hovered).to.deep.equal([]);
    const [ax, ay] = project(map, [116.01, 39.91]);
    await hoverAt(map, ax, ay);
    expect(b.hovered).to.deep.equal([b.layerId, null]);
    expect(a.hovered).to.deep.equal([a.layerId]);
    await clickAt(map, ax, ay);
    expect(a.clicked).to.deep.equal([a.layerId]);
    expect(b.clicked).to.deep.equal([]);
    await doubleClickAt(map, ax, ay);
    expect(a.doubleClicked).to.deep.equal([a.layerId]);
    await doubleClickAt(map, 2, 2); // nothing picked: the top child is asked first
    expect(b.doubleClicked).to.deep.equal([null]);
  });

  it('takes a press as a click however long the pick on press takes (a software GPU over many polygons)', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer id="a"></test-square-layer></city-map>`);
    const a = map.querySelector<TestSquareLayer>('#a')!;
    a.square = [116, 39.9, 116.02, 39.92];
    a.refresh();
    await map.rendered();
    const [x, y] = project(map, [116.01, 39.91]);
    const canvas = mapCanvas(map);
    const rect = canvas.getBoundingClientRect();
    const at = { bubbles: true, composed: true, cancelable: true, clientX: rect.left + x, clientY: rect.top + y, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0 };
    // The gesture recogniser reads Date.now(): the release comes 2 s after the press as it sees them.
    const realNow = Date.now;
    let offset = 0;
    Date.now = () => realNow() + offset;
    try {
      canvas.dispatchEvent(new PointerEvent('pointerdown', { ...at, buttons: 1 }));
      offset = 2000;
      canvas.dispatchEvent(new PointerEvent('pointerup', { ...at, buttons: 0 }));
      canvas.dispatchEvent(new MouseEvent('click', at));
    } finally {
      Date.now = realNow;
    }
    await nextFrame();
    expect(a.clicked).to.deep.equal([a.layerId]);
  });

  it('lets the top child handle keys before the map does', async () => {
    map = mount<CityMap>(`<city-map ${full} center="116,39.9" zoom="10"><test-square-layer id="a"></test-square-layer><test-square-layer id="b"></test-square-layer></city-map>`);
    const [a, b] = [map.querySelector<TestSquareLayer>('#a')!, map.querySelector<TestSquareLayer>('#b')!];
    await map.rendered();
    b.handleKeys = true;
    const canvas = mapCanvas(map);
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await new Promise((r) => setTimeout(r, 400));
    expect(b.keys).to.deep.equal(['ArrowRight']);
    expect(a.keys).to.deep.equal([]);
    expect(map.viewState.longitude).to.equal(116); // handled: the map did not pan
  });

  it('keeps pointer events in slotted overlays and lets them pass through the layer area', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer><button slot="top-left">图层</button></city-map>`);
    await map.rendered();
    const button = map.querySelector('button')!;
    const rect = button.getBoundingClientRect();
    expect(rect.left).to.equal(12);
    expect(document.elementFromPoint(rect.left + 4, rect.top + 4)).to.equal(button);
    const mapRect = map.getBoundingClientRect();
    expect(map.shadowRoot!.elementFromPoint(mapRect.left + mapRect.width / 2, mapRect.top + mapRect.height / 2)).to.equal(mapCanvas(map));
    const controls = map.shadowRoot!.querySelector('[part="controls"]')!.getBoundingClientRect();
    expect(map.shadowRoot!.elementFromPoint(controls.left + 4, controls.top + 4)!.closest('[part="controls"]')).to.not.equal(null);
  });

  it('follows its container size', async () => {
    map = mount<CityMap>(`<city-map ${full}></city-map>`, 400, 300);
    await map.rendered();
    map.parentElement!.style.height = '200px';
    await waitFor(() => mapCanvas(map!).height === 200);
    await map.rendered();
    expect([mapCanvas(map).width, mapCanvas(map).height]).to.deep.equal([400, 200]);
  });

  it('exports a PNG of canvas and overlays at the map size', async () => {
    map = mount<CityMap>(`<city-map ${full} theme="dark"><test-square-layer></test-square-layer></city-map>`, 400, 300);
    await map.rendered();
    const blob = await map.toImage();
    expect(blob.type).to.equal('image/png');
    const bitmap = await createImageBitmap(blob);
    expect([bitmap.width, bitmap.height]).to.deep.equal([400, 300]);
    const probe = document.createElement('canvas');
    probe.width = 400;
    probe.height = 300;
    const context = probe.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const [x, y] = project(map, [116.02, 39.91]);
    expect(Array.from(context.getImageData(Math.round(x), Math.round(y), 1, 1).data)).to.deep.equal([255, 0, 0, 255]);
    // The dark big-screen background, not transparent, where there is no data.
    expect(Array.from(context.getImageData(2, 2, 1, 1).data)).to.deep.equal([7, 17, 31, 255]);
  });

  it('exports at `scale` output pixels per CSS pixel', async () => {
    map = mount<CityMap>(`<city-map ${full} theme="dark"><test-square-layer></test-square-layer></city-map>`, 400, 300);
    await map.rendered();
    const [x, y] = project(map, [116.02, 39.91]);
    for (const [scale, width, height] of [[1, 400, 300], [2, 800, 600], [0.5, 200, 150]]) {
      const bitmap = await createImageBitmap(await map.toImage({ scale }));
      expect([bitmap.width, bitmap.height], `scale ${scale}`).to.deep.equal([width, height]);
      const probe = new OffscreenCanvas(width, height).getContext('2d')!;
      probe.drawImage(bitmap, 0, 0);
      // The same picture, scaled: the square at its projected place, the background in the corner.
      expect(Array.from(probe.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data), `scale ${scale}`).to.deep.equal([255, 0, 0, 255]);
      expect(Array.from(probe.getImageData(1, 1, 1, 1).data), `scale ${scale}`).to.deep.equal([7, 17, 31, 255]);
    }
  });

  it('rejects an unusable export scale with an Error naming the map', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer></city-map>`, 400, 300);
    await map.rendered();
    const failures: string[] = [];
    for (const options of [{ scale: 0 }, { scale: -1 }, { scale: Number.NaN }, { scale: Infinity }, { scale: '2' }, { scale: 100 }, 2]) {
      try {
        await map.toImage(options as never);
        failures.push(`accepted ${JSON.stringify(options)}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    expect(failures).to.deep.equal([
      '<city-map>: toImage() scale must be a positive number, got 0',
      '<city-map>: toImage() scale must be a positive number, got -1',
      '<city-map>: toImage() scale must be a positive number, got NaN',
      '<city-map>: toImage() scale must be a positive number, got Infinity',
      '<city-map>: toImage() scale must be a positive number, got "2"',
      '<city-map>: toImage() scale 100 gives 40000 px, more than the 16384 px an image side may have',
      '<city-map>: toImage() options must be an object like {scale: 2}, got 2',
    ]);
    // Still exports afterwards.
    const bitmap = await createImageBitmap(await map.toImage({}));
    expect([bitmap.width, bitmap.height]).to.deep.equal([400 * devicePixelRatio, 300 * devicePixelRatio]);
  });

  it('has a full-screen control and a dark theme', async () => {
    map = mount<CityMap>(`<city-map ${full} theme="dark"></city-map>`);
    await map.rendered(); // the canvas exists once the map is in view
    const buttons = [...map.shadowRoot!.querySelectorAll('[part="controls"] button')].map((b) => b.getAttribute('aria-label'));
    expect(buttons).to.deep.equal(['放大', '缩小', '全屏']);
    expect(getComputedStyle(map).backgroundColor).to.equal('rgb(7, 17, 31)');
    map.lang = 'en';
    await map.updateComplete;
    expect(mapCanvas(map).getAttribute('aria-label')).to.equal('Map');
  });

  it('makes no tile request without a basemap, and draws tiles from the template when given one', async () => {
    const requested: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      requested.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    };
    try {
      map = mount<CityMap>(`<city-map ${full} center="116,39.9" zoom="3"><test-square-layer></test-square-layer></city-map>`);
      await map.rendered();
      expect(requested).to.deep.equal([]);
      const layersBefore = (map.deck!.props.layers as { id: string }[]).map((l) => l.id);
      expect(layersBefore).to.not.include('city-basemap');
      map.basemap = '/test/fixtures/no-such-tiles/{z}/{x}/{y}.png';
      await waitFor(() => (map!.deck!.props.layers as { id: string }[])[0].id === 'city-basemap');
      await waitFor(() => requested.length > 0);
      expect(requested.every((url) => /\/test\/fixtures\/no-such-tiles\/\d+\/\d+\/\d+\.png$/.test(url))).to.equal(true);
      await map.rendered(); // failed tiles count as settled: export still works with a broken tile server
      const basemapMaxZoom = () => (map!.deck!.props.layers as unknown as { props: { maxZoom: number } }[])[0].props.maxZoom;
      expect(basemapMaxZoom()).to.equal(18);
      map.maxZoom = 12; // tiles past the map's own limit are never asked for
      await waitFor(() => basemapMaxZoom() === 12);
      map.basemap = undefined;
      await waitFor(() => (map!.deck!.props.layers as { id: string }[])[0].id !== 'city-basemap');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('shows a message when the WebGL context is lost and draws again once it is restored', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer></city-map>`);
    await map.rendered();
    const gl = mapCanvas(map).getContext('webgl2')!;
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const error = nextEvent<{ code: string }>(map, 'city-error');
    lose.loseContext();
    expect((await error).detail.code).to.equal('webgl-context-lost');
    await map.updateComplete;
    const panel = map.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.getAttribute('role')).to.equal('alert');
    expect(panel.textContent).to.contain('WebGL 上下文丢失');
    // Chromium ignores a restore requested in the same turn as the loss.
    await new Promise((r) => setTimeout(r, 50));
    lose.restoreContext();
    await map.rendered();
    await map.updateComplete;
    expect(map.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    const [x, y] = project(map, [116.02, 39.91]);
    expect(pixelAt(map, x, y)).to.deep.equal([255, 0, 0, 255]);
  });

  it('reports a browser without WebGL instead of throwing', async () => {
    const realGetContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      if (type === 'webgl2' || type === 'webgl') return null;
      return (realGetContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
    } as typeof realGetContext;
    try {
      map = mount<CityMap>(`<city-map ${full}></city-map>`);
      const error = await nextEvent<{ code: string }>(map, 'city-error');
      expect(error.detail.code).to.equal('webgl-unavailable');
      await map.updateComplete;
      expect(map.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('WebGL');
    } finally {
      HTMLCanvasElement.prototype.getContext = realGetContext;
    }
  });

  it('has no accessibility violations', async () => {
    map = mount<CityMap>(`<city-map ${full}><test-square-layer></test-square-layer><button slot="bottom-right">导出</button></city-map>`);
    await map.rendered();
    const result = await axe.run(map);
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
  });

  it('tells its layers the display CRS and hands them the deck', async () => {
    map = mount<CityMap>(`<city-map ${full} crs="gcj02"><test-square-layer></test-square-layer></city-map>`);
    await map.rendered();
    const layer = map.querySelector<TestSquareLayer>('test-square-layer')!;
    expect(layer.map).to.equal(map);
    expect(layer.map!.crs).to.equal('gcj02');
    expect(layer.map!.deck).to.equal(map.deck);
    await nextFrame();
  });
});
