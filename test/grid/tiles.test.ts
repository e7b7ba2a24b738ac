/**
 * `<city-grid-layer>` in tile mode: the bundled sample grids as vector tiles made by the PostGIS
 * tile function (test/fixtures/tiles/generate.mjs) beside their unit index, checked against the
 * GeoJSON mode on the same units, on the same map and view: the same units shown, picked at the
 * same pixels, painted in the same class colours, drilled the same way.
 */
import { expect } from 'chai';
import '../../src/grid/index';
import '../../src/scope/index';
import type { CityScope } from '../../src/scope/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridDrillDetail, CityGridLayer, CityGridSelectDetail } from '../../src/grid/city-grid-layer';
import type { CityErrorDetail } from '../../src/core/events';
import { clickAt, collectEvents, countLiveWebGLContexts, hoverAt, mount, nextEvent, nextFrame, pixelAt, project, sleep, unmount } from '../helpers';

const PALETTE = '#1a9850,#91cf60,#d9ef8b,#fc8d59,#d73027';
const hex = (h: string) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const COLOURS = PALETTE.split(',').map(hex);
const TILES = '/test/fixtures/tiles/sample/{level}/{z}/{x}/{y}.pbf';
const ARCHIVE = '/test/fixtures/tiles/sample.pmtiles';
const UNITS = '/test/fixtures/tiles/sample/units.json';

/** The same tiles from a URL template and from one PMTiles archive; `fetched`: the requests that read them. */
const SOURCES = [
  { name: 'a URL template', tiles: TILES, fetched: (url: string) => url.endsWith('.pbf') },
  { name: 'a PMTiles archive', tiles: ARCHIVE, fetched: (url: string) => url.endsWith('.pmtiles') },
];

let sharedMap: CityMap | undefined;
let grids: { features: { properties: Record<string, unknown> }[] } | undefined;

async function sampleGrids() {
  grids ??= (await (await fetch('/data-samples/grids.geojson')).json()) as typeof grids;
  return grids!;
}

