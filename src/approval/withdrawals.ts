// Taking back an order that still waits for approval: by its buyer, or with a deleted
// customer (A9). The order, its lines and pending requests are withdrawn, its budget settled,
// and those it waited for are told.
import { recordAudit } from '../audit/index.ts';
import { settleOrderBudget } from '../budgets/index.ts';
import { orderMails } from '../checkout/mails.ts';
import type { Trx } from '../db/knex.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as q from './queries.ts';

// A buyer takes back an order that still waits; to change one, withdraw it and order again.
export async function withdrawOrder(ctx: Ctx, buyerId: number, orderId: number): Promise<Outcome> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    const order = await q.lockOrder(trx, orderId);
    if (!order || order.placed_by !== buyerId) throw NotFound();
    if (order.status !== 'awaiting_approval') return { ok: false, errors: { _form: 'orders.not_withdrawable' } };
    const withdrawn = await withdrawLocked(ctx, trx, order);
    // Whoever it waited for hears there is nothing left to decide, before opening the mail's link.
    await orderMails.withdrawn(ctx, trx, { orderId: order.id, requests: withdrawn });
    return { ok: true, value: undefined };
  });
}

// A9: deleting customers takes back their orders that still wait, in the deletion's
// transaction, before the customers go: nobody of theirs is left to decide or to receive them,
// and one moved to a main customer would wait for ever. Whoever it waited for outside them (a
// main customer's approver or admins) is told.
export async function withdrawWaitingOrders(ctx: Ctx, trx: Trx, organisationIds: number[]): Promise<void> {
  for (const order of await q.lockWaitingOrdersOf(trx, organisationIds)) {
    const withdrawn = await withdrawLocked(ctx, trx, order, { reason: 'customer_deleted' });
    await orderMails.withdrawn(ctx, trx, { orderId: order.id, requests: withdrawn, leaving: organisationIds });
  }
}

// A locked order that waits, withdrawn: its lines and pending requests with it, its budget
// settled. Returns the requests it waited on.
async function withdrawLocked(ctx: Ctx, trx: Trx, order: { id: number; number: number; organisation_id: number | null }, after?: Record<string, unknown>) {
  await q.markWithdrawn(trx, order.id, ctx.now);
  const withdrawn = await q.withdrawPendingRequests(trx, order.id, ctx.now);
  await settleOrderBudget(ctx, trx, order.id);
  await recordAudit(trx, ctx, { action: 'order.withdrawn', subjectType: 'order', subjectId: order.number, organisationId: order.organisation_id, after });
  return withdrawn;
}
