// CSV imports and exports of products and prices for shop staff. A file is checked whole when
// uploaded (nothing is written while any row has a problem); staff then start it, and a
// background job writes every row in one transaction, counting progress for the page as it
// goes. The job checks the file again first: the catalogue may have changed meanwhile.
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { recordAudit } from '../audit/index.ts';
import type { Db, Trx } from '../db/knex.ts';
import { inTransaction } from '../db/transaction.ts';
import { addJob } from '../jobs/index.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { formatMinorUnits } from '../lib/money.ts';
import { LOCALES } from '../web/i18n.ts';
import {
  checkFile, COLUMNS, decode, formatAttribute, formatVat, skusByUpper,
  type FileError, type ImportKind, type Known, type PriceImportRow, type ProductImportRow, type RowError,
} from './csv.ts';
import * as q from './import-queries.ts';
import { priceLists } from './queries.ts';

export const IMPORT_TASK = 'import_catalogue';
const BATCH = 500;
export const PREVIEW_ROWS = 10;

// What the file's checks ask of the catalogue as it is now.
const knownIn = (db: Db | Trx) => async (skus: string[]): Promise<Known> => {
  const [categories, lists, products] = await Promise.all([q.knownCategorySlugs(db), priceLists(db), q.productIdsBySku(db, skus)]);
  return {
    categorySlugs: new Set(categories.map((c) => c.slug)),
    priceLists: new Set(lists.map((l) => l.name.toLowerCase())),
    skus: skusByUpper(products.map((p) => p.sku)),
  };
};

export type CheckOutcome =
  | { ok: true; id: number; rowCount: number }
  | { ok: false; fileError: FileError }
  | { ok: false; rowErrors: RowError[]; rowCount: number };

export async function checkImport(ctx: Ctx, kind: ImportKind, fileName: string, bytes: Uint8Array): Promise<CheckOutcome> {
  const text = decode(bytes);
  if (text === null) return { ok: false, fileError: { key: 'imports.bad_encoding' } };
  const checked = await checkFile(kind, text, knownIn(ctx.db));
  if (!checked.ok) return checked;
  const id = await q.insertImport(ctx.db, { kind, file_name: fileName.slice(0, 200), content: text, row_count: checked.rows.length, created_by: ctx.actor?.userId ?? null });
  return { ok: true, id, rowCount: checked.rows.length };
}

export async function importStatus(ctx: Ctx, id: number) {
  const record = await q.importById(ctx.db, id);
  if (!record) throw NotFound();
  const text = record.status === 'checked' ? record.content : '';
  const preview = text ? await checkFile(record.kind, text, knownIn(ctx.db)) : null;
  const { content: _content, ...rest } = record;
  // The first rows as they will be written, in the file's own columns and notation.
  const toLine = record.kind === 'products' ? asProductLine : asPriceLine;
  const rows = preview?.ok ? preview.rows.slice(0, PREVIEW_ROWS) : [];
  return { ...rest, columns: COLUMNS[record.kind], preview: rows.map((row) => toLine(row as never)) };
}

export function recentImports(ctx: Ctx) {
  return q.recentImports(ctx.db);
}

// Starting twice (a double click) starts it once.
export async function startImport(ctx: Ctx, id: number): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    if (!(await q.importById(trx, id))) throw NotFound();
    if (await q.moveImport(trx, id, 'checked', { status: 'queued' })) await addJob(trx, IMPORT_TASK, { id }, { maxAttempts: 1 });
  });
}

// The job. Progress is written outside the import's transaction, so the page sees it move.
export async function runImport(db: Db, id: number, now = new Date()): Promise<void> {
  if (!(await q.moveImport(db, id, 'queued', { status: 'running', processed: 0 }))) return;
  const record = (await q.importById(db, id))!;
  const checked = await checkFile(record.kind, record.content, knownIn(db));
  if (!checked.ok) {
    const errors = 'rowErrors' in checked ? checked.rowErrors : [{ line: 0, column: null, ...checked.fileError }];
    await q.moveImport(db, id, 'running', { status: 'failed', errors, finished_at: now });
    return;
  }
  const ctx: Ctx = { db, actor: record.created_by ? { userId: record.created_by, organisationId: null, staffRole: 'staff' } : null, now, baseUrl: '' };
  try {
    await inTransaction(db, async (trx) => {
      const categoryIds = new Map((await q.knownCategorySlugs(trx)).map((c) => [c.slug, c.id]));
      const listIds = new Map((await priceLists(trx)).map((l) => [l.name.toLowerCase(), l.id]));
      for (let start = 0; start < checked.rows.length; start += BATCH) {
        const batch = checked.rows.slice(start, start + BATCH);
        if (record.kind === 'products') await q.upsertProducts(trx, batch as ProductImportRow[], categoryIds, now);
        else await q.upsertPrices(trx, batch as PriceImportRow[], listIds);
        await q.setProgress(db, id, start + batch.length);
      }
      await recordAudit(trx, ctx, { action: `catalogue.${record.kind}_imported`, subjectType: 'catalogue_import', subjectId: id, after: { file: record.file_name, rows: checked.rows.length } });
      await q.moveImport(trx, id, 'running', { status: 'done', finished_at: now });
    });
  } catch (error) {
    await q.moveImport(db, id, 'running', { status: 'failed', processed: 0, errors: [{ line: 0, column: null, key: 'imports.write_failed' }], finished_at: now });
    throw error;
  }
}

const texts = (value: Record<string, string>) => LOCALES.map((locale) => value[locale] ?? '');

const asProductLine = (p: { sku: string; group_key: string | null; category: string | null; name: Record<string, string>; description: Record<string, string>; attributes: Record<string, string | Record<string, string>>; vat_rate_bp: number; active: boolean }) => [
  p.sku, p.group_key ?? '', p.category ?? '', ...texts(p.name), ...texts(p.description),
  formatAttribute(p.attributes.colour), formatAttribute(p.attributes.size), formatVat(p.vat_rate_bp), p.active ? 'yes' : 'no',
];

const asPriceLine = (p: { price_list: string; sku: string; min_qty: number; unit_price: number }) => [p.price_list, p.sku, String(p.min_qty), formatMinorUnits(Number(p.unit_price))];

// The same columns the import reads, so an export edited in a spreadsheet imports again.
// Streamed from the database to `out`, so a million prices never sit in memory at once.
export async function exportCsv(ctx: Ctx, kind: ImportKind, priceListId: number | null, out: Writable): Promise<void> {
  const source = kind === 'products' ? q.productsForExport(ctx.db) : q.pricesForExport(ctx.db, priceListId);
  const toLine = kind === 'products' ? asProductLine : asPriceLine;
  const lines = new Transform({
    objectMode: true,
    transform(row, _encoding, done) {
      done(null, toLine(row));
    },
  });
  await pipeline(source, lines, stringify({ header: true, columns: [...COLUMNS[kind]], bom: true }), out);
}
