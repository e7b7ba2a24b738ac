// Finds a Chromium/Chrome for tests and benchmarks. Never downloads one.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export function findBrowser() {
  if (process.env.CHROME_PATH) {
    if (existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
  }
  for (const candidate of ['/usr/bin/chromium', 'chromium', 'google-chrome', 'google-chrome-stable', 'chromium-browser']) {
    if (candidate.startsWith('/')) {
      if (existsSync(candidate)) return candidate;
      continue;
    }
    try {
      const found = execFileSync('which', [candidate], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      /* not on PATH */
    }
  }
  return null;
}

export function requireBrowser() {
  const path = findBrowser();
  if (!path) {
    console.error(
      'No Chromium/Chrome found: install one (Debian: `apt-get update && apt-get install -y chromium`) or set CHROME_PATH to its binary.',
    );
    process.exit(1);
  }
  return path;
}

/** Flags that give headless WebGL2 through SwiftShader and keep Chromium off the network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--hide-scrollbars',
];
