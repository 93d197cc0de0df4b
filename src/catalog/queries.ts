// Catalogue reads. Prices for a page of products come in one query over the customer's
// fallback path; the choice between them is made by rules.ts.
import type { Conn } from '../db/knex.ts';
import { LOCALES } from '../web/i18n.ts';
import type { PriceListNode, PriceRow } from './rules.ts';

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

export type ProductRow = {
  id: number;
  sku: string;
  group_key: string | null;
  name: Record<string, string>;
  description: Record<string, string>;
  // Plain text ("M") or text per language ({ "en": "Black", "sv": "Svart" }).
  attributes: Record<string, string | Record<string, string>>;
  category_id: number | null;
  vat_rate_bp: number;
};

export type CategoryRow = { id: number; parent_id: number | null; slug: string; name: Record<string, string>; position: number };

export function categories(db: Conn): Promise<CategoryRow[]> {
  return db('categories').orderBy([{ column: 'position' }, { column: 'id' }]).select('id', 'parent_id', 'slug', 'name', 'position');
}

const PRODUCT_COLUMNS = ['id', 'sku', 'group_key', 'name', 'description', 'attributes', 'category_id', 'vat_rate_bp'];

// A page of active products, by name in the reader's language, then id: keyset pagination,
// so page 500 costs what page 1 does.
// The sort key, spelled exactly as in the catalogue-order indexes (the language is written
// into the SQL, from the fixed list, so the planner can match the index).
function sortKey(locale: string): string {
  if (!LOCALES.includes(locale as never)) throw new Error(`unknown locale ${locale}`);
  return `coalesce(name->>'${locale}', name->>'en')`;
}

export type Sort = 'name' | 'sku';

export function productPage(
  db: Conn,
  options: { locale: string; sort?: Sort; terms?: string[]; categoryIds: number[] | null; assortment?: AssortmentFilter; after: { name: string; id: number } | null; limit: number },
): Promise<(ProductRow & { sort_name: string })[]> {
  // By article number the key is unique already; the id keeps one shape for both orders.
  const key = options.sort === 'sku' ? 'sku' : sortKey(options.locale);
  const q = db('products')
    .where({ active: true })
    .select(...PRODUCT_COLUMNS, db.raw(`${key} AS sort_name`))
    .orderByRaw(`${key}, id`)
    .limit(options.limit);
  if (options.categoryIds) q.whereIn('category_id', options.categoryIds);
  if (options.terms?.length) q.whereRaw(`search_vector @@ to_tsquery('simple', search_text(?))`, [prefixQuery(options.terms)]);
  withinAssortment(q, options.assortment ?? null);
  if (options.after) q.whereRaw(`(${key}, id) > (?, ?)`, [options.after.name, options.after.id]);
  return q;
}

// An active product by its article number in any case ("pap-a4-500" is "PAP-A4-500"), through
// the unique index on upper(sku).
export function activeProductBySku(db: Conn, sku: string): Promise<ProductRow | undefined> {
  return db('products').whereRaw('upper(sku) = upper(?)', [sku]).where({ active: true }).first(PRODUCT_COLUMNS);
}

export function variantsOf(db: Conn, groupKey: string): Promise<ProductRow[]> {
  return db('products').where({ group_key: groupKey, active: true }).orderBy('sku').select(PRODUCT_COLUMNS);
}

// Article numbers as people type them, in any case ("pap-a4-500" finds "PAP-A4-500"), through
// the unique index on upper(sku): one product each at most.
export function productsBySku(db: Conn, skus: readonly string[]): Promise<{ id: number; sku: string; active: boolean; category_id: number | null }[]> {
  if (skus.length === 0) return Promise.resolve([]);
  const upper = [...new Set(skus.map((s) => s.toUpperCase()))];
  return db('products').whereRaw(`upper(sku) IN (${upper.map(() => '?').join(', ')})`, upper).select('id', 'sku', 'active', 'category_id');
}

