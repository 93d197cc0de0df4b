import { describe, expect, it } from 'vitest';
import { periodOf, type BudgetTerms } from '../../src/budgets/periods.ts';
import { addDays, dayOf, daysBetween, isWeekend, monthStart, startOf, wallClock } from '../../src/lib/days.ts';

describe('the shop\'s days (Stockholm time)', () => {
  it.each([
    ['2026-01-31T22:59:59Z', '2026-01-31'],
    ['2026-01-31T23:00:00Z', '2026-02-01'], // midnight in winter (UTC+1)
    ['2026-06-30T21:59:59Z', '2026-06-30'],
    ['2026-06-30T22:00:00Z', '2026-07-01'], // midnight in summer (UTC+2)
    ['2026-12-31T23:30:00Z', '2027-01-01'],
  ])('the moment %s falls on %s', (moment, day) => {
    expect(dayOf(new Date(moment))).toBe(day);
  });

  it.each([
    ['2026-02-01', '2026-01-31T23:00:00.000Z'],
    ['2026-07-01', '2026-06-30T22:00:00.000Z'],
    // Clocks go forward on 29 March and back on 25 October 2026: those days start on the old offset.
    ['2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z'],
    ['2026-10-26', '2026-10-25T23:00:00.000Z'],
  ])('%s starts at %s', (day, moment) => {
    expect(startOf(day).toISOString()).toBe(moment);
    expect(dayOf(startOf(day))).toBe(day);
    expect(dayOf(new Date(startOf(day).getTime() - 1))).toBe(addDays(day, -1));
  });

  it('reads the wall clock as the time zone database does, to the millisecond, across both changes of the clocks', () => {
    const expected = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23',
    });
    const moments: Date[] = [];
    for (const around of ['2026-03-28T22:00:00Z', '2026-10-24T22:00:00Z', '2027-03-27T22:00:00Z']) {
      for (let minutes = 0; minutes < 6 * 60; minutes += 7) moments.push(new Date(Date.parse(around) + minutes * 60_000 + 999));
      // The last moment before each change and the first after it.
      const change = Date.parse(around) + 3 * 3_600_000;
      moments.push(new Date(change - 1), new Date(change));
    }
    // Back and forth, so an hour already read is asked for again among others.
    for (const moment of [...moments, ...moments.reverse()]) {
      expect(wallClock(moment).toISOString().replace('T', ' ').slice(0, 23)).toBe(expected.format(moment).replace(',', '.'));
      expect(dayOf(moment)).toBe(expected.format(moment).slice(0, 10));
    }
  });

  it('counts calendar days, months and weekends without a time zone', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-26', '2026-10-24')).toBe(-2);
    expect(monthStart('2026-01-31')).toBe('2026-01-01');
    expect(monthStart('2026-01-31', 1)).toBe('2026-02-01');
    expect(monthStart('2026-02-15', -3)).toBe('2025-11-01');
    expect([isWeekend('2026-11-21'), isWeekend('2026-11-22'), isWeekend('2026-11-23')]).toEqual([true, true, false]);
  });
});

describe('budget periods', () => {
  const terms = (period: BudgetTerms['period'], more: Partial<BudgetTerms> = {}): BudgetTerms => ({ period, starts_on: '2026-01-01', length_days: null, ends_on: null, ...more });
  it.each([
    [terms('month'), '2026-02-01', { start: '2026-02-01', end: '2026-03-01' }],
    [terms('month'), '2026-12-31', { start: '2026-12-01', end: '2027-01-01' }],
    [terms('quarter'), '2026-06-30', { start: '2026-04-01', end: '2026-07-01' }],
    [terms('quarter'), '2026-10-01', { start: '2026-10-01', end: '2027-01-01' }],
    [terms('year'), '2026-08-15', { start: '2026-01-01', end: '2027-01-01' }],
    [terms('custom', { starts_on: '2026-03-25', length_days: 7 }), '2026-03-31', { start: '2026-03-25', end: '2026-04-01' }],
    [terms('custom', { starts_on: '2026-03-25', length_days: 7 }), '2026-04-01', { start: '2026-04-01', end: '2026-04-08' }],
    [terms('month', { starts_on: '2026-03-10' }), '2026-03-09', null],
    [terms('month', { ends_on: '2026-05-01' }), '2026-05-01', null],
  ])('%o on %s: %o', (t, day, period) => {
    expect(periodOf(t, day)).toEqual(period);
  });

  it('an order at 00:30 on 1 February in Stockholm counts in February', () => {
    expect(periodOf(terms('month'), dayOf(new Date('2026-01-31T23:30:00Z')))).toEqual({ start: '2026-02-01', end: '2026-03-01' });
  });
});
