import puppeteer from 'puppeteer-core';
import { requireBrowser, chromiumArgs } from './browser.mjs';
const browser = await puppeteer.launch({ executablePath: requireBrowser(), headless: true, args: chromiumArgs, defaultViewport: { width: 1920, height: 1080 } });
const page = await browser.newPage();
await page.goto('http://127.0.0.1:5199/?theme=dark', { waitUntil: 'networkidle0', timeout: 120000 });
await new Promise((r) => setTimeout(r, 4000));
console.log(await page.evaluate(() => {
  const f = document.querySelector('city-closure-funnel');
  const r = f.shadowRoot;
  const box = (sel) => { const e = r.querySelector(sel); if (!e) return null; const b = e.getBoundingClientRect(); return [sel, Math.round(b.top), Math.round(b.height), e.scrollHeight, e.clientHeight, getComputedStyle(e).overflowY]; };
  const fb = f.getBoundingClientRect();
  return JSON.stringify({ host: [Math.round(fb.top), Math.round(fb.height)], parts: ['.frame', '[part=cards]', '[part=legend]', 'svg', '.area', '[part=chart]'].map(box), children: [...r.querySelector('.frame').children].map(c => [c.localName, c.className, c.getAttribute('part'), Math.round(c.getBoundingClientRect().height), c.scrollHeight]) });
}));
await browser.close();
