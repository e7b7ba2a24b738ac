import { expect } from 'chai';
import '../../src/risk/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';
import { SCREENFUL, cullRows, worldX, worldY } from '../../src/risk/model/cull';
import { compileFilter, rowVisible } from '../../src/risk/model/filter';
import { packRisks } from '../../src/risk/model/table';
import { RiskLayer } from '../../src/risk/view/risk-layer';
import { hoverAt, mount, nextFrame, pixelAt, project, unmount } from '../helpers/index';

/** Seeded (mulberry32). */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS = ['low', 'general', 'considerable', 'major'];

function randomRecords(n: number, spread: number, random: () => number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    lon: 106.5 + random() * spread,
    lat: 29.5 + random() * spread,
    category: random() < 0.5 ? 'gas' : 'bridge',
    level: LEVELS[Math.floor(random() * 4)],
    time: new Date(Date.UTC(2024, 4, 1) + Math.floor(random() * 20 * 86_400_000)).toISOString(),
  }));
}

describe('points culling (model/cull)', () => {
  it('keeps exactly the shown rows inside the box, ascending', () => {
    const { table } = packRisks(randomRecords(5000, 0.2, seeded(7)));
    const compiled = compileFilter(table, { from: Date.UTC(2024, 4, 5), to: Date.UTC(2024, 4, 12), categories: ['gas'] });
    const box = { bounds: [106.55, 29.52, 106.62, 29.6] as const, zoom: 13 };
    const expected: number[] = [];
    for (let row = 0; row < table.length; row++) {
      const [lon, lat] = [table.positions[3 * row], table.positions[3 * row + 1]];
      if (lon >= 106.55 && lon <= 106.62 && lat >= 29.52 && lat <= 29.6 && rowVisible(table, compiled, row)) expected.push(row);
    }
    const culled = cullRows(table, compiled, box);
    expect(expected.length).to.be.within(50, 1000);
    expect(Array.from(culled.rows)).to.deep.equal(expected);
    expect(culled.squarePixels).to.equal(0);
  });

  it('past a screenful keeps only the topmost row of each screen square, which holds the square’s highest level', () => {
    const n = SCREENFUL + 20_000;
    const { table } = packRisks(randomRecords(n, 0.02, seeded(11)));
    const compiled = compileFilter(table, {});
    const box = { bounds: [106.49, 29.49, 106.53, 29.53] as const, zoom: 15 };
    const { rows, squarePixels } = cullRows(table, compiled, box);
    expect(squarePixels).to.be.at.least(2);
    expect(rows.length).to.be.greaterThan(1000).and.at.most(SCREENFUL);
    // The squares, recomputed: world pixels at the box's zoom from its north-west corner.
    const scale = 512 * 2 ** box.zoom;
    const square = (row: number) => {
      const x = worldX(table.positions[3 * row], scale) - worldX(box.bounds[0], scale);
      const y = worldY(table.positions[3 * row + 1], scale) - worldY(box.bounds[3], scale);
      return `${Math.floor(x / squarePixels)}:${Math.floor(y / squarePixels)}`;
    };
    const topmost = new Map<string, number>();
    const highest = new Map<string, number>();
    for (let row = 0; row < table.length; row++) {
      const key = square(row);
      topmost.set(key, Math.max(topmost.get(key) ?? -1, row));
      highest.set(key, Math.max(highest.get(key) ?? 0, table.level[row]));
    }
    expect(Array.from(rows)).to.deep.equal([...topmost.values()].sort((a, b) => a - b));
    for (const row of rows) expect(table.level[row]).to.equal(highest.get(square(row)));
  });
});

describe('<city-risk-layer> points mode draws what is in view', () => {
  let map: CityMap | null = null;
  afterEach(() => {
    unmount(map);
    map = null;
  });

  it('draws only the records near the view, counts them all, and picks records drawn after a pan', async () => {
    const near = [0, 1, 2].map((i) => ({ id: `near${i}`, lon: 106.549 + i * 0.001, lat: 29.56, category: 'gas', level: 'low' }));
    const far = Array.from({ length: 50 }, (_, i) => ({ id: `far${i}`, name: `远处 ${i}`, lon: 107.55 + (i % 10) * 0.0008, lat: 29.56 + Math.floor(i / 10) * 0.0008, category: 'gas', level: 'major' }));
    map = mount<CityMap>(`<city-map style="height:100%" zoom="15" center="106.55,29.56"><city-risk-layer mode="points"></city-risk-layer></city-map>`, 500, 400);
    const layer = map.querySelector('city-risk-layer') as CityRiskLayer;
    layer.data = [...near, ...far];
    await layer.rendered();
    await map.rendered();
    const points = () => (layer.deckLayers[0] as RiskLayer).getSubLayers().find((sub) => sub.id.endsWith('points'))!;
    expect((points().props.data as { length: number }).length).to.equal(3);
    expect(layer.stats.shown).to.equal(53);
    expect(layer.shownRecords.length).to.equal(53);

    map.center = [107.552, 29.5616];
    await layer.rendered();
    await nextFrame();
    await map.rendered();
    expect((points().props.data as { length: number }).length).to.equal(50);
    const target: [number, number] = [far[23].lon, far[23].lat];
    expect(pixelAt(map, ...project(map, target)).slice(0, 3)).to.deep.equal(RISK_COLORS_RGBA.major.slice(0, 3));
    await hoverAt(map, ...project(map, target));
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('[part="tooltip"] .title')!.textContent).to.equal('远处 23');
  });
});
