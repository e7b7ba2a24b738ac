/**
 * Data and the naive side of the scope benchmark, shared by its Node half (bench/scope.bench.ts)
 * and its page (bench/pages/scope.ts): the units selected, the megacity cases topped up to the
 * count asked for, the funnel recount the way `<city-closure-funnel>` does it inside a scope, and the way
 * the old demo glue did it (walk the hierarchy for the unit's descendants, filter the raw cases,
 * count them). DOM-free and Node-free.
 */
import { computeFunnel } from '../../src/funnel/model/compute';
import type { FunnelOptions, FunnelResult } from '../../src/funnel/model/types';
import { offsetOf } from '../../src/funnel/scope-filter';
import { ScopedCount } from '../../src/funnel/scope-count';
export { ScopedCount };
import type { ScopeSelection } from '../../src/scope/scope-context';
import type { UnitTree } from '../../src/scope/model/unit-tree';
import { OPEN_WINDOW, inWindow } from '../../src/scope/model/window';

/** "Now" of the generated samples (data-samples/README.md). */
export const MEGACITY_NOW = '2026-11-01T00:00:00+08:00';
/** What the element is given besides the cases (the page sets the same attributes). */
export const FUNNEL_OPTIONS: FunnelOptions = { preset: 'city-management', now: MEGACITY_NOW, lang: 'zh-CN' };

export interface UnitProperties {
  id: string;
  parent?: string | null;
  level?: string;
}

export interface BenchUnit {
  /** What it is: district, street, community, grid, everything. */
  label: string;
  id: string | null;
}

/**
 * One unit per level down one branch (the first district, its first street, that street's first
 * community, its first grid), then everything again: a drill a user would make.
 */
export function pickUnits(units: readonly UnitProperties[]): BenchUnit[] {
  const chosen: BenchUnit[] = [];
  let parent: string | null = null;
  for (const level of ['district', 'street', 'community', 'grid']) {
    const unit = units.find((u) => u.level === level && (parent === null || u.parent === parent));
    if (!unit) break;
    chosen.push({ label: level, id: unit.id });
    parent = unit.id;
  }
  chosen.push({ label: 'everything', id: null });
  return chosen;
}

/** Unit id → parent id (a Map: ids are data). */
export function parentMap(units: readonly UnitProperties[]): Map<string, string | null> {
  const parents = new Map<string, string | null>();
  for (const u of units) parents.set(u.id, u.parent ?? null);
  return parents;
}

/** The chain guard of the old glue: hierarchies are ≤ 5 levels; it stops a malformed cycle. */
const MAX_DEPTH = 16;

/** Naive: does `grid` lie in `unit`? Walks the grid's parent chain. */
export function naiveInUnit(grid: unknown, unit: string, parents: ReadonlyMap<string, string | null>): boolean {
  let cursor = typeof grid === 'string' ? grid : null;
  for (let depth = 0; cursor !== null && depth < MAX_DEPTH; depth++) {
    if (cursor === unit) return true;
    cursor = parents.get(cursor) ?? null;
  }
  return false;
}

/** Naive: every unit at or below `unit`, by walking each unit's parent chain (the old demo glue). */
export function naiveDescendants(unit: string, parents: ReadonlyMap<string, string | null>): Set<string> {
  const inside = new Set<string>([unit]);
  for (const id of parents.keys()) if (naiveInUnit(id, unit, parents)) inside.add(id);
  return inside;
}

/** The old glue's recount: the unit's descendants, the raw cases in them, `computeFunnel` on those. */
export function naiveRecount(cases: readonly unknown[], unit: string | null, parents: ReadonlyMap<string, string | null>): FunnelResult {
  if (unit === null) return computeFunnel({ cases }, { ...FUNNEL_OPTIONS, caseIds: true });
  const inside = naiveDescendants(unit, parents);
  const mine = cases.filter((c) => inside.has((c as { grid?: string }).grid as string));
  return computeFunnel({ cases: mine }, { ...FUNNEL_OPTIONS, caseIds: true });
}

/** A scope's selection of `unit` with an open window (what `<city-scope>` hands its elements). */
export function selectionOf(tree: UnitTree, unit: string | null): ScopeSelection {
  const ancestor = unit === null ? -1 : tree.indexOf(unit);
  return {
    unit,
    window: OPEN_WINDOW,
    tree,
    includes: (id) => unit === null || tree.containsIndex(ancestor, tree.indexOf(id)),
    inWindow: (time) => inWindow(OPEN_WINDOW, time),
  };
}

/**
 * The element's recount inside a scope (city-closure-funnel.ts `willUpdate`: `ScopedCount`, kept
 * per element): the unit's cases only, the unscoped count kept. `data` must stay the same object,
 * as an element's `data` does.
 */
export function scopedRecount(counter: ScopedCount, data: { cases: readonly unknown[] }, selection: ScopeSelection): FunnelResult {
  return counter.count(data, FUNNEL_OPTIONS, selection, offsetOf(undefined), 0);
}

/**
 * `count` cases: the megacity sample's (600k city-management cases), then copies of them under new
 * ids (same grids, stages and deadlines) up to `count` — the funnel counts one preset at a time,
 * and the sample holds 600k of it.
 */
export function topUpCases(sample: readonly unknown[], count: number): { cases: unknown[]; copies: number } {
  const cases = sample.slice(0, count);
  let round = 1;
  while (cases.length < count && sample.length) {
    for (let i = 0; i < sample.length && cases.length < count; i++) {
      const c = sample[i] as Record<string, unknown>;
      cases.push({ ...c, id: `${String(c.id)}~${round}` });
    }
    round++;
  }
  return { cases, copies: Math.max(0, count - sample.length) };
}

export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** What the page measures for one unit selection (printed by scope.bench.ts). */
export interface ScopeStep {
  unit: string;
  id: string | null;
  /** Set → every element's update finished, deck.gl's layer update included (ms). */
  jsMs: number;
  /** The same without the funnel's recount (its `willUpdate`). */
  jsWithoutRecountMs: number;
  perElement: Record<string, number>;
  /** When the unit was set (page clock), to find the long task it ran in. */
  setAt: number;
  /** The browser's long task (≥ 50 ms) the set ran in: its whole synchronous span; 0 when shorter than 50 ms. */
  longTaskMs: number;
  /** JS done → map frame drawn, GPU done. */
  frameMs: number;
  /** Element updates after the change's task, before that frame (a second pass, e.g. the funnel's legend). */
  laterMs: number;
  recountMs: number;
  counted: number;
  riskShown: number;
  gridShown: number;
  gridSelected: string | null;
}
