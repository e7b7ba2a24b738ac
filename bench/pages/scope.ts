/**
 * Browser half of `npm run bench -- scope`: one `<city-scope>` around a `<city-map>` with the
 * megacity grids (`<city-grid-layer>`) and risks (`<city-risk-layer>`, 1M), and a
 * `<city-closure-funnel>` on 1M raw cases. For each unit selected (district, street, community,
 * grid, everything again) it measures the synchronous JS of the change until every element has
 * updated (per element, and deck.gl's layer update), the time to the map's next drawn frame with
 * the GPU done, and the funnel's recount. Then the naive way in the same page: the risk records
 * filtered by walking each record's parent chain and handed to deck.gl as a new array, and the
 * old demo glue's funnel recount. Query: `n` (risks and cases, default 1M), `rounds` (default 3), `files` (the case shards),
 * `profile` (a CPU profile of each change's synchronous span, for the bench to collect).
 * Reports via `window.benchResult`.
 */
import { Deck, type Layer } from '@deck.gl/core';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import '../../src/scope/index';
import '../../src/grid/index';
import '../../src/risk/index';
import '../../src/funnel/index';
import type { CityScope } from '../../src/scope/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import type { CityClosureFunnel } from '../../src/funnel/index';
import { MEGACITY_NOW, median, naiveInUnit, naiveRecount, parentMap, pickUnits, round1, topUpCases, type BenchUnit, type ScopeStep as Step, type UnitProperties } from './scope-data';

declare global {
  interface Window {
    benchResult?: unknown;
    benchError?: string;
    gc?: () => void;
  }
}

const params = new URLSearchParams(location.search);
const count = Number(params.get('n')) || 1_000_000;
const rounds = Number(params.get('rounds')) || 3;
/** Profile each change (the bench collects the profiles over the DevTools protocol). */
const profiling = params.has('profile');
/** The megacity case shards (the bench lists them). */
const caseFiles = (params.get('files') ?? '').split(',').filter(Boolean);
const now = () => performance.now();
const log = (message: string) => console.log(`[scope bench] ${message}`);
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const heapMb = () => {
  window.gc?.();
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? Math.round(memory.usedJSHeapSize / 1048576) : null;
};
const newTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Lets queued microtasks (the map hands its layers to deck.gl in one) run. */
const settleMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(() => queueMicrotask(resolve)));

type LayerManager = { updateLayers(): void; needsUpdate(): unknown; getLayers(): Layer[] };
const layerManager = (deck: Deck) => (deck as unknown as { layerManager: LayerManager }).layerManager;

async function json(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok || (response.headers.get('content-type') ?? '').includes('html')) {
    throw new Error(`${url} is missing: generate the megacity sample (npx tsx data-samples/generate.ts --scale megacity)`);
  }
  return response.json();
}

interface RiskRecord {
  lon: number;
  lat: number;
  grid?: string;
  weight?: number;
}

async function load() {
  const t0 = now();
  const grids = (await json('/data-samples/megacity/grids.geojson')) as { features: Array<{ properties: UnitProperties }> };
  const risks = ((await json('/data-samples/megacity/risks.json')) as RiskRecord[]).slice(0, count);
  const sample: unknown[] = [];
  for (const file of caseFiles) for (const c of ((await json(file)) as { cases: unknown[] }).cases) sample.push(c);
  if (!sample.length) throw new Error('the megacity cases are missing: generate the megacity sample');
  const { cases, copies } = topUpCases(sample, count);
  return { grids, risks, cases, sampleCases: sample.length, copies, loadMs: round1(now() - t0) };
}

/** Wraps `method` of one element instance to add its run times to `times[name]`. */
function timeMethod(element: object, method: string, name: string, times: Map<string, number>): void {
  const target = element as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  target[method] = function (this: unknown, ...args: unknown[]) {
    const t = now();
    try {
      return original.apply(this, args);
    } finally {
      times.set(name, (times.get(name) ?? 0) + now() - t);
    }
  };
}

/** Long tasks (≥ 50 ms) seen by the browser, to check the synchronous span is one task. */
const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });


