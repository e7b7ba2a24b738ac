import { expect } from 'chai';
import { analyzeLifeCircle, applyEdits, createLifeCircleWorker, EditableAnalysis, suggestSites } from '../../src/life-circle/engine/index';
import type { FacilityEdit, LifeCircleInput, LifeCircleOptions, LifeCircleResult } from '../../src/life-circle/engine/index';
import { coreOf, materializeResult, patchResult } from '../../src/life-circle/engine/result';
import { createWorkerHost } from '../../src/life-circle/engine/worker-host';
import type { WorkerResponse } from '../../src/life-circle/engine/protocol';
import { at, CATEGORIES, facility, fc, home, mulberry32, randomCity, road } from './engine-fixtures';

type City = ReturnType<typeof randomCity>;

/** The plan analysed in full: what every incremental result must equal. */
function fullRun(city: LifeCircleInput & { facilities: City['facilities'] }, edits: readonly FacilityEdit[], options: LifeCircleOptions): LifeCircleResult {
  return analyzeLifeCircle({ ...city, facilities: applyEdits(city.facilities, edits).facilities }, options);
}

/** Every field but timings (the plan's own issues, last, left out), every column, and the lazy per-record views. */
function expectSame(actual: LifeCircleResult, expected: LifeCircleResult, planIssues = 0): void {
  const { timings: _a, ...got } = coreOf(actual);
  const { timings: _b, ...want } = coreOf(expected);
  got.issues = got.issues.slice(0, got.issues.length - planIssues);
  got.issueCount -= planIssues;
  expect(got.columns).to.deep.equal(want.columns);
  expect(got.issues).to.deep.equal(want.issues);
  expect(got).to.deep.equal(want);
  expect(JSON.stringify(actual.residences)).to.equal(JSON.stringify(expected.residences));
  expect(actual.gaps).to.deep.equal(expected.gaps);
  expect(actual.catchments).to.deep.equal(expected.catchments);
}

/** Rows whose outcome differs between two full analyses (per-residence objects compared). */
function rowsThatDiffer(before: LifeCircleResult, after: LifeCircleResult): number[] {
  return before.columns.residenceIds.flatMap((id, r) => (JSON.stringify(before.residences[id]) === JSON.stringify(after.residences[id]) ? [] : [r]));
}

/** A random plan step over the city: add, move or remove, at random places and categories. */
function randomEdit(rng: () => number, ids: string[], n: number): FacilityEdit {
  const roll = rng();
  const position = at(rng() * 1600, rng() * 1600);
  if (roll < 0.45 || ids.length === 0) return { kind: 'add', id: `new-${n}`, category: CATEGORIES[Math.floor(rng() * CATEGORIES.length)]!, position, name: `new ${n}` };
  const id = ids[Math.floor(rng() * ids.length)]!;
  return roll < 0.75 ? { kind: 'move', id, position } : { kind: 'remove', id };
}

/** Live facility ids of a plan. */
const idsOf = (city: City, edits: readonly FacilityEdit[]): string[] => applyEdits(city.facilities, edits).facilities.features.map((f) => String(f.properties!.id));

