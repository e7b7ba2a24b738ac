/**
 * The demo dashboard's funnel panel: `<city-closure-funnel>` on the sample cases, a switch between
 * the 数字城管 and 12345 loops, and the link to the grid map — a `city-grid-select` anywhere on the
 * page filters the funnel to the cases in that unit (and every unit inside it), shown as a chip
 * that clears the filter.
 */
import '../src/funnel/index';
import type { CityClosureFunnel, CityStageSelectDetail } from '../src/funnel/index';

/** The samples end on 2026-10-31: fix "now" so overdue figures match the data's window. */
const SAMPLE_NOW = '2026-11-01T00:00:00+08:00';

const SOURCES = {
  'city-management': new URL('../data-samples/cases-city-management.json', import.meta.url).href,
  'hotline-12345': new URL('../data-samples/cases-hotline-12345.json', import.meta.url).href,
} as const;
const GRIDS_URL = new URL('../data-samples/grids.geojson', import.meta.url).href;

type Preset = keyof typeof SOURCES;

const TEXT = {
  'zh-CN': {
    loop: '流程',
    'city-management': '数字城管',
    'hotline-12345': '12345 热线',
    filter: '筛选：{name}',
    clear: '清除筛选',
    hint: '点击地图上的网格可筛选案件；点击环节查看案件清单',
    selected: '{stage}：{count} 件案件',
    more: '等',
  },
  en: {
    loop: 'Loop',
    'city-management': 'City management',
    'hotline-12345': '12345 hotline',
    filter: 'Filter: {name}',
    clear: 'Clear filter',
    hint: 'Click a grid on the map to filter cases; click a stage for its case list',
    selected: '{stage}: {count} cases',
    more: 'and more',
  },
};

interface GridUnit {
  id: string;
  name: string;
  parent?: string;
}

interface GridSelectDetail {
  id: string;
  level?: string;
  feature?: { properties?: { name?: unknown } };
  value?: unknown;
}

/** Every unit id at or below `id` in the grid hierarchy (walking each unit's parent chain). */
export function unitsWithin(id: string, units: ReadonlyMap<string, GridUnit>): string[] {
  const inside: string[] = [];
  for (const unit of units.values()) {
    let cursor: GridUnit | undefined = unit;
    // The chain is short (≤ 5 levels); the guard stops a malformed cycle.
    for (let depth = 0; cursor && depth < 16; depth++) {
      if (cursor.id === id) {
        inside.push(unit.id);
        break;
      }
      cursor = cursor.parent ? units.get(cursor.parent) : undefined;
    }
  }
  if (!inside.includes(id)) inside.push(id);
  return inside;
}

async function loadGrids(): Promise<Map<string, GridUnit>> {
  const units = new Map<string, GridUnit>();
  try {
    const response = await fetch(GRIDS_URL);
    if (!response.ok) return units;
    const collection = (await response.json()) as { features?: Array<{ properties?: Record<string, unknown> }> };
    for (const feature of collection.features ?? []) {
      const p = feature.properties ?? {};
      if (typeof p.id !== 'string') continue;
      units.set(p.id, {
        id: p.id,
        name: typeof p.name === 'string' ? p.name : p.id,
        parent: typeof p.parent === 'string' ? p.parent : undefined,
      });
    }
  } catch (error) {
    // Without the hierarchy the filter still works on the exact unit id.
    console.warn('Funnel panel: grids not loaded', error);
  }
  return units;
}

