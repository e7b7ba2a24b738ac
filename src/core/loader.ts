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

/** Fetches and parses JSON. Throws `LoadError` for HTTP and JSON problems, `AbortError` when aborted. */
export async function loadJson(url: string, options: LoadOptions = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...options.init, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new LoadError('load-failed', `${url}: ${(error as Error).message}`, url);
  }
  if (!response.ok) {
    throw new LoadError('load-failed', `HTTP ${response.status} ${response.statusText} — ${url}`.trim(), url, response.status);
  }
  const text = await readText(response, options);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LoadError('parse-failed', `${url}: ${(error as Error).message}`, url);
  }
}

async function readText(response: Response, options: LoadOptions): Promise<string> {
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body || !options.onProgress) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  options.onProgress({ done, total, phase: 'load' });
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    chunks.push(chunk.value);
    done += chunk.value.byteLength;
    options.onProgress({ done, total: Math.max(total, done), phase: 'load' });
  }
  const decoder = new TextDecoder();
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
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
 */
export class DataSourceController implements ReactiveController {
  state: LoadState = 'idle';
  progress: CityProgressDetail | null = null;
  private controller: AbortController | null = null;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: DataSourceCallbacks,
  ) {
    host.addController(this);
  }

  /** Starts loading `url`, or just cancels when `url` is empty. Resolves when this request settles. */
  async load(url: string | null | undefined, init?: RequestInit): Promise<void> {
    this.cancel();
    if (!url) return;
    const generation = ++this.generation;
    const controller = new AbortController();
    this.controller = controller;
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

  hostDisconnected(): void {
    this.cancel();
  }
}
