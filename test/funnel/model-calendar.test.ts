import { expect } from 'chai';
import { quantile } from 'd3';
import { computeFunnel, compileCalendar, parseTimestamp, workingHoursBetween } from '../../src/funnel/model/index';
import { quantilesInPlace } from '../../src/funnel/model/quantile';
import { mayDayCalendar } from './model-fixtures';

const local = (date: string, time: string) => `${date}T${time}:00+08:00`;

describe('parseTimestamp', () => {
  const utc = Date.UTC;
  const cases: Array<[unknown, number]> = [
    ['2024-05-06T09:30:00+08:00', utc(2024, 4, 6, 1, 30)],
    ['2024-05-06T09:30:00Z', utc(2024, 4, 6, 9, 30)],
    ['2024-05-06T09:30:00.250Z', utc(2024, 4, 6, 9, 30, 0, 250)],
    ['2024-05-06T09:30:00.123456789-05:00', utc(2024, 4, 6, 14, 30, 0, 123)],
    ['2024-05-06T09:30+0800', utc(2024, 4, 6, 1, 30)],
    ['2024-05-06T09:30:00+08', utc(2024, 4, 6, 1, 30)],
    ['2024-05-06 09:30:00', utc(2024, 4, 6, 1, 30)], // zone-less: read at +08:00
    ['2024/05/06 09:30', utc(2024, 4, 6, 1, 30)],
    ['2024-05-06', utc(2024, 4, 5, 16)],
    ['2024-02-29T00:00:00Z', utc(2024, 1, 29)],
    ['Mon, 06 May 2024 09:30:00 GMT', utc(2024, 4, 6, 9, 30)],
    [utc(2024, 0, 1), utc(2024, 0, 1)],
    [new Date(utc(2024, 0, 1)), utc(2024, 0, 1)],
  ];
  for (const [input, expected] of cases) it(`reads ${String(input)}`, () => expect(parseTimestamp(input)).to.equal(expected));

  const bad: unknown[] = [
    '2024-02-30T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-06T24:00:00Z',
    '2024-05-06T09:60:00Z',
    '2024-05-06T09:30:00+25:00',
    '2024-05-06T09:30:00 PM',
    '2024-05-06X09:30',
    'yesterday',
    '1',
    '',
    'x'.repeat(10_000_000),
    NaN,
    Infinity,
    null,
    {},
  ];
  for (const input of bad) it(`rejects ${typeof input === 'string' ? JSON.stringify(input.slice(0, 30)) : String(input)}`, () => expect(parseTimestamp(input)).to.be.NaN);

  it('reads zone-less times at the offset it is given', () => {
    expect(parseTimestamp('2024-05-06 09:30', 0)).to.equal(utc(2024, 4, 6, 9, 30));
  });
});

describe('workingHoursBetween (Mon–Fri 09:00–12:00, 13:30–18:00, May Day 2024)', () => {
  const table: Array<[string, string, number, string]> = [
    [local('2024-05-06', '10:00'), local('2024-05-06', '15:00'), 3.5, 'same day across lunch'],
    [local('2024-05-06', '11:30'), local('2024-05-06', '14:00'), 1, 'half an hour each side of lunch'],
    [local('2024-05-06', '19:00'), local('2024-05-07', '08:00'), 0, 'overnight, outside hours'],
    [local('2024-05-17', '16:00'), local('2024-05-20', '09:30'), 2.5, 'across an ordinary weekend'],
    [local('2024-05-10', '17:00'), local('2024-05-13', '10:00'), 9.5, 'across a weekend whose Saturday is a make-up workday'],
    [local('2024-04-30', '17:00'), local('2024-05-06', '09:00'), 1, 'across the May Day holiday'],
    [local('2024-04-27', '10:00'), local('2024-04-29', '10:00'), 8.5, 'make-up Sunday 28 April is worked'],
    [local('2024-05-13', '00:00'), local('2024-05-20', '00:00'), 37.5, 'one full working week'],
    [local('2024-05-06', '15:00'), local('2024-05-06', '10:00'), -3.5, 'reversed span is negative'],
    ['2024-05-06T02:00:00Z', '2024-05-06T07:00:00Z', 3.5, 'UTC input, Beijing calendar'],
    [local('1990-01-01', '09:00'), local('1990-01-01', '12:00'), 3, 'far from the cached years (1990)'],
    [local('2100-01-01', '08:00'), local('2100-01-04', '10:00'), 8.5, 'far future (Friday 1 Jan 2100 to Monday)'],
  ];
  for (const [a, b, hours, why] of table) {
    it(`${why}: ${hours} h`, () => expect(workingHoursBetween(a, b, mayDayCalendar)).to.be.closeTo(hours, 1e-9));
  }

  it('a date listed both as holiday and as make-up day is worked', () => {
    const both = { ...mayDayCalendar, holidays: [...mayDayCalendar.holidays, '2024-05-11'] };
    expect(workingHoursBetween(local('2024-05-11', '10:00'), local('2024-05-11', '15:00'), both)).to.equal(3.5);
    expect(workingHoursBetween(local('2024-05-06', '00:00'), local('2024-05-13', '00:00'), both)).to.equal(45);
  });

  it('NaN for an unparsable instant', () => {
    expect(workingHoursBetween('soon', local('2024-05-06', '10:00'), mayDayCalendar)).to.be.NaN;
  });

  it('a long span equals the sum of its day-by-day parts', () => {
    let sum = 0;
    for (let d = 1; d < 40; d++) {
      const a = new Date(Date.UTC(2024, 3, 20 + d - 1, 3)).toISOString();
      const b = new Date(Date.UTC(2024, 3, 20 + d, 3)).toISOString();
      sum += workingHoursBetween(a, b, mayDayCalendar);
    }
    expect(workingHoursBetween(new Date(Date.UTC(2024, 3, 20, 3)), new Date(Date.UTC(2024, 3, 59, 3)), mayDayCalendar)).to.be.closeTo(sum, 1e-9);
  });

  it('reports a bad calendar and keeps the good parts', () => {
    const clock = compileCalendar({ weekdays: [1, 8], hours: [[9, 12], [14, 13]], holidays: ['2024-13-01'], timeZone: 'Beijing' });
    expect(clock.issues.issues.map((i) => i.path)).to.deep.equal(['calendar.timeZone', 'calendar.weekdays[1]', 'calendar.hours[1]', 'calendar.holidays[0]']);
    expect(clock.dayMs).to.equal(3 * 3_600_000);
    expect(clock.isWorkingDay(Date.UTC(2024, 4, 6) / 86_400_000)).to.equal(true); // a Monday
    expect(clock.isWorkingDay(Date.UTC(2024, 4, 7) / 86_400_000)).to.equal(false);
  });
});

