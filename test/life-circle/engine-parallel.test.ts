import { expect } from 'chai';
import { analyzeLifeCircle, analyzePrepared, createLifeCircleWorker, packRoads, prepareLifeCircle } from '../../src/life-circle/engine/index';
import type { PreparedLifeCircle, ProgressInfo } from '../../src/life-circle/engine/index';
import { SearchHelper, analyzePreparedParallel, prepareParallel, serveSearches } from '../../src/life-circle/engine/parallel';
import type { SearchPort } from '../../src/life-circle/engine/parallel';
import { spawnEngineWorker } from '../../src/life-circle/engine/spawn-worker';
import { fc, randomCity, road } from './engine-fixtures';

/** A channel whose helper end counts the categories it answered. */
function countingChannel(): { primary: MessagePort; answered: () => number } {
  const channel = new MessageChannel();
  let answered = 0;
  const helperEnd: SearchPort = {
    postMessage: (message, transfer) => {
      answered++;
      channel.port2.postMessage(message, transfer ?? []);
    },
    addEventListener: (type, listener) => channel.port2.addEventListener(type, listener),
    start: () => channel.port2.start(),
  };
  serveSearches(helperEnd);
  return { primary: channel.port1, answered: () => answered };
}

const sameResult = (a: ReturnType<typeof analyzeLifeCircle>, b: ReturnType<typeof analyzeLifeCircle>) => {
  expect(Array.from(a.columns.distance)).to.deep.equal(Array.from(b.columns.distance));
  expect(Array.from(a.columns.facility)).to.deep.equal(Array.from(b.columns.facility));
  expect(JSON.stringify(a.residences)).to.equal(JSON.stringify(b.residences));
  expect(a.coverage).to.deep.equal(b.coverage);
  expect(a.catchments).to.deep.equal(b.catchments);
};

/** A channel whose helper end records the type of each answer it sends. */
function recordingChannel(): { primary: MessagePort; answers: string[] } {
  const channel = new MessageChannel();
  const answers: string[] = [];
  serveSearches({
    postMessage: (message, transfer) => {
      answers.push((message as { type: string }).type);
      channel.port2.postMessage(message, transfer ?? []);
    },
    addEventListener: (type, listener) => channel.port2.addEventListener(type, listener),
    start: () => channel.port2.start(),
  });
  return { primary: channel.port1, answers };
}

/** Two preparations with the same graph (every array), snaps, projection and issues. */
function samePrepared(a: PreparedLifeCircle, b: PreparedLifeCircle): void {
  const g = a.graph!;
  const h = b.graph!;
  const arrays = (x: typeof g) => ({
    nodeX: x.nodeX, nodeY: x.nodeY, offsets: x.offsets, arcTarget: x.arcTarget, arcLength: x.arcLength, arcEdge: x.arcEdge, edgeFrom: x.edgeFrom, edgeTo: x.edgeTo,
    edgeLength: x.edgeLength, component: x.component, coreOffsets: x.core.offsets, coreTarget: x.core.arcTarget, coreLength: x.core.arcLength, chainFrom: x.core.chainFrom,
    chainTo: x.core.chainTo, chainLength: x.core.chainLength, edgeChain: x.core.edgeChain, edgeChainOffset: x.core.edgeChainOffset, edgeChainForward: x.core.edgeChainForward,
    coreNode: x.core.coreNode, cellStart: x.edgeIndex!.cellStart, cellIds: x.edgeIndex!.ids,
  });
  const theirs = arrays(h);
  for (const [name, array] of Object.entries(arrays(g))) expect(Array.from(array), name).to.deep.equal(Array.from(theirs[name as keyof typeof theirs]));
  expect([g.componentCount, g.mainComponent, g.totalLength, g.projection.info()]).to.deep.equal([h.componentCount, h.mainComponent, h.totalLength, h.projection.info()]);
  for (const key of ['residenceSnap', 'facilitySnap'] as const) {
    for (const column of ['edge', 't', 'access'] as const) expect(Array.from(a[key]![column]), `${key}.${column}`).to.deep.equal(Array.from(b[key]![column]));
  }
  expect(a.issues.issues).to.deep.equal(b.issues.issues);
  expect(a.issues.total).to.equal(b.issues.total);
  expect(a.method).to.equal(b.method);
}

describe('life-circle engine: preparation on two threads', () => {
  it('builds the graph on the helper while validating; the prepared input equals a one-thread preparation', async () => {
    // Seed 6 has an island: the graph's warning about disconnected parts comes back from the helper.
    const city = randomCity(6);
    const input = { ...city, roads: packRoads(city.roads) };
    const { primary, answers } = recordingChannel();
    const progress: ProgressInfo[] = [];
    const prepared = await prepareParallel(input, {}, new SearchHelper(primary), { onProgress: (p) => progress.push(p) });
    const alone = prepareLifeCircle(input);
    samePrepared(prepared, alone);
    expect(prepared.issues.issues.map((i) => i.path)).to.include('roads');
    expect(answers).to.deep.equal(['built']);
    expect(progress.map((p) => p.phase)).to.deep.equal(['validate', 'graph', 'snap']);
    sameResult(analyzePrepared(prepared, { level: 'all' }), analyzePrepared(alone, { level: 'all' }));
  });

  it('builds the graph here when validation drops a road (its projection would differ) or the method is straight-line', async () => {
    const city = randomCity(4);
    // A road 900 km away: outside the study area, reported and skipped.
    const roads = fc([...city.roads.features, road('far', [900_000, 0], [900_100, 0])]);
    const input = { ...city, roads: packRoads(roads) };
    const { primary } = recordingChannel();
    const helper = new SearchHelper(primary);
    const prepared = await prepareParallel(input, {}, helper);
    samePrepared(prepared, prepareLifeCircle(input));
    expect(prepared.issues.issues.some((i) => i.path.startsWith(`roads.features[${city.roads.features.length}]`))).to.equal(true);
    const straight = await prepareParallel({ ...city, roads: packRoads(city.roads) }, { method: 'straight-line' }, helper);
    expect([straight.method, straight.graph]).to.deep.equal(['straight-line', null]);
  });

  it('builds the graph here when the helper is gone', async () => {
    const city = randomCity(8);
    const input = { ...city, roads: packRoads(city.roads) };
    const helper = new SearchHelper(new MessageChannel().port1);
    helper.drop();
    samePrepared(await prepareParallel(input, {}, helper), prepareLifeCircle(input));
  });
});

