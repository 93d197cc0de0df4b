// A7: a main customer's user acts as one of its sub-customers, to order on its behalf, when
// the shop allows it. The session remembers only the sub-customer's id; every request checks
// again that acting is allowed, so switching the setting off or unlinking ends it at once.
import { recordAudit } from '../audit/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { Forbidden, NotFound } from '../lib/errors.ts';
import * as c from './customers-queries.ts';
import { actingPermissions, mayActAsSubCustomers } from './policy.ts';

export async function mayActAs(ctx: Ctx, user: Express.User, subId: number) {
  const [sub, settings] = await Promise.all([c.customerById(ctx.db, subId), c.shopSettings(ctx.db)]);
  if (!sub || !user.organisation_id || sub.parent_id !== user.organisation_id) return null;
  if (!settings?.allow_parent_login_as_child || !mayActAsSubCustomers(user)) return null;
  return sub;
}

export async function startActingAs(ctx: Ctx, user: Express.User, subId: number) {
  const sub = await c.customerById(ctx.db, subId);
  if (!sub || sub.parent_id !== user.organisation_id) throw NotFound();
  if (!(await mayActAs(ctx, user, subId))) throw Forbidden('acting.not_allowed');
  await inTransaction(ctx.db, (trx) =>
    recordAudit(trx, { ...ctx, actor: ctx.actor && { ...ctx.actor, actingAsOrganisationId: subId } }, { action: 'customer.acting_started', subjectType: 'organisation', subjectId: subId, organisationId: subId }),
  );
  return sub;
}

export async function stopActingAs(ctx: Ctx) {
  await inTransaction(ctx.db, (trx) =>
    recordAudit(trx, ctx, { action: 'customer.acting_ended', subjectType: 'organisation', subjectId: ctx.actor?.actingAsOrganisationId, organisationId: ctx.actor?.actingAsOrganisationId }),
  );
}

// The signed-in user as the pages see them while acting: the sub-customer is their organisation.
export function actingUser(user: Express.User, sub: c.Customer): Express.User {
  return {
    ...user,
    organisation_id: sub.id,
    organisation_name: sub.name,
    parent_organisation_id: sub.parent_id,
    permissions: actingPermissions(user.permissions),
    acting_from: { id: user.organisation_id!, name: user.organisation_name ?? '' },
  };
}
