// Shopping lists, always reached through the reader's account: their own lists, and those a
// colleague shared. Changing a list is for its owner.
import type { Conn } from '../db/knex.ts';

export type ShoppingList = { id: number; organisation_id: number; owner_id: number; name: string; shared: boolean; owner_name: string; item_count: number };
export type Reader = { userId: number; organisationId: number };

const visible = (db: Conn, reader: Reader) =>
  db('shopping_lists as l')
    .join('users as u', 'u.id', 'l.owner_id')
    .where('l.organisation_id', reader.organisationId)
    .where((w) => w.where('l.owner_id', reader.userId).orWhere('l.shared', true))
    .select('l.*', 'u.name as owner_name', db.raw('(SELECT count(*)::int FROM shopping_list_items i WHERE i.list_id = l.id) AS item_count'));

export function listsFor(db: Conn, reader: Reader): Promise<ShoppingList[]> {
  return visible(db, reader).orderBy('l.name');
}

export function listFor(db: Conn, reader: Reader, id: number): Promise<ShoppingList | undefined> {
  return visible(db, reader).where('l.id', id).first();
}

export async function insertList(db: Conn, row: { organisation_id: number; owner_id: number; name: string }) {
  const [{ id }] = await db('shopping_lists').insert(row).returning('id');
  return id as number;
}

export async function updateList(db: Conn, id: number, fields: { shared?: boolean }) {
  await db('shopping_lists').where({ id }).update({ ...fields, updated_at: db.fn.now() });
}

export async function deleteList(db: Conn, id: number) {
  await db('shopping_lists').where({ id }).delete();
}

export function listItems(db: Conn, listId: number) {
  return db('shopping_list_items as i')
    .join('products as p', 'p.id', 'i.product_id')
    .where('i.list_id', listId)
    .orderBy('p.sku')
    .select('i.product_id', 'i.qty', 'p.sku', 'p.name', 'p.active');
}

export async function putItem(db: Conn, listId: number, productId: number, qty: number) {
  await db('shopping_list_items').insert({ list_id: listId, product_id: productId, qty }).onConflict(['list_id', 'product_id']).merge({ qty });
}

export async function removeItem(db: Conn, listId: number, productId: number) {
  await db('shopping_list_items').where({ list_id: listId, product_id: productId }).delete();
}
