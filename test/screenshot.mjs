// Takes a screenshot of a page in the system's headless Chromium (SwiftShader WebGL), to look at
// what users see: `node test/screenshot.mjs http://127.0.0.1:5173/demo/ shot.png [1600x1000] [waitMs]`
import puppeteer from 'puppeteer-core';
import { requireBrowser, chromiumArgs } from './browser.mjs';

const [url, out = 'screenshot.png', size = '1600x1000', wait = '4000'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node test/screenshot.mjs <url> [out.png] [WIDTHxHEIGHT] [waitMs]');
  process.exit(2);
}
const [width, height] = size.split('x').map(Number);
const browser = await puppeteer.launch({ executablePath: requireBrowser(), headless: true, args: chromiumArgs, defaultViewport: { width, height } });
try {
  const page = await browser.newPage();
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warn') && console.log(`[page ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(url, { waitUntil: 'networkidle0', timeout: 120000 });
  await new Promise((r) => setTimeout(r, Number(wait)));
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
