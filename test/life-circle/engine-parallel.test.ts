import { expect } from 'chai';
import { analyzeLifeCircle, analyzePrepared, createLifeCircleWorker, prepareLifeCircle } from '../../src/life-circle/engine/index';
import type { ProgressInfo } from '../../src/life-circle/engine/index';
import { SearchHelper, analyzePreparedParallel, serveSearches } from '../../src/life-circle/engine/parallel';
import type { SearchPort } from '../../src/life-circle/engine/parallel';
import { spawnEngineWorker } from '../../src/life-circle/engine/spawn-worker';
import { randomCity } from './engine-fixtures';

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

  it("the engine's worker starts its own second worker and splits the searches with it", async () => {
    const city = randomCity(6);
    const client = createLifeCircleWorker();
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
