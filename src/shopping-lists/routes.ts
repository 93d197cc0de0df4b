// /shopping-lists: a buyer's lists and the ones colleagues shared.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { quantity } from '../cart/schemas.ts';
import { NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm, parseId } from '../web/forms.ts';
import { requireCustomer, requirePermission } from '../web/guards.ts';
import * as lists from './service.ts';

const nameForm = z.object({ name: z.string().trim().min(1, 'validation.required').max(100, 'validation.too_long') });
const itemForm = z.object({ sku: z.string().trim().min(1, 'validation.required').max(64, 'cart.unknown_sku'), qty: quantity });

const readerOf = (req: Request) => ({ userId: req.user!.id, organisationId: req.user!.organisation_id! });
const listIdOf = (req: Request) => idFrom(req.params.id);

export function shoppingListRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/shopping-lists', requireCustomer(), requirePermission('use_shopping_lists'));
  const ctx = (req: Request) => contextFor(deps, req);

  const index = async (req: Request, res: Response, values = { name: '' }, errors: Record<string, string> = {}, status = 200) =>
    res.status(status).render('shopping-lists/index', { lists: await lists.shoppingLists(ctx(req), readerOf(req)), values, errors });

  const show = async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    res.status(status).render('shopping-lists/show', { ...(await lists.shoppingList(ctx(req), readerOf(req), listIdOf(req))), itemErrors: {}, values: { sku: '', qty: '1' }, ...extra });

  router.get('/shopping-lists', (req, res) => index(req, res));

  router.post('/shopping-lists', async (req, res) => {
    const form = parseForm(nameForm, req.body);
    if (!form.ok) return index(req, res, { name: String(req.body?.name ?? '') }, form.errors, 422);
    const created = await lists.createList(ctx(req), readerOf(req), form.data.name);
    if (!created.ok) return index(req, res, { name: String(req.body?.name ?? '') }, created.errors, 422);
    flash(req, 'success', 'shopping_lists.created');
    res.redirect(`/shopping-lists/${created.value}`);
  });

  // From a product page: the list is a field of the form, so it works without a script.
  router.post('/shopping-lists/items', async (req, res) => {
    const listId = parseId(req.body?.list);
    const form = parseForm(itemForm, req.body);
    if (!listId || !form.ok) throw NotFound();
    const outcome = await lists.addToList(ctx(req), readerOf(req), listId, form.data.sku, form.data.qty);
    if (!outcome.ok) throw NotFound();
    flash(req, 'success', 'shopping_lists.item_added');
    res.redirect(`/catalog/${encodeURIComponent(form.data.sku)}`);
  });

  router.get('/shopping-lists/:id', (req, res) => show(req, res));

  router.post('/shopping-lists/:id/items', async (req, res) => {
    const form = parseForm(itemForm, req.body);
    const values = { sku: String(req.body?.sku ?? ''), qty: String(req.body?.qty ?? '') };
    const outcome = form.ok ? await lists.addToList(ctx(req), readerOf(req), listIdOf(req), form.data.sku, form.data.qty) : form;
    if (!outcome.ok) return show(req, res, { itemErrors: outcome.errors, values }, 422);
    flash(req, 'success', 'shopping_lists.item_added');
    res.redirect(`/shopping-lists/${listIdOf(req)}`);
  });

  router.post('/shopping-lists/:id/items/:productId/removal', async (req, res) => {
    await lists.removeFromList(ctx(req), readerOf(req), listIdOf(req), idFrom(req.params.productId));
    res.redirect(`/shopping-lists/${listIdOf(req)}`);
  });

  router.post('/shopping-lists/:id/sharing', async (req, res) => {
    await lists.setShared(ctx(req), readerOf(req), listIdOf(req), req.body?.shared === '1');
    flash(req, 'success', req.body?.shared === '1' ? 'shopping_lists.shared' : 'shopping_lists.unshared');
    res.redirect(`/shopping-lists/${listIdOf(req)}`);
  });

  router.post('/shopping-lists/:id/cart', requirePermission('place_orders'), async (req, res) => {
    const { added, skipped } = await lists.listToCart(ctx(req), readerOf(req), listIdOf(req));
    if (added > 0 || skipped === 0) flash(req, 'success', 'shopping_lists.to_cart', { count: added });
    if (skipped > 0) flash(req, 'info', 'shopping_lists.to_cart_skipped', { count: skipped });
    res.redirect('/cart');
  });

  router.post('/shopping-lists/:id/deletion', async (req, res) => {
    await lists.deleteList(ctx(req), readerOf(req), listIdOf(req));
    flash(req, 'success', 'shopping_lists.deleted');
    res.redirect('/shopping-lists');
  });

  return router;
}
