// Shop staff's side of customer accounts: create, edit, link main ⇄ sub-customer, delete (A2,
// A9, A10). Every change is audited in its own transaction. Price lists come with the catalogue.
import { recordAudit } from '../audit/index.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Trx } from '../db/knex.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import type { Outcome } from '../lib/outcome.ts';
import { NotFound } from '../lib/errors.ts';
import * as q from './customers-queries.ts';
import { linkRefusal } from './policy.ts';

export type CustomerInput = Pick<q.Customer, (typeof q.CUSTOMER_FIELDS)[number]> & { customer_number: string | null };

const pick = (c: q.Customer) => Object.fromEntries([...q.CUSTOMER_FIELDS, 'customer_number', 'parent_id'].map((k) => [k, c[k as keyof q.Customer]]));

export async function customer(ctx: Ctx, id: number) {
  const found = await q.customerById(ctx.db, id);
  if (!found) throw NotFound();
  return found;
}

export function countCustomers(ctx: Ctx) {
  return q.customerCounts(ctx.db);
}

export function findCustomers(ctx: Ctx, query: string, after?: { name: string; id: number }) {
  return q.searchCustomers(ctx.db, query, after);
}

export async function customerCard(ctx: Ctx, id: number) {
  const found = await customer(ctx, id);
  const [parent, children] = await Promise.all([
    found.parent_id ? q.customerById(ctx.db, found.parent_id) : undefined,
    q.subCustomersOf(ctx.db, id),
  ]);
  return { customer: found, parent: parent ?? null, children };
}

const numberTaken = { ok: false as const, errors: { customer_number: 'customers.number_taken' } };

export async function createCustomer(ctx: Ctx, input: CustomerInput): Promise<Outcome<number>> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome<number>> => {
    const customerNumber = input.customer_number ?? (await q.nextCustomerNumber(trx));
    if (await q.customerNumberTaken(trx, customerNumber)) return numberTaken;
    const id = await q.insertCustomer(trx, { ...input, customer_number: customerNumber });
    await recordAudit(trx, ctx, { action: 'customer.created', subjectType: 'organisation', subjectId: id, organisationId: id, after: { ...input, customer_number: customerNumber } });
    return { ok: true, value: id };
  }).catch((err) => {
    if (isUniqueViolation(err)) return numberTaken;
    throw err;
  });
}

export async function updateCustomer(ctx: Ctx, id: number, input: CustomerInput): Promise<Outcome> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    const before = await q.customerById(trx, id, true);
    if (!before) throw NotFound();
    const customerNumber = input.customer_number ?? before.customer_number;
    if (await q.customerNumberTaken(trx, customerNumber, id)) return numberTaken;
    if (input.kind === 'person' && (await q.subCustomersOf(trx, id)).length > 0) return { ok: false, errors: { kind: 'customers.person_with_sub_customers' } };
    // A main customer that may no longer let its sub-customers give addresses takes those addresses away (A6).
    if (before.allow_child_delivery_address && !input.allow_child_delivery_address) await q.removeSubCustomerAddresses(trx, id);
    await q.updateCustomer(trx, id, { ...input, customer_number: customerNumber }, ctx.now);
    await recordAudit(trx, ctx, { action: 'customer.updated', subjectType: 'organisation', subjectId: id, organisationId: id, before: pick(before), after: { ...input, customer_number: customerNumber } });
    return { ok: true, value: undefined };
  }).catch((err) => {
    if (isUniqueViolation(err)) return numberTaken;
    throw err;
  });
}

// One level only: a main customer is a company without a main customer of its own; a
// sub-customer has no sub-customers. Both rows are locked so two links cannot cross.
export async function linkSubCustomer(ctx: Ctx, parentId: number, childId: number): Promise<Outcome> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    const [first, second] = parentId < childId ? [parentId, childId] : [childId, parentId];
    const locked = new Map([[first, await q.customerById(trx, first, true)], [second, await q.customerById(trx, second, true)]]);
    const parent = locked.get(parentId);
    const child = locked.get(childId);
    if (!parent) throw NotFound();
    if (!child) return { ok: false, errors: { child_id: 'customers.link_not_found' } };
    const refusal = linkRefusal(parent, child, (await q.subCustomersOf(trx, childId)).length > 0);
    if (refusal) return { ok: false, errors: { child_id: refusal } };
    await q.updateCustomer(trx, childId, { parent_id: parentId }, ctx.now);
    if (!(await q.shopSettings(trx))?.allow_child_login) await q.deleteSessionsOfSubCustomerUsers(trx);
    await recordAudit(trx, ctx, { action: 'customer.linked', subjectType: 'organisation', subjectId: childId, organisationId: parentId, after: { parent_id: parentId, child_id: childId } });
    await recordAudit(trx, ctx, { action: 'customer.linked', subjectType: 'organisation', subjectId: childId, organisationId: childId, after: { parent_id: parentId } });
    return { ok: true, value: undefined };
  });
}

