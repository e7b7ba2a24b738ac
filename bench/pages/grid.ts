/**
 * Grid-map benchmark page (run by `npm run bench -- grid`). On the same 100k micro-grid polygons
 * it measures, one after the other in this page:
 *  1. `<city-grid-layer>` (columnar, pre-triangulated): first frame, recolour (`{id: number}` and
 *     columns `{ids, values}`), hover pick, heap;
 *  2. the plain deck.gl GeoJSON-object path (a SolidPolygonLayer on the feature objects, which
 *     deck tessellates itself): first frame and recolour through updateTriggers;
 *  3. Apache ECharts' geo `map` series (canvas renderer): first frame.
 * Results go to `window.benchResult`.
 */
import { LitElement } from 'lit';
import { ContextConsumer } from '@lit/context';
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import * as echarts from 'echarts';
import '../../src/grid/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityGridLayer } from '../../src/grid/city-grid-layer';
import { cityMapContext, type CityMapApi, type LonLatBounds, type MapLayerChild } from '../../src/map/map-context';

declare global {
  interface Window {
    benchResult?: unknown;
    benchError?: string;
    gc?: () => void;
    /** Main-thread CPU ms of this page so far (Chromium's ThreadTime), given by the bench runner. */
    benchCpuMs?: () => Promise<number>;
  }
}

const params = new URLSearchParams(location.search);
const stage = document.getElementById('stage')!;
const round = (ms: number) => Math.round(ms);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const heapMB = () => {
  window.gc?.();
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? Math.round(memory.usedJSHeapSize / 1048576) : null;
};
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
/**
 * The page's main-thread CPU ms so far (NaN without the bench runner): beside a wall time it says
 * how much of it was this page's work, as other processes on a busy machine stretch wall times.
 * Read before and after a measured span, never inside it (each read is a round trip to the runner).
 */
const cpuMs = async () => (window.benchCpuMs ? window.benchCpuMs() : NaN);
const tenth = (ms: number) => Math.round(ms * 10) / 10;
/**
 * A quiet map, as before a user's next action: 1.5 s after a settled frame the map copies it (its
 * backup for a context the browser may take), which on a software GPU blocks for a while; without
 * this pause that copy would land inside the next measurement.
 */
const quiet = async () => {
  await new Promise((r) => setTimeout(r, 1700));
  await frame();
};

/** 100k squares in a 320 × 313 lattice around Chongqing, when the megacity sample is absent. */
function synthesize(count: number): FeatureCollection {
  const side = Math.ceil(Math.sqrt(count));
  const features: Feature[] = [];
  for (let i = 0; i < count; i++) {
    const x = 106.2 + (i % side) * 0.002;
    const y = 29.3 + Math.floor(i / side) * 0.002;
    features.push({
      type: 'Feature',
      properties: { id: `M${i}`, name: `微网格${i}`, level: 'micro-grid', events: (i * 7919) % 101 },
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.0019, y], [x + 0.0019, y + 0.0019], [x, y + 0.0019], [x, y]]] },
    });
  }
  return { type: 'FeatureCollection', features };
}

async function loadGrids(): Promise<{ source: string; data: FeatureCollection; loadMs: number }> {
  const start = performance.now();
  const response = await fetch('/data-samples/megacity/grids.geojson');
  if (response.ok && !params.has('synthetic')) {
    const data = (await response.json()) as FeatureCollection;
    return { source: 'data-samples/megacity/grids.geojson', data, loadMs: round(performance.now() - start) };
  }
  return { source: 'synthesized (megacity sample absent)', data: synthesize(Number(params.get('n')) || 100000), loadMs: 0 };
}

/**
 * Resolves with the times of the next frame deck draws after `since` with all layers loaded:
 * when its commands were issued, and when the GPU had finished it (a 1-pixel read waits for that).
 * Read before the map's own after-frame work, which after a first frame compiles the picking
 * shaders of GPU-picked layers (the plain path's): that belongs to the first pick, not the frame.
 */
function nextLoadedFrame(map: CityMap, since: number): Promise<{ issued: number; done: number }> {
  return new Promise((resolve) => {
    const deck = map.deck!;
    const previous = deck.props.onAfterRender;
    deck.setProps({
      onAfterRender: (context) => {
        const issued = performance.now();
        previous?.(context);
        const layers = deck.props.layers as Layer[];
        if (issued > since && layers.length && layers.every((l) => l.isLoaded)) {
          deck.setProps({ onAfterRender: previous });
          const gl = (map.shadowRoot!.querySelector('canvas') as HTMLCanvasElement).getContext('webgl2')!;
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
          resolve({ issued, done: performance.now() });
        }
      },
    });
  });
}

