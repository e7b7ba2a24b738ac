// @web/test-runner in headless Chromium; test modules are compiled by Vite (same transforms as
// the demo and the build), forwarded through a Koa middleware.
import { chromeLauncher } from '@web/test-runner-chrome';
import { createServer, defaultClientConditions } from 'vite';
import { relative } from 'node:path';
import { requireBrowser, chromiumArgs } from './test/browser.mjs';

const executablePath = requireBrowser();
let vite;

/** Lets Vite answer every module request; the runner keeps its own `/__web…` routes. */
const viteForwarder = {
  name: 'vite-forwarder',
  async serverStart() {
    vite = await createServer({
      configFile: false,
      root: process.cwd(),
      logLevel: 'error',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
      define: { 'process.env.NODE_ENV': JSON.stringify('development'), __CITYKIT_VERSION__: JSON.stringify('test') },
      resolve: { conditions: [...defaultClientConditions, 'visgl:webgl-only'] },
      worker: { format: 'es' },
      optimizeDeps: { entries: ['test/**/*.test.ts'] },
    });
  },
  async serverStop() {
    await vite?.close();
  },
};

async function forwardToVite(ctx, next) {
  if (ctx.path.startsWith('/__web') || ctx.path === '/' || !vite) return next();
  const handled = await new Promise((resolvePromise, reject) => {
    ctx.res.once('finish', () => resolvePromise(true));
    vite.middlewares(ctx.req, ctx.res, (error) => (error ? reject(error) : resolvePromise(false)));
  });
  if (handled) ctx.respond = false;
  else await next();
}

/**
 * Prints one plain closing line with the totals after the runner's own summary, preceded by each
 * failure's file, test path and message: a CI log is often cut to its tail, and the failure must
 * still be readable there.
 */
function totalsReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const count = { passed: 0, failed: 0, skipped: 0 };
      const failures = [];
      const walk = (suite, file, path) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) count.skipped++;
          else if (test.passed) count.passed++;
          else {
            count.failed++;
            failures.push(`${file}: ${[...path, test.name].join(' > ')}\n    ${test.error?.message ?? 'failed'}`);
          }
        }
        for (const child of suite.suites ?? []) walk(child, file, [...path, child.name]);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults, relative(process.cwd(), session.testFile), []);
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          count.failed++;
          for (const error of session.errors) failures.push(`${relative(process.cwd(), session.testFile)}: ${error.message ?? error}`);
        }
      }
      const lines = failures.length > 0 ? `\nFailed:\n${failures.map((line) => `  ${line}`).join('\n')}\n` : '';
      setTimeout(() => console.log(`${lines}\nTests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`), 0);
    },
  };
}

export default {
  files: process.env.TEST_FILES ? process.env.TEST_FILES.split(',') : ['test/**/*.test.ts'],
  nodeResolve: false,
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120000,
  testsStartTimeout: 180000,
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 60000 } },
  plugins: [viteForwarder],
  middleware: [forwardToVite],
  reporters: [
    (await import('@web/test-runner')).defaultReporter({ reportTestResults: true, reportTestProgress: !process.env.CI }),
    totalsReporter(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: chromiumArgs },
      // One browser context per test page: hidden tabs of a shared context never get a deck.gl frame.
      async createPage({ browser }) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.setViewport({ width: 1024, height: 768 });
        return page;
      },
    }),
  ],
};
