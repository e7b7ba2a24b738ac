/**
 * The demo dashboard's life-circle panel: `<city-life-circle>` on the sample street (residences,
 * facilities and the walking network), at the 15-minute level on foot. The level, mode, category
 * toggles, gap list, site suggestion and CSV export are all in the element's own panel; the page's
 * language and theme switches reach it without extra code.
 */
import '../src/life-circle/index';
import type { CityLifeCircle } from '../src/life-circle/index';

const SAMPLES = {
  residences: new URL('../data-samples/residences.geojson', import.meta.url).href,
  facilities: new URL('../data-samples/facilities.geojson', import.meta.url).href,
  roads: new URL('../data-samples/roads.geojson', import.meta.url).href,
};

export function mountLifeCirclePanel(container: HTMLElement): CityLifeCircle {
  const circle = document.createElement('city-life-circle');
  circle.setAttribute('level', '15');
  circle.setAttribute('mode', 'walk');
  // Fill the dashboard cell: the panel body is positioned, the element sizes to it.
  circle.style.setProperty('--city-life-circle-height', '100%');
  circle.setAttribute('residences-src', SAMPLES.residences);
  circle.setAttribute('facilities-src', SAMPLES.facilities);
  circle.setAttribute('roads-src', SAMPLES.roads);
  container.append(circle);
  return circle;
}