describe('life-circle engine: incremental what-if edits', () => {
  for (const [label, options] of [
    ['network', { level: 'all' }],
    ['straight line', { level: 'all', method: 'straight-line' }],
  ] as const) {
    it(`${label}: each step of random plans equals a full analysis on all residences, and reports exactly the rows that changed`, () => {
      for (const seed of [3, 7, 12]) {
        const city = randomCity(seed);
        const editable = EditableAnalysis.analyze(city, options);
        const baseline = analyzeLifeCircle(city, options);
        expectSame(editable.baseline, baseline);
        const rng = mulberry32(seed * 101);
        const edits: FacilityEdit[] = [];
        let previous = baseline;
        for (let step = 0; step < 10; step++) {
          edits.push(randomEdit(rng, idsOf(city, edits), step));
          const { result, changed, issues } = editable.apply(edits);
          const expected = fullRun(city, edits, options);
          expect(issues).to.deep.equal([]);
          // Incremental unless the plan moves a projection fitted to every point (straight line: a facility at the data's edge).
          const sameProjection = expected.projection.lon0 === baseline.projection.lon0 && expected.projection.lat0 === baseline.projection.lat0;
          expect(result.timings[sameProjection ? 'edit' : 'full'], 'how it was updated').to.be.a('number');
          if (label === 'network') expect(sameProjection).to.equal(true);
          expectSame(result, expected);
          expect(Array.from(changed)).to.deep.equal(rowsThatDiffer(previous, expected));
          previous = expected;
        }
        // Undo step by step back to the start: the baseline exactly.
        while (edits.length > 0) {
          edits.pop();
          expectSame(editable.apply(edits).result, fullRun(city, edits, options));
        }
        expectSame(editable.result, baseline);
      }
    });
  }

  it('adds, moves and removes in every category; an added facility moved and removed; a plan switch; back to the baseline', () => {
    const city = randomCity(5);
    const options = { level: 'all' } as const;
    const editable = EditableAnalysis.analyze(city, options);
    const [f0, f1, f2] = city.facilities.features.map((f) => String(f.properties.id));
    const planA: FacilityEdit[] = [
      ...CATEGORIES.map((category, i): FacilityEdit => ({ kind: 'add', id: `a-${category}`, category, position: at(300 + 400 * i, 800) })),
      { kind: 'move', id: f0!, position: at(800, 800) },
      { kind: 'remove', id: f1! },
      { kind: 'move', id: 'a-kindergarten', position: at(1200, 300) },
      { kind: 'remove', id: 'a-primary-school' },
    ];
    for (let n = 1; n <= planA.length; n++) expectSame(editable.apply(planA.slice(0, n)).result, fullRun(city, planA.slice(0, n), options));
    const planB: FacilityEdit[] = [
      { kind: 'remove', id: f2! },
      { kind: 'add', id: 'a-junior-middle-school', category: 'junior-middle-school', position: at(100, 100) },
      { kind: 'add', id: 'b-1', category: 'kindergarten', position: at(700, 900) },
    ];
    const switched = editable.apply(planB);
    expectSame(switched.result, fullRun(city, planB, options));
    expect(switched.result.columns.facilityIds.slice(-2)).to.deep.equal(['a-junior-middle-school', 'b-1']);
    // Back to plan A, then the baseline.
    expectSame(editable.apply(planA).result, fullRun(city, planA, options));
    expectSame(editable.apply([]).result, analyzeLifeCircle(city, options));
  });

  it('accepts a suggested site into the plan; suggestions and isochrones then see the edited facilities', () => {
    const city = randomCity(7);
    const options = { level: 'all' } as const;
    const editable = EditableAnalysis.analyze(city, options);
    const suggestion = suggestSites(editable.prepared, { ...options, category: 'kindergarten', k: 1 });
    const site = suggestion.sites[0]!;
    expect(site.population).to.be.greaterThan(0);
    const plan: FacilityEdit[] = [{ kind: 'add', id: 'suggested-1', category: 'kindergarten', position: site.coordinates }];
    const { result } = editable.apply(plan);
    expectSame(result, fullRun(city, plan, options));
    const after = suggestSites(editable.prepared, { ...options, category: 'kindergarten', k: 1 });
    const fresh = suggestSites({ ...city, facilities: applyEdits(city.facilities, plan).facilities }, { ...options, category: 'kindergarten', k: 1 });
    expect(after).to.deep.equal(fresh);
    expect(after.uncoveredPopulation).to.equal(suggestion.uncoveredPopulation - site.population);
    expect(editable.prepared.input.facilities.ids).to.include('suggested-1');
  });

  it('reports an edit naming an unknown facility and changes nothing else', () => {
    const city = randomCity(3);
    const editable = EditableAnalysis.analyze(city, {});
    const plan: FacilityEdit[] = [
      { kind: 'move', id: 'no-such', position: at(10, 10) },
      { kind: 'remove', id: 'also-missing' },
    ];
    const { result, changed, issues } = editable.apply(plan);
    expect(issues.map((i) => [i.path, i.code])).to.deep.equal([
      ['edits[0].id', 'unknown-reference'],
      ['edits[1].id', 'unknown-reference'],
    ]);
    expect(result.issues.slice(-2)).to.deep.equal(issues);
    expectSame(result, editable.baseline, 2);
    expect(Array.from(changed)).to.deep.equal([]);
  });

  it('renumbers the facilities issues after a removal and reports those of an added facility where a full analysis does', () => {
    // Facilities far from any road, one with a bad category, one in another city: warnings and errors by feature index.
    const city = randomCity(4);
    const outlier = facility('beijing', 'kindergarten', 0, 0);
    outlier.geometry = { type: 'Point', coordinates: [116.4, 39.9] }; // outside the study area
    city.facilities.features.push(facility('off-road', 'kindergarten', 800, 2400), facility('bad', 'no-such-category', 100, 100), outlier);
    const options = { level: 'all' } as const;
    const editable = EditableAnalysis.analyze(city, options);
    const baseline = editable.baseline;
    expect(baseline.issues.filter((i) => i.path.startsWith('facilities.')).length).to.be.greaterThan(1);
    const plan: FacilityEdit[] = [
      { kind: 'remove', id: String(city.facilities.features[0]!.properties.id) },
      { kind: 'add', id: 'far', category: 'kindergarten', position: at(400, 2450) }, // no road within 500 m
      { kind: 'add', id: 'unknown', category: 'no-such-category', position: at(400, 400) },
      { kind: 'add', id: 'away', category: 'kindergarten', position: [116.4, 39.9] }, // outside the study area
      { kind: 'move', id: 'off-road', position: at(800, 800) },
    ];
    for (let n = 1; n <= plan.length; n++) {
      const { result } = editable.apply(plan.slice(0, n));
      expect(result.timings.edit, 'updated incrementally').to.be.a('number');
      expectSame(result, fullRun(city, plan.slice(0, n), options));
    }
  });

  it('agrees with a full analysis on exact ties: co-located facilities and residences halfway between two', () => {
    const roads = fc([road('h', [0, 0], [1000, 0]), road('v', [500, -300], [500, 300])]);
    const residences = fc([home('mid', 500, 0), home('left', 250, 0), home('right', 750, 0), home('up', 500, 200)]);
    const facilities = fc([facility('w', 'kindergarten', 0, 0), facility('e', 'kindergarten', 1000, 0)]);
    for (const method of ['network', 'straight-line'] as const) {
      const city = { residences, facilities, roads };
      const options = { level: 'all', method } as const;
      const editable = EditableAnalysis.analyze(city, options);
      const plan: FacilityEdit[] = [
        { kind: 'add', id: 'w2', category: 'kindergarten', position: at(0, 0) }, // on top of w: ties everywhere
        { kind: 'add', id: 'c1', category: 'kindergarten', position: at(500, 300) },
        { kind: 'add', id: 'c0', category: 'kindergarten', position: at(500, -300) }, // as far from "mid" as c1
        { kind: 'remove', id: 'w' },
        { kind: 'remove', id: 'c1' },
      ];
      for (let n = 1; n <= plan.length; n++) expectSame(editable.apply(plan.slice(0, n)).result, fullRun(city, plan.slice(0, n), options));
    }
  });

  it('per-street rules and populations that are not whole numbers: every edit equals a full analysis, with the changed rows', () => {
    for (const whole of [true, false]) {
      const city = randomCity(8);
      // Streets by position; fractional populations make the totals depend on summing order (tallied in full then).
      city.residences.features.forEach((f, i) => {
        f.properties.street = `S${i % 3}`;
        if (!whole) f.properties.population = 10.1 * (i + 1) + 0.07;
      });
      city.facilities.features.push(facility('hc-0', 'health-centre', 200, 200, { street: 'S0' }));
      const options = { level: 15 } as const;
      const editable = EditableAnalysis.analyze(city, options);
      const plan: FacilityEdit[] = [
        { kind: 'add', id: 'hc-1', category: 'health-centre', position: at(900, 900) }, // takes the street of its nearest residence
        { kind: 'add', id: 'jm-1', category: 'junior-middle-school', position: at(400, 1200) },
        { kind: 'remove', id: 'hc-0' },
        { kind: 'move', id: 'hc-1', position: at(100, 1500) },
      ];
      let previous = editable.baseline;
      for (let n = 1; n <= plan.length; n++) {
        const { result, changed } = editable.apply(plan.slice(0, n));
        const expected = fullRun(city, plan.slice(0, n), options);
        expect(result.timings.edit, 'updated incrementally').to.be.a('number');
        expectSame(result, expected);
        expect(Array.from(changed)).to.deep.equal(rowsThatDiffer(previous, expected));
        previous = expected;
      }
      expect(previous.rules['health-centre']!.basis).to.equal('street');
    }
  });

  it('falls back to a full analysis where ids depend on feature order, and still equals it', () => {
    const city = randomCity(6);
    const withoutId = facility('x', 'kindergarten', 600, 600);
    delete withoutId.properties.id;
    city.facilities.features.push(withoutId, facility('f1', 'kindergarten', 700, 700)); // a repeated id
    const options = { level: 'all' } as const;
    const editable = EditableAnalysis.analyze(city, options);
    const plan: FacilityEdit[] = [{ kind: 'remove', id: 'f0' }];
    const { result } = editable.apply(plan);
    expectSame(result, fullRun(city, plan, options));
    expect(result.columns.facilityIds).to.include(`#${city.facilities.features.length - 3}`);
    expect(result.timings.full).to.be.a('number');
    // A move keeps every index: incremental again.
    const move: FacilityEdit[] = [{ kind: 'move', id: 'f2', position: at(100, 1500) }];
    const moved = editable.apply(move);
    expectSame(moved.result, fullRun(city, move, options));
    expect(moved.result.timings.edit).to.be.a('number');
  });

  it('the worker and the in-thread protocol host give what the pure class gives; a new analysis starts a new baseline', async () => {
    const city = randomCity(9);
    const options = { level: 'all' } as const;
    const plan: FacilityEdit[] = [
      { kind: 'add', id: 'n1', category: 'primary-school', position: at(900, 900) },
      { kind: 'remove', id: 'f3' },
      { kind: 'move', id: 'f4', position: at(200, 1200) },
      { kind: 'remove', id: 'nobody' },
    ];
    const pure = EditableAnalysis.analyze(city, options).apply(plan).result;
    const client = createLifeCircleWorker();
    try {
      await client.analyze(city, options);
      const viaWorker = await client.edit(plan);
      expectSame(viaWorker, pure);
      expectSame(viaWorker, fullRun(city, plan, options), 1);
      const shape = await client.isochrone({ facility: 'n1' }, { distance: 300 });
      expect(shape.features.length).to.equal(1);
      // A new analysis drops the plan: an empty plan is that analysis.
      await client.analyze(city, { level: 15 });
      expectSame(await client.edit([]), analyzeLifeCircle(city, { level: 15 }));
    } finally {
      client.terminate();
    }

    const posted: WorkerResponse[] = [];
    const handle = createWorkerHost((message) => posted.push(message));
    await handle({ type: 'edit', id: 1, edits: plan });
    expect(posted.pop()).to.deep.equal({ type: 'error', id: 1, name: 'Error', message: 'no analysis yet: call analyze() first' });
    await handle({ type: 'analyze', id: 2, versions: { residences: 1, facilities: 1, roads: 1 }, data: city, options });
    const analysed = posted.pop() as Extract<WorkerResponse, { type: 'result' }>;
    expect([analysed.type, analysed.version]).to.deep.equal(['result', 0]);
    await handle({ type: 'edit', id: 3, edits: plan });
    // The edit is answered with what changed since the analysis: applied to its result, the pure class's result.
    const answer = posted.pop()!;
    expect(answer.type).to.equal('edited');
    const delta = (answer as Extract<WorkerResponse, { type: 'edited' }>).delta;
    expect([delta.base, delta.version]).to.deep.equal([0, 1]);
    const { timings: _t, ...core } = coreOf(patchResult(materializeResult(analysed.result), delta));
    const { timings: _p, ...expected } = coreOf(pure);
    expect(core).to.deep.equal(expected);
  });

  it('through the worker, each edit equals a full analysis, also after an edit whose call was cancelled (its answer still moves the page along)', async () => {
    const city = randomCity(5);
    const options = { level: 'all' } as const;
    const plan: FacilityEdit[] = [
      { kind: 'add', id: 'n1', category: 'primary-school', position: at(900, 900) },
      { kind: 'remove', id: 'f2' },
      { kind: 'move', id: 'n1', position: at(300, 500) },
      { kind: 'remove', id: 'f5' },
      { kind: 'add', id: 'n2', category: 'kindergarten', position: at(1200, 400) },
    ];
    const client = createLifeCircleWorker();
    try {
      await client.analyze(city, options);
      for (let n = 1; n <= plan.length; n++) {
        if (n === 3) {
          // Cancelled on the page once posted: the worker applies it all the same.
          const controller = new AbortController();
          const cancelled = client.edit(plan.slice(0, n), { signal: controller.signal });
          controller.abort();
          const error = await cancelled.then(() => null, (e: Error) => e);
          expect(error?.name).to.equal('AbortError');
          continue;
        }
        expectSame(await client.edit(plan.slice(0, n)), fullRun(city, plan.slice(0, n), options));
      }
      expectSame(await client.edit([]), analyzeLifeCircle(city, options));
    } finally {
      client.terminate();
    }
  });

  it('edits never change the baseline result they start from, in the pure class nor through the worker', async () => {
    const city = randomCity(8);
    const options = { level: 'all' } as const;
    const plan: FacilityEdit[] = [
      { kind: 'add', id: 'n1', category: 'kindergarten', position: at(600, 600) },
      { kind: 'remove', id: 'f1' },
      { kind: 'move', id: 'f6', position: at(1400, 200) },
    ];
    const editable = EditableAnalysis.analyze(city, options);
    const client = createLifeCircleWorker();
    try {
      const viaWorker = await client.analyze(city, options);
      const kept = [structuredClone(coreOf(editable.baseline)), structuredClone(coreOf(viaWorker))];
      for (let n = 1; n <= plan.length; n++) {
        editable.apply(plan.slice(0, n));
        await client.edit(plan.slice(0, n));
      }
      expect(coreOf(editable.baseline)).to.deep.equal(kept[0]);
      expect(coreOf(viaWorker)).to.deep.equal(kept[1]);
      expectSame(editable.baseline, analyzeLifeCircle(city, options));
    } finally {
      client.terminate();
    }
  });
});
