import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/life-circle/index';
import type { CityLifeCircle, LevelMinutes, TravelMode } from '../src/life-circle/index';

const samples = './data-samples';

interface Args {
  level: LevelMinutes;
  mode: TravelMode;
  theme: 'light' | 'dark';
  roads: boolean;
  height: number;
}

const meta: Meta<Args> = {
  title: 'Elements/city-life-circle',
  component: 'city-life-circle',
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component: `
A planner's 15-minute life-circle (15分钟生活圈) analyzer: which residences reach which facilities within
the 5-, 10- or 15-minute level of GB 50180-2018, on foot or by bike, where the gaps are and where a new
facility would help most. It brings its own \`<city-map>\` and a side panel; the analysis runs in a Web Worker.

\`\`\`html
<city-life-circle
  residences-src="/api/residences.geojson"
  facilities-src="/api/facilities.geojson"
  roads-src="/api/roads.geojson"
  level="15" mode="walk" crs="gcj02"></city-life-circle>
<script type="module">
  import 'citykit/life-circle';
  const circle = document.querySelector('city-life-circle');
  circle.addEventListener('city-analysis-complete', (e) => console.log(e.detail.summary));
  circle.addEventListener('city-residence-select', (e) => console.log(e.detail.id, e.detail.result));
</script>
\`\`\`

- **Inputs** (properties or \`*-src\` attributes): \`residences\` (Points or Polygons, \`{id, name, population}\`),
  \`facilities\` (Points, \`{id, name, category}\`), optional \`roads\` (LineStrings: the walking network), \`profile\`
  (\`gb50180-2018\` by default, a custom profile object, or its JSON; \`profile-src\`), \`level\` (5 | 10 | 15 — facility
  lists are per level and not inclusive), \`mode\` (walk | bike: the same minutes reach 250/72 × farther by bike),
  \`crs\` of the inputs (wgs84 | gcj02 | bd09; converted once, before any distance).
- **Distances**: on the walking network when roads are given (one multi-source Dijkstra per category), straight-line
  otherwise — the panel always says which was used.
- **Map**: residences coloured by score (share of the level's required ▲ categories met: fixed classes < 25 % … 100 %),
  sized by population; facilities by category (a checkbox per category hides them). Click a residence (or pick it in
  the panel's list with the keyboard) to draw its isochrone and list its categories with ✓/✗, metres and minutes.
- **Panel**: summary, level and mode, coverage per category (population-weighted bars; the table is the accessible form),
  the gap list (by missing required categories, then population; or per category), "suggest sites" for a category
  (greedy: the top-k candidate sites with the population each adds), CSV export (UTF-8 with BOM, opens in Excel).
- **Events**: \`city-analysis-complete\` \`{summary, method, level, mode}\`, \`city-residence-select\` \`{id, result}\`,
  \`city-progress\`, \`city-error\` (bad records are reported by path and skipped; the valid part is analysed).
- **Read back**: \`el.result\` is exactly \`analyzeLifeCircle(...)\`; \`el.suggestion\`, \`el.isochrone\`, \`el.toCsv(kind)\`,
  \`el.rendered()\`, \`el.suggestSites(category, k)\`, \`el.selectResidence(id)\`, \`el.toImage()\`.
- **Theming**: \`theme="dark"\`, \`--city-life-circle-height\`, \`--city-life-circle-panel-width\`, \`::part(panel|detail|map|error|progress)\`.`,
      },
    },
  },
  args: { level: 15, mode: 'walk', theme: 'light', roads: true, height: 640 },
  argTypes: {
    level: { control: 'inline-radio', options: [5, 10, 15] },
    mode: { control: 'inline-radio', options: ['walk', 'bike'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    roads: { control: 'boolean', description: 'Give the walking network (off: straight-line fallback)' },
    height: { control: { type: 'range', min: 360, max: 1000, step: 20 } },
  },
};
export default meta;

type Story = StoryObj<Args>;

const circle = (args: Args, extra: { onComplete?: (el: CityLifeCircle) => void; profile?: string } = {}) => {
  let handled = false;
  const onComplete = (event: Event) => {
    if (handled || !extra.onComplete) return;
    handled = true;
    extra.onComplete(event.currentTarget as CityLifeCircle);
  };
  return html`<city-life-circle
    style="--city-life-circle-height:${args.height}px"
    residences-src="${samples}/residences.geojson"
    facilities-src="${samples}/facilities.geojson"
    roads-src=${args.roads ? `${samples}/roads.geojson` : ''}
    profile-src=${extra.profile ?? ''}
    level=${args.level}
    mode=${args.mode}
    theme=${args.theme}
    @city-analysis-complete=${onComplete}
  ></city-life-circle>`;
};

/** The sample street at the 15-minute level on foot. Use the controls for level, mode, theme and the network. */
export const SampleStreet: Story = { render: (args) => circle(args) };

/** The same 10-minute level on foot and by bike: by bike the same minutes reach 3.5 × farther. */
export const WalkVsBike: Story = {
  args: { level: 10, height: 560 },
  render: (args) => html`<div style="display:grid;grid-template-rows:1fr 1fr;gap:8px">
    ${circle({ ...args, mode: 'walk' })} ${circle({ ...args, mode: 'bike' })}
  </div>`,
};

/** 5-minute level: kindergartens, day care, convenience stores, toilets… (not inclusive of the 10/15-minute lists). */
export const Level5: Story = { args: { level: 5 }, render: (args) => circle(args) };
export const Level10: Story = { args: { level: 10 }, render: (args) => circle(args) };
export const Level15: Story = { args: { level: 15 }, render: (args) => circle(args) };

/** The worst-served residence selected: its isochrone, ✓/✗ per category, and the gap list. */
export const Gaps: Story = {
  args: { level: 10 },
  render: (args) =>
    circle(args, {
      onComplete: (el) => {
        const worst = Object.entries(el.result!.residences).sort(
          (a, b) => (a[1].score ?? 2) - (b[1].score ?? 2) || b[1].population - a[1].population,
        )[0];
        if (worst) el.selectResidence(worst[0]);
      },
    }),
};

/** Five new kindergarten sites ranked by the population each would newly bring within 300 m. */
export const SiteSuggestion: Story = {
  args: { level: 5 },
  render: (args) => circle(args, { onComplete: (el) => void el.suggestSites('kindergarten', 5) }),
};

/**
 * A what-if walk-through, as a planner would do it in the panel: suggest three kindergarten sites,
 * accept the best two into a plan, then move the second 150 m east and take out one of the existing
 * kindergartens. The panel's "What-if plans" section shows the plan against the baseline (served /
 * lost population per category, residences that change; "Map the difference" colours them), and
 * undo / redo, export and import work from there. Every edit is applied incrementally, equal to a
 * full re-run.
 */
export const WhatIfPlan: Story = {
  args: { level: 5 },
  render: (args) =>
    circle(args, {
      onComplete: async (el) => {
        const suggestion = await el.suggestSites('kindergarten', 3);
        if (!suggestion) return;
        el.createPlan('幼儿园补点方案');
        el.acceptSite(1);
        const second = el.acceptSite(2);
        const site = suggestion.sites.find((s) => s.rank === 2);
        if (second && site) el.moveFacility(second, [site.coordinates[0] + 0.0015, site.coordinates[1]]);
        const existing = el.result?.columns.facilityIds.find((id) => !id.startsWith('new-'));
        if (existing) el.removeFacility(existing);
      },
    }),
};

/**
 * Coverage by management unit and the briefing: with the sample street's grids as `boundaries`, the
 * panel rolls the result up per street, community and grid (worst first, sortable) and colours the
 * units on the map; "Briefing" makes the PNG and the print page.
 */
export const UnitsAndBriefing: Story = {
  args: { level: 10 },
  render: (args) =>
    circle(args, {
      onComplete: async (el) => {
        el.boundaries = await (await fetch(`${samples}/grids.geojson`)).json();
      },
    }),
};

/** Without a road network the element falls back to straight-line distances (optimistic) and says so. */
export const NoNetworkFallback: Story = { args: { roads: false }, render: (args) => circle(args) };

/** The big-screen preset. */
export const DarkTheme: Story = { args: { theme: 'dark', level: 5 }, render: (args) => circle(args) };

/** A city's own profile (compact radii: convenience stores 250 m, wet markets 400 m). */
export const CustomProfile: Story = {
  args: { level: 10 },
  render: (args) => circle(args, { profile: `${samples}/profile-example.json` }),
};

/** Residences delivered in GCJ-02 (as AMap / Tencent give them): converted before any distance. */
export const Gcj02Input: Story = {
  render: (args) => html`<city-life-circle
    style="--city-life-circle-height:${args.height}px"
    crs="gcj02"
    residences-src="${samples}/residences-gcj02.geojson"
    facilities-src="${samples}/facilities.geojson"
    roads-src="${samples}/roads.geojson"
    level=${args.level}
    mode=${args.mode}
    theme=${args.theme}
  ></city-life-circle>`,
};

// ---- Bad data ---------------------------------------------------------------------------------

const ky = (6371008.8 * Math.PI) / 180;
const kx = ky * Math.cos((29.5 * Math.PI) / 180);
const at = (x: number, y: number): [number, number] => [106.5 + x / kx, 29.5 + y / ky];
const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });
const pointAt = (x: number, y: number) => ({ type: 'Point', coordinates: at(x, y) });

