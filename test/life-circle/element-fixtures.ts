// A small hand-laid street for the element tests, in metres around a fixed origin (converted to
// WGS-84), with distances worked out by hand:
//
//   road r1: (0,0) — (500,0) — (1000,0)      road r2: (500,-300) — (500,0) — (500,300)
//   h1 (100,20) pop 100   h2 (900,20) pop 200   h3 (500,250) pop 300 (on r2)
//   k1 kindergarten (150,-10), k2 kindergarten (880,-10), c1 convenience store (850,-10),
//   t1 public toilet (520,100)
//
// Walking (level 5, radius 300 m for all three categories of PROFILE):
//   h1: k1 20+50+10 = 80 ✓, c1 20+750+10 = 780 ✗ (beyond 300: none), t1 20+400+100+20 = 540 ✗   score 1/2
//   h2: k2 20+20+10 = 50 ✓, c1 20+50+10 = 80 ✓, t1 540 ✗                                         score 2/2
//   h3: k1 250+350+10 = 610 ✗, c1 250+350+10 = 610 ✗, t1 |250−100|+20 = 170 ✓                   score 0/2

import { expect } from 'chai';
import { analyzeLifeCircle } from '../../src/life-circle/engine/index';
import type { LifeCircleResult } from '../../src/life-circle/engine/types';

export const ORIGIN: [number, number] = [106.5, 29.5];
const EARTH = 6371008.8;
const ky = (EARTH * Math.PI) / 180;
const kx = ky * Math.cos((ORIGIN[1] * Math.PI) / 180);

/** Metres east/north of ORIGIN → [lon, lat]. */
export const at = (x: number, y: number): [number, number] => [ORIGIN[0] + x / kx, ORIGIN[1] + y / ky];

type Feature = { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> };
export const fc = (features: unknown[]) => ({ type: 'FeatureCollection' as const, features });

export const point = (x: number, y: number) => ({ type: 'Point', coordinates: at(x, y) });

/** A management unit drawn as the box [x0, y0, x1, y1] (metres around ORIGIN), for `boundaries`. */
export const unitSquare = (id: string, parent: string | null, level: string, name: string, [x0, y0, x1, y1]: [number, number, number, number]) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] },
  properties: { id, parent, level, name },
});

/**
 * `printBriefing()` with the print frame's dialog counted instead of opened: the frame is a realm
 * of its own, so its print is replaced as the frame joins the shadow root.
 */
export async function printCounted(el: HTMLElement & { printBriefing(): Promise<void> }): Promise<{ frame: HTMLIFrameElement; prints: number }> {
  let prints = 0;
  const root = el.shadowRoot!;
  root.append = (...nodes: (Node | string)[]) => {
    ShadowRoot.prototype.append.apply(root, nodes);
    for (const node of nodes) if (node instanceof HTMLIFrameElement) node.contentWindow!.print = () => void prints++;
  };
  try {
    await el.printBriefing();
  } finally {
    delete (root as Partial<ShadowRoot>).append;
  }
  return { frame: root.querySelector<HTMLIFrameElement>('iframe.briefing-frame')!, prints };
}

export const home = (id: string, name: string, x: number, y: number, population: unknown): Feature => ({
  type: 'Feature',
  geometry: point(x, y),
  properties: { id, name, population },
});

export const place = (id: string, name: string, category: string, x: number, y: number): Feature => ({
  type: 'Feature',
  geometry: point(x, y),
  properties: { id, name, category },
});

export const line = (id: string, ...points: [number, number][]): Feature => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) },
  properties: { id },
});

/** A custom profile: three 5-minute categories, two of them required. */
export const PROFILE = {
  id: 'test-profile',
  version: '1',
  // GB 50180-2018's levels, given explicitly (a profile without levels or `extends` gets a warning).
  levels: [
    { minutes: 5, distance: 300 },
    { minutes: 10, distance: 500 },
    { minutes: 15, distance: 1000 },
  ],
  categories: [
    { key: 'kindergarten', level: 5, radius: 300, required: true, label: { 'zh-CN': '幼儿园', en: 'Kindergarten' } },
    { key: 'convenience-store', level: 5, radius: 300, required: true, label: { 'zh-CN': '便利店', en: 'Convenience store' } },
    { key: 'public-toilet', level: 5, radius: 300, required: false, label: { 'zh-CN': '公共厕所', en: 'Public toilet' } },
  ],
};

/** Names exercise CSV quoting and formula escaping. */
export const NAMES = { h1: '阳光, "花园"', h2: '=SUM(A1)', h3: '河畔小区' };

export function street() {
  return {
    residences: fc([home('h1', NAMES.h1, 100, 20, 100), home('h2', NAMES.h2, 900, 20, 200), home('h3', NAMES.h3, 500, 250, 300)]),
    facilities: fc([
      place('k1', '一幼', 'kindergarten', 150, -10),
      place('k2', '二幼', 'kindergarten', 880, -10),
      place('c1', '便利店', 'convenience-store', 850, -10),
      place('t1', '公厕', 'public-toilet', 520, 100),
    ]),
    roads: fc([line('r1', [0, 0], [500, 0], [1000, 0]), line('r2', [500, -300], [500, 0], [500, 300])]),
  };
}

/** Mounts an element in a fixed-size box and returns it. */
export function mountLifeCircle<T extends HTMLElement>(width = 900, height = 520, attributes: Record<string, string> = {}): T {
  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:0;top:0;width:${width}px;height:${height}px`;
  const el = document.createElement('city-life-circle');
  el.style.cssText = `--city-life-circle-height:${height}px`;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  host.append(el);
  document.body.append(host);
  return el as unknown as T;
}

export { pressKey } from '../helpers';

/** Waits for `rendered()` and returns the element's `result` then. */
export async function analyzed(el: { rendered(): Promise<void>; readonly result: LifeCircleResult | null }) {
  await el.rendered();
  return el.result;
}

/** The element's result equals `analyzeLifeCircle` on `data` (PROFILE, level 5, walking on the network); returns that direct result. */
export function expectSameResult(el: { readonly result: LifeCircleResult | null }, data: ReturnType<typeof street>): LifeCircleResult {
  const direct = analyzeLifeCircle(data, { profile: PROFILE, level: 5, mode: 'walk' });
  const result = el.result!;
  expect(result.method).to.equal('network');
  expect(JSON.stringify(result.residences)).to.equal(JSON.stringify(direct.residences));
  expect(result.coverage).to.deep.equal(direct.coverage);
  expect(result.gaps).to.deep.equal(direct.gaps);
  expect(result.summary).to.deep.equal(direct.summary);
  return direct;
}
