/**
 * Data loading shared by every element: a `src` URL (fetched, aborted when it changes, stale
 * responses ignored) or a `data` property. Progress comes from the response stream when the
 * server sends Content-Length.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CityProgressDetail } from './events';

export class LoadError extends Error {
  constructor(
    readonly code: 'load-failed' | 'parse-failed',
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: CityProgressDetail) => void;
  /** Extra fetch options from the page (auth headers, credentials) — never set by CityKit itself. */
  init?: RequestInit;
}

/**
 * Fetches and parses JSON. Throws `LoadError` for HTTP and JSON problems, `AbortError` when aborted.
 * The request starts at once; the code that reads it loads meanwhile, with the first call.
 */
export async function loadJson(url: string, options: LoadOptions = {}): Promise<unknown> {
  // Settled into a value at once: a failed request is not an unhandled rejection while the reader loads.
  const sent = fetch(url, { ...options.init, signal: options.signal }).catch((error: Error) => error);
  const { readJson } = await import('./load-json');
  return readJson(url, sent, options, (code, message, status) => new LoadError(code, message, url, status));
}

export type LoadState = 'idle' | 'loading' | 'loaded' | 'error';

export interface DataSourceCallbacks {
  /** A fresh value arrived (from `src`). Not called for stale or aborted responses. */
  onData(value: unknown, url: string): void;
  onError(error: LoadError): void;
  onProgress?(progress: CityProgressDetail): void;
}

/**
 * Lit controller behind every `src` attribute. Each `load()` aborts the previous request; a
 * response that arrives after a newer request started is dropped even if it could not be aborted.
 * A request cut short by a disconnect is made again on reconnect: moving an element to another
 * parent (a full-screen panel, a re-ordered dashboard) disconnects and reconnects it at once.
 */
export class DataSourceController implements ReactiveController {
  state: LoadState = 'idle';
  progress: CityProgressDetail | null = null;
  private controller: AbortController | null = null;
  private generation = 0;
  private inFlight: { url: string; init?: RequestInit } | null = null;
  /** The request a disconnect aborted, made again on reconnect. */
  private interrupted: { url: string; init?: RequestInit } | null = null;
  private latest: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: DataSourceCallbacks,
  ) {
    host.addController(this);
  }

  /** Starts loading `url`, or just cancels when `url` is empty. Resolves when this request settles. */
  load(url: string | null | undefined, init?: RequestInit): Promise<void> {
    this.latest = this.request(url, init);
    return this.latest;
  }

  /** Resolves when the latest request has settled, including one made again on reconnect. */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.latest;
      await current;
    } while (current !== this.latest);
  }

  private async request(url: string | null | undefined, init?: RequestInit): Promise<void> {
    this.cancel();
    this.interrupted = null;
    if (!url) return;
    const generation = ++this.generation;
    const controller = new AbortController();
    this.controller = controller;
    this.inFlight = { url, init };
    this.state = 'loading';
    this.progress = { done: 0, total: 0, phase: 'load' };
    this.callbacks.onProgress?.(this.progress); // show the bar at once, before the first byte
    this.host.requestUpdate();
    const isCurrent = () => generation === this.generation;
    try {
      const value = await loadJson(url, {
        signal: controller.signal,
        init,
        onProgress: (progress) => {
          if (!isCurrent()) return;
          this.progress = progress;
          this.callbacks.onProgress?.(progress);
        },
      });
      if (!isCurrent()) return;
      this.state = 'loaded';
      this.progress = null;
      this.interrupted = null;
      this.callbacks.onData(value, url);
    } catch (error) {
      if (!isCurrent() || (error as Error).name === 'AbortError') return;
      this.state = 'error';
      this.progress = null;
      this.callbacks.onError(error as LoadError);
    } finally {
      if (isCurrent()) {
        this.controller = null;
        this.host.requestUpdate();
      }
    }
  }

  /** Aborts the request in flight (if any); its response will be ignored. */
  cancel(): void {
    this.generation++;
    this.controller?.abort();
    this.controller = null;
    if (this.state === 'loading') {
      this.state = 'idle';
      this.progress = null;
    }
  }

  hostConnected(): void {
    const again = this.interrupted;
    if (again) void this.load(again.url, again.init);
  }

  hostDisconnected(): void {
    if (this.state === 'loading') this.interrupted = this.inFlight;
    this.cancel();
  }
}
