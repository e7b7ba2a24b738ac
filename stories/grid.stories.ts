import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/grid/index';
import type { CityGridLayer } from '../src/grid/index';

const GRIDS = './data-samples/grids.geojson';

interface Args {
  metric: 'events' | 'population' | 'households' | 'riskIndex';
  unit: string;
  level: '' | 'district' | 'street' | 'community' | 'grid' | 'micro-grid';
  focusId: string;
  scale: 'quantize' | 'quantile' | 'threshold';
  thresholds: string;
  palette: string;
  classes: number;
  labels: 'auto' | 'none';
  theme: 'light' | 'dark';
  height: number;
}

const meta: Meta<Args> = {
  title: 'Elements/city-grid-layer',
  component: 'city-grid-layer',
  parameters: {
    docs: {
      description: {
        component: `
"One grid covers everything" (一张网格统揽): the whole management hierarchy — district › street ›
community › grid › micro-grid — on one map, coloured by a live metric, clicked down into level by level.
A child of \`<city-map>\` (which owns the one WebGL context).

\`\`\`html
<city-map style="height: 600px">
  <city-grid-layer src="/api/grids.geojson" metric="events" unit="件"></city-grid-layer>
</city-map>
<script type="module">
  import 'citykit/grid';
  const grid = document.querySelector('city-grid-layer');
  setInterval(async () => (grid.values = await (await fetch('/api/grid-events')).json()), 60_000); // {id: n} or [{id, value}]
  grid.addEventListener('city-grid-select', (e) => showDetails(e.detail.id, e.detail.value));
</script>
\`\`\`

- **Data**: GeoJSON FeatureCollection of Polygon/MultiPolygon units, \`properties: {id, name, level, parent, …metrics}\`
  (\`src\` or \`data\`); \`crs\` = \`wgs84\` | \`gcj02\` | \`bd09\`, converted once into the map's CRS.
  \`values\` (\`{id: number}\` or \`[{id, value}]\`) recolours without touching geometry — refresh it as often as you like:
  drill state and selection stay, polygons are never re-tessellated (columnar, pre-triangulated buffers; colours through
  deck.gl \`updateTriggers\` only).
- **Drill-down**: one level at a time (default the top level present). Click or Enter drills into a unit's children;
  the breadcrumb (\`part="breadcrumb"\`), Backspace or a double-click go back up. \`level\` and \`focus-id\` set the state from
  outside (\`focus-id\` alone shows that unit's children; a leaf is shown among its siblings). \`city-grid-drill\` \`{id, level, path}\`
  is cancelable. \`static-view\` keeps the map still while drilling.
- **Colours**: \`scale\` = quantize | quantile | threshold, \`thresholds\` (\`"10,50"\` or per level as JSON), \`palette\` (d3 scheme
  name or colour list), \`classes\`, \`domain\`. Class breaks are fixed per level once per data set and metric, so colours never jump
  on pan, zoom or refresh. Units without a value are hatched grey and counted as "no data" in the legend (\`part="legend"\`).
- **Reading**: hover shows a text tooltip (\`part="tooltip"\`: name, level, value, rank among siblings); click selects
  (\`selected\`, \`city-grid-select\` \`{id, level, feature, value}\`); names are drawn where they fit (system CJK fonts, offline).
- **Keyboard**: the map canvas takes arrows/+/- for the view, Enter/Backspace/Escape for the grid; Tab reaches a
  listbox of the shown units (\`part="units"\`, ranked by value): arrows move, Enter drills, Space selects.
- **Bad input** never blanks the map: invalid units (no id or geometry, duplicate id, unknown parent, unclosed or
  self-intersecting rings, NaN/∞ or [lat, lon] coordinates) and bad values (unknown ids, not numbers) are skipped or
  shown as no data, listed in the error panel (\`part="error"\`) and in \`city-error\`.
- **Read back**: \`hierarchy\` (the index: ids, parents, children, levels), \`visibleIds\`, \`legend\`, \`valueFor(id)\`.`,
      },
    },
  },
  args: {
    metric: 'events',
    unit: '件',
    level: '',
    focusId: '',
    scale: 'quantize',
    thresholds: '',
    palette: 'YlOrRd',
    classes: 5,
    labels: 'auto',
    theme: 'light',
    height: 560,
  },
  argTypes: {
    metric: { control: 'select', options: ['events', 'population', 'households', 'riskIndex'] },
    level: { control: 'select', options: ['', 'district', 'street', 'community', 'grid', 'micro-grid'] },
    scale: { control: 'inline-radio', options: ['quantize', 'quantile', 'threshold'] },
    palette: { control: 'select', options: ['YlOrRd', 'Blues', 'Greens', 'Purples', 'Viridis', 'RdYlGn', '#e8f1fb,#9ecae1,#3182bd,#08519c'] },
    classes: { control: { type: 'range', min: 2, max: 9, step: 1 } },
    labels: { control: 'inline-radio', options: ['auto', 'none'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    height: { control: { type: 'range', min: 300, max: 900, step: 20 } },
  },
};
export default meta;

type Story = StoryObj<Args>;

const log = (e: CustomEvent) => console.info(e.type, e.detail);

const gridMap = (args: Args, extra: { values?: unknown; data?: unknown; src?: string; tiles?: string; units?: string } = {}) => html`<city-map style="height:${args.height}px" theme=${args.theme}>
  <city-grid-layer
    src=${extra.tiles ? nothing : extra.data ? '' : (extra.src ?? GRIDS)}
    tiles=${extra.tiles ?? nothing}
    units-src=${extra.units ?? nothing}
    .data=${extra.data}
    .values=${extra.values}
    metric=${args.metric}
    unit=${args.unit}
    level=${args.level || undefined}
    focus-id=${args.focusId || undefined}
    scale=${args.scale}
    thresholds=${args.thresholds || undefined}
    palette=${args.palette}
    classes=${args.classes}
    labels=${args.labels}
    @city-grid-drill=${log}
    @city-grid-select=${log}
    @city-error=${log}
  ></city-grid-layer>
</city-map>`;

/**
 * The sample district's four streets (`level="street"`): click a street to drill into its
 * communities, then a community into its grids; the breadcrumb leads back (up to the district).
 */
export const Levels: Story = {
  args: { level: 'street' },
  render: (args) => gridMap(args),
};

/** Opened on F street (`focus-id="D1S1"`): its 29 villages and communities. */
export const FocusOnStreet: Story = {
  args: { focusId: 'D1S1' },
  render: (args) => gridMap(args),
};

/**
 * The same street level read from one PMTiles archive instead of GeoJSON (`tiles="….pmtiles"`,
 * range requests to a static file, no tile server) plus a light unit index (`units-src`: ids,
 * names, levels, parents, boxes). Click a street to drill into its communities: only their tiles
 * are read. The archive here was packed from the tiles `citykit.unit_tile` makes of the sample
 * grids (see `server/postgis/`).
 */
export const FromVectorTiles: Story = {
  args: { level: 'street' },
  render: (args) => gridMap(args, { tiles: './tiles/sample.pmtiles', units: './tiles/sample/units.json' }),
};

/**
 * The same tiles with the unit index on demand, as for a province too large to index whole:
 * `units-src` is a template with `{parent}`, so only the district's streets are read at start
 * and a drill reads the children of the unit clicked (leaves are never asked for). Here static
 * files that `citykit.unit_children` wrote for the sample (`test/fixtures/tiles/units-on-demand.mjs`);
 * a city's server answers the template's route (see `server/postgis/`).
 */
export const UnitsOnDemand: Story = {
  args: { focusId: 'D1' },
  render: (args) => gridMap(args, { tiles: './tiles/sample.pmtiles', units: './tiles/sample/units/parent-{parent}.json' }),
};

/** Every grid of the district at once (`level="grid"`), quantile classes. */
export const AllGrids: Story = {
  args: { level: 'grid', scale: 'quantile', palette: 'Blues' },
  render: (args) => gridMap(args),
};

/** The same communities with a named scheme, a colour list and fixed thresholds. */
export const Palettes: Story = {
  args: { focusId: 'D1S1', height: 380 },
  render: (args) => html`<div style="display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:12px">
    ${gridMap({ ...args, palette: 'Viridis' })} ${gridMap({ ...args, palette: '#e8f1fb,#9ecae1,#3182bd,#08519c', classes: 4 })}
    ${gridMap({ ...args, scale: 'threshold', thresholds: '{"community":[400,700,900]}', palette: 'RdYlGn' })}
  </div>`,
};

/** Big-screen preset: dark theme, larger type, glowing outlines. */
export const DarkTheme: Story = {
  args: { theme: 'dark', focusId: 'D1S1', palette: 'Blues' },
  render: (args) => html`<div style="background:#040b16;padding:16px">${gridMap(args)}</div>`,
};

/**
 * A backend refreshing `values` every 2 s: colours change, polygons are not rebuilt, and the
 * drill state and selection survive. Drill in and select a unit to see it.
 */
export const LiveValues: Story = {
  args: { focusId: 'D1S1' },
  render: (args) => gridMap(args),
  play: async ({ canvasElement }) => {
    const grid = canvasElement.querySelector('city-grid-layer') as CityGridLayer;
    const timer = window.setInterval(() => {
      if (!grid.isConnected) return window.clearInterval(timer);
      const index = grid.hierarchy;
      if (!index) return;
      grid.values = index.ids.map((id, u) => ({
        id,
        value: Math.round(Number((index.features[u].properties as Record<string, number>)[grid.metric ?? 'events']) * (0.7 + Math.random() * 0.6)),
      }));
    }, 2000);
  },
};

const square = (x: number, y: number, size = 0.01): number[][] => [
  [106.5 + x, 29.5 + y],
  [106.5 + x + size, 29.5 + y],
  [106.5 + x + size, 29.5 + y + size],
  [106.5 + x, 29.5 + y + size],
  [106.5 + x, 29.5 + y],
];
const feature = (id: string, geometry: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry,
  properties: { id, name: `网格${id}`, level: 'grid', events: 10 + (Number(id.slice(1)) || 0) * 7, ...extra },
});

/**
 * Bad input: the panel lists each problem with its path; the six valid grids still render, one
 * of them without a value (hatched), and an HTML name shows as text.
 */
export const BadData: Story = {
  render: (args) =>
    gridMap(args, {
      data: {
        type: 'FeatureCollection',
        features: [
          feature('g1', { type: 'Polygon', coordinates: [square(0, 0)] }),
          feature('g2', { type: 'Polygon', coordinates: [square(0.01, 0)] }, { name: '<b>加粗？</b>不会' }),
          feature('g3', { type: 'Polygon', coordinates: [square(0.02, 0)] }),
          feature('g4', { type: 'Polygon', coordinates: [square(0, 0.01)] }, { events: 'n/a' }),
          feature('g5', { type: 'Polygon', coordinates: [square(0.01, 0.01)] }),
          feature('g6', { type: 'Polygon', coordinates: [square(0.02, 0.01)] }),
          feature('g1', { type: 'Polygon', coordinates: [square(0.03, 0)] }),
          feature('', { type: 'Polygon', coordinates: [square(0.03, 0.01)] }),
          feature('g7', null),
          feature('g8', { type: 'Polygon', coordinates: [square(0.04, 0).slice(0, 4)] }),
          feature('g9', { type: 'Polygon', coordinates: [[[106.54, 29.5], [106.55, 29.51], [106.55, 29.5], [106.54, 29.51], [106.54, 29.5]]] }),
          feature('g10', { type: 'Polygon', coordinates: [square(0.05, 0).map(([x, y]) => [y, x])] }),
          feature('g11', { type: 'Polygon', coordinates: [square(0.05, 0.01)] }, { parent: 'nowhere', level: 'micro-grid' }),
        ],
      },
    }),
};
