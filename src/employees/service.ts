// Employees (E3): people of the customer company, with or without a login, whom order lines
// are bought for. Supervisors (manage_employees) keep the list; every buyer can mark a line in
// the cart for one of them; the lists show what each one had bought in a period.
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { listCompanyUsers } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { addDays, dayOf, isDay, startOf } from '../lib/days.ts';
import { spreadsheetText } from '../lib/csv.ts';
import { formatMinorUnits } from '../lib/money.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as q from './queries.ts';


export type Range = { from: Date; to: Date; fromDay: string; toDay: string };

// A period "from – to", both days included; this month so far when not given.
export function rangeOf(now: Date, input: { from?: string; to?: string }): Outcome<Range> {
  const fromDay = input.from?.trim() || `${dayOf(now).slice(0, 8)}01`;
  const toDay = input.to?.trim() || dayOf(now);
  const errors: Record<string, string> = {};
  if (!isDay(fromDay)) errors.from = 'validation.date';
  if (!isDay(toDay)) errors.to = 'validation.date';
  if (Object.keys(errors).length === 0 && toDay < fromDay) errors.to = 'validation.dates_order';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { from: startOf(fromDay), to: startOf(addDays(toDay, 1)), fromDay, toDay } };
}

const optionalId = z.string().default('').pipe(z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'validation.invalid')])).transform((v) => (v === '' ? null : Number(v)));
export const employeeForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(200, 'validation.too_long'),
  employee_number: z.string().trim().min(1, 'validation.required').max(50, 'validation.too_long'),
  supervisor_id: optionalId,
  user_id: optionalId,
});
export type EmployeeForm = z.infer<typeof employeeForm>;

export async function employeeList(ctx: Ctx, organisationId: number, range: Range, supervisorId: number | null) {
  return q.employeesWithTotals(ctx.db, organisationId, range, supervisorId);
}

export const EMPLOYEES_PER_PAGE = 100;

// One page of the list (from 1), and whether another follows: a company of thousands is not
// one page, and each page sums only its own employees' totals.
export async function employeePage(ctx: Ctx, organisationId: number, range: Range, supervisorId: number | null, page: number) {
  const rows = await q.employeesWithTotals(ctx.db, organisationId, range, supervisorId, { size: EMPLOYEES_PER_PAGE + 1, offset: (page - 1) * EMPLOYEES_PER_PAGE });
  return { employees: rows.slice(0, EMPLOYEES_PER_PAGE), hasNext: rows.length > EMPLOYEES_PER_PAGE };
}

export function employeesToChoose(ctx: Ctx, organisationId: number) {
  return q.activeEmployees(ctx.db, organisationId);
}

// Cart lines marked for someone no longer to choose (deactivated since): their select would
// show "nobody" without saying why, so each gets its problem beside it (keyed as the form's).
export function staleMarks(lines: { product_id: number; employee_id: number | null }[], choosable: { id: number }[]): Record<string, string> {
  const ids = new Set(choosable.map((e) => e.id));
  return Object.fromEntries(lines.filter((l) => l.employee_id !== null && !ids.has(l.employee_id)).map((l) => [`employee_${l.product_id}`, 'employees.mark_inactive']));
}

export async function employeeOf(ctx: Ctx, organisationId: number, id: number) {
  return orNotFound(await q.employee(ctx.db, organisationId, id));
}

function orNotFound(employee: q.Employee | undefined): q.Employee {
  if (!employee) throw NotFound();
  return employee;
}

export async function linesOf(ctx: Ctx, organisationId: number, id: number, range: Range) {
  const found = await employeeOf(ctx, organisationId, id);
  const lines = await q.linesFor(ctx.db, found.id, range);
  // One more than is shown was asked for: it tells whether there are more.
  return { employee: found, lines: lines.slice(0, q.MAX_LINES), cut: lines.length > q.MAX_LINES ? q.MAX_LINES : null };
}

// The people of the customer a supervisor or login link may name.
export async function peopleOf(ctx: Ctx, organisationId: number) {
  return (await listCompanyUsers(ctx, organisationId)).filter((u: { disabled_at: Date | null }) => !u.disabled_at).map((u: { id: number; name: string }) => ({ id: u.id, name: u.name }));
}

