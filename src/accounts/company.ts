// My page's company parts: the account's data and addresses, and a main customer's
// sub-customers. Every organisation is reached through the actor's own: itself, or one of
// its sub-customers; anything else is not found. Rights come from policy.ts.
import { recordAudit } from '../audit/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { Forbidden, NotFound } from '../lib/errors.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as a from './addresses-queries.ts';
import * as c from './customers-queries.ts';
import { addressRightsOf, mayActAsSubCustomers, mayManageSubCustomers, type AddressRights } from './policy.ts';

type Actor = Express.User;

export async function organisationInScope(ctx: Ctx, actor: Actor, organisationId: number) {
  const org = await c.customerById(ctx.db, organisationId);
  if (!org || !actor.organisation_id) throw NotFound();
  if (org.id !== actor.organisation_id && org.parent_id !== actor.organisation_id) throw NotFound();
  // A sub-customer's pages are for the main customer's admins, not for every login it has.
  if (org.id !== actor.organisation_id && !actor.permissions.includes('manage_company')) throw Forbidden();
  const parent = org.parent_id ? ((await c.customerById(ctx.db, org.parent_id)) ?? null) : null;
  return { org, parent, rights: addressRightsOf(actor, org, parent) };
}

export async function companyPage(ctx: Ctx, actor: Actor, organisationId: number) {
  const scope = await organisationInScope(ctx, actor, organisationId);
  const addresses = await a.addressesOf(ctx.db, organisationId);
  return { ...scope, billing: addresses.find((x) => x.kind === 'billing') ?? null, delivery: addresses.filter((x) => x.kind === 'delivery') };
}

function demand(rights: AddressRights, wanted: AddressRights[]) {
  if (!wanted.includes(rights)) throw Forbidden();
}

export async function saveBillingAddress(ctx: Ctx, actor: Actor, organisationId: number, fields: a.AddressFields) {
  const { rights } = await organisationInScope(ctx, actor, organisationId);
  demand(rights, ['all']);
  await inTransaction(ctx.db, async (trx) => {
    await c.customerById(trx, organisationId, true);
    const before = await a.billingAddressOf(trx, organisationId);
    if (before) await a.updateAddress(trx, before.id, fields, ctx.now);
    else await a.insertAddress(trx, { ...fields, organisation_id: organisationId, kind: 'billing' });
    await recordAudit(trx, ctx, { action: 'address.billing_saved', subjectType: 'address', subjectId: before?.id, organisationId, before: before ?? null, after: fields });
  });
}

export async function addDeliveryAddress(ctx: Ctx, actor: Actor, organisationId: number, fields: a.AddressFields & { is_default: boolean }) {
  const { rights } = await organisationInScope(ctx, actor, organisationId);
  demand(rights, ['all', 'own_alternatives']);
  const bySubCustomer = rights === 'own_alternatives';
  await inTransaction(ctx.db, async (trx) => {
    const org = await c.customerById(trx, organisationId, true);
    // The main customer's permission is read again under a share lock: switching it off
    // (which removes these addresses) waits for this insert, or this insert sees it off.
    if (bySubCustomer && !(await c.customerById(trx, org!.parent_id!, 'share'))?.allow_child_delivery_address) throw Forbidden();
    const isDefault = fields.is_default && !bySubCustomer;
    if (isDefault) await a.clearDefault(trx, organisationId);
    const id = await a.insertAddress(trx, { ...fields, is_default: isDefault, organisation_id: organisationId, kind: 'delivery', added_by_sub_customer: bySubCustomer });
    await a.ensureDefault(trx, organisationId);
    await recordAudit(trx, ctx, { action: 'address.added', subjectType: 'address', subjectId: id, organisationId, after: fields });
  });
}

// A sub-customer may only touch the addresses it added itself.
async function changeableAddress(ctx: Ctx, actor: Actor, organisationId: number, addressId: number) {
  const { rights } = await organisationInScope(ctx, actor, organisationId);
  // Another organisation's address is not found, whatever this actor's rights.
  const address = await a.addressOf(ctx.db, organisationId, addressId);
  if (!address) throw NotFound();
  demand(rights, ['all', 'own_alternatives']);
  if (rights === 'own_alternatives' && !address.added_by_sub_customer) throw Forbidden();
  return { address, rights };
}

export async function deliveryAddress(ctx: Ctx, actor: Actor, organisationId: number, addressId: number) {
  return (await changeableAddress(ctx, actor, organisationId, addressId)).address;
}

export async function updateDeliveryAddress(ctx: Ctx, actor: Actor, organisationId: number, addressId: number, fields: a.AddressFields & { is_default: boolean }) {
  const { address, rights } = await changeableAddress(ctx, actor, organisationId, addressId);
  await inTransaction(ctx.db, async (trx) => {
    await c.customerById(trx, organisationId, true);
    const isDefault = rights === 'all' ? fields.is_default : false;
    if (isDefault && !address.is_default) await a.clearDefault(trx, organisationId);
    await a.updateAddress(trx, addressId, { ...fields, is_default: isDefault }, ctx.now);
    await a.ensureDefault(trx, organisationId);
    await recordAudit(trx, ctx, { action: 'address.changed', subjectType: 'address', subjectId: addressId, organisationId, before: address, after: fields });
  });
}

// The last delivery address stays: without one no buyer of the customer can check out.
export async function removeDeliveryAddress(ctx: Ctx, actor: Actor, organisationId: number, addressId: number): Promise<Outcome> {
  const { address } = await changeableAddress(ctx, actor, organisationId, addressId);
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    await c.customerById(trx, organisationId, true);
    if ((await a.deliveryAddressCount(trx, organisationId)) <= 1) return { ok: false, errors: { _form: 'company.last_address' } };
    await a.deleteAddress(trx, addressId);
    await a.ensureDefault(trx, organisationId);
    await recordAudit(trx, ctx, { action: 'address.removed', subjectType: 'address', subjectId: addressId, organisationId, before: address });
    return { ok: true, value: undefined };
  });
}

export async function subCustomersOf(ctx: Ctx, actor: Actor) {
  const own = await c.customerById(ctx.db, actor.organisation_id!);
  if (!own || !mayManageSubCustomers(actor, own)) throw Forbidden();
  const [subCustomers, settings] = await Promise.all([c.subCustomersOf(ctx.db, own.id), c.shopSettings(ctx.db)]);
  return { subCustomers, mayActAs: Boolean(settings?.allow_parent_login_as_child) && mayActAsSubCustomers(actor) };
}

export type SubCustomerInput = { name: string; phone: string | null; email: string | null; extra_order_copy_email: string | null };

// A8: the main customer (not the sub-customer itself) sets its sub-customers' contact data and
// the extra e-mail for order copies.
export async function updateSubCustomer(ctx: Ctx, actor: Actor, subId: number, input: SubCustomerInput) {
  const { org } = await organisationInScope(ctx, actor, subId);
  const own = await c.customerById(ctx.db, actor.organisation_id!);
  if (org.parent_id !== actor.organisation_id || !own || !mayManageSubCustomers(actor, own)) throw Forbidden();
  await inTransaction(ctx.db, async (trx) => {
    await c.updateCustomer(trx, subId, input, ctx.now);
    await recordAudit(trx, ctx, { action: 'customer.updated', subjectType: 'organisation', subjectId: subId, organisationId: subId, before: { name: org.name, phone: org.phone, email: org.email, extra_order_copy_email: org.extra_order_copy_email }, after: input });
  });
}
