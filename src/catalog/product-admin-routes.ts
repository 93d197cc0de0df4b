// Staff's catalogue pages: /admin/products (with variants, prices and images), /admin/categories,
// and CSV imports and exports at /admin/imports. Mounted behind the staff guard.
import { Router, type Request, type Response } from 'express';
import { NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm, parseId, queryText } from '../web/forms.ts';
import { LOCALES } from '../web/i18n.ts';
import { uploadedFile } from '../web/uploads.ts';
import { renderStaff } from '../web/views.ts';
import { searchTerms } from './browse.ts';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from './csv.ts';
import { checkImport, exportCsv, importStatus, PREVIEW_ROWS, recentImports, startImport } from './imports.ts';
import {
  addImage, categoryForStaff, categoryFormValues, productForStaff, productFormValues, removeImage, removePrice, saveCategory,
  saveProduct, setPrice, staffProductPage,
} from './product-admin.ts';
import { categories, priceLists } from './queries.ts';
import { depthFirst } from './rules.ts';
import { categoryForm, priceForm, productForm } from './schemas.ts';

const blankProduct = {
  sku: '', group_key: '', category_id: '', colour: '', size: '', vat_percent: '25', active: true,
  ...Object.fromEntries(LOCALES.flatMap((l) => [[`name_${l}`, ''], [`description_${l}`, '']])),
};
const blankCategory = { slug: '', parent_id: '', position: '0', ...Object.fromEntries(LOCALES.map((l) => [`name_${l}`, ''])) };

// What was typed, to show again beside the errors.
function typed(body: Record<string, unknown> | undefined, blank: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(blank).map((k) => [k, typeof blank[k] === 'boolean' ? body?.[k] === 'on' : String(body?.[k] ?? '')]));
}

// Categories in tree order, each named in the reader's language.
function categoryTree(rows: Awaited<ReturnType<typeof categories>>, locale: string) {
  return depthFirst(rows).map((c) => ({ ...c, label: c.name[locale] ?? c.name.en ?? c.slug }));
}

const isKind = (value: unknown): value is ImportKind => IMPORT_KINDS.includes(value as ImportKind);