/** A small street with one of every kind of bad record. */
function badStreet() {
  const roads = [];
  // A 150 m lattice; lines share a vertex at every crossing (crossings without one are bridges).
  const steps = [0, 1, 2, 3, 4, 5, 6].map((k) => k * 150);
  for (const c of steps) {
    roads.push(feature({ type: 'LineString', coordinates: steps.map((x) => at(x, c)) }, { id: `h${c}` }));
    roads.push(feature({ type: 'LineString', coordinates: steps.map((y) => at(c, y)) }, { id: `v${c}` }));
  }
  roads.push(feature({ type: 'Point', coordinates: at(10, 10) }, { id: 'not-a-line' }));
  roads.push(feature({ type: 'LineString', coordinates: [at(2500, 0), at(2900, 0)] }, { id: 'island' }));
  const residences = [
    feature(pointAt(80, 80), { id: 'r1', name: '东苑', population: 1200 }),
    feature(pointAt(520, 380), { id: 'r2', name: '西苑', population: 900 }),
    feature(pointAt(820, 820), { id: 'r3', name: '南苑', population: 1500 }),
    feature(pointAt(300, 600), { id: 'r4', name: '北苑（无人口）' }),
    feature({ type: 'Point', coordinates: [Number.NaN, 29.5] }, { id: 'r5', name: '坐标无效', population: 500 }),
    feature(pointAt(450, 2400), { id: 'r6', name: '远离路网', population: 300 }),
    feature(pointAt(2700, 20), { id: 'r7', name: '孤岛小区', population: 400 }),
  ];
  const facilities = [
    feature(pointAt(150, 100), { id: 'f1', name: '一幼', category: 'kindergarten' }),
    feature(pointAt(600, 450), { id: 'f2', name: '便利店', category: 'convenience-store' }),
    feature(pointAt(750, 760), { id: 'f3', name: '公厕', category: 'public-toilet' }),
    feature(pointAt(300, 300), { id: 'f4', name: '太空站', category: 'spaceport' }),
  ];
  return {
    residences: { type: 'FeatureCollection', features: residences },
    facilities: { type: 'FeatureCollection', features: facilities },
    roads: { type: 'FeatureCollection', features: roads },
    profile: { extends: 'gb50180-2018', categories: [{ key: 'kindergarten', radius: -300 }] },
  };
}

/**
 * One of each: a facility of an unknown category, a residence without population, NaN coordinates, a road that
 * is not a LineString, a network island, a residence far from any road, a profile row with a negative radius.
 * Each is named in the panel and in `city-error`; the rest is analysed.
 */
export const BadData: Story = {
  args: { level: 5 },
  render: (args) => {
    const bad = badStreet();
    return html`<city-life-circle
      style="--city-life-circle-height:${args.height}px"
      .residences=${bad.residences}
      .facilities=${bad.facilities}
      .roads=${args.roads ? bad.roads : undefined}
      .profile=${bad.profile}
      level=${args.level}
      mode=${args.mode}
      theme=${args.theme}
    ></city-life-circle>`;
  },
};
