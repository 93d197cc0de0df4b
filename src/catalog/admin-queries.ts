// Reads and writes behind staff's product, category and price pages.
import type { Conn } from '../db/knex.ts';

export type StaffProductRow = { id: number; sku: string; name: Record<string, string>; category_id: number | null; active: boolean; group_key: string | null };

// Staff see inactive products too. Keyset by article number.
export function staffProducts(db: Conn, options: { terms: string[]; afterSku: string | null; limit: number }): Promise<StaffProductRow[]> {
  const q = db('products').orderBy('sku').limit(options.limit).select('id', 'sku', 'name', 'category_id', 'active', 'group_key');
  if (options.terms.length > 0) q.whereRaw(`search_vector @@ to_tsquery('simple', search_text(?))`, [options.terms.map((t) => `${t}:*`).join(' & ')]);
  if (options.afterSku !== null) q.where('sku', '>', options.afterSku);
  return q;
}

export function productById(db: Conn, id: number) {
  return db('products').where({ id }).first('id', 'sku', 'group_key', 'name', 'description', 'attributes', 'category_id', 'vat_rate_bp', 'active');
}

export function groupMembers(db: Conn, groupKey: string) {
  return db('products').where({ group_key: groupKey }).orderBy('sku').select('id', 'sku', 'attributes', 'active');
}

export async function insertProduct(db: Conn, row: Record<string, unknown>) {
  const [{ id }] = await db('products').insert(row).returning('id');
  return id as number;
}

export function updateProduct(db: Conn, id: number, row: Record<string, unknown>) {
  return db('products').where({ id }).update(row);
}

export function pricesOfProduct(db: Conn, productId: number) {
  return db('prices as p')
    .join('price_lists as l', 'l.id', 'p.price_list_id')
    .where('p.product_id', productId)
    .orderBy([{ column: 'l.id' }, { column: 'p.min_qty' }])
    .select('p.price_list_id', 'l.name as price_list', 'l.currency', 'p.min_qty', 'p.unit_price');
}

export function upsertPrice(db: Conn, row: { price_list_id: number; product_id: number; min_qty: number; unit_price: number }) {
  return db('prices').insert(row).onConflict(['price_list_id', 'product_id', 'min_qty']).merge(['unit_price']);
}

export function deletePrice(db: Conn, key: { price_list_id: number; product_id: number; min_qty: number }) {
  return db('prices').where(key).delete();
}

export function categoryById(db: Conn, id: number) {
  return db('categories').where({ id }).first('id', 'parent_id', 'slug', 'name', 'position');
}

export async function insertCategory(db: Conn, row: Record<string, unknown>) {
  const [{ id }] = await db('categories').insert(row).returning('id');
  return id as number;
}

export function updateCategory(db: Conn, id: number, row: Record<string, unknown>) {
  return db('categories').where({ id }).update(row);
}

export function imagesOf(db: Conn, productIds: readonly number[]): Promise<{ id: number; product_id: number; alt: string | null }[]> {
  if (productIds.length === 0) return Promise.resolve([]);
  return db('product_images').whereIn('product_id', productIds).orderBy([{ column: 'position' }, { column: 'id' }]).select('id', 'product_id', 'alt');
}

export async function insertImage(db: Conn, row: { product_id: number; content_type: string; data: Buffer; alt: string | null; position: number }) {
  const [{ id }] = await db('product_images').insert(row).returning('id');
  return id as number;
}

export function deleteImage(db: Conn, productId: number, id: number) {
  return db('product_images').where({ product_id: productId, id }).delete();
}

export function imageData(db: Conn, id: number): Promise<{ content_type: string; data: Buffer; active: boolean } | undefined> {
  return db('product_images as i').join('products as p', 'p.id', 'i.product_id').where('i.id', id).first('i.content_type', 'i.data', 'p.active');
}

// The product whose article number is this one in any case (through the unique index on upper(sku)).
export function productWithSkuAnyCase(db: Conn, sku: string): Promise<{ id: number; sku: string } | undefined> {
  return db('products').whereRaw('upper(sku) = upper(?)', [sku]).first('id', 'sku');
}