async function measureElements(data: Awaited<ReturnType<typeof load>>, units: BenchUnit[]) {
  const scope = document.createElement('city-scope') as CityScope;
  scope.innerHTML = `<city-map>
      <city-grid-layer metric="events" static-view></city-grid-layer>
      <city-risk-layer hide-time-slider></city-risk-layer>
    </city-map>
    <city-closure-funnel preset="city-management" now="${MEGACITY_NOW}" lang="zh-CN"></city-closure-funnel>`;
  document.body.append(scope);
  const map = scope.querySelector('city-map') as CityMap;
  const grid = scope.querySelector('city-grid-layer') as CityGridLayer;
  const risk = scope.querySelector('city-risk-layer') as CityRiskLayer;
  const funnel = scope.querySelector('city-closure-funnel') as CityClosureFunnel;
  await map.rendered();
  const t0 = now();
  grid.data = data.grids;
  risk.data = data.risks;
  funnel.data = { preset: 'city-management', cases: data.cases };
  await Promise.all([scope.rendered(), grid.rendered(), risk.rendered(), funnel.rendered()]);
  await map.rendered();
  await nextFrame();
  const firstMs = round1(now() - t0);
  log(`first frame of the whole dashboard ${firstMs} ms (grids, ${data.risks.length} risks, ${data.cases.length} cases)`);
  if (!scope.selection.tree) throw new Error('the grid layer offered the scope no hierarchy');
  const heap = heapMb();

  const times = new Map<string, number>();
  const elements: Array<[string, object]> = [['scope', scope], ['map', map], ['grid', grid], ['risk', risk], ['funnel', funnel]];
  for (const [name, element] of elements) timeMethod(element, 'performUpdate', name, times);
  timeMethod(funnel, 'willUpdate', 'funnel recount', times);

  const select = async (unit: BenchUnit): Promise<Step> => {
    times.clear();
    // The change starts a task of its own (not the tail of the last frame's), so its long task is its own.
    await newTask();
    // With `profile`, the bench records a CPU profile of each change's synchronous span (started before the clock: it is slow to start).
    if (profiling) console.profile(unit.label);
    const t = now();
    scope.unit = unit.id;
    await Promise.all([scope, map, grid, risk, funnel].map((element) => element.updateComplete));
    await settleMicrotasks();
    // deck.gl would apply the new layers in its next animation frame: apply them now, to time it.
    const tDeck = now();
    layerManager(map.deck!).updateLayers();
    times.set('deck.gl layers', now() - tDeck);
    const jsMs = now() - t;
    if (profiling) console.profileEnd(unit.label);
    // What ran synchronously after the set; later updates (the funnel's second pass for its legend) are not the change's.
    const perElement = Object.fromEntries([...times].map(([name, ms]) => [name, round1(ms)]));
    const recountMs = times.get('funnel recount') ?? 0;
    const t1 = now();
    // End the change's task before waiting for the frame (the map may draw synchronously when asked).
    await newTask();
    await Promise.all([grid.rendered(), risk.rendered(), funnel.rendered()]);
    await map.rendered();
    await nextFrame();
    const frameMs = now() - t1;
    const laterMs = [...times.values()].reduce((sum, ms) => sum + ms, 0) - Object.values(perElement).reduce((sum, ms) => sum + ms, 0);
    return {
      unit: unit.label,
      id: unit.id,
      jsMs: round1(jsMs),
      jsWithoutRecountMs: round1(jsMs - recountMs),
      perElement,
      setAt: t,
      longTaskMs: -1,
      frameMs: round1(frameMs),
      laterMs: round1(laterMs),
      recountMs: round1(recountMs),
      counted: funnel.metrics?.total ?? -1,
      riskShown: risk.stats.shown,
      gridShown: grid.visibleIds.length,
      gridSelected: grid.selected ?? null,
    };
  };

  // Warm-up: one selection and back, so shaders and code paths are compiled before timing.
  await select({ label: 'warm-up', id: units[0].id });
  await select({ label: 'warm-up', id: null });
  const steps: Step[][] = units.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, unit] of units.entries()) {
      const step = await select(unit);
      steps[k].push(step);
      log(`round ${r + 1} ${unit.label} ${unit.id ?? '(everything)'}: JS ${step.jsMs} ms (without the recount ${step.jsWithoutRecountMs} ms), frame ${step.frameMs} ms, recount ${step.recountMs} ms on ${step.counted} cases; ${JSON.stringify(step.perElement)}`);
    }
  }
  // Long-task entries arrive late: wait for them, then find the task each set ran in.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const step of steps.flat()) {
    const task = longTasks.find((entry) => entry.startTime <= step.setAt && step.setAt <= entry.startTime + entry.duration);
    step.longTaskMs = round1(task?.duration ?? 0);
  }
  const byUnit = steps.map((list) => {
    const pick = (key: keyof Step) => round1(median(list.map((s) => s[key] as number)));
    const perElement: Record<string, number> = {};
    for (const name of Object.keys(list[0].perElement)) perElement[name] = round1(median(list.map((s) => s.perElement[name] ?? 0)));
    return { ...list[0], jsMs: pick('jsMs'), jsWithoutRecountMs: pick('jsWithoutRecountMs'), longTaskMs: pick('longTaskMs'), frameMs: pick('frameMs'), laterMs: pick('laterMs'), recountMs: pick('recountMs'), perElement };
  });
  const view = { longitude: map.viewState.longitude, latitude: map.viewState.latitude, zoom: map.viewState.zoom };
  scope.remove();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { firstMs, heapMB: heap, byUnit, view };
}

