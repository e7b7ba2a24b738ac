// The page's own script: loads the data, hands it to the elements as properties, shows the
// selected unit, and removes the widgets on request.
const grid = document.querySelector('city-grid-layer');
const funnel = document.querySelector('city-closure-funnel');
const selected = document.querySelector('#selected');

async function loadJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

grid.addEventListener('city-grid-select', (event) => {
  // textContent: ids and names from a backend are text, never HTML.
  selected.textContent = `Selected: ${event.detail.id ?? 'none'}`;
});

document.querySelector('#unmount').addEventListener('click', (event) => {
  document.querySelector('#widgets').remove();
  event.currentTarget.remove();
});

const [grids, cases] = await Promise.all([loadJson('./data/grids.geojson'), loadJson('./data/cases-city-management.json')]);
grid.data = grids;
funnel.data = cases;
