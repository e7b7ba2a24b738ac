import { expect } from 'chai';
import { checkDataAttribute, checkNumbersAttribute, checkPalette, gridAttributeReaders, gridReaders, gridScaleSettings } from '../../src/grid/model/attributes';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { validateGridCollection } from '../../src/grid/model/validate';
import { readTheme } from '../../src/core/attributes';
import type { ValidationIssue } from '../../src/core/validation';
import { sampleGrid } from './fixtures';

const index = new GridIndex(validateGridCollection(sampleGrid()).units);
const paths = (issues: ValidationIssue[]) => issues.map((i) => `${i.path} ${i.severity}`);

/**
 * Checks the setting attributes as the element does: each reader on its own (the base element's
 * `theme` too), then the checks that span attributes. The settings in effect and every warning.
 */
function checkGridSettings(input: Record<string, unknown>): { settings: Record<string, unknown>; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const read = <K extends keyof typeof gridReaders>(name: K) => gridReaders[name](issues, input[name]) as unknown;
  const own = { crs: read('crs'), classes: read('classes'), labels: read('labels'), fillOpacity: read('fillOpacity'), unit: read('unit'), metricLabel: read('metricLabel') };
  read('scale');
  read('thresholds');
  readTheme(issues, input.theme);
  const { options, issues: together } = gridScaleSettings(input);
  issues.push(...together);
  const settings = { crs: own.crs, scale: options.type, thresholds: options.thresholds, domain: options.domain, palette: options.palette, classes: own.classes };
  return { settings: { ...settings, labels: own.labels, fillOpacity: own.fillOpacity, unit: own.unit, metricLabel: own.metricLabel }, issues };
}

describe('grid attributes (model)', () => {
  it('gives the defaults, silently, for unset attributes', () => {
    for (const input of [{}, { crs: null, scale: null, thresholds: null, domain: null, palette: null, classes: null, labels: null, fillOpacity: null, theme: null }, { crs: '', palette: '' }]) {
      const { settings, issues } = checkGridSettings(input);
      expect(settings).to.deep.equal({ crs: 'wgs84', scale: 'quantize', thresholds: undefined, domain: undefined, palette: 'YlOrRd', classes: 5, labels: 'auto', fillOpacity: 0.85, unit: undefined, metricLabel: undefined });
      expect(issues).to.deep.equal([]);
    }
  });

  it('declares a reader per attribute checked on its own, by property name', () => {
    expect(Object.getPrototypeOf(gridAttributeReaders)).to.equal(null);
    expect(Object.keys(gridAttributeReaders)).to.deep.equal(['crs', 'scale', 'thresholds', 'classes', 'labels', 'fillOpacity', 'unit', 'metricLabel']);
    expect(gridReaders.classes([], '7')).to.equal(5); // attribute text that is no number arrives as written: reported
    expect(gridReaders.classes([], 7)).to.equal(7);
  });

  it('reports every bad setting by attribute and falls back to its default', () => {
    const { settings, issues } = checkGridSettings({
      crs: 'epsg:3857', scale: 'log', palette: 'NoSuchScheme', classes: 0, labels: 'some', fillOpacity: NaN, theme: 'purple', thresholds: '10,abc', domain: '100,0',
    });
    expect(settings).to.deep.equal({ crs: 'wgs84', scale: 'quantize', thresholds: undefined, domain: undefined, palette: 'YlOrRd', classes: 5, labels: 'auto', fillOpacity: 0.85, unit: undefined, metricLabel: undefined });
    expect(issues.map((i) => i.message)).to.deep.equal([
      'crs: unknown value "epsg:3857" (expected wgs84 | gcj02 | bd09)',
      'classes: unknown value 0 (expected an integer 1–12)',
      'labels: unknown value "some" (expected auto | none)',
      'fill-opacity: unknown value NaN (expected a number 0–1)',
      'scale: unknown value "log" (expected quantize | quantile | threshold)',
      'thresholds: unknown value "10,abc" (expected ascending numbers ("10,50,100") or per level ({"district": [100, 200]}))',
      'theme: unknown value "purple" (expected light | dark)',
      'domain: unknown value "100,0" (expected numbers ("min,max", min ≤ max) or per level ({"district": [0, 100]}))',
      'palette: unknown value "NoSuchScheme" (expected a d3 scheme name (YlOrRd, Blues, Viridis…) or CSS colours ("#fee,#fc9,#e31a1c"))',
    ]);
    expect(issues.every((i) => i.severity === 'warning')).to.equal(true);
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
    expect(issues.map((i) => [i.path, i.code, i.params?.value])).to.deep.equal([['metric-label', 'too-long', 10_000_000]]);
  });

  it('reports threshold scale without thresholds and uses quantize', () => {
    const { settings, issues } = checkGridSettings({ scale: 'threshold' });
    expect(settings.scale).to.equal('quantize');
    expect(issues.map((i) => [i.path, i.code, i.severity])).to.deep.equal([['thresholds', 'missing', 'warning']]);
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
});
