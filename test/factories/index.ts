// Test data built through the database, one call per thing, with overrides for what a test
// cares about. Every login gets TEST_PASSWORD unless a test says otherwise.
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { Db } from '../../src/db/knex.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
let testPasswordHash: string | undefined;

function passwordHash(): string {
  // Cost 12 like the app; made once per worker, not once per user.
  return (testPasswordHash ??= bcrypt.hashSync(TEST_PASSWORD, 12));
}

const unique = () => randomBytes(4).toString('hex');

export async function createOrganisation(db: Db, overrides: Record<string, unknown> = {}) {
  const [row] = await db('organisations')
    .insert({ customer_number: `C${unique()}`, name: `Company ${unique()}`, country: 'SE', ...overrides })
    .returning('*');
  return row as { id: number; name: string; customer_number: string; country: string };
}

type UserOverrides = Record<string, unknown> & { organisation_id?: number | null };

export async function createUser(db: Db, overrides: UserOverrides = {}) {
  const organisationId = overrides.organisation_id ?? (overrides.staff_role ? null : (await createOrganisation(db)).id);
  const [row] = await db('users')
    .insert({
      email: `user-${unique()}@example.com`,
      name: 'Test User',
      password_hash: passwordHash(),
      permissions: ['place_orders', 'view_orders', 'view_prices'],
      ...overrides,
      organisation_id: organisationId,
    })
    .returning('*');
  return row as { id: number; email: string; name: string; organisation_id: number | null; locale: string | null };
}

export function createStaff(db: Db, overrides: UserOverrides = {}) {
  return createUser(db, { staff_role: 'staff', name: 'Staff Person', ...overrides, organisation_id: null });
}

export const ALL_PERMISSIONS = [
  'place_orders', 'view_orders', 'view_all_orders', 'view_prices', 'view_quotes', 'use_shopping_lists',
  'use_inquiries', 'approve_orders', 'manage_users', 'manage_company', 'manage_budgets', 'manage_employees',
];

// A company admin: every permission, in the given organisation or a new one.
export function createAdmin(db: Db, overrides: UserOverrides = {}) {
  return createUser(db, { name: 'Company Admin', permissions: ALL_PERMISSIONS, ...overrides });
}

// An order row as the checkout will write it; only the columns the account rules look at.
export async function createOrder(db: Db, overrides: Record<string, unknown> & { organisation_id: number }) {
  const org = await db('organisations').where({ id: overrides.organisation_id }).first();
  const [row] = await db('orders')
    .insert({
      customer_number: org.customer_number,
      customer_name: org.name,
      customer_phone: '+46 8 123 45',
      billing_address: JSON.stringify({ line1: 'Storgatan 1', city: 'Stockholm' }),
      status: 'processing',
      currency: 'SEK',
      total: 10000,
      ...overrides,
    })
    .returning('*');
  return row as { id: number; number: number };
}

export function createStaffAdmin(db: Db, overrides: UserOverrides = {}) {
  return createStaff(db, { staff_role: 'staff_admin', ...overrides });
}
