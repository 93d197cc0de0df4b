// The catalogue's CSV files: what their columns are, how a file becomes checked rows (every
// problem named by line and column), and how rows become a file again. Pure: whether a category,
// price list or article number exists is asked of the caller through `known`.
import { parse } from 'csv-parse/sync';
import { parseAmountInput } from '../lib/money.ts';
import { LOCALES } from '../web/i18n.ts';

export type ImportKind = 'products' | 'prices';
export const IMPORT_KINDS: readonly ImportKind[] = ['products', 'prices'];

const localized = (base: string) => LOCALES.map((locale) => `${base}_${locale}`);
export const COLUMNS: Record<ImportKind, readonly string[]> = {
  products: ['sku', 'group', 'category', ...localized('name'), ...localized('description'), 'colour', 'size', 'vat_percent', 'active'],
  prices: ['price_list', 'sku', 'min_qty', 'unit_price'],
};

export const MAX_QTY = 100_000;
const MAX_ROWS = 200_000;
const MAX_PRICE_MINOR = 1_000_000_000_00;
const PRICE_MAJOR_DIGITS = 10;

export type RowError = { line: number; column: string | null; key: string; params?: Record<string, string | number> };
export type FileError = { key: string; params?: Record<string, string | number> };

export type ProductImportRow = {
  sku: string;
  group_key: string | null;
  category: string | null;
  name: Record<string, string>;
  description: Record<string, string>;
  attributes: Record<string, string | Record<string, string>>;
  vat_rate_bp: number;
  active: boolean;
};
export type PriceImportRow = { price_list: string; sku: string; min_qty: number; unit_price: number };
export type ImportRow = ProductImportRow | PriceImportRow;

// What the checks need to know about the catalogue as it is (price list names in lower case).
// `skus`: the article numbers of products there are, as written, by their upper case.
export type Known = { categorySlugs: Set<string>; priceLists: Set<string>; skus: Map<string, string> };

export function skusByUpper(skus: Iterable<string>): Map<string, string> {
  return new Map(Array.from(skus, (sku) => [sku.toUpperCase(), sku]));
}

// Article numbers are one product whatever the case: the number as the product has it.
function productSku(known: Known, typed: string): string | undefined {
  return known.skus.get(typed.toUpperCase());
}

export type Checked<R> = { ok: true; rows: R[] } | { ok: false; fileError: FileError } | { ok: false; rowErrors: RowError[]; rowCount: number };

// Bytes to text: UTF-8 only (with or without Excel's byte-order mark). Anything else would
// turn "Kopieringspapper" into mojibake, so it is refused with a hint how to save the file.
// A NUL character means a binary file (a spreadsheet saved as .xlsx, say), which PostgreSQL
// could not store either.
export function decode(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

// Excel writes ";" where the decimal mark is a comma (Sweden, Norway, Germany): take whichever
// separator the header line uses.
export function delimiterOf(text: string): ',' | ';' | '\t' {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = ([',', ';', '\t'] as const).map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

type RawRow = { line: number; values: Record<string, string>; width: number };

function records(text: string, kind: ImportKind): { ok: true; header: string[]; rows: RawRow[] } | { ok: false; fileError: FileError } {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with the line it ended on; the declared types do not say so.
    parsed = (parse as (input: string, options: object) => typeof parsed)(text, { delimiter: delimiterOf(text), bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { ok: false, fileError: { key: 'imports.malformed', params: { line } } };
  }
  if (parsed.length === 0) return { ok: false, fileError: { key: 'imports.empty' } };
  const header = parsed[0].record.map((h) => h.toLowerCase());
  const expected = COLUMNS[kind];
  const missing = expected.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !expected.includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    return { ok: false, fileError: { key: 'imports.columns', params: { missing: missing.join(', ') || '—', unknown: unknown.join(', ') || '—', expected: expected.join(',') } } };
  }
  if (parsed.length - 1 > MAX_ROWS) return { ok: false, fileError: { key: 'imports.too_many_rows', params: { max: MAX_ROWS } } };
  const rows = parsed.slice(1).map(({ record, info }) => ({
    line: info.lines,
    width: record.length,
    values: Object.fromEntries(header.map((column, i) => [column, record[i] ?? ''])),
  }));
  return { ok: true, header, rows };
}

// "12.50" or "12,50" → 1250: a decimal comma as Swedish, Norwegian and German Excel writes it,
// so an export edited there imports again. "1,500" (a thousand, or one and a half?) is refused
// with its own message, as is a currency sign: those are the usual slips.
export function parsePrice(text: string): { ok: true; value: number } | { ok: false; key: string } {
  if (text === '') return { ok: false, key: 'validation.required' };
  if (/[^\d.,\s-]/.test(text)) return { ok: false, key: 'imports.price_sign' };
  if (text.startsWith('-')) return { ok: false, key: 'imports.price_negative' };
  const value = parseAmountInput(text, PRICE_MAJOR_DIGITS);
  if (value === null) return { ok: false, key: text.includes(',') ? 'imports.price_comma' : 'imports.price_format' };
  return value > MAX_PRICE_MINOR ? { ok: false, key: 'imports.price_format' } : { ok: true, value };
}


// Quantities: whole numbers from 1 to 100,000.
export function parseQuantity(text: string): { ok: true; value: number } | { ok: false; key: string } {
  if (!/^\d+$/.test(text)) return { ok: false, key: text === '' ? 'validation.required' : 'cart.qty_range' };
  const value = Number(text);
  return value >= 1 && value <= MAX_QTY ? { ok: true, value } : { ok: false, key: 'cart.qty_range' };
}

// "25", "8.1" or "8,1" per cent → basis points.
export function parseVat(text: string): { ok: true; value: number } | { ok: false; key: string } {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text);
  const value = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : NaN;
  return match && value <= 10_000 ? { ok: true, value } : { ok: false, key: 'products.vat_invalid' };
}

export function formatVat(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, '');
}

