// A login's cart for one customer account, and its lines.
import { type Conn, fastRaw } from '../db/knex.ts';

export type CartLine = { product_id: number; qty: number; employee_id: number | null; sku: string; name: Record<string, string>; vat_rate_bp: number; active: boolean };

export async function cartId(db: Conn, userId: number, organisationId: number): Promise<number> {
  const [{ id }] = await db('carts')
    .insert({ user_id: userId, organisation_id: organisationId })
    .onConflict(['user_id', 'organisation_id'])
    .merge({ updated_at: db.fn.now() })
    .returning('id');
  return id;
}

export function cartLines(db: Conn, userId: number, organisationId: number): Promise<CartLine[]> {
  return db('cart_items as i')
    .join('carts as c', 'c.id', 'i.cart_id')
    .join('products as p', 'p.id', 'i.product_id')
    .where({ 'c.user_id': userId, 'c.organisation_id': organisationId })
    .orderBy('i.id')
    .select('i.product_id', 'i.qty', 'i.employee_id', 'p.sku', 'p.name', 'p.vat_rate_bp', 'p.active');
}

// The login's cart (made if need be) and a line added to it, in one statement: the line's
// quantity now.
export async function addToCartOf(db: Conn, owner: { userId: number; organisationId: number }, productId: number, qty: number, maxQty: number): Promise<number> {
  const { rows } = await fastRaw<{ qty: number }>(db,
    `WITH cart AS (
       INSERT INTO carts (user_id, organisation_id) VALUES (?, ?)
       ON CONFLICT (user_id, organisation_id) DO UPDATE SET updated_at = now()
       RETURNING id)
     INSERT INTO cart_items (cart_id, product_id, qty) SELECT id, ?, ? FROM cart
     ON CONFLICT (cart_id, product_id) DO UPDATE SET qty = least(cart_items.qty + excluded.qty, ?)
     RETURNING qty`,
    [owner.userId, owner.organisationId, productId, qty, maxQty],
  );
  return rows[0].qty;
}

// Adding what is already in the cart adds to its quantity, up to the limit.
export async function addLine(db: Conn, cart: number, productId: number, qty: number, maxQty: number) {
  await db.raw(
    `INSERT INTO cart_items (cart_id, product_id, qty) VALUES (?, ?, ?)
     ON CONFLICT (cart_id, product_id) DO UPDATE SET qty = least(cart_items.qty + excluded.qty, ?)`,
    [cart, productId, qty, maxQty],
  );
}

export async function setLineQty(db: Conn, cart: number, productId: number, qty: number): Promise<boolean> {
  return (await db('cart_items').where({ cart_id: cart, product_id: productId }).update({ qty })) > 0;
}

export async function removeLine(db: Conn, cart: number, productId: number) {
  await db('cart_items').where({ cart_id: cart, product_id: productId }).delete();
}

export async function removeInactiveLines(db: Conn, cart: number): Promise<number> {
  return db('cart_items')
    .where({ cart_id: cart })
    .whereIn('product_id', db('products').select('id').where({ active: false }))
    .delete();
}

// Whom lines are for (product id → employee id, null for nobody), in one statement.
export async function markLines(db: Conn, cartId: number, marks: Map<number, number | null>): Promise<void> {
  await db.raw(
    `UPDATE cart_items c SET employee_id = m.employee_id
       FROM jsonb_to_recordset(?::jsonb) AS m(product_id int, employee_id int)
      WHERE c.cart_id = ? AND c.product_id = m.product_id`,
    [JSON.stringify([...marks].map(([product_id, employee_id]) => ({ product_id, employee_id }))), cartId],
  );
}
