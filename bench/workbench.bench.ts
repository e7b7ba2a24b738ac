// `npm run bench -- workbench`: the planner's workbench models at megacity scale (issue 15).
//  1. Coverage by management unit: 50k residences placed in 100k+ units (by their `grid` field,
//     and by unit polygon when the field is missing) and rolled up the hierarchy, against the
//     naive way (per residence, walk the parent chain adding into objects keyed by unit id).
//  2. A plan against the baseline: edits applied, and the comparison of two results, against the
//     naive way (the results' per-residence objects compared key by key).
// Data: data-samples/megacity/{residences,facilities,grids}.geojson (generate them with
// `npx tsx data-samples/generate.ts`); straight-line analysis (the network's cost is the
// life-circle bench's subject; the roll-up reads only the result's columns).
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { analyzeLifeCircle } from '../src/life-circle/engine/index';
import type { LifeCircleResult } from '../src/life-circle/engine/types';
import { applyEdits, comparePlans, type FacilityEdit } from '../src/life-circle/model/scenario';
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
}

main();
