import { z } from 'zod';
import { countryCode } from '../accounts/schemas.ts';

const text = (max: number) => z.string().trim().max(max, 'validation.too_long');
const optional = (max: number) => text(max).transform((v) => (v === '' ? null : v));

export const accountRequestForm = z.object({
  company_name: text(200).min(1, 'validation.required'),
  organisation_number: text(50).min(1, 'validation.required'),
  contact_name: text(200).min(1, 'validation.required'),
  email: z.string().trim().min(1, 'validation.required').pipe(z.email('validation.email')),
  phone: optional(50),
  country: countryCode,
  message: optional(4000),
});

export const conversionForm = z.object({
  name: text(200).min(1, 'validation.required'),
  country: countryCode,
  organisation_number: optional(50),
  admin_name: text(200).min(1, 'validation.required'),
  admin_email: z.string().trim().min(1, 'validation.required').pipe(z.email('validation.email')),
});

export const productRequestForm = z.object({
  message: text(4000).min(1, 'validation.required'),
});
