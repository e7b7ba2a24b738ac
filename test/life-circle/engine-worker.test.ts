import { expect } from 'chai';
import { analyzeLifeCircle, computeIsochrone, createLifeCircleWorker, suggestSites, buildWalkingGraph, LocalProjection } from '../../src/life-circle/engine/index';
import type { LifeCircleWorkerClient, ProgressInfo } from '../../src/life-circle/engine/index';
import { createWorkerHost } from '../../src/life-circle/engine/worker-host';
import type { WorkerResponse } from '../../src/life-circle/engine/protocol';
import { randomCity } from './engine-fixtures';

/** A bigger seeded city for cancellation: a lattice of roads and many homes. */
function lattice(size: number) {
  const city = randomCity(4);
  const step = 60;
  const features = [];
  const lonLat = (x: number, y: number) => [106.5 + x / 96000, 29.5 + y / 111000];
  for (let i = 0; i <= size; i++) {
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: Array.from({ length: size + 1 }, (_, j) => lonLat(j * step, i * step)) }, properties: { id: `h${i}` } });
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: Array.from({ length: size + 1 }, (_, j) => lonLat(i * step, j * step)) }, properties: { id: `v${i}` } });
  }
  return { ...city, roads: { type: 'FeatureCollection', features } };
}

describe('life-circle engine: Web Worker', () => {
  let client: LifeCircleWorkerClient;
  before(() => {
    client = createLifeCircleWorker();
  });
  after(() => client.terminate());

  it('returns the same result as the direct call, with progress', async () => {
    const city = randomCity(7);
    const progress: ProgressInfo[] = [];
    const viaWorker = await client.analyze(city, { level: 'all' }, { onProgress: (p) => progress.push(p) });
    const direct = analyzeLifeCircle(city, { level: 'all' });
    expect(viaWorker.method).to.equal('network');
    expect(JSON.stringify(viaWorker.residences)).to.equal(JSON.stringify(direct.residences));
    expect(viaWorker.coverage).to.deep.equal(direct.coverage);
    expect(viaWorker.gaps).to.deep.equal(direct.gaps);
    expect(viaWorker.catchments).to.deep.equal(direct.catchments);
    expect(viaWorker.issues).to.deep.equal(direct.issues);
    expect(viaWorker.columns.distance).to.be.instanceOf(Float64Array);
    expect(progress.length).to.equal(3 + direct.categories.length + 1);
    expect(progress.at(-1)).to.deep.include({ done: progress.at(-1)!.total });
    expect(progress.map((p) => p.done)).to.deep.equal([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  it('reports road issues found while packing roads on the main thread, as the direct call does', async () => {
    const city = randomCity(9);
    const roads = { ...city.roads, features: [...city.roads.features, { type: 'Feature', geometry: { type: 'Point', coordinates: [106.5, 29.5] }, properties: { id: 'bad' } }] };
    const input = { ...city, roads };
    const viaWorker = await client.analyze(input as typeof city, {});
    const direct = analyzeLifeCircle(input, {});
    expect(viaWorker.issues).to.deep.equal(direct.issues);
    expect(viaWorker.issues.some((i) => i.path === `roads.features[${city.roads.features.length}].geometry.type`)).to.equal(true);
    expect(JSON.stringify(viaWorker.residences)).to.equal(JSON.stringify(direct.residences));
  });

  it('re-analyses another level on the cached graph and matches the direct call', async () => {
    const city = randomCity(7);
    await client.analyze(city, { level: 'all' });
    const five = await client.analyze(city, { level: 5 });
    expect(JSON.stringify(five.residences)).to.equal(JSON.stringify(analyzeLifeCircle(city, { level: 5 }).residences));
  });

  it('answers isochrone clicks and site suggestions for the last analysis', async () => {
    const city = randomCity(7);
    const result = await client.analyze(city, {});
    const id = Object.keys(result.residences)[0]!;
    const feature = city.residences.features.find((f) => f.properties.id === id)!;
    const origin = (feature.geometry as { coordinates: [number, number] }).coordinates;
    const viaWorker = await client.isochrone({ residence: id }, { distance: 500 });
    const graph = buildWalkingGraph(city.roads, { projection: new LocalProjection(result.projection.lon0, result.projection.lat0) });
    expect(viaWorker).to.deep.equal(computeIsochrone(graph, origin, { distance: 500, snapTolerance: 500, speed: 72 }));
    const sites = await client.suggestSites({ category: 'kindergarten', k: 2 });
    expect(sites).to.deep.equal(suggestSites(city, { category: 'kindergarten', k: 2 }));
    await client.isochrone({ residence: 'nobody' }).then(
      () => expect.fail('should reject'),
      (error: Error) => expect(error.message).to.contain('unknown residence'),
    );
  });

  it('cancels through an AbortSignal and keeps working afterwards', async () => {
    const big = lattice(220);
    const controller = new AbortController();
    const pending = client.analyze(big, { level: 'all' }, { signal: controller.signal, onProgress: () => controller.abort() });
    let error: Error | null = null;
    await pending.catch((e: Error) => (error = e));
    expect(error).to.not.equal(null);
    expect(error!.name).to.equal('AbortError');
    const again = await client.analyze(randomCity(3), {});
    expect(again.method).to.equal('network');
    const aborted = new AbortController();
    aborted.abort();
    await client.analyze(randomCity(3), {}, { signal: aborted.signal }).then(
      () => expect.fail('should reject'),
      (e: Error) => expect(e.name).to.equal('AbortError'),
    );
  });

  it('stops the work in the worker on {type: "cancel"} (in-thread host)', async () => {
    const messages: WorkerResponse[] = [];
    const handle = createWorkerHost((message) => {
      messages.push(message);
      if (message.type === 'progress' && message.done === 1) void handle({ type: 'cancel', id: 1 });
    });
    const big = lattice(120);
    await handle({ type: 'analyze', id: 1, versions: { residences: 1, facilities: 1, roads: 1 }, data: big, options: {} });
    expect(messages.at(-1)).to.deep.equal({ type: 'cancelled', id: 1 });
    expect(messages.filter((m) => m.type === 'progress').length).to.be.lessThan(4);
  });
});
