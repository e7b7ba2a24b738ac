/**
 * One test kit for element tests: mounting, waiting, map pixels and synthetic pointer input
 * (re-exported from the map helpers, where they live for now), plus WebGL context counting,
 * PNG sizes, axe audits, console-warning capture and event collection.
 */
import axe from 'axe-core';
import { until } from './dom';

export {
  mount,
  unmount,
  nextEvent,
  nextFrame,
  waitFor,
  until,
  mapCanvas,
  pixelAt,
  canvasPixels,
  differingPixels,
  project,
  clickAt,
  hoverAt,
  doubleClickAt,
} from './dom';
export { runnerCommand, pressKey, gpuReadBacks } from './runner';

// ---- WebGL contexts ---------------------------------------------------------------------------

interface ContextLedger {
  created: number;
  contexts: WeakRef<WebGLRenderingContext | WebGL2RenderingContext>[];
  seen: WeakSet<object>;
}

const LEDGER_KEY = Symbol.for('citykit.test.webglContexts');

/**
 * Wraps `HTMLCanvasElement.prototype.getContext` once per page so every WebGL context created
 * afterwards is counted. Importing this module installs it; calling it again does nothing.
 */
export function installWebGLContextCounter(): void {
  const holder = globalThis as unknown as Record<symbol, ContextLedger | undefined>;
  if (holder[LEDGER_KEY]) return;
  const ledger: ContextLedger = { created: 0, contexts: [], seen: new WeakSet() };
  holder[LEDGER_KEY] = ledger;
  const realGetContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: unknown[]) {
    const context = (realGetContext as (...a: unknown[]) => RenderingContext | null).apply(this, args);
    if (context && (args[0] === 'webgl2' || args[0] === 'webgl') && !ledger.seen.has(context)) {
      ledger.seen.add(context);
      ledger.created++;
      ledger.contexts.push(new WeakRef(context as WebGL2RenderingContext));
    }
    return context;
  } as typeof realGetContext;
}

function ledger(): ContextLedger {
  installWebGLContextCounter();
  return (globalThis as unknown as Record<symbol, ContextLedger>)[LEDGER_KEY];
}

/** WebGL contexts created on this page since the counter was installed. */
export function countWebGLContexts(): number {
  return ledger().created;
}

/** WebGL contexts created since the counter was installed that are neither lost nor collected. */
export function countLiveWebGLContexts(): number {
  return ledger().contexts.filter((ref) => {
    const context = ref.deref();
    return context !== undefined && !context.isContextLost();
  }).length;
}

/**
 * Waits until at most `count` contexts are live (at most `timeout` ms: releasing a software WebGL
 * context takes its own time on a busy machine). Never throws: the caller's expectation reports.
 */
export async function untilLiveWebGLContexts(count: number, timeout = 5000): Promise<void> {
  await until(() => countLiveWebGLContexts() <= count, timeout);
}

installWebGLContextCounter();

// ---- Images -----------------------------------------------------------------------------------

/** Pixel size of an encoded image (decoded by the browser). */
export async function pngSize(blob: Blob): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  try {
    return { width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}

// ---- Accessibility ----------------------------------------------------------------------------

/** axe-core violations inside `element` (it sees into open shadow roots), as `rule: targets` lines. */
export async function runAxe(element: Element): Promise<string[]> {
  const result = await axe.run(element);
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// ---- Console and events -----------------------------------------------------------------------

/** Records `console.warn` calls (instead of printing them) until `restore()`. */
export function captureWarnings(): { calls: unknown[][]; restore(): void } {
  const original = console.warn;
  const calls: unknown[][] = [];
  console.warn = (...args: unknown[]) => {
    calls.push(args);
  };
  return {
    calls,
    restore() {
      console.warn = original;
    },
  };
}

/** Collects every `name` event reaching `target` until `stop()`. */
export function collectEvents<T = unknown>(target: EventTarget, name: string): { events: CustomEvent<T>[]; stop(): void } {
  const events: CustomEvent<T>[] = [];
  const listener = (event: Event) => events.push(event as CustomEvent<T>);
  target.addEventListener(name, listener);
  return { events, stop: () => target.removeEventListener(name, listener) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { bareDeck, drawLayers, readCanvas, paintedPixels, pixelAt as imagePixelAt, type BareDeck } from './bare-deck';

// ---- uncaught errors ----------------------------------------------------------------------------

/**
 * Collects the page's uncaught errors and unhandled rejections into `into` while the calling
 * `describe` block runs (its `before` and `after` hooks add and remove the listeners).
 */
export function collectUncaught(into: string[] = []): string[] {
  const onError = (event: ErrorEvent) => into.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => into.push(`unhandledrejection: ${String(event.reason)}`);
  before(() => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });
  return into;
}
