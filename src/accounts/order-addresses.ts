// The addresses an order may use: a delivery address of the ordering customer (its own,
// including those a sub-customer added where its main customer allows, A6), and the billing
// address it is invoiced to (its own, else its main customer's).
import type { Ctx } from '../lib/context.ts';
import * as q from './addresses-queries.ts';

export function deliveryAddressesOf(ctx: Ctx, organisationId: number) {
  return q.addressesOf(ctx.db, organisationId).then((all) => all.filter((a) => a.kind === 'delivery'));
}

export { ORDER_ADDRESS_ROWS } from './addresses-queries.ts';

// What an order is sent to and invoiced to, from the rows ORDER_ADDRESS_ROWS read: the chosen
// delivery address (undefined when it is not one of the customer's) and the billing address.
export function orderAddresses(rows: q.Address[], organisation: { id: number; parent_id: number | null }) {
  const billingOf = (owner: number | null) => rows.find((r) => r.kind === 'billing' && r.organisation_id === owner);
  return { delivery: rows.find((r) => r.kind === 'delivery'), billing: billingOf(organisation.id) ?? billingOf(organisation.parent_id) ?? null };
}

export async function orderBillingAddressOf(ctx: Ctx, organisation: { id: number; parent_id: number | null }) {
  return (await q.billingAddressOf(ctx.db, organisation.id)) ?? (organisation.parent_id ? await q.billingAddressOf(ctx.db, organisation.parent_id) : undefined) ?? null;
}
