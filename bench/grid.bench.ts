/**
 * `npm run bench -- grid`: `<city-grid-layer>` on the megacity grid sample (100k micro-grids,
 * all shown at once: the worst case of the drill-down) in headless Chromium (SwiftShader: a
 * CPU-emulated GPU, so GPU times are pessimistic). Prints, each against its target and beside the
 * plain deck.gl way measured in the same run (a SolidPolygonLayer on the GeoJSON feature objects,
 * GPU-picked): time to first frame, recolour with new `values`, hover and click picks through the
 * map's input path, and memory; then Apache ECharts' geo map on the same polygons.
 * GRID_BENCH_FLAGS=skip-echarts (or skip-object, synthetic) shortens or changes the run.
 */
import { cpus, loadavg } from 'node:os';
import { runBenchPage, ratio } from './harness.mjs';

interface Picks {
  hoverMs: number;
  hoverMaxMs: number;
  hoverHits: number;
  clickMs: number;
  clickMaxMs: number;
  clickHits: number;
}

interface Result {
  source: string;
  features: number;
  micro: number;
  loadMs: number;
  heapBaselineMB: number | null;
  element: Picks & {
    units: number;
    shown: number;
    issues: number;
    firstFrameMs: number;
    firstFrameDoneMs: number;
    recolourMs: number;
    recolourJsMs: number;
    recolourDoneMs: number;
    heapAfterFirstFrameMB: number | null;
    heapAfterPicksMB: number | null;
    arrayBuffersMB: number;
  };
  objectPath: (Picks & { firstFrameMs: number; firstFrameDoneMs: number; recolourMs: number; heapAfterFirstFrameMB: number | null }) | null;
  echarts: { firstFrameMs: number } | null;
}

const flags = (process.env.GRID_BENCH_FLAGS ?? '').split(',').filter(Boolean);
const query = ['bench=1', ...flags].join('&');
const loadBefore = loadavg()[0];
const result = (await runBenchPage(`bench/pages/grid.html?${query}`, { width: 1280, height: 800, quiet: true, timeout: 900000 })) as Result;
const { element, objectPath, echarts } = result;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const vs = (plain: number | undefined, ours: number) => (plain === undefined ? '' : `; plain deck.gl ${plain} ms (${ratio(plain, ours)} ours)`);

console.log(`data: ${result.source}: ${result.features.toLocaleString('en')} features, ${result.micro.toLocaleString('en')} micro-grids (fetch + JSON.parse ${result.loadMs} ms)`);
console.log(`<city-grid-layer level="micro-grid">: ${element.units.toLocaleString('en')} valid units, ${element.shown.toLocaleString('en')} shown, ${element.issues} issues`);
console.log(`  first frame (data set → frame issued: validate, index, triangulate, upload, draw): ${element.firstFrameMs} ms${vs(objectPath?.firstFrameMs, element.firstFrameMs)}   target ≤ plain: ${objectPath ? verdict(element.firstFrameMs <= objectPath.firstFrameMs) : 'n/a'}`);
console.log(`    GPU done: ${element.firstFrameDoneMs} ms${objectPath ? `; plain ${objectPath.firstFrameDoneMs} ms` : ''}   (a 1-pixel read returned: the software GPU finished the frame)`);
console.log(`  recolour (new values → frame issued, median of 5): ${element.recolourMs} ms${vs(objectPath?.recolourMs, element.recolourMs)}   target ≤ 50 ms: ${verdict(element.recolourMs <= 50)}; GPU done ${element.recolourDoneMs} ms`);
console.log(`    of which synchronous JS (values read, colours, legend, deck.gl's layer update): ${element.recolourJsMs} ms`);
console.log(`  hover pick (mouse move → its frame's pick, callbacks and tooltip; median of 30, max ${element.hoverMaxMs}): ${element.hoverMs} ms${vs(objectPath?.hoverMs, element.hoverMs)}   target ≤ 16 ms: ${verdict(element.hoverMs <= 16)}   (${element.hoverHits}/30 on a unit)`);
console.log(`  click pick (press, release, click → selection updated; median of 30, max ${element.clickMaxMs}): ${element.clickMs} ms${vs(objectPath?.clickMs, element.clickMs)}   target ≤ 16 ms: ${verdict(element.clickMs <= 16)}   (${element.clickHits}/30 selected a unit)`);
const heapGrowth = element.heapAfterPicksMB !== null && element.heapAfterFirstFrameMB !== null ? element.heapAfterPicksMB / element.heapAfterFirstFrameMB - 1 : null;
console.log(`  memory: JS heap ${result.heapBaselineMB} MB before (the parsed GeoJSON), ${element.heapAfterFirstFrameMB} MB after the first frame, ${element.heapAfterPicksMB} MB after the picks (their index built)` +
  `${heapGrowth === null ? '' : `: +${(heapGrowth * 100).toFixed(1)} %, target ≤ 10 %: ${verdict(heapGrowth <= 0.1)}`}; typed arrays held by the grid: ${element.arrayBuffersMB} MB` +
  `${objectPath ? `; plain deck.gl: ${objectPath.heapAfterFirstFrameMB} MB after its first frame` : ''}`);
if (objectPath) {
  console.log(`deck.gl GeoJSON-object path (SolidPolygonLayer on the feature objects, GPU-picked, same run): first frame ${objectPath.firstFrameMs} ms (GPU done ${objectPath.firstFrameDoneMs} ms), recolour ${objectPath.recolourMs} ms, hover ${objectPath.hoverMs} ms (${objectPath.hoverHits}/30), click ${objectPath.clickMs} ms (${objectPath.clickHits}/30)`);
}
if (echarts) {
  console.log(`Apache ECharts geo map (canvas renderer, same polygons, same run): first frame ${echarts.firstFrameMs} ms`);
  console.log(`ratio ECharts / CityKit first frame (GPU done): ${ratio(echarts.firstFrameMs, element.firstFrameDoneMs)}   (target ≥ 5×)`);
}
console.log(`machine load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores: above the core count, other work shares the CPU and the figures are inflated and noisy.`);
