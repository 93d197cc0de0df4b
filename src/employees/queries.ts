// Employees of a customer company and what was bought for them (E3). Totals count the order
// lines marked for an employee that were accepted, by the day the order was placed (in the
// shop's time zone).
import type { Conn } from '../db/knex.ts';
import { addDays, monthStart } from '../lib/days.ts';

export type Employee = { id: number; organisation_id: number; employee_number: string; name: string; supervisor_id: number | null; user_id: number | null; active: boolean };
export type EmployeeRow = Employee & { supervisor_name: string | null; user_name: string | null; total: number; lines: number };

const COLUMNS = ['e.id', 'e.organisation_id', 'e.employee_number', 'e.name', 'e.supervisor_id', 'e.user_id', 'e.active'];

// Each employee of the customer (or those one supervisor has) with what was bought for them
// from fromDay to toDay (both included), from the totals the order_lines triggers keep
// (migrations 013 and 015): whole
// calendar months inside the period from the monthly ones, the days at its edges from the daily.
// `page` ({ size, offset }) limits it to one page of the list; the CSV takes them all.
export async function employeesWithTotals(db: Conn, organisationId: number, range: { fromDay: string; toDay: string }, supervisorId: number | null = null, page?: { size: number; offset: number }): Promise<EmployeeRow[]> {
  const [from, to] = [range.fromDay, addDays(range.toDay, 1)];
  // [firstMonth, endMonth): the whole months inside; none when the period is shorter than that.
  const firstMonth = from.endsWith('-01') ? from : monthStart(from, 1);
  const endMonth = monthStart(to);
  const months = firstMonth < endMonth;
  const parts = months
    ? [`SELECT total, lines FROM employee_month_totals WHERE employee_id = e.id AND month >= ?::date AND month < ?::date`,
      `SELECT total, lines FROM employee_day_totals WHERE employee_id = e.id AND ((day >= ?::date AND day < ?::date) OR (day >= ?::date AND day < ?::date))`]
    : [`SELECT total, lines FROM employee_day_totals WHERE employee_id = e.id AND day >= ?::date AND day < ?::date`];
  const bindings = months ? [firstMonth, endMonth, from, firstMonth, endMonth, to] : [from, to];
  const order = [{ column: 'e.active', order: 'desc' }, { column: 'e.name' }, { column: 'e.id' }];
  // The page's employees first, so only theirs are summed.
  const employees = db('employees as e')
    .where('e.organisation_id', organisationId)
    .modify((q) => supervisorId !== null && q.where('e.supervisor_id', supervisorId))
    .modify((q) => page && q.limit(page.size).offset(page.offset))
    .orderBy(order)
    .select(COLUMNS);
  const rows = await db.from(employees.as('e'))
    .leftJoin('users as s', 's.id', 'e.supervisor_id')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .joinRaw(`LEFT JOIN LATERAL (SELECT coalesce(sum(p.total), 0)::bigint AS total, coalesce(sum(p.lines), 0)::int AS lines FROM (${parts.join(' UNION ALL ')}) p) t ON true`, bindings)
    .orderBy(order)
    .select(...COLUMNS, 's.name as supervisor_name', 'u.name as user_name', 't.total', 't.lines');
  return rows.map((r: EmployeeRow) => ({ ...r, total: Number(r.total), lines: Number(r.lines) }));
}

// A customer's active employees, or those one person supervises, by name.
export function activeEmployees(db: Conn, organisationId: number, supervisorId?: number): Promise<{ id: number; name: string; employee_number: string }[]> {
  return db('employees').where({ organisation_id: organisationId, active: true }).modify((q) => supervisorId !== undefined && q.where({ supervisor_id: supervisorId }))
    .orderBy(['name', 'id']).select('id', 'name', 'employee_number');
}

// Locked, for a change that compares with what it replaces.
export function employee(db: Conn, organisationId: number, id: number, lock = false): Promise<Employee | undefined> {
  return db('employees as e').where({ 'e.organisation_id': organisationId, 'e.id': id }).modify((q) => lock && q.forUpdate()).first(COLUMNS);
}

export async function loginTaken(db: Conn, userId: number, exceptId: number | null): Promise<boolean> {
  return Boolean(await db('employees').where({ user_id: userId }).modify((q) => exceptId !== null && q.whereNot('id', exceptId)).first('id'));
}

export async function numberTaken(db: Conn, organisationId: number, employeeNumber: string, exceptId: number | null): Promise<boolean> {
  const row = await db('employees').where({ organisation_id: organisationId }).whereRaw('lower(employee_number) = lower(?)', [employeeNumber])
    .modify((q) => exceptId !== null && q.whereNot('id', exceptId)).first('id');
  return Boolean(row);
}

export async function insertEmployee(db: Conn, row: Omit<Employee, 'id' | 'active'>): Promise<number> {
  const [{ id }] = await db('employees').insert(row).returning('id');
  return id;
}

export async function updateEmployee(db: Conn, id: number, fields: Partial<Employee>, now: Date): Promise<void> {
  await db('employees').where({ id }).update({ ...fields, updated_at: now });
}

// At most this many lines on the page: a longer period is for the CSV of the list.
export const MAX_LINES = 1000;

// The accepted lines bought for one employee in [from, to), newest first.
export function linesFor(db: Conn, employeeId: number, range: { from: Date; to: Date }) {
  return db('order_lines as l').join('orders as o', 'o.id', 'l.order_id')
    .where('l.employee_id', employeeId).where('l.placed_at', '>=', range.from).where('l.placed_at', '<', range.to).where('l.status', 'accepted')
    .orderBy([{ column: 'l.placed_at', order: 'desc' }, { column: 'l.id', order: 'desc' }])
    .limit(MAX_LINES + 1)
    .select('l.placed_at', 'l.sku', 'l.name', 'l.attributes', 'l.qty', 'l.line_total', 'o.number as order_number', 'o.currency');
}

// Which of these ids are active employees of the customer.
// Those of `ids` that are active employees of the customer, with their names.
export async function activeAmong(db: Conn, organisationId: number, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db('employees').where({ organisation_id: organisationId, active: true }).whereIn('id', ids).select('id', 'name');
  return new Map(rows.map((r: { id: number; name: string }) => [r.id, r.name]));
}
