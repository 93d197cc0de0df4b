// Customer accounts (organisations) as shop staff see them: search, the customer card, the
// main ⇄ sub-customer link, and what deleting one does to its orders.
import type { Conn } from '../db/knex.ts';

export type Customer = {
  id: number;
  customer_number: string;
  name: string;
  kind: 'company' | 'person';
  parent_id: number | null;
  country: string;
  organisation_number: string | null;
  phone: string | null;
  email: string | null;
  invoice_customer: boolean;
  allow_child_delivery_address: boolean;
  extra_order_copy_email: string | null;
  price_list_id: number | null;
  restricted_catalogue: boolean;
};

export type CustomerListRow = Customer & { parent_name: string | null; child_count: number };

export const CUSTOMER_FIELDS = [
  'name', 'kind', 'country', 'organisation_number', 'phone', 'email', 'invoice_customer',
  'allow_child_delivery_address', 'extra_order_copy_email', 'restricted_catalogue',
] as const;

const PAGE_SIZE = 50;

// Name or customer number, any part of it, accents ignored (a trigram index serves it);
// keyset by name, id.
export function searchCustomers(db: Conn, query: string, after?: { name: string; id: number }): Promise<CustomerListRow[]> {
  const q = db('organisations as o')
    .leftJoin('organisations as p', 'p.id', 'o.parent_id')
    .select('o.*', 'p.name as parent_name', db.raw('(SELECT count(*)::int FROM organisations c WHERE c.parent_id = o.id) AS child_count'))
    .orderBy([{ column: 'o.name' }, { column: 'o.id' }])
    .limit(PAGE_SIZE);
  if (query) q.whereRaw(`search_text(o.name || ' ' || o.customer_number) LIKE '%' || search_text(?) || '%'`, [query.replace(/[\\%_]/g, '\\$&')]);
  if (after) q.whereRaw('(o.name, o.id) > (?, ?)', [after.name, after.id]);
  return q;
}

export function customerById(db: Conn, id: number, lock: boolean | 'share' = false): Promise<Customer | undefined> {
  const q = db('organisations').where({ id }).first();
  return lock === 'share' ? q.forShare() : lock ? q.forUpdate() : q;
}

// `lock`: locked, as a main customer's deletion does, so no order placed for one meanwhile is
// left behind (placing holds its customer FOR SHARE).
export function subCustomersOf(db: Conn, parentId: number, lock = false): Promise<Customer[]> {
  return db('organisations').where({ parent_id: parentId }).orderBy('name').modify((q) => lock && q.forUpdate());
}

// The next number from the sequence that no customer has yet, nor orders of a customer
// deleted since (staff may also type numbers in, and demo data comes with its own).
export async function nextCustomerNumber(db: Conn): Promise<string> {
  const { rows } = await db.raw(`
    WITH RECURSIVE candidate(n) AS (
      SELECT nextval('customer_numbers')
      UNION ALL
      SELECT nextval('customer_numbers') FROM candidate
       WHERE EXISTS (SELECT 1 FROM organisations WHERE customer_number = candidate.n::text)
          OR EXISTS (SELECT 1 FROM orders WHERE customer_number = candidate.n::text)
    )
    SELECT n::text AS n FROM candidate ORDER BY n DESC LIMIT 1`);
  return rows[0].n;
}

// Whether another customer has the number, or orders of another customer carry it (one
// deleted since, A9): those orders would then seem to be the new one's.
export async function customerNumberTaken(db: Conn, customerNumber: string, exceptId?: number): Promise<boolean> {
  const customer = db('organisations').where({ customer_number: customerNumber }).modify((q) => exceptId && q.whereNot('id', exceptId));
  const orders = db('orders').where({ customer_number: customerNumber }).modify((q) => exceptId && q.whereRaw('organisation_id IS DISTINCT FROM ?', [exceptId]));
  return Boolean((await customer.first('id')) ?? (await orders.first('id')));
}

export async function insertCustomer(db: Conn, row: Partial<Customer> & { customer_number: string; name: string; country: string }) {
  const [{ id }] = await db('organisations').insert(row).returning('id');
  return id as number;
}

export async function updateCustomer(db: Conn, id: number, fields: Partial<Customer>, now: Date) {
  await db('organisations').where({ id }).update({ ...fields, updated_at: now });
}

export async function removeSubCustomerAddresses(db: Conn, parentId: number) {
  await db('addresses').whereIn('organisation_id', db('organisations').select('id').where({ parent_id: parentId })).where({ added_by_sub_customer: true }).delete();
}

export async function moveOrders(db: Conn, fromOrganisationId: number, toOrganisationId: number) {
  await db('orders').where({ organisation_id: fromOrganisationId }).update({ organisation_id: toOrganisationId });
}

// A9: the deleted customer's name, address and phone leave its own orders; orders it placed
// while acting as a sub-customer are the sub-customer's and keep their details.
export async function blankCustomerOnOrders(db: Conn, organisationId: number) {
  await db('orders')
    .where({ organisation_id: organisationId })
    .update({ customer_name: null, customer_phone: null, billing_address: null, delivery_address: null });
}

export async function deleteCustomerRow(db: Conn, id: number) {
  await db('organisations').where({ id }).delete();
}

export function shopSettings(db: Conn) {
  return db('shop_settings').where({ id: 1 }).first();
}

export async function updateShopSettings(db: Conn, fields: Record<string, unknown>, now: Date) {
  await db('shop_settings').where({ id: 1 }).update({ ...fields, updated_at: now });
}

export async function deleteSessionsOfSubCustomerUsers(db: Conn) {
  await db('sessions')
    .whereRaw(`(sess #>> '{passport,user}')::int IN (SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE o.parent_id IS NOT NULL)`)
    .delete();
}

export async function customerCounts(db: Conn): Promise<{ main: number; sub: number }> {
  const row = await db('organisations')
    .select(db.raw('count(*) FILTER (WHERE parent_id IS NULL)::int AS main'), db.raw('count(*) FILTER (WHERE parent_id IS NOT NULL)::int AS sub'))
    .first();
  return { main: row?.main ?? 0, sub: row?.sub ?? 0 };
}

export async function priceListExists(db: Conn, id: number): Promise<boolean> {
  return Boolean(await db('price_lists').where({ id }).first('id'));
}
