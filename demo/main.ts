/**
 * The demo dashboard (`npm start`): every CityKit element on the bundled synthetic sample of
 * "F street". Each panel module builds its element(s); this file wires the language and theme
 * switches, which CityKit elements follow without extra code (document `lang`, `theme` attribute).
 * The panels are linked by the page's `<city-scope sync-url>` alone (index.html): no code here.
 */
import '../src/scope/index';
const labels: Record<string, Record<string, string>> = {
  'zh-CN': {
    title: 'F街道 城市运行和治理仪表板',
    subtitle: 'CityKit 演示 · 合成样例数据（非真实地图）',
    language: '语言',
    theme: '主题',
    'theme-light': '浅色',
    'theme-dark': '深色大屏',
    grid: '网格地图 · 一张网格统揽',
    risk: '风险隐患 · 四色分级',
    funnel: '问题闭环 · 结案漏斗',
    life: '15分钟生活圈 · 设施覆盖',
    pending: '该面板的组件尚未加载',
  },
  en: {
    title: 'F Street — city operation & governance dashboard',
    subtitle: 'CityKit demo · synthetic sample data (not a real map)',
    language: 'Language',
    theme: 'Theme',
    'theme-light': 'Light',
    'theme-dark': 'Dark big screen',
    grid: 'Grid map · one grid covers everything',
    risk: 'Risks · four levels',
    funnel: 'Problem closure funnel',
    life: '15-minute life circle · facility coverage',
    pending: 'This panel’s component is not loaded',
  },
};

const languageSelect = document.querySelector<HTMLSelectElement>('#language')!;
const themeSelect = document.querySelector<HTMLSelectElement>('#theme')!;
const params = new URLSearchParams(location.search);

function applyLanguage(lang: string): void {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    node.textContent = labels[lang]?.[node.dataset.i18n!] ?? node.textContent;
  }
  document.title = lang === 'en' ? 'CityKit demo · city governance dashboard' : 'CityKit 演示 · 城市治理仪表板';
}

/** CityKit elements take `theme` per element: set it on every one on the page. */
function applyTheme(theme: string): void {
  document.documentElement.dataset.theme = theme;
  for (const element of document.querySelectorAll('*')) {
    if (element.localName.startsWith('city-')) element.setAttribute('theme', theme);
  }
}

languageSelect.addEventListener('change', () => applyLanguage(languageSelect.value));
themeSelect.addEventListener('change', () => applyTheme(themeSelect.value));

languageSelect.value = params.get('lang') === 'en' ? 'en' : 'zh-CN';
themeSelect.value = params.get('theme') === 'dark' ? 'dark' : 'light';
applyLanguage(languageSelect.value);

/** Panels are loaded independently: one failing never blanks the others. */
const panels: Array<[string, () => Promise<(container: HTMLElement) => unknown>]> = [
  ['grid-panel', () => import('./grid-panel').then((m) => m.mountGridPanel)],
  ['risk-panel', () => import('./risk-panel').then((m) => m.mountRiskPanel)],
  ['funnel-panel', () => import('./funnel-panel').then((m) => m.mountFunnelPanel)],
  ['life-panel', () => import('./life-circle-panel').then((m) => m.mountLifeCirclePanel)],
];

async function mountPanels(): Promise<void> {
  await Promise.all(
    panels.map(async ([id, load]) => {
      const container = document.getElementById(id)!;
      try {
        const mount = await load();
        await mount(container);
      } catch (error) {
        console.error(`Panel ${id} failed`, error);
        container.textContent = String((error as Error).message ?? error);
      }
    }),
  );
  for (const [id] of [['grid-panel'], ['risk-panel'], ['funnel-panel'], ['life-panel']]) {
    const container = document.getElementById(id)!;
    if (!container.firstChild) {
      const note = document.createElement('div');
      note.className = 'placeholder';
      note.dataset.i18n = 'pending';
      note.textContent = labels[languageSelect.value].pending;
      container.append(note);
    }
  }
  applyTheme(themeSelect.value);
}

void mountPanels();
