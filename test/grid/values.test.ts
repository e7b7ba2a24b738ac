import { expect } from 'chai';
import * as d3 from 'd3';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { KeyUnits, metricValues, normalizeValues, parseMetricValue, resolveValues } from '../../src/grid/model/values';
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
    expect(result.values![1]).to.be.NaN;
  });

  it('normalizes {id: number} and [{id, value}] alike', () => {
    const fromObject = normalizeValues({ D1: 1, C4: '2', S1: null }, index);
    const fromArray = normalizeValues([{ id: 'D1', value: 1 }, { id: 'C4', value: '2' }, { id: 'S1', value: null }], index);
    for (const result of [fromObject, fromArray]) {
      expect(result.issues).to.deep.equal([]);
      expect(result.values![index.indexOf('D1')]).to.equal(1);
      expect(result.values![index.indexOf('C4')]).to.equal(2);
      expect(result.values![index.indexOf('S1')]).to.be.NaN;
      expect(result.values![index.indexOf('D2')]).to.be.NaN;
    }
  });

  it('reads refreshes with the same keys, or other keys of the same count, through the remembered units alike', () => {
    const keyUnits = new KeyUnits();
    const refreshes = [{ D1: 1, C4: 2, S1: 3 }, { D1: 4, C4: 5, S1: 6 }, { D1: 7, ghost: 8, S1: 9 }, { D1: 7, ghost: 8, S1: 9 }, { S2: 1, D1: 2 }];
    for (const input of refreshes) {
      const remembered = normalizeValues(input, index, 1000, keyUnits);
      const fresh = normalizeValues(input, index);
      expect(Array.from(remembered.values!), JSON.stringify(input)).to.deep.equal(Array.from(fresh.values!));
      expect(remembered.issues).to.deep.equal(fresh.issues);
    }
    expect(normalizeValues({ D1: 7, ghost: 8, S1: 9 }, index, 1000, keyUnits).issues.map((i) => [i.path, i.code])).to.deep.equal([['values["ghost"]', 'unknown-reference']]);
  });

  it('reads columns {ids, values} as the {id: number} form, a typed array of values too (NaN there: no data)', () => {
    const fromObject = normalizeValues({ D1: 1, C4: '2', S1: null }, index);
    for (const input of [{ ids: ['D1', 'C4', 'S1'], values: [1, '2', null] }, { ids: ['D1', 'C4', 'S1'], values: Float64Array.of(1, 2, NaN) }]) {
      const fromColumns = normalizeValues(input, index);
      expect(Array.from(fromColumns.values!)).to.deep.equal(Array.from(fromObject.values!));
      expect(fromColumns.issues).to.deep.equal([]);
    }
    const empty = normalizeValues({ ids: [], values: [] }, index);
    expect([empty.issues, Array.from(empty.values!).every(Number.isNaN)]).to.deep.equal([[], true]);
  });

  it('reports column entries by index and field: unknown, repeated and non-text ids, non-numeric values', () => {
    const result = normalizeValues({ ids: ['D1', 'ghost', 'D1', 7, null, 'D2', 'C1'], values: [1, 2, 3, 4, 5, 'n/a', 6] }, index);
    expect(result.issues.map((i) => [i.path, i.code])).to.deep.equal([
      ['values.ids[1]', 'unknown-reference'],
      ['values.ids[2]', 'duplicate-id'],
      ['values.ids[3]', 'unknown-reference'],
      ['values.ids[4]', 'wrong-type'],
      ['values.values[5]', 'not-a-number'],
    ]);
    expect(byId(result.values!)).to.deep.equal({ D1: 1, D2: NaN, S1: NaN, S2: NaN, S3: NaN, C1: 6, C2: NaN, C3: NaN, C4: NaN });
  });

  it('rejects columns that do not pair up, or of which no entry is usable, as a whole', () => {
    const rejected = (input: unknown) => normalizeValues(input, index).issues.map((i) => [i.path, i.code, i.severity]);
    expect(rejected({ ids: ['D1'], values: [1, 2] })).to.deep.equal([['values', 'wrong-type', 'error']]);
    expect(rejected({ ids: ['D1'] })).to.deep.equal([['values', 'wrong-type', 'error']]);
    expect(rejected({ ids: ['D1'], values: new DataView(new ArrayBuffer(8)) })).to.deep.equal([['values', 'wrong-type', 'error']]);
    expect(rejected({ ids: ['ghost'], values: [1] })).to.deep.equal([
      ['values', 'no-usable-entry', 'error'],
      ['values.ids[0]', 'unknown-reference', 'warning'],
    ]);
    expect(normalizeValues({ ids: ['D1'], values: [1, 2] }, index).values).to.equal(null);
  });

  it('reads column refreshes through the remembered units as fresh, also when the page refills the same ids array', () => {
    const keyUnits = new KeyUnits();
    const ids = ['D1', 'C4', 'S1'];
    const refreshes = [
      { ids, values: [1, 2, 3] },
      { ids: ['D1', 'C4', 'S1'], values: [4, 5, 6] },
      { D1: 7, C4: 8, S1: 9 },
      { ids: ['D1', 'ghost', 'S1'], values: [1, 2, 3] },
    ];
    for (const input of refreshes) {
      const remembered = normalizeValues(input, index, 1000, keyUnits);
      const fresh = normalizeValues(input, index);
      expect(Array.from(remembered.values!), JSON.stringify(input)).to.deep.equal(Array.from(fresh.values!));
      expect(remembered.issues).to.deep.equal(fresh.issues);
    }
    normalizeValues({ ids, values: [1, 2, 3] }, index, 1000, keyUnits);
    ids[0] = 'D2'; // the same array, other ids
    const refilled = normalizeValues({ ids, values: [1, 2, 3] }, index, 1000, keyUnits);
    expect([refilled.values![index.indexOf('D2')], refilled.values![index.indexOf('D1')]]).to.deep.equal([1, NaN]);
  });

  it('reports values for unknown ids and non-numeric values, keeping the rest', () => {
    const fromObject = normalizeValues({ D1: 1, ghost: 3, D2: 'n/a' }, index);
    expect(fromObject.issues.map((i) => [i.path, i.code, i.severity])).to.deep.equal([
      ['values["ghost"]', 'unknown-reference', 'warning'],
      ['values["D2"]', 'not-a-number', 'warning'],
    ]);
    expect(fromObject.values![index.indexOf('D1')]).to.equal(1);
    const fromArray = normalizeValues([{ id: 'ghost', value: 1 }, { id: 'D2', value: {} }, 42, { id: 'C1', value: 4 }], index);
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
    const partial = normalizeValues({ C1: 1, C2: 2 }, index).values!;
    const scale = levelScale(index, partial, 'community', { type: 'quantize', palette: 'Blues', classes: 2 });
    expect(countClasses(scale, partial, index.unitsAt('community'))).to.deep.equal({ counts: [1, 1], noData: 2 });
    expect(levelScale(index, partial, 'district', { type: 'quantile', palette: 'Blues', classes: 3 })).to.equal(null);
    expect(countClasses(null, partial, index.unitsAt('district'))).to.deep.equal({ counts: [], noData: 2 });
  });
});

