/**
 * `<city-map>`'s view: where it looks, how it moves there (programmatic moves animated by
 * `ViewAnimation`, the user's gestures by deck.gl's controller), fits to bounds (kept until the
 * map has a size), zoom limits, and the view state handed to deck. The map hears every change
 * through `onChange` and owns nothing of this state itself.
 */
import type { Deck } from '@deck.gl/core';
import type { LonLatBounds, MapViewState } from './map-context';
import { ViewAnimation } from './view-animation';
import { cleanFitRequest, cleanViewState, sameView, viewForBounds, type FitOptions } from './view';

export const DEFAULT_VIEW: MapViewState = { longitude: 106.55, latitude: 29.56, zoom: 9, pitch: 0, bearing: 0 };
/** Length of a programmatic move (fit, zoom buttons). */
const MOVE_MS = 350;

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export interface ViewHost {
  deck(): Deck | null;
  /** The map's size in CSS px. */
  size(): { width: number; height: number };
  /** Usable zoom limits now. */
  zoomLimits(): { minZoom: number; maxZoom: number };
  /** The view changed (`moved`: it differs from the last one; false when only re-applied). */
  onChange(view: MapViewState, moved: boolean, interactive: boolean): void;
}

export class MapViewController {
  private current: MapViewState = { ...DEFAULT_VIEW };
  private pendingFit: { bounds: LonLatBounds; options: FitOptions } | null = null;
  /** deck.gl's controller is running one of its own transitions (keyboard zoom). */
  private controllerTransition = false;
  private readonly animation = new ViewAnimation((view) => this.show(view, false));

  constructor(private readonly host: ViewHost) {}

  get view(): MapViewState {
    return this.current;
  }

  /** A move is under way: the frame now drawn is not the final one. */
  get moving(): boolean {
    return this.controllerTransition || this.animation.running;
  }

  /** The view state for a new Deck: the current view, no transition. */
  deckViewState(): Record<string, unknown> {
    return { ...this.current, ...this.host.zoomLimits() };
  }

  /** Moves the view: animated when `duration` > 0 (and the user does not prefer reduced motion). */
  setView(target: MapViewState, duration: number, interactive = false): void {
    const limits = this.host.zoomLimits();
    const view = cleanViewState({ ...target, zoom: Math.min(limits.maxZoom, Math.max(limits.minZoom, target.zoom)) }, this.current);
    this.animation.stop();
    if (duration > 0 && !reducedMotion() && this.host.deck() !== null && !sameView(view, this.current)) {
      this.animation.start(this.current, view, duration, () => this.host.deck()?.redraw('move ended'));
      return;
    }
    this.show(view, interactive);
  }

  /** Shows `bounds` (`[west, south, east, north]`); unusable bounds or options are ignored. */
  fitBounds(bounds: LonLatBounds, options: { padding?: number; maxZoom?: number; duration?: number } = {}): void {
    const request = cleanFitRequest(bounds, options);
    if (!request) return;
    const { width, height } = this.host.size();
    if (width < 2 || height < 2) {
      this.pendingFit = request; // fitted once the map has a size
      return;
    }
    this.pendingFit = null;
    const { padding, maxZoom, duration } = request.options;
    const target = viewForBounds(request.bounds, { width, height }, { padding, maxZoom: maxZoom ?? this.host.zoomLimits().maxZoom });
    this.setView({ ...this.current, ...target, pitch: 0, bearing: 0 }, duration ?? MOVE_MS);
  }

  /** Zooms in or out by `delta` levels around the centre (animated). */
  zoomBy(delta: number): void {
    if (typeof delta !== 'number' || !Number.isFinite(delta)) return;
    const { minZoom, maxZoom } = this.host.zoomLimits();
    this.setView({ ...this.current, zoom: Math.min(maxZoom, Math.max(minZoom, this.current.zoom + delta)) }, MOVE_MS);
  }

  /** The map got a size: a fit asked for before then happens now. */
  resized(): void {
    const { width, height } = this.host.size();
    if (!this.pendingFit || width < 2 || height < 2) return;
    const { bounds, options } = this.pendingFit;
    this.fitBounds(bounds, { ...options, duration: 0 });
  }

  /** deck.gl's controller moved the view (a gesture, or a step of its own transition). */
  deckViewStateChanged(viewState: Record<string, unknown>, interactive: boolean): void {
    this.animation.stop(); // the user's gesture wins over a programmatic move
    this.host.deck()?.setProps({ viewState: viewState as never });
    const next = cleanViewState(viewState as Partial<MapViewState>, this.current);
    if (sameView(next, this.current)) return;
    this.current = next;
    this.host.onChange(next, true, interactive);
  }

  /** deck.gl's controller started or ended a transition of its own. */
  controllerTransitionChanged(inTransition: boolean): void {
    const was = this.controllerTransition;
    this.controllerTransition = inTransition;
    if (was && !inTransition) this.host.deck()?.redraw('transition ended');
  }

  stop(): void {
    this.animation.stop();
  }

  /** Puts `view` on screen now. */
  private show(view: MapViewState, interactive: boolean): void {
    this.host.deck()?.setProps({ viewState: { ...view, ...this.host.zoomLimits() } as never });
    const moved = !sameView(view, this.current);
    this.current = view;
    this.host.onChange(view, moved, interactive);
  }
}
