// Calendar days as people type them: 'YYYY-MM-DD', a real date (not 2026-02-30), in years a shop
// has business with (1900–2199; PostgreSQL and Date agree on those).
export function isDay(text: string): boolean {
  if (!/^(19|20|21)\d{2}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === text;
}

// The day (UTC) of a moment, as 'YYYY-MM-DD'.
export const dayOf = (moment: Date): string => moment.toISOString().slice(0, 10);

export const DAY_MS = 86_400_000;

// The moment a day starts (UTC), and the day n days after (or before) it.
export const startOf = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const addDays = (day: string, n: number): string => dayOf(new Date(startOf(day).getTime() + n * DAY_MS));
