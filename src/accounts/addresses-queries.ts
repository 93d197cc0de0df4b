// Billing and delivery addresses of customer accounts, always through the owning organisation.
import type { Conn } from '../db/knex.ts';

export type Address = {
  id: number;
  organisation_id: number;
  kind: 'billing' | 'delivery';
  name: string;
  line1: string;
  line2: string | null;
  postal_code: string;
  city: string;
  country: string;
  is_default: boolean;
  added_by_sub_customer: boolean;
};

export type AddressFields = Pick<Address, 'name' | 'line1' | 'line2' | 'postal_code' | 'city' | 'country'>;

export function addressesOf(db: Conn, organisationId: number): Promise<Address[]> {
  return db('addresses').where({ organisation_id: organisationId }).orderBy([{ column: 'kind' }, { column: 'is_default', order: 'desc' }, { column: 'id' }]);
}

export function addressOf(db: Conn, organisationId: number, id: number): Promise<Address | undefined> {
  return db('addresses').where({ organisation_id: organisationId, id, kind: 'delivery' }).first();
}

// A delivery address of the customer by id, and the billing addresses of it and its main
// customer, as a JSON array: a part of the statement that reads an order's inputs (named
// parameters :organisation and :delivery).
export const ORDER_ADDRESS_ROWS = `
  SELECT coalesce(json_agg(a ORDER BY a.id), '[]') FROM addresses a
   WHERE (a.organisation_id = :organisation AND a.id = :delivery AND a.kind = 'delivery')
      OR (a.kind = 'billing' AND a.organisation_id IN (SELECT id FROM organisations WHERE id = :organisation
                                                     UNION ALL SELECT parent_id FROM organisations WHERE id = :organisation))`;

export function billingAddressOf(db: Conn, organisationId: number): Promise<Address | undefined> {
  return db('addresses').where({ organisation_id: organisationId, kind: 'billing' }).first();
}

export async function insertAddress(db: Conn, row: AddressFields & { organisation_id: number; kind: string; is_default?: boolean; added_by_sub_customer?: boolean }) {
  const [{ id }] = await db('addresses').insert(row).returning('id');
  return id as number;
}

export async function updateAddress(db: Conn, id: number, fields: Partial<Address>, now: Date) {
  await db('addresses').where({ id }).update({ ...fields, updated_at: now });
}

export async function deliveryAddressCount(db: Conn, organisationId: number): Promise<number> {
  const row = await db('addresses').where({ organisation_id: organisationId, kind: 'delivery' }).count<{ n: number }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

export async function deleteAddress(db: Conn, id: number) {
  await db('addresses').where({ id }).delete();
}

// Only one default delivery address per organisation (a partial unique index backs this).
export async function clearDefault(db: Conn, organisationId: number) {
  await db('addresses').where({ organisation_id: organisationId, kind: 'delivery', is_default: true }).update({ is_default: false });
}

// Keeps one default delivery address whenever there are any: the oldest becomes it if none is.
export async function ensureDefault(db: Conn, organisationId: number) {
  const hasDefault = await db('addresses').where({ organisation_id: organisationId, kind: 'delivery', is_default: true }).first('id');
  if (hasDefault) return;
  const oldest = await db('addresses').where({ organisation_id: organisationId, kind: 'delivery', added_by_sub_customer: false }).orderBy('id').first('id');
  if (oldest) await db('addresses').where({ id: oldest.id }).update({ is_default: true });
}