export async function unlinkSubCustomer(ctx: Ctx, parentId: number, childId: number): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const child = await q.customerById(trx, childId, true);
    if (!child || child.parent_id !== parentId) throw NotFound();
    await q.updateCustomer(trx, childId, { parent_id: null }, ctx.now);
    await recordAudit(trx, ctx, { action: 'customer.unlinked', subjectType: 'organisation', subjectId: childId, organisationId: parentId, before: { parent_id: parentId } });
    await recordAudit(trx, ctx, { action: 'customer.unlinked', subjectType: 'organisation', subjectId: childId, organisationId: childId, before: { parent_id: parentId } });
  });
}

// What deleting a customer does to its orders that still wait, from the approval service
// (accounts does not import it: approval draws on accounts).
export type WithdrawWaiting = (ctx: Ctx, trx: Trx, organisationIds: number[]) => Promise<void>;

// A9. A main customer takes its sub-customers and every login with it, and its own orders
// lose its name, address and phone. A sub-customer's orders move to its main customer. Orders
// of the customers deleted that still wait for approval are withdrawn first.
export async function deleteCustomer(ctx: Ctx, id: number, withdrawWaiting: WithdrawWaiting): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const target = await q.customerById(trx, id, true);
    if (!target) throw NotFound();
    const children = target.parent_id === null ? await q.subCustomersOf(trx, id, true) : [];
    await withdrawWaiting(ctx, trx, [id, ...children.map((c) => c.id)]);
    if (target.parent_id !== null) {
      await q.moveOrders(trx, id, target.parent_id);
    } else {
      for (const child of children) {
        await q.deleteCustomerRow(trx, child.id);
        await recordAudit(trx, ctx, { action: 'customer.deleted', subjectType: 'organisation', subjectId: child.id, organisationId: child.id, before: pick(child) });
      }
      await q.blankCustomerOnOrders(trx, id);
    }
    await q.deleteCustomerRow(trx, id);
    await recordAudit(trx, ctx, { action: 'customer.deleted', subjectType: 'organisation', subjectId: id, organisationId: id, before: pick(target) });
  });
}

export async function settings(ctx: Ctx) {
  return q.shopSettings(ctx.db);
}

export async function updateSettings(ctx: Ctx, input: Record<string, unknown>): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const before = await q.shopSettings(trx);
    await q.updateShopSettings(trx, input, ctx.now);
    if (before?.allow_child_login && input.allow_child_login === false) await q.deleteSessionsOfSubCustomerUsers(trx);
    await recordAudit(trx, ctx, { action: 'settings.updated', subjectType: 'shop_settings', subjectId: 1, before, after: input });
  });
}

// The shop's "orders need an account" text for the sign-in page, in the visitor's language.
export async function accountRequiredText(ctx: Ctx, locale: string): Promise<string> {
  const texts = (await q.shopSettings(ctx.db))?.account_required_text ?? {};
  return texts[locale] || texts.en || '';
}

// B1: only shop staff choose a customer's price list; null hands it back to the rule.
export async function assignPriceList(ctx: Ctx, id: number, priceListId: number | null): Promise<Outcome> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    const before = await q.customerById(trx, id, true);
    if (!before) throw NotFound();
    if (priceListId !== null && !(await q.priceListExists(trx, priceListId))) return { ok: false, errors: { price_list_id: 'validation.invalid' } };
    await q.updateCustomer(trx, id, { price_list_id: priceListId }, ctx.now);
    await recordAudit(trx, ctx, { action: 'customer.price_list_changed', subjectType: 'organisation', subjectId: id, organisationId: id, before: { price_list_id: before.price_list_id }, after: { price_list_id: priceListId } });
    return { ok: true, value: undefined };
  });
}
