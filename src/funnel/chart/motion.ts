/**
 * Animated attribute updates for the funnel's SVG: every number inside an attribute value
 * (a width, a polygon's points, a path's coordinates) moves from what is on screen now to its
 * new value, on one animation frame loop per chart. A new draw retargets from wherever the
 * previous one had got to. Values whose shape changed (different commands or number count)
 * are set at once.
 *
 * Why not d3-transition: with its colour and interpolation modules it would add about 11 KB
 * gzip to an entry whose budget is 40 KB, for number tweening that these few lines do.
 */

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

interface Job {
  element: Element;
  name: string;
  parts: string[];
  from: number[];
  to: number[];
  final: string;
}

/** Each chart's running loop: its frame handle and the jobs it moves (to finish them at once). */
const loops = new WeakMap<object, { handle: number; jobs: Job[] }>();

/** Splits "M1,2L3.5,4" into its text parts and its numbers. */
function split(value: string): { parts: string[]; numbers: number[] } {
  const parts: string[] = [];
  const numbers: number[] = [];
  let last = 0;
  for (const match of value.matchAll(NUMBER)) {
    parts.push(value.slice(last, match.index));
    numbers.push(Number(match[0]));
    last = match.index! + match[0].length;
  }
  parts.push(value.slice(last));
  return { parts, numbers };
}

const easeCubicOut = (t: number) => 1 - (1 - t) ** 3;

export class Motion {
  private readonly jobs: Job[] = [];

  /** `duration` in ms; 0 (reduced motion, tests) sets every value at once. */
  constructor(readonly duration: number) {}

  /** Moves `element`'s attribute `name` to `value` (a number or a string with numbers in it). */
  attr(element: Element, name: string, value: number | string | null): void {
    if (value === null) {
      element.removeAttribute(name);
      return;
    }
    const final = typeof value === 'number' ? String(Math.round(value * 100) / 100) : value;
    const current = element.getAttribute(name);
    // An unchanged value is not written again: a redraw with the same numbers touches nothing.
    if (current === final) return;
    if (this.duration <= 0 || current === null) {
      element.setAttribute(name, final);
      return;
    }
    const from = split(current);
    const to = split(final);
    const sameShape = from.numbers.length === to.numbers.length && from.parts.every((part, i) => part === to.parts[i]);
    if (!sameShape) {
      element.setAttribute(name, final);
      return;
    }
    this.jobs.push({ element, name, parts: to.parts, from: from.numbers, to: to.numbers, final });
  }

  /** Runs the queued changes for `owner` (one chart), cancelling the loop it had running. */
  start(owner: object): void {
    cancelMotion(owner);
    const jobs = this.jobs.splice(0);
    if (!jobs.length) return;
    // Time runs from the first frame's timestamp: a frame's time can precede the call to start().
    let begin = -1;
    const frame = (now: number) => {
      if (begin < 0) begin = now;
      const t = Math.min(1, Math.max(0, (now - begin) / this.duration));
      const k = easeCubicOut(t);
      for (const job of jobs) {
        if (t >= 1) {
          job.element.setAttribute(job.name, job.final);
          continue;
        }
        let text = job.parts[0];
        for (let i = 0; i < job.to.length; i++) {
          const v = job.from[i] + (job.to[i] - job.from[i]) * k;
          text += (Math.round(v * 100) / 100).toString() + job.parts[i + 1];
        }
        job.element.setAttribute(job.name, text);
      }
      if (t < 1) loops.set(owner, { handle: requestAnimationFrame(frame), jobs });
      else loops.delete(owner);
    };
    loops.set(owner, { handle: requestAnimationFrame(frame), jobs });
  }
}

/** Stops `owner`'s running animation where it is (e.g. when the chart leaves the page). */
export function cancelMotion(owner: object): void {
  const loop = loops.get(owner);
  if (loop) cancelAnimationFrame(loop.handle);
  loops.delete(owner);
}

/** Ends `owner`'s running animation at once, every value at its final state (for `rendered()`, exports). */
export function finishMotion(owner: object): void {
  const loop = loops.get(owner);
  if (!loop) return;
  cancelMotion(owner);
  for (const job of loop.jobs) job.element.setAttribute(job.name, job.final);
}

/** Whether `owner` has an animation running. */
export const isMoving = (owner: object): boolean => loops.has(owner);

const DEFAULT_DURATION = 600;

/** The update animation's length in ms: `--city-funnel-duration` (`600ms`, `0.6s`), 0 when the user prefers reduced motion. */
export function motionDuration(style: CSSStyleDeclaration): number {
  if (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches) return 0;
  const raw = style.getPropertyValue('--city-funnel-duration').trim();
  if (!raw) return DEFAULT_DURATION;
  const value = parseFloat(raw);
  if (!Number.isFinite(value) || value < 0) return DEFAULT_DURATION;
  return raw.endsWith('ms') ? value : raw.endsWith('s') ? value * 1000 : value;
}
