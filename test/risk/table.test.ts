import { expect } from 'chai';
import { clipText, packRisks, packRisksAsync, UNDATED, rowLevel, rowRecord } from '../../src/risk/model/table';
import { RISK_CATEGORIES } from '../../src/risk/model/types';
import { wgs84ToGcj02 } from '../../src/core/crs';

const ok = (id: string, extra: Record<string, unknown> = {}) => ({ id, lon: 106.55, lat: 29.56, category: 'gas', level: 'low', ...extra });
const issuesOf = (input: unknown) => packRisks(input).issues.map((i) => [i.path, i.code, i.severity]);

describe('risk records: validation and packing', () => {
  it('keeps valid records and packs them by level, low first', () => {
    const { table, issues } = packRisks([
      ok('a', { level: 'major', lon: 106.1, lat: 29.1, weight: 2.5, time: '2024-05-02T00:00:00Z', name: 'A' }),
      ok('b', { level: undefined, likelihood: 1, severity: 2, lon: 106.2, lat: 29.2 }),
      ok('c', { level: 'general', category: 'bridge', lon: 106.3, lat: 29.3, time: '2024-05-01T12:00:00Z' }),
      ok('d', { level: 'low', category: 'my-own-category', lon: 106.4, lat: 29.4 }),
    ]);
    expect(issues).to.deep.equal([]);
    expect(table.length).to.equal(4);
    expect(table.ids).to.deep.equal(['b', 'd', 'c', 'a']);
    expect(Array.from(table.level)).to.deep.equal([1, 1, 2, 4]);
    expect(Array.from(table.source)).to.deep.equal([1, 3, 2, 0]);
    expect(Array.from(table.positions)).to.deep.equal([106.2, 29.2, 0, 106.4, 29.4, 0, 106.3, 29.3, 0, 106.1, 29.1, 0]);
    expect(table.categories.slice(0, RISK_CATEGORIES.length)).to.deep.equal([...RISK_CATEGORIES]);
    expect(table.categories[RISK_CATEGORIES.length]).to.equal('my-own-category');
    expect(Array.from(table.category)).to.deep.equal([0, RISK_CATEGORIES.length, 1, 0]);
    // Default weights are the level ranks; a given weight is kept.
    expect(Array.from(table.weight)).to.deep.equal([1, 1, 2, 2.5]);
    expect(table.bounds).to.deep.equal([106.1, 29.1, 106.4, 29.4]);
    expect(table.levelCounts).to.deep.equal([0, 2, 1, 0, 1]);
    expect(rowLevel(table, 3)).to.equal('major');
    expect(rowRecord(table, 3).name).to.equal('A');
  });

  it('stores times as minutes from local midnight of the earliest day (float32), undated as a sentinel', () => {
    const { table } = packRisks([
      ok('a', { time: '2024-05-01T12:00:00Z' }),
      ok('b', { time: '2024-05-02T00:30:00Z' }),
      ok('c'),
    ]);
    const origin = new Date(Date.UTC(2024, 4, 1, 12));
    origin.setHours(0, 0, 0, 0);
    expect(table.timeOrigin).to.equal(origin.getTime());
    expect(table.timeExtent).to.deep.equal([Date.UTC(2024, 4, 1, 12), Date.UTC(2024, 4, 2, 0, 30)]);
    expect(table.timeOffset[0]).to.equal(Math.fround((Date.UTC(2024, 4, 1, 12) - origin.getTime()) / 60000));
    expect(table.timeOffset[1]).to.equal(Math.fround((Date.UTC(2024, 4, 2, 0, 30) - origin.getTime()) / 60000));
    expect(table.timeOffset[2]).to.equal(Math.fround(UNDATED));
    expect(table.time[2]).to.be.NaN;
  });

  it('converts positions into the display CRS at ingest', () => {
    const { table } = packRisks([ok('a', { lon: 106.55, lat: 29.56 })], { crs: 'wgs84', displayCrs: 'gcj02' });
    const [x, y] = wgs84ToGcj02(106.55, 29.56);
    expect([table.positions[0], table.positions[1]]).to.deep.equal([x, y]);
  });

  it('reports a non-array input', () => {
    expect(issuesOf({ records: [] })).to.deep.equal([['', 'wrong-type', 'error']]);
    expect(packRisks(null).table.length).to.equal(0);
  });

  it('skips records with missing, NaN or non-numeric coordinates, naming index and field', () => {
    const input = [ok('a'), ok('b', { lon: undefined }), ok('c', { lat: Number.NaN }), ok('d', { lon: '106.5' }), ok('e', { lat: null })];
    expect(issuesOf(input)).to.deep.equal([
      ['[1].lon', 'missing', 'error'],
      ['[2].lat', 'not-a-number', 'error'],
      ['[3].lon', 'not-a-number', 'error'],
      ['[4].lat', 'missing', 'error'],
    ]);
    expect(packRisks(input).table.ids).to.deep.equal(['a']);
  });

  it('swaps back swapped lat/lon (with a warning) and rejects positions out of range', () => {
    const input = [
      ok('swapped', { lon: 29.56, lat: 106.55 }), // lat > 90: only the swap is valid
      ok('swapped-in-range', { lon: 29.56, lat: 80.5 }), // both valid; only the swap lies in China
      ok('abroad', { lon: 2.35, lat: 48.85 }), // Paris: valid, left alone
      ok('nowhere', { lon: 200, lat: 100 }),
    ];
    expect(issuesOf(input)).to.deep.equal([
      ['[0].lat', 'swapped-coordinates', 'warning'],
      ['[1].lat', 'swapped-coordinates', 'warning'],
      ['[3].lon', 'out-of-range', 'error'],
    ]);
    const { table } = packRisks(input);
    expect(table.ids).to.deep.equal(['swapped', 'swapped-in-range', 'abroad']);
    expect(Array.from(table.positions.slice(0, 6))).to.deep.equal([106.55, 29.56, 0, 80.5, 29.56, 0]);
  });

  it('reports unknown level names: skipped, or kept with a warning when likelihood × severity gives a level', () => {
    const input = [ok('a', { level: 'critical' }), ok('b', { level: 'critical', likelihood: 4, severity: 5 }), ok('c', { level: 3 })];
    expect(issuesOf(input)).to.deep.equal([
      ['[0].level', 'unknown-value', 'error'],
      ['[1].level', 'unknown-value', 'warning'],
      ['[2].level', 'unknown-value', 'error'],
    ]);
    const { table } = packRisks(input);
    expect(table.ids).to.deep.equal(['b']);
    expect(rowLevel(table, 0)).to.equal('major');
  });

  it('reports likelihood/severity outside 1–5, non-integers and half pairs', () => {
    const base = { level: undefined };
    const input = [
      ok('a', { ...base, likelihood: 0, severity: 3 }),
      ok('b', { ...base, likelihood: 6, severity: 1 }),
      ok('c', { ...base, likelihood: 2.5, severity: 2 }),
      ok('d', { ...base, likelihood: 'high', severity: 2 }),
      ok('e', { ...base, likelihood: 3 }),
      ok('f', { level: 'general', likelihood: 9, severity: 1 }),
      ok('g', { level: 'major', likelihood: 1, severity: 1 }),
      ok('h', { ...base }),
    ];
    expect(issuesOf(input)).to.deep.equal([
      ['[0].likelihood', 'out-of-range', 'error'],
      ['[1].likelihood', 'out-of-range', 'error'],
      ['[2].likelihood', 'out-of-range', 'error'],
      ['[3].likelihood', 'not-a-number', 'error'],
      ['[4].severity', 'missing', 'error'],
      ['[5].likelihood', 'out-of-range', 'warning'],
      ['[6].level', 'level-mismatch', 'warning'],
      ['[7].level', 'missing', 'error'],
    ]);
    expect(packRisks(input).table.ids).to.deep.equal(['f', 'g']);
  });

  it('keeps records with unparsable times (as undated) and negative weights (level default), with warnings', () => {
    const input = [ok('a', { time: '2024/05/01' }), ok('b', { time: 'yesterday' }), ok('c', { weight: -2, level: 'considerable' }), ok('d', { weight: 'heavy' })];
    expect(issuesOf(input)).to.deep.equal([
      ['[0].time', 'unparsable-time', 'warning'],
      ['[1].time', 'unparsable-time', 'warning'],
      ['[2].weight', 'out-of-range', 'warning'],
      ['[3].weight', 'not-a-number', 'warning'],
    ]);
    const { table } = packRisks(input);
    expect(table.length).to.equal(4);
    expect(table.timeExtent).to.equal(null);
    expect(Array.from(table.weight)).to.deep.equal([1, 1, 1, 3]);
  });

  it('skips duplicated ids after the first, and records without id or category', () => {
    const input = [ok('a'), ok('a', { level: 'major' }), ok('b', { id: undefined }), ok('c', { category: '' }), 7, ok('d', { id: 12 })];
    expect(issuesOf(input)).to.deep.equal([
      ['[1].id', 'duplicate-id', 'error'],
      ['[2].id', 'missing', 'error'],
      ['[3].category', 'wrong-type', 'error'],
      ['[4]', 'wrong-type', 'error'],
    ]);
    const { table } = packRisks(input);
    expect(table.ids).to.deep.equal(['a', '12']);
    expect(packRisks(input).issues[0].message).to.contain('first at [0]');
  });

  it('keeps HTML in names as plain data (it is only ever rendered as text)', () => {
    const name = '<img src=x onerror="alert(1)">燃气';
    const { table, issues } = packRisks([ok('a', { name })]);
    expect(issues).to.deep.equal([]);
    expect(rowRecord(table, 0).name).to.equal(name);
  });

  it('caps the kept issues but counts all of them', () => {
    const input = Array.from({ length: 30 }, (_, i) => ok(`x${i}`, { lon: 'bad' }));
    const result = packRisks(input, { issueLimit: 5 });
    expect(result.issues.length).to.equal(5);
    expect(result.issueTotal).to.equal(30);
  });

  it('packs in slices with progress and the same result', async () => {
    const input = Array.from({ length: 25 }, (_, i) => ok(`r${i}`, { lon: 106 + i / 100 }));
    const progress: number[] = [];
    const result = await packRisksAsync(input, {}, { chunk: 10, onProgress: (done) => progress.push(done) });
    expect(progress).to.deep.equal([10, 20, 25]);
    expect(Array.from(result.table.positions)).to.deep.equal(Array.from(packRisks(input).table.positions));
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    const input = Array.from({ length: 25 }, (_, i) => ok(`r${i}`));
    const promise = packRisksAsync(input, {}, { chunk: 10, signal: abort.signal });
    abort.abort();
    let error: Error | null = null;
    await promise.catch((e: Error) => (error = e));
    expect(error!.name).to.equal('AbortError');
  });

  it('rejects positions a Web Mercator map cannot draw and the 0, 0 placeholder; keeps -0 and the limit itself', () => {
    expect(issuesOf([ok('n', { lat: 90 }), ok('s', { lat: -85.06 }), ok('z', { lon: 0, lat: 0 }), ok('m', { lon: -0, lat: -0 }), ok('e', { lat: 85.051129 }), ok('w', { lon: -0, lat: 29.56 })])).to.deep.equal([
      ['[0].lat', 'out-of-range', 'error'],
      ['[1].lat', 'out-of-range', 'error'],
      ['[2].lon', 'missing', 'error'],
      ['[3].lon', 'missing', 'error'],
    ]);
    expect(packRisks([ok('e', { lat: 85.051129 }), ok('w', { lon: -0, lat: 29.56 })]).table.length).to.equal(2);
  });

  it('refuses weights the GPU cannot hold (float32) and records that throw when read, keeping the rest', () => {
    const throwing = Object.defineProperty(ok('t'), 'category', { enumerable: true, get: () => { throw new Error('boom'); } });
    const { table, issues } = packRisks([ok('big', { weight: 1e308 }), throwing, ok('max', { weight: 3.4e38 }), ok('z', { weight: -0 })]);
    expect(issues.map((i) => [i.path, i.code, i.severity])).to.deep.equal([
      ['[0].weight', 'out-of-range', 'warning'],
      ['[1]', 'wrong-type', 'error'],
    ]);
    expect(table.ids).to.deep.equal(['big', 'max', 'z']);
    expect(Array.from(table.weight)).to.deep.equal([1, Math.fround(3.4e38), -0]);
  });

  it('clips display text without splitting a surrogate pair', () => {
    expect(clipText('abc', 3)).to.equal('abc');
    expect(clipText('abcd', 3)).to.equal('abc…');
    expect(clipText('ab😀d', 3)).to.equal('ab…');
    expect(clipText('a'.repeat(10_000_000)).length).to.equal(201);
  });
});
