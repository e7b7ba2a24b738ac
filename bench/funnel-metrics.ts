/**
 * Funnel metrics on a million raw cases (Node): `computeFunnel` from parsed JSON (each run on new
 * arrays, so nothing read before is reused) against the 300 ms target and a naive per-stage
 * array-filter implementation (Array#filter/map/sort + Date.parse per stage), same data, same
 * process; the JSON parse beside it; a recount with other options on lists already read (the
 * columns kept); memory; the same cases as typed columns, counted in a process holding only them;
 * plus the working-calendar clock against minute stepping.
 *
 * Data: the megacity sample shards (data-samples/megacity/cases-city-management.part*.json, each
 * {preset, cases}) when present, else one million seeded synthetic cases (bench/pages/funnel-data.ts).
 * Run: `npx tsx bench/funnel-metrics.ts` (or import `runFunnelMetricsBench`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeFunnel } from '../src/funnel/model/compute';
import { compileCalendar } from '../src/funnel/model/calendar';
import { IssueCollector } from '../src/core/validation';
import { CaseReader, WarningTally } from '../src/funnel/model/validate';
import { CaseRow, RecordRows } from '../src/funnel/model/columns';
import { presetSetup, PRESETS } from '../src/funnel/model/presets';
import { parseTimestamp } from '../src/funnel/model/time';
import type { FunnelOptions, FunnelResult, PresetName, WorkingCalendar } from '../src/funnel/model/types';
import { mulberry32 } from '../data-samples/lib-random';
import { timeCall } from './harness.mjs';
import { BENCH_NOW, naiveFunnel, readTimestampCharacters, synthesizeCases, type NaiveStage } from './pages/funnel-data';

const CASE_COUNT = 1_000_000;
const TARGET_NODE_MS = 300;
/** "Now" of the generated samples (data-samples/README.md). */
const MEGACITY_NOW = '2026-11-01T00:00:00+08:00';
const HOUR = 3_600_000;
const MINUTE = 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const megacityDir = join(here, '..', 'data-samples', 'megacity');

interface Dataset {
  preset: PresetName;
  cases: unknown[];
  now: string;
}

/** JSON.parse time of the shards (wall and CPU), beside the figures it feeds. */
const parsing = { ms: 0, cpuMs: 0 };

/** The megacity shards of both presets (600k city-management + 400k hotline cases), or null. */
function loadMegacity(): Dataset[] | null {
  if (!existsSync(megacityDir)) return null;
  const datasets: Dataset[] = [];
  for (const preset of ['city-management', 'hotline-12345'] as const) {
    const pattern = new RegExp(`^cases-${preset}\\.part(\\d+)\\.json$`);
    const parts = readdirSync(megacityDir)
      .filter((f) => pattern.test(f))
      .sort((a, b) => Number(pattern.exec(a)![1]) - Number(pattern.exec(b)![1]));
    if (!parts.length) continue;
    const cases: unknown[] = [];
    for (const part of parts) {
      const text = readFileSync(join(megacityDir, part), 'utf8');
      const parsed = timeCall(() => JSON.parse(text) as { cases: unknown[] });
      parsing.ms += parsed.ms;
      parsing.cpuMs += parsed.cpuMs;
      for (const c of parsed.value.cases) cases.push(c);
    }
    datasets.push({ preset, cases, now: MEGACITY_NOW });
  }
  return datasets.length ? datasets : null;
}

