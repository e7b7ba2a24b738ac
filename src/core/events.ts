/** Typed CustomEvents: every CityKit event bubbles and crosses shadow roots. */
import type { ValidationIssue } from './validation';

export type CityErrorCode =
  | 'load-failed'
  | 'parse-failed'
  | 'invalid-data'
  | 'webgl-unavailable'
  | 'webgl-context-lost'
  | 'analysis-failed';

export interface CityErrorDetail {
  code: CityErrorCode;
  /** Localized one-line summary, as shown in the element's error panel. */
  message: string;
  /** `warning`: the element still shows everything it was given (e.g. a bad attribute fell back to its default). */
  severity: 'error' | 'warning';
  issues: ValidationIssue[];
  /** How many issues there were in all (the list may be capped). */
  total?: number;
}

export interface CityProgressDetail {
  done: number;
  total: number;
  /** What is in progress: `load`, `parse`, `analysis`… */
  phase?: string;
}

declare global {
  /**
   * Every CityKit event: its name and the type of its detail. Core declares its own here; each
   * element adds its events to this interface once, beside its code (declaration merging), and
   * `emit` then checks a detail against its event's name. `addEventListener` sees the same map.
   */
  interface CityEventMap {
    'city-error': CityErrorDetail;
    'city-progress': CityProgressDetail;
  }
  // Merges CityKit's events into every element's event map, so addEventListener types their detail.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CityCustomEvents {}
}

/** `CityEventMap` as the `CustomEvent`s that `addEventListener` hands to listeners. */
export type CityCustomEvents = { [Name in keyof CityEventMap]: CustomEvent<CityEventMap[Name]> };

/** A CityKit event's name. */
export type CityEventName = keyof CityEventMap;

/**
 * Dispatches a bubbling, composed `CustomEvent` whose detail type is the one its name declares in
 * `CityEventMap`, and returns it (check `defaultPrevented` for cancelable ones).
 */
export function emit<Name extends CityEventName>(
  target: EventTarget,
  name: Name,
  detail: CityEventMap[Name],
  cancelable = false,
): CustomEvent<CityEventMap[Name]> {
  const event = new CustomEvent<CityEventMap[Name]>(name, { detail, bubbles: true, composed: true, cancelable });
  target.dispatchEvent(event);
  return event;
}
