/**
 * Picking on `<city-grid-layer>`: the grid answers hover and click itself (a spatial index and
 * point-in-polygon on its rings), exactly on the unit whose polygon lies under the pointer — around
 * a hole, inside it, in any part of a MultiPolygon — runs no GPU picking pass, and shares the map
 * with a GPU-picked risk layer: the layer on top (DOM order) gets the pick.
 */
import { expect } from 'chai';
import '../../src/grid/index';
import '../../src/risk/index';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer, CityGridSelectDetail } from '../../src/grid/city-grid-layer';
import type { CityRiskLayer, CityRiskSelectDetail } from '../../src/risk/city-risk-layer';
import { clickAt, collectEvents, doubleClickAt, gpuReadBacks, hoverAt, mount, project, unmount } from '../helpers';
import { CELL, LAT0, LON0, square } from './fixtures';

/** Lattice point (x, y) in lon/lat (see fixtures: one cell is 0.01°). */
const at = (x: number, y: number): [number, number] => [LON0 + x * CELL, LAT0 + y * CELL];
const ring = (x0: number, y0: number, x1: number, y1: number) => square(x0, y0, x1, y1).coordinates[0];
const community = (id: string, geometry: Feature['geometry']): Feature => ({ type: 'Feature', geometry, properties: { id, name: `${id}名`, level: 'community', events: id.charCodeAt(0) } });

/**
 *   R: a 3 × 3 square (0..3) with a 1 × 1 hole (1..2); H: a small square (1.25..1.75) inside that hole;
 *   M: two squares (4..5, 0..1) and (4..5, 2..3) as one MultiPolygon. All communities: shown together.
 */
function holedGrid(): FeatureCollection {
  const holed: Polygon = { type: 'Polygon', coordinates: [ring(0, 0, 3, 3), ring(1, 1, 2, 2).reverse()] };
  return {
    type: 'FeatureCollection',
    features: [
      community('R', holed),
      community('H', square(1.25, 1.25, 1.75, 1.75)),
      community('M', { type: 'MultiPolygon', coordinates: [[ring(4, 0, 5, 1)], [ring(4, 2, 5, 3)]] }),
    ],
  };
}

async function mountGrid(extra = '', riskFirst = false) {
  const grid = '<city-grid-layer metric="events" labels="none"></city-grid-layer>';
  const risk = extra ? `<city-risk-layer mode="points" ${extra}></city-risk-layer>` : '';
  const map = mount<CityMap>(`<city-map style="width:100%;height:100%">${riskFirst ? risk + grid : grid + risk}</city-map>`, 480, 320);
  const layer = map.querySelector('city-grid-layer') as CityGridLayer;
  layer.data = holedGrid();
  await layer.rendered();
  return { map, grid: layer, risk: map.querySelector('city-risk-layer') as CityRiskLayer | null };
}

/** The name in the grid's tooltip, null when it shows none. */
async function tooltipName(grid: CityGridLayer): Promise<string | null> {
  await grid.updateComplete;
  return grid.shadowRoot!.querySelector('[part="tooltip"] .title')?.textContent ?? null;
}

describe('<city-grid-layer> picking', () => {
  let map: CityMap | undefined;
  afterEach(() => {
    unmount(map);
    map = undefined;
  });

  it('hovers and selects the unit whose polygon is under the pointer: around a hole, inside it, in each MultiPolygon part', async () => {
    const s = await mountGrid();
    map = s.map;
    const { events: selected } = collectEvents<CityGridSelectDetail>(s.grid, 'city-grid-select');
    const cases: [string, [number, number], string | null][] = [
      ['R around its hole', at(0.5, 2.5), 'R'],
      ['H inside the hole of R', at(1.5, 1.5), 'H'],
      ['the hole of R beside H', at(1.1, 1.1), null],
      ['the second part of M', at(4.5, 2.5), 'M'],
      ['between the parts of M', at(4.5, 1.5), null],
      ['R again, across the hole', at(2.5, 1.5), 'R'],
      ['the first part of M', at(4.5, 0.5), 'M'],
      ['beside every unit', at(6, 1.5), null],
    ];
    const seen: [string, string | null, (string | null)[]][] = [];
    for (const [where, lonLat] of cases) {
      const [x, y] = project(map, lonLat);
      await hoverAt(map, x, y);
      const hovered = await tooltipName(s.grid);
      const before = selected.length;
      await clickAt(map, x, y);
      seen.push([where, hovered, selected.slice(before).map((e) => e.detail.id)]);
    }
    expect(seen).to.deep.equal(cases.map(([where, , id]) => [where, id && `${id}名`, id ? [id] : []]));
    expect(s.grid.selected).to.equal('M');
  });

  it('runs no GPU picking pass on a grid-only map (hover, click, double-click)', async () => {
    const s = await mountGrid();
    map = s.map;
    const { events: selected } = collectEvents<CityGridSelectDetail>(s.grid, 'city-grid-select');
    const reads = await gpuReadBacks(async () => {
      await hoverAt(map!, ...project(map!, at(0.5, 0.5)));
      await clickAt(map!, ...project(map!, at(1.5, 1.5)));
      await doubleClickAt(map!, ...project(map!, at(4.5, 0.5)));
    });
    expect(reads).to.equal(0);
    expect(selected.map((e) => e.detail.id)).to.deep.equal(['H']);
  });

  const record = { id: 'r1', lon: at(0.5, 0.5)[0], lat: at(0.5, 0.5)[1], category: 'gas', level: 'major', name: 'Leak' };

  it('gives a click to a GPU-picked risk record drawn above the grid, and the grid the units beside it', async () => {
    const s = await mountGrid('id="risk"');
    map = s.map;
    s.risk!.data = [record];
    await s.risk!.rendered();
    await map.rendered();
    const { events: gridSelected } = collectEvents<CityGridSelectDetail>(s.grid, 'city-grid-select');
    const { events: riskSelected } = collectEvents<CityRiskSelectDetail>(s.risk!, 'city-risk-select');
    await hoverAt(map, ...project(map, at(0.5, 0.5)));
    expect(await tooltipName(s.grid)).to.equal(null);
    await clickAt(map, ...project(map, at(0.5, 0.5)));
    expect(riskSelected.map((e) => e.detail.id)).to.deep.equal(['r1']);
    expect(gridSelected).to.deep.equal([]);
    await hoverAt(map, ...project(map, at(4.5, 0.5)));
    expect(await tooltipName(s.grid)).to.equal('M名');
    await clickAt(map, ...project(map, at(4.5, 0.5)));
    expect(gridSelected.map((e) => e.detail.id)).to.deep.equal(['M']);
  });

  it('gives a click to the grid when it lies above a risk layer, even on a record', async () => {
    const s = await mountGrid('id="risk"', true);
    map = s.map;
    s.risk!.data = [record];
    await s.risk!.rendered();
    await map.rendered();
    const { events: gridSelected } = collectEvents<CityGridSelectDetail>(s.grid, 'city-grid-select');
    const { events: riskSelected } = collectEvents<CityRiskSelectDetail>(s.risk!, 'city-risk-select');
    await hoverAt(map, ...project(map, at(0.5, 0.5)));
    expect(await tooltipName(s.grid)).to.equal('R名');
    await clickAt(map, ...project(map, at(0.5, 0.5)));
    expect(gridSelected.map((e) => e.detail.id)).to.deep.equal(['R']);
    expect(riskSelected).to.deep.equal([]);
  });
});
