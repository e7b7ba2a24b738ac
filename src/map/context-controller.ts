/**
 * When one `<city-map>` holds a WebGL context, and what it shows when it holds none.
 *
 * - The device and Deck are created when the map first comes into view (not at connect), on
 *   `rendered()` / `toImage()`, on user input, or when its data changes while it is in view.
 * - Contexts are shared out by the page's {@link pageContextBudget}: when it is full, the least
 *   recently used idle map (off-screen first) gives its context back; a map off-screen for
 *   `offscreenReleaseMs` gives it back too. A released map shows a snapshot of its last frame.
 * - A context the browser takes is rebuilt without waiting for `webglcontextrestored`: when
 *   another map frees a slot, when the map comes back into view, on input, or after
 *   `recoveryDelayMs` (doubling on repeated losses) if it is still in view.
 * - `rendered()` resolves when the current inputs are drawn, on the live canvas or already in the
 *   snapshot of a released map (which then needs no context).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Deck, DeckProps, Layer, MapView } from '@deck.gl/core';
import { mapContextSettings, pageContextBudget, type ContextClient } from './context-budget';
import { DeckHost } from './deck-host';

/** The controller's timers: one of each at a time. */
type TimerName = 'offscreen' | 'recovery' | 'backup' | 'hold' | 'warm-up';

/** What the map provides to its context controller. */
export interface ContextHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly hasUpdated: boolean;
  /** Deck props other than the device: view, controller and callbacks (`onAfterRender` is the controller's). */
  deckProps(): DeckProps<MapView>;
  /** Sets the attributes of a new WebGL canvas (part, role, label). */
  decorateCanvas(canvas: HTMLCanvasElement): void;
  /** A new Deck is ready: hand it the layers. */
  deckReady(deck: Deck): void;
  /** Work the map still has queued (a transition, a layer update): the frame is not final yet. */
  hasPendingWork(): boolean;
  /** Shows or clears the WebGL problem in the element's panel. */
  webglProblem(code: 'webgl-unavailable' | 'webgl-context-lost' | null): void;
}

/** Keeps a map from being evicted while the user works with it. */
const INPUT_HOLD_MS = 1500;
/**
 * A settled frame is copied for a later browser-caused loss only after the map is quiet this long:
 * reading a WebGL canvas back waits for the GPU to finish, which right after a first frame (shader
 * compilation on a software GPU) blocks the page for hundreds of milliseconds; later it takes ~1 ms.
 */
const BACKUP_DELAY_MS = 1500;
/** Maps this close to the viewport count as visible, so they are drawn by the time they scroll in. */
const VISIBLE_MARGIN = '64px';
/** A context that survives this long resets the recovery back-off. */
const STABLE_MS = 60_000;

type Waiter = { resolve: () => void; reject: (error: Error) => void };

/** One IntersectionObserver for every map of the page. */
const visibility = (() => {
  const listeners = new WeakMap<Element, (visible: boolean) => void>();
  let observer: IntersectionObserver | undefined;
  return {
    observe(element: Element, listener: (visible: boolean) => void) {
      observer ??= new IntersectionObserver(
        (entries) => {
          for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
        },
        { rootMargin: VISIBLE_MARGIN },
      );
      listeners.set(element, listener);
      observer.observe(element);
    },
    unobserve(element: Element) {
      listeners.delete(element);
      observer?.unobserve(element);
    },
  };
})();

