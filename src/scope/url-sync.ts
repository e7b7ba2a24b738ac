/**
 * Mirrors a scope's selection into the page URL (`?unit=…&from=…&to=…`, with an optional prefix
 * so the names never clash with the portal's own parameters) and back: a link opens the exact
 * view, back/forward move through selections. The user's clicks add history entries; drags and
 * restores only replace the current one. Other parameters and the hash are left as they are.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface UrlSelection {
  unit: string | null;
  from: string | null;
  to: string | null;
}

const KEYS = ['unit', 'from', 'to'] as const;

export class UrlSync implements ReactiveController {
  private prefix: string | null = null;
  private readonly onPopState = () => this.readNow();

  constructor(
    host: ReactiveControllerHost,
    private readonly hooks: { read(values: UrlSelection): void },
  ) {
    host.addController(this);
  }

  /** Starts mirroring with parameter names `<prefix>unit`, …, and applies what the URL holds now. */
  start(prefix: string): void {
    if (this.prefix === prefix) return;
    if (this.prefix === null) window.addEventListener('popstate', this.onPopState);
    this.prefix = prefix;
    this.readNow();
  }

  stop(): void {
    if (this.prefix === null) return;
    window.removeEventListener('popstate', this.onPopState);
    this.prefix = null;
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Writes the selection into the URL: `push` adds a history entry, `replace` does not. Nothing when unchanged. */
  write(selection: UrlSelection, mode: 'push' | 'replace'): void {
    if (this.prefix === null) return;
    const url = new URL(location.href);
    for (const key of KEYS) {
      const value = selection[key];
      if (value === null) url.searchParams.delete(this.prefix + key);
      else url.searchParams.set(this.prefix + key, value);
    }
    if (url.href === location.href) return;
    if (mode === 'push') history.pushState(history.state, '', url);
    else history.replaceState(history.state, '', url);
  }

  private readNow(): void {
    if (this.prefix === null) return;
    const params = new URL(location.href).searchParams;
    const read = (key: (typeof KEYS)[number]) => params.get(this.prefix + key) || null;
    this.hooks.read({ unit: read('unit'), from: read('from'), to: read('to') });
  }
}
