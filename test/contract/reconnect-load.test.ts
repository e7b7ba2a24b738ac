/**
 * An element moved to another parent while its `src` is loading (a panel made full-screen, a
 * dashboard re-ordered) is disconnected and reconnected at once: the request the disconnect
 * aborted is made again, and `rendered()` waits for it. Each element is compared with one of the
 * same tag that loaded the same file in place.
 */
import { expect } from 'chai';
import '../../src/index';
import type { CityClosureFunnel } from '../../src/funnel/city-closure-funnel';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import type { CityScope } from '../../src/scope/city-scope';

interface Loaded extends HTMLElement {
  rendered(): Promise<void>;
  updateComplete: Promise<boolean>;
}

const places: HTMLElement[] = [];
afterEach(() => places.splice(0).forEach((place) => place.remove()));

function place(): HTMLElement {
  const div = document.createElement('div');
  document.body.append(div);
  places.push(div);
  return div;
}

/** Mounts `tag` with `attributes`; `move` re-parents it while its `src` request is in flight. */
async function load<T extends Loaded>(tag: string, attributes: Record<string, string>, move: boolean): Promise<{ el: T; requests: string[] }> {
  const requests: string[] = [];
  const originalFetch = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(`${String(input)} ${init?.signal?.aborted ? 'aborted' : 'live'}`);
    return originalFetch(input, init);
  };
  try {
    const el = document.createElement(tag) as T;
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    place().append(el);
    await el.updateComplete; // the request has started
    if (move) place().append(el); // disconnected and connected again in one task
    await el.rendered();
    return { el, requests };
  } finally {
    window.fetch = originalFetch;
  }
}

describe('contract: a `src` request cut short by a move is made again', () => {
  it('<city-closure-funnel src>: the same metrics as in place, after two requests', async () => {
    const attributes = { preset: 'city-management', src: '/data-samples/cases-city-management.json', now: '2026-11-01T00:00:00+08:00' };
    const moved = await load<CityClosureFunnel & Loaded>('city-closure-funnel', attributes, true);
    const still = await load<CityClosureFunnel & Loaded>('city-closure-funnel', attributes, false);
    expect(still.el.metrics?.stages[0].reached).to.be.greaterThan(0);
    expect(moved.el.metrics).to.deep.equal(still.el.metrics);
    expect(moved.requests).to.have.length(2);
    expect(still.requests).to.have.length(1);
  });

  it('<city-risk-layer src>: the same records shown as in place', async () => {
    const moved = await load<CityRiskLayer & Loaded>('city-risk-layer', { src: '/data-samples/risks.json' }, true);
    const still = await load<CityRiskLayer & Loaded>('city-risk-layer', { src: '/data-samples/risks.json' }, false);
    expect(still.el.stats.valid).to.be.greaterThan(0);
    expect(moved.el.stats).to.deep.equal(still.el.stats);
    expect(moved.requests).to.have.length(2);
  });

  it('<city-grid-layer src>: the same hierarchy as in place', async () => {
    const moved = await load<CityGridLayer & Loaded>('city-grid-layer', { src: '/data-samples/grids.geojson', metric: 'population' }, true);
    const still = await load<CityGridLayer & Loaded>('city-grid-layer', { src: '/data-samples/grids.geojson', metric: 'population' }, false);
    expect(still.el.hierarchy?.size).to.be.greaterThan(0);
    expect(moved.el.hierarchy?.size).to.equal(still.el.hierarchy?.size);
    expect(moved.el.visibleIds).to.deep.equal(still.el.visibleIds);
    expect(moved.requests).to.have.length(2);
  });

  it('<city-scope units-src>: the hierarchy arrives and selects a deep unit', async () => {
    const moved = await load<CityScope & Loaded>('city-scope', { 'units-src': '/data-samples/grids.geojson', unit: 'D1S1C01' }, true);
    expect(moved.requests).to.have.length(2);
    expect(moved.el.selection.unit).to.equal('D1S1C01');
    expect(moved.el.selection.tree).to.not.equal(null);
    expect(moved.el.selection.includes('D1S1C01G01')).to.equal(true); // below it: known from the hierarchy only
    expect(moved.el.selection.includes('D1S1C02G01')).to.equal(false);
  });
});