describe('life-circle engine: category searches on two threads', () => {
  it('splits the categories with a helper and merges a result equal to the one-thread run, progress in order', async () => {
    const city = randomCity(7);
    const prepared = prepareLifeCircle(city);
    const { primary, answered } = countingChannel();
    const progress: ProgressInfo[] = [];
    const split = await analyzePreparedParallel(prepared, { level: 'all' }, new SearchHelper(primary), { onProgress: (p) => progress.push(p) });
    const alone = analyzePrepared(prepared, { level: 'all' });
    sameResult(split, alone);
    expect(answered(), 'categories searched by the helper').to.be.greaterThan(0);
    expect(answered()).to.be.lessThan(alone.categories.length);
    expect(progress.map((p) => p.done)).to.deep.equal(Array.from({ length: alone.categories.length + 1 }, (_, i) => i + 1));
    expect(progress.at(-1)).to.deep.equal({ done: alone.categories.length + 1, total: alone.categories.length + 1, phase: 'assemble' });
  });

  it('sends the search tables once per prepared input: a second level re-uses them', async () => {
    const city = randomCity(3);
    const prepared = prepareLifeCircle(city);
    const channel = new MessageChannel();
    serveSearches(channel.port2);
    const sent: string[] = [];
    const primary: SearchPort = {
      postMessage: (message, transfer) => {
        sent.push((message as { type: string }).type);
        channel.port1.postMessage(message, transfer ?? []);
      },
      addEventListener: (type, listener) => channel.port1.addEventListener(type, listener),
      start: () => channel.port1.start(),
    };
    const helper = new SearchHelper(primary);
    sameResult(await analyzePreparedParallel(prepared, { level: 'all' }, helper), analyzePrepared(prepared, { level: 'all' }));
    sameResult(await analyzePreparedParallel(prepared, { level: 15 }, helper), analyzePrepared(prepared, { level: 15 }));
    expect(sent.filter((t) => t === 'tables')).to.deep.equal(['tables']);
    expect(sent.filter((t) => t === 'search').length).to.be.greaterThan(1);
  });

  it('finishes on this thread when the helper is dropped mid-run', async () => {
    const city = randomCity(11);
    const prepared = prepareLifeCircle(city);
    const channel = new MessageChannel();
    // A helper that never answers: its categories wait until it is dropped.
    channel.port2.start();
    const helper = new SearchHelper(channel.port1);
    const running = analyzePreparedParallel(prepared, { level: 'all' }, helper, {
      onProgress: (p) => {
        if (p.done === 2) helper.drop();
      },
    });
    sameResult(await running, analyzePrepared(prepared, { level: 'all' }));
  });

  it('starts a second worker at the first analysis and splits the searches with it', async () => {
    const city = randomCity(6);
    const client = createLifeCircleWorker();
    try {
      const viaWorkers = await client.analyze(city, { level: 'all' });
      sameResult(viaWorkers, analyzeLifeCircle(city, { level: 'all' }));
      expect(viaWorkers.timings.helperCategories).to.be.greaterThan(0);
      expect(viaWorkers.timings.graphWait).to.be.a('number');
    } finally {
      client.terminate();
    }
  });

  it('lets a given engine worker start its own second worker (nested) when no spawner is given', async () => {
    const city = randomCity(6);
    const client = createLifeCircleWorker({ worker: spawnEngineWorker() });
    try {
      const viaWorkers = await client.analyze(city, { level: 'all' });
      sameResult(viaWorkers, analyzeLifeCircle(city, { level: 'all' }));
      expect(viaWorkers.timings.helperCategories).to.be.greaterThan(0);
    } finally {
      client.terminate();
    }
  });

  it('runs on one worker when told to (helper: false)', async () => {
    const city = randomCity(6);
    const client = createLifeCircleWorker({ helper: false });
    try {
      const viaWorker = await client.analyze(city, { level: 'all' });
      sameResult(viaWorker, analyzeLifeCircle(city, { level: 'all' }));
      expect(viaWorker.timings.helperCategories).to.equal(undefined);
    } finally {
      client.terminate();
    }
  });

  it('runs through the worker client with a given second worker and equals the direct call', async () => {
    const city = randomCity(5);
    const client = createLifeCircleWorker({ worker: spawnEngineWorker(), helper: spawnEngineWorker() });
    try {
      const progress: ProgressInfo[] = [];
      const viaWorkers = await client.analyze(city, { level: 'all' }, { onProgress: (p) => progress.push(p) });
      const direct = analyzeLifeCircle(city, { level: 'all' });
      sameResult(viaWorkers, direct);
      expect(viaWorkers.timings.helperCategories).to.be.greaterThan(0);
      expect(progress.map((p) => p.done)).to.deep.equal(Array.from({ length: 3 + direct.categories.length + 1 }, (_, i) => i + 1));
    } finally {
      client.terminate();
    }
  });
});
