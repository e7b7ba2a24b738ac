// A grid map drawn in a browser from tiles the database serves: `node --test test/server/`.
//
// Starts a throwaway cluster (cluster.mjs), installs citykit.sql, loads the bundled sample grids,
// and serves `citykit.unit_tile` / `citykit.unit_index` with server/postgis/serve.mjs from the
// same origin as a plain page that loads the built single-file package (dist/citykit.bundle.js,
// `npm run build`) and shows `<city-map><city-grid-layer tiles units-src>`. In Debian's
// Chromium: a real click at a point inside each street unit (its pole of inaccessibility, from
// the GeoJSON on the Node side) selects that unit, and the pixel there has the unit's class colour
// (fixed thresholds per level, so every class is known beforehand); then a click drills into a
// street and its communities are drawn and picked the same way. Last, the same from the unit index
// on demand (`units-src="/units.json?parent={parent}&id={id}"`): only the units shown are asked for.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import polylabel from 'polylabel';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireBrowser } from '../browser.mjs';
import { loadSampleGrids, startCluster } from './cluster.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUNDLE = join(ROOT, 'dist/citykit.bundle.js');
const grids = JSON.parse(readFileSync(join(ROOT, 'data-samples/grids.geojson'), 'utf8'));
const PALETTE = ['#1a9850', '#91cf60', '#d9ef8b', '#fc8d59', '#d73027'];
const rgba = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).concat(255);

/** Units of a level (under `parent`), each with its events and a point well inside it. */
function unitsOf(level, parent) {
  return grids.features
    .filter((f) => f.properties.level === level && (!parent || f.properties.parent === parent))
    .map((f) => {
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      // The largest part's pole of inaccessibility: the point farthest from the unit's edges.
      const poles = polygons.map((rings) => polylabel(rings, 1e-6));
      const inside = poles.reduce((best, pole) => (pole.distance > best.distance ? pole : best));
      return { id: f.properties.id, events: f.properties.events, inside: [inside[0], inside[1]] };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Thresholds between the sorted values, so that the units fall into classes known here; one
 * fewer than the palette's colours (padded above the largest value), so each class is one colour.
 */
function thresholdsFor(units) {
  const values = units.map((u) => u.events).sort((a, b) => a - b);
  const cuts = [];
  for (let i = 1; i < values.length && cuts.length < PALETTE.length - 1; i++) if (values[i] > values[i - 1]) cuts.push((values[i] + values[i - 1]) / 2);
  while (cuts.length < PALETTE.length - 1) cuts.push(values.at(-1) + cuts.length + 1);
  return cuts;
}
/** d3's threshold scale: the class is the number of thresholds at or below the value. */
const classOf = (value, thresholds) => thresholds.filter((t) => t <= value).length;

let cluster;
let db;
let tilePool;
let server;
let browser;
let page;
let origin;

before(async () => {
  assert.ok(existsSync(BUNDLE), 'dist/citykit.bundle.js is missing: run `npm run build` first');
  cluster = await startCluster();
  db = new pg.Client(cluster);
  await db.connect();
  await db.query(readFileSync(join(ROOT, 'server/postgis/citykit.sql'), 'utf8'));
  await loadSampleGrids(db, grids);
  // serve.mjs's pool reads the connection from the environment when it is imported.
  Object.assign(process.env, { PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.user, PGDATABASE: cluster.database });
  const tiles = await import('../../server/postgis/serve.mjs');
  const serveTiles = tiles.server.listeners('request')[0];
  // The page, the package and the database's routes from one origin, as an intranet portal serves them.
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (PAGES.has(path)) return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGES.get(path));
    if (path === '/citykit.bundle.js') return response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BUNDLE));
    return serveTiles(request, response);
  });
  tilePool = tiles.pool;
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await puppeteer.launch({ executablePath: requireBrowser(), headless: true, args: chromiumArgs });
  page = await browser.newPage();
  await page.setViewport({ width: 960, height: 720 });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
  await tilePool?.end();
  await db?.end();
  cluster?.stop();
});

