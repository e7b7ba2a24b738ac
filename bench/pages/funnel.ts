// Browser half of `npm run bench -- funnel`: computeFunnel on the megacity raw cases (or a million
// synthetic ones) from parsed JSON (JSON.parse timed beside it) and recounted with other options,
// against the naive per-stage filters, and <city-closure-funnel>'s render times.
// Reports via window.benchResult.
// ?n=1000000 (synthetic cases) or ?files=/data-samples/megacity/a.json,… (each {preset, cases}).
import { computeFunnel, type CityClosureFunnel } from '../../src/funnel/index';
import { BENCH_NOW, CM_KEYS, naiveFunnel, readTimestampCharacters, synthesizeCases } from './funnel-data';

declare global {
  interface Window {
    benchResult?: unknown;
    benchError?: string;
  }
}

const params = new URLSearchParams(location.search);
const count = Number(params.get('n') ?? 1_000_000);
const files = (params.get('files') ?? '').split(',').filter(Boolean);
const frames = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const heapMb = () => {
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? Math.round(memory.usedJSHeapSize / 2 ** 20) : null;
};

async function loadCases(): Promise<{ cases: unknown[]; source: string; now: string; parseMs: number | null }> {
  if (!files.length) {
    const cases = synthesizeCases(count);
    // JSON.parse of the same cases as a backend's text (100k per text, serialized outside the timing).
    let parseMs = 0;
    for (let i = 0; i < cases.length; i += 100_000) {
      const text = JSON.stringify(cases.slice(i, i + 100_000));
      const start = performance.now();
      JSON.parse(text);
      parseMs += performance.now() - start;
    }
    return { cases, source: `${count.toLocaleString('en')} synthetic cases (seeded)`, now: BENCH_NOW, parseMs };
  }
  const cases: unknown[] = [];
  let parseMs = 0;
  for (const file of files) {
    const text = await (await fetch(file)).text();
    const start = performance.now();
    const shard = JSON.parse(text) as { cases: unknown[] };
    parseMs += performance.now() - start;
    for (const c of shard.cases) cases.push(c);
  }
  return { cases, source: `megacity sample (${files.length} file${files.length > 1 ? 's' : ''})`, now: params.get('now') ?? '2026-11-01T00:00:00+08:00', parseMs };
}

async function main(): Promise<void> {
  const loadStart = performance.now();
  const { cases, source, now, parseMs } = await loadCases();
  const loadMs = performance.now() - loadStart;
  const input = { preset: 'city-management', cases };

  // From parsed JSON: each run on a new array of the same records, so nothing read before is reused.
  computeFunnel({ preset: 'city-management', cases: cases.slice(0, 20_000) }, { now }); // warm-up (JIT)
  const runs: number[] = [];
  let result = computeFunnel(input, { now });
  for (let i = 0; i < 5; i++) {
    const fresh = { preset: 'city-management', cases: cases.slice() };
    const start = performance.now();
    result = computeFunnel(fresh, { now });
    runs.push(performance.now() - start);
  }
  // The floor under any ISO parser: visiting each timestamp string and reading its characters.
  const floors: number[] = [];
  let timestampCount = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const read = readTimestampCharacters(cases);
    floors.push(performance.now() - start);
    timestampCount = read.strings;
    if (read.sum === 0) console.log('no characters read');
  }
  // The same list again with other options (what a settings or filter change costs): columns kept.
  const recounts: number[] = [];
  for (const tier of [['big'], ['small', 'micro'], ['big', 'small'], ['micro'], ['big', 'micro']]) {
    const start = performance.now();
    computeFunnel(input, { now, filter: { tier } as never });
    recounts.push(performance.now() - start);
  }
  const withIds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    computeFunnel(input, { now, caseIds: true });
    withIds.push(performance.now() - start);
  }
  const naiveStart = performance.now();
  const naive = naiveFunnel(cases, CM_KEYS, Date.parse(now));
  const naiveMs = performance.now() - naiveStart;
  const sameReached = naive.every((n, k) => n.reached === result.stages[k].reached);

  // The element on the same million: compute (with case ids for the click event) + layout + draw.
  const host = document.getElementById('host')!;
  const el = document.createElement('city-closure-funnel') as CityClosureFunnel;
  el.style.cssText = 'display:block;width:100%;height:100%;--city-funnel-duration:0ms';
  el.setAttribute('now', now);
  host.append(el);
  await el.updateComplete;
  await frames();
  let start = performance.now();
  el.data = input;
  await el.updateComplete;
  const elementUpdateMs = performance.now() - start;
  await frames();
  const elementFirstPaintMs = performance.now() - start;

  // Redraw only (no recompute): the rate shown on the labels changes.
  const redraws: number[] = [];
  for (const rate of ['previous', 'total', 'first', 'previous', 'total']) {
    start = performance.now();
    el.setAttribute('rate', rate);
    await el.updateComplete;
    redraws.push(performance.now() - start);
  }
  // Resize: ResizeObserver → relayout → draw.
  start = performance.now();
  host.style.width = '700px';
  await frames();
  await el.updateComplete;
  const resizeMs = performance.now() - start;

  // Pre-aggregated input: the element's own cost without the million-case scan.
  const aggregated = {
    preset: 'city-management',
    stages: result.stages.map((s) => ({ key: s.key, count: s.reached, overdue: s.overdue, pending: s.pending, dropped: s.dropped, reworks: s.reworks })),
  };
  const small = document.createElement('city-closure-funnel') as CityClosureFunnel;
  small.style.cssText = 'display:block;width:1000px;height:640px;--city-funnel-duration:0ms';
  document.body.append(small);
  await small.updateComplete;
  await frames();
  const aggregatedRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    start = performance.now();
    small.data = { ...aggregated };
    await small.updateComplete;
    aggregatedRuns.push(performance.now() - start);
  }

  window.benchResult = {
    source,
    cases: cases.length,
    loadMs,
    parseMs,
    recountMs: median(recounts),
    floorMs: median(floors),
    timestamps: timestampCount,
    computeMs: median(runs),
    computeBestMs: Math.min(...runs),
    computeWithCaseIdsMs: median(withIds),
    naiveMs,
    sameReached,
    elementUpdateMs,
    elementFirstPaintMs,
    redrawMs: median(redraws),
    resizeMs,
    aggregatedRenderMs: median(aggregatedRuns),
    stages: el.shadowRoot!.querySelectorAll('g.stage').length,
    heapMb: heapMb(),
    userAgent: navigator.userAgent.replace(/.*(Chrome\/[\d.]+).*/, '$1'),
  };
}

main().catch((error) => {
  window.benchError = String((error as Error).stack ?? error);
});
