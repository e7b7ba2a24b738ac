import { expect } from 'chai';
import { analyzeLifeCircle } from '../../src/life-circle/engine/index';
import { CATEGORIES, bruteForceDistances, graphOf, randomCity } from './engine-fixtures';

type Point = [number, number];
const coordinates = (features: { geometry: unknown }[]) => features.map((f) => (f.geometry as { coordinates: Point }).coordinates);

/** The multi-source engine against Floyd–Warshall on 30 seeded random graphs: equal to 1e-6 m. */
describe('life-circle engine vs brute force', () => {
  const maxDistance = 1200;
  for (let seed = 1; seed <= 30; seed++) {
    it(`random graph #${seed}: nearest distance per residence and category`, () => {
      const city = randomCity(seed);
      const result = analyzeLifeCircle(city, { categories: [...CATEGORIES], maxDistance });
      expect(result.method).to.equal('network');
      const graph = graphOf(city.roads, result.projection);
      const homes = coordinates(city.residences.features as { geometry: unknown }[]);
      const shops = coordinates(city.facilities.features as { geometry: unknown }[]);
      const all = bruteForceDistances(graph, [...homes, ...shops], 500);
      let compared = 0;
      let reached = 0;
      city.residences.features.forEach((h, r) => {
        const outcome = result.residences[h.properties.id as string]!;
        for (const category of CATEGORIES) {
          let best = Infinity;
          city.facilities.features.forEach((f, j) => {
            if (f.properties.category === category) best = Math.min(best, all[r]![homes.length + j]!);
          });
          const got = outcome.categories[category]!;
          compared++;
          if (best <= maxDistance) {
            reached++;
            expect(got.distance, `${h.properties.id} ${category}`).to.be.closeTo(best, 1e-6);
            const j = city.facilities.features.findIndex((f) => f.properties.id === got.facility);
            expect(all[r]![homes.length + j]!, `distance to the reported facility ${got.facility}`).to.be.closeTo(best, 1e-6);
            const limit = result.categories.find((c) => c.key === category)!.limit!;
            expect(got.within).to.equal(best <= limit);
          } else {
            expect(got.distance, `${h.properties.id} ${category} beyond ${maxDistance} m`).to.equal(null);
            expect(got.facility).to.equal(null);
            expect(got.within).to.equal(false);
          }
        }
      });
      expect(compared).to.equal(14 * 3);
      expect(reached, 'some pairs are within reach').to.be.greaterThan(0);
    });
  }
});
