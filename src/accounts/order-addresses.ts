// The addresses an order may use: a delivery address of the ordering customer (its own,
// including those a sub-customer added where its main customer allows, A6), and the billing
// address it is invoiced to (its own, else its main customer's).
import type { Ctx } from '../lib/context.ts';
import * as q from './addresses-queries.ts';

export function deliveryAddressesOf(ctx: Ctx, organisationId: number) {
  return q.addressesOf(ctx.db, organisationId).then((all) => all.filter((a) => a.kind === 'delivery'));
}

export function deliveryAddressOf(ctx: Ctx, organisationId: number, id: number) {
  return q.addressOf(ctx.db, organisationId, id);
}

export async function orderBillingAddressOf(ctx: Ctx, organisation: { id: number; parent_id: number | null }) {
  return (await q.billingAddressOf(ctx.db, organisation.id)) ?? (organisation.parent_id ? await q.billingAddressOf(ctx.db, organisation.parent_id) : undefined) ?? null;
}
