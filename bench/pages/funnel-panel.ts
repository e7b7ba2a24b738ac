// The demo's funnel panel on its own, for screenshots: ?lang=en &theme=dark &grid=<unit id>
// (the last one stands in for a click on the grid map: it sends the same city-grid-select event).
import { mountFunnelPanel } from '../../demo/funnel-panel';

const params = new URLSearchParams(location.search);
document.documentElement.lang = params.get('lang') === 'en' ? 'en' : 'zh-CN';
const theme = params.get('theme') === 'dark' ? 'dark' : 'light';
document.documentElement.dataset.theme = theme;
mountFunnelPanel(document.getElementById('funnel-panel')!);
document.querySelector('city-closure-funnel')!.setAttribute('theme', theme);
const grid = params.get('grid');
if (grid) {
  setTimeout(() => {
    document.dispatchEvent(
      new CustomEvent('city-grid-select', { detail: { id: grid, level: 'community', feature: { properties: { name: params.get('name') ?? undefined } }, value: 0 }, bubbles: true, composed: true }),
    );
  }, 500);
}
