/**
 * The demo dashboard's risk panel: the sample risks (`<city-risk-layer>`) on top of the grid map
 * (`<city-grid-layer>`), whose units are coloured by the risk index rolled up from the risks in
 * the current time window and filters (`layer.rollUp`, the element form of `rollUpRisks`). Moving
 * the time window (slider, playback) or filtering recolours the grids; a toolbar switches the
 * risk mode and level filter and exports the picture.
 */
import '../src/grid/index';
import '../src/risk/index';
import type { CityGridLayer, CityMap } from '../src/grid/index';
import { downloadMapImage } from './download';
import type { CityRiskLayer, RiskRollUp } from '../src/risk/index';
import type { FeatureCollection } from 'geojson';

const RISKS_URL = new URL('../data-samples/risks.json', import.meta.url).href;
const GRIDS_URL = new URL('../data-samples/grids.geojson', import.meta.url).href;
const GRID_LEVELS = ['district', 'street', 'community', 'grid', 'micro-grid'] as const;

const TEXT = {
  'zh-CN': {
    mode: '显示',
    auto: '自动（热力→点位）',
    heat: '热力',
    hex: '蜂窝',
    points: '点位',
    levels: '等级',
    all: '全部等级',
    high: '重大 + 较大',
    export: '导出图片',
    index: '风险指数',
    selected: '已选：{name}',
  },
  en: {
    mode: 'Show',
    auto: 'Auto (heat → points)',
    heat: 'Heat',
    hex: 'Hexagons',
    points: 'Points',
    levels: 'Levels',
    all: 'All levels',
    high: 'Major + considerable',
    export: 'Export PNG',
    index: 'Risk index',
    selected: 'Selected: {name}',
  },
} as const;

const lang = () => (document.documentElement.lang.startsWith('zh') ? 'zh-CN' : 'en');

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  element.selected = selected;
  return element;
}

export function mountRiskPanel(container: HTMLElement): CityMap {
  const map = document.createElement('city-map') as CityMap;
  map.style.cssText = 'display:block;width:100%;height:100%';

  const grid = document.createElement('city-grid-layer') as CityGridLayer;
  grid.setAttribute('src', GRIDS_URL);
  grid.setAttribute('focus-id', 'D1S1');
  // A metric name the features do not carry: the colours come only from the roll-up `values`.
  grid.setAttribute('metric', 'riskRollUp');
  grid.setAttribute('palette', '#f7f4ef,#f3d9c4,#e8a98a,#d46a5a,#a8323e');
  grid.setAttribute('fill-opacity', '0.55');
  grid.setAttribute('labels', 'none');

  const risks = document.createElement('city-risk-layer') as CityRiskLayer;
  risks.setAttribute('src', RISKS_URL);
  risks.setAttribute('mode', 'auto');
  risks.setAttribute('window', '7d');
  risks.setAttribute('speed', '2');

  const toolbar = document.createElement('div');
  toolbar.slot = 'top-left';
  toolbar.style.cssText =
    'display:flex;flex-direction:column;gap:6px;padding:8px;border-radius:6px;font-size:13px;' +
    'background:var(--panel-bg);color:var(--page-fg);border:1px solid var(--panel-border);box-shadow:0 1px 4px rgba(0,0,0,.16)';
  const modeLabel = document.createElement('label');
  const levelLabel = document.createElement('label');
  for (const label of [modeLabel, levelLabel]) label.style.cssText = 'display:flex;gap:6px;align-items:center;justify-content:space-between';
  const modeText = document.createElement('span');
  const modeSelect = document.createElement('select');
  const levelText = document.createElement('span');
  const levelSelect = document.createElement('select');
  modeLabel.append(modeText, modeSelect);
  levelLabel.append(levelText, levelSelect);
  const exportButton = document.createElement('button');
  exportButton.type = 'button';
  const status = document.createElement('div');
  status.setAttribute('role', 'status');
  status.style.cssText = 'max-width:220px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;opacity:.8';
  toolbar.append(modeLabel, levelLabel, exportButton, status);

  const applyText = () => {
    const text = TEXT[lang()];
    modeText.textContent = text.mode;
    levelText.textContent = text.levels;
    exportButton.textContent = text.export;
    grid.setAttribute('metric-label', text.index);
    const mode = risks.mode;
    modeSelect.replaceChildren(...(['auto', 'heat', 'hex', 'points'] as const).map((m) => option(m, text[m], m === mode)));
    const high = risks.levels?.length === 2;
    levelSelect.replaceChildren(option('', text.all, !high), option('major,considerable', text.high, high));
  };
  new MutationObserver(applyText).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  modeSelect.addEventListener('change', () => risks.setAttribute('mode', modeSelect.value));
  levelSelect.addEventListener('change', () => {
    if (levelSelect.value) risks.setAttribute('levels', levelSelect.value);
    else risks.removeAttribute('levels');
    void rollUp();
  });

  // Grid colours = risk index of the risks shown (window + filters), for every level at once so
  // drilling needs no recomputation. Ids are unique across levels.
  let grids: FeatureCollection | null = null;
  const gridsLoaded = fetch(GRIDS_URL).then(async (response) => {
    grids = (await response.json()) as FeatureCollection;
  });
  let pending = false;
  const rollUp = async () => {
    if (pending) return;
    pending = true;
    await Promise.all([gridsLoaded, risks.rendered()]);
    await risks.updateComplete;
    pending = false;
    if (!grids) return;
    const values: Record<string, number> = {};
    for (const level of GRID_LEVELS) {
      const byUnit: Record<string, RiskRollUp> = risks.rollUp(grids, level);
      for (const [id, entry] of Object.entries(byUnit)) values[id] = entry.index;
    }
    grid.values = values;
  };
  risks.addEventListener('city-time-change', () => void rollUp());
  risks.addEventListener('city-risk-select', (event) => {
    const record = event.detail.record;
    status.textContent = record ? TEXT[lang()].selected.replace('{name}', String(record.name ?? record.id)) : '';
  });

  exportButton.addEventListener('click', () => void downloadMapImage(map, 'risk-map.png'));

  applyText();
  map.append(grid, risks, toolbar);
  container.append(map);
  void rollUp();
  return map;
}
