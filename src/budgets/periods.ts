// The period a budget counts an order's date in: calendar months, quarters or years, or periods
// of a chosen number of days from the budget's first day. Days are 'YYYY-MM-DD' strings.
import { DAY_MS, addDays, dayOf as toDay, startOf as utc } from '../lib/days.ts';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';
export type BudgetTerms = { period: PeriodKind; starts_on: string; length_days: number | null; ends_on: string | null };
export type Period = { start: string; end: string };

// The period `day` falls in, or null when the budget does not apply that day (before it
// starts, or from the day it ends). `end` is the first day after the period.
export function periodOf(terms: BudgetTerms, day: string): Period | null {
  if (day < terms.starts_on || (terms.ends_on !== null && day >= terms.ends_on)) return null;
  const d = utc(day);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  const span = (startMonth: number, months: number) => ({ start: toDay(new Date(Date.UTC(y, startMonth, 1))), end: toDay(new Date(Date.UTC(y, startMonth + months, 1))) });
  switch (terms.period) {
    case 'month':
      return span(m, 1);
    case 'quarter':
      return span(m - (m % 3), 3);
    case 'year':
      return span(0, 12);
    case 'custom': {
      const length = terms.length_days ?? 1;
      const index = Math.floor((d.getTime() - utc(terms.starts_on).getTime()) / DAY_MS / length);
      const start = new Date(utc(terms.starts_on).getTime() + index * length * DAY_MS);
      return { start: toDay(start), end: addDays(toDay(start), length) };
    }
  }
}

type Span = Pick<BudgetTerms, 'starts_on' | 'ends_on'>;

// Ending a budget sets its last day: from today, or before it ever applied when it had not
// started. Only ending sets it, so a budget that has one is over.
export const hasEnded = (b: Span) => b.ends_on !== null;

// Whether two budgets' spans of days [starts_on, ends_on) share a day. One ended before it
// started has no days.
export function overlaps(a: Span, b: Span): boolean {
  const empty = (s: Span) => s.ends_on !== null && s.ends_on <= s.starts_on;
  if (empty(a) || empty(b)) return false;
  return (a.ends_on === null || b.starts_on < a.ends_on) && (b.ends_on === null || a.starts_on < b.ends_on);
}

// The period's last day, for showing it (end is the first day after).
export const lastDayOf = (period: Period) => addDays(period.end, -1);
