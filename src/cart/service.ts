// The cart: lines kept in the database, priced afresh from the customer's current price list
// every time it is shown (a staff price change shows in open carts). It does not place orders.
import { activeProduct, assortmentOf, inAssortment, pricesAt } from '../catalog/index.ts';
import { activeEmployees } from '../employees/index.ts';
import type { Ctx } from '../lib/context.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as q from './queries.ts';

export const MAX_QTY = 100_000;
export type CartOwner = { userId: number; organisationId: number };

// `full`: the line holds the most it can, so not all of `qty` may have been added.
export async function addToCart(ctx: Ctx, owner: CartOwner, sku: string, qty: number): Promise<Outcome<{ sku: string; full: boolean }>> {
  const product = await activeProduct(ctx, sku);
  if (!product) return { ok: false, errors: { sku: 'cart.unknown_sku' } };
  const { assortment, restricted } = await assortmentOf(ctx, owner.organisationId);
  if (restricted && !inAssortment(assortment, product)) return { ok: false, errors: { sku: 'cart.unknown_sku' } };
  // Only what has a price for this customer can be ordered; the rest is "ask us".
  if (!(await pricesAt(ctx, owner.organisationId, new Map([[product.id, qty]]))).has(product.id)) {
    return { ok: false, errors: { sku: 'cart.not_for_sale' } };
  }
  const inCart = await q.addToCartOf(ctx.db, owner, product.id, qty, MAX_QTY);
  return { ok: true, value: { sku: product.sku, full: inCart >= MAX_QTY } };
}

export async function changeQuantity(ctx: Ctx, owner: CartOwner, productId: number, qty: number): Promise<boolean> {
  const cart = await q.cartId(ctx.db, owner.userId, owner.organisationId);
  return q.setLineQty(ctx.db, cart, productId, qty);
}

export async function removeFromCart(ctx: Ctx, owner: CartOwner, productId: number) {
  await q.removeLine(ctx.db, await q.cartId(ctx.db, owner.userId, owner.organisationId), productId);
}

export type PricedLine = q.CartLine & { unitPrice: number | null; lineTotal: number | null; vat: number | null };

// Lines with today's prices; products taken out of the catalogue leave the cart, and the
// buyer is told how many.
export async function cartView(ctx: Ctx, owner: CartOwner) {
  const cart = await q.cartId(ctx.db, owner.userId, owner.organisationId);
  const removed = await q.removeInactiveLines(ctx.db, cart);
  const lines = await q.cartLines(ctx.db, owner.userId, owner.organisationId);
  const prices = await pricesAt(ctx, owner.organisationId, new Map(lines.map((l) => [l.product_id, l.qty])));
  let currency: string | null = null;
  const priced: PricedLine[] = lines.map((line) => {
    const price = prices.get(line.product_id);
    if (!price) return { ...line, unitPrice: null, lineTotal: null, vat: null };
    currency = price.currency;
    const lineTotal = price.unitPrice * line.qty;
    // VAT is rounded per line, as on the invoice.
    return { ...line, unitPrice: price.unitPrice, lineTotal, vat: Math.round((lineTotal * line.vat_rate_bp) / 10000) };
  });
  const net = priced.reduce((sum, l) => sum + (l.lineTotal ?? 0), 0);
  const vat = priced.reduce((sum, l) => sum + (l.vat ?? 0), 0);
  return { lines: priced, removed, currency, totals: { net, vat, gross: net + vat } };
}

// Whom each line is for (E3): "employee_<product id>" fields, an employee's id or empty. Only
// lines in the cart are marked; an id that is not an active employee of the customer is
// refused by its line's field.
export async function markCartLines(ctx: Ctx, owner: CartOwner, body: Record<string, unknown> | undefined): Promise<Outcome> {
  // A form without employee choices (the cart had none to offer) changes no mark.
  if (!body || !Object.keys(body).some((field) => field.startsWith('employee_'))) return { ok: true, value: undefined };
  const lines = await q.cartLines(ctx.db, owner.userId, owner.organisationId);
  const marks = new Map<number, number | null>();
  for (const line of lines) {
    const value = body?.[`employee_${line.product_id}`];
    if (value === undefined) continue;
    const text = String(value);
    if (text !== '' && !/^\d{1,9}$/.test(text)) return { ok: false, errors: { [`employee_${line.product_id}`]: 'employees.not_an_employee' } };
    marks.set(line.product_id, text === '' ? null : Number(text));
  }
  if (marks.size === 0) return { ok: true, value: undefined };
  // Only the customer's active employees.
  const known = await activeEmployees(ctx, owner.organisationId, [...new Set([...marks.values()].filter((id): id is number => id !== null))]);
  const errors: Record<string, string> = {};
  for (const [productId, employeeId] of marks) if (employeeId !== null && !known.has(employeeId)) errors[`employee_${productId}`] = 'employees.not_an_employee';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await q.markLines(ctx.db, await q.cartId(ctx.db, owner.userId, owner.organisationId), marks);
  return { ok: true, value: undefined };
}
