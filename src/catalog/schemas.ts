import { z } from 'zod';
import { countryCode } from '../accounts/schemas.ts';

const currencies = new Set(Intl.supportedValuesOf('currency'));

export const priceListForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(100, 'validation.too_long'),
  parent_id: z.string().default('').transform((v) => (v === '' ? null : Number(v))).pipe(z.number().int().positive().nullable()),
  country: z.string().trim().default('').pipe(z.union([z.literal(''), countryCode])).transform((v) => (v === '' ? null : v)),
  currency: z.string().trim().toUpperCase().refine((c) => currencies.has(c), 'price_lists.currency_invalid'),
});
