import { expect } from 'chai';
import { AttributeReport, checkDataAttribute, checkGridSettings, checkNumbersAttribute, checkPalette } from '../../src/grid/model/attributes';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { validateGridCollection } from '../../src/grid/model/validate';
import type { ValidationIssue } from '../../src/core/validation';
import { sampleGrid } from './fixtures';

const index = new GridIndex(validateGridCollection(sampleGrid()).units);
const paths = (issues: ValidationIssue[]) => issues.map((i) => `${i.path} ${i.severity}`);

describe('grid attributes (model)', () => {
  it('gives the defaults, silently, for unset attributes', () => {
    for (const input of [{}, { crs: null, scale: null, thresholds: null, domain: null, palette: null, classes: null, labels: null, fillOpacity: null, theme: null }, { crs: '', palette: '' }]) {
      const { settings, issues } = checkGridSettings(input);
      expect(settings).to.deep.equal({ crs: 'wgs84', scale: 'quantize', thresholds: undefined, domain: undefined, palette: 'YlOrRd', classes: 5, labels: 'auto', fillOpacity: 0.85, unit: undefined, metricLabel: undefined });
      expect([...issues.values()].flat()).to.deep.equal([]);
    }
  });

  it('reports every bad setting by attribute and falls back to its default', () => {
    const { settings, issues } = checkGridSettings({
      crs: 'epsg:3857', scale: 'log', palette: 'NoSuchScheme', classes: 0, labels: 'some', fillOpacity: NaN, theme: 'purple', thresholds: '10,abc', domain: '100,0',
    });
    expect(settings).to.deep.equal({ crs: 'wgs84', scale: 'quantize', thresholds: undefined, domain: undefined, palette: 'YlOrRd', classes: 5, labels: 'auto', fillOpacity: 0.85, unit: undefined, metricLabel: undefined });
    expect([...issues.values()].flat().map((i) => i.message)).to.deep.equal([
      'crs: unknown value "epsg:3857" (expected wgs84 | gcj02 | bd09)',
      'scale: unknown value "log" (expected quantize | quantile | threshold)',
      'thresholds: unknown value "10,abc" (expected ascending numbers ("10,50,100") or per level ({"district": [100, 200]}))',
      'domain: unknown value "100,0" (expected numbers ("min,max", min ≤ max) or per level ({"district": [0, 100]}))',
      'classes: unknown value 0 (expected an integer 1–12)',
      'palette: unknown value "NoSuchScheme" (expected a d3 scheme name (YlOrRd, Blues, Viridis…) or CSS colours ("#fee,#fc9,#e31a1c"))',
      'labels: unknown value "some" (expected auto | none)',
      'fill-opacity: unknown value NaN (expected a number 0–1)',
      'theme: unknown value "purple" (expected light | dark)',
    ]);
    expect([...issues.values()].flat().every((i) => i.severity === 'warning')).to.equal(true);
  });

  it('parses thresholds and domains: lists, JSON, per level; drops only the bad levels', () => {
    const issues: ValidationIssue[] = [];
    expect(checkNumbersAttribute(issues, 'thresholds', '10, 50,100', 'threshold')).to.deep.equal([10, 50, 100]);
    expect(checkNumbersAttribute(issues, 'thresholds', [1, 2], 'threshold')).to.deep.equal([1, 2]);
    expect(checkNumbersAttribute(issues, 'domain', '[0, 100]', 'quantize')).to.deep.equal([0, 100]);
    expect(checkNumbersAttribute(issues, 'domain', '50,10,30', 'quantile')).to.deep.equal([50, 10, 30]); // a sample: any order
    expect(issues).to.deep.equal([]);
    const perLevel = checkNumbersAttribute(issues, 'thresholds', '{"district": [20], "street": [15, 5], "__proto__": [1], "county": [3]}', 'threshold');
    expect(JSON.stringify(perLevel)).to.equal('{"district":[20]}');
    expect(Object.getPrototypeOf(perLevel)).to.equal(null);
    expect(paths(issues)).to.deep.equal(['thresholds.street warning', 'thresholds["__proto__"] warning', 'thresholds["county"] warning']);
    for (const bad of ['10,,20', '{"district": ', 'NaN', '20,10', '10,10', 'Infinity', '[]', '{}', '{"district": ["1"]}', 42]) {
      const found: ValidationIssue[] = [];
      expect(checkNumbersAttribute(found, 'thresholds', bad, 'threshold'), String(bad)).to.equal(undefined);
      expect(found.length, String(bad)).to.be.greaterThan(0);
    }
  });

  it('accepts scheme names and colour lists that give real colours', () => {
    const issues: ValidationIssue[] = [];
    expect(checkPalette(issues, 'Blues', 5)).to.equal('Blues');
    expect(checkPalette(issues, '#fee, #fc9,#e31a1c', 5)).to.deep.equal(['#fee', '#fc9', '#e31a1c']);
    expect(checkPalette(issues, ['red', 'rgb(0, 0, 255)'], 3)).to.deep.equal(['red', 'rgb(0, 0, 255)']);
    expect(issues).to.deep.equal([]);
    for (const bad of ['__proto__', 'constructor', 'toString', 'red,notacolour', 'Category10', [], [1, 2], 'x'.repeat(100_000)]) {
      const found: ValidationIssue[] = [];
      expect(checkPalette(found, bad, 12)).to.equal('YlOrRd');
      expect(found.map((i) => i.path)).to.deep.equal(['palette']);
      expect(found[0].message.length).to.be.lessThan(300);
    }
  });

  it('shows unit and metric label as given, cut with a warning when far too long', () => {
    const { settings, issues } = checkGridSettings({ unit: '<b>件</b>', metricLabel: 'x'.repeat(10_000_000) });
    expect(settings.unit).to.equal('<b>件</b>');
    expect(settings.metricLabel).to.equal(`${'x'.repeat(199)}…`);
    expect([...issues.values()].flat().map((i) => [i.path, i.code, i.params?.value])).to.deep.equal([['metric-label', 'too-long', 10_000_000]]);
  });

  it('reports threshold scale without thresholds and uses quantize', () => {
    const { settings, issues } = checkGridSettings({ scale: 'threshold' });
    expect(settings.scale).to.equal('quantize');
    expect([...issues.values()].flat().map((i) => [i.path, i.code, i.severity])).to.deep.equal([['thresholds', 'missing', 'warning']]);
  });

  it('checks level, focus-id, selected and metric against the data', () => {
    expect(checkDataAttribute('level', 'community', index)).to.deep.equal([]);
    expect(checkDataAttribute('level', 'micro-grid', index).map((i) => i.message)).to.deep.equal([
      'level: unknown value "micro-grid" (expected district | street | community)',
    ]);
    expect(checkDataAttribute('focus-id', 'S1', index)).to.deep.equal([]);
    for (const id of ['nope', '__proto__', 'constructor', 42]) {
      expect(checkDataAttribute('focus-id', id, index).map((i) => i.path), String(id)).to.deep.equal(['focus-id']);
      expect(checkDataAttribute('selected', id, index).map((i) => i.path), String(id)).to.deep.equal(['selected']);
    }
    expect(checkDataAttribute('metric', 'events', index)).to.deep.equal([]);
    expect(checkDataAttribute('metric', 'constructor', index).map((i) => i.message)).to.deep.equal(['metric: unknown value "constructor" (expected events)']);
    expect(checkDataAttribute('metric', 'anything', index, true)).to.deep.equal([]); // values given: metric only names them
    expect(checkDataAttribute('selected', null, index)).to.deep.equal([]);
  });

  it('lists the issues of all attributes in a fixed order, only when something changed', () => {
    const report = new AttributeReport();
    expect(report.take()).to.equal(null);
    const issue = (path: string) => ({ path, message: path });
    report.set('palette', [issue('palette')]);
    report.set('crs', [issue('crs')]);
    expect(report.take()!.map((i) => i.path)).to.deep.equal(['crs', 'palette']);
    expect(report.take()).to.equal(null);
    report.set('crs', []);
    expect(report.take()!.map((i) => i.path)).to.deep.equal(['palette']);
    report.set('crs', []);
    expect(report.take()).to.equal(null);
  });
});
