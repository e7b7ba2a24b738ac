import { expect } from 'chai';
import { distance as turfDistance } from '@turf/turf';
import { DijkstraWorkspace, analyzeLifeCircle, buildWalkingGraph, profiles } from '../../src/life-circle/engine/index';
import { at, bruteForceDistances, facility, fc, graphOf, home, projector, road } from './engine-fixtures';

const only = (...categories: string[]) => ({ categories });

describe('life-circle engine: named cases', () => {
  it('counts a home exactly at the limit as within (distance == radius), and one ulp less as outside', () => {
    // Home and facility on the two vertices of a single straight segment: the distance is the segment's length exactly.
    const roads = fc([road('a', [0, 0], [300, 0])]);
    const data = { residences: fc([home('h', 0, 0)]), facilities: fc([facility('k', 'kindergarten', 300, 0)]), roads };
    const length = buildWalkingGraph(roads).edgeLength[0]!;
    expect(length).to.be.closeTo(300, 1e-6);
    const profile = (radius: number) => ({ extends: 'gb50180-2018', categories: [{ key: 'kindergarten', radius }] });
    const atLimit = analyzeLifeCircle(data, { profile: profile(length), ...only('kindergarten') });
    expect(atLimit.residences.h!.categories.kindergarten).to.deep.include({ distance: length, facility: 'k', within: true });
    const justShort = analyzeLifeCircle(data, { profile: profile(length * (1 - 1e-12)), maxDistance: 1000, ...only('kindergarten') });
    expect(justShort.residences.h!.categories.kindergarten!.within).to.equal(false);
    expect(justShort.gaps).to.deep.equal([{ residence: 'h', category: 'kindergarten', required: true, population: 100, distance: length, limit: length * (1 - 1e-12) }]);
  });

  it('measures along the shared edge when a home and a facility are on the same edge (not via a node)', () => {
    // One 1 km segment; the home is 200 m along and 10 m north, the facility 260 m along and 5 m south.
    const data = {
      residences: fc([home('h', 200, 10)]),
      facilities: fc([facility('k', 'kindergarten', 260, -5)]),
      roads: fc([road('a', [0, 0], [1000, 0])]),
    };
    const result = analyzeLifeCircle(data, only('kindergarten'));
    const p = projector(result.projection);
    const [hx, hy] = p(at(200, 10));
    const [fx, fy] = p(at(260, -5));
    const [, roadY] = p(at(0, 0));
    const expected = Math.abs(fx - hx) + Math.abs(hy - roadY) + Math.abs(fy - roadY);
    expect(expected).to.be.closeTo(75, 0.01);
    expect(result.residences.h!.categories.kindergarten!.distance).to.be.closeTo(expected, 1e-6);
    expect(result.residences.h!.access).to.be.closeTo(Math.abs(hy - roadY), 1e-9);
  });

  it('reaches a facility at the end of a dead-end spur', () => {
    // Main road east–west; a 200 m spur north from x = 500 ends in a dead end with the facility on it.
    const data = {
      residences: fc([home('h', 600, 0)]),
      facilities: fc([facility('s', 'primary-school', 500, 200)]),
      roads: fc([road('main', [0, 0], [500, 0], [1000, 0]), road('spur', [500, 0], [500, 200])]),
    };
    const result = analyzeLifeCircle(data, only('primary-school'));
    const p = projector(result.projection);
    const [jx] = p(at(500, 0));
    const [hx] = p(at(600, 0));
    const [, jy] = p(at(500, 0));
    const [, ey] = p(at(500, 200));
    expect(result.residences.h!.categories['primary-school']).to.deep.include({ facility: 's', within: true });
    expect(result.residences.h!.categories['primary-school']!.distance).to.be.closeTo(hx - jx + (ey - jy), 1e-6);
  });

  it('gives null distance and not-within across disconnected components, and warns about the islands', () => {
    const data = {
      residences: fc([home('main', 100, 0), home('island', 5100, 0)]),
      facilities: fc([facility('k-main', 'kindergarten', 150, 0), facility('m-island', 'wet-market', 5150, 0)]),
      roads: fc([road('a', [0, 0], [1000, 0]), road('b', [5000, 0], [5400, 0])]),
    };
    const result = analyzeLifeCircle(data, only('kindergarten', 'wet-market'));
    expect(result.residences.main!.categories.kindergarten!.within).to.equal(true);
    expect(result.residences.main!.categories['wet-market']).to.deep.equal({ distance: null, minutes: null, facility: null, within: false });
    expect(result.residences.island!.categories.kindergarten).to.deep.equal({ distance: null, minutes: null, facility: null, within: false });
    expect(result.residences.island!.categories['wet-market']!.within).to.equal(true);
    expect(result.issues.some((i) => i.path === 'roads' && i.severity === 'warning' && i.message.includes('2 disconnected parts'))).to.equal(true);
  });

  it('keeps levels non-inclusive: a 15-minute facility next door does not fill a 5-minute gap', () => {
    const data = {
      residences: fc([home('h', 100, 0)]),
      facilities: fc([facility('j', 'junior-middle-school', 110, 0)]),
      roads: fc([road('a', [0, 0], [1000, 0])]),
    };
    const five = analyzeLifeCircle(data, { level: 5 });
    expect(five.categories.map((c) => c.key)).to.deep.equal(profiles['gb50180-2018']!.categories.filter((c) => c.level === 5).map((c) => c.key));
    expect(five.residences.h!.categories['junior-middle-school']).to.equal(undefined);
    expect(five.residences.h!.score).to.equal(0);
    expect(five.residences.h!.required).to.equal(7);
    const fifteen = analyzeLifeCircle(data, { level: 15 });
    expect(fifteen.residences.h!.categories['junior-middle-school']!.within).to.equal(true);
  });

  it('scores required rows of the level, weighs coverage by population, lists gaps and catchments', () => {
    // Two homes (100 and 300 people); one kindergarten serves only the first; one bus stop serves both.
    const data = {
      residences: fc([home('a', 0, 0, 100), home('b', 900, 0, 300)]),
      facilities: fc([facility('k', 'kindergarten', 100, 0), facility('bus', 'bus-stop', 450, 0)]),
      roads: fc([road('a', [0, 0], [1000, 0])]),
    };
    const result = analyzeLifeCircle(data, only('kindergarten', 'bus-stop', 'pharmacy'));
    expect(result.residences.a).to.deep.include({ met: 2, required: 2, score: 1, population: 100 });
    expect(result.residences.b).to.deep.include({ met: 1, required: 2, score: 0.5, population: 300 });
    expect(result.coverage.kindergarten).to.deep.equal({ population: 100, share: 0.25, residences: 1, required: true, limit: 300 });
    expect(result.coverage['bus-stop']).to.deep.include({ population: 400, share: 1, residences: 2 });
    expect(result.coverage.pharmacy).to.deep.include({ population: 0, share: 0, required: false });
    expect(result.gaps.map((g) => `${g.residence}:${g.category}:${g.required}`)).to.deep.equal(['a:pharmacy:false', 'b:pharmacy:false', 'b:kindergarten:true']);
    expect(result.catchments).to.deep.equal({
      k: { category: 'kindergarten', population: 100, residences: 1 },
      bus: { category: 'bus-stop', population: 400, residences: 2 },
    });
    expect(result.summary).to.deep.include({ residences: 2, population: 400, fullyServedPopulation: 100, fullyServedShare: 0.25 });
    expect(result.summary.meanScore).to.be.closeTo((100 * 1 + 300 * 0.5) / 400, 1e-12);
    expect(result.residences.b!.categories.kindergarten!.distance).to.equal(null); // 800 m, beyond the 500 m search bound
    expect(result.residences.a!.categories.kindergarten!.minutes).to.be.closeTo(result.residences.a!.categories.kindergarten!.distance! / 72, 1e-12);
  });

  it('evaluates "one per street" per street when residences carry `street`, and scores it', () => {
    const data = {
      residences: fc([home('a', 0, 0, 100, { street: 'S1' }), home('b', 900, 0, 100, { street: 'S2' }), home('c', 950, 0, 100, { street: 'S2' })]),
      // The centre carries no street: it takes the street of its nearest residence (a → S1).
      facilities: fc([facility('hc', 'health-centre', 50, 0)]),
      roads: fc([road('a', [0, 0], [1000, 0])]),
    };
    const result = analyzeLifeCircle(data, only('health-centre'));
    const row = result.categories[0]!;
    expect(row).to.deep.include({ key: 'health-centre', rule: 'one-per-street', basis: 'street', scored: true, limit: null });
    expect(result.rules['health-centre']).to.deep.equal({ rule: 'one-per-street', basis: 'street', facilities: 1, streets: 2, streetsServed: 1, streetsMissing: ['S2'], present: false });
    expect(result.residences.a!.categories['health-centre']!.within).to.equal(true);
    expect(result.residences.a!.score).to.equal(1);
    expect(result.residences.b!.categories['health-centre']!.within).to.equal(false);
    expect(result.residences.b!.score).to.equal(0);
    expect(result.coverage['health-centre']).to.deep.include({ population: 100, residences: 1 });
  });

  it('evaluates "one per street" for the data set when residences carry no street, outside the score', () => {
    const data = {
      residences: fc([home('a', 0, 0), home('b', 900, 0)]),
      facilities: fc([facility('hc', 'health-centre', 50, 0)]),
      roads: fc([road('a', [0, 0], [1000, 0])]),
    };
    const result = analyzeLifeCircle(data, only('health-centre', 'kindergarten'));
    expect(result.categories[0]).to.deep.include({ key: 'health-centre', basis: 'dataset', scored: false });
    expect(result.rules['health-centre']).to.deep.equal({ rule: 'one-per-street', basis: 'dataset', facilities: 1, present: true });
    expect(result.residences.b!.categories['health-centre']!.within).to.equal(true);
    // The nearest centre is still reported as information.
    expect(result.residences.a!.categories['health-centre']!.facility).to.equal('hc');
    expect(result.residences.a!.required).to.equal(1); // kindergarten only
    const none = analyzeLifeCircle({ ...data, facilities: fc([]) }, only('health-centre'));
    expect(none.rules['health-centre']!.present).to.equal(false);
    expect(none.residences.a!.score).to.equal(null);
    expect(none.gaps.length).to.equal(2);
  });

  it('falls back to straight-line distances without roads, labelled as such', () => {
    const data = { residences: fc([home('h', 0, 0)]), facilities: fc([facility('k', 'kindergarten', 120, 160)]) };
    const result = analyzeLifeCircle(data, only('kindergarten'));
    expect(result.method).to.equal('straight-line');
    const got = result.residences.h!.categories.kindergarten!;
    const p = projector(result.projection);
    const [hx, hy] = p(at(0, 0));
    const [fx, fy] = p(at(120, 160));
    expect(got.distance).to.be.closeTo(Math.hypot(fx - hx, fy - hy), 1e-9);
    expect(got.distance).to.be.closeTo(200, 0.01);
    expect(got.within).to.equal(true);
    expect(result.residences.h!.access).to.equal(null);
    // The local projection agrees with the geodesic distance to well under 1%.
    const geodesic = turfDistance(at(0, 0), at(120, 160), { units: 'meters' });
    expect(Math.abs(got.distance! - geodesic) / geodesic).to.be.lessThan(0.001);
  });

  it('measures straight-line on request even when roads are given', () => {
    const data = {
      residences: fc([home('h', 0, 10)]),
      facilities: fc([facility('k', 'kindergarten', 0, 250)]),
      roads: fc([road('a', [-500, 0], [500, 0]), road('b', [-500, 300], [500, 300])]),
    };
    expect(analyzeLifeCircle(data, { method: 'straight-line', ...only('kindergarten') }).residences.h!.categories.kindergarten!.distance).to.be.closeTo(240, 0.01);
    // On the network the two parallel roads never meet.
    expect(analyzeLifeCircle(data, only('kindergarten')).residences.h!.categories.kindergarten!.distance).to.equal(null);
  });

  it('keeps the minutes of each limit by bike, so its metres grow by bike / walk speed', () => {
    const data = { residences: fc([home('h', 0, 0)]), facilities: fc([facility('k', 'kindergarten', 800, 0)]), roads: fc([road('a', [0, 0], [1000, 0])]) };
    const walk = analyzeLifeCircle(data, only('kindergarten'));
    const bike = analyzeLifeCircle(data, { mode: 'bike', ...only('kindergarten') });
    expect(walk.residences.h!.categories.kindergarten!.within).to.equal(false);
    expect(bike.categories[0]!.limit).to.be.closeTo((300 * 250) / 72, 1e-9);
    expect(bike.categories[0]!.minutes).to.be.closeTo(300 / 72, 1e-12);
    expect(bike.residences.h!.categories.kindergarten!.within).to.equal(true);
    expect(bike.residences.h!.categories.kindergarten!.minutes).to.be.closeTo(bike.residences.h!.categories.kindergarten!.distance! / 250, 1e-12);
    const custom = analyzeLifeCircle(data, { mode: 'bike', speeds: { walk: 60, bike: 120 }, ...only('kindergarten') });
    expect(custom.categories[0]!.limit).to.equal(600);
  });

  it('joins a dead end lying on another line (a T-junction without a shared vertex)', () => {
    const roads = fc([road('main', [0, 0], [1000, 0]), road('side', [400, 0], [400, 300])]);
    const graph = buildWalkingGraph(roads);
    expect(graph.componentCount).to.equal(1);
    expect(graph.issues.some((i) => i.message.includes('joined 1 dead end'))).to.equal(true);
    const separate = buildWalkingGraph(roads, { junctionTolerance: 0 });
    expect(separate.componentCount).to.equal(2);
  });

  it('contracts mid-line vertices without changing distances: a ring with no junction, parallel roads', () => {
    const ring = road('ring', [0, 0], [400, 0], [400, 400], [0, 400], [0, 0]);
    const straight = road('straight', [1000, 0], [1600, 0]);
    const bent = road('bent', [1000, 0], [1300, 100], [1600, 0]);
    const data = {
      residences: fc([home('on-ring', 100, -5), home('between', 1300, 40)]),
      facilities: fc([facility('k-ring', 'kindergarten', 300, 405), facility('k-line', 'kindergarten', 1590, -3)]),
      roads: fc([ring, straight, bent, road('west', [900, 0], [1000, 0]), road('east', [1600, 0], [1700, 0])]),
    };
    const result = analyzeLifeCircle(data, { categories: ['kindergarten'], maxDistance: 2000 });
    const graph = graphOf(data.roads, result.projection);
    // Core: the ring's promoted vertex, the two junctions joining the parallel roads, two dead ends.
    expect(graph.core.nodeCount).to.equal(5);
    expect(graph.core.chainCount).to.equal(5);
    expect(graph.nodeCount).to.equal(9);
    const points = [...data.residences.features, ...data.facilities.features].map((f) => (f.geometry as { coordinates: [number, number] }).coordinates);
    const reference = bruteForceDistances(graph, points, 500);
    expect(result.residences['on-ring']!.categories.kindergarten!.distance).to.be.closeTo(reference[0]![2]!, 1e-6);
    expect(result.residences.between!.categories.kindergarten!.distance).to.be.closeTo(reference[1]![3]!, 1e-6);
    // Around the ring either way: 800 m along the edges plus the two access legs (~5 m each).
    expect(reference[0]![2]!).to.be.closeTo(810, 0.05);
    // Between the parallel roads: the straight one wins (home 40 m off it, facility 3 m south of it, 290 m apart).
    expect(reference[1]![3]!).to.be.closeTo(333, 0.05);
  });

  it('agrees between the heap Dijkstra and the bucket (Δ-stepping) search on every node', () => {
    const roads = fc(Array.from({ length: 12 }, (_, i) => road(`r${i}`, [i * 90, 0], [i * 90 + 45, 70 + (i % 3) * 10], [(i + 1) * 90, 0])));
    const graph = buildWalkingGraph(roads);
    const heap = new DijkstraWorkspace(graph.nodeCount);
    const buckets = new DijkstraWorkspace(graph.nodeCount);
    const seeds = { node: [0, graph.nodeCount - 1], dist: [5, 12], label: [0, 1], count: 2 };
    heap.run(graph, seeds, 600);
    for (const width of [1, 15, 1000]) {
      buckets.runBuckets(graph, seeds, 600, width);
      for (let n = 0; n < graph.nodeCount; n++) {
        if (heap.dist[n] === Infinity) expect(buckets.dist[n]).to.equal(Infinity);
        else expect(buckets.dist[n]).to.be.closeTo(heap.dist[n]!, 1e-9);
      }
    }
    expect([...heap.dist].filter((d) => d !== Infinity).length).to.be.greaterThan(3);
  });
});
