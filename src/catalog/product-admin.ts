// Staff's products, variants, categories, prices and images. Every change is audited. A
// deactivated product leaves the catalogue at once; carts drop it with a notice to the buyer
// the next time they are shown (cart/service.ts).
import { recordAudit } from '../audit/index.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { formatMinorUnits } from '../lib/money.ts';
import type { Outcome } from '../lib/outcome.ts';
import { LOCALES } from '../web/i18n.ts';
import * as q from './admin-queries.ts';
import { formatAttribute, formatVat } from './csv.ts';
import { categories, priceLists } from './queries.ts';
import type { CategoryForm, ProductForm } from './schemas.ts';

const PAGE = 50;

export async function staffProductPage(ctx: Ctx, terms: string[], afterSku: string | null) {
  const rows = await q.staffProducts(ctx.db, { terms, afterSku, limit: PAGE + 1 });
  return { products: rows.slice(0, PAGE), nextSku: rows.length > PAGE ? rows[PAGE - 1].sku : null };
}

const texts = (form: Record<string, unknown>, base: string) =>
  Object.fromEntries(LOCALES.map((l) => [l, String(form[`${base}_${l}`] ?? '')]).filter(([, v]) => v !== ''));

function productRow(form: ProductForm) {
  const attributes = Object.fromEntries((['colour', 'size'] as const).map((a) => [a, form[a]]).filter(([, v]) => v !== null));
  return {
    sku: form.sku,
    group_key: form.group_key,
    category_id: form.category_id,
    name: JSON.stringify(texts(form, 'name')),
    description: JSON.stringify(texts(form, 'description')),
    attributes: JSON.stringify(attributes),
    vat_rate_bp: form.vat_percent,
    active: form.active,
  };
}

// The form's values for a stored product: the same text the fields take.
export function productFormValues(p: { sku: string; group_key: string | null; name: Record<string, string>; description: Record<string, string>; attributes: Record<string, string | Record<string, string>>; category_id: number | null; vat_rate_bp: number; active: boolean }) {
  return {
    sku: p.sku,
    group_key: p.group_key ?? '',
    category_id: p.category_id === null ? '' : String(p.category_id),
    ...Object.fromEntries(LOCALES.flatMap((l) => [[`name_${l}`, p.name[l] ?? ''], [`description_${l}`, p.description[l] ?? '']])),
    colour: formatAttribute(p.attributes.colour),
    size: formatAttribute(p.attributes.size),
    vat_percent: formatVat(p.vat_rate_bp),
    active: p.active,
  };
}

async function categoryExists(ctx: Ctx, id: number | null) {
  return id === null || (await categories(ctx.db)).some((c) => c.id === id);
}

export async function saveProduct(ctx: Ctx, id: number | null, form: ProductForm): Promise<Outcome<number>> {
  if (!(await categoryExists(ctx, form.category_id))) return { ok: false, errors: { category_id: 'validation.invalid' } };
  const clash = await skuClash(ctx, id, form.sku);
  if (clash) return { ok: false, errors: { sku: clash } };
  const row = productRow(form);
  try {
    return await inTransaction(ctx.db, async (trx): Promise<Outcome<number>> => {
      if (id === null) {
        const created = await q.insertProduct(trx, row);
        await recordAudit(trx, ctx, { action: 'product.created', subjectType: 'product', subjectId: created, after: row });
        return { ok: true, value: created };
      }
      const before = await q.productById(trx, id);
      if (!before) throw NotFound();
      await q.updateProduct(trx, id, { ...row, updated_at: ctx.now });
      const action = before.active && !form.active ? 'product.deactivated' : 'product.updated';
      await recordAudit(trx, ctx, { action, subjectType: 'product', subjectId: id, before, after: row });
      return { ok: true, value: id };
    });
  } catch (error) {
    // Another staff member saved the number meanwhile.
    if (isUniqueViolation(error)) return { ok: false, errors: { sku: (await skuClash(ctx, id, form.sku)) ?? 'products.sku_taken' } };
    throw error;
  }
}

// Article numbers are one product whatever the case (quick order and lists find them in any;
// a unique index on upper(sku) holds it): another product's number, as written or in other
// letters, is taken.
async function skuClash(ctx: Ctx, id: number | null, sku: string): Promise<string | null> {
  const other = await q.productWithSkuAnyCase(ctx.db, sku);
  if (!other || other.id === id) return null;
  return other.sku === sku ? 'products.sku_taken' : 'products.sku_other_case';
}

export async function productForStaff(ctx: Ctx, id: number) {
  const product = await q.productById(ctx.db, id);
  if (!product) throw NotFound();
  const [prices, variants, images, lists] = await Promise.all([
    q.pricesOfProduct(ctx.db, id),
    product.group_key ? q.groupMembers(ctx.db, product.group_key) : Promise.resolve([]),
    q.imagesOf(ctx.db, [id]),
    priceLists(ctx.db),
  ]);
  return { product, prices: prices.map((p) => ({ ...p, price_text: formatMinorUnits(Number(p.unit_price)) })), variants, images, lists };
}

