// Logins of one customer account, always looked up through that account's id: a user of
// another company is simply not found.
import type { Conn, Trx } from '../db/knex.ts';
import { ADMIN_PERMISSION } from './permissions.ts';

export type CompanyUser = {
  id: number;
  email: string;
  name: string;
  phone: string | null;
  locale: string | null;
  permissions: string[];
  disabled_at: Date | null;
  has_password: boolean;
  organisation_id: number;
};

const columns = ['id', 'email', 'name', 'phone', 'locale', 'permissions', 'disabled_at', 'organisation_id', 'password_hash'];

const shape = (row: Record<string, unknown> & { password_hash: string | null }): CompanyUser => {
  const { password_hash, ...rest } = row;
  return { ...(rest as Omit<CompanyUser, 'has_password'>), has_password: password_hash !== null };
};

export async function usersOfOrganisation(db: Conn, organisationId: number): Promise<CompanyUser[]> {
  const rows = await db('users').where({ organisation_id: organisationId }).orderBy('name').select(columns);
  return rows.map(shape);
}

export async function userOfOrganisation(db: Conn, organisationId: number, id: number, lock = false): Promise<CompanyUser | undefined> {
  const q = db('users').where({ organisation_id: organisationId, id }).first(columns);
  const row = await (lock ? q.forUpdate() : q);
  return row ? shape(row) : undefined;
}

export async function emailTaken(db: Conn, email: string, exceptUserId?: number): Promise<boolean> {
  const q = db('users').whereRaw('lower(email) = lower(?)', [email]);
  if (exceptUserId) q.whereNot('id', exceptUserId);
  return Boolean(await q.first('id'));
}

export async function insertCompanyUser(
  db: Conn,
  row: { organisation_id: number; email: string; name: string; phone: string | null; locale: string | null; permissions: string[] },
): Promise<number> {
  const [{ id }] = await db('users').insert(row).returning('id');
  return id;
}

export async function updateCompanyUser(
  db: Conn,
  id: number,
  fields: Partial<{ name: string; phone: string | null; locale: string | null; permissions: string[]; disabled_at: Date | null }>,
  now: Date,
) {
  await db('users').where({ id }).update({ ...fields, updated_at: now });
}

export async function deleteUser(db: Conn, id: number) {
  await db('users').where({ id }).delete();
}

// A login that administers its customer now (SQL on the users table under `alias`): not
// disabled, able to sign in (an invitation not yet accepted does not count), managing users.
export const activeAdmin = (alias: string) => `${alias}.disabled_at IS NULL AND ${alias}.password_hash IS NOT NULL AND '${ADMIN_PERMISSION}' = ANY(${alias}.permissions)`;

// A customer's active admins, locked, so two admins demoting each other cannot both succeed.
export async function activeAdminIds(db: Trx, organisationId: number): Promise<number[]> {
  const rows = await db('users as u').where({ 'u.organisation_id': organisationId }).whereRaw(activeAdmin('u')).forUpdate().select('u.id');
  return rows.map((r) => r.id);
}

// A customer's admins who can act (not disabled, able to sign in), but `except`: who decides
// for the customer when nobody is named, and who hears that its budgets are used up.
export function adminsOf(db: Conn, organisationId: number, except: number | null = null): Promise<{ id: number; name: string; email: string; locale: string | null; permissions: string[]; organisation_id: number }[]> {
  return db('users as u').where({ 'u.organisation_id': organisationId }).whereRaw(activeAdmin('u')).modify((q) => except !== null && q.whereNot('u.id', except))
    .select('u.id', 'u.name', 'u.email', 'u.locale', 'u.permissions', 'u.organisation_id');
}

// Whose admins decide for a customer when no named approver can (disabled, or no longer
// approving, while an order waited): its own (but the buyer), else its main customer's (A10),
// as the approval evaluation routes an order. With that customer's country, for their mail.
export async function decidingAdmins(db: Conn, organisationId: number, buyerId: number | null) {
  const customer = await db('organisations').where({ id: organisationId }).first('id', 'parent_id', 'country');
  const own = await adminsOf(db, organisationId, buyerId);
  if (own.length > 0 || !customer?.parent_id) return { organisationId, country: (customer?.country as string | undefined) ?? null, admins: own };
  const main = await db('organisations').where({ id: customer.parent_id }).first('country');
  return { organisationId: customer.parent_id as number, country: (main?.country as string | undefined) ?? null, admins: await adminsOf(db, customer.parent_id, buyerId) };
}

// A login that can approve now (SQL on the users table under `alias`): not disabled, and
// allowed to approve orders. An approver named before who no longer is one can no longer act.
export const activeApprover = (alias: string) => `${alias}.disabled_at IS NULL AND 'approve_orders' = ANY(${alias}.permissions)`;

// What belongs to one login and must be checked against its other entries (budgets, stand-in
// periods) is added one at a time: the login's row is the lock. NO KEY UPDATE leaves orders and
// other rows that refer to the login free.
export async function lockLogin(trx: Trx, userId: number): Promise<void> {
  await trx('users').where({ id: userId }).forNoKeyUpdate().first('id');
}

// Active logins that name this one as their approver.
export async function countApprovingFor(db: Conn, approverId: number): Promise<number> {
  const row = await db('users').where({ approver_id: approverId }).whereNull('disabled_at').count<{ n: number }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

// Where this login is named as approver: by active buyers, and in approval rules.
export async function approverDuties(db: Conn, approverId: number): Promise<{ buyers: number; rules: number }> {
  const rules = await db('approval_rules').where({ approver_id: approverId }).count<{ n: number }[]>('* as n').first();
  return { buyers: await countApprovingFor(db, approverId), rules: Number(rules?.n ?? 0) };
}

// A rule naming this login falls to the admins when the login is deleted (ON DELETE SET NULL);
// where the admins have that rule already, it goes instead of becoming its twin.
export async function dropRulesTheAdminsHave(trx: Trx, userId: number): Promise<{ id: number; organisation_id: number; kind: string; amount: number | null; category_id: number | null }[]> {
  const { rows } = await trx.raw(`DELETE FROM approval_rules r
                  WHERE r.approver_id = ?
                    AND EXISTS (SELECT 1 FROM approval_rules o
                                 WHERE o.organisation_id = r.organisation_id AND o.kind = r.kind AND o.approver_id IS NULL
                                   AND o.amount IS NOT DISTINCT FROM r.amount AND o.category_id IS NOT DISTINCT FROM r.category_id)
                 RETURNING r.id, r.organisation_id, r.kind, r.amount, r.category_id`, [userId]);
  return rows;
}
