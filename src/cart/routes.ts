// /cart: the buyer's cart. Adding comes from the product page, which is shown again with the
// message by the quantity when something is wrong.
import { Router, type Request, type Response } from 'express';
import { decode, productPage } from '../catalog/index.ts';
import { employeesToChoose, staleMarks } from '../employees/index.ts';
import { NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm } from '../web/forms.ts';
import { requireCustomer, requirePermission } from '../web/guards.ts';
import { uploadedFile } from '../web/uploads.ts';
import { addForm, quantityForm } from './schemas.ts';
import { addCheckedLines, checkLines, linesFromCsv, MAX_LINES, parseLines } from './quick-order.ts';
import { addToCart, cartView, changeQuantity, markCartLines, MAX_QTY, removeFromCart, type CartOwner } from './service.ts';

const ownerOf = (req: Request): CartOwner => ({ userId: req.user!.id, organisationId: req.user!.organisation_id! });
const viewerOf = (req: Request) => ({ organisationId: req.user!.organisation_id, showPrices: req.user!.permissions.includes('view_prices'), locale: req.locale });

export function cartRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/cart', requireCustomer(), requirePermission('place_orders'));

  const showCart = async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const cart = await cartView(contextFor(deps, req), ownerOf(req));
    if (cart.removed > 0) res.locals.flash = [...res.locals.flash, { kind: 'info', key: 'cart.removed_inactive', params: { count: cart.removed } }];
    const employees = await employeesToChoose(contextFor(deps, req), ownerOf(req).organisationId);
    const markErrors = { ...staleMarks(cart.lines, employees), ...(extra.markErrors as Record<string, string> | undefined) };
    res.status(status).render('cart/show', { cart, employees, marks: {}, showPrices: req.user!.permissions.includes('view_prices'), lineErrors: {}, lineValues: {}, ...extra, markErrors });
  };

  router.get('/cart', (req, res) => showCart(req, res));

  router.post('/cart/items', async (req, res) => {
    const sku = String(req.body?.sku ?? '');
    const form = parseForm(addForm, req.body);
    const outcome = form.ok ? await addToCart(contextFor(deps, req), ownerOf(req), form.data.sku, form.data.qty) : form;
    if (!outcome.ok) {
      const page = await productPage(contextFor(deps, req), viewerOf(req), sku).catch(() => null);
      if (!page) throw NotFound();
      return res.status(422).render('catalog/show', { ...page, addErrors: outcome.errors, addQty: String(req.body?.qty ?? ''), lists: [] });
    }
    if (outcome.value.full) flash(req, 'info', 'cart.added_full', { sku: outcome.value.sku, max: MAX_QTY });
    else flash(req, 'success', 'cart.added', { sku: outcome.value.sku });
    res.redirect(`/catalog/${encodeURIComponent(outcome.value.sku)}`);
  });

  router.post('/cart/employees', async (req, res) => {
    const outcome = await markCartLines(contextFor(deps, req), ownerOf(req), req.body);
    if (!outcome.ok) return showCart(req, res, { marks: req.body ?? {}, markErrors: outcome.errors }, 422);
    flash(req, 'success', 'employees.marked');
    res.redirect('/cart');
  });

  router.post('/cart/items/:productId', async (req, res) => {
    const productId = idFrom(req.params.productId);
    const form = parseForm(quantityForm, req.body);
    if (!form.ok) return showCart(req, res, { lineErrors: { [productId]: form.errors.qty }, lineValues: { [productId]: String(req.body?.qty ?? '') } }, 422);
    if (!(await changeQuantity(contextFor(deps, req), ownerOf(req), productId, form.data.qty))) throw NotFound();
    flash(req, 'success', 'cart.updated');
    res.redirect('/cart');
  });

  router.post('/cart/items/:productId/removal', async (req, res) => {
    const productId = idFrom(req.params.productId);
    await removeFromCart(contextFor(deps, req), ownerOf(req), productId);
    flash(req, 'success', 'cart.removed');
    res.redirect('/cart');
  });

  return router;
}

export function quickOrderRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/quick-order', requireCustomer(), requirePermission('place_orders'));

  router.get('/quick-order', (_req, res) => {
    res.render('cart/quick-order', { text: '', lines: null, errors: {} });
  });

  // `field`: where a problem with the whole text is said, the box or the file it came from.
  const checkAndAdd = async (req: Request, res: Response, text: string, field: 'lines' | 'file' = 'lines') => {
    const refuse = (error: string, params: Record<string, unknown> = {}, kept = text) => res.status(422).render('cart/quick-order', { text: field === 'lines' ? kept : '', lines: null, errors: { [field]: error }, errorParams: params });
    if (text.trim() === '') return refuse('validation.required');
    if (text.includes('\u0000') || text.length > 50_000) return refuse(field === 'lines' ? 'quick_order.too_long' : 'quick_order.file_too_long', {}, '');
    // Every line is looked at or none: lines past the limit are not dropped unseen.
    const count = parseLines(text).length;
    if (count > MAX_LINES) return refuse('quick_order.too_many_lines', { max: MAX_LINES, count });
    const ctx = contextFor(deps, req);
    const lines = await checkLines(ctx, ownerOf(req), text);
    const hasErrors = lines.some((l) => l.error !== null);
    if (hasErrors && req.body?.add_valid !== '1') return res.status(422).render('cart/quick-order', { text, lines, errors: {} });
    const added = await addCheckedLines(ctx, ownerOf(req), lines);
    flash(req, 'success', 'quick_order.added', { count: added });
    res.redirect('/cart');
  };

  router.post('/quick-order', (req, res) => checkAndAdd(req, res, typeof req.body?.lines === 'string' ? req.body.lines : ''));

  // A CSV file becomes the same lines, shown in the box with each line's verdict.
  router.post('/quick-order/upload', async (req, res) => {
    const file = uploadedFile(req);
    const text = file.ok ? decode(file.data) : null;
    if (!file.ok || text === null) return res.status(422).render('cart/quick-order', { text: '', lines: null, errors: { file: file.ok ? 'imports.bad_encoding' : file.error } });
    let lines: string;
    try {
      lines = linesFromCsv(text);
    } catch {
      return res.status(422).render('cart/quick-order', { text: '', lines: null, errors: { file: 'quick_order.not_csv' } });
    }
    await checkAndAdd(req, res, lines, 'file');
  });

  return router;
}