/** JSON.parse of synthesized cases, as a backend's file of them would be parsed (in 100k-case texts, serialized outside the timing). */
function timeParse(cases: readonly unknown[]): void {
  for (let i = 0; i < cases.length; i += 100_000) {
    const text = JSON.stringify(cases.slice(i, i + 100_000));
    const parsed = timeCall(() => JSON.parse(text) as unknown[]);
    parsing.ms += parsed.ms;
    parsing.cpuMs += parsed.cpuMs;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function agree(ours: FunnelResult, naive: NaiveStage[]): string[] {
  const problems: string[] = [];
  naive.forEach((n, k) => {
    const o = ours.stages[k];
    for (const field of ['reached', 'pending', 'overdue'] as const) if (o[field] !== n[field]) problems.push(`${n.key}.${field}: ${o[field]} vs ${n[field]}`);
    for (const reason of Object.keys(n.dropped)) if (o.dropped[reason] !== n.dropped[reason]) problems.push(`${n.key}.dropped.${reason}`);
    for (const field of ['medianHours', 'p90Hours'] as const) {
      const a = o[field];
      const b = n[field];
      if ((a === null) !== (b === null) || (a !== null && b !== null && Math.abs(a - b) > 1e-9)) problems.push(`${n.key}.${field}: ${a} vs ${b}`);
    }
  });
  return problems;
}

/** Whether two runs over the same datasets gave the same results (every field). */
function agreeResults(a: FunnelResult[], b: FunnelResult[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Working milliseconds by stepping minute by minute: the naive clock the closed form replaces. */
function minuteSteppingMs(a: number, b: number, calendar: Required<WorkingCalendar>): number {
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);
  let worked = 0;
  for (let t = a; t < b; t += MINUTE) {
    const local = new Date(t + 8 * HOUR);
    const date = local.toISOString().slice(0, 10);
    const weekday = local.getUTCDay() || 7;
    const working = workdays.has(date) || (!holidays.has(date) && calendar.weekdays.includes(weekday));
    const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
    if (working && calendar.hours.some(([s, e]) => hour >= s && hour < e)) worked += MINUTE;
  }
  return worked;
}

export function runFunnelMetricsBench(): void {
  const megacity = loadMegacity();
  const datasets = megacity ?? [{ preset: 'city-management' as const, cases: synthesizeCases(CASE_COUNT), now: BENCH_NOW }];
  if (!megacity) timeParse(datasets[0].cases);
  const total = datasets.reduce((n, d) => n + d.cases.length, 0);
  const source = megacity ? 'megacity sample' : 'synthesized here (seeded; no megacity shards found)';
  console.log(
    `funnel metrics: ${total.toLocaleString('en')} raw cases, ${source}: ${datasets.map((d) => `${d.cases.length.toLocaleString('en')} ${d.preset}`).join(' + ')}; Node ${process.version}`,
  );
  const load = loadavg();

  /** computeFunnel over every dataset (`lists`: their case arrays): one figure for the whole million. */
  const all = (lists: unknown[][], extra: FunnelOptions = {}) =>
    datasets.map((d, i) => computeFunnel({ preset: d.preset, cases: lists[i] }, { now: d.now, ...extra }));
  /** New arrays of the same records: a count on them reads every record again, as from a fresh JSON.parse. */
  const fresh = () => datasets.map((d) => d.cases.slice());
  all(datasets.map((d) => d.cases.slice(0, 20_000))); // warm-up (JIT)
  gc();
  const before = process.memoryUsage();
  const ours: number[] = [];
  const oursCpu: number[] = [];
  let results: FunnelResult[] = [];
  let lists: unknown[][] = [];
  let peak = { heapUsed: 0, arrayBuffers: 0 };
  for (let run = 0; run < 5; run++) {
    lists = fresh();
    gc();
    const timed = timeCall(() => all(lists));
    const memory = process.memoryUsage(); // before any collection: what the call left on the heap
    if (memory.heapUsed + memory.arrayBuffers > peak.heapUsed + peak.arrayBuffers) peak = memory;
    ours.push(timed.ms);
    oursCpu.push(timed.cpuMs);
    results = timed.value;
  }
  gc();
  const retained = process.memoryUsage();

  // Reading alone (records → typed values, nothing counted), as the count reads them: straight into
  // a row, the reporting reader only for a record with something to report.
  const reading: number[] = [];
  const readingCpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    gc();
    const timed = timeCall(() => {
      let valid = 0;
      for (const d of datasets) {
        const stages = presetSetup(d.preset).stages;
        const records = new RecordRows(stages, 8 * HOUR);
        const row = new CaseRow(stages.length);
        const reader = new CaseReader(stages, 8 * HOUR, new IssueCollector(0), new WarningTally());
        const cases = d.cases;
        for (let i = 0; i < cases.length; i++) if (records.read(cases[i], row) || reader.read(cases[i], i)) valid++;
      }
      return valid;
    });
    reading.push(timed.ms);
    readingCpu.push(timed.cpuMs);
  }

  // Below that, a floor no parser can go under: visiting each timestamp string and reading its
  // characters, nothing parsed or kept (the strings lie scattered over a heap of a million records).
  const touching: number[] = [];
  const touchingCpu: number[] = [];
  let timestampCount = 0;
  for (let run = 0; run < 3; run++) {
    gc();
    const timed = timeCall(() => {
      let strings = 0;
      let sum = 0;
      for (const d of datasets) {
        const read = readTimestampCharacters(d.cases);
        strings += read.strings;
        sum += read.sum;
      }
      timestampCount = strings;
      return sum;
    });
    touching.push(timed.ms);
    touchingCpu.push(timed.cpuMs);
  }

  // The same lists again: the second count reads them into columns (kept), the next ones count
  // from those columns with other options (a filter, case ids, a period).
  gc();
  const second = timeCall(() => all(lists, { filter: { tier: ['big', 'small', 'micro'] } }));
  const recount: number[] = [];
  const recountCpu: number[] = [];
  const variants: FunnelOptions[] = [
    { filter: { tier: ['big', 'small'] } },
    { caseIds: true },
    { period: { from: '2026-09-01T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00' } },
    { filter: { channel: 'hotline' } },
    {},
  ];
  for (const extra of variants) {
    gc();
    const timed = timeCall(() => all(lists, extra));
    recount.push(timed.ms);
    recountCpu.push(timed.cpuMs);
  }
  const recountSame = agreeResults(all(lists), results);

  gc();
  const naive = timeCall(() => datasets.map((d) => naiveFunnel(d.cases as any[], PRESETS[d.preset].map((s) => s.key), Date.parse(d.now))));
  const problems = datasets.flatMap((d, i) => agree(results[i], naive.value[i]).map((p) => `${d.preset} ${p}`));

  const working: number[] = [];
  const workingCpu: number[] = [];
  const limits = { dispatch: { hours: 1, clock: 'working' as const } };
  for (let run = 0; run < 3; run++) {
    const arrays = fresh();
    gc();
    const timed = timeCall(() => all(arrays, { calendar, limits }));
    working.push(timed.ms);
    workingCpu.push(timed.cpuMs);
  }

  // The same cases with epoch-millisecond numbers instead of ISO strings (what parsing costs).
  const numeric = datasets.map((d) => ({ ...d, cases: d.cases.map(toEpochMs) }));
  const numericRuns: number[] = [];
  const numericCpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    const arrays = numeric.map((d) => d.cases.slice());
    gc();
    const timed = timeCall(() => numeric.map((d, i) => computeFunnel({ preset: d.preset, cases: arrays[i] }, { now: d.now })));
    numericRuns.push(timed.ms);
    numericCpu.push(timed.cpuMs);
  }

  // The same cases as typed columns (epoch-ms Float64Array per stage and deadline), as an Arrow
  // file or a columnar API hands them over: no record objects, no strings to parse. Counted in a
  // process of its own that holds only the columns, as a page fed columns does: in this process
  // the million parsed records (and the code paths trained on them) made the same count ~2× slower.
  const columnar = columnarInChild();
  const columnarSame = columnar !== null && agreeResults(columnar.results, results);

  // Working-hours clock alone: closed form vs minute stepping, on the same 2,000 spans.
  const rand = mulberry32(7);
  const spans = Array.from({ length: 2000 }, () => {
    const a = Date.parse('2026-08-01T00:00:00+08:00') + Math.floor(rand() * 90 * 24 * 60) * MINUTE;
    return [a, a + Math.floor(rand() * 72 * 60) * MINUTE] as const;
  });
  const clock = compileCalendar(calendar);
  const closed = timeCall(() => spans.reduce((sum, [a, b]) => sum + clock.workingMsBetween(a, b), 0));
  const stepped = timeCall(() => spans.reduce((sum, [a, b]) => sum + minuteSteppingMs(a, b, calendar), 0));

  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const oursMedian = median(ours.slice(1));
  const oursCpuMedian = median(oursCpu.slice(1));
  const verdict = (ms: number, target: number) => (ms <= target ? 'PASS' : 'MISS');
  console.log(`  load average ${load.map((l) => l.toFixed(1)).join(' ')} at start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end (2 cores: wall times inflate when others run; CPU times much less)`);
  console.log(`  JSON.parse of the ${megacity ? 'shards' : 'same cases as JSON text (100k per text)'}: ${fmt(parsing.ms)} (CPU ${fmt(parsing.cpuMs)})`);
  console.log(
    `  computeFunnel from parsed JSON (new arrays each run): first call ${fmt(ours[0])} (CPU ${fmt(oursCpu[0])}), then median ${fmt(oursMedian)} (CPU ${fmt(oursCpuMedian)}), best ${fmt(Math.min(...ours))}  [target ≤ ${TARGET_NODE_MS} ms for 1M: wall ${verdict(oursMedian, TARGET_NODE_MS)}, CPU ${verdict(oursCpuMedian, TARGET_NODE_MS)}]`,
  );
  console.log(`  of which reading the records alone, as the count reads them (walk + ISO parsing into typed values, nothing counted): median ${fmt(median(reading))} (CPU ${fmt(median(readingCpu))})`);
  console.log(
    `  floor under any parser: visiting the ${timestampCount.toLocaleString('en')} timestamp strings and reading their characters, nothing parsed: median ${fmt(median(touching))} (CPU ${fmt(median(touchingCpu))})`,
  );
  console.log(`  second count of the same lists (read into columns, kept from then on): ${fmt(second.ms)} (CPU ${fmt(second.cpuMs)})`);
  console.log(
    `  recount of the same lists with other options (columns kept): median ${fmt(median(recount))} (CPU ${fmt(median(recountCpu))})  [target ≤ ${TARGET_NODE_MS} ms: wall ${verdict(median(recount), TARGET_NODE_MS)}, CPU ${verdict(median(recountCpu), TARGET_NODE_MS)}]; naive / this ${(naive.cpuMs / median(recountCpu)).toFixed(1)}× CPU; same figures as the first count: ${recountSame ? 'yes' : 'NO'}`,
  );
  console.log(`  naive per-stage array filters:  ${fmt(naive.ms)} (CPU ${fmt(naive.cpuMs)})`);
  console.log(`  ratio naive / ours: ${(naive.ms / oursMedian).toFixed(1)}× wall, ${(naive.cpuMs / oursCpuMedian).toFixed(1)}× CPU`);
  console.log(`  same figures (reached, pending, overdue, dropped, median, p90): ${problems.length ? `NO — ${problems.slice(0, 5).join('; ')}` : 'yes'}`);
  console.log(
    `  memory: data loaded ${mb(before.heapUsed)} heap + ${mb(before.arrayBuffers)} array buffers; right after a count (before any collection) ${mb(peak.heapUsed)} + ${mb(peak.arrayBuffers)}; kept after GC (no columns after a first count; the duration buffers pooled for the next count) ${mb(retained.heapUsed)} + ${mb(retained.arrayBuffers)} → +${(((retained.heapUsed + retained.arrayBuffers) / (before.heapUsed + before.arrayBuffers) - 1) * 100).toFixed(1)} %`,
  );
  console.log(`  computeFunnel from parsed JSON, timestamps as epoch-ms numbers (no string parsing): median ${fmt(median(numericRuns))} (CPU ${fmt(median(numericCpu))})`);
  if (columnar === null) console.log('  computeFunnel on columnar input: the process counting it failed (see above)');
  else
    console.log(
      `  computeFunnel on columnar input (typed epoch-ms columns, new objects each run; a process holding only the columns): median ${fmt(median(columnar.runs))} (CPU ${fmt(median(columnar.cpu))})  [target ≤ ${TARGET_NODE_MS} ms: wall ${verdict(median(columnar.runs), TARGET_NODE_MS)}, CPU ${verdict(median(columnar.cpu), TARGET_NODE_MS)}]; naive / this ${(naive.cpuMs / median(columnar.cpu)).toFixed(1)}× CPU; same results as the records: ${columnarSame ? 'yes' : 'NO'}`,
    );
  console.log(`  computeFunnel from parsed JSON, working calendar (working-hour durations + a working-hour dispatch limit): median ${fmt(median(working))} (CPU ${fmt(median(workingCpu))})`);
  console.log(
    `  working hours of 2,000 spans: closed form ${closed.ms.toFixed(2)} ms, minute stepping ${fmt(stepped.ms)} → ratio ${(stepped.ms / closed.ms).toFixed(0)}×, same result: ${closed.value === stepped.value ? 'yes' : `no (${closed.value} vs ${stepped.value})`}`,
  );
  datasets.forEach((d, i) => {
    const r = results[i];
    const rates = Object.entries(r.rates)
      .map(([name, rate]) => `${name} ${rate.value === null ? '–' : `${(rate.value * 100).toFixed(1)}%`}`)
      .join(', ');
    console.log(`  ${d.preset}: ${rates}; issues ${r.issueCount}`);
  });
}

interface ColumnarFigures {
  runs: number[];
  cpu: number[];
  results: FunnelResult[];
}

/** Runs this file again as a child that counts the columnar input alone (`countColumnarAlone`). */
function columnarInChild(): ColumnarFigures | null {
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=12288', '--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, FUNNEL_COLUMNAR_ALONE: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) {
    process.stderr.write(child.stderr);
    return null;
  }
  return JSON.parse(line) as ColumnarFigures;
}

