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
  interface HTMLElementEventMap {
    'city-error': CustomEvent<CityErrorDetail>;
    'city-progress': CustomEvent<CityProgressDetail>;
  }
}

/** Dispatches a bubbling, composed CustomEvent and returns it (check `defaultPrevented` for cancelable ones). */
export function emit<T>(target: EventTarget, name: string, detail: T, cancelable = false): CustomEvent<T> {
  const event = new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable });
  target.dispatchEvent(event);
  return event;
}
