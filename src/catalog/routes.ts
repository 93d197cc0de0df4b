// /catalog and /catalog/:sku for signed-in customers; prices only with view_prices.
import { Router, type Request } from 'express';
import { contextFor, type WebDeps } from '../web/context.ts';
import { idFrom, parseId, queryText } from '../web/forms.ts';
import { ownShoppingLists } from '../shopping-lists/index.ts';
import { catalogPage, productPage, type Viewer } from './browse.ts';
import { image } from './product-admin.ts';

const viewerOf = (req: Request): Viewer => ({
  organisationId: req.user!.organisation_id,
  showPrices: req.user!.permissions.includes('view_prices'),
  locale: req.locale,
});

export function catalogRoutes(deps: WebDeps): Router {
  const router = Router();

  router.get('/catalog', async (req, res) => {
    const afterId = parseId(req.query.after_id);
    const afterScore = Number(req.query.after_score);
    const after = !afterId ? null : Number.isFinite(afterScore) && req.query.after_score !== undefined ? { score: afterScore, id: afterId } : { name: queryText(req.query.after_name, 300), id: afterId };
    const page = await catalogPage(contextFor(deps, req), viewerOf(req), {
      categorySlug: queryText(req.query.category) || null,
      query: queryText(req.query.q),
      onlyAssortment: req.query.mine === '1',
      after,
    });
    res.render('catalog/index', page);
  });

  router.get('/catalog/:sku', async (req, res) => {
    const ctx = contextFor(deps, req);
    const page = await productPage(ctx, viewerOf(req), queryText(req.params.sku, 64));
    const mayKeepLists = req.user!.organisation_id && req.user!.permissions.includes('use_shopping_lists');
    const lists = mayKeepLists ? await ownShoppingLists(ctx, { userId: req.user!.id, organisationId: req.user!.organisation_id! }) : [];
    res.render('catalog/show', { ...page, addErrors: {}, addQty: '1', lists });
  });

  // Image ids never change meaning (a replaced image gets a new id), so browsers may keep them.
  router.get('/product-images/:id', async (req, res) => {
    const found = await image(contextFor(deps, req), idFrom(req.params.id), Boolean(req.user!.staff_role));
    res.set('Cache-Control', 'private, max-age=86400').type(found.content_type).send(found.data);
  });

  return router;
}
