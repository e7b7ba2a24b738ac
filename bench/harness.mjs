// Shared plumbing for browser benchmarks: a Vite server over the repo and a headless Chromium
// (the system's, never downloaded) with SwiftShader WebGL. A bench page reports by setting
// `window.benchResult` (any JSON) or `window.benchError` (a string).
import { createServer, defaultClientConditions } from 'vite';
import puppeteer from 'puppeteer-core';
import { requireBrowser, chromiumArgs } from '../test/browser.mjs';

export async function startBenchServer() {
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    define: { 'process.env.NODE_ENV': JSON.stringify('production'), __CITYKIT_VERSION__: JSON.stringify('bench') },
    resolve: { conditions: [...defaultClientConditions, 'visgl:webgl-only'] },
    worker: { format: 'es' },
  });
  await server.listen();
  const address = server.httpServer.address();
  return { server, baseUrl: `http://127.0.0.1:${address.port}` };
}

export async function launchBenchBrowser({ width = 1280, height = 800 } = {}) {
  const browser = await puppeteer.launch({
    executablePath: requireBrowser(),
    headless: true,
    args: [...chromiumArgs, '--enable-precise-memory-info', '--js-flags=--expose-gc', `--window-size=${width},${height}`],
    defaultViewport: { width, height },
    protocolTimeout: 900000,
  });
  return browser;
}

/**
 * Opens `pagePath` (relative to the repo root, e.g. `bench/pages/grid.html?n=1000`) in a fresh
 * page and resolves with what the page put in `window.benchResult`.
 */
export async function runBenchPage(pagePath, { timeout = 600000, width, height, quiet = false, mainThreadCpu = false } = {}) {
  const { server, baseUrl } = await startBenchServer();
  const browser = await launchBenchBrowser({ width, height });
  try {
    const page = await browser.newPage();
    page.on('console', (msg) => {
      if (!quiet || msg.type() === 'error') console.log(`  [page] ${msg.text()}`);
    });
    page.on('pageerror', (error) => console.log(`  [page error] ${error.message}`));
    // `benchCpuMs()` in the page: its main thread's CPU time (Chromium's ThreadTime metric), which
    // other work on a busy machine inflates less than the wall time.
    if (mainThreadCpu) {
      const cdp = await page.createCDPSession();
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      await page.exposeFunction('benchCpuMs', async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
      });
    }
    await page.goto(`${baseUrl}/${pagePath}`, { waitUntil: 'load', timeout });
    await page.waitForFunction('window.benchResult !== undefined || window.benchError !== undefined', {
      timeout,
      polling: 250,
    });
    const error = await page.evaluate('window.benchError');
    if (error) throw new Error(String(error));
    return await page.evaluate('window.benchResult');
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Formats a ratio "naive / ours" for printing. */
export function ratio(naive, ours) {
  return `${(naive / ours).toFixed(1)}×`;
}

/**
 * Wall time and this process's CPU time of `run` (the CPU time is what the wall time would be on an
 * idle machine, give or take GC helper threads). Node only.
 */
export function timeCall(run) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}
