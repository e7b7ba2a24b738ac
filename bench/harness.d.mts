import type { ViteDevServer } from 'vite';
import type { Browser } from 'puppeteer-core';

export function startBenchServer(): Promise<{ server: ViteDevServer; baseUrl: string }>;
export function launchBenchBrowser(options?: { width?: number; height?: number }): Promise<Browser>;
export function runBenchPage<T = unknown>(
  pagePath: string,
  options?: { timeout?: number; width?: number; height?: number; quiet?: boolean; mainThreadCpu?: boolean },
): Promise<T>;
export function ratio(naive: number, ours: number): string;
export function timeCall<T>(run: () => T): { ms: number; cpuMs: number; value: T };