/**
 * The child's part: the same datasets as typed columns, the records dropped before counting; five
 * counts on new column objects each (nothing read before is reused). Prints one JSON line.
 */
function countColumnarAlone(): void {
  const megacity = loadMegacity();
  const datasets = megacity ?? [{ preset: 'city-management' as const, cases: synthesizeCases(CASE_COUNT), now: BENCH_NOW }];
  const columnar = datasets.map((d) => ({ preset: d.preset, now: d.now, columns: toColumns(d.cases, PRESETS[d.preset].map((stage) => stage.key)) }));
  datasets.length = 0;
  const figures: ColumnarFigures = { runs: [], cpu: [], results: [] };
  for (let run = 0; run < 5; run++) {
    const inputs = columnar.map((c) => ({ ...c.columns }));
    gc();
    const timed = timeCall(() => columnar.map((c, i) => computeFunnel({ preset: c.preset, columns: inputs[i] }, { now: c.now })));
    figures.runs.push(timed.ms);
    figures.cpu.push(timed.cpuMs);
    figures.results = timed.value;
  }
  console.log(JSON.stringify(figures));
}

/** A copy of a case with its stage times and deadlines as epoch milliseconds. */
function toEpochMs(raw: unknown): unknown {
  const c = raw as { stages: Record<string, string>; due?: Record<string, string> };
  const convert = (times: Record<string, string>) => Object.fromEntries(Object.entries(times).map(([key, value]) => [key, Date.parse(value)]));
  return { ...c, stages: convert(c.stages), ...(c.due ? { due: convert(c.due) } : {}) };
}

