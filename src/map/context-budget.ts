/**
 * How many WebGL contexts the maps of one page may hold at once, and who gives one back when a
 * map needs one and none is free. Pure bookkeeping (no DOM, no timers): the maps tell it what they
 * want and whether they are visible or busy; it calls `grant()` / `revoke()` on them.
 *
 * Why: Chromium keeps at most 16 live WebGL contexts per page and silently kills the oldest when a
 * 17th is created; the killed one is never restored by itself. A page of 24 maps would therefore
 * lose the maps the user is looking at. CityKit keeps its own maps under a smaller budget and
 * chooses which map gives its context back (it shows a snapshot of its last frame meanwhile).
 */

/** What the budget asks of a map. Both calls are synchronous. */
export interface ContextClient {
  /** A context slot is yours: create the device now (the slot counts as used from this call). */
  grant(): void;
  /** Give the slot back now: keep a snapshot of the last frame and free the context. */
  revoke(): void;
}

/**
 * - `none`: needs nothing now (never drawn, or released with an up-to-date snapshot somewhere off-screen).
 * - `passive`: would like a context (visible but released) but only takes a slot another map frees.
 * - `active`: needs a context now (visible again, user input, new data, `rendered()`): may evict an idle map.
 */
export type ContextDemand = 'none' | 'passive' | 'active';

interface Entry {
  live: boolean;
  demand: ContextDemand;
  visible: boolean;
  /** Has work on screen not yet finished (first frame, new data, user input): never evicted. */
  busy: boolean;
  /** Logical time of last use (grant, drawn frame, input): the least recent is evicted first. */
  used: number;
  /** Logical time the current demand started: waiters are served first come, first served. */
  since: number;
}

/** Chromium's limit is 16: half of it leaves room for the page's other WebGL users (charts, 3D viewers). */
export const DEFAULT_CONTEXT_BUDGET = 8;
/** The most a page can hold in Chromium; a budget above it would let the browser choose the victims again. */
export const MAX_CONTEXT_BUDGET = 16;

export class ContextBudget<C extends ContextClient = ContextClient> {
  private readonly entries = new Map<C, Entry>();
  private clock = 0;
  private pumping = false;
  private pumpAgain = false;
  private maxLive: number;

  constructor(limit = DEFAULT_CONTEXT_BUDGET) {
    this.maxLive = ContextBudget.clampLimit(limit);
  }

  /** Integer in [1, 16]; anything else falls back to the default. */
  static clampLimit(limit: number): number {
    return Number.isFinite(limit) ? Math.min(MAX_CONTEXT_BUDGET, Math.max(1, Math.floor(limit))) : DEFAULT_CONTEXT_BUDGET;
  }

  get limit(): number {
    return this.maxLive;
  }

  /** Lowering it revokes idle maps until the page fits; raising it serves waiting maps. */
  set limit(value: number) {
    this.maxLive = ContextBudget.clampLimit(value);
    this.pump(null);
  }