const streets = unitsOf('street');
const communities = unitsOf('community', streets[0].id);
// Per level: the streets' classes, and those of the communities the first street holds.
const thresholds = { street: thresholdsFor(streets), community: thresholdsFor(communities) };
/** The page: the whole unit index at `/`; at `/on-demand`, the index asked for as the view needs it, opened at the district. */
const pageWith = (units) => `<!doctype html>
<meta charset="utf-8">
<style>html, body { margin: 0 } city-map { display: block; width: 960px; height: 720px }</style>
<city-map><city-grid-layer tiles="/tiles/{z}/{x}/{y}.pbf" ${units} level="street" metric="events"
  scale="threshold" thresholds='${JSON.stringify(thresholds)}' palette="${PALETTE.join(',')}" fill-opacity="1" labels="none"></city-grid-layer></city-map>
<script type="module" src="/citykit.bundle.js"></script>`;
const PAGES = new Map([
  ['/', pageWith('units-src="/units.json"')],
  ['/on-demand', pageWith(`units-src="/units.json?parent={parent}&amp;id={id}" focus-id="${grids.features.find((f) => f.properties.level === 'district').properties.id}"`)],
]);

/** In the page: waits for the grid's picture (after fitting the map to the units once, like a first load). */
async function rendered(fit) {
  await page.evaluate(async (fitFirst) => {
    await customElements.whenDefined('city-grid-layer');
    const map = document.querySelector('city-map');
    const grid = document.querySelector('city-grid-layer');
    for (let i = 0; i < 200 && !grid.dataBounds; i++) await grid.rendered();
    if (fitFirst) map.fitBounds(grid.dataBounds, { duration: 0 });
    await grid.rendered();
  }, fit);
}

/** Each unit's inside point on the page, and the map canvas's colour there. */
function pictureAt(units) {
  return page.evaluate((points) => {
    const map = document.querySelector('city-map');
    const canvas = map.shadowRoot.querySelector('canvas[part="canvas"]');
    const viewport = map.deck.getViewports()[0];
    const rect = map.getBoundingClientRect();
    const ratio = canvas.width / canvas.clientWidth;
    const copy = document.createElement('canvas');
    copy.width = 1;
    copy.height = 1;
    const context = copy.getContext('2d');
    return points.map((lonLat) => {
      const [x, y] = viewport.project(lonLat);
      context.drawImage(canvas, Math.floor(x * ratio), Math.floor(y * ratio), 1, 1, 0, 0, 1, 1);
      return { x: rect.left + x, y: rect.top + y, colour: Array.from(context.getImageData(0, 0, 1, 1).data) };
    });
  }, units.map((u) => u.inside));
}

/** A real mouse click at a page point; resolves with the ids of the `city-grid-select` events it caused. */
async function clickSelects(x, y) {
  await page.evaluate(() => {
    if (!window.selections) document.querySelector('city-grid-layer').addEventListener('city-grid-select', (e) => window.selections.push(e.detail.id));
    window.selections = [];
  });
  await page.mouse.click(x, y);
  await rendered(false);
  return page.evaluate(() => window.selections);
}

