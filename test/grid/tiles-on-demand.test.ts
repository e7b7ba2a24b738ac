/**
 * `<city-grid-layer tiles units-src="…{parent}…{id}…">`: the unit index on demand. A stand-in for
 * `serve.mjs` (`/units.json?parent=…&id=…`, answered from the sample's whole index as
 * `citykit.unit_children` / `citykit.unit_path` answer) lets each test hold, spoil or count the
 * answers; what is shown is checked against the GeoJSON mode on the same map and view.
 */
import { expect } from 'chai';
import '../../src/grid/index';
import '../../src/scope/index';
import type { CityScope } from '../../src/scope/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridDrillDetail, CityGridLayer } from '../../src/grid/city-grid-layer';
import type { CityErrorDetail } from '../../src/core/events';
import { tileBounds } from '../../src/grid/tiles/tile-units';
import { clickAt, collectEvents, mount, pixelAt, project, unmount, waitFor } from '../helpers';

const PALETTE = '#1a9850,#91cf60,#d9ef8b,#fc8d59,#d73027';
const TILES = '/test/fixtures/tiles/sample/{level}/{z}/{x}/{y}.pbf';
const UNITS = '/test/fixtures/tiles/sample/units.json';
const ON_DEMAND = '/units-on-demand.json?parent={parent}&id={id}';

interface Row {
  id: string;
  parent: string | null;
  name: string;
  level: string;
  bbox: number[];
  children?: unknown;
}

let whole: Row[] | undefined;
let grids: unknown;

/** The sample's whole index, each row with its child count (what unit_children adds). */
async function wholeIndex(): Promise<Row[]> {
  if (!whole) {
    const rows = (await (await fetch(UNITS)).json()) as Row[];
    const counts = new Map<string, number>();
    for (const row of rows) if (row.parent !== null) counts.set(row.parent, (counts.get(row.parent) ?? 0) + 1);
    whole = rows.map((row) => ({ ...row, children: counts.get(row.id) ?? 0 }));
  }
  return whole;
}

interface Call {
  query: string;
  init: RequestInit | undefined;
}

/**
 * Answers `/units-on-demand.json` from the whole index: `?id=` a unit and its ancestors (top
 * first), else the children of `?parent=` (empty: the top), by id. `hold(query)` keeps an answer
 * back until released (it then comes even if the request was aborted, as from a server that
 * could not stop); `spoil` changes the rows of an answer.
 */
function unitServer(rows: Row[]) {
  const calls: Call[] = [];
  /** The tiles fetched (paths), in order: a tile the layer keeps is never fetched twice. */
  const tiles: string[] = [];
  const held = new Map<string, { release: () => void; gate: Promise<void> }>();
  let spoil: (query: string, rows: unknown[]) => unknown[] = (_, list) => list;
  const pageFetch = window.fetch;
  const byId = new Map(rows.map((row) => [row.id, row]));
  window.fetch = async (input, init) => {
    const url = new URL(String(input), location.href);
    if (url.pathname.endsWith('.pbf')) tiles.push(url.pathname);
    if (url.pathname !== '/units-on-demand.json') return pageFetch(input, init);
    const query = url.search.slice(1);
    calls.push({ query, init });
    await held.get(query)?.gate;
    const id = url.searchParams.get('id');
    let answer: Row[];
    if (id) {
      answer = [];
      for (let row = byId.get(id); row; row = row.parent === null ? undefined : byId.get(row.parent)) answer.unshift(row);
    } else {
      const parent = url.searchParams.get('parent') || null;
      answer = rows.filter((row) => row.parent === parent).sort((a, b) => (a.id < b.id ? -1 : 1));
    }
    return new Response(JSON.stringify(spoil(query, answer)), { headers: { 'content-type': 'application/json' } });
  };
  return {
    calls,
    tiles,
    queries: () => calls.map((call) => call.query),
    hold(query: string) {
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      held.set(query, { release, gate });
      return release;
    },
    spoil(change: typeof spoil) {
      spoil = change;
    },
    restore() {
      window.fetch = pageFetch;
    },
  };
}

let sharedMap: CityMap | undefined;

