// Employee totals count an order line on the day it was placed in the shop's time zone
// (Europe/Stockholm, as src/lib/days.ts), not in UTC: a line bought at 00:30 on the 1st belongs
// to the new month, as budgets and the buyer see it. The triggers of migration 013 get the new
// day, and the totals already kept are counted again from the lines.
import type { Knex } from 'knex';

const EVENTS = [
  ['insert', 'new_lines', ''],
  ['update', 'new_lines', 'old_lines'],
  ['delete', '', 'old_lines'],
] as const;

// The trigger functions as migration 013 made them, with the day taken in `zone`.
function triggerStatements(zone: string) {
  const counted = (table: string, sign: string) =>
    `SELECT employee_id, (placed_at AT TIME ZONE '${zone}')::date AS day, ${sign}line_total AS total, ${sign}1 AS lines
       FROM ${table} WHERE status = 'accepted' AND employee_id IS NOT NULL AND placed_at IS NOT NULL`;
  const into = (table: string, key: string, grain: string, changes: string) => `
    INSERT INTO ${table} (employee_id, ${key}, total, lines)
    SELECT c.employee_id, ${grain}, sum(c.total), sum(c.lines) FROM (${changes}) c
     WHERE c.employee_id IN (SELECT id FROM employees)
     GROUP BY 1, 2
    HAVING sum(c.total) <> 0 OR sum(c.lines) <> 0
     -- Rows locked in one order by every writer: two transactions never wait on each other crosswise.
     ORDER BY 1, 2
    ON CONFLICT (employee_id, ${key}) DO UPDATE SET total = ${table}.total + excluded.total, lines = ${table}.lines + excluded.lines`;
  const apply = (changes: string) =>
    `${into('employee_day_totals', 'day', 'c.day', changes)}; ${into('employee_month_totals', 'month', `date_trunc('month', c.day)::date`, changes)}`;
  const changesOf = (added: string, removed: string) => [added && counted(added, ''), removed && counted(removed, '-')].filter(Boolean).join(' UNION ALL ');
  return {
    functions: EVENTS.map(([name, added, removed]) =>
      `CREATE OR REPLACE FUNCTION employee_day_totals_on_${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${apply(changesOf(added, removed))}; RETURN NULL; END $$`),
    recount: apply(counted('order_lines', '')).split('; '),
  };
}

async function countBy(db: Knex, zone: string): Promise<void> {
  const { functions, recount } = triggerStatements(zone);
  // Lines written meanwhile (a shop still taking orders) wait, so none is counted twice.
  await db.raw('LOCK TABLE order_lines IN SHARE MODE');
  for (const statement of functions) await db.raw(statement);
  await db.raw('DELETE FROM employee_day_totals');
  await db.raw('DELETE FROM employee_month_totals');
  for (const statement of recount) await db.raw(statement);
}

export async function up(db: Knex): Promise<void> {
  await countBy(db, 'Europe/Stockholm');
}

export async function down(db: Knex): Promise<void> {
  await countBy(db, 'UTC');
}