async function checked(ctx: Ctx, organisationId: number, form: EmployeeForm, exceptId: number | null): Promise<Outcome> {
  const people = await peopleOf(ctx, organisationId);
  const errors: Record<string, string> = {};
  if (form.supervisor_id !== null && !people.some((p) => p.id === form.supervisor_id)) errors.supervisor_id = 'validation.invalid';
  if (form.user_id !== null && !people.some((p) => p.id === form.user_id)) errors.user_id = 'validation.invalid';
  else if (form.user_id !== null && (await q.loginTaken(ctx.db, form.user_id, exceptId))) errors.user_id = 'employees.login_taken';
  if (await q.numberTaken(ctx.db, organisationId, form.employee_number, exceptId)) errors.employee_number = 'employees.number_taken';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: undefined };
}

// Two supervisors adding the same number, or linking the same login, at once: an index refuses
// the second, by the field.
const takenOutcome = <T>(error: unknown): Outcome<T> => {
  if (!isUniqueViolation(error)) throw error;
  const login = (error as { constraint?: string }).constraint === 'employees_user_unique';
  return { ok: false, errors: login ? { user_id: 'employees.login_taken' } : { employee_number: 'employees.number_taken' } };
};

export async function addEmployee(ctx: Ctx, organisationId: number, form: EmployeeForm): Promise<Outcome<number>> {
  const check = await checked(ctx, organisationId, form, null);
  if (!check.ok) return check;
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const row = { organisation_id: organisationId, ...form };
      const id = await q.insertEmployee(trx, row);
      await recordAudit(trx, ctx, { action: 'employee.added', subjectType: 'employee', subjectId: id, organisationId, after: row });
      return { ok: true as const, value: id };
    });
  } catch (error) {
    return takenOutcome(error);
  }
}

// The history gets what the change replaced, read under the lock; saving it unchanged writes
// nothing.
export async function editEmployee(ctx: Ctx, organisationId: number, id: number, form: EmployeeForm): Promise<Outcome> {
  await employeeOf(ctx, organisationId, id);
  const check = await checked(ctx, organisationId, form, id);
  if (!check.ok) return check;
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const current = orNotFound(await q.employee(trx, organisationId, id, true));
      const before = Object.fromEntries(Object.keys(form).map((k) => [k, current[k as keyof EmployeeForm]]));
      if (Object.entries(form).every(([k, v]) => before[k] === v)) return { ok: true as const, value: undefined };
      await q.updateEmployee(trx, id, form, ctx.now);
      await recordAudit(trx, ctx, { action: 'employee.changed', subjectType: 'employee', subjectId: id, organisationId, before, after: form });
      return { ok: true as const, value: undefined };
    });
  } catch (error) {
    return takenOutcome(error);
  }
}

// Deactivating one already inactive (a second tab, a double click) writes nothing.
export async function setEmployeeActive(ctx: Ctx, organisationId: number, id: number, active: boolean): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    if (orNotFound(await q.employee(trx, organisationId, id, true)).active === active) return;
    await q.updateEmployee(trx, id, { active }, ctx.now);
    await recordAudit(trx, ctx, { action: active ? 'employee.activated' : 'employee.deactivated', subjectType: 'employee', subjectId: id, organisationId });
  });
}

// The whole list (not a page) as a file for a spreadsheet, with a byte-order mark so Excel
// reads it as UTF-8, and, outside English, semicolons between columns and a decimal comma (as
// Excel expects in Sweden, Norway and Germany).
export function employeesCsv(rows: q.EmployeeRow[], range: Range, words: { header: string[]; yes: string; no: string }, locale: string): string {
  const decimalComma = locale !== 'en';
  const amount = (minor: number) => (decimalComma ? formatMinorUnits(minor).replace('.', ',') : formatMinorUnits(minor));
  const text = spreadsheetText;
  const table = [words.header, ...rows.map((r) => [text(r.employee_number), text(r.name), text(r.supervisor_name ?? ''), r.active ? words.yes : words.no, range.fromDay, range.toDay, r.lines, amount(r.total)])];
  return stringify(table, { delimiter: decimalComma ? ';' : ',', bom: true });
}

// Which of `ids` are active employees of the customer, with their names: whom a line in the
// cart or an order may be for.
export const activeEmployees = (ctx: Ctx, organisationId: number, ids: number[]) => q.activeAmong(ctx.db, organisationId, ids);

// An approver's own employees, shown beside the orders to approve (D4).
export const employeesSupervisedBy = (ctx: Ctx, organisationId: number, supervisorId: number) => q.activeEmployees(ctx.db, organisationId, supervisorId);
