// Quick order: lines of "SKU quantity" typed or pasted, each checked on its own; the valid
// ones go into the cart together. Products and prices are looked up once for all lines.
import { parse } from 'csv-parse/sync';
import { assortmentOf, delimiterOf, inAssortment, pricesAt, productsBySku } from '../catalog/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import * as q from './queries.ts';
import { MAX_QTY, type CartOwner } from './service.ts';

export const MAX_LINES = 500;

export type CheckedLine = { number: number; text: string; sku: string; qty: number | null; productId: number | null; error: string | null };

// "SKU 12", "SKU;12", "SKU,12" or "SKU<tab>12" (a pasted spreadsheet); blank lines are skipped.
export function parseLines(text: string): { number: number; text: string; sku: string; qtyText: string }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ number: i + 1, text: line.trim() }))
    .filter((line) => line.text !== '')
    .map((line) => {
      const [sku = '', qtyText = '', ...rest] = line.text.split(/[\s;,]+/);
      return { ...line, sku, qtyText: rest.length > 0 ? `${qtyText} ${rest.join(' ')}` : qtyText };
    });
}

const QUANTITY_HEADINGS = new Set(['qty', 'quantity', 'antal', 'antall', 'menge', 'anzahl', 'amount']);

// An uploaded CSV (or a spreadsheet saved as one) as the same "SKU quantity" lines: the first
// two columns, with a heading row left out. Line numbers stay those of the file.
export function linesFromCsv(text: string): string {
  const records = parse(text, { delimiter: delimiterOf(text), bom: true, relax_column_count: true, trim: true, skip_empty_lines: false }) as string[][];
  const headed = records.length > 0 && QUANTITY_HEADINGS.has((records[0][1] ?? '').toLowerCase());
  return records.map((r, i) => (i === 0 && headed ? '' : `${r[0] ?? ''} ${r[1] ?? ''}`.trim())).join('\n');
}

// At most MAX_LINES lines: the page refuses more before asking.
export function checkLines(ctx: Ctx, owner: CartOwner, text: string): Promise<CheckedLine[]> {
  return checkParsed(ctx, owner, parseLines(text).slice(0, MAX_LINES));
}

async function checkParsed(ctx: Ctx, owner: CartOwner, parsed: ReturnType<typeof parseLines>): Promise<CheckedLine[]> {
  const { assortment, restricted } = await assortmentOf(ctx, owner.organisationId);
  // A restricted customer's catalogue ends at its assortment: anything else is unknown to it.
  const found = (await productsBySku(ctx.db, [...new Set(parsed.map((l) => l.sku))])).filter((p) => !restricted || inAssortment(assortment, p));
  // Article numbers are one product whatever the case (a unique index says so).
  const byUpper = new Map(found.map((p) => [p.sku.toUpperCase(), p]));
  const quantities = new Map<number, number>();
  const checked = parsed.map((line): CheckedLine => {
    const qty = /^\d+$/.test(line.qtyText) ? Number(line.qtyText) : null;
    const product = byUpper.get(line.sku.toUpperCase());
    const base = { number: line.number, text: line.text, sku: line.sku, qty, productId: product?.id ?? null };
    if (!product) return { ...base, error: 'quick_order.unknown_sku' };
    if (!product.active) return { ...base, error: 'quick_order.inactive' };
    if (qty === null || qty < 1 || qty > MAX_QTY) return { ...base, error: line.qtyText === '' ? 'quick_order.qty_missing' : /^-?\d+$/.test(line.qtyText) ? 'cart.qty_range' : 'quick_order.qty_whole' };
    quantities.set(product.id, Math.max(quantities.get(product.id) ?? 0, qty));
    return { ...base, error: null };
  });
  const prices = await pricesAt(ctx, owner.organisationId, quantities);
  return checked.map((line) => (line.error === null && !prices.has(line.productId!) ? { ...line, error: 'cart.not_for_sale' } : line));
}

export async function addCheckedLines(ctx: Ctx, owner: CartOwner, lines: CheckedLine[]): Promise<number> {
  const valid = lines.filter((l) => l.error === null);
  await inTransaction(ctx.db, async (trx) => {
    const cart = await q.cartId(trx, owner.userId, owner.organisationId);
    for (const line of valid) await q.addLine(trx, cart, line.productId!, line.qty!, MAX_QTY);
  });
  return valid.length;
}

// Lines from elsewhere (a shopping list; an earlier order, for reorder) into the cart at today's
// prices, checked exactly like typed lines: what can be ordered is added, the rest comes back
// with its reason.
export async function addLinesToCart(ctx: Ctx, owner: CartOwner, items: { sku: string; qty: number }[]): Promise<{ added: number; refused: CheckedLine[] }> {
  const checked = await checkParsed(ctx, owner, items.map((item, i) => ({ number: i + 1, text: `${item.sku} ${item.qty}`, sku: item.sku, qtyText: String(item.qty) })));
  return { added: await addCheckedLines(ctx, owner, checked), refused: checked.filter((l) => l.error !== null) };
}
