/**
 * The demo dashboard's funnel panel: `<city-closure-funnel>` on the sample cases, a switch between
 * the 数字城管 and 12345 loops, and the selected stage's cases. Linking it to the map takes no
 * code: the dashboard's `<city-scope>` hands it the unit a user clicks on the grid (the funnel's
 * own chip names it and clears it).
 */
import '../src/funnel/index';
import type { CityClosureFunnel, CityStageSelectDetail } from '../src/funnel/index';

/** The samples end on 2026-10-31: fix "now" so overdue figures match the data's window. */
const SAMPLE_NOW = '2026-11-01T00:00:00+08:00';

const SOURCES = {
  'city-management': new URL('../data-samples/cases-city-management.json', import.meta.url).href,
  'hotline-12345': new URL('../data-samples/cases-hotline-12345.json', import.meta.url).href,
} as const;

type Preset = keyof typeof SOURCES;

const TEXT = {
  'zh-CN': {
    loop: '流程',
    'city-management': '数字城管',
    'hotline-12345': '12345 热线',
    hint: '点击地图上的网格只看该网格的案件；点击环节查看案件清单',
    selected: '{stage}：{count} 件案件',
    more: '等',
  },
  en: {
    loop: 'Loop',
    'city-management': 'City management',
    'hotline-12345': '12345 hotline',
    hint: 'Click a grid on the map to count its cases only; click a stage for its case list',
    selected: '{stage}: {count} cases',
    more: 'and more',
  },
};

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

  const hint = document.createElement('span');
  hint.style.cssText = 'opacity:0.7;margin-left:auto';
  bar.append(loopLabel, hint);

  const funnel = document.createElement('city-closure-funnel') as CityClosureFunnel;
  funnel.style.cssText = 'flex:1;min-height:0;height:auto';
  funnel.setAttribute('now', SAMPLE_NOW);

  const status = document.createElement('div');
  status.setAttribute('role', 'status');
  status.style.cssText = 'font-size:12px;padding:0 10px 6px;min-height:1.4em;opacity:0.85;white-space:nowrap;overflow:hidden;text-overflow:ellipsis';
  root.append(bar, funnel, status);
  container.append(root);

  let selected: CityStageSelectDetail | null = null;

  function renderText(): void {
    loopText.textContent = text('loop');
    for (const option of select.options) option.textContent = text(option.value as Preset);
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

  const onStageSelect = (event: CustomEvent<CityStageSelectDetail>) => {
    selected = event.detail.id === null ? null : event.detail; // id null: the selection cleared
    renderText();
  };
  const onLanguage = new MutationObserver(renderText);

  select.addEventListener('change', () => usePreset(select.value as Preset));
  funnel.addEventListener('city-stage-select', onStageSelect);
  onLanguage.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  usePreset('city-management');

  return () => {
    onLanguage.disconnect();
    root.remove();
  };
}
