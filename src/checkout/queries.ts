// Reads and writes of the order path. The only module that inserts into orders and order_lines.
import { activeApprover, ORDER_ADDRESS_ROWS, type Address } from '../accounts/index.ts';
import { budgetsOfBuyerJson, type Budget } from '../budgets/index.ts';
import { type Conn, fastRaw, type Trx } from '../db/knex.ts';

export type Buyer = {
  id: number;
  name: string;
  email: string;
  locale: string | null;
  permissions: string[];
  disabled_at: Date | null;
  organisation_id: number;
  approval_mode: 'none' | 'always' | 'outside_assortment';
  approver_id: number | null;
  order_limit: number | null;
};

export function buyer(db: Conn, userId: number): Promise<Buyer | undefined> {
  return db('users').where({ id: userId }).first('id', 'name', 'email', 'locale', 'permissions', 'disabled_at', 'organisation_id', 'approval_mode', 'approver_id', 'order_limit');
}

// A named approver who can still act (not disabled, still approving), with the country of
// their own customer.
export function approverWithCountry(db: Conn, userId: number) {
  return db('users as u').leftJoin('organisations as o', 'o.id', 'u.organisation_id').where('u.id', userId).whereRaw(activeApprover('u'))
    .select<{ id: number; name: string; email: string; locale: string | null; permissions: string[]; organisation_id: number | null; country: string | null }[]>('u.id', 'u.name', 'u.email', 'u.locale', 'u.permissions', 'u.organisation_id', 'o.country');
}

export type OrderingOrganisation = {
  id: number;
  name: string;
  customer_number: string;
  phone: string | null;
  parent_id: number | null;
  email: string | null;
  extra_order_copy_email: string | null;
  country: string;
};

const ORGANISATION_COLUMNS = 'id, name, customer_number, phone, parent_id, email, extra_order_copy_email, country';

export function organisation(db: Conn, id: number): Promise<OrderingOrganisation | undefined> {
  return db('organisations').where({ id }).first(db.raw(ORGANISATION_COLUMNS));
}

// What placing locks first, in this order and in one round trip: the customer, share-locked
// (one being deleted or relinked waits for its orders in flight, and the other way round, while
// its buyers place orders side by side); the buyer's cart, exclusively: every submit of this
// cart queues there, so the second of a double click finds the first one's order (an order
// given its own lines locks no cart); the buyer's budgets, returned as locked (one added
// meanwhile is among them or waits): two orders at once never both see the same remaining
// amount. The rest of what decides is read after this, in the next statement. PostgreSQL
// evaluates the three in the order written.
export async function lockForPlacing(trx: Trx, keys: { organisationId: number; buyerId: number; cart: boolean }): Promise<{ organisation: OrderingOrganisation; budgets: Budget[] } | undefined> {
  const { rows } = await fastRaw<{ organisation: OrderingOrganisation | null; budgets: Budget[] }>(trx,
    `SELECT (SELECT row_to_json(o) FROM (SELECT ${ORGANISATION_COLUMNS} FROM organisations WHERE id = :organisation FOR SHARE) o) AS organisation,
            (SELECT id FROM carts WHERE user_id = :buyer AND organisation_id = :organisation AND :cart::boolean FOR UPDATE) AS cart_id,
            (${budgetsOfBuyerJson(true)}) AS budgets`,
    { organisation: keys.organisationId, buyer: keys.buyerId, cart: keys.cart },
  );
  return rows[0].organisation ? { organisation: rows[0].organisation, budgets: rows[0].budgets } : undefined;
}

export type OrderedProduct = { id: number; sku: string; name: Record<string, string>; attributes: Record<string, unknown>; category_id: number | null; vat_rate_bp: number; active: boolean };
export type CartItem = { product_id: number; qty: number; employee_id: number | null; product: OrderedProduct };
// A rule of the customer or of its main customer (organisation_id: whose).
export type Rule = { id: number; kind: 'total_at_least' | 'category'; amount: number | null; category_id: number | null; approver_id: number | null; organisation_id: number };
export type Earlier = { id: number; number: number; status: string; placed_by: number | null; organisation_id: number | null };

