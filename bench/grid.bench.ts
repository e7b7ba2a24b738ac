/**
 * `npm run bench -- grid`: `<city-grid-layer>` on the megacity grid sample (100k micro-grids,
 * all shown at once: the worst case of the drill-down) in headless Chromium (SwiftShader: a
 * CPU-emulated GPU, so GPU times are pessimistic). Prints time to first frame, recolour with new
 * `values`, hover-pick latency and JS heap, then in the same run the plain deck.gl GeoJSON-object
 * path and Apache ECharts' geo map on the same polygons, with the ratios.
 * GRID_BENCH_FLAGS=skip-echarts (or skip-object, synthetic) shortens or changes the run.
 */
import { runBenchPage, ratio } from './harness.mjs';

interface Result {
  source: string;
  features: number;
  micro: number;
  loadMs: number;
  heapBaselineMB: number | null;
  element: {
    units: number;
    shown: number;
    issues: number;
    firstFrameMs: number;
    firstFrameDoneMs: number;
    recolourMs: number;
    recolourDoneMs: number;
    firstPickMs: number;
    pickMs: number;
    pickHits: number;
    heapAfterFirstFrameMB: number | null;
  };
  objectPath: { firstFrameMs: number; firstFrameDoneMs: number; recolourMs: number } | null;
  echarts: { firstFrameMs: number } | null;
}

const flags = (process.env.GRID_BENCH_FLAGS ?? '').split(',').filter(Boolean);
const query = ['bench=1', ...flags].join('&');
const result = (await runBenchPage(`bench/pages/grid.html?${query}`, { width: 1280, height: 800, quiet: true, timeout: 900000 })) as Result;
const { element, objectPath, echarts } = result;

console.log(`data: ${result.source}: ${result.features.toLocaleString('en')} features, ${result.micro.toLocaleString('en')} micro-grids (fetch + JSON.parse ${result.loadMs} ms)`);
console.log(`<city-grid-layer level="micro-grid">: ${element.units.toLocaleString('en')} valid units, ${element.shown.toLocaleString('en')} shown, ${element.issues} issues`);
console.log(`  first frame (data set → frame issued: validate, index, triangulate, upload, draw): ${element.firstFrameMs} ms   (target ≤ 2000 ms); GPU done: ${element.firstFrameDoneMs} ms`);
console.log(`  recolour (new values → frame issued, median of 5):                               ${element.recolourMs} ms   (target ≤ 100 ms); GPU done: ${element.recolourDoneMs} ms`);
console.log(`  (issued: the frame's draw calls are made; GPU done: a 1-pixel read returned, i.e. the software GPU finished it)`);
console.log(`  hover pick (median of 30; the first one, which compiles shaders: ${element.firstPickMs} ms):      ${element.pickMs} ms   (${element.pickHits}/30 hit a unit)`);
console.log(`  JS heap: ${element.heapAfterFirstFrameMB} MB after the first frame (${result.heapBaselineMB} MB before: the parsed GeoJSON)`);
if (objectPath) {
  console.log(`deck.gl GeoJSON-object path (SolidPolygonLayer on the feature objects, same run):`);
  console.log(`  first frame ${objectPath.firstFrameMs} ms, GPU done ${objectPath.firstFrameDoneMs} ms (${ratio(objectPath.firstFrameDoneMs, element.firstFrameDoneMs)} ours), recolour ${objectPath.recolourMs} ms (${ratio(objectPath.recolourMs, element.recolourMs)} ours)`);
}
if (echarts) {
  console.log(`Apache ECharts geo map (canvas renderer, same polygons, same run): first frame ${echarts.firstFrameMs} ms`);
  console.log(`ratio ECharts / CityKit first frame (GPU done): ${ratio(echarts.firstFrameMs, element.firstFrameDoneMs)}   (target ≥ 5×)`);
}