export function mountFunnelPanel(container: HTMLElement): () => void {
  const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'zh-CN');
  const text = (key: keyof (typeof TEXT)['en'], params: Record<string, string> = {}) =>
    TEXT[lang()][key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');

  const root = document.createElement('div');
  root.style.cssText = 'position:absolute;inset:0;display:flex;flex-direction:column;min-height:0';
  const bar = document.createElement('div');
  bar.style.cssText = 'display:flex;align-items:center;gap:10px;flex-wrap:wrap;padding:6px 10px 0;font-size:13px';
  const loopLabel = document.createElement('label');
  loopLabel.style.cssText = 'display:inline-flex;align-items:center;gap:6px';
  const loopText = document.createElement('span');
  const select = document.createElement('select');
  select.style.font = 'inherit';
  for (const preset of Object.keys(SOURCES) as Preset[]) select.add(new Option('', preset));
  loopLabel.append(loopText, select);

  const chip = document.createElement('span');
  chip.className = 'filter-chip';
  chip.style.cssText =
    'display:none;align-items:center;gap:4px;padding:2px 4px 2px 10px;border-radius:999px;border:1px solid var(--accent);color:var(--accent);background:color-mix(in srgb, var(--accent) 10%, transparent)';
  const chipText = document.createElement('span');
  chipText.className = 'filter-chip-text';
  const chipClear = document.createElement('button');
  chipClear.type = 'button';
  chipClear.textContent = '×';
  chipClear.style.cssText = 'border:none;background:none;color:inherit;font-size:16px;line-height:1;cursor:pointer;padding:0 4px';
  chip.append(chipText, chipClear);

  const hint = document.createElement('span');
  hint.style.cssText = 'opacity:0.7;margin-left:auto';
  bar.append(loopLabel, chip, hint);

  const funnel = document.createElement('city-closure-funnel') as CityClosureFunnel;
  funnel.style.cssText = 'flex:1;min-height:0;height:auto';
  funnel.setAttribute('now', SAMPLE_NOW);

  const status = document.createElement('div');
  status.setAttribute('role', 'status');
  status.style.cssText = 'font-size:12px;padding:0 10px 6px;min-height:1.4em;opacity:0.85;white-space:nowrap;overflow:hidden;text-overflow:ellipsis';
  root.append(bar, funnel, status);
  container.append(root);

  let filterName: string | null = null;
  let selected: CityStageSelectDetail | null = null;
  const unitsReady = loadGrids();

  function renderText(): void {
    loopText.textContent = text('loop');
    for (const option of select.options) option.textContent = text(option.value as Preset);
    chipClear.setAttribute('aria-label', text('clear'));
    chipClear.title = text('clear');
    chip.style.display = filterName === null ? 'none' : 'inline-flex';
    chipText.textContent = filterName === null ? '' : text('filter', { name: filterName });
    hint.textContent = text('hint');
    if (selected) {
      const ids = selected.caseIds ?? [];
      const sample = ids.slice(0, 3).join(', ');
      status.textContent = `${text('selected', { stage: selected.label ?? '', count: ids.length.toLocaleString(lang()) })}${sample ? ` — ${sample}${ids.length > 3 ? ` ${text('more')}` : ''}` : ''}`;
    } else status.textContent = '';
  }

  function usePreset(preset: Preset): void {
    select.value = preset;
    funnel.preset = preset;
    funnel.src = SOURCES[preset];
    selected = null;
    renderText();
  }

  function clearFilter(): void {
    filterName = null;
    funnel.filter = undefined;
    selected = null;
    renderText();
  }

  const onGridSelect = async (event: Event) => {
    const detail = (event as CustomEvent<GridSelectDetail>).detail;
    if (!detail || typeof detail.id !== 'string') return;
    const units = await unitsReady;
    const name = detail.feature?.properties?.name;
    filterName = typeof name === 'string' ? name : (units.get(detail.id)?.name ?? detail.id);
    funnel.filter = { grid: unitsWithin(detail.id, units) };
    selected = null;
    renderText();
  };
  const onStageSelect = (event: CustomEvent<CityStageSelectDetail>) => {
    selected = event.detail.id === null ? null : event.detail; // id null: the selection cleared
    renderText();
  };
  const onLanguage = new MutationObserver(renderText);

  select.addEventListener('change', () => usePreset(select.value as Preset));
  chipClear.addEventListener('click', clearFilter);
  funnel.addEventListener('city-stage-select', onStageSelect);
  document.addEventListener('city-grid-select', onGridSelect);
  onLanguage.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  usePreset('city-management');

  return () => {
    document.removeEventListener('city-grid-select', onGridSelect);
    onLanguage.disconnect();
    root.remove();
  };
}