// Everything an order is made from, read in one round trip (it runs on every review and every
// order): an order already placed with this key, the customer, the buyer, the cart's lines with
// their products as they are now, the approval rules of the customer and of its main customer,
// the order's addresses, the buyer's budgets, the catalogue's version and the shop's setting for
// order e-mails.
// When placing, run it after the cart is locked, so it sees what the lock waited for; the
// customer and the budgets then come from the lock (:locked), and an order given its own lines
// reads no cart (:cart false).
const ORDER_INPUTS = `
  SELECT
    (SELECT row_to_json(o) FROM (SELECT id, number, status, placed_by, organisation_id FROM orders WHERE idempotency_key = :key) o) AS earlier,
    (SELECT row_to_json(o) FROM (SELECT ${ORGANISATION_COLUMNS} FROM organisations WHERE id = :organisation AND NOT :locked::boolean) o) AS organisation,
    (SELECT row_to_json(u) FROM (SELECT id, name, email, locale, permissions, disabled_at, organisation_id, approval_mode, approver_id, order_limit
                                   FROM users WHERE id = :buyer) u) AS buyer,
    (SELECT id FROM carts WHERE user_id = :buyer AND organisation_id = :organisation AND :cart::boolean) AS cart_id,
    (SELECT coalesce(json_agg(i ORDER BY i.item_id), '[]') FROM (
       SELECT ci.id AS item_id, ci.product_id, ci.qty, ci.employee_id, p.sku, p.name, p.attributes, p.category_id, p.vat_rate_bp, p.active
         FROM carts c JOIN cart_items ci ON ci.cart_id = c.id JOIN products p ON p.id = ci.product_id
        WHERE c.user_id = :buyer AND c.organisation_id = :organisation AND :cart::boolean) i) AS items,
    (SELECT coalesce(json_agg(r ORDER BY r.id), '[]') FROM (
       SELECT id, kind, amount, category_id, approver_id, organisation_id FROM approval_rules
        WHERE organisation_id IN (:organisation, (SELECT parent_id FROM organisations WHERE id = :organisation))) r) AS rules,
    (${ORDER_ADDRESS_ROWS}) AS addresses,
    CASE WHEN :locked::boolean THEN NULL ELSE (${budgetsOfBuyerJson(false)}) END AS budgets,
    (SELECT version FROM catalogue_version) AS catalogue_version,
    (SELECT order_mail_to_parent_only FROM shop_settings WHERE id = 1) AS mail_to_parent_only`;

type InputRow = {
  earlier: Earlier | null;
  organisation: OrderingOrganisation | null;
  buyer: Buyer | null;
  cart_id: number | null;
  items: (Omit<OrderedProduct, 'id'> & { item_id: number; product_id: number; qty: number; employee_id: number | null })[];
  rules: Rule[];
  addresses: Address[];
  budgets: Budget[] | null;
  catalogue_version: number;
  mail_to_parent_only: boolean | null;
};

// `locked`: what lockForPlacing returned, which this does not read again.
export async function orderInputs(db: Conn, keys: { key: string | null; buyerId: number; organisationId: number; deliveryAddressId: number }, locked?: { organisation: OrderingOrganisation; budgets: Budget[]; cart: boolean }) {
  const { rows } = await fastRaw<InputRow>(db, ORDER_INPUTS, {
    key: keys.key, buyer: keys.buyerId, organisation: keys.organisationId, delivery: keys.deliveryAddressId, locked: Boolean(locked), cart: locked?.cart ?? true,
  });
  const row = rows[0];
  const items: CartItem[] = row.items.map((i) => ({
    product_id: i.product_id,
    qty: i.qty,
    employee_id: i.employee_id,
    product: { id: i.product_id, sku: i.sku, name: i.name, attributes: i.attributes, category_id: i.category_id, vat_rate_bp: i.vat_rate_bp, active: i.active },
  }));
  return {
    earlier: row.earlier ?? undefined, organisation: locked?.organisation ?? row.organisation ?? undefined, buyer: row.buyer ?? undefined, cartId: row.cart_id, items, rules: row.rules, addresses: row.addresses,
    budgets: locked?.budgets ?? row.budgets ?? [],
    catalogueVersion: Number(row.catalogue_version), settings: { order_mail_to_parent_only: row.mail_to_parent_only === true },
  };
}

// Lines given without a cart, with their products as they are now; unknown products are left out.
export async function itemsOf(db: Conn, lines: { productId: number; qty: number; employeeId?: number | null }[]): Promise<CartItem[]> {
  const products: OrderedProduct[] = await db('products').whereIn('id', lines.map((l) => l.productId)).select('id', 'sku', 'name', 'attributes', 'category_id', 'vat_rate_bp', 'active');
  return lines.flatMap((l) => {
    const product = products.find((p) => p.id === l.productId);
    return product ? [{ product_id: product.id, qty: l.qty, employee_id: l.employeeId ?? null, product }] : [];
  });
}