describe('computeFunnel with a working calendar and working-time limits', () => {
  // Dispatch is allowed 1 working hour. Both enter dispatch on Friday 10 May at 17:30.
  const cases = [
    { id: 'quick', stages: { report: local('2024-05-10', '17:00'), dispatch: local('2024-05-10', '17:30'), handle: local('2024-05-13', '09:20') } },
    { id: 'slow', stages: { report: local('2024-05-10', '17:00'), dispatch: local('2024-05-10', '17:30'), handle: local('2024-05-13', '10:00') } },
    { id: 'open', stages: { report: local('2024-05-10', '17:00'), dispatch: local('2024-05-10', '17:30') } },
  ];
  const options = { preset: 'city-management' as const, calendar: mayDayCalendar, limits: { dispatch: { hours: 1, clock: 'working' as const } } };
  const nowAt = (time: string) => computeFunnel({ cases }, { ...options, now: local('2024-05-11', time) });

  it('durations in working hours, on time against the working limit', () => {
    // Saturday 11 May is a make-up workday: 0.5 h Friday + 7.5 h Saturday + Monday's part.
    const result = computeFunnel({ cases }, { ...options, now: local('2024-05-13', '12:00') });
    const dispatch = result.stages[2];
    expect(dispatch.clock).to.equal('working');
    expect(dispatch.onTime).to.equal(0);
    expect(dispatch.overdue).to.equal(3); // 8.33 h and 9 h taken; `open` still there past its hour
    expect(dispatch.medianHours).to.be.closeTo((8 + 1 / 3 + 9) / 2, 1e-9);
  });

  it('a case exactly at its working limit is not overdue; a minute later it is', () => {
    // `open` entered dispatch Friday 17:30: 0.5 h Friday, then Saturday from 09:00.
    expect(nowAt('09:30').stages[2].pendingOverdue).to.equal(0);
    expect(nowAt('09:31').stages[2].pendingOverdue).to.equal(1);
    expect(nowAt('09:31').stages[3].shouldReach).to.equal(3);
  });

  it('calendar-hour durations when asked, limits still on the working clock', () => {
    const result = computeFunnel({ cases: cases.slice(0, 2) }, { ...options, durationClock: 'calendar', calendar: { ...mayDayCalendar, workdays: [] } });
    const dispatch = result.stages[2];
    expect(dispatch.clock).to.equal('calendar');
    expect(dispatch.medianHours).to.be.closeTo((63 + 5 / 6 + 64.5) / 2, 1e-9);
    // Without the make-up Saturday: 0.5 h + 20 min, and 0.5 h + 1 h.
    expect([dispatch.onTime, dispatch.overdue]).to.deep.equal([1, 1]);
  });

  it('working days count at the calendar hours per day', () => {
    const result = computeFunnel({ cases: cases.slice(0, 2) }, { ...options, limits: { dispatch: { days: 1, clock: 'working' } }, now: local('2024-05-20', '00:00') });
    expect(result.stages[2].onTime).to.equal(0); // 8.33 h and 9 h > 7.5 h
  });

  it('working-time limits without a calendar use the default one and say so', () => {
    const result = computeFunnel({ preset: 'city-management', cases }, { limits: { dispatch: { hours: 1, clock: 'working' } }, now: local('2024-05-13', '12:00') });
    expect(result.issues.map((i) => i.path)).to.include('options.calendar');
    expect(result.stages[2].clock).to.equal('calendar');
  });
});

describe('exact quantiles', () => {
  it('R-7 on a known set', () => {
    const [median, p90] = quantilesInPlace(Float64Array.from([7, 1, 3, 5, 9]), 5, [0.5, 0.9]);
    expect(median).to.equal(5);
    expect(p90).to.be.closeTo(8.2, 1e-12); // between 7 and 9 at 0.6
    const [median3, p903] = quantilesInPlace(Float64Array.from([3, 1, 2]), 3, [0.5, 0.9]);
    expect(median3).to.equal(2);
    expect(p903).to.be.closeTo(2.8, 1e-12);
    expect(quantilesInPlace(Float64Array.from([4]), 1, [0.5, 0.9])).to.deep.equal([4, 4]);
    expect(quantilesInPlace(new Float64Array(4), 0, [0.5])).to.deep.equal([null]);
  });

  it('matches d3.quantile on 20,001 values with ties, using only the first `length` entries', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const values = Array.from({ length: 20_001 }, () => Math.round(random() * 500) / 4);
    const buffer = new Float64Array(25_000).fill(-1);
    buffer.set(values);
    const ps = [0.1, 0.5, 0.9, 0.99];
    expect(quantilesInPlace(buffer, values.length, ps)).to.deep.equal(ps.map((p) => quantile(values, p)));
  });
});
