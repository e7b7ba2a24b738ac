/**
 * `<city-grid-layer>` in tile mode: the bundled sample grids as vector tiles made by the PostGIS
 * tile function (test/fixtures/tiles/generate.mjs) beside their unit index, checked against the
 * GeoJSON mode on the same units, on the same map and view: the same units shown, picked at the
 * same pixels, painted in the same class colours, drilled the same way.
 */
import { expect } from 'chai';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridDrillDetail, CityGridLayer, CityGridSelectDetail } from '../../src/grid/city-grid-layer';
import type { CityErrorDetail } from '../../src/core/events';
import { clickAt, collectEvents, mount, nextEvent, pixelAt, project, unmount } from '../helpers';

const PALETTE = '#1a9850,#91cf60,#d9ef8b,#fc8d59,#d73027';
const hex = (h: string) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const COLOURS = PALETTE.split(',').map(hex);
const TILES = '/test/fixtures/tiles/sample/{level}/{z}/{x}/{y}.pbf';
const UNITS = '/test/fixtures/tiles/sample/units.json';

let sharedMap: CityMap | undefined;
let grids: { features: { properties: Record<string, unknown> }[] } | undefined;

async function sampleGrids() {
  grids ??= (await (await fetch('/data-samples/grids.geojson')).json()) as typeof grids;
  return grids!;
}

/** A grid layer on the shared map (fresh each time), from GeoJSON or from tiles, fitted like a first load. */
async function setup(mode: 'geojson' | 'tiles', attributes = '') {
  sharedMap ??= mount<CityMap>('<city-map style="width:100%;height:100%"></city-map>', 480, 320);
  const map = sharedMap;
  map.replaceChildren();
  const source = mode === 'tiles' ? `tiles="${TILES}" units-src="${UNITS}"` : '';
  map.innerHTML = `<city-grid-layer metric="events" palette="${PALETTE}" fill-opacity="1" labels="none" ${source} ${attributes}></city-grid-layer>`;
  const grid = map.querySelector('city-grid-layer') as CityGridLayer;
  if (mode === 'geojson') grid.data = await sampleGrids();
  await waitForUnits(grid);
  map.fitBounds(grid.dataBounds!, { duration: 0 });
  await grid.rendered();
  return { map, grid };
}

async function waitForUnits(grid: CityGridLayer) {
  for (let i = 0; i < 200 && !grid.dataBounds; i++) await grid.rendered();
  expect(grid.dataBounds, 'units loaded').to.not.equal(null);
}

/** A point inside each shown unit (its label point, from the GeoJSON mode's polygons), in map pixels. */
function insidePoints(map: CityMap, reference: CityGridLayer): Map<string, [number, number]> {
  const index = reference.hierarchy!;
  const points = new Map<string, [number, number]>();
  for (const id of reference.visibleIds) {
    const u = index.indexOf(id);
    points.set(id, project(map, [index.labels[u * 2], index.labels[u * 2 + 1]]));
  }
  return points;
}

/** What the GeoJSON mode shows for the drill state given by `attributes`: ids, legend, pixels at the units' inside points. */
async function geojsonPicture(attributes = '') {
  const { map, grid } = await setup('geojson', attributes);
  const points = insidePoints(map, grid);
  const pixels = new Map([...points].map(([id, at]) => [id, pixelAt(map, ...at)]));
  return { ids: grid.visibleIds, legend: grid.legend.entries.map((e) => [e.label, e.count]), points, pixels, view: map.deck!.getViewports()[0] };
}

describe('<city-grid-layer> from vector tiles', () => {
  after(() => {
    unmount(sharedMap);
    sharedMap = undefined;
  });

  it('shows the units of the level from tiles as the GeoJSON mode does: ids, legend, class colour at each unit', async () => {
    const expected = await geojsonPicture('level="street"');
    expect(expected.ids).to.deep.equal(['D1S1', 'D1S2', 'D1S3', 'D1S4']);
    const { map, grid } = await setup('tiles', 'level="street"');
    expect(grid.visibleIds).to.deep.equal(expected.ids);
    expect(grid.legend.entries.map((e) => [e.label, e.count])).to.deep.equal(expected.legend);
    for (const [id, at] of expected.points) {
      expect(pixelAt(map, ...at), id).to.deep.equal(expected.pixels.get(id));
      expect(COLOURS.map(String), id).to.include(String(pixelAt(map, ...at)));
    }
  });

  it('picks the unit under a pixel from the tiles', async () => {
    const expected = await geojsonPicture('level="street"');
    const { map, grid } = await setup('tiles', 'level="street"');
    for (const [id, at] of expected.points) {
      const selected = nextEvent<CityGridSelectDetail>(grid, 'city-grid-select');
      grid.setAttribute('static-view', '');
      await clickAt(map, ...at);
      const detail = (await selected).detail;
      expect(detail.id).to.equal(id);
      expect(detail.value).to.equal(grid.valueFor(id));
      grid.selected = undefined;
      grid.focusId = undefined;
      grid.level = 'street';
      await grid.rendered();
    }
  });
});