// An attribute is plain text ("M") or text per language ("en:Black|sv:Svart").
export function parseAttribute(text: string): string | Record<string, string> | null {
  if (text === '') return null;
  const parts = text.split('|').map((part) => /^([a-z]{2}):(.*)$/.exec(part.trim()));
  if (parts.every((p) => p && (LOCALES as readonly string[]).includes(p[1]))) return Object.fromEntries(parts.map((p) => [p![1], p![2].trim()]));
  return text;
}

export function formatAttribute(value: string | Record<string, string> | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : Object.entries(value).map(([locale, text]) => `${locale}:${text}`).join('|');
}

const ACTIVE: Record<string, boolean> = { '': true, yes: true, true: true, '1': true, ja: true, no: false, false: false, '0': false, nej: false, nei: false, nein: false };
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function checkProduct(raw: RawRow, known: Known, seen: Set<string>): { row?: ProductImportRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const v = raw.values;
  const fail = (column: string, key: string, params?: RowError['params']) => errors.push({ line: raw.line, column, key, params });
  const existing = productSku(known, v.sku);
  if (!SKU_PATTERN.test(v.sku)) fail('sku', v.sku === '' ? 'validation.required' : 'products.sku_invalid');
  else if (seen.has(v.sku.toUpperCase())) fail('sku', 'imports.duplicate_row');
  else if (existing && existing !== v.sku) fail('sku', 'imports.sku_other_case', { value: existing });
  seen.add(v.sku.toUpperCase());
  if (v.category !== '' && !known.categorySlugs.has(v.category)) fail('category', 'imports.unknown_category', { value: v.category });
  if (v.name_en === '') fail('name_en', 'validation.required');
  for (const column of [...localized('name'), 'group', 'colour', 'size']) if (v[column].length > 200) fail(column, 'validation.too_long');
  for (const column of localized('description')) if (v[column].length > 5000) fail(column, 'validation.too_long');
  const vat = parseVat(v.vat_percent === '' ? '25' : v.vat_percent);
  if (!vat.ok) fail('vat_percent', vat.key);
  const active = ACTIVE[v.active.toLowerCase()];
  if (active === undefined) fail('active', 'imports.active_invalid');
  if (errors.length > 0 || !vat.ok) return { errors };
  const texts = (base: string) => Object.fromEntries(LOCALES.map((l) => [l, v[`${base}_${l}`]]).filter(([, text]) => text !== ''));
  const attributes = Object.fromEntries((['colour', 'size'] as const).map((a) => [a, parseAttribute(v[a])]).filter(([, value]) => value !== null));
  return {
    errors,
    row: { sku: v.sku, group_key: v.group || null, category: v.category || null, name: texts('name'), description: texts('description'), attributes, vat_rate_bp: vat.value, active: active! },
  };
}

function checkPrice(raw: RawRow, known: Known, seen: Set<string>): { row?: PriceImportRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const v = raw.values;
  const fail = (column: string, key: string, params?: RowError['params']) => errors.push({ line: raw.line, column, key, params });
  if (!known.priceLists.has(v.price_list.toLowerCase())) fail('price_list', v.price_list === '' ? 'validation.required' : 'imports.unknown_price_list', { value: v.price_list });
  const sku = productSku(known, v.sku);
  if (!sku) fail('sku', v.sku === '' ? 'validation.required' : 'imports.unknown_sku', { value: v.sku });
  const qty = parseQuantity(v.min_qty === '' ? '1' : v.min_qty);
  if (!qty.ok) fail('min_qty', qty.key);
  const price = parsePrice(v.unit_price);
  if (!price.ok) fail('unit_price', price.key);
  const key = `${v.price_list.toLowerCase()}\u0000${sku ?? v.sku}\u0000${qty.ok ? qty.value : v.min_qty}`;
  if (seen.has(key)) fail('sku', 'imports.duplicate_row');
  seen.add(key);
  if (errors.length > 0 || !qty.ok || !price.ok || !sku) return { errors };
  return { errors, row: { price_list: v.price_list, sku, min_qty: qty.value, unit_price: price.value } };
}

// Every row is checked even after the first problem, so staff fix a file in one go. The file
// is read once; `lookup` is asked what the catalogue knows of the article numbers it names.
export async function checkFile(kind: ImportKind, text: string, lookup: (skus: string[]) => Promise<Known>): Promise<Checked<ImportRow>> {
  const file = records(text, kind);
  if (!file.ok) return file;
  if (file.rows.length === 0) return { ok: false, fileError: { key: 'imports.empty' } };
  const known = await lookup([...new Set(file.rows.map((r) => r.values.sku).filter((s) => s !== ''))]);
  const seen = new Set<string>();
  const rows: ImportRow[] = [];
  const rowErrors: RowError[] = [];
  for (const raw of file.rows) {
    if (raw.width !== file.header.length) {
      rowErrors.push({ line: raw.line, column: null, key: 'imports.row_width', params: { got: raw.width, expected: file.header.length } });
      continue;
    }
    const checked = kind === 'products' ? checkProduct(raw, known, seen) : checkPrice(raw, known, seen);
    rowErrors.push(...checked.errors);
    if (checked.row) rows.push(checked.row);
  }
  return rowErrors.length > 0 ? { ok: false, rowErrors, rowCount: file.rows.length } : { ok: true, rows };
}
