import { expect } from 'chai';
import { ContextBudget, DEFAULT_CONTEXT_BUDGET, type ContextClient } from '../../src/map/context-budget';

/** A fake map that records what the budget told it, in one shared log. */
class FakeMap implements ContextClient {
  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {}
  grant(): void {
    this.log.push(`+${this.name}`);
  }
  revoke(): void {
    this.log.push(`-${this.name}`);
  }
}

function setup(limit: number, names: string[], visible = true) {
  const log: string[] = [];
  const budget = new ContextBudget<FakeMap>(limit);
  const maps = Object.fromEntries(names.map((name) => [name, new FakeMap(name, log)])) as Record<string, FakeMap>;
  for (const map of Object.values(maps)) budget.add(map, visible);
  return { budget, maps, log };
}

describe('ContextBudget (pure model)', () => {
  it('grants up to the limit, then makes the next map wait while every holder is busy', () => {
    const { budget, maps, log } = setup(2, ['a', 'b', 'c']);
    budget.want(maps.a);
    budget.want(maps.b);
    budget.want(maps.c);
    expect(log).to.deep.equal(['+a', '+b']);
    expect(budget.live).to.equal(2);
    expect(budget.demandOf(maps.c)).to.equal('active');
  });

  it('serves a waiting map from the least recently used idle map once it has drawn', () => {
    const { budget, maps, log } = setup(2, ['a', 'b', 'c']);
    budget.want(maps.a);
    budget.want(maps.b);
    budget.want(maps.c);
    budget.setBusy(maps.b, false); // b drew first: idle, but a is still busy
    expect(log).to.deep.equal(['+a', '+b', '-b', '+c']);
    expect(budget.isLive(maps.b)).to.equal(false);
    expect(budget.isLive(maps.c)).to.equal(true);
  });

  it('evicts off-screen maps before visible ones, least recently used first', () => {
    const { budget, maps, log } = setup(3, ['a', 'b', 'c', 'd']);
    for (const name of ['a', 'b', 'c']) {
      budget.want(maps[name]);
      budget.setBusy(maps[name], false);
    }
    budget.touch(maps.a); // a used last: b is now the least recently used
    budget.setVisible(maps.c, false);
    budget.want(maps.d);
    expect(log.slice(3)).to.deep.equal(['-c', '+d']); // c is off-screen: it goes first although b is older
    budget.setBusy(maps.d, false);
    budget.setVisible(maps.c, true);
    budget.want(maps.c);
    expect(log.slice(5)).to.deep.equal(['-b', '+c']); // all visible now: the least recently used one
  });

  it('never evicts a busy map, even off-screen', () => {
    const { budget, maps, log } = setup(1, ['a', 'b']);
    budget.want(maps.a);
    budget.setVisible(maps.a, false);
    budget.want(maps.b);
    expect(log).to.deep.equal(['+a']);
    budget.setBusy(maps.a, false);
    expect(log).to.deep.equal(['+a', '-a', '+b']);
  });

  it('serves visible waiters before off-screen ones, then first come first served', () => {
    const { budget, maps, log } = setup(1, ['a', 'b', 'c', 'd']);
    budget.want(maps.a);
    budget.setVisible(maps.b, false);
    budget.want(maps.b);
    budget.want(maps.c);
    budget.want(maps.d);
    budget.setBusy(maps.a, false);
    expect(log).to.deep.equal(['+a', '-a', '+c']);
    budget.setBusy(maps.c, false);
    expect(log.slice(3)).to.deep.equal(['-c', '+d']);
    budget.setBusy(maps.d, false);
    expect(log.slice(5)).to.deep.equal(['-d', '+b']);
  });

  it('gives a slot freed by a removed or self-released map to a passive map, never back to the one that freed it', () => {
    const { budget, maps, log } = setup(2, ['a', 'b', 'c', 'd']);
    budget.want(maps.a);
    budget.want(maps.b);
    budget.want(maps.c, 'passive');
    budget.want(maps.d, 'passive');
    expect(log).to.deep.equal(['+a', '+b']); // passive demands do not evict
    budget.setBusy(maps.a, false);
    budget.setBusy(maps.b, false);
    expect(log).to.deep.equal(['+a', '+b']);
    budget.remove(maps.a);
    expect(log).to.deep.equal(['+a', '+b', '+c']);
    budget.drop(maps.b); // e.g. its context was lost
    budget.want(maps.b, 'passive');
    expect(log).to.deep.equal(['+a', '+b', '+c', '+d']);
    expect(budget.live).to.equal(2);
    budget.setBusy(maps.d, false);
    budget.drop(maps.d);
    expect(log.slice(4)).to.deep.equal(['+b']); // b gets d's slot; d does not take its own back
  });

  it('a live map asking again is only marked as used', () => {
    const { budget, maps, log } = setup(1, ['a', 'b']);
    budget.want(maps.a);
    budget.want(maps.a);
    expect(log).to.deep.equal(['+a']);
    expect(budget.demandOf(maps.a)).to.equal('none');
  });

  it('lowering the limit revokes idle maps; raising it serves passive ones', () => {
    const { budget, maps, log } = setup(3, ['a', 'b', 'c']);
    for (const name of ['a', 'b', 'c']) {
      budget.want(maps[name]);
      budget.setBusy(maps[name], false);
    }
    budget.limit = 1;
    expect(log.slice(3)).to.deep.equal(['-a', '-b']);
    expect(budget.live).to.equal(1);
    budget.want(maps.a, 'passive');
    budget.limit = 2;
    expect(log.slice(5)).to.deep.equal(['+a']);
  });

  it('clamps the limit to 1–16 and falls back to the default for non-numbers', () => {
    expect([0, 1, 8.9, 16, 17, 1e308, -5].map((n) => ContextBudget.clampLimit(n))).to.deep.equal([1, 1, 8, 16, 16, 16, 1]);
    expect([Number.NaN, Number.POSITIVE_INFINITY].map((n) => ContextBudget.clampLimit(n))).to.deep.equal([DEFAULT_CONTEXT_BUDGET, DEFAULT_CONTEXT_BUDGET]);
  });

  it('handles a client that calls back in from grant() and revoke()', () => {
    const log: string[] = [];
    const budget = new ContextBudget<ContextClient>(1);
    const a: ContextClient = {
      grant: () => log.push('+a'),
      revoke: () => {
        log.push('-a');
        budget.want(a, 'passive'); // a revoked map that is still in view, as <city-map> does
      },
    };
    const b: ContextClient = { grant: () => log.push('+b'), revoke: () => log.push('-b') };
    budget.add(a, true);
    budget.add(b, true);
    budget.want(a);
    budget.setBusy(a, false);
    budget.want(b);
    expect(log).to.deep.equal(['+a', '-a', '+b']);
    expect(budget.demandOf(a)).to.equal('passive');
    budget.remove(b);
    expect(log).to.deep.equal(['+a', '-a', '+b', '+a']);
  });

  it('a 24-map page with a budget of 8 ends with 8 live maps and every map drawn once, never more than 8 at a time', () => {
    const log: string[] = [];
    const budget = new ContextBudget<FakeMap>(8);
    const maps = Array.from({ length: 24 }, (_, i) => new FakeMap(String(i), log));
    for (const map of maps) budget.add(map, true);
    let maxLive = 0;
    const drawn = new Set<string>();
    for (const map of maps) budget.want(map);
    // Maps draw in grant order; each becomes idle after its frame.
    for (let step = 0; step < 100 && drawn.size < 24; step++) {
      const live = maps.filter((m) => budget.isLive(m) && !drawn.has(m.name));
      maxLive = Math.max(maxLive, budget.live);
      if (!live.length) break;
      drawn.add(live[0].name);
      budget.setBusy(live[0], false);
    }
    expect(drawn.size).to.equal(24);
    expect(maxLive).to.equal(8);
    expect(budget.live).to.equal(8);
    expect(log.filter((e) => e.startsWith('+')).length).to.equal(24);
    expect(log.filter((e) => e.startsWith('-')).length).to.equal(16);
  });
});
