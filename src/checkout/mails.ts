// Who is told what about an order, written to the outbox in the transaction of the change.
// The buyer hears of every step; the organisation's "extra e-mail for order copies" gets the
// same; with the shop setting "order e-mails to the main customer only" (C7), an order of a
// sub-customer is told to its main customer instead. Approvers get the order that waits for
// them, with a link that opens it (a decision always takes a signed-in POST). Prices go only
// to those who may see them.
import { adminsOf, decidingAdmins } from '../accounts/index.ts';
import { inTotals } from '../approval/amounts.ts';
import { describeReason } from '../approval/describe.ts';
import type { Reason } from '../approval/evaluate.ts';
import type { Trx } from '../db/knex.ts';
import type { Ctx } from '../lib/context.ts';
import { dayOf } from '../lib/days.ts';
import { queueEmail } from '../mail/index.ts';
import { formattersFor, localeForCountry, mailLocale, translatorFor, type Formatters, type Locale } from '../web/i18n.ts';
import * as q from './queries.ts';

// organisationId: the recipient's customer (another than the ordering one: a main customer).
type Recipient = { email: string; locale: Locale; showPrices: boolean; name: string; organisationId: number | null };

export type OrderFacts = Awaited<ReturnType<typeof orderFacts>>;

async function orderFacts(trx: Trx, orderId: number) {
  const order = await trx('orders').where({ id: orderId }).first();
  const lines = await trx('order_lines').where({ order_id: orderId }).orderBy('line_no');
  const buyer = order.placed_by ? await q.buyer(trx, order.placed_by) : undefined;
  const organisation = order.organisation_id ? await q.organisation(trx, order.organisation_id) : undefined;
  const settings = { order_mail_to_parent_only: (await q.shopSettings(trx))?.order_mail_to_parent_only === true };
  return { order, lines, buyer, organisation, settings };
}

// The buyer and the copies, or the main customer instead (C7): its e-mail and its copy
// address, else (it has neither) its admins, so an order mail always reaches someone.
async function orderRecipients(trx: Trx, facts: Awaited<ReturnType<typeof orderFacts>>): Promise<Recipient[]> {
  const { buyer, organisation, settings } = facts;
  const locale = mailLocale(buyer?.locale, organisation?.country);
  if (settings.order_mail_to_parent_only && organisation?.parent_id) {
    const main = (await q.organisation(trx, organisation.parent_id))!;
    const mainLocale = localeForCountry(main.country) ?? locale;
    const addresses = [main.email, main.extra_order_copy_email].filter((e): e is string => Boolean(e));
    if (addresses.length > 0) return addresses.map((email) => ({ email, locale: mainLocale, showPrices: true, name: main.name, organisationId: main.id }));
    return (await adminsOf(trx, main.id)).map((admin) => ({ email: admin.email, locale: mailLocale(admin.locale, main.country), showPrices: admin.permissions.includes('view_prices'), name: admin.name, organisationId: main.id }));
  }
  const out: Recipient[] = [];
  if (buyer && !buyer.disabled_at) out.push({ email: buyer.email, locale, showPrices: buyer.permissions.includes('view_prices'), name: buyer.name, organisationId: organisation?.id ?? null });
  if (organisation?.extra_order_copy_email) out.push({ email: organisation.extra_order_copy_email, locale, showPrices: true, name: organisation.name, organisationId: organisation.id });
  return out;
}

type Decider = { id: number; name: string; email: string; locale: string | null; permissions: string[]; organisation_id: number | null; country: string | null };

// Who decides a request: its approver, or (naming nobody, or one who can no longer act) the
// customer's admins but the buyer, else its main customer's, as approval's mayDecide lets them.
// With the country of each one's own customer, which their mail is written in when they saved
// no language.
export async function deciders(db: Trx | Ctx['db'], request: { approver_id: number | null; organisation_id: number | null }, buyerId: number | null): Promise<Decider[]> {
  const named = request.approver_id ? await q.approverWithCountry(db, request.approver_id) : [];
  if (named.length > 0 || !request.organisation_id) return named;
  const deciding = await decidingAdmins(db, request.organisation_id, buyerId);
  return deciding.admins.map((admin) => ({ ...admin, country: deciding.country }));
}

