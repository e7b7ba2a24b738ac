/**
 * Preview of `<city-life-circle>` on the sample street, for screenshots. Query: lang, theme,
 * level, mode, roads=0 (no network), crs=gcj02 (the GCJ-02 residences copy), select=<residence
 * id> | worst | middle, suggest=<category>, k. Sets `window.__ready` once drawn.
 */
import '../../src/life-circle/index';
import type { CityLifeCircle } from '../../src/life-circle/city-life-circle';

declare global {
  interface Window {
    __ready?: boolean;
  }
}

const params = new URLSearchParams(location.search);

async function json(url: string): Promise<unknown> {
  return (await fetch(url)).json();
}

async function main(): Promise<void> {
  if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
  const el = document.createElement('city-life-circle') as CityLifeCircle;
  if (params.get('theme')) {
    el.setAttribute('theme', params.get('theme')!);
    document.body.dataset.theme = params.get('theme')!;
  }
  for (const name of ['level', 'mode', 'hidden-categories', 'site-count']) if (params.get(name)) el.setAttribute(name, params.get(name)!);
  const gcj = params.get('crs') === 'gcj02';
  const [residences, facilities, roads] = await Promise.all([
    json(gcj ? '/data-samples/residences-gcj02.geojson' : '/data-samples/residences.geojson'),
    json('/data-samples/facilities.geojson'),
    params.get('roads') === '0' ? Promise.resolve(undefined) : json('/data-samples/roads.geojson'),
  ]);
  if (gcj) el.crs = 'gcj02';
  el.residences = residences;
  el.facilities = facilities;
  if (roads) el.roads = roads;
  document.body.append(el);
  await el.rendered();
  const result = el.result;
  const select = params.get('select');
  if (result && select) {
    let id = select;
    if (select === 'worst') {
      id = Object.entries(result.residences).sort((a, b) => (a[1].score ?? 2) - (b[1].score ?? 2) || b[1].population - a[1].population)[0]![0];
    } else if (select === 'middle') {
      // The residence nearest the middle of the data.
      const features = (residences as { features: { geometry: { type: string; coordinates: unknown }; properties: { id: string } }[] }).features;
      const points = features.filter((f) => f.geometry.type === 'Point').map((f) => ({ id: f.properties.id, p: f.geometry.coordinates as number[] }));
      const cx = points.reduce((s, q) => s + q.p[0]!, 0) / points.length;
      const cy = points.reduce((s, q) => s + q.p[1]!, 0) / points.length;
      id = points.sort((a, b) => Math.hypot(a.p[0]! - cx, a.p[1]! - cy) - Math.hypot(b.p[0]! - cx, b.p[1]! - cy))[0]!.id;
    }
    el.selectResidence(id);
  }
  if (result && params.get('suggest')) await el.suggestSites(params.get('suggest'), Number(params.get('k') ?? 3));
  await new Promise((r) => setTimeout(r, 500));
  await el.map?.rendered();
  window.__ready = true;
}

void main().catch((error: Error) => {
  console.error(error);
  window.__ready = true;
});
