import { z } from 'zod';
import { LOCALES } from '../web/i18n.ts';
import { PERMISSIONS } from './permissions.ts';

export const MIN_PASSWORD_LENGTH = 10;

// 254 characters is the longest address mail servers accept.
const email = z.string().trim().min(1, 'validation.required').max(254, 'validation.email').pipe(z.email('validation.email'));
// bcrypt reads only the first 72 bytes of a password: longer ones are refused, not cut short.
const MAX_PASSWORD_BYTES = 72;
const newPassword = z
  .string()
  .min(1, 'validation.required')
  .min(MIN_PASSWORD_LENGTH, 'validation.password_too_short')
  .refine((p) => Buffer.byteLength(p) <= MAX_PASSWORD_BYTES, 'validation.password_too_long');

export const loginForm = z.object({
  email,
  password: z.string().min(1, 'validation.required').max(200, 'validation.invalid'),
});

export const forgotPasswordForm = z.object({ email });

const matchingPasswords = {
  path: ['password_confirmation'],
  message: 'validation.password_mismatch',
};

export const resetPasswordForm = z
  .object({ password: newPassword, password_confirmation: z.string() })
  .refine((f) => f.password === f.password_confirmation, matchingPasswords);

export const changePasswordForm = z
  .object({ current_password: z.string().min(1, 'validation.required'), password: newPassword, password_confirmation: z.string() })
  .refine((f) => f.password === f.password_confirmation, matchingPasswords);

// A login's language; empty: it follows its browser's (and its mail its customer's country's).
const savedLocale = z.union([z.literal(''), z.enum(LOCALES)], 'validation.invalid').transform((v) => (v === '' ? null : v));

export const profileForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(200, 'validation.too_long'),
  phone: z.string().trim().max(50, 'validation.too_long').default('').transform((v) => (v === '' ? null : v)),
  locale: savedLocale,
  newsletter: z.preprocess((v) => v === 'on', z.boolean()),
});

export const localeForm = z.object({ locale: z.enum(LOCALES), next: z.string().optional() });

const optionalText = (max: number) =>
  z.string().trim().max(max, 'validation.too_long').transform((v) => (v === '' ? null : v)).nullable().default(null);

// Checkboxes arrive as nothing (none ticked), one string, or an array of strings.
const checkboxList = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(values, 'validation.invalid')));

export const companyUserForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(200, 'validation.too_long'),
  email,
  phone: optionalText(50),
  locale: savedLocale,
  permissions: checkboxList(PERMISSIONS),
});


const checkbox = z.preprocess((v) => v === 'on' || v === '1' || v === 'true', z.boolean());
// ISO 3166 two-letter codes: Intl knows their names, and for most codes that are no country
// it has none; the few regions and placeholders it does name are refused by hand.
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const notCountries = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'UK']);
const isCountry = (code: string) => /^[A-Z]{2}$/.test(code) && !notCountries.has(code) && regionNames.of(code) !== undefined;
export const countryCode = z.string().trim().toUpperCase().refine(isCountry, 'validation.country');

export const customerForm = z.object({
  customer_number: z.string().trim().max(30, 'validation.too_long').regex(/^[A-Za-z0-9-]*$/, 'customers.number_format').transform((v) => (v === '' ? null : v)),
  name: z.string().trim().min(1, 'validation.required').max(200, 'validation.too_long'),
  kind: z.enum(['company', 'person'], 'validation.invalid'),
  country: countryCode,
  organisation_number: optionalText(50),
  phone: optionalText(50),
  email: z.string().trim().max(200, 'validation.too_long').pipe(z.union([z.literal(''), z.email('validation.email')])).transform((v) => (v === '' ? null : v)),
  invoice_customer: checkbox,
  allow_child_delivery_address: checkbox,
  restricted_catalogue: checkbox,
  extra_order_copy_email: z.string().trim().max(200, 'validation.too_long').pipe(z.union([z.literal(''), z.email('validation.email')])).transform((v) => (v === '' ? null : v)),
});

export const linkForm = z.object({ child_id: z.string('customers.link_not_found').regex(/^\d{1,10}$/, 'customers.link_not_found').transform(Number).pipe(z.number().int().positive('customers.link_not_found').max(2_147_483_647, 'customers.link_not_found')) });

export const settingsForm = z.object({
  allow_parent_login_as_child: checkbox,
  allow_child_login: checkbox,
  order_mail_to_parent_only: checkbox,
  account_required_text_en: z.string().trim().max(2000, 'validation.too_long').default(''),
  account_required_text_sv: z.string().trim().max(2000, 'validation.too_long').default(''),
  account_required_text_nb: z.string().trim().max(2000, 'validation.too_long').default(''),
  account_required_text_de: z.string().trim().max(2000, 'validation.too_long').default(''),
});

const requiredText = (max: number) => z.string().trim().min(1, 'validation.required').max(max, 'validation.too_long');
const optionalEmail = z.string().trim().max(200, 'validation.too_long').pipe(z.union([z.literal(''), z.email('validation.email')])).transform((v) => (v === '' ? null : v));

export const addressForm = z.object({
  name: requiredText(200),
  line1: requiredText(200),
  line2: optionalText(200),
  postal_code: requiredText(12).regex(/^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]*$/, 'validation.postal_code'),
  city: requiredText(100).regex(/\p{L}/u, 'validation.city'),
  country: countryCode,
  is_default: checkbox,
});

export const subCustomerForm = z.object({
  name: requiredText(200),
  phone: optionalText(50),
  email: optionalEmail,
  extra_order_copy_email: optionalEmail,
});