/** The record fields of `cases` as columns: times as epoch ms in Float64Arrays (NaN: none), the rest as arrays. */
function toColumns(cases: unknown[], keys: readonly string[]): Record<string, unknown> {
  const n = cases.length;
  const times = () => Object.fromEntries(keys.map((key) => [key, new Float64Array(n).fill(NaN)])) as Record<string, Float64Array>;
  const stages = times();
  const due = times();
  const names = ['id', 'tier', 'channel', 'grid', 'category', 'status', 'rating', 'resolved'] as const;
  const fields = Object.fromEntries(names.map((name) => [name, new Array<unknown>(n).fill(null)])) as Record<(typeof names)[number], unknown[]>;
  const reworks = new Float64Array(n).fill(NaN);
  cases.forEach((raw, i) => {
    const c = raw as Record<string, any>;
    for (const key of keys) {
      if (c.stages?.[key] != null) stages[key][i] = parseTimestamp(c.stages[key]);
      if (c.due?.[key] != null) due[key][i] = parseTimestamp(c.due[key]);
    }
    for (const name of names) if (c[name] != null) fields[name][i] = c[name];
    if (c.reworks != null) reworks[i] = c.reworks;
  });
  return { ...fields, stages, due, reworks };
}

/** A 2024 + 2026 mainland China working calendar (public holidays and make-up workdays). */
const calendar: Required<WorkingCalendar> = {
  weekdays: [1, 2, 3, 4, 5],
  hours: [
    [9, 12],
    [13.5, 18],
  ],
  holidays: [
    ...['2024-01-01', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', '2024-02-17'],
    ...['2024-04-04', '2024-04-05', '2024-05-01', '2024-05-02', '2024-05-03', '2024-06-10'],
    ...['2026-09-25', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  ],
  workdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2026-09-27', '2026-10-10'],
  timeZone: '+08:00',
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.env.FUNNEL_COLUMNAR_ALONE === '1') countColumnarAlone();
  else runFunnelMetricsBench();
}
