import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/risk/index';
import '../src/grid/index';
import type { CityRiskLayer } from '../src/risk/index';
import type { CityGridLayer } from '../src/grid/index';
import { RISK_CATEGORIES } from '../src/risk/index';

const RISKS = './data-samples/risks.json';
const GRIDS = './data-samples/grids.geojson';

interface Args {
  mode: 'auto' | 'heat' | 'hex' | 'points';
  hexMetric: 'level' | 'count';
  categories: string[];
  levels: string[];
  from: string;
  to: string;
  step: 'day' | 'week';
  window: string;
  speed: number;
  playing: boolean;
  handoverZoom: number;
  heatRadius: number;
  hexRadius: number;
  colorDomain: string;
  theme: 'light' | 'dark';
  height: number;
}

const meta: Meta<Args> = {
  title: 'Elements/city-risk-layer',
  component: 'city-risk-layer',
  parameters: {
    docs: {
      description: {
        component: `
Urban risks (风险隐患) on a \`<city-map>\`: "key objects as charts, supervised areas visualised, risk
warnings automatic". Four levels, always by **name and colour**: 重大 major red, 较大 considerable orange,
一般 general yellow, 低 low blue.

\`\`\`html
<city-map style="height: 600px">
  <city-risk-layer src="/api/risks.json" mode="auto" window="7d" step="day"></city-risk-layer>
</city-map>
<script type="module">
  import 'citykit/risk';
  const risks = document.querySelector('city-risk-layer');
  risks.addEventListener('city-risk-select', (e) => e.detail.id && openCase(e.detail.id));
  risks.addEventListener('city-time-change', (e) => console.log(e.detail.from, e.detail.to));
</script>
\`\`\`

- **Data**: an array of \`{id, lon, lat, category, level?, likelihood?, severity?, weight?, time?, name?, grid?}\`
  (\`src\` or \`data\`); \`crs\` = \`wgs84\` | \`gcj02\` | \`bd09\`, converted once into the map's CRS. \`level\` wins (zh names
  such as 重大 are accepted); otherwise R = likelihood × severity (integers 1–5): 1–3 low, 4–9 general, 10–16
  considerable, above 16 major. \`weight\` (≥ 0) defaults to the level rank (major 4 … low 1).
- **Modes** (\`mode\`): \`heat\` — level-weighted density; \`hex\` — hexagons of \`hex-radius\` metres coloured by the highest
  level inside (\`hex-metric="level"\`) or by count (\`"count"\`); \`points\` — one symbol per record in its level colour, sized
  by weight, major drawn on top; \`auto\` (default) — heat that fades into points around \`handover-zoom\`.
- **Fixed colours**: heat colours are a density in weight per km² (\`color-domain="low,high"\`, default computed once
  from the data) scaled with the kernel, so a spot keeps its colour when you pan or zoom; hex counts use a fixed
  domain too. Nothing is renormalised per view or per filter.
- **Filters**: \`categories\` and \`levels\` (comma lists), \`from\` / \`to\` (ISO 8601, \`[from, to)\`; records without a
  time are hidden while a window is set). Filtering runs on the GPU — deck.gl's DataFilterExtension, with CityKit's fixes
  for HeatmapLayer and HexagonLayer (see the bench) — and never re-uploads the data.
- **Playback** (\`part="time-slider"\`): play/pause, step back/forward, speed (steps per second), \`step\` (day | week),
  \`window\` (\`7d\`, \`2w\`); a histogram of records per day behind the track; keyboard: ←/→ step, PageUp/PageDown 7 steps,
  Home "all times", End the last window. \`playing\` starts it from markup (for presenters); it loops seamlessly.
  Each move fires \`city-time-change\` \`{from, to}\`.
- **Reading**: hover shows a text tooltip (name, category, level, time, grid); a click fires \`city-risk-select\`
  \`{id, record, level}\` (all null when the selection clears: a click beside the records, Escape, new data without it); records sharing a spot open a keyboard-reachable list (\`part="spot-list"\`).
- **Grids**: \`rollUpRisks(records, grids, level)\` (pure) or \`layer.rollUp(grids, level)\` (current filter) give
  \`{[unitId]: {major, considerable, general, low, index}}\` with index = 4·major + 3·considerable + 2·general + 1·low,
  ready for \`<city-grid-layer>.values\`.
- **Bad input** never blanks the map: records with missing/NaN coordinates, unknown levels, factors outside 1–5 or
  duplicate ids are skipped; swapped lat/lon are swapped back; unparsable times and negative weights are dropped from
  the record — each listed with its path (\`[12].lat\`) in the panel (\`part="error"\`) and in \`city-error\`.
- **Read back**: \`stats\` \`{total, valid, shown, byLevel, timeSpan}\`, \`shownRecords\`; \`play()\`, \`pause()\`, \`stepWindow(n)\`, \`rendered()\`, \`toImage({scale})\`.`,
      },
    },
  },
  args: {
    mode: 'auto',
    hexMetric: 'level',
    categories: [],
    levels: [],
    from: '',
    to: '',
    step: 'day',
    window: '7d',
    speed: 2,
    playing: false,
    handoverZoom: 14,
    heatRadius: 30,
    hexRadius: 300,
    colorDomain: '',
    theme: 'light',
    height: 560,
  },
  argTypes: {
    mode: { control: 'inline-radio', options: ['auto', 'heat', 'hex', 'points'] },
    hexMetric: { control: 'inline-radio', options: ['level', 'count'] },
    categories: { control: 'check', options: [...RISK_CATEGORIES] },
    levels: { control: 'check', options: ['major', 'considerable', 'general', 'low'] },
    step: { control: 'inline-radio', options: ['day', 'week'] },
    window: { control: 'select', options: ['1d', '7d', '14d', '30d'] },
    speed: { control: 'select', options: [0.5, 1, 2, 4, 8] },
    handoverZoom: { control: { type: 'range', min: 10, max: 17, step: 0.5 } },
    heatRadius: { control: { type: 'range', min: 10, max: 80, step: 5 } },
    hexRadius: { control: { type: 'range', min: 100, max: 1500, step: 50 } },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    height: { control: { type: 'range', min: 300, max: 900, step: 20 } },
  },
};
export default meta;

