import { expect } from 'chai';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import { mount, pixelAt, project, unmount } from '../helpers';
import { centre, sampleGrid } from './fixtures';

const PALETTE = '#1a9850,#91cf60,#d9ef8b,#fc8d59,#d73027';
const hex = (h: string) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const [GREEN, , , , RED] = PALETTE.split(',').map(hex);
const LAYER = `<city-grid-layer metric="events" palette="${PALETTE}" fill-opacity="1" labels="none"></city-grid-layer>`;

/** A fresh map (it fits to the layer's data on first load) with one grid layer. */
function mountMap(): { map: CityMap; grid: CityGridLayer } {
  const map = mount<CityMap>(`<city-map style="width:100%;height:100%">${LAYER}</city-map>`, 480, 320);
  return { map, grid: map.querySelector('city-grid-layer')! };
}

function jsonUrl(value: unknown): string {
  return URL.createObjectURL(new Blob([JSON.stringify(value)], { type: 'application/json' }));
}

async function decode(blob: Blob): Promise<{ size: number[]; px: (x: number, y: number) => number[] }> {
  const bitmap = await createImageBitmap(blob);
  const probe = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  probe.drawImage(bitmap, 0, 0);
  return { size: [bitmap.width, bitmap.height], px: (x, y) => Array.from(probe.getImageData(Math.round(x), Math.round(y), 1, 1).data) };
}

describe('<city-grid-layer> rendered() and toImage()', () => {
  let map: CityMap | undefined;
  const urls: string[] = [];
  afterEach(() => {
    unmount(map);
    map = undefined;
    urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
  });

  it('rendered() resolves with the data drawn, then with new `values` drawn', async () => {
    const s = mountMap();
    map = s.map;
    s.grid.data = sampleGrid();
    await s.grid.rendered();
    // Districts: D1 30 events (top class), D2 10 (bottom class).
    expect(pixelAt(s.map, ...project(s.map, centre(0, 0, 2, 2)))).to.deep.equal(RED);
    expect(pixelAt(s.map, ...project(s.map, centre(2, 0, 4, 2)))).to.deep.equal(GREEN);
    s.grid.values = { D1: 10, D2: 30 };
    await s.grid.rendered();
    expect(pixelAt(s.map, ...project(s.map, centre(0, 0, 2, 2)))).to.deep.equal(GREEN);
    expect(pixelAt(s.map, ...project(s.map, centre(2, 0, 4, 2)))).to.deep.equal(RED);
  });

  it('rendered() waits for `src` to load', async () => {
    const s = mountMap();
    map = s.map;
    const url = jsonUrl(sampleGrid());
    urls.push(url);
    s.grid.src = url;
    await s.grid.rendered();
    expect(s.grid.visibleIds).to.deep.equal(['D1', 'D2']);
    expect(pixelAt(s.map, ...project(s.map, centre(0, 0, 2, 2)))).to.deep.equal(RED);
    expect(pixelAt(s.map, ...project(s.map, centre(2, 0, 4, 2)))).to.deep.equal(GREEN);
  });

  it('outside a map, rendered() resolves once its data is processed', async () => {
    const wrapper = mount<HTMLElement>(`<div>${LAYER}</div>`);
    map = wrapper as unknown as CityMap; // removed by afterEach like a map
    const grid = wrapper.querySelector('city-grid-layer')!;
    grid.data = sampleGrid();
    await grid.rendered();
    expect(grid.visibleIds).to.deep.equal(['D1', 'D2']);
    expect(grid.legend.entries.map((e) => e.count)).to.deep.equal([1, 0, 0, 0, 1]);
    const one = sampleGrid();
    one.features = one.features.filter((f) => f.properties!.id !== 'D2');
    const url = jsonUrl(one);
    urls.push(url);
    grid.src = url;
    await grid.rendered();
    expect(grid.visibleIds).to.deep.equal(['D1']);
  });

  it('toImage() exports its map at the map size × scale', async () => {
    const s = mountMap();
    map = s.map;
    s.grid.data = sampleGrid();
    const ratio = devicePixelRatio;
    const image = await decode(await s.grid.toImage());
    expect(image.size).to.deep.equal([480 * ratio, 320 * ratio]);
    const [x, y] = project(s.map, centre(0, 0, 2, 2));
    expect(image.px(x * ratio, y * ratio)).to.deep.equal(RED);
    const double = await decode(await s.grid.toImage({ scale: 2 }));
    expect(double.size).to.deep.equal([960, 640]);
    expect(double.px(x * 2, y * 2)).to.deep.equal(RED);
    const [x2, y2] = project(s.map, centre(2, 0, 4, 2));
    expect(double.px(x2 * 2, y2 * 2)).to.deep.equal(GREEN);
  });

  it('toImage() rejects with an Error naming the layer when it has no map or the scale is unusable', async () => {
    const s = mountMap();
    map = s.map;
    s.grid.data = sampleGrid();
    const messages: string[] = [];
    const attempt = async (grid: CityGridLayer, options?: unknown) => {
      try {
        await grid.toImage(options as never);
        messages.push('exported');
      } catch (error) {
        messages.push((error as Error).message);
      }
    };
    await attempt(s.grid, { scale: 0 });
    const alone = document.createElement('city-grid-layer');
    alone.data = sampleGrid();
    s.map.parentElement!.append(alone);
    await attempt(alone);
    await attempt(s.grid, { scale: 1 });
    expect(messages).to.deep.equal([
      '<city-grid-layer>: toImage() scale must be a positive number, got 0',
      '<city-grid-layer>: toImage() needs the layer inside a <city-map>; this one has no map',
      'exported',
    ]);
  });
});
