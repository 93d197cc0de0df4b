// Reads and writes behind CSV imports and exports.
import type { Conn, Trx } from '../db/knex.ts';
import type { ImportKind, PriceImportRow, ProductImportRow, RowError } from './csv.ts';

export type ImportRecord = {
  id: number;
  kind: ImportKind;
  file_name: string;
  content: string;
  row_count: number;
  processed: number;
  status: 'checked' | 'queued' | 'running' | 'done' | 'failed';
  errors: RowError[] | null;
  created_by: number | null;
  created_at: Date;
  finished_at: Date | null;
};

export async function insertImport(db: Conn, row: { kind: ImportKind; file_name: string; content: string; row_count: number; created_by: number | null }) {
  const [{ id }] = await db('catalogue_imports').insert(row).returning('id');
  return id as number;
}

export function importById(db: Conn, id: number): Promise<ImportRecord | undefined> {
  return db('catalogue_imports').where({ id }).first();
}

export function recentImports(db: Conn, limit = 20): Promise<Omit<ImportRecord, 'content'>[]> {
  return db('catalogue_imports').orderBy('id', 'desc').limit(limit)
    .select('id', 'kind', 'file_name', 'row_count', 'processed', 'status', 'created_at', 'finished_at');
}

// Moves an import from one status to the next; false when it was no longer in `from`.
export async function moveImport(db: Conn, id: number, from: ImportRecord['status'], to: Partial<ImportRecord>): Promise<boolean> {
  // pg would send an array as a PostgreSQL array; jsonb wants it as JSON text.
  const row = to.errors ? { ...to, errors: JSON.stringify(to.errors) } : to;
  return (await db('catalogue_imports').where({ id, status: from }).update(row)) > 0;
}

export function setProgress(db: Conn, id: number, processed: number) {
  return db('catalogue_imports').where({ id }).update({ processed });
}

export function knownCategorySlugs(db: Conn): Promise<{ id: number; slug: string }[]> {
  return db('categories').select('id', 'slug');
}

// In any case (through the index on upper(sku)): a number written in other letters is the same.
export function productIdsBySku(db: Conn, skus: readonly string[]): Promise<{ id: number; sku: string }[]> {
  return skus.length === 0 ? Promise.resolve([]) : db('products').whereRaw('upper(sku) = ANY(?::text[])', [[...new Set(skus.map((s) => s.toUpperCase()))]]).select('id', 'sku');
}

export async function upsertProducts(trx: Trx, rows: ProductImportRow[], categoryIds: Map<string, number>, now: Date) {
  await trx('products')
    .insert(rows.map((r) => ({
      sku: r.sku,
      group_key: r.group_key,
      category_id: r.category ? categoryIds.get(r.category) : null,
      name: JSON.stringify(r.name),
      description: JSON.stringify(r.description),
      attributes: JSON.stringify(r.attributes),
      vat_rate_bp: r.vat_rate_bp,
      active: r.active,
      updated_at: now,
    })))
    .onConflict('sku')
    .merge(['group_key', 'category_id', 'name', 'description', 'attributes', 'vat_rate_bp', 'active', 'updated_at']);
}

export async function upsertPrices(trx: Trx, rows: PriceImportRow[], listIds: Map<string, number>) {
  const products = new Map((await productIdsBySku(trx, [...new Set(rows.map((r) => r.sku))])).map((p) => [p.sku, p.id]));
  await trx('prices')
    .insert(rows.map((r) => ({ price_list_id: listIds.get(r.price_list.toLowerCase()), product_id: products.get(r.sku), min_qty: r.min_qty, unit_price: r.unit_price })))
    .onConflict(['price_list_id', 'product_id', 'min_qty'])
    .merge(['unit_price']);
}

export function productsForExport(db: Conn) {
  return db('products as p')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .orderBy('p.sku')
    .select('p.sku', 'p.group_key', 'c.slug as category', 'p.name', 'p.description', 'p.attributes', 'p.vat_rate_bp', 'p.active')
    .stream();
}

export function pricesForExport(db: Conn, priceListId: number | null) {
  const q = db('prices as pr')
    .join('price_lists as l', 'l.id', 'pr.price_list_id')
    .join('products as p', 'p.id', 'pr.product_id')
    .orderBy([{ column: 'l.id' }, { column: 'p.sku' }, { column: 'pr.min_qty' }])
    .select('l.name as price_list', 'p.sku', 'pr.min_qty', 'pr.unit_price');
  if (priceListId !== null) q.where('pr.price_list_id', priceListId);
  return q.stream();
}
