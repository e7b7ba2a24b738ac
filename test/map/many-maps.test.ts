import { expect } from 'chai';
import axe from 'axe-core';
import '../../src/map/index';
import './test-layer';
import type { CityMap } from '../../src/map/city-map';
import { configureMapContexts, mapContextSettings, type MapContextSettings } from '../../src/map/context-budget';
import type { TestSquareLayer } from './test-layer';
import { mapCanvas, nextEvent } from '../helpers';

type Rgba = [number, number, number, number];

/** Distinct, fully opaque colours. */
const colourOf = (i: number): Rgba => [(40 + i * 67) % 256, (90 + i * 29) % 256, (10 + i * 101) % 256, 255];

/** Every WebGL context the page creates, to count the live ones. */
const contexts: WebGL2RenderingContext[] = [];
let maxLive = 0;
const liveContexts = () => contexts.filter((gl) => !gl.isContextLost()).length;
const realGetContext = HTMLCanvasElement.prototype.getContext;

function countContexts(): void {
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: unknown[]) {
    const context = (realGetContext as (...a: unknown[]) => unknown).apply(this, args);
    if (context && (args[0] === 'webgl2' || args[0] === 'webgl') && !contexts.includes(context as WebGL2RenderingContext)) {
      contexts.push(context as WebGL2RenderingContext);
      maxLive = Math.max(maxLive, liveContexts());
    }
    return context;
  } as typeof realGetContext;
}

/** What the user sees at the centre of a map now: the snapshot when one is shown (it is on top), else the live canvas. */
function shownCentre(map: CityMap): number[] | null {
  const source = map.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part="snapshot"]') ?? mapCanvas(map);
  if (!source || source.width < 2) return null;
  const probe = document.createElement('canvas');
  probe.width = 1;
  probe.height = 1;
  const context = probe.getContext('2d')!;
  context.drawImage(source, Math.floor(source.width / 2), Math.floor(source.height / 2), 1, 1, 0, 0, 1, 1);
  return Array.from(context.getImageData(0, 0, 1, 1).data);
}

