import { expect } from 'chai';
import { LitElement, html } from 'lit';
import '../../src/scope/index';
import { ScopeLink, UnitTree, type CityScope, type CityScopeChangeDetail, type ScopeSelection } from '../../src/scope/index';
import { define } from '../../src/core/define';
import { collectEvents, waitFor } from '../helpers';

/** A stand-in for a CityKit element: follows the scope around it and records what it saw. */
class ScopeProbe extends LitElement {
  readonly link = new ScopeLink(this);
  seen: (ScopeSelection | null)[] = [];
  protected override willUpdate(): void {
    const selection = this.link.scope?.selection ?? null;
    if (this.seen[this.seen.length - 1] !== selection) this.seen.push(selection);
  }
  get selection(): ScopeSelection | null {
    return this.link.scope?.selection ?? null;
  }
}
define('citykit-scope-probe', ScopeProbe);

/** A probe deep in another element's shadow root. */
class ShadowHost extends LitElement {
  override render() {
    return html`<div><citykit-scope-probe></citykit-scope-probe></div>`;
  }
  get probe(): ScopeProbe {
    return this.shadowRoot!.querySelector('citykit-scope-probe')!;
  }
}
define('citykit-scope-shadow-host', ShadowHost);

const row = (id: string, parent: string | null) => ({ id, parent, name: `${id}名`, level: parent ? 'community' : 'street' });
const UNITS = [row('S1', null), row('C1', 'S1'), row('C2', 'S1'), row('S2', null), row('C3', 'S2'), row('__proto__', 'S2')];
const local = (text: string) => new Date(text).getTime(); // "2026-11-01T00:00" is local midnight

async function mountScope(markup: string): Promise<{ scope: CityScope; probe: ScopeProbe; deep: ScopeProbe }> {
  const wrap = document.createElement('div');
  wrap.innerHTML = markup;
  document.body.append(wrap);
  const scope = wrap.querySelector('city-scope')!;
  await scope.updateComplete;
  const host = wrap.querySelector('citykit-scope-shadow-host') as ShadowHost | null;
  if (host) await host.updateComplete;
  return { scope, probe: wrap.querySelector('citykit-scope-probe')!, deep: host?.probe ?? wrap.querySelector('citykit-scope-probe')! };
}

const issues = (scope: CityScope) => scope.errors.flatMap((d) => d.issues.map((i) => `${i.path}: ${i.message}`));

