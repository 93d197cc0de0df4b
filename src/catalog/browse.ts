// What a buyer sees of the catalogue: categories, a page of products with this customer's
// prices (B1), and a product with its variants. Prices are left out entirely for a viewer
// without view_prices, so no page can show one by mistake.
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { pricesFor, type ProductPrice } from './pricing.ts';
import { imagesOf } from './admin-queries.ts';
import { catalogueCache } from './cache.ts';
import * as q from './queries.ts';
import { effectiveAssortment, inAssortment, withDescendants, type Assortment } from './rules.ts';

export const PAGE_SIZE = 24;

export type Viewer = { organisationId: number | null; showPrices: boolean; locale: string };

// The viewer's assortment (B2), and whether it hides everything outside it.
// Kept under the catalogue version (assortments and customers raise it); read afresh in a transaction.
export async function assortmentOf(ctx: Ctx, organisationId: number | null): Promise<{ assortment: Assortment; restricted: boolean }> {
  const cached = await catalogueCache(ctx);
  return cached(`assortment:${organisationId}`, async () => {
    const facts = organisationId ? await q.assortmentFacts(ctx.db, organisationId) : null;
    if (!facts) return { assortment: null, restricted: false };
    const categories = await cached('categories', () => q.categories(ctx.db));
    return { assortment: effectiveAssortment(facts.own, facts.parents, categories), restricted: facts.restricted };
  });
}

const asFilter = (assortment: Assortment): q.AssortmentFilter =>
  assortment && { productIds: [...assortment.productIds], categoryIds: [...assortment.categoryIds] };
export type ShownProduct = q.ProductRow & {
  displayName: string;
  displayDescription: string;
  displayAttributes: [string, string][];
  price: ProductPrice | null;
  outsideAssortment: boolean;
};

// jsonb keeps no key order: variants are described colour first, then size, then the rest.
const ATTRIBUTE_ORDER = ['colour', 'size'];
const rank = (key: string) => (ATTRIBUTE_ORDER.includes(key) ? ATTRIBUTE_ORDER.indexOf(key) : ATTRIBUTE_ORDER.length);
const orderedAttributes = (attributes: q.ProductRow['attributes'], locale: string): [string, string][] =>
  Object.entries(attributes)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, value]) => [key, typeof value === 'string' ? value : localized(value, locale)]);

const localized = (text: Record<string, string>, locale: string) => text[locale] ?? text.en ?? Object.values(text)[0] ?? '';

async function withPrices(ctx: Ctx, viewer: Viewer, products: q.ProductRow[], assortment: Assortment = null): Promise<ShownProduct[]> {
  const prices = viewer.showPrices && viewer.organisationId ? await pricesFor(ctx, viewer.organisationId, products.map((p) => p.id)) : new Map();
  return products.map((p) => ({
    ...p,
    displayName: localized(p.name, viewer.locale),
    displayDescription: localized(p.description, viewer.locale),
    displayAttributes: orderedAttributes(p.attributes, viewer.locale),
    price: prices.get(p.id) ?? null,
    outsideAssortment: !inAssortment(assortment, p),
  }));
}

export type CategoryNode = q.CategoryRow & { depth: number; displayName: string };