/** Naive risk filter: walk each record's parent chain, hand deck.gl a new array (a heatmap, as the element shows the whole city). */
async function measureNaiveRisks(risks: RiskRecord[], parents: Map<string, string | null>, units: BenchUnit[], view: { longitude: number; latitude: number; zoom: number }) {
  const canvas = document.createElement('canvas');
  canvas.className = 'naive';
  canvas.width = 1280 * (window.devicePixelRatio || 1);
  canvas.height = 520 * (window.devicePixelRatio || 1);
  document.body.append(canvas);
  const deck = new Deck({
    canvas,
    width: 1280,
    height: 520,
    useDevicePixels: true,
    deviceProps: { type: 'webgl', webgl: { preserveDrawingBuffer: true, antialias: true } } as never,
    initialViewState: view,
    controller: false,
    layers: [],
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const frame = async () => {
    for (;;) {
      await nextFrame();
      const manager = layerManager(deck);
      if (!manager.needsUpdate() && manager.getLayers().every((l) => l.isLoaded)) break;
    }
    deck.redraw('bench');
    await nextFrame();
  };
  const heat = (data: RiskRecord[]) =>
    new HeatmapLayer<RiskRecord>({ id: 'naive-heat', data, getPosition: (d) => [d.lon, d.lat], getWeight: (d) => d.weight ?? 1, radiusPixels: 30 }) as unknown as Layer;
  deck.setProps({ layers: [heat(risks)] });
  await frame();
  const out: Record<string, { jsMs: number; frameMs: number; shown: number }> = {};
  const samples = new Map<string, Array<{ jsMs: number; frameMs: number; shown: number }>>();
  for (let r = 0; r < rounds; r++) {
    for (const unit of units) {
      const t = now();
      const id = unit.id;
      const data = id === null ? risks.slice() : risks.filter((record) => naiveInUnit(record.grid, id, parents));
      deck.setProps({ layers: [heat(data)] });
      layerManager(deck).updateLayers();
      const jsMs = now() - t;
      const t1 = now();
      await frame();
      const sample = { jsMs, frameMs: now() - t1, shown: data.length };
      samples.set(unit.label, [...(samples.get(unit.label) ?? []), sample]);
      log(`naive risks round ${r + 1} ${unit.label}: JS ${round1(jsMs)} ms, frame ${round1(sample.frameMs)} ms, ${data.length} records`);
    }
  }
  for (const [label, list] of samples) out[label] = { jsMs: round1(median(list.map((s) => s.jsMs))), frameMs: round1(median(list.map((s) => s.frameMs))), shown: list[0].shown };
  deck.finalize();
  canvas.remove();
  return out;
}

/** The old demo glue's funnel recount, in this page on the same cases. */
function measureNaiveFunnel(cases: unknown[], parents: Map<string, string | null>, units: BenchUnit[]) {
  const out: Record<string, { ms: number; counted: number }> = {};
  for (const unit of units) {
    const runs: number[] = [];
    let counted = 0;
    for (let r = 0; r < rounds; r++) {
      const t = now();
      counted = naiveRecount(cases, unit.id, parents).total;
      runs.push(now() - t);
    }
    out[unit.label] = { ms: round1(median(runs)), counted };
    log(`naive funnel ${unit.label}: ${out[unit.label].ms} ms, ${counted} cases`);
  }
  return out;
}

async function main(): Promise<void> {
  const data = await load();
  log(`loaded ${data.risks.length} risks, ${data.cases.length} cases (${data.copies} of them copies), in ${data.loadMs} ms; heap ${heapMb()} MB`);
  const properties = data.grids.features.map((f) => f.properties);
  const units = pickUnits(properties);
  const parents = parentMap(properties);
  const element = await measureElements(data, units);
  const naiveRisks = await measureNaiveRisks(data.risks, parents, units, element.view);
  const naiveFunnel = measureNaiveFunnel(data.cases, parents, units);
  window.benchResult = {
    risks: data.risks.length,
    cases: data.cases.length,
    sampleCases: data.sampleCases,
    copies: data.copies,
    units: properties.length,
    loadMs: data.loadMs,
    rounds,
    element,
    naiveRisks,
    naiveFunnel,
    userAgent: navigator.userAgent.replace(/.*(Chrome\/[\d.]+).*/, '$1'),
  };
}

main().catch((error: Error) => {
  window.benchError = `${error.message}\n${error.stack ?? ''}`;
});