describe('<city-scope>', () => {
  afterEach(() => {
    document.querySelectorAll('city-scope').forEach((s) => s.parentElement!.remove());
    history.replaceState(null, '', location.pathname);
  });

  it('hands its selection to elements at any depth, through shadow roots; a unit includes the units below it', async () => {
    const { scope, probe, deep } = await mountScope(
      '<city-scope unit="S1" from="2026-11-01" to="2026-11-30T23:59"><section><citykit-scope-probe></citykit-scope-probe><citykit-scope-shadow-host></citykit-scope-shadow-host></section></city-scope>',
    );
    scope.units = UNITS;
    await scope.updateComplete;
    for (const element of [probe, deep]) {
      const selection = element.selection!;
      expect(selection.unit).to.equal('S1');
      expect(selection.window).to.deep.equal({ from: local('2026-11-01T00:00'), to: local('2026-11-30T23:59') });
      expect(['S1', 'C1', 'C2', 'S2', 'C3', '__proto__', 'ghost', null].map((id) => selection.includes(id))).to.deep.equal([true, true, true, false, false, false, false, false]);
      expect([local('2026-10-31T23:59'), local('2026-11-01T00:00'), local('2026-11-30T23:59'), local('2026-12-01T00:00'), Number.NaN].map(selection.inWindow)).to.deep.equal([false, true, true, false, false]);
    }
    expect(scope.errors).to.deep.equal([]);
  });

  it('fires city-scope-change for script, attribute and method changes, and clears', async () => {
    const { scope, probe } = await mountScope('<city-scope><citykit-scope-probe></citykit-scope-probe></city-scope>');
    scope.units = UNITS;
    const changes = collectEvents<CityScopeChangeDetail>(document, 'city-scope-change');
    try {
      scope.selectUnit('C3');
      await scope.updateComplete;
      scope.setAttribute('from', '2026-11-02');
      await scope.updateComplete;
      scope.setWindow('2026-11-03', new Date(Date.UTC(2026, 10, 9)));
      await scope.updateComplete;
      scope.selectUnit('__proto__');
      await scope.updateComplete;
      scope.clear();
      await scope.updateComplete;
      expect(changes.events.map((e) => e.detail)).to.deep.equal([
        { unit: 'C3', from: null, to: null },
        { unit: 'C3', from: '2026-11-02', to: null },
        { unit: 'C3', from: '2026-11-03', to: '2026-11-09T00:00:00.000Z' },
        { unit: '__proto__', from: '2026-11-03', to: '2026-11-09T00:00:00.000Z' },
        { unit: null, from: null, to: null },
      ]);
      expect(changes.events.every((e) => e.bubbles && e.composed)).to.equal(true);
      expect(scope.getAttribute('unit')).to.equal(null);
      expect(probe.selection!.includes('anything')).to.equal(true);
    } finally {
      changes.stop();
    }
  });

  it('uses a hierarchy an element inside offers when the page gives none; without any, a unit is its own id only', async () => {
    const { scope, probe } = await mountScope('<city-scope unit="S2"><citykit-scope-probe></citykit-scope-probe></city-scope>');
    expect([probe.selection!.includes('S2'), probe.selection!.includes('C3')]).to.deep.equal([true, false]);
    const source = {};
    scope.offerUnits(source, UnitTree.fromRows(UNITS));
    await scope.updateComplete;
    expect([probe.selection!.includes('S2'), probe.selection!.includes('C3'), probe.selection!.includes('C1')]).to.deep.equal([true, true, false]);
    scope.offerUnits(source, null);
    await scope.updateComplete;
    expect(probe.selection!.includes('C3')).to.equal(false);
  });

  it("prefers a hierarchy offered beside it over one offered from inside another element's shadow root, whichever came last", async () => {
    const { scope, probe, deep } = await mountScope(
      '<city-scope unit="S2"><citykit-scope-probe></citykit-scope-probe><citykit-scope-shadow-host></citykit-scope-shadow-host></city-scope>',
    );
    const pageTree = UnitTree.fromRows(UNITS);
    const innerTree = UnitTree.fromRows([row('S2', null), row('C1', 'S2')]);
    scope.offerUnits(probe, pageTree);
    scope.offerUnits(deep, innerTree);
    await scope.updateComplete;
    expect([probe.selection!.includes('C3'), probe.selection!.includes('C1')]).to.deep.equal([true, false]);
    scope.offerUnits(probe, null);
    await scope.updateComplete;
    expect([probe.selection!.includes('C3'), probe.selection!.includes('C1')]).to.deep.equal([false, true]);
    scope.offerUnits(probe, pageTree);
    await scope.updateComplete;
    expect([probe.selection!.includes('C3'), probe.selection!.includes('C1')]).to.deep.equal([true, false]);
  });

  it('reports an unknown unit, an unreadable or reversed window, and a bad hierarchy; falls back and recovers', async () => {
    const { scope, probe } = await mountScope('<city-scope unit="ghost" from="2026-11-30" to="2026-11-01"><citykit-scope-probe></citykit-scope-probe></city-scope>');
    scope.units = [...UNITS, row('C1', 'S2'), row('X', 'nowhere')];
    await scope.updateComplete;
    expect(probe.selection!.unit).to.equal(null);
    expect(probe.selection!.window).to.deep.equal({ from: null, to: null });
    expect(issues(scope)).to.deep.equal([
      'to: to: "2026-11-01" is before from "2026-11-30"; the time window is ignored',
      'unit: unit: unknown unit "ghost"; everything is shown',
      'units[6].id: duplicate id "C1": the first unit with it is kept',
      'units[7].parent: unknown parent "nowhere": the unit is shown as a top unit',
    ]);
    expect(scope.errors.find((d) => d.issues.some((i) => i.path === 'unit'))!.severity).to.equal('warning');
    scope.setAttribute('from', 'yesterday');
    scope.setAttribute('to', '2026-11-05');
    scope.setAttribute('unit', 'C1');
    await scope.updateComplete;
    expect(probe.selection!.unit).to.equal('C1');
    // A date alone as `to` holds its whole day.
    expect(probe.selection!.window).to.deep.equal({ from: null, to: local('2026-11-06T00:00') - 1 });
    expect(issues(scope).filter((i) => !i.startsWith('units['))).to.deep.equal([
      'from: from: unknown value "yesterday" (expected an ISO 8601 date or date-time (e.g. 2026-11-01 or 2026-11-01T08:00))',
    ]);
    scope.removeAttribute('from');
    await scope.updateComplete;
    expect(issues(scope).filter((i) => !i.startsWith('units['))).to.deep.equal([]);
  });

  it('keeps two scopes independent, and an element outside any scope sees none', async () => {
    const a = await mountScope('<city-scope unit="S1"><citykit-scope-probe></citykit-scope-probe></city-scope>');
    const b = await mountScope('<city-scope unit="S2"><citykit-scope-probe></citykit-scope-probe></city-scope>');
    const outside = document.createElement('citykit-scope-probe') as ScopeProbe;
    document.body.append(outside);
    try {
      await outside.updateComplete;
      a.scope.selectUnit('C1');
      await a.scope.updateComplete;
      expect(a.probe.selection!.unit).to.equal('C1');
      expect(b.probe.selection!.unit).to.equal('S2');
      expect(outside.selection).to.equal(null);
      // Moved into a scope, an element follows it; moved out, it follows none.
      b.scope.append(outside);
      await waitFor(() => outside.selection?.unit === 'S2');
      document.body.append(outside);
      await outside.updateComplete;
      expect(outside.selection).to.equal(null);
    } finally {
      outside.remove();
    }
  });

  it('sync-url: opens the view a link names; a click and a whole drag are one history entry each; back restores', async () => {
    history.replaceState(null, '', `${location.pathname}?tab=2&s-unit=C1&s-from=2026-11-01#top`);
    const { scope, probe } = await mountScope('<city-scope sync-url url-prefix="s-"><citykit-scope-probe></citykit-scope-probe></city-scope>');
    scope.units = UNITS;
    await scope.updateComplete;
    expect(probe.selection!.unit).to.equal('C1');
    expect(probe.selection!.window.from).to.equal(local('2026-11-01T00:00'));
    // Which history calls the scope makes (history.length cannot tell: browsers cap it).
    const calls: string[] = [];
    const { pushState, replaceState } = history;
    history.pushState = function (...args: Parameters<History['pushState']>) {
      calls.push(`push ${new URL(String(args[2]), location.href).search}`);
      return pushState.apply(this, args);
    };
    history.replaceState = function (...args: Parameters<History['replaceState']>) {
      calls.push(`replace ${new URL(String(args[2]), location.href).search}`);
      return replaceState.apply(this, args);
    };
    try {
      scope.selectUnit('C3', { interactive: true });
      await scope.updateComplete;
      expect(location.hash).to.equal('#top');
      // A drag: three transient steps, then the final write of the same window.
      for (const to of ['2026-11-04', '2026-11-05', '2026-11-06']) {
        scope.setWindow('2026-11-02', to, { transient: true });
        await scope.updateComplete;
      }
      scope.setWindow('2026-11-02', '2026-11-06');
      await scope.updateComplete;
    } finally {
      history.pushState = pushState;
      history.replaceState = replaceState;
    }
    expect(calls).to.deep.equal([
      'push ?tab=2&s-unit=C3&s-from=2026-11-01',
      'push ?tab=2&s-unit=C3&s-from=2026-11-02&s-to=2026-11-04',
      'replace ?tab=2&s-unit=C3&s-from=2026-11-02&s-to=2026-11-05',
      'replace ?tab=2&s-unit=C3&s-from=2026-11-02&s-to=2026-11-06',
    ]);
    history.back(); // to before the drag
    await waitFor(() => probe.selection?.window.from === local('2026-11-01T00:00'));
    expect(probe.selection!.unit).to.equal('C3');
    expect(probe.selection!.window.to).to.equal(null);
    expect(scope.from).to.equal('2026-11-01');
  });
});