// Whom the named approver stands in for, so the mail says why it came to them.
async function standInName(trx: Trx, request: { stand_in_for: number | null }): Promise<string | null> {
  return request.stand_in_for === null ? null : ((await q.buyer(trx, request.stand_in_for))?.name ?? null);
}

function asRecipient(person: Decider): Recipient {
  return { email: person.email, locale: mailLocale(person.locale, person.country), showPrices: person.permissions.includes('view_prices'), name: person.name, organisationId: person.organisation_id };
}

// Whoever stands in today for a request's named approver, while that approver can still act
// (so is among `people`), has the order in their list too: added, with whom they stand in for.
// Never the buyer, whose own order it is.
async function withStandIns(trx: Trx, request: { approver_id: number | null }, people: Decider[], day: string, buyerId: number | null): Promise<{ people: Decider[]; standingIn: Map<number, string> }> {
  const standingIn = new Map<number, string>();
  const named = people.find((p) => p.id === request.approver_id);
  if (!named) return { people, standingIn };
  const all = [...people];
  for (const { stand_in_id } of await q.standInsOn(trx, [named.id], day)) {
    if (stand_in_id === buyerId) continue;
    for (const standIn of await q.approverWithCountry(trx, stand_in_id)) {
      if (all.some((p) => p.id === standIn.id)) continue;
      all.push(standIn);
      standingIn.set(standIn.id, named.name);
    }
  }
  return { people: all, standingIn };
}

function mailData(ctx: Ctx, facts: Awaited<ReturnType<typeof orderFacts>>, recipient: Recipient, extra: Record<string, unknown>) {
  const { order, lines } = facts;
  const t = translatorFor(recipient.locale);
  const fmt = formattersFor(recipient.locale);
  return {
    name: recipient.name,
    number: order.number,
    buyerName: order.placed_by_name ?? '',
    customerName: order.customer_name ?? '',
    customerNumber: order.customer_number ?? '',
    reference: order.reference ?? '',
    // The buyer's own comment on the order (a decision's comment is `comment`).
    orderComment: order.comment ?? '',
    delivery: order.delivery_address as Parameters<Formatters['addressLine']>[0] | null,
    currency: order.currency,
    showPrices: recipient.showPrices,
    // The assortment is "yours" only to the ordering customer's people.
    ownCustomer: recipient.organisationId === order.organisation_id,
    // The lines are ex VAT, as in the cart: the mail gives both totals and the VAT between.
    subtotal: Number(order.subtotal),
    vatTotal: Number(order.vat_total),
    total: Number(order.total),
    lines: lines.map((l: { name: Record<string, string>; sku: string; qty: number; line_total: number; status: string; in_assortment: boolean }) => ({
      name: l.name[recipient.locale] ?? l.name.en ?? l.sku, sku: l.sku, qty: l.qty, lineTotal: Number(l.line_total), status: l.status, outside: !l.in_assortment,
      showAmount: recipient.showPrices && inTotals(order.status, l.status),
    })),
    orderLink: `${ctx.baseUrl}/orders/${order.number}`,
    describe: (reason: Reason) => describeReason(reason, t, fmt, order.currency, recipient.locale, recipient.showPrices),
    ...extra,
  };
}

