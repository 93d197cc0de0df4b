// Form parsing with a zod schema per form. Messages in schemas are translation keys, so a
// failed parse becomes { field: key } that the page shows beside each field.
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    // A message that is not one of ours (a zod default) gets the generic "invalid" text.
    errors[field] ??= issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  }
  return { ok: false, errors };
}