/** Centre pixel of `toImage()`: the exported picture of what the map shows. */
async function exportedCentre(map: CityMap, options?: { scale?: number }): Promise<number[]> {
  const bitmap = await createImageBitmap(await map.toImage(options));
  if (options?.scale) expect([bitmap.width, bitmap.height], 'exported size').to.deep.equal([map.clientWidth * options.scale, map.clientHeight * options.scale]);
  const probe = document.createElement('canvas');
  probe.width = bitmap.width;
  probe.height = bitmap.height;
  const context = probe.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return Array.from(context.getImageData(Math.floor(bitmap.width / 2), Math.floor(bitmap.height / 2), 1, 1).data);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls (every 100 ms, so the pixel reads stay cheap) until `condition` holds. */
async function until(condition: () => boolean, what: string, timeout = 60000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    maxLive = Math.max(maxLive, liveContexts());
    if (performance.now() - start > timeout) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

const same = (a: number[] | null, b: number[]) => a !== null && a.every((v, i) => v === b[i]);
const hasLostMessage = (map: CityMap) =>
  map.errors.some((e) => e.code === 'webgl-context-lost') || (map.shadowRoot!.querySelector('[part="error"]')?.textContent ?? '').includes('WebGL');

/** Maps in `container`, each with a square of its own colour (the map fits to it). */
function addMaps(container: HTMLElement, count: number, className: string): CityMap[] {
  return Array.from({ length: count }, (_, i) => {
    const map = document.createElement('city-map');
    map.className = className;
    const layer = document.createElement('test-square-layer') as TestSquareLayer;
    layer.color = colourOf(i);
    map.append(layer);
    container.append(map);
    return map;
  });
}

describe('<city-map>: many maps on one page', () => {
  let saved: MapContextSettings;
  let host: HTMLElement | undefined;
  let sheet: HTMLStyleElement;

  before(() => {
    saved = mapContextSettings();
    countContexts();
    sheet = document.createElement('style');
    sheet.textContent = `
      .grid { position: fixed; inset: 0 auto auto 0; width: 1000px; display: grid; grid-template-columns: repeat(6, 160px); gap: 4px; }
      .cell { height: 120px; }
      .column { position: fixed; left: 0; top: 0; width: 320px; height: 400px; overflow-y: auto; }
      .row { height: 160px; }
    `;
    document.head.append(sheet);
  });

  after(() => {
    HTMLCanvasElement.prototype.getContext = realGetContext;
    configureMapContexts(saved);
    sheet.remove();
  });

  beforeEach(() => {
    configureMapContexts({ budget: 8, offscreenReleaseMs: 300, recoveryDelayMs: 200 });
    maxLive = liveContexts();
  });

  afterEach(async () => {
    host?.remove();
    host = undefined;
    await sleep(50);
  });

  it('shows 24 maps in view at once, each in its own colour, with never more than 8 live contexts', async function () {
    this.timeout(180000);
    host = document.createElement('div');
    host.className = 'grid';
    document.body.append(host);
    const maps = addMaps(host, 24, 'cell');
    await until(() => maps.every((map, i) => same(shownCentre(map), colourOf(i))), 'every map shows its colour');
    await sleep(300);
    expect(maxLive, 'live contexts at the peak').to.be.at.most(8);
    expect(liveContexts(), 'live contexts once all are drawn').to.equal(8);
    const released = maps.filter((map) => !map.deck);
    expect(released.length).to.equal(16);
    // Released maps show a snapshot in place of the live canvas.
    for (const map of released) expect(map.shadowRoot!.querySelector('canvas[part="snapshot"]')).to.not.equal(null);
    for (const [i, map] of maps.entries()) {
      expect(await exportedCentre(map), `map ${i} exported`).to.deep.equal(colourOf(i));
      expect(hasLostMessage(map), `map ${i} context-lost message`).to.equal(false);
    }
    // Exporting a released map used its snapshot: nothing was taken back.
    expect(maps.filter((map) => !map.deck).length).to.equal(16);
    expect(maxLive).to.be.at.most(8);
  });

  it('draws each map of a scrolling column as it comes into view and redraws the first from a new context', async function () {
    this.timeout(180000);
    host = document.createElement('div');
    host.className = 'column';
    document.body.append(host);
    const maps = addMaps(host, 24, 'row');
    await until(() => same(shownCentre(maps[0]), colourOf(0)) && mapCanvas(maps[0]) !== null, 'the first map draws');
    const firstCanvas = mapCanvas(maps[0]);
    const firstContext = firstCanvas.getContext('webgl2')!;
    for (let i = 0; i < maps.length; i++) {
      host.scrollTop = i * 160;
      await until(() => mapCanvas(maps[i]) !== null && same(shownCentre(maps[i]), colourOf(i)), `map ${i} draws in view`);
      expect(liveContexts(), `live contexts with map ${i} in view`).to.be.at.most(8);
    }
    // Off-screen maps gave their contexts back after the delay; those in view kept theirs.
    await until(() => maps.slice(0, 18).every((map) => !map.deck), 'off-screen maps release');
    expect(liveContexts()).to.be.at.most(6);
    expect(same(shownCentre(maps[0]), colourOf(0)), 'a released map shows its snapshot').to.equal(true);
    host.scrollTop = 0;
    await until(() => mapCanvas(maps[0]) !== null && same(shownCentre(maps[0]), colourOf(0)) && !maps[0].shadowRoot!.querySelector('[part="snapshot"]'), 'the first map draws again');
    expect(mapCanvas(maps[0])).to.not.equal(firstCanvas);
    expect(mapCanvas(maps[0]).getContext('webgl2')).to.not.equal(firstContext);
    expect(firstContext.isContextLost()).to.equal(true);
    expect(await exportedCentre(maps[0])).to.deep.equal(colourOf(0));
    expect(maxLive, 'live contexts at the peak').to.be.at.most(8);
    expect(maps.some(hasLostMessage)).to.equal(false);
  });

  it('rebuilds by itself after the browser takes its context, without webglcontextrestored', async function () {
    this.timeout(60000);
    host = document.createElement('div');
    host.className = 'grid';
    document.body.append(host);
    const [map] = addMaps(host, 1, 'cell');
    await map.rendered();
    await sleep(2000); // the map keeps a copy of a frame once it has been quiet for 1.5 s, for such a loss
    const canvas = mapCanvas(map);
    const gl = canvas.getContext('webgl2')!;
    const error = nextEvent<{ code: string }>(map, 'city-error');
    gl.getExtension('WEBGL_lose_context')!.loseContext();
    expect((await error).detail.code).to.equal('webgl-context-lost');
    expect(map.deck).to.equal(null);
    expect(shownCentre(map), 'the snapshot while lost').to.deep.equal(colourOf(0));
    await map.updateComplete;
    expect(hasLostMessage(map), 'the loss is reported while it lasts').to.equal(true);
    await until(() => mapCanvas(map) !== null && mapCanvas(map) !== canvas && same(shownCentre(map), colourOf(0)) && map.deck !== null, 'the map draws again');
    await map.updateComplete;
    expect(hasLostMessage(map)).to.equal(false);
    expect(gl.isContextLost()).to.equal(true);
    expect(await exportedCentre(map)).to.deep.equal(colourOf(0));
  });

  it('gives a map the browser took a context from the slot another map frees', async function () {
    this.timeout(60000);
    configureMapContexts({ budget: 2, recoveryDelayMs: 600_000 }); // only a freed slot can bring it back
    host = document.createElement('div');
    host.className = 'grid';
    document.body.append(host);
    const [a, b] = addMaps(host, 2, 'cell');
    await until(() => same(shownCentre(a), colourOf(0)) && same(shownCentre(b), colourOf(1)) && a.deck !== null && b.deck !== null, 'both draw');
    await sleep(400);
    const lost = nextEvent(a, 'city-error');
    mapCanvas(a).getContext('webgl2')!.getExtension('WEBGL_lose_context')!.loseContext();
    await lost;
    await sleep(500);
    expect(a.deck, 'still waiting for a slot').to.equal(null);
    b.remove();
    await until(() => a.deck !== null && mapCanvas(a) !== null && same(shownCentre(a), colourOf(0)), 'the lost map draws in the freed slot');
    await a.updateComplete;
    expect(hasLostMessage(a)).to.equal(false);
  });

  it('creates no context for a map out of view until it is asked to render', async function () {
    this.timeout(60000);
    host = document.createElement('div');
    host.className = 'grid';
    host.style.top = '3000px'; // below the 768 px viewport
    document.body.append(host);
    const before = contexts.length;
    const [map] = addMaps(host, 1, 'cell');
    await sleep(500);
    expect(contexts.length - before, 'contexts created while out of view').to.equal(0);
    expect(map.deck).to.equal(null);
    await map.rendered();
    expect(contexts.length - before).to.equal(1);
    expect(await exportedCentre(map)).to.deep.equal(colourOf(0));
    // Off-screen and idle: it gives the context back after the delay, keeping a snapshot.
    await until(() => map.deck === null, 'the off-screen map releases');
    expect(liveContexts()).to.equal(0);
    expect(await exportedCentre(map), 'exported from the snapshot').to.deep.equal(colourOf(0));
    expect(await exportedCentre(map, { scale: 2 }), 'the snapshot exported at scale 2').to.deep.equal(colourOf(0));
    expect(contexts.length - before, 'no context taken back for the export').to.equal(1);
  });

  it('takes a context back on input and on new data, with the view it had', async function () {
    this.timeout(120000);
    configureMapContexts({ budget: 2 });
    host = document.createElement('div');
    host.className = 'grid';
    document.body.append(host);
    const maps = addMaps(host, 3, 'cell');
    await until(() => maps.every((map, i) => same(shownCentre(map), colourOf(i))), 'every map shows its colour');
    await sleep(200);
    const released = maps.find((map) => !map.deck)!;
    const view = released.viewState;
    const audit = await axe.run(released);
    expect(audit.violations.map((v) => v.id), 'a released map is as accessible as a live one').to.deep.equal([]);
    const snapshot = released.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part="snapshot"]')!;
    snapshot.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, pointerId: 1, buttons: 1 }));
    await until(() => released.deck !== null && !released.shadowRoot!.querySelector('[part="snapshot"]'), 'input brings the context back');
    expect(released.viewState).to.deep.equal(view);
    expect(same(shownCentre(released), colourOf(maps.indexOf(released)))).to.equal(true);
    expect(liveContexts()).to.equal(2);
    // Another map gave its context up for it; new data brings that one back too.
    const other = maps.find((map) => !map.deck)!;
    const layer = other.querySelector<TestSquareLayer>('test-square-layer')!;
    layer.color = [1, 2, 3, 255];
    layer.refresh();
    await until(() => other.deck !== null && same(shownCentre(other), [1, 2, 3, 255]), 'new data is drawn');
    expect(liveContexts()).to.equal(2);
    // A keyboard user tabbing onto a released map: it comes back and focus moves to the live canvas.
    const third = maps.find((map) => !map.deck)!;
    third.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part="snapshot"]')!.focus();
    await until(() => third.deck !== null && !third.shadowRoot!.querySelector('[part="snapshot"]'), 'focus brings the context back');
    expect(third.shadowRoot!.activeElement).to.equal(mapCanvas(third));
    expect(maxLive).to.be.at.most(2);
  });

  it('hands the slots of removed maps to maps that had released theirs', async function () {
    this.timeout(120000);
    configureMapContexts({ budget: 4 });
    host = document.createElement('div');
    host.className = 'grid';
    document.body.append(host);
    const maps = addMaps(host, 6, 'cell');
    await until(() => maps.every((map, i) => same(shownCentre(map), colourOf(i))), 'every map shows its colour');
    await sleep(200);
    const released = maps.filter((map) => !map.deck);
    const holders = maps.filter((map) => map.deck);
    expect([released.length, holders.length, liveContexts()]).to.deep.equal([2, 4, 4]);
    const before = contexts.length;
    holders[0].remove();
    holders[1].remove();
    await until(() => released.every((map) => map.deck !== null && mapCanvas(map) !== null && !map.shadowRoot!.querySelector('[part="snapshot"]')), 'released maps take the freed slots');
    expect(contexts.length - before, 'new contexts').to.equal(2);
    for (const map of released) expect(same(shownCentre(map), colourOf(maps.indexOf(map)))).to.equal(true);
    expect(liveContexts()).to.equal(4);
    expect(maxLive).to.be.at.most(4);
  });
});
