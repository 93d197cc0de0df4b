// Catalogue reads. Prices for a page of products come in one query over the customer's
// fallback path; the choice between them is made by rules.ts.
import type { Db, Trx } from '../db/knex.ts';
import type { PriceListNode, PriceRow } from './rules.ts';

type Conn = Db | Trx;

export function priceLists(db: Conn): Promise<(PriceListNode & { name: string })[]> {
  return db('price_lists').orderBy('id').select('id', 'name', 'parent_id', 'country', 'currency');
}

export function pricedCustomer(db: Conn, organisationId: number) {
  return db('organisations as o')
    .leftJoin('organisations as p', 'p.id', 'o.parent_id')
    .where('o.id', organisationId)
    .first('o.price_list_id', 'o.country', 'p.id as parent_id', 'p.price_list_id as parent_price_list_id', 'p.country as parent_country');
}

export function priceRows(db: Conn, path: readonly number[], productIds: readonly number[]): Promise<(PriceRow & { product_id: number })[]> {
  if (path.length === 0 || productIds.length === 0) return Promise.resolve([]);
  return db('prices')
    .whereIn('price_list_id', path)
    .whereIn('product_id', productIds)
    .orderBy([{ column: 'product_id' }, { column: 'min_qty' }])
    .select('product_id', 'price_list_id', 'min_qty', 'unit_price');
}

export async function insertPriceList(db: Conn, row: { name: string; parent_id: number | null; country: string | null; currency: string }) {
  const [{ id }] = await db('price_lists').insert(row).returning('id');
  return id as number;
}
