// Who may change what of a customer account (A5, A6, A8, A10). Pure decisions over rows the
// caller has already fetched through the actor's own scope.
import type { Customer } from './customers-queries.ts';

type Linkable = Pick<Customer, 'id' | 'kind' | 'parent_id'>;

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

// A7: who may log in as their sub-customers, and what they may do there. While acting, a
// user orders and follows orders for the sub-customer; managing its users, company data,
// budgets or approvals stays with the main customer's own pages and with staff.
export const ACTING_PERMISSIONS = ['place_orders', 'view_orders', 'view_all_orders', 'view_prices', 'view_quotes', 'use_shopping_lists', 'use_inquiries'];

export function mayActAsSubCustomers(actor: Actor): boolean {
  return actor.permissions.includes('manage_company') && actor.permissions.includes('place_orders');
}

export function actingPermissions(permissions: readonly string[]): string[] {
  return permissions.filter((p) => ACTING_PERMISSIONS.includes(p));
}

// A10: a sub-customer's logins manage nothing of their account; its main customer and staff do.
export function mayManageUsers(actor: Pick<Express.User, 'permissions' | 'parent_organisation_id'>): boolean {
  return actor.permissions.includes('manage_users') && actor.parent_organisation_id === null;
}

// A2: why `child` cannot become a sub-customer of `parent` (a translation key), or null. One
// level only: a main customer is a company without a main customer of its own; a sub-customer
// has no sub-customers and exactly one main customer.
export function linkRefusal(parent: Linkable, child: Linkable, childHasSubCustomers: boolean): string | null {
  if (parent.id === child.id) return 'customers.link_self';
  if (parent.parent_id !== null) return 'customers.link_parent_is_sub';
  if (parent.kind !== 'company') return 'customers.link_parent_not_company';
  if (child.parent_id === parent.id) return 'customers.link_already';
  if (child.parent_id !== null) return 'customers.link_child_has_parent';
  if (childHasSubCustomers) return 'customers.link_child_has_children';
  return null;
}
