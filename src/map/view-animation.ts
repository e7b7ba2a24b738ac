import type { MapViewState } from './map-context';

/** The view `t` (0…1) of the way from `from` to `to`, every property linearly. */
export function interpolateView(from: MapViewState, to: MapViewState, t: number): MapViewState {
  const lerp = (a: number, b: number) => a + (b - a) * t;
  return {
    longitude: lerp(from.longitude, to.longitude),
    latitude: lerp(from.latitude, to.latitude),
    zoom: lerp(from.zoom, to.zoom),
    pitch: lerp(from.pitch, to.pitch),
    bearing: lerp(from.bearing, to.bearing),
  };
}

/**
 * A programmatic view move (fit, zoom buttons), stepped once a frame. The map animates its own
 * moves instead of handing deck.gl a `transitionDuration`: deck ignores an instant view equal to
 * the one its transition started from, so "fly there, then snap back here" could end up there.
 * Any new move, a user's gesture or `stop()` ends the running one.
 */
export class ViewAnimation {
  private frame = 0;

  constructor(private readonly apply: (view: MapViewState) => void) {}

  get running(): boolean {
    return this.frame !== 0;
  }

  /** Moves from `from` to `to` over `duration` ms; `done` runs after the last step (not when stopped). */
  start(from: MapViewState, to: MapViewState, duration: number, done: () => void): void {
    this.stop();
    const start = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, Math.max(0, (now - start) / duration));
      this.frame = t < 1 ? requestAnimationFrame(step) : 0;
      this.apply(t < 1 ? interpolateView(from, to, t) : to);
      if (t >= 1) done();
    };
    this.frame = requestAnimationFrame(step);
  }

  stop(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
