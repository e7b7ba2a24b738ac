// A gallery of <city-closure-funnel> configurations on the sample cases, to look at (screenshots):
// ?lang=en|zh-CN &theme=dark|light &views=a,b,c &columns=2 &orientation=horizontal
import '../../src/funnel/index';
import { filterCases, type CityClosureFunnel } from '../../src/funnel/index';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'zh-CN';
const theme = params.get('theme') === 'dark' ? 'dark' : 'light';
document.documentElement.lang = lang;
document.body.classList.toggle('dark', theme === 'dark');
if (params.get('columns')) document.body.style.setProperty('--columns', params.get('columns')!);
const NOW = '2026-11-01T00:00:00+08:00';

const load = (name: string) => fetch(`/data-samples/${name}`).then((r) => r.json());
const [cityManagement, hotline] = await Promise.all([load('cases-city-management.json'), load('cases-hotline-12345.json')]);

const gallery = document.getElementById('gallery')!;
function add(caption: string, setup: (el: CityClosureFunnel) => void): void {
  const figure = document.createElement('figure');
  const text = document.createElement('figcaption');
  text.textContent = caption;
  const el = document.createElement('city-closure-funnel') as CityClosureFunnel;
  el.setAttribute('theme', theme);
  el.setAttribute('now', NOW);
  if (params.get('orientation')) el.setAttribute('orientation', params.get('orientation')!);
  setup(el);
  figure.append(text, el);
  gallery.append(figure);
}

const october = filterCases(cityManagement.cases, { from: '2026-10-01', to: '2026-11-01' });
const september = filterCases(cityManagement.cases, { from: '2026-09-01', to: '2026-10-01' });

const views: Record<string, () => void> = {
  'city-management': () => add('city-management · sample', (el) => (el.data = cityManagement)),
  hotline: () => add('hotline-12345 · sample', (el) => (el.data = hotline)),
  compare: () =>
    add('October vs September', (el) => {
      el.preset = 'city-management';
      el.label = lang === 'en' ? 'October' : '10月';
      el.compareLabel = lang === 'en' ? 'September' : '9月';
      el.data = { cases: october };
      el.compareData = { cases: september };
    }),
  tiny: () =>
    add('tiny stage (1%) · pre-aggregated', (el) => {
      el.preset = 'problem-list';
      el.data = {
        stages: [
          { key: 'collect', count: 2000, dropped: { void: 60 } },
          { key: 'sort', count: 1900, pending: 40 },
          { key: 'register', count: 20, overdue: 6, dropped: { parked: 1500, returned: 300 } },
          { key: 'rectify', count: 1700, overdue: 420, reworks: 130 },
          { key: 'review', count: 1500, shouldReach: 1650, arrivedOnTime: 1300 },
          { key: 'publish', count: 1400 },
        ],
      };
    }),
  big: () => add('tier: big', (el) => ((el.data = cityManagement), (el.filter = { tier: 'big' }))),
  small: () => add('tier: small', (el) => ((el.data = cityManagement), (el.filter = { tier: 'small' }))),
  micro: () => add('tier: micro', (el) => ((el.data = cityManagement), (el.filter = { tier: 'micro' }))),
  horizontal: () => add('horizontal', (el) => (el.setAttribute('orientation', 'horizontal'), (el.data = cityManagement))),
  bad: () =>
    add('bad data', (el) => {
      el.preset = 'city-management';
      el.data = {
        cases: [
          ...cityManagement.cases.slice(0, 300),
          { id: 'x1', stages: { report: 'not a time' } },
          { id: 'x2', stages: { report: '2026-09-01T09:00:00+08:00', bogus: '2026-09-01T10:00:00+08:00' } },
          { id: 'x3', stages: { report: '2026-09-01T09:00:00+08:00', file: '2026-09-01T08:00:00+08:00' } },
        ],
      };
    }),
};

const chosen = (params.get('views') ?? 'city-management,hotline,compare,tiny').split(',');
for (const name of chosen) views[name]?.();
await Promise.all([...document.querySelectorAll('city-closure-funnel')].map((el) => (el as CityClosureFunnel).updateComplete));
