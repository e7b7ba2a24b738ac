import { expect } from 'chai';
import { listConverter, lonLatConverter, numberConverter, parseList, parseNumber } from '../../src/core/converters';

const from = <T>(converter: { fromAttribute?: (value: string | null, type?: unknown) => T }, text: string | null) => converter.fromAttribute!(text);
const to = <T>(converter: { toAttribute?: (value: T, type?: unknown) => unknown }, value: T) => converter.toAttribute!(value);

describe('core/converters', () => {
  it('lists: ASCII and full-width commas, trimmed, empties dropped; nothing left → null', () => {
    const table: [string | null, string[] | null][] = [
      ['gas, bridge，fire', ['gas', 'bridge', 'fire']],
      [' a ,, b ,', ['a', 'b']],
      ['，，', null],
      ['', null],
      ['   ', null],
      [null, null],
      ['__proto__,constructor', ['__proto__', 'constructor']],
      ['燃气，桥梁', ['燃气', '桥梁']],
    ];
    for (const [text, expected] of table) {
      expect(parseList(text), String(text)).to.deep.equal(expected);
      expect(from(listConverter, text), String(text)).to.deep.equal(expected);
    }
    expect(to(listConverter, ['a', 'b'])).to.equal('a,b');
    expect(to(listConverter, [])).to.equal(null);
    expect(to(listConverter, null)).to.equal(null);
  });

  it('numbers: the number when the text is one, else the text as written (for the attribute report)', () => {
    const table: [string | null, number | string | undefined][] = [
      ['12', 12],
      [' 0.5 ', 0.5],
      ['-3e2', -300],
      ['0x10', 16],
      ['', ''],
      ['  ', '  '],
      ['abc', 'abc'],
      ['Infinity', 'Infinity'],
      ['NaN', 'NaN'],
      ['1,5', '1,5'],
      [null, undefined],
    ];
    for (const [text, expected] of table) expect(from(numberConverter, text), String(text)).to.deep.equal(expected);
    expect(parseNumber('')).to.be.NaN;
    expect(to(numberConverter, 3)).to.equal('3');
    expect(to(numberConverter, undefined)).to.equal(null);
  });

  it('lon,lat pairs: two finite numbers (either comma), else the text as written', () => {
    const table: [string | null, [number, number] | string | undefined][] = [
      ['116.4,39.9', [116.4, 39.9]],
      [' 116.4 ， 39.9 ', [116.4, 39.9]],
      ['116.4', '116.4'],
      ['116.4,39.9,0', '116.4,39.9,0'],
      ['a,b', 'a,b'],
      [',', ','],
      [null, undefined],
    ];
    for (const [text, expected] of table) expect(from(lonLatConverter, text), String(text)).to.deep.equal(expected);
    expect(to(lonLatConverter, [116, 40])).to.equal('116,40');
    expect(to(lonLatConverter, undefined)).to.equal(null);
  });
});
