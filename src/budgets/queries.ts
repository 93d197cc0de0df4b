// Budgets and their ledger. Entries are inserted, never updated or deleted: a balance is a sum.
import type { Conn, Trx } from '../db/knex.ts';
import type { PeriodKind } from './periods.ts';

export type Budget = {
  id: number;
  organisation_id: number;
  user_id: number;
  period: PeriodKind;
  starts_on: string;
  length_days: number | null;
  amount: number;
  currency: string;
  policy: 'allow' | 'approve' | 'block';
  paused: boolean;
  ends_on: string | null;
  owner_id: number | null;
};

const COLUMNS = ['id', 'organisation_id', 'user_id', 'period', 'starts_on', 'length_days', 'amount', 'currency', 'policy', 'paused', 'ends_on', 'owner_id'];

// The budgets of the login :buyer as a JSON array, oldest first: a part of the statements that
// read an order's inputs. Locked for placing: the rows come back as they are once locked, so
// two orders at once see one the other's charge.
export const budgetsOfBuyerJson = (lock: boolean) => `
  SELECT coalesce(json_agg(b ORDER BY b.starts_on, b.id), '[]') FROM (SELECT ${COLUMNS.join(', ')} FROM budgets WHERE user_id = :buyer ORDER BY id${lock ? ' FOR UPDATE' : ''}) b`;

// A login's budgets, oldest first.
export function budgetsOfUser(db: Conn, userId: number): Promise<Budget[]> {
  return db('budgets').where({ user_id: userId }).orderBy('starts_on').select(COLUMNS);
}

// All of a customer's budgets, or the one with `id`.
export function budgetsOfOrganisation(db: Conn, organisationId: number, id?: number): Promise<(Budget & { user_name: string; owner_name: string | null })[]> {
  return db('budgets as b').join('users as u', 'u.id', 'b.user_id').leftJoin('users as o', 'o.id', 'b.owner_id')
    .where('b.organisation_id', organisationId).modify((q) => id !== undefined && q.where('b.id', id)).orderBy([{ column: 'u.name' }, { column: 'b.starts_on', order: 'desc' }])
    .select(...COLUMNS.map((c) => `b.${c}`), 'u.name as user_name', 'o.name as owner_name');
}

export function budget(db: Conn, organisationId: number, id: number, lock = false): Promise<Budget | undefined> {
  return db('budgets').where({ organisation_id: organisationId, id }).modify((q) => lock && q.forUpdate()).first(COLUMNS);
}

export function budgetById(db: Conn, id: number): Promise<Budget | undefined> {
  return db('budgets').where({ id }).first(COLUMNS);
}

export async function insertBudget(db: Conn, row: Omit<Budget, 'id' | 'paused' | 'ends_on'>): Promise<number> {
  const [{ id }] = await db('budgets').insert(row).returning('id');
  return id;
}

export async function updateBudget(db: Conn, id: number, fields: Partial<Budget>, now: Date): Promise<void> {
  await db('budgets').where({ id }).update({ ...fields, updated_at: now });
}

export type Balance = { budget_id: number; period_start: string; reserved: number; spent: number };

// What a budget has left in a period, from its balance there (none yet: all of it).
export const remainingOf = (budget: Pick<Budget, 'amount'>, balance: Pick<Balance, 'reserved' | 'spent'> | undefined) =>
  budget.amount - Number(balance?.reserved ?? 0) - Number(balance?.spent ?? 0);

// What budgets have reserved (orders waiting) and spent in the given periods.
export async function balances(db: Conn, keys: { budgetId: number; periodStart: string }[]): Promise<Balance[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.raw(
    `SELECT e.budget_id, e.period_start::text AS period_start,
            coalesce(sum(e.amount) FILTER (WHERE e.kind <> 'spend'), 0)::bigint AS reserved,
            coalesce(sum(e.amount) FILTER (WHERE e.kind = 'spend'), 0)::bigint AS spent
       FROM budget_entries e
       JOIN unnest(?::int[], ?::date[]) AS k(budget_id, period_start) ON k.budget_id = e.budget_id AND k.period_start = e.period_start
      GROUP BY e.budget_id, e.period_start`,
    [keys.map((k) => k.budgetId), keys.map((k) => k.periodStart)],
  );
  return rows;
}

export async function insertEntries(db: Conn, rows: { budget_id: number; order_id: number | null; period_start: string; kind: 'reserve' | 'release' | 'spend'; amount: number }[]) {
  if (rows.length > 0) await db('budget_entries').insert(rows);
}

// What an order still holds reserved, per budget and period.
export async function openReservations(trx: Trx, orderId: number): Promise<{ budget_id: number; period_start: string; reserved: number }[]> {
  const { rows } = await trx.raw(
    `SELECT budget_id, period_start::text AS period_start, sum(amount)::bigint AS reserved
       FROM budget_entries WHERE order_id = ? AND kind <> 'spend'
      GROUP BY budget_id, period_start HAVING sum(amount) <> 0`,
    [orderId],
  );
  return rows;
}

// What the shop accepted of an order: its accepted lines with their VAT.
export async function acceptedTotal(trx: Trx, orderId: number): Promise<number> {
  const row = await trx('order_lines').where({ order_id: orderId, status: 'accepted' }).first(trx.raw('coalesce(sum(line_total + line_vat), 0)::bigint AS total'));
  return Number(row?.total ?? 0);
}

// True the first time a budget's period is marked used up.
export async function markUsedUp(trx: Trx, budgetId: number, periodStart: string): Promise<boolean> {
  const { rows } = await trx.raw('INSERT INTO budget_alerts (budget_id, period_start) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING budget_id', [budgetId, periodStart]);
  return rows.length > 0;
}

// A login's name and its customer's country (what a mail about it is written in, by default).
export async function userAndCountry(db: Conn, userId: number): Promise<{ name: string; country: string | null }> {
  const row = await db('users as u').leftJoin('organisations as o', 'o.id', 'u.organisation_id').where('u.id', userId).first('u.name', 'o.country');
  return { name: row?.name ?? '', country: row?.country ?? null };
}