function newMap(): CityMap {
  stage.replaceChildren();
  const map = document.createElement('city-map') as CityMap;
  map.style.cssText = 'width:100%;height:100%';
  stage.append(map);
  return map;
}

async function waitForDeck(map: CityMap): Promise<void> {
  while (!map.deck) await frame();
  await map.rendered();
}

function randomValues(ids: string[], seed: number): Record<string, number> {
  const values: Record<string, number> = {};
  let s = seed;
  for (const id of ids) {
    s = (s * 1103515245 + 12345) % 2147483648;
    values[id] = s % 500;
  }
  return values;
}

/** Pointer positions spread over the map (CSS px), the same in every path measured. */
const PICK_POINTS = Array.from({ length: 30 }, (_, k) => [100 + ((k * 37) % 1080), 80 + ((k * 53) % 640)] as const);

function pointer(canvas: HTMLCanvasElement, type: string, x: number, y: number, buttons: number): void {
  const rect = canvas.getBoundingClientRect();
  const init = { bubbles: true, composed: true, cancelable: true, clientX: rect.left + x, clientY: rect.top + y, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons };
  canvas.dispatchEvent(type.startsWith('pointer') ? new PointerEvent(type, init) : new MouseEvent(type, init));
}

/**
 * Hover and click as a user makes them, through the map's own input path:
 * - hover: a mouse move, then the main-thread time of the frame that picks it (deck picks hover
 *   once per animation frame): from the frame's start to the end of the map's pick, the grid's
 *   hover callback and the tooltip's update (a frame callback queued after deck's runs after it);
 * - click: press, release and click, to the end of the selection's update (event, tooltip, legend).
 */
async function measurePicks(map: CityMap, layer: { hovered(): boolean; selection(): unknown; settled(): Promise<unknown> }) {
  const canvas = map.shadowRoot!.querySelector('canvas[part="canvas"]') as HTMLCanvasElement;
  const hovers: number[] = [];
  let hoverHits = 0;
  for (const [x, y] of PICK_POINTS) {
    await frame();
    await frame();
    pointer(canvas, 'mousemove', x, y, 0);
    const frameWork = await new Promise<number>((resolve) => requestAnimationFrame((start) => resolve(performance.now() - start)));
    hovers.push(frameWork);
    if (layer.hovered()) hoverHits++;
  }
  const clicks: number[] = [];
  let clickHits = 0;
  for (const [x, y] of PICK_POINTS) {
    await frame();
    await frame();
    const before = layer.selection();
    const t = performance.now();
    pointer(canvas, 'pointerdown', x, y, 1);
    pointer(canvas, 'pointerup', x, y, 0);
    pointer(canvas, 'click', x, y, 0);
    await layer.settled();
    clicks.push(performance.now() - t);
    if (layer.selection() !== before) clickHits++;
  }
  pointer(canvas, 'pointerleave', -1, -1, 0);
  return { hoverMs: tenth(median(hovers)), hoverMaxMs: tenth(Math.max(...hovers)), hoverHits, clickMs: tenth(median(clicks)), clickMaxMs: tenth(Math.max(...clicks)), clickHits };
}

/** Typed-array memory the grid holds (index, packs, colours), in MB. */
function gridArrayBuffersMB(grid: CityGridLayer): number {
  const seen = new Set<ArrayBufferLike>();
  let bytes = 0;
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 4) return;
    if (ArrayBuffer.isView(value)) {
      if (!seen.has(value.buffer)) {
        seen.add(value.buffer);
        bytes += value.buffer.byteLength;
      }
      return;
    }
    if (Array.isArray(value)) {
      if (value.length && ArrayBuffer.isView(value[0])) for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], depth + 1);
  };
  visit((grid as unknown as { scene: unknown }).scene, 0);
  return Math.round(bytes / 1048576);
}