/** A grid layer on the shared map (fresh each time), from GeoJSON or from tiles with the index on demand, fitted like a first load. */
async function setup(mode: 'geojson' | 'on-demand', attributes = '') {
  sharedMap ??= mount<CityMap>('<city-map style="width:100%;height:100%"></city-map>', 480, 320);
  const map = sharedMap;
  map.replaceChildren();
  const source = mode === 'on-demand' ? `tiles="${TILES}" units-src="${ON_DEMAND}"` : '';
  // A fixed domain: the on-demand mode holds only the opened units' values, so a level's default classes could differ.
  map.innerHTML = `<city-grid-layer metric="events" domain="0,300" palette="${PALETTE}" fill-opacity="1" labels="none" ${source} ${attributes}></city-grid-layer>`;
  const grid = map.querySelector('city-grid-layer') as CityGridLayer;
  if (mode === 'geojson') grid.data = grids ??= await (await fetch('/data-samples/grids.geojson')).json();
  await grid.rendered();
  expect(grid.dataBounds, 'units shown').to.not.equal(null);
  map.fitBounds(grid.dataBounds!, { duration: 0 });
  await grid.rendered();
  return { map, grid };
}

/** What the GeoJSON mode shows for `attributes`: ids, a point inside each shown unit and its pixel. */
async function geojsonPicture(attributes = '') {
  const { map, grid } = await setup('geojson', attributes);
  const index = grid.hierarchy!;
  const points = new Map<string, [number, number]>();
  for (const id of grid.visibleIds) {
    const u = index.indexOf(id);
    points.set(id, project(map, [index.labels[u * 2], index.labels[u * 2 + 1]]));
  }
  const pixels = new Map([...points].map(([id, at]) => [id, pixelAt(map, ...at)]));
  return { ids: grid.visibleIds, points, pixels };
}

