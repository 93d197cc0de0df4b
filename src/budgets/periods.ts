// The period a budget counts an order's date in: calendar months, quarters or years, or periods
// of a chosen number of days from the budget's first day. Days are 'YYYY-MM-DD' strings.
import { addDays, daysBetween, monthStart } from '../lib/days.ts';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';
export type BudgetTerms = { period: PeriodKind; starts_on: string; length_days: number | null; ends_on: string | null };
export type Period = { start: string; end: string };

// The period `day` falls in, or null when the budget does not apply that day (before it
// starts, or from the day it ends). `end` is the first day after the period.
export function periodOf(terms: BudgetTerms, day: string): Period | null {
  if (day < terms.starts_on || (terms.ends_on !== null && day >= terms.ends_on)) return null;
  const month = Number(day.slice(5, 7)) - 1;
  const span = (back: number, months: number) => ({ start: monthStart(day, -back), end: monthStart(day, months - back) });
  switch (terms.period) {
    case 'month':
      return span(0, 1);
    case 'quarter':
      return span(month % 3, 3);
    case 'year':
      return span(month, 12);
    case 'custom': {
      const length = terms.length_days ?? 1;
      const start = addDays(terms.starts_on, Math.floor(daysBetween(terms.starts_on, day) / length) * length);
      return { start, end: addDays(start, length) };
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
