// Who may change what of a customer account (A5, A6, A8, A10). Pure decisions over rows the
// caller has already fetched through the actor's own scope.
import type { Customer } from './customers-queries.ts';

export type AddressRights = 'all' | 'own_alternatives' | 'none';

type Actor = Pick<Express.User, 'organisation_id' | 'permissions'>;

// Billing and delivery data of `org`, as seen by `actor`. A main customer's admins change their
// own and their sub-customers' addresses; a sub-customer changes nothing of its own, except
// adding other delivery addresses when its main customer allows it.
export function addressRightsOf(actor: Actor, org: Customer, parent: Customer | null): AddressRights {
  const mayManage = actor.permissions.includes('manage_company');
  if (org.id === actor.organisation_id) {
    if (org.parent_id === null) return mayManage ? 'all' : 'none';
    const mayOrder = mayManage || actor.permissions.includes('place_orders');
    return parent?.allow_child_delivery_address && mayOrder ? 'own_alternatives' : 'none';
  }
  return org.parent_id === actor.organisation_id && mayManage ? 'all' : 'none';
}

// A main customer's admins may see and change their sub-customers (A8, A10).
export function mayManageSubCustomers(actor: Actor, own: Customer): boolean {
  return own.parent_id === null && actor.permissions.includes('manage_company');
}
