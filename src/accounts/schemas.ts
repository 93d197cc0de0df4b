import { z } from 'zod';
import { LOCALES } from '../web/i18n.ts';

export const MIN_PASSWORD_LENGTH = 10;

const email = z.string().trim().min(1, 'validation.required').pipe(z.email('validation.email'));
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, 'validation.password_too_short')
  .max(200, 'validation.password_too_long');

export const loginForm = z.object({
  email,
  password: z.string().min(1, 'validation.required').max(200, 'validation.password_too_long'),
  next: z.string().optional(),
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

export const profileForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(200, 'validation.too_long'),
  locale: z.enum(LOCALES, 'validation.invalid'),
});

export const localeForm = z.object({ locale: z.enum(LOCALES), next: z.string().optional() });
