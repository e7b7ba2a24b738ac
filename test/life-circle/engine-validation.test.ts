import { expect } from 'chai';
import { analyzeLifeCircle, profiles, resolveProfile, validateLifeCircleInput } from '../../src/life-circle/engine/index';
import { at, facility, fc, home, road } from './engine-fixtures';

const roads = () => fc([road('a', [0, 0], [1000, 0])]);
const issue = (issues: { path: string; severity?: string; message: string }[], path: string) => issues.find((i) => i.path === path);

describe('life-circle engine: bad input is reported and the valid part analysed', () => {
  it('skips facilities with unknown categories', () => {
    const result = analyzeLifeCircle(
      { residences: fc([home('h', 100, 0)]), facilities: fc([facility('k', 'kindergarten', 150, 0), facility('x', 'karaoke', 120, 0)]), roads: roads() },
      { categories: ['kindergarten'] },
    );
    expect(issue(result.issues, 'facilities.features[1].properties.category')).to.deep.include({ severity: 'error' });
    expect(issue(result.issues, 'facilities.features[1].properties.category')!.message).to.contain('"karaoke"');
    expect(result.residences.h!.categories.kindergarten!.facility).to.equal('k');
    expect(result.summary.facilities).to.equal(1);
  });

  it('analyses residences without population but weighs them 0 in coverage', () => {
    const data = {
      residences: fc([
        { type: 'Feature', geometry: { type: 'Point', coordinates: at(100, 0) }, properties: { id: 'none' } },
        home('neg', 120, 0, -5),
        home('ok', 140, 0, 200),
      ]),
      facilities: fc([facility('k', 'kindergarten', 150, 0)]),
      roads: roads(),
    };
    const result = analyzeLifeCircle(data, { categories: ['kindergarten'] });
    expect(issue(result.issues, 'residences.features[0].properties.population')).to.deep.include({ severity: 'warning' });
    expect(issue(result.issues, 'residences.features[1].properties.population')!.message).to.contain('-5');
    expect(result.residences.none).to.deep.include({ population: 0, score: 1 });
    expect(result.coverage.kindergarten).to.deep.include({ population: 200, share: 1, residences: 3 });
  });

  it('skips NaN, missing and out-of-range coordinates', () => {
    const data = {
      residences: fc([
        home('ok', 100, 0),
        { type: 'Feature', geometry: { type: 'Point', coordinates: [NaN, 29.5] }, properties: { id: 'nan', population: 10 } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [200, 29.5] }, properties: { id: 'far', population: 10 } },
        { type: 'Feature', geometry: null, properties: { id: 'nogeom', population: 10 } },
      ]),
      facilities: fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: [106.5, null] }, properties: { id: 'k', category: 'kindergarten' } }]),
      roads: roads(),
    };
    const result = analyzeLifeCircle(data, { categories: ['kindergarten'] });
    expect(Object.keys(result.residences)).to.deep.equal(['ok']);
    expect(issue(result.issues, 'residences.features[1].geometry.coordinates')!.message).to.contain('[NaN, 29.5]');
    expect(issue(result.issues, 'residences.features[2].geometry.coordinates')).to.deep.include({ severity: 'error' });
    expect(issue(result.issues, 'residences.features[3].geometry')).to.deep.include({ severity: 'error' });
    expect(issue(result.issues, 'facilities.features[0].geometry.coordinates')!.message).to.contain('null');
  });

  it('skips roads that are not LineStrings and uses the rest', () => {
    const data = {
      residences: fc([home('h', 100, 0)]),
      facilities: fc([facility('k', 'kindergarten', 200, 0)]),
      roads: fc([
        road('a', [0, 0], [1000, 0]),
        { type: 'Feature', geometry: { type: 'Point', coordinates: at(0, 0) }, properties: { id: 'p' } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[at(0, 0), at(1, 0), at(1, 1), at(0, 0)]] }, properties: { id: 'poly' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [at(0, 0)] }, properties: { id: 'short' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [at(0, 0), [NaN, 1]] }, properties: { id: 'nan' } },
        { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [[at(0, 50), at(100, 50)], [at(0, 60), at(100, 60)]] }, properties: { id: 'multi' } },
      ]),
    };
    const result = analyzeLifeCircle(data, { categories: ['kindergarten'] });
    expect(result.method).to.equal('network');
    expect(issue(result.issues, 'roads.features[1].geometry.type')!.message).to.contain('"Point"');
    expect(issue(result.issues, 'roads.features[2].geometry.type')!.message).to.contain('"Polygon"');
    expect(issue(result.issues, 'roads.features[3].geometry.coordinates')).to.deep.include({ severity: 'error' });
    expect(issue(result.issues, 'roads.features[4].geometry.coordinates[1]')).to.deep.include({ severity: 'error' });
    expect(issue(result.issues, 'roads.features[5].geometry.type')).to.equal(undefined);
    expect(result.residences.h!.categories.kindergarten!.within).to.equal(true);
  });

  it('reports a network with disconnected islands and analyses each island on its own', () => {
    const data = {
      residences: fc([home('h', 5050, 0)]),
      facilities: fc([facility('k', 'kindergarten', 5100, 0)]),
      roads: fc([road('a', [0, 0], [1000, 0]), road('b', [5000, 0], [5200, 0]), road('c', [0, 3000], [300, 3000])]),
    };
    const result = analyzeLifeCircle(data, { categories: ['kindergarten'] });
    const warning = issue(result.issues, 'roads')!;
    expect(warning.severity).to.equal('warning');
    expect(warning.message).to.contain('3 disconnected parts');
    expect(result.residences.h!.categories.kindergarten!.within).to.equal(true);
  });

  it('reports points far outside the network and treats them as unreachable (not straight-line)', () => {
    const data = {
      residences: fc([home('near', 100, 0), home('far', 100, 2000)]),
      facilities: fc([facility('k', 'kindergarten', 120, 0), facility('k-far', 'kindergarten', 110, 2000)]),
      roads: roads(),
    };
    const result = analyzeLifeCircle(data, { categories: ['kindergarten'] });
    expect(issue(result.issues, 'residences.features[1].geometry')!.message).to.contain('unreachable on the network');
    expect(issue(result.issues, 'facilities.features[1].geometry')).to.deep.include({ severity: 'warning' });
    expect(result.residences.far).to.deep.include({ access: null, score: 0 });
    expect(result.residences.far!.categories.kindergarten).to.deep.equal({ distance: null, minutes: null, facility: null, within: false });
    expect(result.summary.unreachableResidences).to.equal(1);
    expect(result.residences.near!.categories.kindergarten!.facility).to.equal('k');
    const tolerant = analyzeLifeCircle(data, { categories: ['kindergarten'], snapTolerance: 3000 });
    expect(tolerant.summary.unreachableResidences).to.equal(0);
  });

  it('skips custom profile rows with negative or non-numeric radii and unknown levels', () => {
    const issues = validateLifeCircleInput(
      { residences: fc([]), facilities: fc([]) },
      {
        profile: {
          id: 'city-x',
          categories: [
            { key: 'kindergarten', level: 5, radius: -300, required: true },
            { key: 'primary-school', level: 10, radius: '500' as unknown as number, required: true },
            { key: 'gym', level: 20, radius: 800, required: false },
            { key: 'wet-market', level: 10, radius: 400, required: true },
          ],
        },
      },
    ).issues;
    expect(issue(issues, 'options.profile.categories[0].radius')!.message).to.contain('-300');
    expect(issue(issues, 'options.profile.categories[1].radius')!.message).to.contain('"500"');
    expect(issue(issues, 'options.profile.categories[2].level')!.message).to.contain('unknown level 20');
    const profile = resolveProfile({ id: 'city-x', categories: [{ key: 'kindergarten', level: 5, radius: -1 }, { key: 'wet-market', level: 10, radius: 400 }] });
    expect(profile.categories.map((c) => c.key)).to.deep.equal(['wet-market']);
    expect(profile.levels.map((l) => l.minutes)).to.deep.equal([5, 10, 15]);
  });

  it('rejects inputs that are not FeatureCollections, records without ids, duplicate ids, and unknown options', () => {
    const result = analyzeLifeCircle(
      {
        residences: fc([home('a', 0, 0), home('a', 10, 0), { type: 'Feature', geometry: { type: 'Point', coordinates: at(0, 0) }, properties: { population: 3 } }]),
        facilities: 'nope',
        roads: roads(),
      },
      { level: 7 as 5, mode: 'car' as 'walk', profile: 'gb-0000' },
    );
    expect(issue(result.issues, 'facilities')!.message).to.contain('FeatureCollection');
    expect(issue(result.issues, 'residences.features[1].properties.id')!.message).to.contain('duplicate');
    expect(issue(result.issues, 'residences.features[2].properties.id')).to.deep.include({ severity: 'error' });
    expect(issue(result.issues, 'options.level')!.message).to.contain('analysing all levels');
    expect(issue(result.issues, 'options.mode')).to.deep.include({ severity: 'error' });
    expect(issue(result.issues, 'options.profile')!.message).to.contain('gb50180-2018');
    expect(result.level).to.equal('all');
    expect(result.categories.length).to.equal(profiles['gb50180-2018']!.categories.length);
    expect(Object.keys(result.residences)).to.deep.equal(['a']);
  });

  it('measures polygon residences from their area centroid', () => {
    const square = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[at(0, 10), at(40, 10), at(40, 50), at(0, 50), at(0, 10)]] }, properties: { id: 'p', population: 10 } };
    const validated = validateLifeCircleInput({ residences: fc([square]), facilities: fc([]) });
    const [lon, lat] = at(20, 30);
    expect(validated.residences.lon[0]).to.be.closeTo(lon, 1e-12);
    expect(validated.residences.lat[0]).to.be.closeTo(lat, 1e-12);
  });
});