describe('a grid map drawn from tiles served by the database', () => {
  it('draws every street unit in its class colour and picks it at a point inside it', async () => {
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('requestfailed', (request) => errors.push(`${request.url()} ${request.failure()?.errorText}`));
    await page.goto(`${origin}/`);
    await rendered(true);
    const shown = await page.evaluate(() => document.querySelector('city-grid-layer').visibleIds);
    assert.deepEqual(shown, streets.map((u) => u.id));
    // Every class a different unit: the colours prove the tiles' metrics reached the right units.
    assert.equal(new Set(streets.map((u) => classOf(u.events, thresholds.street))).size, streets.length);
    await page.evaluate(() => document.querySelector('city-grid-layer').setAttribute('static-view', ''));
    const picture = await pictureAt(streets);
    for (const [k, unit] of streets.entries()) {
      assert.deepEqual(picture[k].colour, rgba(PALETTE[classOf(unit.events, thresholds.street)]), unit.id);
    }
    for (const [k, unit] of streets.entries()) {
      assert.deepEqual(await clickSelects(picture[k].x, picture[k].y), [unit.id], unit.id);
      // Back to the streets, nothing selected, for the next click.
      await page.evaluate(() => {
        const grid = document.querySelector('city-grid-layer');
        Object.assign(grid, { selected: undefined, focusId: undefined, level: 'street' });
      });
      await rendered(false);
    }
    assert.deepEqual(errors, []);
  });

  it('drills into a street on a click, and draws and picks its communities from the tiles', async () => {
    const street = streets[0];
    const [at] = await pictureAt([street]);
    // Drilling fits the map to the street, as a user sees it; then picks keep that view.
    await page.evaluate(() => document.querySelector('city-grid-layer').removeAttribute('static-view'));
    await page.mouse.click(at.x, at.y);
    await rendered(false);
    await page.evaluate(() => document.querySelector('city-grid-layer').setAttribute('static-view', ''));
    assert.ok(communities.length > 1);
    const state = await page.evaluate(() => {
      const grid = document.querySelector('city-grid-layer');
      return { level: grid.level, focus: grid.focusId, shown: grid.visibleIds };
    });
    assert.deepEqual(state, { level: 'community', focus: street.id, shown: communities.map((u) => u.id) });
    const picture = await pictureAt(communities);
    assert.ok(new Set(communities.map((u) => classOf(u.events, thresholds.community))).size > 2);
    for (const [k, unit] of communities.entries()) {
      assert.deepEqual(picture[k].colour, rgba(PALETTE[classOf(unit.events, thresholds.community)]), unit.id);
    }
    for (const [k, unit] of communities.entries()) {
      assert.deepEqual(await clickSelects(picture[k].x, picture[k].y), [unit.id], unit.id);
      await page.evaluate((id) => {
        const grid = document.querySelector('city-grid-layer');
        Object.assign(grid, { selected: undefined, focusId: id, level: 'community' });
      }, street.id);
      await rendered(false);
    }
  });

  it('draws and drills the same from the unit index on demand, asking only for the units shown', async () => {
    const street = streets[0];
    await page.goto(`${origin}/on-demand`);
    await rendered(true);
    await page.evaluate(() => document.querySelector('city-grid-layer').setAttribute('static-view', ''));
    const shown = await page.evaluate(() => document.querySelector('city-grid-layer').visibleIds);
    assert.deepEqual([...shown].sort(), streets.map((u) => u.id));
    const picture = await pictureAt(streets);
    for (const [k, unit] of streets.entries()) {
      assert.deepEqual(picture[k].colour, rgba(PALETTE[classOf(unit.events, thresholds.street)]), unit.id);
    }
    await page.evaluate(() => document.querySelector('city-grid-layer').removeAttribute('static-view'));
    await page.mouse.click(picture[0].x, picture[0].y);
    await rendered(false);
    await page.evaluate(() => document.querySelector('city-grid-layer').setAttribute('static-view', ''));
    const state = await page.evaluate(() => {
      const grid = document.querySelector('city-grid-layer');
      const asked = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).search).filter((query) => query.includes('parent='));
      return { level: grid.level, focus: grid.focusId, shown: [...grid.visibleIds].sort(), held: grid.hierarchy.size, asked };
    });
    const district = grids.features.find((f) => f.properties.level === 'district').properties.id;
    assert.deepEqual(state, {
      level: 'community',
      focus: street.id,
      shown: communities.map((u) => u.id),
      held: 1 + streets.length + communities.length,
      asked: ['?parent=&id=', `?parent=${district}&id=`, `?parent=${street.id}&id=`],
    });
    const drilled = await pictureAt(communities);
    for (const [k, unit] of communities.entries()) {
      assert.deepEqual(drilled[k].colour, rgba(PALETTE[classOf(unit.events, thresholds.community)]), unit.id);
    }
    assert.deepEqual(await clickSelects(drilled[1].x, drilled[1].y), [communities[1].id]);
  });
});
