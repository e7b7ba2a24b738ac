import { expect } from 'chai';
import { packRisks } from '../../src/risk/model/table';
import { parseList } from '../../src/core/converters';
import { compileFilter, countVisibleByLevel, dailyCounts, float32Below, readFilter, rowVisible, visibleRows, categoryKey } from '../../src/risk/model/filter';
import { IssueCollector } from '../../src/core/validation';

const day = (d: number, h = 0) => Date.UTC(2024, 4, d, h);
const records = [
  { id: 'a', lon: 106.5, lat: 29.5, category: 'gas', level: 'major', time: '2024-05-01T00:00:00Z' },
  { id: 'b', lon: 106.5, lat: 29.5, category: 'bridge', level: 'low', time: '2024-05-01T23:59:00Z' },
  { id: 'c', lon: 106.5, lat: 29.5, category: 'gas', level: 'general', time: '2024-05-02T00:00:00Z' },
  { id: 'd', lon: 106.5, lat: 29.5, category: 'flood', level: 'considerable', time: '2024-05-03T10:00:00Z' },
  { id: 'e', lon: 106.5, lat: 29.5, category: 'gas', level: 'low' }, // undated
];
const { table } = packRisks(records);
const ids = (filter: Parameters<typeof compileFilter>[1]) =>
  Array.from(visibleRows(table, compileFilter(table, filter)), (row) => table.ids[row]).sort();

describe('risk filters (one compiled filter for GPU and CPU)', () => {
  it('shows everything, undated included, with no filter', () => {
    const compiled = compileFilter(table, {});
    expect(compiled.isAll).to.equal(true);
    expect(ids({})).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('treats the window as [from, to): from included, to excluded, undated hidden', () => {
    expect(ids({ from: day(1), to: day(2) })).to.deep.equal(['a', 'b']);
    expect(ids({ from: day(2), to: day(3) })).to.deep.equal(['c']);
    expect(ids({ from: day(1, 0) + 60_000, to: day(10) })).to.deep.equal(['b', 'c', 'd']);
    expect(ids({ to: day(2) })).to.deep.equal(['a', 'b']);
    expect(ids({ from: day(3) })).to.deep.equal(['d']);
    expect(ids({ from: day(20), to: day(21) })).to.deep.equal([]);
  });

  it('filters by categories and levels', () => {
    expect(ids({ categories: ['gas'] })).to.deep.equal(['a', 'c', 'e']);
    expect(ids({ categories: ['gas', 'flood'], levels: ['low', 'considerable'] })).to.deep.equal(['d', 'e']);
    expect(ids({ categories: ['no-such'] })).to.deep.equal([]);
    expect(ids({ levels: [] })).to.deep.equal([]);
  });

  it('gives DataFilterExtension its range and category keys', () => {
    const compiled = compileFilter(table, { categories: ['gas', 'flood'], levels: ['major', 'low'] });
    expect(compiled.gpuCategories).to.deep.equal([[0, 10], [1, 4]]);
    expect(compileFilter(table, {}).range).to.deep.equal([-3.4028234663852886e38, 3.4028234663852886e38]);
    const windowed = compileFilter(table, { from: day(1), to: day(2) });
    const start = (day(1) - table.timeOrigin) / 60000;
    expect(windowed.range[0]).to.equal(Math.fround(start));
    expect(windowed.range[1]).to.equal(float32Below(start + 1440));
    expect(windowed.range[1]).to.be.lessThan(start + 1440);
    expect(categoryKey(3)).to.equal(3);
    expect(categoryKey(200)).to.equal(63);
  });

  it('float32Below is the next float32 down', () => {
    expect(float32Below(1)).to.equal(0.9999999403953552);
    expect(float32Below(-1)).to.equal(-1.0000001192092896);
    expect(float32Below(1440)).to.equal(1439.9998779296875);
  });

  it('counts shown records per level (index 0 = total)', () => {
    expect(countVisibleByLevel(table, compileFilter(table, {}))).to.deep.equal([5, 2, 1, 1, 1]);
    expect(countVisibleByLevel(table, compileFilter(table, { from: day(1), to: day(2) }))).to.deep.equal([2, 1, 0, 0, 1]);
    const compiled = compileFilter(table, { categories: ['bridge'] });
    expect(rowVisible(table, compiled, table.ids.indexOf('b'))).to.equal(true);
    expect(rowVisible(table, compiled, table.ids.indexOf('a'))).to.equal(false);
  });

  it('counts records per local day for the histogram', () => {
    const start = new Date(day(1));
    start.setHours(0, 0, 0, 0);
    const local = (t: number) => Math.floor((t - start.getTime()) / 86_400_000);
    const expected = [0, 0, 0, 0, 0];
    for (const t of [day(1), day(1, 23) + 59 * 60_000, day(2), day(3, 10)]) expected[local(t)]++;
    expect(Array.from(dailyCounts(table, compileFilter(table, {}), start.getTime(), 5))).to.deep.equal(expected);
  });

  it('parses comma lists (ASCII or full-width commas)', () => {
    expect(parseList('gas, bridge，flood')).to.deep.equal(['gas', 'bridge', 'flood']);
    expect(parseList(' , ')).to.equal(null);
    expect(parseList(null)).to.equal(null);
  });

  it('never throws on a filter of the wrong shape: unreadable fields filter nothing', () => {
    const garbage = [{ categories: 42 }, { levels: 'major' }, { from: NaN, to: Infinity }, { categories: { length: 1 } }, null, 42] as unknown[];
    for (const filter of garbage) expect(ids(filter as never), JSON.stringify(filter)).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('reads an untrusted filter, reporting what it cannot use and swapping a reversed window', () => {
    const issues = new IssueCollector();
    const filter = readFilter(
      { from: '2024-05-03T00:00:00Z', to: 'tomorrow', categories: ['gas', 7, '__proto__'], levels: ['__proto__', '重大'] },
      'filter',
      issues,
    );
    expect(filter).to.deep.equal({ from: day(3), to: null, categories: ['gas', '__proto__'], levels: ['major'] });
    expect(issues.issues.map((i) => i.path)).to.deep.equal(['filter.to', 'filter.categories[1]', 'filter.levels[0]']);
    const reversed = new IssueCollector();
    expect(readFilter({ from: day(5), to: day(2) }, 'filter', reversed)).to.deep.include({ from: day(2), to: day(5) });
    expect(reversed.issues.map((i) => [i.path, i.severity])).to.deep.equal([['filter.from', 'warning']]);
    const wrong = new IssueCollector();
    expect(readFilter(42, 'filter', wrong)).to.deep.equal({});
    expect(readFilter({ categories: 'gas', levels: ['constructor'] }, 'f', wrong)).to.deep.equal({ from: null, to: null, categories: null, levels: null });
    expect(wrong.issues.map((i) => i.path)).to.deep.equal(['filter', 'f.categories', 'f.levels[0]']);
  });
});