/** A grid layer on the shared map (fresh each time), from GeoJSON or from tiles, fitted like a first load. */
async function setup(mode: 'geojson' | 'tiles', attributes = '', tiles = TILES) {
  sharedMap ??= mount<CityMap>('<city-map style="width:100%;height:100%"></city-map>', 480, 320);
  const map = sharedMap;
  map.replaceChildren();
  const source = mode === 'tiles' ? `tiles="${tiles}" units-src="${UNITS}"` : '';
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

  for (const source of SOURCES) {
    describe(`from ${source.name}`, () => {
    it('shows the units of the level from tiles as the GeoJSON mode does: ids, legend, class colour at each unit', async () => {
      const expected = await geojsonPicture('level="street"');
      expect(expected.ids).to.deep.equal(['D1S1', 'D1S2', 'D1S3', 'D1S4']);
      const { map, grid } = await setup('tiles', 'level="street"', source.tiles);
      expect(grid.visibleIds).to.deep.equal(expected.ids);
      expect(grid.legend.entries.map((e) => [e.label, e.count])).to.deep.equal(expected.legend);
      for (const [id, at] of expected.points) {
        expect(pixelAt(map, ...at), id).to.deep.equal(expected.pixels.get(id));
        expect(COLOURS.map(String), id).to.include(String(pixelAt(map, ...at)));
      }
    });

    it('picks the unit under a pixel from the tiles', async () => {
      const expected = await geojsonPicture('level="street"');
      const { map, grid } = await setup('tiles', 'level="street"', source.tiles);
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

    it('drills into a unit by a click like the GeoJSON mode: its children shown, fitted, painted, with the event', async () => {
      const before = await geojsonPicture('level="street"');
      const parent = 'D1S1';
      const geo = await setup('geojson', 'level="street"');
      await clickAt(geo.map, ...before.points.get(parent)!);
      await geo.grid.rendered();
      const expected = { ids: geo.grid.visibleIds, points: insidePoints(geo.map, geo.grid), level: geo.grid.level };
      const pixels = new Map([...expected.points].map(([id, at]) => [id, pixelAt(geo.map, ...at)]));
      expect(expected.ids.length).to.be.greaterThan(1);

      const { map, grid } = await setup('tiles', 'level="street"', source.tiles);
      const drills = collectEvents<CityGridDrillDetail>(grid, 'city-grid-drill').events;
      await clickAt(map, ...before.points.get(parent)!);
      await grid.rendered();
      expect(drills.map((e) => e.detail)).to.deep.equal([{ id: parent, level: expected.level, path: ['D1', parent] }]);
      expect(grid.visibleIds).to.deep.equal(expected.ids);
      expect([grid.getAttribute('focus-id'), grid.getAttribute('selected')]).to.deep.equal([parent, parent]);
      const crumbs = grid.shadowRoot!.querySelector('[part="breadcrumb"]')!.textContent!.replace(/\s+/g, ' ');
      expect(crumbs).to.contain(grid.hierarchy!.names[grid.hierarchy!.indexOf(parent)]);
      for (const [id, at] of expected.points) expect(pixelAt(map, ...at), id).to.deep.equal(pixels.get(id));
      // …and picks among the children at the same pixels.
      const [child, at] = [...expected.points][0];
      const selected = nextEvent<CityGridSelectDetail>(grid, 'city-grid-select');
      grid.setAttribute('static-view', '');
      await clickAt(map, ...at);
      expect((await selected).detail.id).to.equal(child);
    });

    it('recolours from `values` by id across the loaded tiles without fetching a tile again; units without a value hatched', async () => {
      const values = { D1S1: 10, D1S2: 50, D1S3: 90 };
      const expected = await geojsonPicture('level="street" domain="0,100"');
      // The stripes' line colour and the background between them (the darkest and lightest pixels of a short row).
      const row = (map: CityMap, [x, y]: [number, number]) => {
        const pixels = Array.from({ length: 12 }, (_, dx) => pixelAt(map, x + dx, y)).sort((p, q) => p[0] + p[1] + p[2] - (q[0] + q[1] + q[2]));
        return [pixels[0], pixels[pixels.length - 1]];
      };
      const geo = await setup('geojson', 'level="street" domain="0,100"');
      geo.grid.values = values;
      await geo.grid.rendered();
      const hatch = row(geo.map, expected.points.get('D1S4')!);

      const { map, grid } = await setup('tiles', 'level="street" domain="0,100"', source.tiles);
      const tileRequests = () => performance.getEntriesByType('resource').filter((e) => source.fetched(e.name)).length;
      const requests = tileRequests();
      expect(requests).to.be.greaterThan(0);
      // 0–100 in five classes of 20: 10 → first, 50 → third, 90 → fifth, none → no data.
      grid.values = values;
      await grid.rendered();
      const at = (id: string) => pixelAt(map, ...expected.points.get(id)!);
      expect([at('D1S1'), at('D1S2'), at('D1S3')]).to.deep.equal([COLOURS[0], COLOURS[2], COLOURS[4]]);
      // Striped the same way: the same background between the stripes, stripes clearly darker (their
      // darkest pixel depends on where the pattern falls on the row, so only its darkness is compared).
      const striped = row(map, expected.points.get('D1S4')!);
      const lightness = (p: number[]) => p[0] + p[1] + p[2];
      expect(striped[1]).to.deep.equal(hatch[1]);
      expect(lightness(striped[0])).to.be.lessThan(lightness(hatch[1]) - 150);
      expect(lightness(hatch[0])).to.be.lessThan(lightness(hatch[1]) - 150);
      expect(grid.legend.entries.map((e) => e.count)).to.deep.equal([1, 0, 1, 0, 1, 1]);
      grid.values = [{ id: 'D1S1', value: 95 }, { id: 'D1S4', value: 30 }];
      await grid.rendered();
      expect([at('D1S1'), at('D1S4')]).to.deep.equal([COLOURS[4], COLOURS[1]]);
      expect(tileRequests()).to.equal(requests);
    });

    it('fetches nothing from any other origin (tiles decoded in place, no worker)', async () => {
      await setup('tiles', 'level="community"', source.tiles);
      const foreign = performance.getEntriesByType('resource').filter((e) => !e.name.startsWith(location.origin));
      expect(foreign.map((e) => e.name)).to.deep.equal([]);
    });

    it('labels the shown units whose names fit, each at a point inside the unit', async () => {
      const geo = await setup('geojson', 'level="community"');
      const index = geo.grid.hierarchy!;
      const { map, grid } = await setup('tiles', 'level="community"', source.tiles);
      grid.labels = 'auto';
      await grid.rendered();
      const layers = (map.deck as unknown as { layerManager: { getLayers(): { id: string; props: { data: unknown } }[] } }).layerManager.getLayers();
      const labels = layers.find((l) => l.id.endsWith('-labels'))!.props.data as { position: [number, number]; text: string; unit: number }[];
      expect(labels.length).to.be.greaterThan(3);
      for (const label of labels) {
        const id = grid.hierarchy!.ids[label.unit];
        expect(grid.visibleIds, id).to.include(id);
        expect(label.text).to.equal(index.names[index.indexOf(id)]);
        expect(index.contains(index.indexOf(id), ...label.position), id).to.equal(true);
      }
    });

    it('shows the hovered unit in its tooltip, from the unit index and the values', async () => {
      const expected = await geojsonPicture('level="street"');
      const { map, grid } = await setup('tiles', 'level="street"', source.tiles);
      await hoverAt(map, ...expected.points.get('D1S2')!);
      await grid.rendered();
      const tooltip = grid.shadowRoot!.querySelector('[part="tooltip"]')!.textContent!.replace(/\s+/g, ' ');
      expect(tooltip).to.contain(grid.hierarchy!.names[grid.hierarchy!.indexOf('D1S2')]);
      expect(tooltip).to.contain(grid.valueFor('D1S2')!.toLocaleString('zh-CN'));
    });

    it('converts its tiles into the map’s CRS as it converts the unit index (a GCJ-02 map over WGS-84 tiles)', async () => {
      // Grid cells (a few hundred metres) of one community: the GCJ-02 shift (about 500 m here) would move every pick.
      const units = (await (await fetch(UNITS)).json()) as { id: string; parent: string; level: string }[];
      const community = units.find((u) => u.level === 'grid')!.parent;
      const attributes = `level="grid" focus-id="${community}" static-view`;
      sharedMap!.setAttribute('crs', 'gcj02');
      try {
        const expected = await geojsonPicture(attributes);
        expect(expected.ids.length).to.be.greaterThan(3);
        const { map, grid } = await setup('tiles', attributes, source.tiles);
        for (const id of expected.ids.slice(0, 4)) {
          const selected = nextEvent<CityGridSelectDetail>(grid, 'city-grid-select');
          await clickAt(map, ...expected.points.get(id)!);
          expect((await selected).detail.id).to.equal(id);
          grid.selected = undefined;
          grid.level = 'grid';
          grid.focusId = community;
          await grid.rendered();
        }
      } finally {
        sharedMap!.removeAttribute('crs');
      }
    });
    });
  }

  const BROKEN = [
    { ...SOURCES[0], tiles: '/test/fixtures/tiles/broken/{level}/{z}/{x}/{y}.pbf', missing: '404', intact: TILES },
    { ...SOURCES[1], tiles: '/test/fixtures/tiles/broken.pmtiles', missing: 'not in the archive', intact: ARCHIVE },
  ];
  for (const source of BROKEN) {
      it(`reports a missing tile, a corrupt tile and a feature without id by tile, and draws the rest (${source.name})`, async () => {
      const geo = await setup('geojson', 'level="street"');
      const index = geo.grid.hierarchy!;
      const labels = geo.grid.visibleIds.map((id) => [id, index.labels[index.indexOf(id) * 2], index.labels[index.indexOf(id) * 2 + 1]] as const);
      const errors: CityErrorDetail[] = [];
      sharedMap!.addEventListener('city-error', (e) => errors.push((e as CustomEvent<CityErrorDetail>).detail));
      const { map, grid } = await setup('tiles', 'level="street"', source.tiles);
      // The zoom whose tiles were spoilt (11: four tiles around the sample's middle).
      map.zoom = 11.2;
      await grid.rendered();
      const report = grid.errors.find((e) => e.issues.some((i) => i.path.startsWith('tiles[')))!;
      const byPath = report.issues.map((i) => [i.path.replace(/\.features\[\d+\]/, '.features[k]'), i.code, i.severity]);
      expect(byPath).to.deep.equal([
        ['tiles[11/1629/846]', 'tile-load-failed', 'error'],
        ['tiles[11/1629/847]', 'tile-corrupt', 'error'],
        ['tiles[11/1630/846].features[k].properties.id', 'missing', 'warning'],
      ]);
      expect(report.issues[0].message, report.issues[0].message).to.contain(source.missing);
      expect(errors.at(-1)!.issues).to.deep.equal(report.issues);
      // The intact tile's units are drawn; nothing is drawn where the missing tile is.
      const tileOf = (lon: number, lat: number) => {
        const n = 2 ** 11;
        const phi = (lat * Math.PI) / 180;
        return `${Math.floor(((lon + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n)}`;
      };
      const painted = (lon: number, lat: number) => COLOURS.map(String).includes(String(pixelAt(map, ...project(map, [lon, lat]))));
      const intact = labels.filter(([, lon, lat]) => tileOf(lon, lat) === '1630/847');
      const missing = labels.filter(([, lon, lat]) => tileOf(lon, lat) === '1629/846');
      expect(intact.length + missing.length).to.be.greaterThan(0);
      for (const [id, lon, lat] of intact) expect(painted(lon, lat), id).to.equal(true);
      for (const [id, lon, lat] of missing) expect(painted(lon, lat), id).to.equal(false);
      // Other tiles: they replace the old ones, and the old tiles' report goes.
      grid.tiles = source.intact;
      await grid.rendered();
      expect(grid.errors.filter((e) => e.issues.some((i) => i.path.startsWith('tiles[')))).to.deep.equal([]);
      for (const [id, lon, lat] of [...intact, ...missing]) expect(painted(lon, lat), id).to.equal(true);
    });
  }

  it('reports a `tiles` value that is no {z}/{x}/{y} template nor a PMTiles archive, and fetches nothing for it', async () => {
    const before = performance.getEntriesByType('resource').length;
    const { grid } = await setup('tiles', '', '/test/fixtures/tiles/sample/{z}/{x}.pbf');
    const report = grid.errors.find((e) => e.issues.some((i) => i.path === 'tiles'))!;
    expect(report.severity).to.equal('warning');
    expect(report.issues.find((i) => i.path === 'tiles')!.message).to.contain('.pmtiles');
    expect(grid.visibleIds.length).to.be.greaterThan(0);
    expect(performance.getEntriesByType('resource').slice(before).filter((e) => e.name.includes('/{z}/'))).to.deep.equal([]);
  });

  it('reports an archive that is missing or no PMTiles archive once, as `tiles`, and draws no unit', async () => {
    for (const [tiles, code, message] of [
      ['/test/fixtures/tiles/none.pmtiles', 'tile-load-failed', '404'],
      ['/test/fixtures/tiles/corrupt.pmtiles', 'tile-corrupt', 'magic number'],
    ]) {
      const { map, grid } = await setup('tiles', 'level="street"', tiles);
      const issues = grid.errors.flatMap((e) => e.issues).filter((i) => i.path.startsWith('tiles'));
      expect(issues.map((i) => [i.path, i.code, i.severity]), tiles).to.deep.equal([['tiles', code, 'error']]);
      expect(issues[0].message).to.contain(tiles).and.to.contain(message);
      const index = grid.hierarchy!;
      for (const id of grid.visibleIds) {
        const u = index.indexOf(id);
        expect(COLOURS.map(String), id).to.not.include(String(pixelAt(map, ...project(map, [index.labels[u * 2], index.labels[u * 2 + 1]]))));
      }
    }
  });

  it('reads an archive again with the next unit index once it answers (after a failed header)', async () => {
    const expected = await geojsonPicture('level="street"');
    let down = true;
    const pageFetch = window.fetch;
    window.fetch = (input, init) => (down && String(input).startsWith(`${ARCHIVE}?flaky`) ? Promise.resolve(new Response('', { status: 503 })) : pageFetch(input, init));
    try {
      const { map, grid } = await setup('tiles', 'level="street"', `${ARCHIVE}?flaky`);
      const failed = grid.errors.flatMap((e) => e.issues).filter((i) => i.path.startsWith('tiles'));
      expect(failed.map((i) => [i.path, i.code])).to.deep.equal([['tiles', 'tile-load-failed']]);
      expect(failed[0].message).to.contain('503');
      down = false;
      grid.units = await (await fetch(UNITS)).json();
      await grid.rendered();
      expect(grid.errors.flatMap((e) => e.issues).filter((i) => i.path.startsWith('tiles'))).to.deep.equal([]);
      for (const [id, at] of expected.points) expect(pixelAt(map, ...at), id).to.deep.equal(expected.pixels.get(id));
    } finally {
      window.fetch = pageFetch;
    }
  });

  it('reads the archive by range requests made with the page’s `requestInit`', async () => {
    const expected = await geojsonPicture('level="street"');
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const pageFetch = window.fetch;
    window.fetch = (input, init) => {
      calls.push({ url: String(input), init });
      return pageFetch(input, init);
    };
    try {
      sharedMap!.replaceChildren();
      sharedMap!.innerHTML = `<city-grid-layer metric="events" palette="${PALETTE}" fill-opacity="1" labels="none" level="street" tiles="${ARCHIVE}?v=1" units-src="${UNITS}"></city-grid-layer>`;
      const grid = sharedMap!.querySelector('city-grid-layer')!;
      grid.requestInit = { headers: { 'X-City': 'chongqing' }, credentials: 'same-origin' };
      await waitForUnits(grid);
      sharedMap!.fitBounds(grid.dataBounds!, { duration: 0 });
      await grid.rendered();
      const archive = calls.filter((c) => c.url.startsWith(`${ARCHIVE}?v=1`));
      expect(archive.length).to.be.greaterThan(1);
      for (const { init } of archive) {
        const headers = new Headers(init!.headers);
        expect([headers.get('X-City'), init!.credentials]).to.deep.equal(['chongqing', 'same-origin']);
        expect(headers.get('Range')).to.match(/^bytes=\d+-\d+$/);
      }
      for (const [id, at] of expected.points) expect(pixelAt(sharedMap!, ...at), id).to.deep.equal(expected.pixels.get(id));
    } finally {
      window.fetch = pageFetch;
    }
  });

  it('reads the archive from a server that ignores `Range` (whole-file answers cut to the bytes asked for)', async () => {
    const expected = await geojsonPicture('level="street"');
    const statuses: number[] = [];
    const pageFetch = window.fetch;
    window.fetch = async (input, init) => {
      if (!String(input).startsWith(`${ARCHIVE}?whole`)) return pageFetch(input, init);
      const headers = new Headers(init?.headers);
      headers.delete('Range');
      const response = await pageFetch(input, { ...init, headers });
      statuses.push(response.status);
      return response;
    };
    try {
      const { map, grid } = await setup('tiles', 'level="street"', `${ARCHIVE}?whole`);
      expect(statuses.length).to.be.greaterThan(1);
      expect([...new Set(statuses)]).to.deep.equal([200]);
      expect(grid.errors.flatMap((e) => e.issues).filter((i) => i.path.startsWith('tiles'))).to.deep.equal([]);
      for (const [id, at] of expected.points) expect(pixelAt(map, ...at), id).to.deep.equal(expected.pixels.get(id));
    } finally {
      window.fetch = pageFetch;
    }
  });

  it('over-zooms an archive past its deepest zoom (from its header) unless `tiles-max-zoom` says otherwise', async () => {
    // A fixed domain: the classes of a tile mode's metric come from its first loaded view otherwise.
    const first = await setup('geojson', 'level="street"');
    const domain = `0,${Math.max(...first.grid.visibleIds.map((id) => first.grid.valueFor(id)!))}`;
    const attributes = `level="street" static-view domain="${domain}"`;
    const geo = await setup('geojson', attributes);
    const index = geo.grid.hierarchy!;
    const centres = geo.grid.visibleIds.map((id) => [id, [index.labels[index.indexOf(id) * 2], index.labels[index.indexOf(id) * 2 + 1]]] as const);
    /** The colour at the middle of the map, looking closely (zoom 13.6) at each unit's label point. */
    const closeUp = async (map: CityMap, grid: CityGridLayer) => {
      const colours: number[][] = [];
      for (const [, centre] of centres) {
        map.center = [centre[0], centre[1]];
        map.zoom = 13.6;
        await grid.rendered();
        colours.push(pixelAt(map, ...project(map, [centre[0], centre[1]])));
      }
      return colours;
    };
    const expected = await closeUp(geo.map, geo.grid);
    for (const colour of expected) expect(COLOURS.map(String)).to.include(String(colour));
    expect(new Set(expected.map(String)).size).to.be.greaterThan(1);
    const z12 = '/test/fixtures/tiles/sample-z12.pmtiles';
    const archive = await setup('tiles', attributes, z12);
    expect(await closeUp(archive.map, archive.grid)).to.deep.equal(expected);
    // Told that tiles exist down to 14, it asks the archive for zoom-14 tiles, which it lacks.
    const told = await setup('tiles', `${attributes} tiles-max-zoom="14"`, z12);
    for (const colour of await closeUp(told.map, told.grid)) expect(COLOURS.map(String)).to.not.include(String(colour));
  });

  it('gives a <city-scope> its hierarchy (without areas: tiles hold the shapes) and follows its unit', async () => {
    const expected = await geojsonPicture('level="street"');
    const units = (await (await fetch(UNITS)).json()) as unknown[];
    const scope = mount<CityScope>(
      `<city-scope><city-map style="width:100%;height:100%"><city-grid-layer metric="events" labels="none" level="street" tiles="${TILES}" units-src="${UNITS}"></city-grid-layer></city-map></city-scope>`,
      480,
      320,
    );
    try {
      const map = scope.querySelector('city-map')!;
      const grid = scope.querySelector('city-grid-layer')!;
      await waitForUnits(grid);
      map.fitBounds(grid.dataBounds!, { duration: 0 });
      await grid.rendered();
      await scope.rendered();
      expect(scope.selection.tree!.size).to.equal(units.length);
      expect(scope.selection.tree!.areas).to.equal(null);
      await clickAt(map, ...expected.points.get('D1S3')!);
      await scope.rendered();
      await grid.rendered();
      expect(scope.getAttribute('unit')).to.equal('D1S3');
      scope.setAttribute('unit', 'D1S1');
      await scope.rendered();
      await grid.rendered();
      expect([grid.getAttribute('selected'), grid.getAttribute('focus-id')]).to.deep.equal(['D1S1', 'D1S1']);
      const index = grid.hierarchy!;
      expect(grid.visibleIds).to.deep.equal(Array.from(index.children(index.indexOf('D1S1')), (u) => index.ids[u]));
    } finally {
      unmount(scope);
    }
  });

  it('releases its layers when removed from its map, mid-load or drawn, and draws again from the tiles it kept', async () => {
    const expected = await geojsonPicture('level="street"');
    const view = expected.view;
    const map = mount<CityMap>(`<city-map style="width:100%;height:100%"><city-grid-layer metric="events" palette="${PALETTE}" fill-opacity="1" labels="none" level="street" tiles="${TILES}" units-src="${UNITS}"></city-grid-layer></city-map>`, 480, 320);
    try {
      const grid = map.querySelector('city-grid-layer')!;
      await waitForUnits(grid);
      map.fitBounds(grid.dataBounds!, { duration: 0 });
      await grid.rendered();
      expect(map.deck!.getViewports()[0].zoom).to.be.closeTo(view.zoom, 1e-9);
      const at = expected.points.get('D1S2')!;
      const colour = pixelAt(map, ...at);
      expect(COLOURS.map(String)).to.include(String(colour));
      const contexts = countLiveWebGLContexts();
      for (let cycle = 0; cycle < 10; cycle++) {
        grid.remove();
        map.append(grid);
        if (cycle % 3 === 0) await grid.rendered();
        else await nextFrame();
      }
      grid.remove();
      await map.rendered();
      await sleep(100);
      expect(map.deck!.props.layers).to.deep.equal([]);
      expect(countLiveWebGLContexts()).to.equal(contexts);
      const requests = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.pbf')).length;
      map.append(grid);
      await grid.rendered();
      expect(pixelAt(map, ...at)).to.deep.equal(colour);
      expect(performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.pbf')).length).to.equal(requests);
    } finally {
      unmount(map);
    }
  });
});