export function productAdminRoutes(deps: WebDeps): Router {
  const router = Router();
  const ctxOf = (req: Request) => contextFor(deps, req);
  // Products
  router.get('/products', async (req, res) => {
    const query = queryText(req.query.q);
    const after = queryText(req.query.after, 64) || null;
    const page = await staffProductPage(ctxOf(req), searchTerms(query), after);
    const tree = categoryTree(await categories(deps.db), req.locale);
    renderStaff(res, 'catalog/admin/products/index', { ...page, query, categoryNames: new Map(tree.map((c) => [c.id, c.label])) });
  });

  type ProductPageLocals = { values: Record<string, unknown>; errors: Record<string, string>; productId: number | null } & Record<string, unknown>;
  const productFormPage = async (req: Request, res: Response, locals: ProductPageLocals, status = 200) => {
    const tree = categoryTree(await categories(deps.db), req.locale);
    const details = locals.productId ? await productForStaff(ctxOf(req), locals.productId) : null;
    const view = locals.productId ? 'catalog/admin/products/edit' : 'catalog/admin/products/new';
    renderStaff(res, view, { tree, details, priceValues: { price_list_id: '', min_qty: '1', unit_price: '' }, priceErrors: {}, imageErrors: {}, ...locals }, status);
  };
  // The product page again with a refused price or image: the product as stored, the message by its field.
  const productPageWith = async (req: Request, res: Response, id: number, extra: Record<string, unknown>) => {
    const { product } = await productForStaff(ctxOf(req), id);
    await productFormPage(req, res, { values: productFormValues(product), errors: {}, productId: id, ...extra }, 422);
  };

  router.get('/products/new', async (req, res) => {
    // "Add a variant" starts from a copy of the product, in the same group, without its article number.
    const fromId = parseId(req.query.from);
    let values: Record<string, unknown> = blankProduct;
    if (fromId) {
      const { product } = await productForStaff(ctxOf(req), fromId);
      values = { ...productFormValues(product), sku: '', group_key: product.group_key || product.sku };
    }
    await productFormPage(req, res, { values, errors: {}, productId: null });
  });

  router.post('/products', async (req, res) => {
    const form = parseForm(productForm, req.body);
    const outcome = form.ok ? await saveProduct(ctxOf(req), null, form.data) : form;
    if (!outcome.ok) return productFormPage(req, res, { values: typed(req.body, blankProduct), errors: outcome.errors, productId: null }, 422);
    flash(req, 'success', 'products.created');
    res.redirect(`/admin/products/${outcome.value}`);
  });

  router.get('/products/:id', async (req, res) => {
    const id = idFrom(req.params.id);
    const { product } = await productForStaff(ctxOf(req), id);
    await productFormPage(req, res, { values: productFormValues(product), errors: {}, productId: id });
  });

  router.post('/products/:id', async (req, res) => {
    const id = idFrom(req.params.id);
    const form = parseForm(productForm, req.body);
    const outcome = form.ok ? await saveProduct(ctxOf(req), id, form.data) : form;
    if (!outcome.ok) return productFormPage(req, res, { values: typed(req.body, blankProduct), errors: outcome.errors, productId: id }, 422);
    flash(req, 'success', 'products.saved');
    res.redirect(`/admin/products/${id}`);
  });

  router.post('/products/:id/prices', async (req, res) => {
    const id = idFrom(req.params.id);
    const form = parseForm(priceForm, req.body);
    const outcome = form.ok ? await setPrice(ctxOf(req), id, form.data) : form;
    if (!outcome.ok) {
      const priceValues = typed(req.body, { price_list_id: '', min_qty: '', unit_price: '' });
      return productPageWith(req, res, id, { priceValues, priceErrors: outcome.errors });
    }
    flash(req, 'success', 'products.price_saved');
    res.redirect(`/admin/products/${id}#prices`);
  });

  router.post('/products/:id/prices/removal', async (req, res) => {
    const id = idFrom(req.params.id);
    const listId = parseId(req.body?.price_list_id);
    const minQty = parseId(req.body?.min_qty);
    // Removed already (a second click), or never there: not found, and no "removed" message.
    if (!listId || !minQty || !(await removePrice(ctxOf(req), id, { price_list_id: listId, min_qty: minQty }))) throw NotFound();
    flash(req, 'success', 'products.price_removed');
    res.redirect(`/admin/products/${id}#prices`);
  });

  router.post('/products/:id/images', async (req, res) => {
    const id = idFrom(req.params.id);
    const file = uploadedFile(req);
    const outcome = file.ok ? await addImage(ctxOf(req), id, file.data, String(req.body?.alt ?? '')) : { ok: false as const, errors: { image: file.error } };
    if (!outcome.ok) return productPageWith(req, res, id, { imageErrors: outcome.errors });
    flash(req, 'success', 'products.image_added');
    res.redirect(`/admin/products/${id}#images`);
  });

  router.post('/products/:id/images/:imageId/removal', async (req, res) => {
    const id = idFrom(req.params.id);
    await removeImage(ctxOf(req), id, idFrom(req.params.imageId));
    flash(req, 'success', 'products.image_removed');
    res.redirect(`/admin/products/${id}#images`);
  });

  // Categories
  const categoriesPage = async (req: Request, res: Response, values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const tree = categoryTree(await categories(deps.db), req.locale);
    renderStaff(res, 'catalog/admin/categories', { tree, values, errors }, status);
  };

  router.get('/categories', (req, res) => categoriesPage(req, res, blankCategory, {}));

  router.post('/categories', async (req, res) => {
    const form = parseForm(categoryForm, req.body);
    const outcome = form.ok ? await saveCategory(ctxOf(req), null, form.data) : form;
    if (!outcome.ok) return categoriesPage(req, res, typed(req.body, blankCategory), outcome.errors, 422);
    flash(req, 'success', 'categories.created');
    res.redirect('/admin/categories');
  });

  const categoryPage = async (req: Request, res: Response, id: number, values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const tree = categoryTree(await categories(deps.db), req.locale);
    renderStaff(res, 'catalog/admin/category-edit', { id, tree: tree.filter((c) => c.id !== id), values, errors }, status);
  };

  router.get('/categories/:id', async (req, res) => {
    const id = idFrom(req.params.id);
    await categoryPage(req, res, id, categoryFormValues(await categoryForStaff(ctxOf(req), id)), {});
  });

  router.post('/categories/:id', async (req, res) => {
    const id = idFrom(req.params.id);
    const form = parseForm(categoryForm, req.body);
    const outcome = form.ok ? await saveCategory(ctxOf(req), id, form.data) : form;
    if (!outcome.ok) return categoryPage(req, res, id, typed(req.body, blankCategory), outcome.errors, 422);
    flash(req, 'success', 'categories.saved');
    res.redirect('/admin/categories');
  });

  // Imports and exports
  const importsPage = async (req: Request, res: Response, locals: Record<string, unknown>, status = 200) => {
    const [imports, lists] = await Promise.all([recentImports(ctxOf(req)), priceLists(deps.db)]);
    renderStaff(res, 'catalog/admin/imports/index', { imports, lists, columns: COLUMNS, kind: 'products', errors: {}, fileError: null, rowErrors: null, ...locals }, status);
  };

  router.get('/imports', (req, res) => importsPage(req, res, {}));

  router.post('/imports', async (req, res) => {
    const kind = req.body?.kind;
    if (!isKind(kind)) return importsPage(req, res, { errors: { kind: 'validation.required' } }, 422);
    const file = uploadedFile(req);
    if (!file.ok) return importsPage(req, res, { kind, errors: { file: file.error } }, 422);
    const checked = await checkImport(ctxOf(req), kind, file.name, file.data);
    if (!checked.ok) {
      return 'fileError' in checked
        ? importsPage(req, res, { kind, errors: { file: checked.fileError.key }, fileError: checked.fileError }, 422)
        : importsPage(req, res, { kind, rowErrors: checked.rowErrors, rowCount: checked.rowCount, fileName: file.name }, 422);
    }
    res.redirect(`/admin/imports/${checked.id}`);
  });

  router.get('/imports/:id', async (req, res) => {
    const record = await importStatus(ctxOf(req), idFrom(req.params.id));
    renderStaff(res, 'catalog/admin/imports/show', { record, previewSize: PREVIEW_ROWS, refresh: record.status === 'queued' || record.status === 'running' });
  });

  router.post('/imports/:id/start', async (req, res) => {
    const id = idFrom(req.params.id);
    await startImport(ctxOf(req), id);
    res.redirect(`/admin/imports/${id}`);
  });

  router.get('/exports/:kind.csv', async (req, res) => {
    const kind = req.params.kind;
    if (!isKind(kind)) throw NotFound();
    const listId = kind === 'prices' ? parseId(req.query.list) ?? null : null;
    res.attachment(listId ? `${kind}-${listId}.csv` : `${kind}.csv`).type('text/csv; charset=utf-8');
    await exportCsv(ctxOf(req), kind, listId, res);
  });

  return router;
}
