// `npm run bench -- workbench`: the planner's workbench models at megacity scale (issue 15).
//  1. Coverage by management unit: 50k residences placed in 100k+ units (by their `grid` field,
//     and by unit polygon when the field is missing) and rolled up the hierarchy, against the
//     naive way (per residence, walk the parent chain adding into objects keyed by unit id).
//  2. A plan against the baseline: edits applied, and the comparison of two results, against the
//     naive way (the results' per-residence objects compared key by key).
//  3. What-if edits applied incrementally (EditableAnalysis): the median ms per edit over 24 edits
//     (add, move, remove at random places, several categories) on the walking network and in a
//     straight line, against a full analysis of the same plan in the same run (target: ≤ 100 ms per
//     edit), with the check that both give the same columns, and undo back to the baseline. An edit
//     is split as the element splits it: the engine's update (the worker's part, answering with the
//     rows that changed) and the patch of the previous result with them (the page's part).
// Data: data-samples/megacity/{residences,facilities,grids,roads}.geojson (generate them with
// `npx tsx data-samples/generate.ts`); sections 1–2 analyse in a straight line (the roll-up reads
// only the result's columns); section 3 also on the roads.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../data-samples/lib-random';
import { analyzeLifeCircle, analyzePrepared, applyEdits, EditableAnalysis, packRoads, prepareLifeCircle } from '../src/life-circle/engine/index';
import type { LifeCircleInput, LifeCircleOptions, LifeCircleResult } from '../src/life-circle/engine/types';
import { comparePlans, type FacilityEdit } from '../src/life-circle/model/scenario';
import { assignResidences, coverageByUnit, worstFirst } from '../src/life-circle/model/unit-coverage';
import { UnitTree } from '../src/scope/model/unit-tree';
import { ratio, timeCall } from './harness.mjs';

type FC = { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: any; properties: Record<string, any> }[] };