describe('grid colour scales with a single value', () => {
  it('gives a one-class level a real palette colour, not black', () => {
    const single = normalizeValues({ D1: 5 }, index).values!;
    const scale = levelScale(index, single, 'district', { type: 'quantize', palette: 'YlOrRd', classes: 5 })!;
    expect(scale.classes.length).to.equal(1);
    expect(scale.classes[0].color).to.equal(d3.interpolateYlOrRd(0.575));
    const listed = levelScale(index, single, 'district', { type: 'quantize', palette: ['#000000', '#ffffff'], classes: 5 })!;
    expect(listed.classes[0].color).to.equal('#808080');
  });
});

describe('grid values: hostile input', () => {
  const protoGrid = () => {
    const grid = sampleGrid();
    grid.features[5].properties!.id = '__proto__'; // C1
    grid.features[6].properties!.id = 'constructor'; // C2
    return new GridIndex(validateGridCollection(grid).units);
  };

  for (const [label, input, message] of [
    ['a string', 'lots', 'values must be {id: number} or [{id, value}], not a string ("lots")'],
    ['a number', 42, 'values must be {id: number} or [{id, value}], not a number (42)'],
    ['a boolean', true, 'values must be {id: number} or [{id, value}], not a boolean (true)'],
    ['a Map', new Map([['D1', 1]]), 'values must be {id: number} or [{id, value}], not a Map'],
    ['a typed array', new Float64Array([1, 2]), 'values must be {id: number} or [{id, value}], not a Float64Array'],
    ['an array of garbage', [1, 'x', null, [2]], 'values must be {id: number} or [{id, value}]; got an array of 4 entries, none of them {id, value}'],
  ] as const) {
    it(`rejects ${label} as a whole, naming values and the type`, () => {
      const result = normalizeValues(input, index);
      expect(result.values).to.equal(null);
      expect([result.issues[0].path, result.issues[0].code, result.issues[0].severity, result.issues[0].message]).to.deep.equal(['values', 'wrong-type', 'error', message]);
    });
  }

  it('rejects an input none of whose entries can be used, listing why', () => {
    const result = normalizeValues({ ghost: 1, D1: 'n/a', [`${'x'.repeat(200)}`]: 2 }, index);
    expect(result.values).to.equal(null);
    expect(result.issues.map((i) => [i.path, i.code, i.severity])).to.deep.equal([
      ['values', 'no-usable-entry', 'error'],
      ['values["ghost"]', 'unknown-reference', 'warning'],
      ['values["D1"]', 'not-a-number', 'warning'],
      [`values["${'x'.repeat(78)}…]`, 'unknown-reference', 'warning'],
    ]);
    expect(normalizeValues([{ id: 'ghost', value: 1 }, { id: null, value: 2 }], index).values).to.equal(null);
  });

  it('accepts {} and [] as "no values" and a null value as no data', () => {
    for (const input of [{}, [], { D1: null }]) {
      const result = normalizeValues(input, index);
      expect(result.issues).to.deep.equal([]);
      expect(Array.from(result.values!).every(Number.isNaN)).to.equal(true);
    }
  });

  it('keeps the first of a repeated id and reports a missing value', () => {
    const result = normalizeValues([{ id: 'D1', value: 1 }, { id: 'D1', value: 2 }, { id: 'D2' }], index);
    expect(result.values![index.indexOf('D1')]).to.equal(1);
    expect(result.values![index.indexOf('D2')]).to.be.NaN;
    expect(result.issues.map((i) => [i.path, i.code])).to.deep.equal([['values[1].id', 'duplicate-id'], ['values[2].value', 'missing']]);
  });

  it('treats "__proto__", "constructor" and "toString" keys as ids, never as the prototype', () => {
    const proto = protoGrid();
    const parsed = JSON.parse('{"__proto__": 5, "constructor": 7, "toString": 9, "D1": 1}') as Record<string, unknown>;
    const result = normalizeValues(parsed, proto);
    expect(result.values![proto.indexOf('__proto__')]).to.equal(5);
    expect(result.values![proto.indexOf('constructor')]).to.equal(7);
    expect(result.values![proto.indexOf('D1')]).to.equal(1);
    expect(result.issues.map((i) => [i.path, i.code])).to.deep.equal([['values["toString"]', 'unknown-reference']]);
    // The same keys against a grid without such units: unknown ids, reported.
    const plain = normalizeValues(parsed, index);
    expect(plain.issues.map((i) => i.path)).to.deep.equal(['values["__proto__"]', 'values["constructor"]', 'values["toString"]']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('reads a metric from own properties only', () => {
    const proto = protoGrid();
    for (const metric of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const result = metricValues(proto, metric);
      expect(result.issues, metric).to.deep.equal([]);
      expect(Array.from(result.values).every(Number.isNaN), metric).to.equal(true);
    }
    const grid = sampleGrid();
    grid.features[0].properties = JSON.parse('{"id": "D1", "level": "district", "__proto__": 12}') as Record<string, unknown>;
    const own = metricValues(new GridIndex(validateGridCollection(grid).units), '__proto__');
    expect(own.values[0]).to.equal(12);
    expect(own.issues.map((i) => i.path)).to.deep.equal([]);
  });

  it('falls back to the last accepted values, then the metric, when a values input is rejected', () => {
    const kept = resolveValues(index, 'garbage', { D1: 3 }, 'events');
    expect([kept.from, kept.values[index.indexOf('D1')], kept.valueIssues[0].path]).to.deep.equal(['previous', 3, 'values']);
    const metric = resolveValues(index, 42, null, 'events');
    expect([metric.from, metric.values[index.indexOf('D1')]]).to.deep.equal(['metric', 30]);
    const none = resolveValues(index, 42, null, undefined);
    expect([none.from, Array.from(none.values).every(Number.isNaN)]).to.deep.equal(['none', true]);
  });
});
