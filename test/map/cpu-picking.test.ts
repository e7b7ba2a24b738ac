/**
 * Children that answer picks themselves (`pickAt`, on the CPU) beside children deck.gl picks on the
 * GPU: hover, click and double-click reach the topmost child with something at the pointer,
 * whichever way it is picked, and a map whose children all pick themselves runs no GPU picking pass.
 */
import { expect } from 'chai';
import '../../src/map/index';
import './test-layer';
import type { CityMap } from '../../src/map/city-map';
import type { TestSquareLayer } from './test-layer';
import { clickAt, doubleClickAt, gpuReadBacks, hoverAt, mapCanvas, mount, nextFrame, project, unmount } from '../helpers';

const full = 'style="width:100%;height:100%"';

/** Two squares: `a` (first in DOM order: below) at lon 116–116.03, `b` (above) at 116.01–116.04; they overlap at 116.01–116.03. */
async function twoSquares(cpu: { a: boolean; b: boolean }) {
  const map = mount<CityMap>(`<city-map ${full}><test-square-layer id="a"></test-square-layer><test-square-layer id="b"></test-square-layer></city-map>`);
  const [a, b] = [map.querySelector<TestSquareLayer>('#a')!, map.querySelector<TestSquareLayer>('#b')!];
  a.square = [116, 39.9, 116.03, 39.92];
  b.square = [116.01, 39.9, 116.04, 39.92];
  a.cpuPicking = cpu.a;
  b.cpuPicking = cpu.b;
  a.refresh();
  await map.rendered();
  const at = (lon: number) => project(map, [lon, 39.91]);
  return { map, a, b, onlyA: at(116.005), both: at(116.02), onlyB: at(116.035) };
}

describe('<city-map> with children that pick themselves', () => {
  let map: CityMap | undefined;
  afterEach(() => {
    unmount(map);
    map = undefined;
  });

  it('routes hover, click and double-click to a child that picks itself, with the info it returned', async () => {
    const s = await twoSquares({ a: true, b: true });
    map = s.map;
    const [ax, ay] = s.onlyA;
    await hoverAt(map, ax, ay);
    expect(s.a.hovered).to.deep.equal([`${s.a.layerId} (cpu)`]);
    await nextFrame();
    expect(mapCanvas(map).style.cursor).to.equal('pointer');
    await hoverAt(map, 2, 2); // beside both squares
    expect(s.a.hovered).to.deep.equal([`${s.a.layerId} (cpu)`, null]);
    await nextFrame();
    expect(mapCanvas(map).style.cursor).to.equal('grab');
    await clickAt(map, ax, ay);
    expect(s.a.clicked).to.deep.equal([`${s.a.layerId} (cpu)`]);
    await doubleClickAt(map, ax, ay);
    expect(s.a.doubleClicked).to.deep.equal([`${s.a.layerId} (cpu)`]);
    expect(s.b.clicked).to.deep.equal([]);
    expect(s.b.doubleClicked).to.deep.equal([]);
  });

  it('gives the pick to the child above when it picks itself and the one below is GPU-picked', async () => {
    const s = await twoSquares({ a: false, b: true });
    map = s.map;
    await hoverAt(map, ...s.both);
    await clickAt(map, ...s.both);
    expect(s.b.hovered).to.deep.equal([`${s.b.layerId} (cpu)`]);
    expect(s.b.clicked).to.deep.equal([`${s.b.layerId} (cpu)`]);
    expect(s.a.hovered).to.deep.equal([]);
    expect(s.a.clicked).to.deep.equal([]);
    await hoverAt(map, ...s.onlyA);
    await clickAt(map, ...s.onlyA);
    expect(s.a.hovered).to.deep.equal([s.a.layerId]);
    expect(s.a.clicked).to.deep.equal([s.a.layerId]);
    expect(s.b.hovered).to.deep.equal([`${s.b.layerId} (cpu)`, null]);
    await doubleClickAt(map, ...s.both);
    expect(s.b.doubleClicked).to.deep.equal([`${s.b.layerId} (cpu)`]);
    expect(s.a.doubleClicked).to.deep.equal([]);
  });

  it('gives the pick to the GPU-picked child above one that picks itself', async () => {
    const s = await twoSquares({ a: true, b: false });
    map = s.map;
    await hoverAt(map, ...s.both);
    await clickAt(map, ...s.both);
    expect(s.b.hovered).to.deep.equal([s.b.layerId]);
    expect(s.b.clicked).to.deep.equal([s.b.layerId]);
    expect(s.a.hovered).to.deep.equal([]);
    expect(s.a.clicked).to.deep.equal([]);
    await hoverAt(map, ...s.onlyA);
    await clickAt(map, ...s.onlyA);
    expect(s.a.hovered).to.deep.equal([`${s.a.layerId} (cpu)`]);
    expect(s.a.clicked).to.deep.equal([`${s.a.layerId} (cpu)`]);
    expect(s.b.hovered).to.deep.equal([s.b.layerId, null]);
    await doubleClickAt(map, ...s.onlyA);
    expect(s.a.doubleClicked).to.deep.equal([`${s.a.layerId} (cpu)`]);
    expect(s.b.doubleClicked).to.deep.equal([]);
  });

  it('runs no GPU picking pass when every child picks itself, and one as soon as a child is GPU-picked', async () => {
    const s = await twoSquares({ a: true, b: true });
    map = s.map;
    const input = async () => {
      await hoverAt(map!, ...s.onlyB);
      await clickAt(map!, ...s.both);
      await doubleClickAt(map!, ...s.onlyA);
    };
    expect(await gpuReadBacks(input)).to.equal(0);
    expect([s.a.doubleClicked, s.b.hovered, s.b.clicked]).to.deep.equal([[`${s.a.layerId} (cpu)`], [`${s.b.layerId} (cpu)`], [`${s.b.layerId} (cpu)`]]);
    s.a.cpuPicking = false;
    s.a.refresh();
    await map.rendered();
    expect(await gpuReadBacks(input)).to.be.greaterThan(0);
  });
});