const megacity = join(process.cwd(), 'data-samples', 'megacity');
const ms = (t: number) => `${t.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rounds = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `run` `rounds` times; the median wall and CPU time, and the last value. */
function timed<T>(run: () => T): { ms: number; cpuMs: number; value: T } {
  const runs = Array.from({ length: rounds }, () => timeCall(run));
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), value: runs[runs.length - 1]!.value };
}

/** Naive roll-up: each residence walks up its parent chain, adding into plain rows keyed by unit id. */
function naiveRollUp(result: LifeCircleResult, references: (string | null)[], parentOf: Map<string, string | null>) {
  const rows = new Map<string, { population: number; residences: number; covered: Record<string, number> }>();
  const { residenceIds, categories, within, population } = result.columns;
  residenceIds.forEach((_, r) => {
    for (let unit = references[r] ?? null; unit !== null && parentOf.has(unit); unit = parentOf.get(unit) ?? null) {
      let row = rows.get(unit);
      if (!row) rows.set(unit, (row = { population: 0, residences: 0, covered: Object.create(null) }));
      row.population += population[r]!;
      row.residences++;
      categories.forEach((key, c) => {
        if (within[r * categories.length + c] === 1) row!.covered[key] = (row!.covered[key] ?? 0) + population[r]!;
      });
    }
  });
  return rows;
}

/** Naive comparison: the results' residence objects, category by category. */
function naiveCompare(base: LifeCircleResult, plan: LifeCircleResult): number {
  let changed = 0;
  for (const [id, before] of Object.entries(base.residences)) {
    const after = plan.residences[id];
    if (!after) continue;
    const differs = before.score !== after.score || Object.entries(before.categories).some(([key, outcome]) => outcome.within !== after.categories[key]?.within);
    if (differs) changed++;
  }
  return changed;
}

const cpuNow = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** 24 edits at random places: adds in several categories, moves and removes of baseline and added facilities. */
function randomPlan(facilities: FC, positions: Float64Array, categories: string[], seed: number): FacilityEdit[] {
  const rng = mulberry32(seed);
  const edits: FacilityEdit[] = [];
  const jitter = () => (rng() - 0.5) * 0.004; // ±200 m
  const somewhere = (): [number, number] => {
    const r = Math.floor(rng() * (positions.length / 2));
    return [positions[2 * r]! + jitter(), positions[2 * r + 1]! + jitter()];
  };
  const ids = () => applyEdits(facilities, edits).facilities.features.map((f) => String(f.properties!.id));
  for (let i = 0; i < 24; i++) {
    const kind = (['add', 'move', 'remove'] as const)[i % 3]!;
    if (kind === 'add') edits.push({ kind, id: `what-if-${i}`, category: categories[Math.floor(rng() * categories.length)]!, position: somewhere() });
    else {
      const live = ids();
      // Every fourth move or removal takes an added facility.
      const id = i % 4 === 0 && edits.some((e) => e.kind === 'add' && live.includes(e.id)) ? edits.filter((e) => e.kind === 'add' && live.includes(e.id)).at(-1)!.id : live[Math.floor(rng() * live.length)]!;
      edits.push(kind === 'move' ? { kind, id, position: somewhere() } : { kind, id });
    }
  }
  return edits;
}

/** Same columns, coverage and summary (the fields a plan changes), exactly. */
function sameResult(a: LifeCircleResult, b: LifeCircleResult): boolean {
  const columns = (r: LifeCircleResult) => {
    const { distance, facility, within, score, catchmentPopulation, catchmentResidences, facilityCategory } = r.columns;
    return [distance, facility, within, score, catchmentPopulation, catchmentResidences, facilityCategory].map((c) => Array.from(c as ArrayLike<number>, (v) => (Number.isNaN(v) ? 'NaN' : v)));
  };
  return (
    JSON.stringify(columns(a)) === JSON.stringify(columns(b)) &&
    JSON.stringify(a.columns.facilityIds) === JSON.stringify(b.columns.facilityIds) &&
    JSON.stringify(a.coverage) === JSON.stringify(b.coverage) &&
    JSON.stringify(a.summary) === JSON.stringify(b.summary) &&
    JSON.stringify(a.issues) === JSON.stringify(b.issues)
  );
}

/** Section 3 for one method: incremental edits, full re-runs at checkpoints, undo to the baseline. */
/** What the page redraws from an edit's result: the comparison with the baseline, and the roll-up by unit when units are shown. */
type PageRefresh = { tree: UnitTree; units: Int32Array };

function whatIf(label: string, input: LifeCircleInput & { facilities: FC }, options: LifeCircleOptions, positions: Float64Array, page: PageRefresh): void {
  // The analysis first, then what edits keep beside it (its memory is the edit state's cost).
  const analysed = timeCall(() => {
    const prepared = prepareLifeCircle(input, options);
    return { prepared, result: analyzePrepared(prepared, options) };
  });
  gc();
  const before = process.memoryUsage();
  const built = timeCall(() => new EditableAnalysis(analysed.value.prepared, options, analysed.value.result, input));
  const editable = built.value;
  gc();
  const held = process.memoryUsage();
  const categories = editable.baseline.categories.filter((c) => c.limit !== null).map((c) => c.key);
  const plan = randomPlan(input.facilities, positions, categories, label.length * 7919);
  console.log(`\n-- what-if edits, ${label} (${editable.baseline.method}) --`);
  console.log(`  baseline analysis: ${ms(analysed.ms)} (CPU ${ms(analysed.cpuMs)}); edit state over it: ${ms(built.ms)} (CPU ${ms(built.cpuMs)})`);
  console.log(`  memory with the analysis → with the edit state too: heap ${mb(before.heapUsed)} → ${mb(held.heapUsed)}, array buffers ${mb(before.arrayBuffers)} → ${mb(held.arrayBuffers)}`);
  const perKind = new Map<string, number[]>();
  const engineMs: number[] = [];
  const patchMs: number[] = [];
  const compareMs: number[] = [];
  const rollUpMs: number[] = [];
  const all: number[] = [];
  const allCpu: number[] = [];
  const fullMs: number[] = [];
  const fullCpu: number[] = [];
  let agree = true;
  let incremental = 0;
  let peak = 0;
  let peakBuffers = 0;
  for (let n = 1; n <= plan.length; n++) {
    const edits = plan.slice(0, n);
    const wall = performance.now();
    const cpu = cpuNow();
    const { result, changed } = editable.apply(edits);
    const took = performance.now() - wall;
    all.push(took);
    allCpu.push(cpuNow() - cpu);
    // The page's refresh, outside the edit's time: the comparison panel and the unit choropleth.
    compareMs.push(timeCall(() => comparePlans(editable.baseline.columns, result.columns)).ms);
    rollUpMs.push(timeCall(() => coverageByUnit(result.columns, page.tree, page.units)).ms);
    const kind = plan[n - 1]!.kind;
    perKind.set(kind, [...(perKind.get(kind) ?? []), took]);
    if (result.timings.edit !== undefined) {
      incremental++;
      engineMs.push(result.timings.edit);
      patchMs.push(result.timings.patch ?? 0);
    }
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.heapUsed);
    peakBuffers = Math.max(peakBuffers, usage.arrayBuffers);
    if (n % 8 === 0) {
      // The same plan analysed in full, in the same run.
      const full = timeCall(() => analyzeLifeCircle({ ...input, facilities: applyEdits(input.facilities, edits).facilities }, options));
      fullMs.push(full.ms);
      fullCpu.push(full.cpuMs);
      const same = sameResult(result, full.value);
      agree &&= same;
      console.log(`  after ${n} edits: full analysis ${ms(full.ms)} (CPU ${ms(full.cpuMs)}); incremental result equal: ${same ? 'yes' : 'NO'}; last edit changed ${changed.length} residences`);
    }
  }
  const undo = timeCall(() => editable.apply([]));
  const back = sameResult(undo.value.result, editable.baseline);
  const median_ = median(all);
  console.log(`  per edit (${all.length}, ${incremental} incremental): median ${ms(median_)} (CPU ${ms(median(allCpu))}), max ${ms(Math.max(...all))}; ${[...perKind].map(([k, v]) => `${k} ${ms(median(v))}`).join(', ')}`);
  console.log(`  of which the engine's update (a worker's part): median ${ms(median(engineMs))}; the patch of the previous result (the page's part): median ${ms(median(patchMs))}`);
  console.log(`  the page's refresh after it (not in the edit's time): comparison with the baseline median ${ms(median(compareMs))}; roll-up by unit (when units are shown) median ${ms(median(rollUpMs))}`);
  console.log(`  full analysis of the plan: median ${ms(median(fullMs))} (CPU ${ms(median(fullCpu))}); ratio full / incremental ${ratio(median(fullMs), median_)}`);
  console.log(`  undo to the baseline: ${ms(undo.ms)}, equal to the baseline: ${back ? 'yes' : 'NO'}; both ways agree: ${agree ? 'yes' : 'NO'}; peak while editing: heap ${mb(peak)}, array buffers ${mb(peakBuffers)}`);
  console.log(`  target ≤ 100 ms per edit: ${median_ <= 100 && agree && back ? 'PASS' : 'MISS'} (median ${ms(median_)}${agree && back ? '' : ', results differ'})`);
}

