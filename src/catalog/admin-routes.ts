// /admin/price-lists: the tree of price lists, and adding one.
import { Router } from 'express';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { parseForm } from '../web/forms.ts';
import { priceListForm } from './schemas.ts';
import { depthFirst } from './rules.ts';
import { createPriceList, priceLists } from './service.ts';

export function priceListAdminRoutes(deps: WebDeps): Router {
  const router = Router();
  const page = async (req: import('express').Request, res: import('express').Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) => {
    const lists = await priceLists(contextFor(deps, req));
    res.status(status).render('catalog/admin/price-lists', { layout: 'staff', lists: depthFirst(lists), values, errors });
  };

  router.get('/price-lists', (req, res) => page(req, res, { name: '', parent_id: '', country: '', currency: 'SEK' }));

  router.post('/price-lists', async (req, res) => {
    const typed = { name: String(req.body?.name ?? ''), parent_id: String(req.body?.parent_id ?? ''), country: String(req.body?.country ?? ''), currency: String(req.body?.currency ?? '') };
    const form = parseForm(priceListForm, req.body);
    if (!form.ok) return page(req, res, typed, form.errors, 422);
    const outcome = await createPriceList(contextFor(deps, req), form.data);
    if (!outcome.ok) return page(req, res, typed, outcome.errors, 422);
    flash(req, 'success', 'price_lists.created');
    res.redirect('/admin/price-lists');
  });

  return router;
}
