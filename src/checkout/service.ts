// placeOrder: the only way an order is born. Web checkout calls it now; onboarding, standing
// orders, staff phone orders and orders placed while acting for a sub-customer will. In one
// transaction it locks what decides (the ordering customer, the cart, the buyer's budget),
// prepares the order afresh (prepare.ts: prices, evaluation), and writes the order with its
// lines (names and prices as they are now), the approval requests, the budget entry, the audit
// event and the e-mails. The same idempotency key twice gives the first order back.
import { waitingLines } from '../approval/evaluate.ts';
import { auditRow } from '../audit/index.ts';
import { chargedOrder, placedOrderEntry } from '../budgets/index.ts';
import { shareCatalogueCache } from '../catalog/index.ts';
import type { Db, Trx } from '../db/knex.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import type { Outcome } from '../lib/outcome.ts';
import { orderMails } from './mails.ts';
import { prepare, type OrderDraft, type Prepared } from './prepare.ts';
import * as q from './queries.ts';

export type Placed = { number: number; status: string; repeated: boolean };

export async function placeOrder(ctx: Ctx, draft: OrderDraft): Promise<Outcome<Placed>> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome<Placed>> => {
    const tctx: Ctx = { ...ctx, db: trx };
    // The customer (shared), then the cart (exclusive): every submit of this cart queues here,
    // so the second of a double click finds the first one's order.
    const locked = await q.lockForPlacing(trx, { organisationId: draft.organisationId, buyerId: draft.buyerId, cart: !draft.lines });
    if (!locked) throw NotFound();
    const { organisation } = locked;
    const inputs = await q.orderInputs(trx, { key: draft.idempotencyKey, buyerId: draft.buyerId, organisationId: organisation.id, deliveryAddressId: draft.deliveryAddressId }, { ...locked, cart: !draft.lines });
    if (draft.lines) inputs.items = await q.itemsOf(trx, draft.lines);
    const { earlier } = inputs;
    if (earlier && (earlier.placed_by !== draft.buyerId || earlier.organisation_id !== organisation.id)) return { ok: false, errors: { _form: 'checkout.review_again' } };
    if (earlier) return { ok: true, value: { number: earlier.number, status: earlier.status, repeated: true } };
    // Prices, assortments and categories as this transaction sees them: from memory when that
    // is the same catalogue version.
    if (!(ctx.db as Trx).isTransaction) shareCatalogueCache(tctx, ctx.db as Db, inputs.catalogueVersion);
    const prepared = await prepare(tctx, draft, organisation, inputs);
    if (!prepared.ok) return prepared;
    if (prepared.value.blocked) return { ok: false, errors: { _form: prepared.value.blocked } };
    const placed = await write(tctx, trx, draft, prepared.value);
    return { ok: true, value: { ...placed, repeated: false } };
  });
}

async function write(ctx: Ctx, trx: Trx, draft: OrderDraft, p: Prepared): Promise<{ number: number; status: string }> {
  const waits = p.evaluation.requests.length > 0;
  const status = waits ? 'awaiting_approval' : 'processing';
  const orderRow = {
    organisation_id: p.organisation.id,
    customer_number: p.organisation.customer_number,
    customer_name: p.organisation.name,
    customer_phone: p.organisation.phone,
    placed_by: p.buyer.id,
    placed_by_name: p.buyer.name,
    placed_by_organisation_id: p.buyer.organisation_id === p.organisation.id ? null : p.buyer.organisation_id,
    channel: draft.channel,
    status,
    currency: p.currency,
    subtotal: p.subtotal,
    vat_total: p.vatTotal,
    total: p.total,
    billing_address: p.billing ? JSON.stringify(p.billing) : null,
    delivery_address: JSON.stringify(p.delivery),
    reference: draft.reference,
    comment: draft.comment,
    idempotency_key: draft.idempotencyKey,
    placed_at: ctx.now,
  };
  const waiting = waitingLines(p.evaluation, p.lines.map((l) => l.line_no));
  const lineRows = p.lines.map((l) => ({ ...l, status: waiting.has(l.line_no) ? 'waiting' : 'accepted' }));
  const audit = auditRow(ctx, {
    action: 'order.placed',
    subjectType: 'order',
    organisationId: p.organisation.id,
    after: {
      status, total: p.total, currency: p.currency, lines: p.lines.length,
      waits_for: p.evaluation.requests.map((r) => ({ decider: r.decider, reasons: r.reasons.map((x) => x.code), lines: r.lines })),
      // Reasons that needed no approval because nobody but the buyer could have decided them.
      no_approver_for: p.evaluation.unrouted.map((r) => r.code),
    },
  });
  const charged = p.budget && !p.blocked ? p.budget : null;
  const entry = charged && placedOrderEntry(charged, { total: p.total, waits });
  const order = await q.insertOrder(trx, orderRow, lineRows, p.cartId ? { id: p.cartId, productIds: p.lines.map((l) => l.product_id) } : null, audit, entry);
  const inserted = order.lines;
  if (charged) await chargedOrder(ctx, trx, charged, { total: p.total, waits });
  const lineIds = new Map(inserted.map((l) => [l.line_no, l.id]));
  const requestIds: number[] = [];
  for (const request of p.evaluation.requests) {
    requestIds.push(await q.insertApprovalRequest(trx, {
      order_id: order.id,
      // Whose admins decide a request that names nobody, or take it over from its approver: the
      // ordering customer's, but for a main customer's rule the main customer's.
      organisation_id: request.decider.kind === 'admins' ? request.decider.organisationId : request.decider.adminsOf ?? p.organisation.id,
      approver_id: request.decider.kind === 'user' ? request.decider.userId : null,
      stand_in_for: request.decider.kind === 'user' ? request.decider.standInFor : null,
      reasons: JSON.stringify(request.reasons),
      line_ids: request.lines === null ? null : request.lines.map((n) => lineIds.get(n)!),
      created_at: ctx.now,
    }));
  }
  const known = {
    order: { ...orderRow, ...order, delivery_address: p.delivery },
    lines: lineRows,
    buyer: p.buyer,
    organisation: p.organisation,
    settings: p.settings,
  };
  await orderMails.placed(ctx, trx, { orderId: order.id, requestIds, known });
  return { number: order.number, status };
}
