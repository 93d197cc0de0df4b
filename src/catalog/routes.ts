// /catalog and /catalog/:sku for signed-in customers; prices only with view_prices.
import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { idFrom, parseId, queryText } from '../web/forms.ts';
import { ownShoppingLists } from '../shopping-lists/index.ts';
import { catalogPage, productPage, type Viewer } from './browse.ts';
import { catalogueCache } from './cache.ts';
import { image } from './product-admin.ts';

const viewerOf = (req: Request): Viewer => ({
  organisationId: req.user!.organisation_id,
  showPrices: req.user!.permissions.includes('view_prices'),
  locale: req.locale,
});

// A view rendered to a string with the request's locals, no layout.
function renderFragment(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => res.app.render(view, { ...res.locals, ...locals, layout: false }, (error, html) => (error ? reject(error) : resolve(html))));
}

const TOKEN_PLACEHOLDER = '\u0000csrf\u0000';

type CatalogOptions = Parameters<typeof catalogPage>[2];

// What a catalogue address asks for, read once: the page is keyed on this, and made from it.
function catalogOptions(req: Request): CatalogOptions {
  const afterId = parseId(req.query.after_id);
  const scoreText = queryText(req.query.after_score, 30);
  const afterScore = Number(scoreText);
  const after = !afterId ? null : scoreText !== '' && Number.isFinite(afterScore) ? { score: afterScore, id: afterId } : { name: queryText(req.query.after_name, 300), id: afterId };
  const sort = queryText(req.query.sort);
  return {
    categorySlug: queryText(req.query.category) || null,
    query: queryText(req.query.q),
    onlyAssortment: req.query.mine === '1',
    sort: sort === 'name' || sort === 'sku' || sort === 'relevance' ? sort : undefined,
    after,
  };
}

async function catalogBody(ctx: Ctx, res: Response, viewer: Viewer, options: CatalogOptions, mayAsk: boolean): Promise<string> {
  const page = await catalogPage(ctx, viewer, options);
  // Links keep what the buyer chose (search, category, only mine, order) unless they change it.
  const chosen: Record<string, string> = {
    ...(page.category ? { category: page.category.slug } : {}),
    ...(page.query ? { q: page.query } : {}),
    ...(page.onlyAssortment ? { mine: '1' } : {}),
    ...(options.sort && page.sort !== (page.query ? 'relevance' : 'name') ? { sort: page.sort } : {}),
  };
  const catalogLink = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(Object.entries({ ...chosen, ...changes }).filter((e): e is [string, string] => e[1] !== null));
    return params.size > 0 ? `/catalog?${params}` : '/catalog';
  };
  const grid = await renderFragment(res, 'catalog/grid', { products: page.products });
  return renderFragment(res, 'catalog/index', { ...page, grid, chosen, catalogLink, mayAsk, csrfToken: () => TOKEN_PLACEHOLDER });
}

export function catalogRoutes(deps: WebDeps): Router {
  const router = Router();

  // The page's body is the same for every viewer of the same kind (customer, prices or not,
  // language, may ask for a product or not) asking the same thing: it is rendered once and kept
  // under the catalogue version like the data it shows. Only the form token differs per
  // session; it is put in on the way out.
  router.get('/catalog', async (req, res) => {
    const ctx = contextFor(deps, req);
    const viewer = viewerOf(req);
    const options = catalogOptions(req);
    const mayAsk = req.user!.permissions.includes('use_inquiries');
    const key = JSON.stringify([viewer.organisationId, viewer.showPrices, viewer.locale, mayAsk, options]);
    const body = await (await catalogueCache(ctx))(`catalog-body:${key}`, () => catalogBody(ctx, res, viewer, options, mayAsk));
    res.render('prerendered', { html: body.replaceAll(TOKEN_PLACEHOLDER, res.locals.csrfToken()) });
  });

  router.get('/catalog/:sku', async (req, res) => {
    const ctx = contextFor(deps, req);
    // No article number is longer than 64 characters: a longer address is no product's.
    if (req.params.sku.length > 64) throw NotFound();
    const page = await productPage(ctx, viewerOf(req), queryText(req.params.sku, 64));
    // Typed in another case: the product's own address.
    if (page.product.sku !== req.params.sku) return res.redirect(301, `/catalog/${encodeURIComponent(page.product.sku)}`);
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