export const orderMails = {
  // Placed: the buyer hears where the order went; each approver that it waits for.
  // The checkout passes what it just wrote, so nothing is read back.
  async placed(ctx: Ctx, trx: Trx, ids: { orderId: number; requestIds: number[]; known?: OrderFacts }) {
    const facts = ids.known ?? (await orderFacts(trx, ids.orderId));
    const requests = ids.requestIds.length ? await trx('approval_requests').whereIn('id', ids.requestIds).orderBy('id') : [];
    const waitsFor = [];
    for (const request of requests) {
      const people = await deciders(trx, request, facts.order.placed_by);
      waitsFor.push({ names: people.map((p: { name: string }) => p.name).join(', '), reasons: request.reasons as Reason[] });
      for (const person of people) {
        const recipient = asRecipient(person);
        await queueEmail(trx, { to: person.email, locale: recipient.locale, template: 'approval-needed', data: mailData(ctx, facts, recipient, { reasons: request.reasons, approvalLink: `${ctx.baseUrl}/approvals/${request.id}`, standInFor: await standInName(trx, request) }) });
      }
    }
    for (const recipient of await orderRecipients(trx, facts)) {
      await queueEmail(trx, { to: recipient.email, locale: recipient.locale, template: 'order-placed', data: mailData(ctx, facts, recipient, { waits: requests.length > 0, waitsFor }) });
    }
  },

  // Decided: the buyer hears the outcome, with the approver's comment; where more than one
  // approver decided, each one's decision and comment.
  async decided(ctx: Ctx, trx: Trx, ids: { orderId: number; comment: string | null; deciderName: string }) {
    const facts = await orderFacts(trx, ids.orderId);
    // Sent to the shop with some lines rejected: neither "approved" nor "rejected" says that.
    const partly = facts.order.status === 'processing' && facts.lines.some((l: { status: string }) => l.status === 'rejected');
    const status = partly ? 'partly' : facts.order.status;
    const decisions = await q.decisionsOf(trx, ids.orderId);
    // `context` picks the subject that says the outcome (i18next's context: subject_rejected).
    for (const recipient of await orderRecipients(trx, facts)) {
      await queueEmail(trx, { to: recipient.email, locale: recipient.locale, template: 'order-decided', data: mailData(ctx, facts, recipient, { status, context: status, comment: ids.comment ?? '', deciderName: ids.deciderName, decisions: decisions.length > 1 ? decisions : [] }) });
    }
  },

  // Withdrawn (by the buyer, or with a deleted customer): those it waited for, and whoever
  // stands in for them today, hear there is nothing left to decide; but those of the customers
  // `leaving`, deleted with it.
  async withdrawn(ctx: Ctx, trx: Trx, ids: { orderId: number; requests: { approver_id: number | null; organisation_id: number | null }[]; leaving?: number[] }) {
    if (ids.requests.length === 0) return;
    const facts = await orderFacts(trx, ids.orderId);
    const told = new Set<number>();
    for (const request of ids.requests) {
      const named = await deciders(trx, request, facts.order.placed_by);
      for (const person of (await withStandIns(trx, request, named, dayOf(ctx.now), facts.order.placed_by)).people) {
        if (told.has(person.id) || (person.organisation_id !== null && ids.leaving?.includes(person.organisation_id))) continue;
        told.add(person.id);
        const recipient = asRecipient(person);
        await queueEmail(trx, { to: person.email, locale: recipient.locale, template: 'order-withdrawn', data: mailData(ctx, facts, recipient, { customerDeleted: Boolean(ids.leaving) }) });
      }
    }
  },

  // Still undecided: the approver is reminded; later the organisation's admins are told too.
  async reminder(ctx: Ctx, trx: Trx, ids: { requestId: number; escalate: boolean }) {
    const request = await trx('approval_requests').where({ id: ids.requestId }).first();
    const facts = await orderFacts(trx, request.order_id);
    // An escalation goes to the admins, as to an order that names no approver.
    const asked = ids.escalate ? { approver_id: null, organisation_id: request.organisation_id } : request;
    const { people, standingIn } = await withStandIns(trx, asked, await deciders(trx, asked, facts.order.placed_by), dayOf(ctx.now), facts.order.placed_by);
    const placedFor = ids.escalate ? null : await standInName(trx, request);
    for (const person of people) {
      const recipient = asRecipient(person);
      await queueEmail(trx, { to: person.email, locale: recipient.locale, template: ids.escalate ? 'approval-escalated' : 'approval-reminder', data: mailData(ctx, facts, recipient, { reasons: request.reasons, approvalLink: `${ctx.baseUrl}/approvals/${request.id}`, standInFor: standingIn.get(person.id) ?? placedFor }) });
    }
  },
};
