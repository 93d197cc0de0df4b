import { z } from 'zod';
import { countryCode } from '../accounts/schemas.ts';
import { LOCALES } from '../web/i18n.ts';
import { parseAttribute, parsePrice, parseQuantity, parseVat, SKU_PATTERN, SLUG_PATTERN } from './csv.ts';

const currencies = new Set(Intl.supportedValuesOf('currency'));

export const priceListForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(100, 'validation.too_long'),
  parent_id: z.string().default('').transform((v) => (v === '' ? null : Number(v))).pipe(z.number().int().positive().nullable()),
  country: z.string().trim().default('').pipe(z.union([z.literal(''), countryCode])).transform((v) => (v === '' ? null : v)),
  currency: z.string().trim().toUpperCase().refine((c) => currencies.has(c), 'price_lists.currency_invalid'),
});

const text = (max: number) => z.string().trim().max(max, 'validation.too_long').default('');
const optionalId = z.string().default('').transform((v) => (v === '' ? null : Number(v))).pipe(z.number().int().positive().max(2_147_483_647).nullable());
const fromCheck = <T>(check: (v: string) => { ok: true; value: T } | { ok: false; key: string }) =>
  z.string().trim().default('').transform((v, ctx) => {
    const result = check(v);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.key });
    return z.NEVER;
  });

const perLocale = (base: string, max: number, requiredEn: boolean) =>
  Object.fromEntries(LOCALES.map((l) => [`${base}_${l}`, l === 'en' && requiredEn ? text(max).pipe(z.string().min(1, 'validation.required')) : text(max)]));

export const productForm = z.object({
  sku: z.string().trim().min(1, 'validation.required').regex(SKU_PATTERN, 'products.sku_invalid'),
  group_key: text(64).transform((v) => v || null),
  category_id: optionalId,
  ...perLocale('name', 200, true),
  ...perLocale('description', 5000, false),
  colour: text(200).transform(parseAttribute),
  size: text(200).transform(parseAttribute),
  vat_percent: fromCheck(parseVat),
  active: z.preprocess((v) => v === 'on', z.boolean()),
});
export type ProductForm = z.infer<typeof productForm>;

export const categoryForm = z.object({
  slug: z.string().trim().toLowerCase().min(1, 'validation.required').max(64, 'validation.too_long').regex(SLUG_PATTERN, 'categories.slug_invalid'),
  parent_id: optionalId,
  ...perLocale('name', 200, true),
  position: z.string().trim().default('0').pipe(z.string().regex(/^-?\d{1,6}$/, 'validation.invalid')).transform(Number),
});
export type CategoryForm = z.infer<typeof categoryForm>;

export const priceForm = z.object({
  price_list_id: z.string().default('').pipe(z.string().min(1, 'validation.required')).transform(Number).pipe(z.number().int().positive().max(2_147_483_647)),
  min_qty: fromCheck(parseQuantity),
  unit_price: fromCheck(parsePrice),
});
