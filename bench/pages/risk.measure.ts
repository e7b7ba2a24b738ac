/**
 * In-page half of `npm run bench -- risk`: loads the megacity risks (1M records), then per mode
 * measures the first frame, time-window and category-filter latency (to the next drawn frame),
 * bytes written to GPU buffers by each filter change, and the JS heap; then the same window
 * change done the naive way (filter the array, hand deck.gl new data) on a bare Deck of the same
 * size; and whether deck.gl's stock DataFilterExtension filters each layer type at all.
 */
import { Deck, type Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import { parseIsoTime, formatIsoLocal } from '../../src/risk/model/time';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';
import { LEVEL_RANK, RISK_LEVELS, riskLevel } from '../../src/risk/model/level';
import { RISK_CATEGORIES } from '../../src/risk/model/types';
import { mulberry32 } from '../../data-samples/lib-random';

type Mode = 'points' | 'heat' | 'hex';
const ALL_MODES: Mode[] = ['heat', 'hex', 'points'];
/** `modes=hex,points` measures only those (a quicker run). */
const MODES: Mode[] = ((new URLSearchParams(location.search).get('modes')?.split(',') ?? ALL_MODES) as Mode[]).filter((mode) => ALL_MODES.includes(mode));
/**
 * Points are the close-up mode (auto mode hands heat over to them at zoom 14): measured at zoom 15
 * on the data's centre. Heat and hex are measured on the whole city, as fitted to the data.
 */
const POINTS_ZOOM = 15;
type View = { longitude: number; latitude: number; zoom: number };
const WIDTH = 1280;
const HEIGHT = 800;
const DAY = 86_400_000;
/** The category filters measured, in order (null: all), each on top of the last 7-day window. */
const CATEGORY_STEPS: Array<string[] | null> = [['gas'], ['gas', 'bridge', 'flood'], null];

const now = () => performance.now();
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const round = (n: number) => Math.round(n * 10) / 10;
const log = (message: string) => console.log(`[risk bench] ${message}`);
/**
 * Resolves on the next animation frame. Chromium schedules it once the GPU has finished the frames
 * already issued, so "drawn frame + this" is the latency a user sees, GPU included (drawing calls
 * return long before a software GPU has rasterised them).
 */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function heapMb(): number | null {
  (window as unknown as { gc?: () => void }).gc?.();
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? Math.round(memory.usedJSHeapSize / 1048576) : null;
}

/** Seeded synthetic stand-in when the megacity sample has not been generated. */
function syntheticRisks(n: number): unknown[] {
  const rand = mulberry32(20240501);
  const categories = RISK_CATEGORIES;
  const levels = RISK_LEVELS;
  const centres = Array.from({ length: 60 }, () => [106.2 + rand() * 0.8, 29.3 + rand() * 0.6]);
  const start = Date.UTC(2026, 7, 2, 16);
  const records = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(rand() ** 1.5 * centres.length)];
    const r = rand() * 0.08;
    const a = rand() * 2 * Math.PI;
    const u = rand();
    records[i] = {
      id: `S${i}`,
      lon: c[0] + r * Math.cos(a),
      lat: c[1] + r * Math.sin(a),
      category: categories[Math.floor(rand() * categories.length)],
      level: levels[u < 0.02 ? 0 : u < 0.1 ? 1 : u < 0.4 ? 2 : 3],
      time: new Date(start + rand() * 90 * DAY).toISOString(),
    };
  }
  return records;
}

async function loadRecords(): Promise<{ records: unknown[]; source: string; loadMs: number }> {
  const t0 = now();
  const synthetic = Number(new URLSearchParams(location.search).get('synthetic'));
  if (synthetic) return { records: syntheticRisks(synthetic), source: `synthetic ${synthetic}`, loadMs: now() - t0 };
  const response = await fetch('/data-samples/megacity/risks.json');
  const type = response.headers.get('content-type') ?? '';
  if (response.ok && !type.includes('html')) {
    const records = (await response.json()) as unknown[];
    return { records, source: 'data-samples/megacity/risks.json', loadMs: now() - t0 };
  }
  const records = syntheticRisks(1_000_000);
  return { records, source: 'synthetic 1M (megacity sample not generated)', loadMs: now() - t0 };
}

/** Lets queued microtasks (the map hands its children's layers to deck.gl in one) run. */
const settleMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(() => queueMicrotask(resolve)));

/**
 * Runs deck.gl's layer update now rather than in its next frame, so the synchronous cost of a
 * change (layer diffing, attribute builds and uploads, aggregation passes issued) can be timed.
 */
function applyLayers(deck: Deck): void {
  (deck as unknown as { layerManager: { updateLayers(): void } }).layerManager.updateLayers();
}

