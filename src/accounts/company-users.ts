// A company admin's users (A3, A12): create with a "set your password" e-mail, edit, disable,
// delete. Every change is audited, and no change may leave the account without an active admin.
// Who may call these (manage_users, own organisation) is checked by the routes' guards.
import { recordAudit } from '../audit/index.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Trx } from '../db/knex.ts';
import type { Ctx } from '../lib/context.ts';
import type { Outcome } from '../lib/outcome.ts';
import { NotFound } from '../lib/errors.ts';
import { mailLocale, type Locale } from '../web/i18n.ts';
import { deleteSessionsOfUser, invalidatePasswordTokens } from './queries.ts';
import { mailPasswordLink } from './service.ts';
import { ADMIN_PERMISSION } from './permissions.ts';
import { customerById } from './customers-queries.ts';
import * as q from './users-queries.ts';

export type UserInput = { name: string; email: string; phone: string | null; locale: Locale | null; permissions: string[] };

// The invitation of a login that follows its browser goes out in its customer's country's language.
async function inviteLocale(trx: Trx, organisationId: number, input: UserInput): Promise<Locale> {
  return input.locale ?? mailLocale(null, (await customerById(trx, organisationId))?.country);
}

const fieldsOf = (u: q.CompanyUser) => ({ name: u.name, email: u.email, phone: u.phone, locale: u.locale, permissions: u.permissions, disabled: u.disabled_at !== null });

// Changes to one account's logins take turns: the organisation row is locked first, so the
// last-admin rule holds and two admins changing each other cannot deadlock.
async function lockOrganisation(trx: Trx, organisationId: number) {
  const org = await customerById(trx, organisationId, true);
  if (!org) throw NotFound();
  return org;
}

// True when taking away this user's admin rights (by editing, disabling or deleting) would leave
// the account with no active admin. The admins' rows are locked until the change commits.
// A sub-customer's logins administer nothing (A10), so the rule is for main customers only.
async function removesLastAdmin(trx: Trx, organisationId: number, userId: number, staysAdmin: boolean): Promise<boolean> {
  if (staysAdmin) return false;
  if ((await customerById(trx, organisationId))?.parent_id) return false;
  const admins = await q.activeAdminIds(trx, organisationId);
  return admins.includes(userId) && admins.length === 1;
}

export function isEmailTaken(ctx: Ctx, email: string) {
  return q.emailTaken(ctx.db, email);
}

export function listCompanyUsers(ctx: Ctx, organisationId: number) {
  return q.usersOfOrganisation(ctx.db, organisationId);
}

export async function companyUser(ctx: Ctx, organisationId: number, userId: number) {
  const user = await q.userOfOrganisation(ctx.db, organisationId, userId);
  if (!user) throw NotFound();
  return user;
}

// What deleting a login leaves to the admins: the buyers and approval rules that name it.
export function approverDuties(ctx: Ctx, userId: number) {
  return q.approverDuties(ctx.db, userId);
}

export async function createCompanyUser(ctx: Ctx, organisationId: number, input: UserInput): Promise<Outcome<number>> {
  try {
    return await inTransaction(ctx.db, async (trx): Promise<Outcome<number>> => {
      if (await q.emailTaken(trx, input.email)) return { ok: false, errors: { email: 'validation.email_taken' } };
      const id = await q.insertCompanyUser(trx, { organisation_id: organisationId, ...input });
      await mailPasswordLink(trx, ctx, { id, email: input.email, name: input.name, locale: await inviteLocale(trx, organisationId, input) }, 'invite');
      await recordAudit(trx, ctx, { action: 'user.created', subjectType: 'user', subjectId: id, organisationId, after: { ...input } });
      return { ok: true, value: id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, errors: { email: 'validation.email_taken' } };
    throw err;
  }
}

export async function updateCompanyUser(ctx: Ctx, organisationId: number, userId: number, input: UserInput): Promise<Outcome> {
  try {
    return await inTransaction(ctx.db, async (trx): Promise<Outcome> => {
      await lockOrganisation(trx, organisationId);
      const before = await q.userOfOrganisation(trx, organisationId, userId, true);
      if (!before) throw NotFound();
      if (await q.emailTaken(trx, input.email, userId)) return { ok: false, errors: { email: 'validation.email_taken' } };
      if (await removesLastAdmin(trx, organisationId, userId, input.permissions.includes(ADMIN_PERMISSION))) {
        return { ok: false, errors: { permissions: 'users.last_admin' } };
      }
      await q.updateCompanyUser(trx, userId, input, ctx.now);
      if (input.email.toLowerCase() !== before.email.toLowerCase()) {
        // Links sent to the old address must not set the password of the corrected login.
        await invalidatePasswordTokens(trx, userId, ctx.now);
        if (!before.has_password) await mailPasswordLink(trx, ctx, { id: userId, email: input.email, name: input.name, locale: await inviteLocale(trx, organisationId, input) }, 'invite');
      }
      await recordAudit(trx, ctx, { action: 'user.updated', subjectType: 'user', subjectId: userId, organisationId, before: fieldsOf(before), after: { ...input } });
      return { ok: true, value: undefined };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, errors: { email: 'validation.email_taken' } };
    throw err;
  }
}

// Disabling says how many active logins named this one as their approver: their orders, and
// those already waiting, go to the admins until another approver is chosen.
export async function setCompanyUserDisabled(ctx: Ctx, organisationId: number, userId: number, disabled: boolean): Promise<Outcome<{ approvesFor: number }>> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome<{ approvesFor: number }>> => {
    await lockOrganisation(trx, organisationId);
    const before = await q.userOfOrganisation(trx, organisationId, userId, true);
    if (!before) throw NotFound();
    if (disabled && (await removesLastAdmin(trx, organisationId, userId, false))) return { ok: false, errors: { _form: 'users.last_admin' } };
    await q.updateCompanyUser(trx, userId, { disabled_at: disabled ? ctx.now : null }, ctx.now);
    if (disabled) {
      await deleteSessionsOfUser(trx, userId);
      await invalidatePasswordTokens(trx, userId, ctx.now);
    }
    await recordAudit(trx, ctx, { action: disabled ? 'user.disabled' : 'user.enabled', subjectType: 'user', subjectId: userId, organisationId });
    return { ok: true, value: { approvesFor: disabled ? await q.countApprovingFor(trx, userId) : 0 } };
  });
}

export async function deleteCompanyUser(ctx: Ctx, organisationId: number, userId: number): Promise<Outcome> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    await lockOrganisation(trx, organisationId);
    const before = await q.userOfOrganisation(trx, organisationId, userId, true);
    if (!before) throw NotFound();
    if (await removesLastAdmin(trx, organisationId, userId, false)) return { ok: false, errors: { _form: 'users.last_admin' } };
    await deleteSessionsOfUser(trx, userId);
    for (const { id, organisation_id, ...rule } of await q.dropRulesTheAdminsHave(trx, userId)) {
      await recordAudit(trx, ctx, { action: 'approval.rule_removed', subjectType: 'approval_rule', subjectId: id, organisationId: organisation_id, before: { ...rule, approver_id: userId } });
    }
    await q.deleteUser(trx, userId);
    await recordAudit(trx, ctx, { action: 'user.deleted', subjectType: 'user', subjectId: userId, organisationId, before: fieldsOf(before) });
    return { ok: true, value: undefined };
  });
}
