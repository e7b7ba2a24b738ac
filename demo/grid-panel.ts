/**
 * The demo dashboard's grid panel: `<city-map>` + `<city-grid-layer>` on the sample grids,
 * opened on F street's communities. A small toolbar in the map's top-right slot switches the
 * metric, simulates a live feed (new `values` every 5 s: recolour only, drill state and
 * selection stay) and exports the map as a PNG for slides.
 */
import '../src/grid/index';
import type { CityGridLayer, CityMap } from '../src/grid/index';
import { downloadMapImage } from './download';

const GRIDS_URL = new URL('../data-samples/grids.geojson', import.meta.url).href;

const TEXT = {
  'zh-CN': {
    metric: '指标',
    events: '事件数',
    population: '人口',
    households: '户数',
    riskIndex: '风险指数',
    live: '实时刷新',
    export: '导出图片',
    units: { events: '件', population: '人', households: '户', riskIndex: '' },
  },
  en: {
    metric: 'Metric',
    events: 'Events',
    population: 'Population',
    households: 'Households',
    riskIndex: 'Risk index',
    live: 'Live refresh',
    export: 'Export PNG',
    units: { events: '', population: '', households: '', riskIndex: '' },
  },
} as const;

type Metric = 'events' | 'population' | 'households' | 'riskIndex';
const METRICS: Metric[] = ['events', 'population', 'households', 'riskIndex'];

const lang = () => (document.documentElement.lang.startsWith('zh') ? 'zh-CN' : 'en');

export function mountGridPanel(container: HTMLElement): CityMap {
  const map = document.createElement('city-map') as CityMap;
  map.style.cssText = 'display:block;width:100%;height:100%';
  const grid = document.createElement('city-grid-layer') as CityGridLayer;
  grid.setAttribute('src', GRIDS_URL);
  grid.setAttribute('metric', 'events');
  grid.setAttribute('focus-id', 'D1S1');
  grid.setAttribute('palette', 'YlOrRd');

  const toolbar = document.createElement('div');
  toolbar.slot = 'top-right';
  toolbar.style.cssText =
    'display:flex;flex-direction:column;gap:6px;padding:8px;border-radius:6px;font-size:13px;' +
    'background:var(--panel-bg);color:var(--page-fg);border:1px solid var(--panel-border);box-shadow:0 1px 4px rgba(0,0,0,.16)';
  const metricLabel = document.createElement('label');
  metricLabel.style.cssText = 'display:flex;gap:6px;align-items:center';
  const metricText = document.createElement('span');
  const metricSelect = document.createElement('select');
  metricLabel.append(metricText, metricSelect);
  const liveLabel = document.createElement('label');
  liveLabel.style.cssText = 'display:flex;gap:6px;align-items:center';
  const liveBox = document.createElement('input');
  liveBox.type = 'checkbox';
  const liveText = document.createElement('span');
  liveLabel.append(liveBox, liveText);
  const exportButton = document.createElement('button');
  exportButton.type = 'button';
  toolbar.append(metricLabel, liveLabel, exportButton);

  const applyText = () => {
    const text = TEXT[lang()];
    metricText.textContent = text.metric;
    liveText.textContent = text.live;
    exportButton.textContent = text.export;
    const current = (grid.metric ?? 'events') as Metric;
    metricSelect.replaceChildren(
      ...METRICS.map((m) => {
        const option = document.createElement('option');
        option.value = m;
        option.textContent = text[m];
        option.selected = m === current;
        return option;
      }),
    );
    const unit = text.units[current];
    if (unit) grid.setAttribute('unit', unit);
    else grid.removeAttribute('unit');
  };
  new MutationObserver(applyText).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  metricSelect.addEventListener('change', () => {
    grid.values = undefined;
    grid.metric = metricSelect.value;
    applyText();
  });

  // A stand-in for a backend pushing fresh numbers: the current metric, jittered ±15 %.
  let timer: number | undefined;
  const refresh = () => {
    const index = grid.hierarchy;
    if (!index) return;
    const metric = grid.metric ?? 'events';
    const values: Record<string, number> = {};
    index.ids.forEach((id, u) => {
      const base = Number((index.features[u].properties as Record<string, unknown>)[metric]);
      if (Number.isFinite(base)) values[id] = Math.round(base * (0.85 + Math.random() * 0.3) * 10) / 10;
    });
    grid.values = values;
  };
  liveBox.addEventListener('change', () => {
    window.clearInterval(timer);
    timer = undefined;
    if (liveBox.checked) {
      refresh();
      timer = window.setInterval(refresh, 5000);
    } else grid.values = undefined;
  });

  exportButton.addEventListener('click', () => void downloadMapImage(map, 'grid-map.png'));

  applyText();
  map.append(grid, toolbar);
  container.append(map);
  return map;
}