/** Counts bytes written into GPU buffers while `body` runs (luma Buffer.write / subData). */
function bufferWriteCounter(deck: Deck) {
  const device = (deck as unknown as { device: { createBuffer(props: unknown): object } }).device;
  const probe = device.createBuffer({ byteLength: 4 }) as { destroy(): void };
  const proto = Object.getPrototypeOf(probe) as { write: (this: unknown, data: ArrayBufferView, ...rest: unknown[]) => unknown };
  probe.destroy();
  let bytes = 0;
  let created = 0;
  const originalWrite = proto.write;
  const originalCreate = device.createBuffer.bind(device);
  proto.write = function (this: unknown, data: ArrayBufferView, ...rest: unknown[]) {
    bytes += data?.byteLength ?? 0;
    return originalWrite.call(this, data, ...rest);
  };
  device.createBuffer = (props: unknown) => {
    const p = props as { byteLength?: number; data?: ArrayBufferView };
    created += p?.data?.byteLength ?? p?.byteLength ?? 0;
    return originalCreate(props);
  };
  return {
    reset() {
      bytes = 0;
      created = 0;
    },
    read() {
      return { written: bytes, allocated: created };
    },
    restore() {
      proto.write = originalWrite;
      device.createBuffer = originalCreate;
    },
  };
}

/** `count` windows of `days`, one day apart, starting a quarter into the data's time span. */
function windows(span: TimeSpan, count: number, days: number): Array<[number, number]> {
  const start = span.min + Math.floor((span.max - span.min) / 4 / DAY) * DAY;
  return Array.from({ length: count }, (_, i) => [start + i * DAY, start + (i + days) * DAY]);
}

interface TimeSpan {
  min: number;
  max: number;
}

function timeSpan(records: unknown[]): TimeSpan {
  let min = Infinity;
  let max = -Infinity;
  for (const record of records) {
    const t = parseIsoTime((record as { time?: unknown }).time);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { min, max };
}

async function measureElement(records: unknown[], span: TimeSpan) {
  const map = document.createElement('city-map') as CityMap;
  map.style.cssText = `display:block;width:${WIDTH}px;height:${HEIGHT}px`;
  const layer = document.createElement('city-risk-layer') as CityRiskLayer;
  layer.setAttribute('mode', 'heat');
  layer.setAttribute('hide-time-slider', '');
  map.append(layer);
  document.body.append(map);
  await map.rendered();
  const tIngest = now();
  layer.data = records;
  await layer.rendered();
  const ingestMs = now() - tIngest;
  await map.rendered();
  const counter = new URLSearchParams(location.search).get('counter') === '0'
    ? { reset() {}, read: () => ({ written: -1, allocated: 0 }), restore() {} }
    : bufferWriteCounter(map.deck!);
  const heapAfterIngest = heapMb();
  const perMode: Record<string, unknown> = {};
  const fitted: View = { longitude: map.viewState.longitude, latitude: map.viewState.latitude, zoom: map.viewState.zoom };
  const views = {} as Record<Mode, View>;
  log(`ingest ${round(ingestMs)} ms`);
  for (const mode of MODES) {
    views[mode] = mode === 'points' ? { ...fitted, zoom: POINTS_ZOOM } : fitted;
    map.zoom = views[mode].zoom;
    layer.from = null;
    layer.to = null;
    layer.categories = null;
    await layer.updateComplete;
    await map.rendered();
    // The previous mode's last frames (e.g. heat's weight pass over every record) finish on the GPU
    // first: otherwise this mode's first frame is charged with them.
    await nextFrame();
    await nextFrame();
    counter.reset();
    const t0 = now();
    layer.mode = mode;
    await layer.updateComplete;
    await map.rendered();
    await nextFrame();
    const firstFrameMs = now() - t0;
    log(`${mode}: first frame ${round(firstFrameMs)} ms`);
    const uploaded = counter.read();
    // Warm one window so shader variants are compiled before timing.
    const [warmFrom, warmTo] = windows(span, 1, 7)[0];
    [layer.from, layer.to] = [formatIsoLocal(warmFrom - DAY), formatIsoLocal(warmTo - DAY)];
    await map.rendered();
    await nextFrame();
    const windowTimes: number[] = [];
    const windowJs: number[] = [];
    counter.reset();
    for (const [from, to] of windows(span, 5, 7)) {
      const t = now();
      layer.from = formatIsoLocal(from);
      layer.to = formatIsoLocal(to);
      await layer.updateComplete;
      await settleMicrotasks();
      applyLayers(map.deck!);
      windowJs.push(now() - t);
      await map.rendered();
      await nextFrame();
      windowTimes.push(now() - t);
      log(`${mode}: window change ${round(now() - t)} ms (synchronous JS ${round(windowJs.at(-1)!)} ms)`);
    }
    const windowBytes = counter.read();
    const categoryTimes: number[] = [];
    const categoryJs: number[] = [];
    counter.reset();
    for (const categories of CATEGORY_STEPS) {
      const t = now();
      layer.categories = categories;
      await layer.updateComplete;
      await settleMicrotasks();
      applyLayers(map.deck!);
      categoryJs.push(now() - t);
      await map.rendered();
      await nextFrame();
      categoryTimes.push(now() - t);
      log(`${mode}: category filter ${round(now() - t)} ms (synchronous JS ${round(categoryJs.at(-1)!)} ms)`);
    }
    const categoryBytes = counter.read();
    const idle: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = now();
      map.deck!.redraw('bench');
      await map.rendered();
      await nextFrame();
      idle.push(now() - t);
    }
    perMode[mode] = {
      firstFrameMs: round(firstFrameMs),
      firstFrameUploadMB: round(uploaded.written / 1048576 + uploaded.allocated / 1048576),
      windowChangeMs: round(median(windowTimes)),
      windowChangeJsMs: round(median(windowJs)),
      windowChangeBytes: windowBytes.written + windowBytes.allocated,
      categoryFilterMs: round(median(categoryTimes)),
      categoryFilterJsMs: round(median(categoryJs)),
      categoryFilterBytes: categoryBytes.written + categoryBytes.allocated,
      redrawMs: round(median(idle)),
      shownInLastWindow: layer.stats.shown,
    };
  }
  const heapMode = heapMb();
  counter.restore();
  const result = { ingestMs: round(ingestMs), valid: layer.stats.valid, heapAfterIngestMB: heapAfterIngest, heapAfterModesMB: heapMode, views, perMode };
  map.remove();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return result;
}

