import { describe, expect, it } from 'vitest';
import { actingPermissions, addressRightsOf, linkRefusal, mayManageUsers } from '../../src/accounts/policy.ts';

const org = (id: number, overrides: Record<string, unknown> = {}) =>
  ({ id, kind: 'company', parent_id: null, allow_child_delivery_address: false, ...overrides }) as never;

describe('linking a sub-customer (A2)', () => {
  it.each([
    ['a customer to itself', org(1), org(1), false, 'customers.link_self'],
    ['under a sub-customer', org(1, { parent_id: 9 }), org(2), false, 'customers.link_parent_is_sub'],
    ['under a private person', org(1, { kind: 'person' }), org(2), false, 'customers.link_parent_not_company'],
    ['a customer already linked here', org(1), org(2, { parent_id: 1 }), false, 'customers.link_already'],
    ['a customer with another main customer', org(1), org(2, { parent_id: 3 }), false, 'customers.link_child_has_parent'],
    ['a main customer with sub-customers', org(1), org(2), true, 'customers.link_child_has_children'],
    ['a company under a company', org(1), org(2), false, null],
    ['a private person under a company', org(1), org(2, { kind: 'person' }), false, null],
  ])('%s', (_name, parent, child, childHasSubs, expected) => {
    expect(linkRefusal(parent, child, childHasSubs)).toBe(expected);
  });
});

describe('address rights (A5, A6, A8)', () => {
  const admin = (organisationId: number) => ({ organisation_id: organisationId, permissions: ['manage_company', 'place_orders'] });
  const buyer = (organisationId: number) => ({ organisation_id: organisationId, permissions: ['place_orders'] });
  it.each([
    ['a main customer\'s admin, own account', admin(1), org(1), null, 'all'],
    ['a main customer\'s buyer, own account', buyer(1), org(1), null, 'none'],
    ['a sub-customer, not allowed to add addresses', admin(2), org(2, { parent_id: 1 }), org(1), 'none'],
    ['a sub-customer, allowed to add addresses', buyer(2), org(2, { parent_id: 1 }), org(1, { allow_child_delivery_address: true }), 'own_alternatives'],
    ['a main customer\'s admin, its sub-customer', admin(1), org(2, { parent_id: 1 }), org(1), 'all'],
    ['another company\'s admin', admin(3), org(2, { parent_id: 1 }), org(1), 'none'],
  ])('%s', (_name, actor, target, parent, expected) => {
    expect(addressRightsOf(actor as never, target, parent)).toBe(expected);
  });
});

describe('acting and managing users (A7, A10)', () => {
  it('acting keeps only ordering permissions', () => {
    expect(actingPermissions(['manage_users', 'place_orders', 'approve_orders', 'view_prices'])).toEqual(['place_orders', 'view_prices']);
  });
  it('only a main customer\'s logins manage users', () => {
    expect(mayManageUsers({ permissions: ['manage_users'], parent_organisation_id: null })).toBe(true);
    expect(mayManageUsers({ permissions: ['manage_users'], parent_organisation_id: 1 })).toBe(false);
    expect(mayManageUsers({ permissions: ['place_orders'], parent_organisation_id: null })).toBe(false);
  });
});