type Story = StoryObj<Args>;

const log = (e: CustomEvent) => console.info(e.type, e.detail);
const list = (items: string[]) => (items.length ? items.join(',') : undefined);

const riskMap = (args: Args, extra: { data?: unknown } = {}) => html`<city-map style="height:${args.height}px" theme=${args.theme}>
  <city-risk-layer
    src=${extra.data ? '' : RISKS}
    .data=${extra.data ?? null}
    theme=${args.theme}
    mode=${args.mode}
    hex-metric=${args.hexMetric}
    categories=${list(args.categories) ?? ''}
    levels=${list(args.levels) ?? ''}
    from=${args.from || ''}
    to=${args.to || ''}
    step=${args.step}
    window=${args.window}
    speed=${args.speed}
    ?playing=${args.playing}
    handover-zoom=${args.handoverZoom}
    heat-radius=${args.heatRadius}
    hex-radius=${args.hexRadius}
    color-domain=${args.colorDomain || ''}
    @city-risk-select=${log}
    @city-time-change=${log}
    @city-error=${log}
  ></city-risk-layer>
</city-map>`;

/** Default: heat over the whole area, handing over to points as you zoom in past `handover-zoom`. */
export const Auto: Story = { render: (args) => riskMap(args) };

/** Level-weighted density; its colours are a density per km², fixed for the data set. */
export const Heat: Story = { args: { mode: 'heat' }, render: (args) => riskMap(args) };

/** Hexagons coloured by the highest level inside: red means "at least one major risk here". */
export const HexHighestLevel: Story = { args: { mode: 'hex', hexMetric: 'level' }, render: (args) => riskMap(args) };

