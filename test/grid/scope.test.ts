import { expect } from 'chai';
import '../../src/grid/index';
import '../../src/scope/index';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import type { CityMap } from '../../src/map/city-map';
import type { CityScope, CityScopeChangeDetail } from '../../src/scope/index';
import { clickAt, collectEvents, doubleClickAt, mapCanvas, mount, project, unmount } from '../helpers';
import { centre, sampleGrid } from './fixtures';

const GRID = '<city-grid-layer metric="events" labels="none"></city-grid-layer>';
const MAP = 'style="width:100%;height:100%"';

/** Feeds the grid the sample grid and fits the map on what it shows. */
async function start(map: CityMap, grid: CityGridLayer): Promise<void> {
  grid.data = sampleGrid();
  await grid.updateComplete;
  map.fitBounds(grid.dataBounds!, { duration: 0 });
  await grid.rendered();
}

/** `<city-scope><city-map><city-grid-layer>` with the sample grid. */
async function scoped(scopeAttributes = '') {
  const scope = mount<CityScope>(`<city-scope ${scopeAttributes}><city-map ${MAP}>${GRID}</city-map></city-scope>`, 480, 320);
  const map = scope.querySelector('city-map')!;
  const grid = scope.querySelector('city-grid-layer')!;
  await start(map, grid);
  await scope.rendered();
  return { scope, map, grid };
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const breadcrumb = (grid: CityGridLayer) => [...grid.shadowRoot!.querySelectorAll('[part="breadcrumb"] li')].map(text);
/** What the grid shows and selects: `selected`, `focus-id`, `level` attributes, the units shown, the breadcrumb. */
const state = (grid: CityGridLayer) => [grid.getAttribute('selected'), grid.getAttribute('focus-id'), grid.getAttribute('level'), grid.visibleIds, breadcrumb(grid)];
/** Lets the scope publish and the grid follow. */
async function settle(scope: CityScope, grid: CityGridLayer): Promise<void> {
  await scope.rendered();
  await grid.rendered();
}

describe('<city-grid-layer> inside <city-scope>', () => {
  let root: Element | undefined;
  afterEach(() => {
    unmount(root);
    root = undefined;
  });

  it('writes a clicked unit to the scope, once, and offers its hierarchy: the unit includes its children', async () => {
    const { scope, map, grid } = await scoped();
    root = scope;
    expect(scope.selection.tree!.size).to.equal(9);
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    const drills = collectEvents(grid, 'city-grid-drill');
    try {
      await clickAt(map, ...project(map, centre(0, 0, 2, 2)));
      await settle(scope, grid);
      expect(scope.getAttribute('unit')).to.equal('D1');
      expect(changes.events.map((e) => e.detail)).to.deep.equal([{ unit: 'D1', from: null, to: null }]);
      expect(state(grid)).to.deep.equal(['D1', 'D1', 'street', ['S1', 'S2'], ['全部区县', 'D1名']]);
      expect(drills.events.length).to.equal(1); // the scope's answer did not drill again
      expect(['D1', 'S1', 'S2', 'C1', 'C3', 'D2', 'S3', 'C4'].map((id) => scope.selection.includes(id))).to.deep.equal([true, true, true, true, true, false, false, false]);
      await clickAt(map, ...project(map, centre(0, 0, 1, 2)));
      await settle(scope, grid);
      expect(changes.events.map((e) => e.detail.unit)).to.deep.equal(['D1', 'S1']);
      expect(['S1', 'C1', 'C2', 'S2', 'C3'].map((id) => scope.selection.includes(id))).to.deep.equal([true, true, true, false, false]);
      expect(state(grid)).to.deep.equal(['S1', 'S1', 'community', ['C1', 'C2'], ['全部区县', 'D1名', 'S1名']]);
    } finally {
      changes.stop();
      drills.stop();
    }
  });

  it('selects and drills to a unit the scope is given from outside, without writing it back or firing grid events', async () => {
    const { scope, grid } = await scoped();
    root = scope;
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    const gridEvents = [collectEvents(grid, 'city-grid-select'), collectEvents(grid, 'city-grid-drill')];
    try {
      scope.setAttribute('unit', 'S1');
      await settle(scope, grid);
      expect(state(grid)).to.deep.equal(['S1', 'S1', 'community', ['C1', 'C2'], ['全部区县', 'D1名', 'S1名']]);
      // A unit without children: shown among its siblings, as a click on it would leave it.
      scope.setAttribute('unit', 'C4');
      await settle(scope, grid);
      expect(state(grid)).to.deep.equal(['C4', 'S3', 'community', ['C4'], ['全部区县', 'D2名', 'S3名']]);
      scope.selectUnit('D2');
      await settle(scope, grid);
      expect(state(grid)).to.deep.equal(['D2', 'D2', 'street', ['S3'], ['全部区县', 'D2名']]);
      scope.removeAttribute('unit');
      await settle(scope, grid);
      expect(state(grid)).to.deep.equal([null, null, 'district', ['D1', 'D2'], ['全部区县']]);
      expect(changes.events.map((e) => e.detail.unit)).to.deep.equal(['S1', 'C4', 'D2', null]);
      expect(gridEvents.map((events) => events.events.length)).to.deep.equal([0, 0]);
    } finally {
      changes.stop();
      gridEvents.forEach((events) => events.stop());
    }
  });

  it('opens on the scope’s unit; the scope wins over a `selected` set on the grid', async () => {
    const { scope, grid } = await scoped('unit="S2"');
    root = scope;
    expect(state(grid)).to.deep.equal(['S2', 'S2', 'community', ['C3'], ['全部区县', 'D1名', 'S2名']]);
    grid.selected = 'C3';
    await settle(scope, grid);
    expect([grid.getAttribute('selected'), scope.getAttribute('unit')]).to.deep.equal(['S2', 'S2']);
    // The page's own level and focus still move the view; the selection stays the scope's.
    grid.setAttribute('focus-id', 'D2');
    await settle(scope, grid);
    expect(state(grid)).to.deep.equal(['S2', 'D2', 'street', ['S3'], ['全部区县', 'D2名']]);
    // Data without units: nothing left to offer.
    grid.data = { type: 'FeatureCollection', features: [] };
    await settle(scope, grid);
    expect([scope.selection.tree, scope.selection.unit]).to.deep.equal([null, 'S2']);
  });

  it('shows the nearest unit it has for a unit only the scope’s hierarchy knows', async () => {
    const { scope, grid } = await scoped();
    root = scope;
    const rows = sampleGrid().features.map((f) => f.properties!);
    scope.units = [...rows, { id: 'G1', parent: 'C3', name: 'G1名', level: 'grid' }];
    scope.setAttribute('unit', 'G1');
    await settle(scope, grid);
    expect(scope.selection.unit).to.equal('G1');
    expect(state(grid)).to.deep.equal([null, 'S2', 'community', ['C3'], ['全部区县', 'D1名', 'S2名']]);
  });

  it('clears the scope with Escape, on the map and in the unit list, which selects with the keyboard too', async () => {
    const { scope, map, grid } = await scoped();
    root = scope;
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    try {
      await clickAt(map, ...project(map, centre(2, 0, 4, 2)));
      await settle(scope, grid);
      expect(scope.getAttribute('unit')).to.equal('D2');
      mapCanvas(map).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      await settle(scope, grid);
      expect([scope.hasAttribute('unit'), scope.selection.unit, grid.hasAttribute('selected')]).to.deep.equal([false, null, false]);
      // Nothing selected: the view stays where the user drilled.
      expect(grid.visibleIds).to.deep.equal(['S3']);
      const list = grid.shadowRoot!.querySelector<HTMLElement>('[part="units"]')!;
      list.focus();
      await grid.updateComplete;
      list.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
      await settle(scope, grid);
      expect([scope.getAttribute('unit'), grid.getAttribute('selected')]).to.deep.equal(['S3', 'S3']);
      list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await settle(scope, grid);
      expect([scope.hasAttribute('unit'), grid.hasAttribute('selected')]).to.deep.equal([false, false]);
      expect(changes.events.map((e) => e.detail.unit)).to.deep.equal(['D2', null, 'S3', null]);
    } finally {
      changes.stop();
    }
  });

  it('writes back the selection a double-click restores (its clicks selected before it went up)', async () => {
    const { scope, map, grid } = await scoped('unit="S1"');
    root = scope;
    const at = project(map, centre(0, 0, 1, 1)); // C1
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    await clickAt(map, ...at);
    await clickAt(map, ...at);
    await doubleClickAt(map, ...at);
    await settle(scope, grid);
    changes.stop();
    expect(changes.events.map((e) => e.detail.unit)).to.deep.equal(['C1', 'S1']);
    expect(scope.getAttribute('unit')).to.equal('S1');
    expect(state(grid)).to.deep.equal(['S1', 'D1', 'street', ['S1', 'S2'], ['全部区县', 'D1名']]);
  });

  it('leaves a grid outside any scope alone, and the scope alone by it', async () => {
    const wrap = mount<HTMLDivElement>(`<div ${MAP}><city-scope unit="S1"></city-scope><city-map ${MAP}>${GRID}</city-map></div>`, 480, 320);
    root = wrap;
    const scope = wrap.querySelector('city-scope')!;
    const map = wrap.querySelector('city-map')!;
    const grid = wrap.querySelector('city-grid-layer')!;
    scope.units = sampleGrid();
    await start(map, grid);
    await scope.rendered();
    expect(state(grid)).to.deep.equal([null, null, 'district', ['D1', 'D2'], ['全部区县']]);
    const changes = collectEvents(document, 'city-scope-change');
    try {
      await clickAt(map, ...project(map, centre(2, 0, 4, 2)));
      await settle(scope, grid);
      expect([scope.getAttribute('unit'), changes.events.length]).to.deep.equal(['S1', 0]);
      scope.setAttribute('unit', 'C1');
      await settle(scope, grid);
      expect(state(grid)).to.deep.equal(['D2', 'D2', 'street', ['S3'], ['全部区县', 'D2名']]);
      expect(scope.selection.tree!.size).to.equal(9); // the page's, not the grid's
    } finally {
      changes.stop();
    }
  });

  it('withdraws its hierarchy when it leaves the scope, after 50 connects and disconnects', async () => {
    const { scope, map, grid } = await scoped('unit="S3"');
    root = scope;
    const tree = scope.selection.tree;
    for (let i = 0; i < 50; i++) {
      grid.remove();
      await scope.updateComplete;
      map.append(grid);
      await grid.updateComplete;
      if (i % 10 === 9) {
        await settle(scope, grid);
        expect([scope.selection.tree?.size, scope.selection.unit, state(grid)]).to.deep.equal([9, 'S3', ['S3', 'S3', 'community', ['C4'], ['全部区县', 'D2名', 'S3名']]]);
      }
    }
    expect(scope.selection.tree).to.equal(tree); // offered again on each join: the same hierarchy, built once per data set
    grid.remove();
    await scope.rendered();
    expect(scope.selection.tree).to.equal(null);
    // Gone from the scope: its changes no longer reach the grid, the grid's no longer reach it.
    scope.setAttribute('unit', 'C1');
    await settle(scope, grid);
    expect(grid.getAttribute('selected')).to.equal('S3');
  });
});
