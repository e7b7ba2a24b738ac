/**
 * Risk layer page. Without `bench`: a preview of `<city-risk-layer>` on a `<city-map>` (query:
 * src, mode, theme, lang, zoom, center, from, to, hex-metric, categories, levels), setting
 * `window.__ready` once drawn. With `bench=1`: the benchmark behind `npm run bench -- risk`.
 */
import '../../src/risk/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';

declare global {
  interface Window {
    __ready?: boolean;
    benchResult?: unknown;
    benchError?: string;
  }
}

const params = new URLSearchParams(location.search);

async function preview(): Promise<void> {
  if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
  const map = document.createElement('city-map') as CityMap;
  for (const name of ['zoom', 'center', 'theme']) if (params.get(name)) map.setAttribute(name, params.get(name)!);
  const layer = document.createElement('city-risk-layer') as CityRiskLayer;
  for (const name of ['mode', 'theme', 'from', 'to', 'hex-metric', 'categories', 'levels', 'color-domain', 'handover-zoom', 'legend-position', 'window', 'step', 'hide-time-slider']) {
    if (params.get(name)) layer.setAttribute(name, params.get(name)!);
  }
  map.append(layer);
  document.body.append(map);
  if (params.get('late')) await map.rendered();
  const response = await fetch(params.get('src') ?? '/data-samples/risks.json');
  layer.data = await response.json();
  await layer.rendered();
  await map.rendered();
  window.__ready = true;
}

if (params.get('bench')) {
  void import('./risk.measure').then((m) => m.runRiskBench(params)).catch((error: Error) => {
    window.benchError = `${error.message}\n${error.stack ?? ''}`;
  });
} else {
  void preview().catch((error: Error) => {
    console.error(error);
    window.__ready = true;
  });
}
