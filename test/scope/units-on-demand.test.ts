/**
 * `<city-scope units-src="…{parent}…{id}…">`: the hierarchy on demand. The page's fetch answers
 * `/scope-units.json` as `citykit.unit_children` / `citykit.unit_path` would on a small hierarchy.
 */
import { expect } from 'chai';
import '../../src/scope/index';
import type { CityScope } from '../../src/scope/index';
import type { CityErrorDetail } from '../../src/core/events';
import { collectEvents, waitFor } from '../helpers';

const row = (id: string, parent: string | null, level: string, children: unknown) => ({ id, parent, name: `${id}名`, level, children, bbox: [106, 29, 106.1, 29.1] });
const ROWS = [
  row('D1', null, 'district', 2),
  row('S1', 'D1', 'street', 2),
  row('S2', 'D1', 'street', 0),
  row('C1', 'S1', 'community', 0),
  row('C2', 'S1', 'community', 0),
  row('D2', null, 'district', 0),
];
const TEMPLATE = '/scope-units.json?parent={parent}&id={id}';

describe('<city-scope> with the hierarchy on demand', () => {
  const pageFetch = window.fetch;
  let queries: string[];
  let spoil: (query: string, rows: unknown[]) => unknown[];
  /** Each request's signal; an answer held back until its gate opens (it then comes even if aborted, as from a server that could not stop). */
  let signals: (AbortSignal | null | undefined)[];
  let gates: Map<string, Promise<void>>;
  beforeEach(() => {
    queries = [];
    signals = [];
    gates = new Map();
    spoil = (_, rows) => rows;
    window.fetch = async (input, init) => {
      const url = new URL(String(input), location.href);
      if (url.pathname !== '/scope-units.json') return pageFetch(input, init);
      queries.push(url.search.slice(1));
      signals.push(init?.signal);
      await gates.get(url.search.slice(1));
      const id = url.searchParams.get('id');
      const answer: typeof ROWS = [];
      if (id) for (let unit = ROWS.find((r) => r.id === id); unit; unit = ROWS.find((r) => r.id === unit!.parent)) answer.unshift(unit);
      else answer.push(...ROWS.filter((r) => r.parent === (url.searchParams.get('parent') || null)));
      return new Response(JSON.stringify(spoil(url.search.slice(1), answer)), { headers: { 'content-type': 'application/json' } });
    };
  });
  afterEach(() => {
    window.fetch = pageFetch;
    document.body.replaceChildren();
  });

  it('loads the top level and the selected unit’s branch, keeps the unit meanwhile, and knows what lies below it so far', async () => {
    document.body.innerHTML = `<city-scope units-src="${TEMPLATE}" unit="C2"></city-scope>`;
    const scope = document.querySelector('city-scope') as CityScope;
    const errors = collectEvents<CityErrorDetail>(scope, 'city-error').events;
    await scope.rendered();
    expect(queries).to.deep.equal(['parent=&id=', 'parent=&id=C2']);
    expect(scope.selection.unit).to.equal('C2');
    expect(scope.selection.tree!.partial).to.equal(true);
    expect(scope.selection.tree!.path('C2')).to.deep.equal(['D1', 'S1', 'C2']);
    expect([...scope.selection.tree!.ids].sort()).to.deep.equal(['C2', 'D1', 'D2', 'S1']);
    scope.unit = 'S1';
    await scope.rendered();
    expect(queries).to.have.length(2);
    expect([scope.selection.includes('C2'), scope.selection.includes('S1'), scope.selection.includes('D2')]).to.deep.equal([true, true, false]);
    expect(errors).to.deep.equal([]);
  });

  it('reports bad rows by answer, row and field; a unit no answer holds stays selected without a hierarchy path', async () => {
    spoil = (query, rows) => (query === 'parent=&id=' ? [...rows, { id: 'X', parent: 'D1', children: 'many' }, 7] : rows);
    document.body.innerHTML = `<city-scope units-src="${TEMPLATE}" unit="NOPE"></city-scope>`;
    const scope = document.querySelector('city-scope') as CityScope;
    const errors = collectEvents<CityErrorDetail>(scope, 'city-error').events;
    await scope.rendered();
    expect(queries).to.deep.equal(['parent=&id=', 'parent=&id=NOPE']);
    const paths = errors.at(-1)!.detail.issues.map((issue) => issue.path).sort();
    expect(paths).to.deep.equal(['units[parent=][2].children', 'units[parent=][3]']);
    expect(scope.selection.unit).to.equal('NOPE');
    expect(scope.selection.includes('NOPE')).to.equal(true);
    expect(scope.selection.includes('D1')).to.equal(false);
  });

  it('aborts its request when removed from the page and never uses the answer; back on the page it asks again', async () => {
    document.body.innerHTML = `<city-scope units-src="${TEMPLATE}"></city-scope>`;
    const scope = document.querySelector('city-scope') as CityScope;
    await scope.rendered();
    let release = () => undefined as void;
    gates.set('parent=&id=C2', new Promise<void>((resolve) => (release = resolve)));
    scope.unit = 'C2';
    await waitFor(() => queries.length === 2);
    expect(queries).to.deep.equal(['parent=&id=', 'parent=&id=C2']);
    scope.remove();
    expect(signals[1]!.aborted).to.equal(true);
    release();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await scope.rendered();
    expect([...scope.selection.tree!.ids].sort()).to.deep.equal(['D1', 'D2']);
    expect(queries).to.have.length(2);

    document.body.append(scope);
    await scope.rendered();
    expect(queries).to.deep.equal(['parent=&id=', 'parent=&id=C2', 'parent=&id=C2']);
    expect(signals[2]!.aborted).to.equal(false);
    expect(scope.selection.unit).to.equal('C2');
    expect(scope.selection.tree!.path('C2')).to.deep.equal(['D1', 'S1', 'C2']);
  });
});
