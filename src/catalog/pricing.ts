// What a customer pays: the list it uses and, for a page of products, each one's unit price
// at a quantity and its breaks. Reads only; assigning lists is staff's (accounts).
import type { Ctx } from '../lib/context.ts';
import { catalogueCache } from './cache.ts';
import * as q from './queries.ts';
import { breaksOf, fallbackPath, priceListChoice, unitPriceAt } from './rules.ts';

export type ProductPrice = { unitPrice: number; currency: string; breaks: { minQty: number; unitPrice: number }[] };

export async function priceListOf(ctx: Ctx, organisationId: number) {
  return (await catalogueCache(ctx))(`price-list:${organisationId}`, () => choosePriceList(ctx, organisationId));
}

// The currency a customer orders in: its price list's. Budgets, limits and rules are kept in it.
export async function currencyOf(ctx: Ctx, organisationId: number): Promise<string> {
  return (await priceListOf(ctx, organisationId))?.list.currency ?? 'SEK';
}

async function choosePriceList(ctx: Ctx, organisationId: number) {
  const [lists, customer] = await Promise.all([q.priceLists(ctx.db), q.pricedCustomer(ctx.db, organisationId)]);
  if (!customer) return null;
  const choice = priceListChoice(
    {
      price_list_id: customer.price_list_id,
      country: customer.country,
      parent: customer.parent_id ? { price_list_id: customer.parent_price_list_id, country: customer.parent_country } : null,
    },
    lists,
  );
  const list = lists.find((l) => l.id === choice?.id);
  return list && choice ? { list, reason: choice.reason, path: fallbackPath(list.id, lists) } : null;
}

// Products missing from the result are not for sale to this customer ("ask us").
export async function pricesFor(ctx: Ctx, organisationId: number, productIds: readonly number[], qty = 1): Promise<Map<number, ProductPrice>> {
  return (await catalogueCache(ctx))(`prices:${organisationId}:${qty}:${productIds.join(',')}`, () => resolvePrices(ctx, organisationId, productIds, qty));
}

async function resolvePrices(ctx: Ctx, organisationId: number, productIds: readonly number[], qty: number): Promise<Map<number, ProductPrice>> {
  const priced = await priceListOf(ctx, organisationId);
  const result = new Map<number, ProductPrice>();
  if (!priced) return result;
  const rows = await q.priceRows(ctx.db, priced.path, productIds);
  for (const productId of productIds) {
    const own = rows.filter((r) => r.product_id === productId);
    const price = unitPriceAt(priced.path, own, qty);
    if (price) result.set(productId, { unitPrice: price.unitPrice, currency: priced.list.currency, breaks: breaksOf(priced.path, own) });
  }
  return result;
}

// Each product's unit price at its own quantity (a cart's lines), in one price query.
export async function pricesAt(ctx: Ctx, organisationId: number, quantities: ReadonlyMap<number, number>): Promise<Map<number, { unitPrice: number; currency: string }>> {
  const priced = await priceListOf(ctx, organisationId);
  const result = new Map<number, { unitPrice: number; currency: string }>();
  if (!priced) return result;
  const rows = await priceRowsOf(ctx, priced.path, [...quantities.keys()]);
  for (const [productId, qty] of quantities) {
    const price = unitPriceAt(priced.path, rows.get(productId)!, qty);
    if (price) result.set(productId, { unitPrice: price.unitPrice, currency: priced.list.currency });
  }
  return result;
}

// Each product's price rows on a list path, kept per product: carts are all different, and
// keeping each cart's set would push catalogue pages out of memory. Those not kept are read in
// one query.
async function priceRowsOf(ctx: Ctx, path: readonly number[], productIds: readonly number[]) {
  const cached = await catalogueCache(ctx);
  const missing: number[] = [];
  let read: Promise<Awaited<ReturnType<typeof q.priceRows>>> | undefined;
  // A product not kept asks for its rows while the others are still being looked up: the
  // query starts once they all have been.
  const rows = await Promise.all(productIds.map((id) => cached(`price-rows:${path.join(',')}:${id}`, () => {
    missing.push(id);
    read ??= Promise.resolve().then(() => q.priceRows(ctx.db, path, missing));
    return read.then((all) => all.filter((r) => r.product_id === id));
  })));
  return new Map(productIds.map((id, i) => [id, rows[i]]));
}
