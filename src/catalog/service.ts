// Price list administration for shop staff. Products, categories and imports come with their pages.
import { recordAudit } from '../audit/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as q from './queries.ts';

export function priceLists(ctx: Ctx) {
  return q.priceLists(ctx.db);
}

export type PriceListInput = { name: string; parent_id: number | null; country: string | null; currency: string };

// The first list is the main list; every later one hangs under an existing list. One list per
// country (the index backs it).
export async function createPriceList(ctx: Ctx, input: PriceListInput): Promise<Outcome<number>> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome<number>> => {
    const lists = await q.priceLists(trx);
    if (lists.length > 0 && input.parent_id === null) return { ok: false, errors: { parent_id: 'price_lists.parent_required' } };
    const parent = input.parent_id === null ? undefined : lists.find((l) => l.id === input.parent_id);
    if (input.parent_id !== null && !parent) return { ok: false, errors: { parent_id: 'validation.invalid' } };
    // B1's tree: the main list, country lists right under it, sub lists under a country list in its currency.
    if (parent && input.country && parent.parent_id !== null) return { ok: false, errors: { parent_id: 'price_lists.country_under_main' } };
    if (parent && !input.country && !parent.country) return { ok: false, errors: { parent_id: 'price_lists.sub_under_country' } };
    if (parent && !input.country && parent.currency !== input.currency) return { ok: false, errors: { currency: 'price_lists.currency_of_country' } };
    if (lists.some((l) => l.name.toLowerCase() === input.name.toLowerCase())) return { ok: false, errors: { name: 'price_lists.name_taken' } };
    if (input.country && lists.some((l) => l.country === input.country)) return { ok: false, errors: { country: 'price_lists.country_taken' } };
    const id = await q.insertPriceList(trx, input);
    await recordAudit(trx, ctx, { action: 'price_list.created', subjectType: 'price_list', subjectId: id, after: input });
    return { ok: true, value: id };
  });
}

export function assortmentItems(ctx: Ctx, organisationId: number) {
  return q.assortmentItemsOf(ctx.db, organisationId);
}

// B2: staff put products (by article number) or whole categories into a customer's assortment.
export async function addToAssortment(ctx: Ctx, organisationId: number, target: { sku: string } | { categoryId: number }): Promise<Outcome> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    let row: { organisation_id: number; product_id?: number; category_id?: number };
    if ('sku' in target) {
      const product = await q.activeProductBySku(trx, target.sku);
      if (!product) return { ok: false, errors: { sku: 'cart.unknown_sku' } };
      row = { organisation_id: organisationId, product_id: product.id };
    } else {
      if (!(await q.categories(trx)).some((c) => c.id === target.categoryId)) return { ok: false, errors: { category_id: 'validation.invalid' } };
      row = { organisation_id: organisationId, category_id: target.categoryId };
    }
    const id = await q.insertAssortmentItem(trx, row);
    if (id) await recordAudit(trx, ctx, { action: 'assortment.added', subjectType: 'assortment_item', subjectId: id, organisationId, after: row });
    return { ok: true, value: undefined };
  });
}

// Whether this customer had such an item to remove.
export async function removeFromAssortment(ctx: Ctx, organisationId: number, itemId: number): Promise<boolean> {
  return inTransaction(ctx.db, async (trx) => {
    if ((await q.deleteAssortmentItem(trx, organisationId, itemId)) === 0) return false;
    await recordAudit(trx, ctx, { action: 'assortment.removed', subjectType: 'assortment_item', subjectId: itemId, organisationId });
    return true;
  });
}

export function categoryList(ctx: Ctx) {
  return q.categories(ctx.db);
}
