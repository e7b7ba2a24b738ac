import { expect } from 'chai';
import { MapAttributeIssues, readBasemap, readBearing, readCenter, readCrs, readPitch, readZoom } from '../../src/map/map-attributes';
import type { ValidationIssue } from '../../src/core/validation';

function read<T>(reader: (issues: ValidationIssue[], value: unknown) => T, value: unknown): [T, string[]] {
  const issues: ValidationIssue[] = [];
  const result = reader(issues, value);
  return [result, issues.map((i) => i.path)];
}

describe('<city-map> attribute readers (pure)', () => {
  it('reads centres from text or arrays and rejects everything else', () => {
    const table: [unknown, [number, number] | undefined, string[]][] = [
      [null, undefined, []],
      ['', undefined, []],
      ['116.4,39.9', [116.4, 39.9], []],
      [' -180 , 85.05 ', [-180, 85.05], []],
      [[116, 40], [116, 40], []],
      ['181,0', undefined, ['center']],
      ['0,85.06', undefined, ['center']],
      ['NaN,1', undefined, ['center']],
      ['1,2,3', undefined, ['center']],
      [[Number.NaN, 1], undefined, ['center']],
      ['__proto__', undefined, ['center']],
      [42, undefined, ['center']],
    ];
    for (const [value, expected, paths] of table) expect(read(readCenter, value), String(value)).to.deep.equal([expected, paths]);
  });

  it('reads numbers within their ranges', () => {
    expect(read(readZoom, '12.5')).to.deep.equal([12.5, []]);
    expect(read(readZoom, 0)).to.deep.equal([0, []]);
    expect(read(readZoom, '20')).to.deep.equal([20, []]);
    expect(read(readZoom, '20.01')).to.deep.equal([undefined, ['zoom']]);
    expect(read(readZoom, ' ')).to.deep.equal([undefined, ['zoom']]);
    expect(read(readZoom, '1e308')).to.deep.equal([undefined, ['zoom']]);
    expect(read(readPitch, '85')).to.deep.equal([85, []]);
    expect(read(readPitch, '-0.1')).to.deep.equal([undefined, ['pitch']]);
    expect(read(readBearing, '-360')).to.deep.equal([-360, []]);
    expect(read(readBearing, 'Infinity')).to.deep.equal([undefined, ['bearing']]);
    expect(read(readBearing, null)).to.deep.equal([undefined, []]);
  });

  it('reads the CRS from its list and basemaps as http(s) tile templates', () => {
    expect(read(readCrs, 'gcj02')).to.deep.equal(['gcj02', []]);
    expect(read(readCrs, null)).to.deep.equal(['wgs84', []]);
    expect(read(readCrs, 'constructor')).to.deep.equal(['wgs84', ['crs']]);
    expect(read(readBasemap, ' /tiles/{z}/{x}/{y}.png ')).to.deep.equal(['/tiles/{z}/{x}/{y}.png', []]);
    expect(read(readBasemap, 'https://t.example/{z}/{x}/{y}.png')).to.deep.equal(['https://t.example/{z}/{x}/{y}.png', []]);
    expect(read(readBasemap, 'https://t.example/{z}/{x}.png')).to.deep.equal([undefined, ['basemap']]);
    expect(read(readBasemap, 'javascript:x/{z}/{x}/{y}')).to.deep.equal([undefined, ['basemap']]);
  });

  it('keeps an attribute warning while the property holds a mirrored good value, and drops it when the attribute goes', () => {
    const issues = new MapAttributeIssues();
    issues.attributeChanged('zoom', 'abc');
    issues.propertyChanged('zoom', undefined);
    expect(issues.takeChanges()!.map((i) => i.path)).to.deep.equal(['zoom']);
    issues.propertyChanged('zoom', 12); // the map mirrors its live view into the property
    expect(issues.takeChanges(), 'nothing new to report').to.equal(null);
    issues.propertyChanged('maxZoom', 'x'); // a script set garbage: named by its attribute
    expect(issues.takeChanges()!.map((i) => i.path)).to.deep.equal(['max-zoom', 'zoom']);
    issues.attributeChanged('zoom', null);
    issues.propertyChanged('maxZoom', 18);
    expect(issues.takeChanges()).to.deep.equal([]);
    expect(issues.attributeChanged('unrelated', 'x')).to.equal(false);
  });
});