function main(): void {
  const files = ['residences.geojson', 'facilities.geojson', 'grids.geojson'].map((f) => join(megacity, f));
  if (!files.every(existsSync)) {
    console.log('workbench bench: data-samples/megacity is missing (npx tsx data-samples/generate.ts); not run.');
    return;
  }
  console.log(`workbench: megacity sample; Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const [residences, facilities, grids] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as FC);
  const tree = timeCall(() => UnitTree.fromGeoJson(grids));
  console.log(`  ${residences!.features.length} residences, ${facilities!.features.length} facilities, ${tree.value.size} units (hierarchy with polygons built in ${ms(tree.ms)})`);
  const analysis = timeCall(() => analyzeLifeCircle({ residences, facilities }, { method: 'straight-line' }));
  const result = analysis.value;
  console.log(`  baseline analysis (straight line, ${result.categories.length} categories): ${ms(analysis.ms)}`);

  // 1. Coverage by unit.
  const byId = new Map(residences!.features.map((f) => [String(f.properties.id), f]));
  const features = result.columns.residenceIds.map((id) => byId.get(id)!);
  const references = features.map((f) => (f.properties.grid as string | undefined) ?? null);
  const positions = new Float64Array(features.length * 2);
  features.forEach((f, r) => {
    const c = f.geometry.type === 'Point' ? f.geometry.coordinates : f.geometry.coordinates[0][0];
    positions[2 * r] = c[0];
    positions[2 * r + 1] = c[1];
  });
  console.log('\n-- coverage by management unit --');
  const byField = timed(() => assignResidences(tree.value, references, positions));
  console.log(`  placing residences by their grid field: ${ms(byField.ms)} (CPU ${ms(byField.cpuMs)}); ${JSON.stringify(byField.value.counts)}`);
  const noFields = references.map(() => null);
  const byPolygon = timed(() => assignResidences(tree.value, noFields, positions));
  console.log(`  placing them by unit polygon (no field; spatial index + point in polygon): ${ms(byPolygon.ms)} (CPU ${ms(byPolygon.cpuMs)}); ${JSON.stringify(byPolygon.value.counts)}`);
  const agree = byField.value.units.every((u, r) => byPolygon.value.units[r] === u);
  console.log(`  same unit both ways for every residence: ${agree ? 'yes' : 'NO'}`);
  const rollUp = timed(() => coverageByUnit(result.columns, tree.value, byField.value.units));
  const parentOf = new Map(grids!.features.map((f) => [String(f.properties.id), (f.properties.parent as string | undefined) ?? null]));
  const naive = timed(() => naiveRollUp(result, references, parentOf));
  console.log(`  roll-up into ${rollUp.value.units.length} units: ${ms(rollUp.ms)} (CPU ${ms(rollUp.cpuMs)})`);
  console.log(`  naive (parent chain walk, rows keyed by id): ${ms(naive.ms)} (CPU ${ms(naive.cpuMs)}); ratio naive / ours ${ratio(naive.ms, rollUp.ms)}`);
  const table = rollUp.value;
  const same = Array.from(table.units).every((u, i) => {
    const other = naive.value.get(tree.value.ids[u]!);
    const C = table.categories.length;
    return other && other.population === table.population[i] && other.residences === table.residences[i] && table.categories.every((key, c) => (other.covered[key] ?? 0) === table.covered[i * C + c]);
  });
  console.log(`  same figures as the naive roll-up: ${same && naive.value.size === table.units.length ? 'yes' : 'NO'}`);
  const sorted = timed(() => worstFirst(table));
  console.log(`  sorted worst first: ${ms(sorted.ms)} (CPU ${ms(sorted.cpuMs)}); worst: ${table.row(sorted.value[0]!).id}`);

  // 2. A plan against the baseline: a new facility of the least-covered category at the worst unit's first residence.
  console.log('\n-- a plan against the baseline --');
  const worst = result.categories.reduce((a, b) => (result.coverage[a.key]!.share <= result.coverage[b.key]!.share ? a : b));
  const at = [positions[0]!, positions[1]!] as [number, number];
  const edits: FacilityEdit[] = [{ kind: 'add', id: 'plan-site-1', category: worst.key, position: at }];
  const applied = timed(() => applyEdits(facilities!, edits));
  const planned = timeCall(() => analyzeLifeCircle({ residences, facilities: applied.value.facilities }, { method: 'straight-line' }));
  console.log(`  edits applied: ${ms(applied.ms)}; the plan analysed in full: ${ms(planned.ms)}`);
  const heapBefore = process.memoryUsage();
  const compared = timed(() => comparePlans(result.columns, planned.value.columns));
  const naiveCompared = timed(() => naiveCompare(result, planned.value));
  const heapAfter = process.memoryUsage();
  console.log(`  comparison: ${ms(compared.ms)} (CPU ${ms(compared.cpuMs)}), ${compared.value.residences.length} residences change`);
  console.log(`  naive (per-residence objects): ${ms(naiveCompared.ms)} (CPU ${ms(naiveCompared.cpuMs)}), ${naiveCompared.value} change; ratio naive / ours ${ratio(naiveCompared.ms, compared.ms)}; same count: ${naiveCompared.value === compared.value.residences.length ? 'yes' : 'NO'}`);
  console.log(`  heap ${mb(heapBefore.heapUsed)} → ${mb(heapAfter.heapUsed)}, array buffers ${mb(heapBefore.arrayBuffers)} → ${mb(heapAfter.arrayBuffers)}`);

  // 3. What-if edits: straight line, then on the roads (packed as the worker gets them).
  const page = { tree: tree.value, units: byField.value.units };
  whatIf('straight line', { residences: residences!, facilities: facilities! }, { method: 'straight-line' }, positions, page);
  const roadsFile = join(megacity, 'roads.geojson');
  if (!existsSync(roadsFile)) {
    console.log('\n  data-samples/megacity/roads.geojson is missing: the network edits are not run.');
    return;
  }
  const roads = packRoads(JSON.parse(readFileSync(roadsFile, 'utf8')));
  whatIf('walking network', { residences: residences!, facilities: facilities!, roads }, {}, positions, page);
  console.log(`\n  load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main();