// The logins of these customers that can act: not disabled and able to sign in.
export function people(db: Conn, organisationIds: number[]): Promise<{ id: number; name: string; email: string; locale: string | null; permissions: string[]; organisation_id: number }[]> {
  return db('users').whereIn('organisation_id', organisationIds).whereNull('disabled_at').whereNotNull('password_hash').orderBy('name').select('id', 'name', 'email', 'locale', 'permissions', 'organisation_id');
}

export function standInsOn(db: Conn, approverIds: number[], day: string): Promise<{ approver_id: number; stand_in_id: number }[]> {
  if (approverIds.length === 0) return Promise.resolve([]);
  return db('approval_stand_ins').whereIn('approver_id', approverIds).where('starts_on', '<=', day).where('ends_on', '>=', day).orderBy('id', 'desc').select('approver_id', 'stand_in_id');
}

// The order, its lines, its audit event (subject: the order's number), its budget entry if any
// and the cart emptied of what was ordered, in one statement.
export async function insertOrder(
  trx: Trx, order: Record<string, unknown>, lines: Record<string, unknown>[], cart: { id: number; productIds: number[] } | null,
  audit: Record<string, unknown>, budgetEntry: { budget_id: number; period_start: string; kind: string; amount: number } | null,
) {
  const insert = trx('orders').insert(order).returning(['id', 'number', 'placed_at']).toSQL();
  const { rows } = await fastRaw<{ id: number; number: number; lines: { id: number; line_no: number }[] }>(trx,
    `WITH o AS (${insert.sql}),
     l AS (INSERT INTO order_lines (order_id, placed_at, line_no, product_id, sku, name, attributes, category_id, qty, unit_price, vat_rate_bp, line_total, line_vat, in_assortment, status, employee_id)
           SELECT o.id, o.placed_at, x.line_no, x.product_id, x.sku, x.name, x.attributes, x.category_id, x.qty, x.unit_price, x.vat_rate_bp, x.line_total, x.line_vat, x.in_assortment, x.status, x.employee_id
             FROM o, jsonb_to_recordset(?::jsonb) AS x(line_no int, product_id int, sku text, name jsonb, attributes jsonb, category_id int, qty int, unit_price bigint,
                                                     vat_rate_bp int, line_total bigint, line_vat bigint, in_assortment boolean, status text, employee_id int)
           RETURNING id, line_no),
     emptied AS (DELETE FROM cart_items WHERE cart_id = ? AND product_id = ANY(?::int[])),
     audited AS (INSERT INTO audit_events (actor_id, acting_as_organisation_id, organisation_id, action, subject_type, subject_id, before, after, created_at)
                 SELECT a.actor_id, a.acting_as_organisation_id, a.organisation_id, a.action, a.subject_type, o.number::text, a.before, a.after, a.created_at
                   FROM o, jsonb_populate_record(null::audit_events, ?::jsonb) AS a),
     charged AS (INSERT INTO budget_entries (budget_id, order_id, period_start, kind, amount)
                 SELECT b.budget_id, o.id, b.period_start, b.kind, b.amount FROM o, jsonb_populate_record(null::budget_entries, ?::jsonb) AS b WHERE b.budget_id IS NOT NULL)
     SELECT o.id, o.number, (SELECT json_agg(json_build_object('id', l.id, 'line_no', l.line_no)) FROM l) AS lines FROM o`,
    [...insert.bindings, JSON.stringify(lines), cart?.id ?? null, cart?.productIds ?? [], JSON.stringify(audit), JSON.stringify(budgetEntry ?? {})],
  );
  const row = rows[0];
  return { id: row.id, number: Number(row.number), lines: row.lines };
}

export async function insertApprovalRequest(trx: Trx, row: Record<string, unknown>): Promise<number> {
  const [{ id }] = await trx('approval_requests').insert(row).returning('id');
  return id;
}

export function shopSettings(db: Conn): Promise<{ order_mail_to_parent_only: boolean }> {
  return db('shop_settings').where({ id: 1 }).first('order_mail_to_parent_only');
}

// The decisions an order had, in the order they were made (for the buyer's mail).
export function decisionsOf(db: Conn, orderId: number): Promise<{ name: string | null; status: string; comment: string | null }[]> {
  return db('approval_requests as r').leftJoin('users as d', 'd.id', 'r.decided_by').where('r.order_id', orderId)
    .whereIn('r.status', ['approved', 'rejected', 'partly_approved']).orderBy(['r.decided_at', 'r.id']).select('d.name', 'r.status', 'r.comment');
}