/** `{z, x, y}` of a tile path (`…/grid/13/6520/3378.pbf`). */
function tileAddress(path: string) {
  const [z, x, y] = path.match(/(\d+)\/(\d+)\/(\d+)\.pbf$/)!.slice(1).map(Number);
  return { z, x, y };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const crumbs = (grid: CityGridLayer) => grid.shadowRoot!.querySelector('[part="breadcrumb"]')!.textContent!.replace(/\s+/g, ' ');

describe('<city-grid-layer> with the unit index on demand (`units-src` with {parent} and {id})', () => {
  let server: ReturnType<typeof unitServer>;
  beforeEach(async () => {
    server = unitServer(await wholeIndex());
  });
  afterEach(() => server.restore());
  after(() => {
    unmount(sharedMap);
    sharedMap = undefined;
  });

  it('starts from the top level alone, and a click drills in once the children arrive: the same units, pixels, event and breadcrumb as GeoJSON', async () => {
    const top = await geojsonPicture();
    const streets = await geojsonPicture('focus-id="D1"');
    const communities = await geojsonPicture('focus-id="D1S1"');
    const { map, grid } = await setup('on-demand');
    expect(server.queries()).to.deep.equal(['parent=&id=']);
    expect(grid.visibleIds).to.deep.equal(top.ids);
    expect(grid.hierarchy!.size).to.equal(1);
    for (const [id, at] of top.points) expect(pixelAt(map, ...at), id).to.deep.equal(top.pixels.get(id));

    const drills = collectEvents<CityGridDrillDetail>(grid, 'city-grid-drill').events;
    grid.setAttribute('static-view', '');
    await clickAt(map, ...top.points.get('D1')!);
    await grid.rendered();
    expect(server.queries()).to.deep.equal(['parent=&id=', 'parent=D1&id=']);
    expect(drills.map((e) => e.detail)).to.deep.equal([{ id: 'D1', level: 'street', path: ['D1'] }]);
    expect(grid.visibleIds).to.deep.equal(streets.ids);
    expect([grid.getAttribute('focus-id'), grid.getAttribute('selected')]).to.deep.equal(['D1', 'D1']);

    await clickAt(map, ...streets.points.get('D1S1')!);
    await grid.rendered();
    map.fitBounds(grid.dataBounds!, { duration: 0 });
    await grid.rendered();
    expect(server.queries()).to.deep.equal(['parent=&id=', 'parent=D1&id=', 'parent=D1S1&id=']);
    expect(drills.at(-1)!.detail).to.deep.equal({ id: 'D1S1', level: 'community', path: ['D1', 'D1S1'] });
    expect(grid.visibleIds).to.deep.equal(communities.ids);
    expect(grid.hierarchy!.size).to.equal(1 + streets.ids.length + communities.ids.length);
    const names = grid.hierarchy!.names;
    expect(crumbs(grid)).to.contain(names[grid.hierarchy!.indexOf('D1')]).and.to.contain(names[grid.hierarchy!.indexOf('D1S1')]);
    for (const [id, at] of communities.points) expect(pixelAt(map, ...at), id).to.deep.equal(communities.pixels.get(id));
  });

  it('shows a deep unit a scope selects (a shared link) by asking for its ancestors, then its siblings: selected, breadcrumb, no error', async () => {
    const rows = await wholeIndex();
    const micro = rows.find((row) => row.level === 'micro-grid')!;
    const siblings = rows.filter((row) => row.parent === micro.parent).map((row) => row.id);
    const scope = mount<CityScope>(
      `<city-scope unit="${micro.id}"><city-map style="width:100%;height:100%"><city-grid-layer metric="events" labels="none" tiles="${TILES}" units-src="${ON_DEMAND}"></city-grid-layer></city-map></city-scope>`,
      480,
      320,
    );
    try {
      const grid = scope.querySelector('city-grid-layer')!;
      const errors = collectEvents<CityErrorDetail>(scope, 'city-error').events;
      const changes = collectEvents<{ unit: string | null }>(scope, 'city-scope-change').events;
      await grid.rendered();
      await scope.rendered();
      await grid.rendered();
      expect(server.queries()).to.deep.equal(['parent=&id=', `parent=&id=${micro.id}`, `parent=${micro.parent}&id=`]);
      expect([grid.getAttribute('selected'), grid.getAttribute('focus-id'), grid.level]).to.deep.equal([micro.id, micro.parent, 'micro-grid']);
      expect([...grid.visibleIds].sort()).to.deep.equal([...siblings].sort());
      const index = grid.hierarchy!;
      expect(index.pathTo(index.indexOf(micro.id)).map((u) => index.ids[u])).to.have.length(5);
      for (const u of index.pathTo(index.indexOf(micro.parent!))) expect(crumbs(grid)).to.contain(index.names[u]);
      // The scope kept the unit throughout (no "unknown unit" while its branch was on its way).
      expect(scope.getAttribute('unit')).to.equal(micro.id);
      expect(scope.selection.unit).to.equal(micro.id);
      expect(changes.map((e) => e.detail.unit).filter((unit) => unit !== micro.id)).to.deep.equal([]);
      expect(scope.selection.tree!.partial).to.equal(true);
      expect(errors.map((e) => e.detail.issues)).to.deep.equal([]);
    } finally {
      unmount(scope);
    }
  });

  it('a `focus-id` not loaded yet waits for its branch and shows its children; going up asks for the siblings it lacks', async () => {
    const communities = await geojsonPicture('focus-id="D1S1"');
    const grids = await geojsonPicture('focus-id="D1S1C02"');
    const { map, grid } = await setup('on-demand', 'focus-id="D1S1C02"');
    expect(server.queries()).to.deep.equal(['parent=&id=', 'parent=&id=D1S1C02', 'parent=D1S1C02&id=']);
    expect(grid.visibleIds).to.deep.equal(grids.ids);
    expect(grid.hierarchy!.size).to.equal(3 + grids.ids.length);
    for (const [id, at] of grids.points) expect(pixelAt(map, ...at), id).to.deep.equal(grids.pixels.get(id));
    const drills = collectEvents<CityGridDrillDetail>(grid, 'city-grid-drill').events;
    const [, , street] = grid.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="breadcrumb"] button');
    street.click();
    await grid.rendered();
    expect(server.queries().slice(3)).to.deep.equal(['parent=D1S1&id=']);
    expect(drills.map((e) => e.detail)).to.deep.equal([{ id: 'D1S1', level: 'community', path: ['D1', 'D1S1'] }]);
    // The same units (the community that came first with its branch comes first in the index).
    expect([...grid.visibleIds].sort()).to.deep.equal([...communities.ids].sort());
  });

  it('reports bad rows by answer, row and field, and draws the good ones', async () => {
    server.spoil((query, rows) =>
      query === 'parent=D1&id='
        ? rows.map((row, i) => (i === 1 ? { ...(row as Row), bbox: 'wide' } : i === 2 ? { ...(row as Row), children: -1 } : i === 3 ? 42 : row))
        : rows,
    );
    const streets = (await wholeIndex()).filter((row) => row.parent === 'D1').sort((a, b) => (a.id < b.id ? -1 : 1));
    const { grid } = await setup('on-demand');
    const errors = collectEvents<CityErrorDetail>(grid, 'city-error').events;
    grid.focusId = 'D1';
    await grid.rendered();
    const paths = errors.flatMap((e) => e.detail.issues.map((issue) => issue.path)).sort();
    expect(paths).to.deep.equal(['units[parent=D1][1].bbox', 'units[parent=D1][2].children', 'units[parent=D1][3]']);
    expect(grid.visibleIds).to.deep.equal([streets[0].id, streets[2].id]);
  });

  it('ignores an answer that comes after a newer drill (its request aborted), and asks with the page’s `requestInit`', async () => {
    const later = await geojsonPicture('focus-id="D1S1C03"');
    const { grid } = await setup('on-demand', 'focus-id="D1S1"');
    grid.requestInit = { headers: { 'X-City': 'chongqing' } };
    const release = server.hold('parent=D1S1C01&id=');
    grid.focusId = 'D1S1C01';
    await waitFor(() => server.calls.some((call) => call.query === 'parent=D1S1C01&id='));
    grid.focusId = 'D1S1C03';
    await grid.rendered();
    const first = server.calls.find((call) => call.query === 'parent=D1S1C01&id=')!;
    expect(first.init!.signal!.aborted).to.equal(true);
    expect(grid.visibleIds).to.deep.equal(later.ids);
    release();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await grid.rendered();
    expect(grid.visibleIds).to.deep.equal(later.ids);
    expect(grid.hierarchy!.indexOf((await wholeIndex()).find((row) => row.parent === 'D1S1C01')!.id)).to.equal(-1);
    expect(new Headers(server.calls.at(-1)!.init!.headers).get('X-City')).to.equal('chongqing');
  });

  it('keeps the loaded tiles when rows arrive: no tile is fetched twice, and a kept tile draws the units that came after it', async () => {
    // D1S1C02's grids under the view of D1S1, drawn from GeoJSON.
    const geojson = await setup('geojson', 'focus-id="D1S1" static-view');
    for (const focus of ['D1S1C01', 'D1S1', 'D1S1C02']) {
      geojson.grid.focusId = focus;
      await geojson.grid.rendered();
    }
    const index = geojson.grid.hierarchy!;
    const expected = geojson.grid.visibleIds;
    const points = expected.map((id) => project(geojson.map, [index.labels[index.indexOf(id) * 2], index.labels[index.indexOf(id) * 2 + 1]]));
    const pixels = points.map((at) => pixelAt(geojson.map, ...at));
    server.tiles.length = 0;

    const { map, grid } = await setup('on-demand', 'focus-id="D1S1" static-view');
    const communityTiles = server.tiles.length;
    expect(communityTiles).to.be.greaterThan(0);
    grid.focusId = 'D1S1C01';
    await grid.rendered();
    const seenAtC01 = new Set(server.tiles);
    // Up, then into D1S1C02, whose children arrive: the grid tiles loaded for D1S1C01 are linked to them, not fetched again.
    for (const focus of ['D1S1', 'D1S1C02']) {
      grid.focusId = focus;
      await grid.rendered();
    }
    expect(server.queries()).to.deep.equal(['parent=&id=', 'parent=&id=D1S1', 'parent=D1S1&id=', 'parent=D1S1C01&id=', 'parent=D1S1C02&id=']);
    expect(grid.visibleIds).to.deep.equal(expected);
    points.forEach((at, k) => expect(pixelAt(map, ...at), expected[k]).to.deep.equal(pixels[k]));
    // Tiles loaded for D1S1C01 hold some of D1S1C02's grids (checked above): they were kept and draw them.
    const keptBoxes = [...seenAtC01].filter((tile) => tile.includes('/grid/')).map((tile) => tileBounds(tileAddress(tile)));
    const fromKeptTiles = expected.filter((id) => {
      const [x, y] = index.labels.subarray(index.indexOf(id) * 2, index.indexOf(id) * 2 + 2);
      return keptBoxes.some(([w, s, e, n]) => x >= w && x <= e && y >= s && y <= n);
    });
    expect(fromKeptTiles).to.not.deep.equal([]);
    // Back to the communities: their tiles are the ones kept from the start.
    grid.focusId = 'D1S1';
    await grid.rendered();
    expect(server.tiles.filter((tile) => tile.includes('/community/'))).to.have.length(communityTiles);
    expect(new Set(server.tiles).size).to.equal(server.tiles.length);
  });

  it('aborts the rows on their way when removed from the page and never uses them; back on the page it asks again and shows them', async () => {
    const streets = await geojsonPicture('focus-id="D1"');
    const { map, grid } = await setup('on-demand');
    const release = server.hold('parent=D1&id=');
    grid.focusId = 'D1';
    await pause(50);
    const pending = server.calls.find((call) => call.query === 'parent=D1&id=')!;
    grid.remove();
    expect(pending.init!.signal!.aborted).to.equal(true);
    release();
    await pause(100);
    await grid.rendered();
    expect(grid.hierarchy!.size).to.equal(1);
    expect(grid.visibleIds).to.deep.equal(['D1']);
    expect(server.queries()).to.deep.equal(['parent=&id=', 'parent=D1&id=']);

    map.append(grid);
    await grid.rendered();
    expect(server.queries()).to.deep.equal(['parent=&id=', 'parent=D1&id=', 'parent=D1&id=']);
    expect(server.calls[2].init!.signal!.aborted).to.equal(false);
    expect(grid.visibleIds).to.deep.equal(streets.ids);
  });
});