export class MapContextController implements ReactiveController, ContextClient {
  private readonly budget = pageContextBudget;
  private readonly deckHost: DeckHost;
  private visible = false;
  private connected = false;
  /** Input version: bumped whenever what the map should show changes. */
  private version = 0;
  /** Version of the last settled frame, and of the snapshot. */
  private drawn = -1;
  private snapshotOf = -1;
  private waiters: Waiter[] = [];
  private holdUntil = 0;
  /** The browser took the context: waiting for a slot, the view, input or the recovery timer. */
  private lost = false;
  private losses = 0;
  private builtAt = 0;
  private failed = false;
  private settleFrameRequested = false;
  private warmedUpFor = '';
  private timers = new Map<TimerName, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: ContextHost) {
    host.addController(this);
    this.deckHost = new DeckHost(
      () => host.renderRoot.querySelector<HTMLElement>('.stage'),
      (canvas) => host.decorateCanvas(canvas),
      { lost: () => this.onLost(), restored: () => this.demand('active') },
    );
  }

  get deck(): Deck | null {
    return this.deckHost.deck;
  }

  /** The live WebGL canvas, null while released. */
  get canvas(): HTMLCanvasElement | null {
    return this.deckHost.canvas;
  }

  /** What the user sees (live canvas or snapshot), for export. */
  get picture(): HTMLCanvasElement | null {
    return this.deckHost.picture;
  }

  get live(): boolean {
    return this.budget.isLive(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.budget.add(this, this.visible);
    visibility.observe(this.host, (visible) => this.setVisible(visible));
  }

  hostDisconnected(): void {
    this.connected = false;
    visibility.unobserve(this.host);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.deckHost.dispose();
    this.budget.remove(this);
    this.visible = false;
    this.lost = false;
    this.drawn = this.snapshotOf = -1;
    this.warmedUpFor = '';
    this.rejectWaiters(new Error('The map was disconnected before it rendered'));
  }

  /** What the map shows changed (layers, view, size): it must be drawn again. */
  invalidate(): void {
    this.version++;
    if (this.live) {
      this.budget.setBusy(this, true);
      return;
    }
    // A lost map waits for its recovery triggers: new data every frame (playback) must not make it
    // take a context back from the browser again and again.
    if (this.visible && !this.lost && !this.failed) this.demand('active');
  }

  /** Resolves once the current inputs are drawn; see the class comment. */
  rendered(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.connected) {
        reject(new Error('The map is not connected'));
        return;
      }
      // Released by CityKit with the current inputs in its snapshot: drawn. (A map the browser took a
      // context from is rebuilt first: its snapshot is only a quiet-moment backup.)
      if (!this.live && !this.lost && this.deckHost.snapshotVisible && this.snapshotOf === this.version) {
        resolve();
        return;
      }
      this.waiters.push({ resolve, reject });
      this.failed = false;
      if (this.live) {
        this.budget.setBusy(this, true);
        if (this.deck && !this.host.hasPendingWork()) this.deck.redraw('rendered() requested');
      } else this.demand('active');
    });
  }

  /** Pointer, wheel or key input on the map: it needs its context, and keeps it while used. */
  userInput(): void {
    this.holdUntil = performance.now() + INPUT_HOLD_MS;
    this.setTimer('hold', INPUT_HOLD_MS, () => this.updateBusy());
    this.failed = false;
    if (this.live) {
      this.budget.setBusy(this, true);
      this.budget.touch(this);
    } else this.demand('active');
  }

  // ---- ContextClient --------------------------------------------------------------------------

  grant(): void {
    this.clearTimer('recovery');
    void this.build();
  }

  revoke(): void {
    this.releaseNow();
    // Still in view: take a slot back as soon as another map frees one.
    if (this.visible) this.budget.want(this, 'passive');
  }

  // ---- internals ------------------------------------------------------------------------------

  private async build(): Promise<void> {
    // The stage exists after the map's first render; a slot granted before that waits for it.
    if (!this.host.hasUpdated) await this.host.updateComplete;
    if (!this.connected || !this.live) return;
    const result = await this.deckHost.build(() => ({ ...this.host.deckProps(), onAfterRender: () => this.afterRender() }));
    if (!result) return;
    if ('error' in result) {
      this.failed = true;
      this.budget.drop(this);
      this.host.webglProblem('webgl-unavailable');
      this.rejectWaiters(result.error);
      return;
    }
    this.lost = false;
    this.builtAt = performance.now();
    this.warmedUpFor = '';
    this.host.webglProblem(null);
    this.host.deckReady(result.deck);
    if (!this.visible) this.armOffscreenRelease();
  }

  private demand(level: 'active' | 'passive'): void {
    if (!this.connected) return;
    this.budget.want(this, level);
  }

  private setVisible(visible: boolean): void {
    if (!this.connected || visible === this.visible) return;
    this.visible = visible;
    this.budget.setVisible(this, visible);
    if (visible) {
      this.clearTimer('offscreen');
      if (!this.live) this.demand('active');
    } else {
      if (this.budget.demandOf(this) === 'passive') this.budget.want(this, 'none');
      if (this.live) this.armOffscreenRelease();
    }
  }

  private armOffscreenRelease(): void {
    this.setTimer('offscreen', mapContextSettings().offscreenReleaseMs, () => {
      if (this.visible || !this.live) return;
      if (this.isBusy()) {
        this.armOffscreenRelease();
        return;
      }
      this.releaseNow();
      this.budget.drop(this);
    });
  }

  /** Snapshot (the frame is current: only idle maps are released) and free the context. */
  private releaseNow(): void {
    this.clearTimer('backup');
    this.clearTimer('warm-up');
    this.clearTimer('offscreen');
    if (this.drawn === this.version) {
      this.deckHost.takeSnapshot();
      this.snapshotOf = this.drawn;
    }
    this.deckHost.release(this.snapshotOf >= 0);
  }

  private onLost(): void {
    this.clearTimer('backup');
    this.clearTimer('warm-up');
    this.lost = true;
    if (performance.now() - this.builtAt > STABLE_MS) this.losses = 0;
    this.losses++;
    this.host.webglProblem('webgl-context-lost');
    this.budget.drop(this);
    if (this.visible) this.budget.want(this, 'passive');
    const delay = mapContextSettings().recoveryDelayMs * 2 ** Math.min(this.losses - 1, 5);
    const retry = () => {
      if (!this.lost || this.live) return;
      if (this.visible || this.waiters.length) this.demand('active');
      else this.setTimer('recovery', delay, retry);
    };
    this.setTimer('recovery', delay, retry);
  }

  /** Every frame deck draws: is it the final picture of the current inputs? */
  private afterRender(): void {
    const deck = this.deck;
    const canvas = this.canvas;
    if (!deck || !canvas || (this.drawn === this.version && !this.waiters.length)) return;
    const layers = (deck.props.layers as (Layer | null | false)[]).flat(Infinity as 1).filter(Boolean) as Layer[];
    const loaded = layers.every((layer) => layer.isLoaded);
    const ratio = window.devicePixelRatio || 1;
    const sized = Math.abs(canvas.width - Math.round(canvas.clientWidth * ratio)) <= 1 && Math.abs(canvas.height - Math.round(canvas.clientHeight * ratio)) <= 1;
    // Composite layers rebuild their sub-layers on the frame after a view change.
    const layerManager = (deck as unknown as { layerManager?: { needsUpdate(): string | false } }).layerManager;
    const updatePending = Boolean(layerManager?.needsUpdate());
    const pending = this.host.hasPendingWork();
    if (!loaded || !sized || pending || updatePending) {
      // Not settled: look again next frame (a transition or queued update redraws by itself).
      // One request at a time: every drawn frame lands here, and a request per frame would pile up
      // redraws (each a full frame on a software GPU) for as long as the frame stays unsettled.
      if (!pending && !this.settleFrameRequested) {
        this.settleFrameRequested = true;
        requestAnimationFrame(() => {
          this.settleFrameRequested = false;
          this.deck?.redraw('waiting for a settled frame');
        });
      }
      return;
    }
    this.drawn = this.version;
    if (this.onScreen()) this.setTimer('warm-up', 0, () => this.live && this.deck === deck && this.warmUpPicking(deck, layers));
    this.deckHost.hideSnapshot();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
    // Keep a copy for a loss the browser may inflict later, once the map is quiet.
    this.setTimer('backup', BACKUP_DELAY_MS, () => {
      if (this.live && this.drawn === this.version) {
        this.deckHost.takeSnapshot();
        this.snapshotOf = this.drawn;
      }
    });
    // Not from inside deck's own frame: becoming idle may hand this context to another map.
    queueMicrotask(() => this.updateBusy());
  }

  /**
   * The first GPU pick compiles the picking shaders, which takes seconds on a software GPU: done in
   * a task of its own after the frame (not inside it, where it delayed `rendered()` and the page's
   * next paint), so the user's first hover does not pay for it.
   */
  private warmUpPicking(deck: Deck, layers: Layer[]): void {
    // Every drawn layer, sub-layers included: a composite that swaps its sub-layers (a risk layer
    // going from heat to points) keeps its own id but needs new picking shaders.
    const layerManager = (deck as unknown as { layerManager?: { getLayers(): Layer[] } }).layerManager;
    const key = (layerManager?.getLayers() ?? layers).map((l) => l.id).join('|');
    if (key === this.warmedUpFor || !layers.length) return;
    this.warmedUpFor = key;
    deck.pickObject({ x: Math.floor(this.host.clientWidth / 2), y: Math.floor(this.host.clientHeight / 2), radius: 0 });
  }

  /** In view, also before the observer's first report (`rendered()` may come first). */
  private onScreen(): boolean {
    if (this.visible) return true;
    const r = this.host.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  }

  private isBusy(): boolean {
    return this.drawn !== this.version || this.waiters.length > 0 || performance.now() < this.holdUntil;
  }

  private updateBusy(): void {
    if (!this.live) return;
    const busy = this.isBusy();
    if (!busy) this.budget.touch(this);
    this.budget.setBusy(this, busy);
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(error);
  }

  private setTimer(name: TimerName, ms: number, run: () => void): void {
    this.clearTimer(name);
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        run();
      }, ms),
    );
  }

  private clearTimer(name: TimerName): void {
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
  }
}
