// Calendar days as people type them: 'YYYY-MM-DD', a real date (not 2026-02-30), in years a shop
// has business with (1900–2199; PostgreSQL and Date agree on those).
//
// A moment falls on the day it is in the shop's time zone, not in UTC: an order placed at 00:30
// on the 1st in Stockholm counts in the new month for budgets and employee totals, as the buyer
// sees it. The shop keeps one clock for every customer, that of its home markets (Sweden,
// Norway, Germany, Austria, Switzerland share it); migration 015 counts employee totals by it.
export const SHOP_TIME_ZONE = 'Europe/Stockholm';

export const DAY_MS = 86_400_000;

export function isDay(text: string): boolean {
  if (!/^(19|20|21)\d{2}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === text;
}

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: SHOP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

// The shop's offset from UTC changes only on the hour (its clocks change at 01:00 UTC), so it
// is read once per hour of UTC: reading it is the slow part, and every order asks.
const offsets = new Map<number, number>();
const HOUR_MS = 3_600_000;

function offsetAt(moment: Date): number {
  const hour = Math.floor(moment.getTime() / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = new Date(hour * HOUR_MS);
    const part: Record<string, number> = {};
    for (const p of clock.formatToParts(start)) if (p.type !== 'literal') part[p.type] = Number(p.value);
    offset = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) - start.getTime();
    if (offsets.size >= 1000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

// The shop's wall clock at a moment, as if it were UTC: its day and time of day.
export function wallClock(moment: Date): Date {
  return new Date(moment.getTime() + offsetAt(moment));
}

// A day as a UTC date, for calendar arithmetic that no time zone shifts; and back.
export const calendarDate = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const dayOfCalendar = (date: Date): string => date.toISOString().slice(0, 10);

// The day of a moment in the shop's time zone, as 'YYYY-MM-DD'.
export const dayOf = (moment: Date): string => dayOfCalendar(wallClock(moment));

// The moment a day starts in the shop's time zone. Its clocks change at 01:00 UTC, so the
// offset at midnight UTC is still the one at the day's start.
export function startOf(day: string): Date {
  const midnight = calendarDate(day);
  const offset = wallClock(midnight).getTime() - midnight.getTime();
  return new Date(midnight.getTime() - offset);
}

export const addDays = (day: string, n: number): string => dayOfCalendar(new Date(calendarDate(day).getTime() + n * DAY_MS));

// Whole days from one day to another (negative when `to` is earlier).
export const daysBetween = (from: string, to: string): number => Math.round((calendarDate(to).getTime() - calendarDate(from).getTime()) / DAY_MS);

// The first day of the month `months` after the one `day` is in.
export function monthStart(day: string, months = 0): string {
  const d = calendarDate(day);
  return dayOfCalendar(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

// Saturday and Sunday.
export const isWeekend = (day: string): boolean => [0, 6].includes(calendarDate(day).getUTCDay());
