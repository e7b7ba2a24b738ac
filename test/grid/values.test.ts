import { expect } from 'chai';
import * as d3 from 'd3';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { metricValues, normalizeValues, parseMetricValue } from '../../src/grid/model/values';
import { countClasses, levelScale } from '../../src/grid/model/scales';
import { validateGridCollection } from '../../src/grid/model/validate';
import { sampleGrid } from './fixtures';

const index = new GridIndex(validateGridCollection(sampleGrid()).units);
const byId = (values: Float64Array) => Object.fromEntries(index.ids.map((id, u) => [id, values[u]]));

describe('grid values', () => {
  it('parses numbers and numeric strings; null is no data; anything else is invalid', () => {
    expect([3, '4.5', ' 7 ', null, undefined].map(parseMetricValue)).to.deep.equal([3, 4.5, 7, null, null]);
    expect([NaN, Infinity, 'abc', '', true, {}].map(parseMetricValue)).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads a metric from the feature properties', () => {
    const result = metricValues(index, 'events');
    expect(byId(result.values)).to.deep.equal({ D1: 30, D2: 10, S1: 20, S2: 10, S3: 10, C1: 5, C2: 15, C3: 10, C4: 10 });
    expect(result.issues).to.deep.equal([]);
    const missing = metricValues(index, 'population');
    expect(Array.from(missing.values).every(Number.isNaN)).to.equal(true);
    expect(missing.issues).to.deep.equal([]);
  });

  it('reports non-numeric metric properties with their feature path', () => {
    const grid = sampleGrid();
    grid.features[1].properties!.events = 'many';
    const result = metricValues(new GridIndex(validateGridCollection(grid).units), 'events');
    expect(result.issues.map((i) => [i.path, i.code, i.severity])).to.deep.equal([['features[1].properties.events', 'not-a-number', 'warning']]);
    expect(result.values[1]).to.be.NaN;
  });

  it('normalizes {id: number} and [{id, value}] alike', () => {
    const fromObject = normalizeValues({ D1: 1, C4: '2', S1: null }, index);
    const fromArray = normalizeValues([{ id: 'D1', value: 1 }, { id: 'C4', value: '2' }, { id: 'S1', value: null }], index);
    for (const result of [fromObject, fromArray]) {
      expect(result.issues).to.deep.equal([]);
      expect(result.values[index.indexOf('D1')]).to.equal(1);
      expect(result.values[index.indexOf('C4')]).to.equal(2);
      expect(result.values[index.indexOf('S1')]).to.be.NaN;
      expect(result.values[index.indexOf('D2')]).to.be.NaN;
    }
  });

  it('reports values for unknown ids and non-numeric values, keeping the rest', () => {
    const fromObject = normalizeValues({ D1: 1, ghost: 3, D2: 'n/a' }, index);
    expect(fromObject.issues.map((i) => [i.path, i.code, i.severity])).to.deep.equal([
      ['values["ghost"]', 'unknown-reference', 'warning'],
      ['values["D2"]', 'not-a-number', 'warning'],
    ]);
    expect(fromObject.values[index.indexOf('D1')]).to.equal(1);
    const fromArray = normalizeValues([{ id: 'ghost', value: 1 }, { id: 'D2', value: {} }, 42], index);
    expect(fromArray.issues.map((i) => [i.path, i.code])).to.deep.equal([
      ['values[0].id', 'unknown-reference'],
      ['values[1].value', 'not-a-number'],
      ['values[2]', 'wrong-type'],
    ]);
    expect(normalizeValues('x', index).issues.map((i) => [i.path, i.code])).to.deep.equal([['values', 'wrong-type']]);
  });
});

describe('grid colour scales', () => {
  const values = metricValues(index, 'events').values;

  it('fixes a quantize domain per level from that level only', () => {
    const districts = levelScale(index, values, 'district', { type: 'quantize', palette: ['#000', '#111', '#222', '#333', '#444'], classes: 5 })!;
    expect(districts.classes.map((c) => [c.from, c.to])).to.deep.equal([[10, 14], [14, 18], [18, 22], [22, 26], [26, 30]]);
    const communities = levelScale(index, values, 'community', { type: 'quantize', palette: 'Blues', classes: 2 })!;
    expect(communities.classes.map((c) => [c.from, c.to])).to.deep.equal([[5, 10], [10, 15]]);
    expect(countClasses(communities, values, index.unitsAt('community'))).to.deep.equal({ counts: [1, 3], noData: 0 });
  });

  it('uses per-level thresholds and fixed domains when given', () => {
    const options = { type: 'threshold' as const, palette: 'Reds', classes: 5, thresholds: { district: [20], street: [15] } };
    expect(levelScale(index, values, 'district', options)!.classes.map((c) => c.to)).to.deep.equal([20, Infinity]);
    expect(levelScale(index, values, 'community', options)).to.equal(null);
    const fixed = levelScale(index, values, 'street', { type: 'quantize', palette: 'Reds', classes: 2, domain: [0, 100] })!;
    expect(fixed.classes.map((c) => [c.from, c.to])).to.deep.equal([[0, 50], [50, 100]]);
  });

  it('counts units without a value as no data', () => {
    const partial = normalizeValues({ C1: 1, C2: 2 }, index).values;
    const scale = levelScale(index, partial, 'community', { type: 'quantize', palette: 'Blues', classes: 2 });
    expect(countClasses(scale, partial, index.unitsAt('community'))).to.deep.equal({ counts: [1, 1], noData: 2 });
    expect(levelScale(index, partial, 'district', { type: 'quantile', palette: 'Blues', classes: 3 })).to.equal(null);
    expect(countClasses(null, partial, index.unitsAt('district'))).to.deep.equal({ counts: [], noData: 2 });
  });
});

describe('grid colour scales with a single value', () => {
  it('gives a one-class level a real palette colour, not black', () => {
    const single = normalizeValues({ D1: 5 }, index).values;
    const scale = levelScale(index, single, 'district', { type: 'quantize', palette: 'YlOrRd', classes: 5 })!;
    expect(scale.classes.length).to.equal(1);
    expect(scale.classes[0].color).to.equal(d3.interpolateYlOrRd(0.575));
    const listed = levelScale(index, single, 'district', { type: 'quantize', palette: ['#000000', '#ffffff'], classes: 5 })!;
    expect(listed.classes[0].color).to.equal('#808080');
  });
});