// Search: every word as a prefix ("kopi" finds "kopieringspapper") through the full-text index,
// best matches first, keyset on (score, id) for more pages. Only when a first page has too few
// hits does a second query look for near misses ("kopierngspapper") through the trigram index:
// asked together (with OR) PostgreSQL could use neither index.
type SearchOptions = { terms: string[]; locale: string; categoryIds: number[] | null; assortment?: AssortmentFilter; after: { score: number; id: number } | null; limit: number };
type SearchHit = ProductRow & { sort_name: string; score: number; near_miss: boolean };

function searchBase(db: Conn, options: SearchOptions) {
  return db('products')
    .where({ active: true })
    .modify((m) => {
      if (options.categoryIds) m.whereIn('category_id', options.categoryIds);
      withinAssortment(m, options.assortment ?? null);
    });
}

const prefixQuery = (terms: string[]) => terms.map((term) => `${term}:*`).join(' & ');

export async function searchProducts(db: Conn, options: SearchOptions): Promise<SearchHit[]> {
  const tsquery = prefixQuery(options.terms);
  const hits = db
    .select('*')
    .from(
      searchBase(db, options)
        .whereRaw(`search_vector @@ to_tsquery('simple', search_text(?))`, [tsquery])
        .select(...PRODUCT_COLUMNS, db.raw(`coalesce(name->>?, name->>'en') AS sort_name`, [options.locale]),
          db.raw(`round(ts_rank(search_vector, to_tsquery('simple', search_text(?)))::numeric, 6)::float8 AS score`, [tsquery]), db.raw('false AS near_miss'))
        .as('hits'),
    )
    .orderBy([{ column: 'score', order: 'desc' }, { column: 'id' }])
    .limit(options.limit);
  if (options.after) hits.whereRaw('(score, -id) < (?, ?)', [options.after.score, -options.after.id]);
  const found = (await hits) as SearchHit[];
  if (options.after || found.length >= options.limit) return found;
  const text = options.terms.join(' ');
  const nearMisses = (await searchBase(db, options)
    .whereRaw(`search_text(?) <% search_doc`, [text])
    .whereNotIn('id', found.map((f) => f.id))
    .select(...PRODUCT_COLUMNS, db.raw(`coalesce(name->>?, name->>'en') AS sort_name`, [options.locale]),
      db.raw(`word_similarity(search_text(?), search_doc) AS score`, [text]), db.raw('true AS near_miss'))
    .orderBy([{ column: 'score', order: 'desc' }, { column: 'id' }])
    .limit(options.limit - found.length)) as SearchHit[];
  return [...found, ...nearMisses];
}

export async function assortmentFacts(db: Conn, organisationId: number) {
  const org = await db('organisations').where({ id: organisationId }).first('parent_id', 'restricted_catalogue');
  if (!org) return null;
  const items = await db('assortment_items').whereIn('organisation_id', [organisationId, org.parent_id ?? organisationId]).select('organisation_id', 'product_id', 'category_id');
  return {
    restricted: org.restricted_catalogue as boolean,
    own: items.filter((i) => i.organisation_id === organisationId),
    parents: org.parent_id ? items.filter((i) => i.organisation_id === org.parent_id) : [],
  };
}

export type AssortmentFilter = { productIds: number[]; categoryIds: number[] } | null;

export function withinAssortment<T extends import('knex').Knex.QueryBuilder>(q: T, filter: AssortmentFilter): T {
  if (!filter) return q;
  return q.where((w) => w.whereIn('id', filter.productIds).orWhereIn('category_id', filter.categoryIds)) as T;
}

export function assortmentItemsOf(db: Conn, organisationId: number) {
  return db('assortment_items as a')
    .leftJoin('products as p', 'p.id', 'a.product_id')
    .leftJoin('categories as c', 'c.id', 'a.category_id')
    .where('a.organisation_id', organisationId)
    .orderBy('a.id')
    .select('a.id', 'a.product_id', 'a.category_id', 'p.sku', 'p.name as product_name', 'c.name as category_name');
}

export async function insertAssortmentItem(db: Conn, row: { organisation_id: number; product_id?: number; category_id?: number }) {
  const [inserted] = await db('assortment_items').insert(row).onConflict().ignore().returning('id');
  return inserted?.id as number | undefined;
}

export async function deleteAssortmentItem(db: Conn, organisationId: number, id: number) {
  return db('assortment_items').where({ organisation_id: organisationId, id }).delete();
}
