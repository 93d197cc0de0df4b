// Reads of orders for buyers, approvers' history and staff. Orders are written by the checkout
// (placing) and the approval service (decisions); nothing here writes.
import type { Conn } from '../db/knex.ts';

const LIST_COLUMNS = ['id', 'number', 'status', 'currency', 'total', 'placed_at', 'placed_by', 'placed_by_name', 'reference', 'customer_name', 'customer_number'];
const PAGE = 50;

// Staff see an order once it reached the shop (D3): never while it waits, nor what never got there.
export const STAFF_VISIBLE = ['processing', 'shipped', 'delivered', 'invoiced', 'cancelled'];

export function ordersOf(db: Conn, filter: { organisationId: number; placedBy: number | null; beforeNumber: number | null }) {
  const q = db('orders').where({ organisation_id: filter.organisationId }).orderBy('number', 'desc').limit(PAGE).select(LIST_COLUMNS);
  if (filter.placedBy !== null) q.where({ placed_by: filter.placedBy });
  if (filter.beforeNumber !== null) q.where('number', '<', filter.beforeNumber);
  return q;
}

export function orderByNumber(db: Conn, number: number) {
  return db('orders').where({ number }).first();
}

export function staffOrders(db: Conn, options: { query: string; beforeNumber: number | null }) {
  const q = db('orders').whereIn('status', STAFF_VISIBLE).orderBy('number', 'desc').limit(PAGE).select(LIST_COLUMNS);
  if (options.query) q.where((w) => w.whereRaw('number::text = ?', [options.query]).orWhere('customer_number', options.query).orWhereRaw(`search_text(coalesce(customer_name, '')) LIKE '%' || search_text(?) || '%'`, [options.query.replace(/[\\%_]/g, '\\$&')]));
  if (options.beforeNumber !== null) q.where('number', '<', options.beforeNumber);
  return q;
}

// C7: whether this customer's order mails go to its main customer instead of its buyers.
export async function mailsGoToMainCustomer(db: Conn, organisationId: number): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { yes: boolean }[] }>(
    'SELECT s.order_mail_to_parent_only AND o.parent_id IS NOT NULL AS yes FROM organisations o, shop_settings s WHERE o.id = ? AND s.id = 1', [organisationId]);
  return rows[0]?.yes === true;
}
