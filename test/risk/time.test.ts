import { expect } from 'chai';
import { parseIsoTime, formatIsoLocal, addLocalDays, startOfLocalDay, toEpoch } from '../../src/risk/model/time';

describe('ISO time parsing', () => {
  it('parses dates and date-times with offsets exactly', () => {
    expect(parseIsoTime('2024-05-01T00:00:00Z')).to.equal(Date.UTC(2024, 4, 1));
    expect(parseIsoTime('2024-05-01T08:00:00+08:00')).to.equal(Date.UTC(2024, 4, 1));
    expect(parseIsoTime('2024-05-01T08:00+0800')).to.equal(Date.UTC(2024, 4, 1));
    expect(parseIsoTime('2024-05-01T01:30:15.250-02:00')).to.equal(Date.UTC(2024, 4, 1, 3, 30, 15, 250));
    expect(parseIsoTime('2024-02-29 12:00Z')).to.equal(Date.UTC(2024, 1, 29, 12));
  });

  it('reads times without an offset as local time (a date is local midnight)', () => {
    expect(parseIsoTime('2024-05-01')).to.equal(new Date(2024, 4, 1).getTime());
    expect(parseIsoTime('2024-05-01T09:15')).to.equal(new Date(2024, 4, 1, 9, 15).getTime());
  });

  it('rejects what is not ISO 8601 or not a real date', () => {
    for (const bad of ['2024/05/01', 'May 1 2024', '2024-13-01', '2024-02-30', '2023-02-29', '2024-05-01T25:00', '2024-05-01Z', '', 'yesterday', '20240501']) {
      expect(parseIsoTime(bad), bad).to.be.NaN;
    }
    expect(parseIsoTime(1714521600000)).to.be.NaN;
    expect(parseIsoTime(null)).to.be.NaN;
  });

  it('formats local ISO with offset that parses back to the same instant', () => {
    const t = Date.UTC(2024, 4, 1, 3, 4, 5);
    expect(parseIsoTime(formatIsoLocal(t))).to.equal(t);
  });

  it('moves by calendar days in local time', () => {
    const start = new Date(2024, 0, 31, 0, 0).getTime();
    expect(addLocalDays(start, 1)).to.equal(new Date(2024, 1, 1).getTime());
    expect(startOfLocalDay(new Date(2024, 0, 31, 17, 5).getTime())).to.equal(start);
  });

  it('reads years 0000–0099 as written (not 1900–1999), with leap year 0', () => {
    expect(parseIsoTime('0001-01-01T00:00:00Z')).to.equal(-62135596800000);
    expect(parseIsoTime('0000-02-29T00:00:00Z')).to.equal(-62162121600000);
    expect(new Date(parseIsoTime('0024-05-01T12:00')).getFullYear()).to.equal(24);
    expect(parseIsoTime('1900-02-29')).to.be.NaN;
    expect(parseIsoTime('2024-05-01T24:00')).to.equal(new Date(2024, 4, 2).getTime());
  });

  it('accepts epoch numbers only within Date’s range (±8.64e15 ms)', () => {
    expect(toEpoch(8.64e15)).to.equal(8.64e15);
    expect(toEpoch(-8.64e15)).to.equal(-8.64e15);
    for (const bad of [8.64e15 + 1, -8.64e15 - 1, 1e308, Infinity, -Infinity, NaN]) expect(toEpoch(bad), String(bad)).to.be.NaN;
    expect(toEpoch(new Date(NaN))).to.be.NaN;
    expect(toEpoch('+275760-09-13T00:00:00Z')).to.be.NaN;
  });
});
