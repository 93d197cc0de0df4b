// Form parsing with a zod schema per form. Messages in schemas are translation keys, so a
// failed parse becomes { field: key } that the page shows beside each field.
import { z } from 'zod';
import { isDay } from '../lib/days.ts';
import { NotFound } from '../lib/errors.ts';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

// Text PostgreSQL cannot store (a NUL character) is refused here, for every form at once.
function fieldsWithNul(body: Record<string, unknown>): string[] {
  return Object.entries(body)
    .filter(([, value]) => [value].flat().some((v) => typeof v === 'string' && v.includes('\u0000')))
    .map(([field]) => field);
}

const TRANSLATION_KEY = /^[a-z_]+(\.[a-z_]+)+$/;

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const input = (body ?? {}) as Record<string, unknown>;
  const unstorable = fieldsWithNul(input);
  if (unstorable.length > 0) return { ok: false, errors: Object.fromEntries(unstorable.map((f) => [f, 'validation.invalid_characters'])) };
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    // A field missing from the form is "required"; any other message that is not one of ours
    // (a zod default) gets the generic "invalid" text.
    const message = TRANSLATION_KEY.test(issue.message) ? issue.message : input[field] === undefined ? 'validation.required' : 'validation.invalid';
    errors[field] ??= message;
  }
  return { ok: false, errors };
}

// A day typed as YYYY-MM-DD (a date input's value).
export const dayField = z.string().trim().min(1, 'validation.required').refine(isDay, 'validation.date');

// Ids in addresses and forms: a positive PostgreSQL integer, or nothing at all (then "not found").
const MAX_ID = 2_147_483_647;
// What was typed into a form's text fields, to show it again beside the errors.
export function typedValues(body: Record<string, unknown> | undefined, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, String(body?.[n] ?? '')]));
}

export function parseId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value)) return undefined;
  const id = Number(value);
  return id > 0 && id <= MAX_ID ? id : undefined;
}

// An id from the address: a number that is no id means the page does not exist.
export function idFrom(value: unknown): number {
  const id = parseId(value);
  if (id === undefined) throw NotFound();
  return id;
}

// A search box's text from a query string: one string, without characters the database refuses.
export function queryText(value: unknown, max = 100): string {
  return typeof value === 'string' ? value.replace(/\u0000/g, '').trim().slice(0, max) : '';
}