async function benchElement(data: FeatureCollection, microIds: string[]) {
  const map = newMap();
  await waitForDeck(map);
  const grid = document.createElement('city-grid-layer') as CityGridLayer;
  grid.setAttribute('level', 'micro-grid');
  grid.setAttribute('metric', 'events');
  map.append(grid);
  await grid.updateComplete;
  const cpuBefore = await cpuMs();
  const start = performance.now();
  const drawn = nextLoadedFrame(map, start);
  grid.data = data;
  const first = await drawn;
  const firstFrameCpuMs = round((await cpuMs()) - cpuBefore);
  const firstFrameMs = round(first.issued - start);
  const firstFrameDoneMs = round(first.done - start);
  console.log(`first frame ${firstFrameMs} ms (GPU done ${firstFrameDoneMs} ms)`);
  await map.rendered();
  console.log('rendered');
  // `first-frame-only` (GRID_BENCH_FLAGS): the first frame is all this page measures.
  if (params.has('first-frame-only')) return { firstFrameMs, firstFrameDoneMs, firstFrameCpuMs };
  const heapAfterFirstFrameMB = heapMB();

  /**
   * Five refreshes of `values` as a backend sends them (parsed JSON, built before the clock
   * starts): `{id: number}`, or the same numbers as columns `{ids, values}`. Returns the medians
   * and each refresh's legend, which must be the same for both forms.
   */
  const recolourRounds = async (form: 'object' | 'columns') => {
    const recolours: number[] = [];
    const recoloursDone: number[] = [];
    const recoloursJs: number[] = [];
    const recoloursCpu: number[] = [];
    const legends: string[] = [];
    for (let k = 0; k < 5; k++) {
      const numbers = randomValues(microIds, k + 1);
      const sent = form === 'object' ? numbers : { ids: microIds, values: microIds.map((id) => numbers[id]) };
      const values = JSON.parse(JSON.stringify(sent)) as unknown;
      await quiet();
      const cpuBefore = await cpuMs();
      const t = performance.now();
      const next = nextLoadedFrame(map, t);
      grid.values = values;
      // The synchronous JS of the recolour: the element's update, then deck.gl's layer update (run
      // now rather than in its next frame, to time it); the frame then only draws.
      await grid.updateComplete;
      await new Promise<void>((resolve) => queueMicrotask(() => queueMicrotask(resolve)));
      (map.deck as unknown as { layerManager: { updateLayers(): void } }).layerManager.updateLayers();
      recoloursJs.push(performance.now() - t);
      const frame = await next;
      recoloursCpu.push((await cpuMs()) - cpuBefore);
      recolours.push(frame.issued - t);
      recoloursDone.push(frame.done - t);
      // What was drawn: the legend (classes and counts) and the value of every shown unit.
      legends.push(JSON.stringify(grid.legend.entries) + grid.visibleIds.map((id) => grid.valueFor(id)).join());
      console.log(`recolour (${form}): JS ${round(recoloursJs.at(-1)!)} ms, issued ${round(frame.issued - t)} ms, GPU done ${round(frame.done - t)} ms`);
    }
    return {
      ms: round(median(recolours)),
      cpuMs: tenth(median(recoloursCpu)),
      jsMs: tenth(median(recoloursJs)),
      doneMs: round(median(recoloursDone)),
      legends,
    };
  };
  const byObject = await recolourRounds('object');
  const byColumns = await recolourRounds('columns');

  const picks = await measurePicks(map, {
    hovered: () => grid.shadowRoot!.querySelector('[part="tooltip"]') !== null,
    selection: () => grid.selected,
    settled: () => grid.updateComplete,
  });
  const heapAfterPicksMB = heapMB();
  const result = {
    units: grid.hierarchy!.size,
    shown: grid.visibleIds.length,
    issues: grid.errors.reduce((n, e) => n + (e.total ?? e.issues.length), 0),
    firstFrameMs,
    firstFrameDoneMs,
    firstFrameCpuMs,
    recolourMs: byObject.ms,
    recolourCpuMs: byObject.cpuMs,
    recolourJsMs: byObject.jsMs,
    recolourDoneMs: byObject.doneMs,
    columnsRecolourMs: byColumns.ms,
    columnsRecolourCpuMs: byColumns.cpuMs,
    columnsRecolourJsMs: byColumns.jsMs,
    columnsSameLegends: byColumns.legends.every((legend, k) => legend === byObject.legends[k]),
    ...picks,
    heapAfterFirstFrameMB,
    heapAfterPicksMB,
    arrayBuffersMB: gridArrayBuffersMB(grid),
  };
  stage.replaceChildren();
  return result;
}

/** The GeoJSON-object path: deck.gl tessellates every feature itself. */
class ObjectPathLayer extends LitElement implements MapLayerChild {
  features: Feature<Polygon>[] = [];
  colors = new Map<string, number>();
  version = 0;
  map?: CityMapApi;
  dataBounds: LonLatBounds | null = null;
  hoveredFeature: unknown = null;
  clickedFeature: unknown = null;
  handleHover(info: PickingInfo | null): void {
    this.hoveredFeature = info?.object ?? null;
  }
  handleClick(info: PickingInfo): void {
    this.clickedFeature = info.object ?? null;
  }
  private readonly consumer = new ContextConsumer(this, {
    context: cityMapContext,
    subscribe: true,
    callback: (map) => {
      this.map = map;
      map?.registerLayer(this);
    },
  });
  get deckLayers(): readonly Layer[] {
    if (!this.features.length) return [];
    const colors = this.colors;
    return [
      new SolidPolygonLayer<Feature<Polygon>>({
        id: 'object-path-fill',
        data: this.features,
        getPolygon: (f) => f.geometry.coordinates as never,
        getFillColor: (f) => [((colors.get(String(f.properties!.id)) ?? 0) * 37) % 255, 80, 160, 220],
        updateTriggers: { getFillColor: this.version },
        pickable: true,
      }) as unknown as Layer,
    ];
  }
}
customElements.define('bench-object-path-layer', ObjectPathLayer);