/** Naive window change: filter the objects, give deck.gl a new data array, wait for the frame. */
async function measureNaive(records: Array<Record<string, unknown>>, span: TimeSpan, views: Record<Mode, View>) {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * (window.devicePixelRatio || 1);
  canvas.height = HEIGHT * (window.devicePixelRatio || 1);
  canvas.style.cssText = `width:${WIDTH}px;height:${HEIGHT}px;display:block`;
  document.body.append(canvas);
  // The same drawing-buffer settings as <city-map>, so both sides pay the same GPU cost per frame.
  const deck = new Deck({
    canvas,
    width: WIDTH,
    height: HEIGHT,
    useDevicePixels: true,
    deviceProps: { type: 'webgl', webgl: { preserveDrawingBuffer: true, antialias: true } } as never,
    initialViewState: views.heat,
    controller: false,
    layers: [],
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  // A drawn frame with the new layers applied and loaded, then the GPU done (as for the element).
  const frame = async () => {
    for (;;) {
      await nextFrame();
      const manager = (deck as unknown as { layerManager: { needsUpdate(): unknown; getLayers(): Layer[] } }).layerManager;
      if (!manager.needsUpdate() && manager.getLayers().every((l) => l.isLoaded)) break;
    }
    deck.redraw('bench');
    await nextFrame();
  };
  // Times parsed once up front (kinder to the naive side than parsing per change).
  const rows = records.map((r) => {
    const level = riskLevel(r) ?? 'low';
    return { position: [r.lon as number, r.lat as number], t: parseIsoTime(r.time), category: r.category, color: RISK_COLORS_RGBA[level], rank: LEVEL_RANK[level] };
  });
  type Row = (typeof rows)[number];
  const build: Record<Mode, (data: Row[], i: number) => Layer> = {
    points: (data, i) => new ScatterplotLayer<Row>({ id: `naive-points-${i}`, data, getPosition: (d) => d.position as [number, number], getFillColor: (d) => d.color, getRadius: 6, radiusUnits: 'pixels' }) as unknown as Layer,
    heat: (data, i) => new HeatmapLayer<Row>({ id: `naive-heat-${i}`, data, getPosition: (d) => d.position as [number, number], getWeight: (d) => d.rank, radiusPixels: 30 }) as unknown as Layer,
    hex: (data, i) => new HexagonLayer<Row>({ id: `naive-hex-${i}`, data, getPosition: (d) => d.position as [number, number], getColorWeight: (d) => d.rank, colorAggregation: 'MAX', radius: 300 }) as unknown as Layer,
  };
  const result: Record<string, { ms: number; jsMs: number; categoryMs: number; categoryJsMs: number }> = {};
  for (const mode of MODES) {
    // Same layer id per mode so deck.gl diffs it (as an app re-rendering with new data would).
    deck.setProps({ initialViewState: views[mode], layers: [build[mode](rows, 0)] });
    await frame();
    const times: number[] = [];
    const jsTimes: number[] = [];
    for (const [from, to] of windows(span, 3, 7)) {
      const t = now();
      const data = rows.filter((r) => r.t >= from && r.t < to);
      deck.setProps({ layers: [build[mode](data, 0)] });
      applyLayers(deck);
      jsTimes.push(now() - t);
      await frame();
      times.push(now() - t);
      log(`naive ${mode}: window change ${round(now() - t)} ms (synchronous JS ${round(jsTimes.at(-1)!)} ms, ${data.length} records)`);
    }
    // The element's category changes keep its last window: the same filters here.
    const [lastFrom, lastTo] = windows(span, 5, 7)[4];
    const categoryTimes: number[] = [];
    const categoryJs: number[] = [];
    for (const categories of CATEGORY_STEPS) {
      const t = now();
      const data = rows.filter((r) => r.t >= lastFrom && r.t < lastTo && (categories === null || categories.includes(r.category as string)));
      deck.setProps({ layers: [build[mode](data, 0)] });
      applyLayers(deck);
      categoryJs.push(now() - t);
      await frame();
      categoryTimes.push(now() - t);
      log(`naive ${mode}: category filter ${round(now() - t)} ms (synchronous JS ${round(categoryJs.at(-1)!)} ms, ${data.length} records)`);
    }
    result[mode] = { ms: round(median(times)), jsMs: round(median(jsTimes)), categoryMs: round(median(categoryTimes)), categoryJsMs: round(median(categoryJs)) };
  }
  deck.finalize();
  canvas.remove();
  return result;
}

/** Does deck.gl's stock DataFilterExtension filter each layer type? (pixels drawn: all vs empty window) */
async function stockFilterCheck() {
  const n = 400;
  const positions = new Float64Array(n * 3);
  const times = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    positions[3 * i] = 106.5 + (i % 20) * 0.002;
    positions[3 * i + 1] = 29.5 + Math.floor(i / 20) * 0.002;
    times[i] = i < n / 2 ? 1 : 5;
  }
  const data = { length: n, attributes: { getPosition: { value: positions, size: 3 }, getFilterValue: { value: times, size: 1 } } };
  const canvas = document.createElement('canvas');
  canvas.width = 400;
  canvas.height = 300;
  document.body.append(canvas);
  const deck = new Deck({
    canvas,
    width: 400,
    height: 300,
    useDevicePixels: false,
    initialViewState: { longitude: 106.52, latitude: 29.52, zoom: 12 },
    controller: false,
    deviceProps: { type: 'webgl', webgl: { preserveDrawingBuffer: true } } as never,
    layers: [],
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const painted = async (layer: Layer) => {
    deck.setProps({ layers: [layer] });
    // deck.gl applies new layers in its own frame loop: let it run, then draw once more.
    for (let i = 0; i < 3; i++) await nextFrame();
    await new Promise<void>((resolve) => {
      deck.setProps({ onAfterRender: () => resolve() });
      deck.redraw('check');
    });
    const copy = document.createElement('canvas');
    copy.width = 400;
    copy.height = 300;
    const context = copy.getContext('2d')!;
    context.drawImage(canvas, 0, 0);
    const pixels = context.getImageData(0, 0, 400, 300).data;
    let count = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
    return count;
  };
  const extensions = [new DataFilterExtension({ filterSize: 1 })];
  const make: Record<Mode, (range: [number, number]) => Layer> = {
    points: (range) => new ScatterplotLayer({ id: 'stock-points', data, getRadius: 60, getFillColor: [255, 0, 0], extensions, filterRange: range } as never) as unknown as Layer,
    heat: (range) => new HeatmapLayer({ id: 'stock-heat', data, radiusPixels: 20, extensions, filterRange: range } as never) as unknown as Layer,
    hex: (range) => new HexagonLayer({ id: 'stock-hex', data, radius: 150, extensions, filterRange: range, gpuAggregation: true } as never) as unknown as Layer,
  };
  const verdict: Record<string, string> = {};
  for (const mode of MODES) {
    const all = await painted(make[mode]([0, 10]));
    const half = await painted(make[mode]([4, 10]));
    const none = await painted(make[mode]([20, 30]));
    const works = all > 0 && none === 0 && half > 0 && half < all;
    verdict[mode] = `${works ? 'works' : 'BROKEN'} (painted px: all ${all}, half ${half}, none ${none})`;
  }
  deck.finalize();
  canvas.remove();
  return verdict;
}

export async function runRiskBench(params: URLSearchParams): Promise<void> {
  const stock = params.get('stock') === '0' ? {} : await stockFilterCheck();
  log(`stock check: ${JSON.stringify(stock)}`);
  const { records, source, loadMs } = await loadRecords();
  log(`loaded ${records.length} from ${source} in ${round(loadMs)} ms`);
  const limit = Number(params.get('n')) || records.length;
  const input = records.slice(0, limit);
  const span = timeSpan(input);
  const element = await measureElement(input, span);
  const naive = await measureNaive(input as Array<Record<string, unknown>>, span, element.views);
  window.benchResult = { source, records: input.length, loadMs: round(loadMs), stock, element, naive };
}