  /** Maps holding a slot now. */
  get live(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.live) count++;
    return count;
  }

  has(client: C): boolean {
    return this.entries.has(client);
  }

  isLive(client: C): boolean {
    return this.entries.get(client)?.live ?? false;
  }

  demandOf(client: C): ContextDemand {
    return this.entries.get(client)?.demand ?? 'none';
  }

  add(client: C, visible = false): void {
    if (this.entries.has(client)) return;
    this.entries.set(client, { live: false, demand: 'none', visible, busy: false, used: ++this.clock, since: 0 });
  }

  /** The map left the page (its context is already freed): its slot goes to a waiting map. */
  remove(client: C): void {
    const entry = this.entries.get(client);
    if (!entry) return;
    this.entries.delete(client);
    if (entry.live) this.pump(client);
  }

  /** The map gave its context back by itself (off-screen too long, lost by the browser, failed). */
  drop(client: C): void {
    const entry = this.entries.get(client);
    if (!entry || !entry.live) return;
    entry.live = false;
    entry.busy = false;
    this.pump(client);
  }

  /** What the map needs (see {@link ContextDemand}); a live map is only marked as used. */
  want(client: C, demand: ContextDemand = 'active'): void {
    const entry = this.entries.get(client);
    if (!entry) return;
    if (entry.live) {
      entry.used = ++this.clock;
      return;
    }
    if (demand === entry.demand) {
      if (demand === 'active') this.pump();
      return;
    }
    // Raising a demand keeps its place in the queue only when it was already waiting.
    if (entry.demand === 'none' || demand === 'none') entry.since = ++this.clock;
    entry.demand = demand;
    // A passive demand is served only by a slot that another map frees later, not by this call.
    this.pump();
  }

  setVisible(client: C, visible: boolean): void {
    const entry = this.entries.get(client);
    if (!entry || entry.visible === visible) return;
    entry.visible = visible;
    this.pump();
  }

  setBusy(client: C, busy: boolean): void {
    const entry = this.entries.get(client);
    if (!entry || entry.busy === busy) return;
    entry.busy = busy;
    if (busy) entry.used = ++this.clock;
    else this.pump();
  }

  /** The map was used (a frame drawn, user input): it becomes the last to be evicted. */
  touch(client: C): void {
    const entry = this.entries.get(client);
    if (entry) entry.used = ++this.clock;
  }

  /**
   * Serves waiting maps: active ones always (evicting idle maps when the budget is full); passive
   * ones only when a slot came free — `freed` is the map that freed it (it does not take its own
   * slot back), null for a raised limit, undefined when nothing was freed.
   */
  private pump(freed?: C | null): void {
    if (this.pumping) {
      // A client called back in from grant()/revoke(): finish this round, then look again.
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.shrinkToLimit();
        this.serve('active', null);
        if (freed !== undefined) this.serve('passive', freed);
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private serve(demand: ContextDemand, freed: C | null): void {
    for (const [client, entry] of this.queue(demand)) {
      if (client === freed || entry.live || entry.demand !== demand) continue;
      if (this.live >= this.maxLive) {
        if (demand === 'passive') return;
        const victim = this.victim();
        if (!victim) return;
        this.revoke(victim);
      }
      entry.live = true;
      entry.busy = true;
      entry.demand = 'none';
      entry.used = ++this.clock;
      client.grant();
    }
  }

  /** Waiting maps: visible ones first, then first come, first served. */
  private queue(demand: ContextDemand): [C, Entry][] {
    return [...this.entries]
      .filter(([, e]) => !e.live && e.demand === demand)
      .sort(([, a], [, b]) => Number(b.visible) - Number(a.visible) || a.since - b.since);
  }

  /** The least recently used idle map, off-screen ones first; null when every live map is busy. */
  private victim(): C | null {
    let best: [C, Entry] | null = null;
    for (const pair of this.entries) {
      const entry = pair[1];
      if (!entry.live || entry.busy) continue;
      if (!best || Number(entry.visible) < Number(best[1].visible) || (entry.visible === best[1].visible && entry.used < best[1].used)) {
        best = pair;
      }
    }
    return best ? best[0] : null;
  }

  private shrinkToLimit(): void {
    while (this.live > this.maxLive) {
      const victim = this.victim();
      if (!victim) return;
      this.revoke(victim);
    }
  }

  private revoke(client: C): void {
    const entry = this.entries.get(client)!;
    entry.live = false;
    entry.busy = false;
    client.revoke();
  }
}

/** Page-wide settings of the maps' WebGL contexts (see {@link configureMapContexts}). */
export interface MapContextSettings {
  /** Live WebGL contexts all `<city-map>`s of the page may hold together: 1–16, default 8. */
  budget: number;
  /** A map off-screen this long (ms) gives its context back, keeping a snapshot: default 30 000. */
  offscreenReleaseMs: number;
  /**
   * A map whose context the browser took (not CityKit) starts again after this long (ms) if it is
   * still visible; the delay doubles on repeated losses (up to 32×). Default 2000. It starts at
   * once when another map frees a slot, when it scrolls back into view or on user input.
   */
  recoveryDelayMs: number;
}

/**
 * One budget per page, even when several bundles (or versions) of CityKit are loaded: the
 * browser's limit is per page, so the budget lives on a global symbol, not in this module.
 */
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('citykit.map-contexts')] ??= {
  settings: { budget: DEFAULT_CONTEXT_BUDGET, offscreenReleaseMs: 30_000, recoveryDelayMs: 2000 },
  budget: new ContextBudget(DEFAULT_CONTEXT_BUDGET),
}) as { settings: MapContextSettings; budget: ContextBudget };
const settings = shared.settings;

/** The one budget shared by every `<city-map>` of the page. */
export const pageContextBudget: ContextBudget = shared.budget;

/** Non-negative finite milliseconds, else the current value. */
const cleanDelay = (value: unknown, current: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : current);

/**
 * Reads or changes how `<city-map>`s share WebGL contexts on this page; returns the settings now in
 * force. The budget is clamped to 1–16 (Chromium's own limit is 16 per page; keep room for other
 * WebGL users of the page). Lowering it releases idle maps at once; delays apply to the next timer.
 *
 * ```js
 * import { configureMapContexts } from 'citykit/map';
 * configureMapContexts({ budget: 6, offscreenReleaseMs: 10_000 });
 * ```
 */
export function configureMapContexts(options: Partial<MapContextSettings> = {}): MapContextSettings {
  settings.offscreenReleaseMs = cleanDelay(options.offscreenReleaseMs, settings.offscreenReleaseMs);
  settings.recoveryDelayMs = cleanDelay(options.recoveryDelayMs, settings.recoveryDelayMs);
  if (options.budget !== undefined) {
    settings.budget = ContextBudget.clampLimit(options.budget);
    pageContextBudget.limit = settings.budget;
  }
  return { ...settings };
}

/** The settings in force (a copy). */
export function mapContextSettings(): MapContextSettings {
  return { ...settings };
}
