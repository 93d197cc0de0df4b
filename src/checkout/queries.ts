// Reads and writes of the order path. The only module that inserts into orders and order_lines.
import type { Db, Trx } from '../db/knex.ts';

type Conn = Db | Trx;

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

export type OrderingOrganisation = {
  id: number;
  name: string;
  customer_number: string;
  phone: string | null;
  parent_id: number | null;
  email: string | null;
  extra_order_copy_email: string | null;
};

// Share-locked: a customer being deleted or relinked waits for its orders in flight (and the
// other way round), while its buyers place orders side by side.
export function lockOrganisation(trx: Trx, id: number): Promise<OrderingOrganisation | undefined> {
  return trx('organisations').where({ id }).forShare().first('id', 'name', 'customer_number', 'phone', 'parent_id', 'email', 'extra_order_copy_email');
}

export function organisation(db: Conn, id: number): Promise<OrderingOrganisation | undefined> {
  return db('organisations').where({ id }).first('id', 'name', 'customer_number', 'phone', 'parent_id', 'email', 'extra_order_copy_email');
}

// The buyer's cart; locked when placing, as the row two submits of one cart queue on.
export async function cartOf(db: Conn, userId: number, organisationId: number, lock = false): Promise<number | null> {
  const row = await db('carts').where({ user_id: userId, organisation_id: organisationId }).modify((q) => lock && q.forUpdate()).first('id');
  return row?.id ?? null;
}

type OrderedProduct = { id: number; sku: string; name: Record<string, string>; attributes: Record<string, unknown>; category_id: number | null; vat_rate_bp: number; active: boolean };

// The cart's lines with their products as they are now, in one read.
export async function cartItems(db: Conn, cartId: number): Promise<{ product_id: number; qty: number; product: OrderedProduct }[]> {
  const rows = await db('cart_items as i').join('products as p', 'p.id', 'i.product_id').where('i.cart_id', cartId).orderBy('i.id')
    .select('i.product_id', 'i.qty', 'p.sku', 'p.name', 'p.attributes', 'p.category_id', 'p.vat_rate_bp', 'p.active');
  return rows.map((r) => ({ product_id: r.product_id, qty: r.qty, product: { id: r.product_id, sku: r.sku, name: r.name, attributes: r.attributes, category_id: r.category_id, vat_rate_bp: r.vat_rate_bp, active: r.active } }));
}

export function clearCartItems(trx: Trx, cartId: number, productIds: number[]) {
  return trx('cart_items').where({ cart_id: cartId }).whereIn('product_id', productIds).delete();
}

// The logins of these customers that can act: not disabled and able to sign in.
export function people(db: Conn, organisationIds: number[]): Promise<{ id: number; name: string; email: string; locale: string | null; permissions: string[]; organisation_id: number }[]> {
  return db('users').whereIn('organisation_id', organisationIds).whereNull('disabled_at').whereNotNull('password_hash').orderBy('name').select('id', 'name', 'email', 'locale', 'permissions', 'organisation_id');
}

export function rules(db: Conn, organisationId: number) {
  return db('approval_rules').where({ organisation_id: organisationId }).orderBy('id').select('id', 'kind', 'amount', 'category_id', 'approver_id');
}

export function standInsOn(db: Conn, approverIds: number[], day: string): Promise<{ approver_id: number; stand_in_id: number }[]> {
  if (approverIds.length === 0) return Promise.resolve([]);
  return db('approval_stand_ins').whereIn('approver_id', approverIds).where('starts_on', '<=', day).where('ends_on', '>=', day).orderBy('id', 'desc').select('approver_id', 'stand_in_id');
}

// Keys are unique across the shop; a key of somebody else's order is refused by the caller.
export function orderByKey(db: Conn, key: string): Promise<{ id: number; number: number; status: string; placed_by: number | null; organisation_id: number | null } | undefined> {
  return db('orders').where({ idempotency_key: key }).first('id', 'number', 'status', 'placed_by', 'organisation_id');
}

export async function insertOrder(trx: Trx, row: Record<string, unknown>): Promise<{ id: number; number: number }> {
  const [inserted] = await trx('orders').insert(row).returning(['id', 'number']);
  return inserted;
}

export async function insertLines(trx: Trx, rows: Record<string, unknown>[]): Promise<{ id: number; line_no: number }[]> {
  return trx('order_lines').insert(rows).returning(['id', 'line_no']);
}

export async function insertApprovalRequest(trx: Trx, row: Record<string, unknown>): Promise<number> {
  const [{ id }] = await trx('approval_requests').insert(row).returning('id');
  return id;
}

export function shopSettings(db: Conn): Promise<{ order_mail_to_parent_only: boolean }> {
  return db('shop_settings').where({ id: 1 }).first('order_mail_to_parent_only');
}