export async function setPrice(ctx: Ctx, productId: number, input: { price_list_id: number; min_qty: number; unit_price: number }): Promise<Outcome> {
  if (!(await priceLists(ctx.db)).some((l) => l.id === input.price_list_id)) return { ok: false, errors: { price_list_id: 'validation.invalid' } };
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    if (!(await q.productById(trx, productId))) throw NotFound();
    const row = { ...input, product_id: productId };
    await q.upsertPrice(trx, row);
    await recordAudit(trx, ctx, { action: 'price.set', subjectType: 'product', subjectId: productId, after: row });
    return { ok: true, value: undefined };
  });
}

// Whether there was such a price to remove.
export async function removePrice(ctx: Ctx, productId: number, key: { price_list_id: number; min_qty: number }): Promise<boolean> {
  return inTransaction(ctx.db, async (trx) => {
    if ((await q.deletePrice(trx, { ...key, product_id: productId })) === 0) return false;
    await recordAudit(trx, ctx, { action: 'price.removed', subjectType: 'product', subjectId: productId, before: key });
    return true;
  });
}

// Categories form a tree: a category can never end up under itself.
function wouldLoop(rows: { id: number; parent_id: number | null }[], id: number, parentId: number | null): boolean {
  for (let at = parentId; at !== null; at = rows.find((r) => r.id === at)?.parent_id ?? null) if (at === id) return true;
  return false;
}

export async function saveCategory(ctx: Ctx, id: number | null, form: CategoryForm): Promise<Outcome<number>> {
  const row = { slug: form.slug, parent_id: form.parent_id, name: JSON.stringify(texts(form, 'name')), position: form.position };
  try {
    return await inTransaction(ctx.db, async (trx): Promise<Outcome<number>> => {
      const all = await categories(trx);
      if (form.parent_id !== null && !all.some((c) => c.id === form.parent_id)) return { ok: false, errors: { parent_id: 'validation.invalid' } };
      if (id !== null && wouldLoop(all, id, form.parent_id)) return { ok: false, errors: { parent_id: 'categories.parent_loop' } };
      if (id === null) {
        const created = await q.insertCategory(trx, row);
        await recordAudit(trx, ctx, { action: 'category.created', subjectType: 'category', subjectId: created, after: row });
        return { ok: true, value: created };
      }
      const before = await q.categoryById(trx, id);
      if (!before) throw NotFound();
      await q.updateCategory(trx, id, row);
      await recordAudit(trx, ctx, { action: 'category.updated', subjectType: 'category', subjectId: id, before, after: row });
      return { ok: true, value: id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { slug: 'categories.slug_taken' } };
    throw error;
  }
}

export async function categoryForStaff(ctx: Ctx, id: number) {
  const category = await q.categoryById(ctx.db, id);
  if (!category) throw NotFound();
  return category;
}

export function categoryFormValues(c: { slug: string; parent_id: number | null; name: Record<string, string>; position: number }) {
  return { slug: c.slug, parent_id: c.parent_id === null ? '' : String(c.parent_id), position: String(c.position), ...Object.fromEntries(LOCALES.map((l) => [`name_${l}`, c.name[l] ?? ''])) };
}

// Images: JPEG, PNG or WebP, told by their first bytes rather than by what the upload claims.
const IMAGE_SIGNATURES: [string, number[]][] = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];
export function imageTypeOf(data: Uint8Array): string | null {
  for (const [type, signature] of IMAGE_SIGNATURES) if (signature.every((b, i) => data[i] === b)) return type;
  const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
  if (data.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export async function addImage(ctx: Ctx, productId: number, data: Buffer | undefined, alt: string): Promise<Outcome> {
  if (!data || data.length === 0) return { ok: false, errors: { image: 'validation.required' } };
  const contentType = imageTypeOf(data);
  if (!contentType) return { ok: false, errors: { image: 'products.image_type' } };
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    if (!(await q.productById(trx, productId))) throw NotFound();
    const position = (await q.imagesOf(trx, [productId])).length;
    const id = await q.insertImage(trx, { product_id: productId, content_type: contentType, data, alt: alt.replace(/\u0000/g, '').trim().slice(0, 200) || null, position });
    await recordAudit(trx, ctx, { action: 'product.image_added', subjectType: 'product', subjectId: productId, after: { image: id } });
    return { ok: true, value: undefined };
  });
}

export async function removeImage(ctx: Ctx, productId: number, imageId: number): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    if ((await q.deleteImage(trx, productId, imageId)) > 0) {
      await recordAudit(trx, ctx, { action: 'product.image_removed', subjectType: 'product', subjectId: productId, before: { image: imageId } });
    }
  });
}

// An image as served: staff see every product's; buyers only active products'.
export async function image(ctx: Ctx, id: number, staff: boolean) {
  const found = await q.imageData(ctx.db, id);
  if (!found || (!found.active && !staff)) throw NotFound();
  return found;
}