async function benchObjectPath(micro: Feature<Polygon>[], bounds: LonLatBounds, microIds: string[]) {
  const map = newMap();
  await waitForDeck(map);
  const layer = document.createElement('bench-object-path-layer') as ObjectPathLayer;
  map.append(layer);
  await layer.updateComplete;
  map.fitBounds(bounds, { duration: 0 });
  const cpuBefore = await cpuMs();
  const start = performance.now();
  const drawn = nextLoadedFrame(map, start);
  layer.features = micro;
  layer.dataBounds = bounds;
  map.requestLayerUpdate();
  const first = await drawn;
  const firstFrameCpuMs = round((await cpuMs()) - cpuBefore);
  if (params.has('first-frame-only')) return { firstFrameMs: round(first.issued - start), firstFrameDoneMs: round(first.done - start), firstFrameCpuMs };
  const recolours: number[] = [];
  const recoloursCpu: number[] = [];
  for (let k = 0; k < 3; k++) {
    const values = randomValues(microIds, k + 1);
    await quiet();
    const cpuBefore = await cpuMs();
    const t = performance.now();
    const next = nextLoadedFrame(map, t);
    layer.colors = new Map(Object.entries(values));
    layer.version++;
    map.requestLayerUpdate();
    recolours.push((await next).issued - t);
    recoloursCpu.push((await cpuMs()) - cpuBefore);
  }
  const heapAfterFirstFrameMB = heapMB();
  const picks = await measurePicks(map, {
    hovered: () => layer.hoveredFeature !== null,
    selection: () => layer.clickedFeature,
    settled: () => Promise.resolve(),
  });
  stage.replaceChildren();
  return {
    firstFrameMs: round(first.issued - start),
    firstFrameDoneMs: round(first.done - start),
    firstFrameCpuMs,
    recolourMs: round(median(recolours)),
    recolourCpuMs: tenth(median(recoloursCpu)),
    heapAfterFirstFrameMB,
    ...picks,
  };
}

async function benchECharts(micro: Feature[]) {
  stage.replaceChildren();
  const host = document.createElement('div');
  host.style.cssText = 'width:1280px;height:800px';
  stage.append(host);
  const geojson = { type: 'FeatureCollection', features: micro };
  const data = micro.map((f) => ({ name: String(f.properties!.id), value: Number(f.properties!.events) || 0 }));
  const start = performance.now();
  echarts.registerMap('citykit-bench', geojson as never);
  const chart = echarts.init(host, undefined, { renderer: 'canvas' });
  const finished = new Promise<number>((resolve) => chart.on('finished', () => resolve(performance.now())));
  chart.setOption({
    animation: false,
    visualMap: { type: 'piecewise', splitNumber: 5, min: 0, max: 500, inRange: { color: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] }, show: false },
    series: [{ type: 'map', map: 'citykit-bench', nameProperty: 'id', roam: true, label: { show: false }, data, progressive: 0 }],
  });
  const firstFrameMs = round((await finished) - start);
  chart.dispose();
  stage.replaceChildren();
  return { firstFrameMs };
}

async function run() {
  const { source, data, loadMs } = await loadGrids();
  const micro = data.features.filter((f) => f.properties?.level === 'micro-grid') as Feature<Polygon>[];
  const microIds = micro.map((f) => String(f.properties!.id));
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const f of micro) {
    for (const [x, y] of f.geometry.coordinates[0]) {
      west = Math.min(west, x);
      east = Math.max(east, x);
      south = Math.min(south, y);
      north = Math.max(north, y);
    }
  }
  const heapBaselineMB = heapMB();
  console.log(`loaded ${data.features.length} features in ${loadMs} ms`);
  // Each way is measured in a page of its own (the bench opens two): the way measured second in one
  // page found the browser's shader cache and the JIT warm for the code both share, or the first
  // way's heap to collect, and the order changed the plain path's first frame by a third.
  const element = params.has('only-object') ? null : await benchElement(data, microIds);
  if (element) console.log(`element: ${JSON.stringify(element)}`);
  window.gc?.();
  const objectPath = params.has('skip-object') ? null : await benchObjectPath(micro, [west, south, east, north], microIds);
  window.gc?.();
  const echarts = params.has('skip-echarts') ? null : await benchECharts(micro);
  window.benchResult = { source, features: data.features.length, micro: micro.length, loadMs, heapBaselineMB, element, objectPath, echarts };
}

run().catch((error: Error) => {
  window.benchError = `${error.message}\n${error.stack}`;
});
