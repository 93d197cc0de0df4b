// Shopping lists (B4): keep products for later, share a list with colleagues, and put a whole
// list into the cart at today's prices. A list holds no prices of its own.
import { lockLogin } from '../accounts/index.ts';
import { addLinesToCart } from '../cart/index.ts';
import { inTransaction } from '../db/transaction.ts';
import { activeProduct } from '../catalog/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Forbidden, NotFound } from '../lib/errors.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as q from './queries.ts';

export type Reader = q.Reader;

export function shoppingLists(ctx: Ctx, reader: Reader) {
  return q.listsFor(ctx.db, reader);
}

export async function ownShoppingLists(ctx: Ctx, reader: Reader) {
  return (await q.listsFor(ctx.db, reader)).filter((l) => l.owner_id === reader.userId);
}

export async function shoppingList(ctx: Ctx, reader: Reader, id: number) {
  const list = await q.listFor(ctx.db, reader, id);
  if (!list) throw NotFound();
  return { list, items: await q.listItems(ctx.db, id) };
}

// One's own lists have names of their own: two alike could not be told apart where one picks
// one. The owner's login is locked, so a double click makes one list.
export async function createList(ctx: Ctx, reader: Reader, name: string): Promise<Outcome<number>> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome<number>> => {
    await lockLogin(trx, reader.userId);
    const own = await ownShoppingLists({ ...ctx, db: trx }, reader);
    if (own.some((l) => l.name.toLocaleLowerCase() === name.toLocaleLowerCase())) return { ok: false, errors: { name: 'shopping_lists.name_taken' } };
    return { ok: true, value: await q.insertList(trx, { organisation_id: reader.organisationId, owner_id: reader.userId, name }) };
  });
}

// Only the owner changes a list; colleagues it is shared with may read it and use it.
async function ownList(ctx: Ctx, reader: Reader, id: number) {
  const list = await q.listFor(ctx.db, reader, id);
  if (!list) throw NotFound();
  if (list.owner_id !== reader.userId) throw Forbidden();
  return list;
}

export async function addToList(ctx: Ctx, reader: Reader, id: number, sku: string, qty: number): Promise<Outcome> {
  await ownList(ctx, reader, id);
  const product = await activeProduct(ctx, sku);
  if (!product) return { ok: false, errors: { sku: 'cart.unknown_sku' } };
  await q.putItem(ctx.db, id, product.id, qty);
  return { ok: true, value: undefined };
}

export async function removeFromList(ctx: Ctx, reader: Reader, id: number, productId: number) {
  await ownList(ctx, reader, id);
  await q.removeItem(ctx.db, id, productId);
}

export async function setShared(ctx: Ctx, reader: Reader, id: number, shared: boolean) {
  await ownList(ctx, reader, id);
  await q.updateList(ctx.db, id, { shared });
}

export async function deleteList(ctx: Ctx, reader: Reader, id: number) {
  await ownList(ctx, reader, id);
  await q.deleteList(ctx.db, id);
}

// Every line that can be ordered goes into the cart; the others are counted, not lost.
export async function listToCart(ctx: Ctx, reader: Reader, id: number): Promise<{ added: number; skipped: number }> {
  const { items } = await shoppingList(ctx, reader, id);
  const { added, refused } = await addLinesToCart(ctx, reader, items.map((item) => ({ sku: item.sku, qty: item.qty })));
  return { added, skipped: refused.length };
}
