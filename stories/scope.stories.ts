import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/scope/index';
import '../src/grid/index';
import '../src/risk/index';
import '../src/funnel/index';

const samples = './data-samples';
/** The sample cases end on 2026-10-31: "now" is fixed so overdue figures do not drift. */
const NOW = '2026-11-01T00:00:00+08:00';

const meta: Meta = {
  title: 'Dashboards/Linked dashboard',
  component: 'city-scope',
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component: `
One screen, one selection (一屏统揽): \`<city-scope>\` shares the selected management unit and the time
window with every CityKit element inside it. Click a community on the grid map: the risk layer
shows that community's risks, the funnel counts its cases (its chip names the unit and clears it).
Move the time slider: the funnel follows. Linking takes markup only:

\`\`\`html
<city-scope sync-url>
  <city-map>
    <city-grid-layer src="/api/grids.geojson" metric="events"></city-grid-layer>
    <city-risk-layer src="/api/risks.json"></city-risk-layer>
  </city-map>
  <city-closure-funnel src="/api/cases.json" preset="city-management"></city-closure-funnel>
</city-scope>
\`\`\`

- \`unit\` (a unit id: it includes every unit below it), \`from\` / \`to\` (ISO dates, inclusive),
  \`city-scope-change\` \`{unit, from, to}\`, \`selectUnit(id)\`, \`setWindow(from, to)\`, \`clear()\`.
- The hierarchy comes from the grid layer inside, or \`units\` / \`units-src\` (\`{id, parent, name, level}\` rows or the grids GeoJSON).
- \`sync-url\` mirrors the selection into the page URL (\`url-prefix\` to avoid clashes); back/forward move through selections.`,
      },
    },
  },
};
export default meta;

export const LinkedDashboard: StoryObj = {
  name: 'Linked dashboard',
  render: () => html`
    <city-scope units-src="${samples}/grids.geojson">
      <div class="story-dashboard">
        <city-map class="story-map">
          <city-grid-layer src="${samples}/grids.geojson" metric="events" level="community" unit="件"></city-grid-layer>
          <city-risk-layer src="${samples}/risks.json" mode="points"></city-risk-layer>
        </city-map>
        <city-closure-funnel class="story-funnel" src="${samples}/cases-city-management.json" preset="city-management" now=${NOW}></city-closure-funnel>
      </div>
    </city-scope>
    <style>
      .story-dashboard { display: grid; grid-template-columns: 3fr 2fr; gap: 12px; padding: 12px; height: 640px; box-sizing: border-box; }
      .story-map, .story-funnel { height: 100%; }
    </style>
  `,
};