// The menu: top-level categories, and the open branch down to the current category's children.
function categoryTree(rows: q.CategoryRow[], locale: string, currentId: number | null): CategoryNode[] {
  const open = new Set<number>();
  for (let id = currentId; id !== null; id = rows.find((r) => r.id === id)?.parent_id ?? null) open.add(id);
  const out: CategoryNode[] = [];
  const visit = (parentId: number | null, depth: number) => {
    for (const c of rows.filter((r) => r.parent_id === parentId)) {
      out.push({ ...c, depth, displayName: localized(c.name, locale) });
      if (open.has(c.id)) visit(c.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}


// Letters and digits of a search, as words; everything else (quotes, operators) is dropped.
export function searchTerms(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? []).slice(0, 8);
}

type After = { name: string; id: number } | { score: number; id: number };

export type CatalogSort = 'relevance' | q.Sort;

export async function catalogPage(ctx: Ctx, viewer: Viewer, options: { categorySlug: string | null; query: string; onlyAssortment?: boolean; sort?: CatalogSort; after: After | null }) {
  const cached = await catalogueCache(ctx);
  const rows = await cached('categories', () => q.categories(ctx.db));
  const { assortment, restricted } = await assortmentOf(ctx, viewer.organisationId);
  const filtered = restricted || Boolean(options.onlyAssortment);
  const filter = filtered ? asFilter(assortment) : null;
  const category = options.categorySlug ? rows.find((c) => c.slug === options.categorySlug) : undefined;
  if (options.categorySlug && !category) throw NotFound();
  const categoryIds = category ? withDescendants(rows, category.id) : null;
  const terms = searchTerms(options.query);
  // A search is by relevance unless asked otherwise; browsing is by name unless asked otherwise.
  const sort: CatalogSort = options.sort === 'sku' || options.sort === 'name' ? options.sort : terms.length > 0 ? 'relevance' : 'name';
  // A page of products is the same for every customer with the same assortment filter.
  const pageKey = JSON.stringify([viewer.locale, category?.id ?? null, filtered ? viewer.organisationId : null, terms, sort, options.after]);
  const page: (q.ProductRow & { sort_name: string; score?: number; near_miss?: boolean })[] = await cached(`page:${pageKey}`, () => sort === 'relevance'
    ? q.searchProducts(ctx.db, { terms, locale: viewer.locale, categoryIds, assortment: filter, after: options.after && 'score' in options.after ? options.after : null, limit: PAGE_SIZE + 1 })
    : q.productPage(ctx.db, { locale: viewer.locale, sort, terms, categoryIds, assortment: filter, after: options.after && 'name' in options.after ? options.after : null, limit: PAGE_SIZE + 1 }));
  const more = page.length > PAGE_SIZE;
  const shown = page.slice(0, PAGE_SIZE);
  const last = shown[shown.length - 1] as (typeof shown)[number] & { score?: number; near_miss?: boolean };
  // Near misses fill a first page only; there is no page after them.
  const next = !more || !last || last.near_miss ? null
    : last.score !== undefined ? { after_score: String(last.score), after_id: String(last.id) }
    : { after_name: sort === 'sku' ? last.sku : last.sort_name, after_id: String(last.id) };
  return {
    categories: categoryTree(rows, viewer.locale, category?.id ?? null),
    category: category ? { ...category, displayName: localized(category.name, viewer.locale) } : null,
    query: options.query,
    sort,
    onlyAssortment: Boolean(options.onlyAssortment),
    hasAssortment: assortment !== null && !restricted,
    products: await withPrices(ctx, viewer, shown, assortment),
    next,
  };
}

// An active product by its article number, kept under the catalogue version like the rest.
export async function activeProduct(ctx: Ctx, sku: string): Promise<q.ProductRow | undefined> {
  return (await catalogueCache(ctx))(`product:${sku}`, () => q.activeProductBySku(ctx.db, sku));
}

export async function productPage(ctx: Ctx, viewer: Viewer, sku: string) {
  const product = await activeProduct(ctx, sku);
  if (!product) throw NotFound();
  const { assortment, restricted } = await assortmentOf(ctx, viewer.organisationId);
  // A restricted customer has no page for what lies outside its assortment.
  if (restricted && !inAssortment(assortment, product)) throw NotFound();
  const variants = (product.group_key ? await q.variantsOf(ctx.db, product.group_key) : [product]).filter((v) => !restricted || inAssortment(assortment, v));
  const [shown, images] = await Promise.all([withPrices(ctx, viewer, variants, assortment), imagesOf(ctx.db, [product.id])]);
  return { product: shown.find((p) => p.id === product.id)!, variants: shown, images };
}
