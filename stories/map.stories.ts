import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/grid/index';
import type { CityMap } from '../src/map/index';

interface Args {
  center: string;
  zoom: number;
  pitch: number;
  bearing: number;
  basemap: string;
  crs: 'wgs84' | 'gcj02' | 'bd09';
  theme: 'light' | 'dark';
  height: number;
}

const meta: Meta<Args> = {
  title: 'Elements/city-map',
  component: 'city-map',
  parameters: {
    docs: {
      description: {
        component: `
The map host: **one** deck.gl \`Deck\` (one WebGL context) for every layer element inside it
(\`<city-grid-layer>\`, \`<city-risk-layer>\`), drawn in DOM order. Layers find it through context and
remove themselves when they leave.

\`\`\`html
<city-map style="height: 600px" theme="dark">
  <city-grid-layer src="grids.geojson" metric="events"></city-grid-layer>
  <button slot="top-right" onclick="download(this.closest('city-map'))">导出</button>
</city-map>
<script type="module">
  import 'citykit/map';
  async function download(map) { const png = await map.toImage(); /* Blob: canvas + legend + breadcrumb */ }
</script>
\`\`\`

- **View**: \`center\` (\`"lon,lat"\`), \`zoom\`, \`pitch\`, \`bearing\` (attributes or properties; they follow the live view, so setting
  them again always moves the map); drag, wheel, pinch, keyboard (focus the map: arrows pan, +/- zoom, Shift+arrows rotate/tilt);
  zoom and full-screen buttons (\`part="controls"\`); \`city-view-change\` on every move. Without a given view it fits its layers'
  data on first load. \`fitBounds(bounds)\`, \`zoomBy(n)\`, \`viewState\`, \`rendered()\` (resolves after a settled frame).
- **Basemap**: none by default — no network at all, a neutral background and the data (works on an intranet). Set
  \`basemap\` to a raster tile template of your own tile server (\`https://tiles.intra/{z}/{x}/{y}.png\`) and \`crs\` to that basemap's
  coordinate system (\`gcj02\` for AMap/Tencent-style tiles, \`bd09\` for Baidu-style); layers convert their data into it.
- **Overlays**: slots \`top-left\`, \`top-right\`, \`bottom-left\`, \`bottom-right\`; pointer events stay in the overlay.
- **Export**: \`toImage()\` → PNG Blob of the canvas plus the layers' legend and breadcrumb (slotted page content is not included).
- **Robustness**: sized by a ResizeObserver; WebGL released on disconnect; on context loss a message appears and drawing
  resumes when the browser restores it; without WebGL a clear message instead of an exception.
- **Theming**: \`theme="dark"\` (big screen), \`--city-map-background\`, \`--city-map-height\` (default 400px).`,
      },
    },
  },
  args: { center: '', zoom: 12, pitch: 0, bearing: 0, basemap: '', crs: 'wgs84', theme: 'light', height: 520 },
  argTypes: {
    crs: { control: 'inline-radio', options: ['wgs84', 'gcj02', 'bd09'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    zoom: { control: { type: 'range', min: 0, max: 20, step: 0.5 } },
    pitch: { control: { type: 'range', min: 0, max: 60, step: 5 } },
    bearing: { control: { type: 'range', min: -180, max: 180, step: 5 } },
    height: { control: { type: 'range', min: 240, max: 900, step: 20 } },
  },
};
export default meta;

type Story = StoryObj<Args>;

const logView = (e: CustomEvent) => console.info('city-view-change', e.detail);

/** Fits the sample grids on first load (no view given); no basemap, no network. */
export const FitToData: Story = {
  render: (args) => html`<city-map style="height:${args.height}px" theme=${args.theme} crs=${args.crs} basemap=${args.basemap || undefined} @city-view-change=${logView}>
    <city-grid-layer src="./data-samples/grids.geojson" metric="population" unit="人" palette="Blues"></city-grid-layer>
  </city-map>`,
};

/** A view given by attributes: centre, zoom, pitch and bearing (try the controls). */
export const GivenView: Story = {
  args: { center: '106.43,29.6', zoom: 12.5, pitch: 40, bearing: -20 },
  render: (args) => html`<city-map
    style="height:${args.height}px"
    theme=${args.theme}
    center=${args.center}
    zoom=${args.zoom}
    pitch=${args.pitch}
    bearing=${args.bearing}
    @city-view-change=${logView}
  >
    <city-grid-layer src="./data-samples/grids.geojson" metric="events" level="community"></city-grid-layer>
  </city-map>`,
};

/** Page overlays in the four corners: they keep their clicks; the map keeps the rest. */
export const Overlays: Story = {
  render: (args) => html`<city-map style="height:${args.height}px" theme=${args.theme}>
    <city-grid-layer src="./data-samples/grids.geojson" metric="riskIndex" palette="OrRd" labels="none"></city-grid-layer>
    ${(['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const).map(
      (slot) => html`<button slot=${slot} style="font:13px system-ui;padding:4px 8px" @click=${() => console.info(`${slot} clicked`)}>${slot}</button>`,
    )}
  </city-map>`,
};

/** Big-screen look. */
export const DarkTheme: Story = {
  args: { theme: 'dark', height: 600 },
  render: (args) => html`<div style="background:#040b16;padding:16px">
    <city-map style="height:${args.height}px" theme="dark">
      <city-grid-layer src="./data-samples/grids.geojson" metric="events" focus-id="D1S1" palette="Blues"></city-grid-layer>
    </city-map>
  </div>`,
};

/** `toImage()`: the PNG below is what a presenter pastes into slides (canvas + legend + breadcrumb). */
export const ExportImage: Story = {
  render: (args) => html`<city-map id="export-map" style="height:${args.height}px" theme=${args.theme}>
      <city-grid-layer src="./data-samples/grids.geojson" metric="events" focus-id="D1S1"></city-grid-layer>
      <button
        slot="top-right"
        style="font:13px system-ui;padding:4px 8px"
        @click=${async (e: Event) => {
          const map = (e.target as HTMLElement).closest('city-map') as CityMap;
          const url = URL.createObjectURL(await map.toImage());
          const img = document.getElementById('export-preview') as HTMLImageElement;
          img.src = url;
        }}
      >
        toImage()
      </button>
    </city-map>
    <img id="export-preview" alt="exported map" style="max-width:100%;margin-top:12px;border:1px solid #ccc" />`,
};
