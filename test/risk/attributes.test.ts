import { expect } from 'chai';
import { DEFAULT_RISK_SETTINGS, resolveRiskAttributes, type RiskAttributeValues } from '../../src/risk/model/attributes';

const unset: RiskAttributeValues = {
  mode: null,
  hexMetric: null,
  crs: null,
  step: null,
  window: null,
  legendPosition: null,
  colorDomain: null,
  categories: null,
  levels: null,
  from: null,
  to: null,
  speed: null,
  handoverZoom: null,
  heatRadius: null,
  hexRadius: null,
};
const resolve = (values: Partial<RiskAttributeValues>) => resolveRiskAttributes({ ...unset, ...values });
const paths = (values: Partial<RiskAttributeValues>) => resolve(values).issues.map((i) => i.path);

describe('risk layer attributes (one policy: unset is the default, unusable is reported and the default)', () => {
  it('gives the defaults, silently, for removed (null), never set (undefined) and empty attributes', () => {
    for (const empty of [null, undefined, '']) {
      const values = Object.fromEntries(Object.keys(unset).map((k) => [k, empty])) as unknown as RiskAttributeValues;
      const { settings, issues } = resolveRiskAttributes(values);
      expect(issues, String(empty)).to.deep.equal([]);
      expect(settings).to.deep.equal(DEFAULT_RISK_SETTINGS);
    }
  });

  it('reads good values', () => {
    const { settings, issues } = resolve({
      mode: 'hex',
      hexMetric: 'count',
      crs: 'gcj02',
      step: 'week',
      window: '2w',
      legendPosition: 'top-left',
      colorDomain: '0, 3200',
      categories: ['gas', '__proto__'],
      levels: ['重大', 'low'],
      from: '2024-05-01T00:00:00Z',
      to: '2024-05-08T00:00:00Z',
      speed: 30,
      handoverZoom: '0',
      heatRadius: 100,
      hexRadius: '1',
    });
    expect(issues).to.deep.equal([]);
    expect(settings).to.deep.equal({
      mode: 'hex',
      hexMetric: 'count',
      crs: 'gcj02',
      step: 'week',
      windowDays: 14,
      legendPosition: 'top-left',
      colorDomain: [0, 3200],
      categories: ['gas', '__proto__'],
      levels: ['major', 'low'],
      from: Date.UTC(2024, 4, 1),
      to: Date.UTC(2024, 4, 8),
      speed: 30,
      handoverZoom: 0,
      heatRadius: 100,
      hexRadius: 1,
    });
  });

  it('reports a colour domain that is not two numbers 0 ≤ low < high (naming attribute and value) and uses the data’s', () => {
    for (const bad of ['a,b', '10,1', '5,5', '-1,10', '1,2,3', '7', 'NaN,Infinity', '1e309,1e310', '__proto__', [10, 1], [1, NaN], { 0: 1, 1: 2 }, 42]) {
      const { settings, issues } = resolve({ colorDomain: bad });
      expect(settings.colorDomain, String(bad)).to.equal(null);
      expect(issues.map((i) => [i.path, i.severity, i.code]), String(bad)).to.deep.equal([['color-domain', 'warning', 'unknown-value']]);
    }
    expect(resolve({ colorDomain: '10,1' }).issues[0].message).to.equal('color-domain: unknown value "10,1" (expected "low,high" with 0 ≤ low < high)');
    expect(resolve({ colorDomain: [10, 1] }).issues[0].message).to.contain('"10,1"');
  });

  it('reports a reversed window (from after to) and shows the span between them', () => {
    const { settings, issues } = resolve({ from: '2024-05-10', to: '2024-05-01' });
    expect([settings.from, settings.to]).to.deep.equal([new Date(2024, 4, 1).getTime(), new Date(2024, 4, 10).getTime()]);
    expect(issues.map((i) => [i.path, i.severity])).to.deep.equal([['from', 'warning']]);
    expect(issues[0].message).to.equal('from: "2024-05-10" is after to "2024-05-01"; the window between them is shown');
    // An empty window (from = to) is a valid filter that shows nothing.
    expect(paths({ from: '2024-05-01', to: '2024-05-01' })).to.deep.equal([]);
  });

  it('never takes an Object.prototype member for a choice or a level', () => {
    const proto = { mode: 'constructor', hexMetric: '__proto__', crs: 'toString', step: 'toString', legendPosition: 'valueOf', levels: '__proto__,constructor' };
    const { settings, issues } = resolve(proto);
    expect(issues.map((i) => i.path)).to.deep.equal(['mode', 'hex-metric', 'crs', 'step', 'legend-position', 'levels', 'levels']);
    expect(settings).to.deep.equal(DEFAULT_RISK_SETTINGS);
    // One known level among unknown ones still filters by it.
    expect(resolve({ levels: 'major,__proto__' }).settings.levels).to.deep.equal(['major']);
  });

  it('reports numbers that are not numbers or out of range, and keeps the defaults', () => {
    const cases: Array<[keyof RiskAttributeValues, string, unknown[]]> = [
      ['speed', 'speed', [0, -0, -1, NaN, Infinity, 'fast', '1e999', {}]],
      ['handoverZoom', 'handover-zoom', [-1, 25, NaN, 1e308, 'x']],
      ['heatRadius', 'heat-radius', [0, 0.5, 101, -5, NaN, -Infinity, '']],
      ['hexRadius', 'hex-radius', [0, 1e308, 100_001, 'abc', [300]]],
      ['window', 'window', ['0d', '-3d', '1.5d', '99999999d', '3661d', 'a while', '__proto__', 0, 7.5]],
      ['from', 'from', ['last tuesday', '2024-02-30', '+275760-09-13T00:00:00Z', 8.64e15 + 1, {}]],
    ];
    for (const [key, attribute, values] of cases) {
      for (const value of values) {
        const { settings, issues } = resolve({ [key]: value });
        // '' is unset: the default, not a warning.
        expect(issues.map((i) => i.path), `${attribute}=${String(value)}`).to.deep.equal(value === '' ? [] : [attribute]);
        expect(settings, `${attribute}=${String(value)}`).to.deep.equal(DEFAULT_RISK_SETTINGS);
      }
    }
    expect(resolve({ window: '3660d' }).settings.windowDays).to.equal(3660);
  });

  it('keeps a 10 MB value out of the message', () => {
    const huge = 'x'.repeat(10_000_000);
    const { issues } = resolve({ mode: huge, colorDomain: huge, from: huge, levels: huge });
    expect(issues.map((i) => i.path)).to.deep.equal(['mode', 'color-domain', 'levels', 'from']);
    for (const issue of issues) expect(issue.message.length, issue.path).to.be.below(200);
  });
});