/** Hexagons coloured by how many risks they hold (fixed count classes). */
export const HexCount: Story = { args: { mode: 'hex', hexMetric: 'count', hexRadius: 400 }, render: (args) => riskMap(args) };

/** One symbol per record; click one (or a crowded spot) to select. */
export const Points: Story = { args: { mode: 'points' }, render: (args) => riskMap(args) };

/** Filters: only major and considerable gas and septic-tank risks. */
export const Filtered: Story = {
  args: { mode: 'points', categories: ['gas', 'septic-tank'], levels: ['major', 'considerable'] },
  render: (args) => riskMap(args),
};

/** Presenter playback: a 7-day window moving a day at a time, started from markup, looping. */
export const Playback: Story = { args: { mode: 'heat', playing: true, speed: 2 }, render: (args) => riskMap(args) };

/** Big-screen preset. */
export const DarkTheme: Story = {
  args: { theme: 'dark', mode: 'points' },
  render: (args) => html`<div style="background:#040b16;padding:16px">${riskMap(args)}</div>`,
};

/** Bad input: the panel names each problem by path; the valid records are drawn. */
export const BadData: Story = {
  args: { mode: 'points' },
  render: (args) =>
    riskMap(args, {
      data: [
        { id: 'ok-1', lon: 106.55, lat: 29.56, category: 'gas', level: 'major', name: '燃气调压站' },
        { id: 'ok-2', lon: 106.552, lat: 29.561, category: 'bridge', likelihood: 2, severity: 3, name: '<b>桥梁</b>（名称中的 HTML 按文本显示）' },
        { id: 'nan', lon: Number.NaN, lat: 29.56, category: 'gas', level: 'low' },
        { id: 'swapped', lon: 29.559, lat: 106.548, category: 'flood', level: 'general' },
        { id: 'bad-level', lon: 106.549, lat: 29.562, category: 'gas', level: 'critical' },
        { id: 'bad-factor', lon: 106.551, lat: 29.558, category: 'gas', likelihood: 7, severity: 2 },
        { id: 'bad-time', lon: 106.553, lat: 29.559, category: 'heating', level: 'low', time: '去年冬天' },
        { id: 'neg-weight', lon: 106.547, lat: 29.561, category: 'septic-tank', level: 'considerable', weight: -3 },
        { id: 'ok-1', lon: 106.55, lat: 29.563, category: 'gas', level: 'low' },
      ],
    }),
};

/**
 * Risks over management grids: the grids are coloured by the risk index of their records in
 * the current time window (`layer.rollUp`), refreshed as the window moves.
 */
export const OnGrids: Story = {
  args: { mode: 'points', height: 620 },
  render: (args) => html`<city-map style="height:${args.height}px" theme=${args.theme}>
    <city-grid-layer src=${GRIDS} level="community" metric="riskIndex" metric-label="风险指数" palette="OrRd" theme=${args.theme}></city-grid-layer>
    <city-risk-layer
      src=${RISKS}
      theme=${args.theme}
      mode=${args.mode}
      legend-position="top-right"
      step=${args.step}
      window=${args.window}
      speed=${args.speed}
      style="--city-risk-slider-left: 210px"
      @city-risk-select=${log}
    ></city-risk-layer>
  </city-map>`,
  play: async ({ canvasElement }) => {
    const grid = canvasElement.querySelector('city-grid-layer') as CityGridLayer;
    const risks = canvasElement.querySelector('city-risk-layer') as CityRiskLayer;
    const grids = await (await fetch(GRIDS)).json();
    const refresh = async () => {
      await risks.rendered();
      const rollUp = risks.rollUp(grids, 'community');
      grid.values = Object.entries(rollUp).map(([id, r]) => ({ id, value: r.index }));
    };
    risks.addEventListener('city-time-change', () => void refresh());
    await refresh();
  },
};
