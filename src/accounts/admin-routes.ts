// Shop staff's customer pages (/admin/customers): the card, its sub-customers, price list and
// assortment; the customer's logins and the shop settings have files of their own. Mounted
// behind the staff guard; deleting a customer needs a staff administrator.
import { Router, type Request, type Response } from 'express';
import { staffAuditTrailOf } from '../audit/index.ts';
import { NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm, parseId, queryText } from '../web/forms.ts';
import { requireStaff } from '../web/guards.ts';
import { renderStaff } from '../web/views.ts';
import { listCompanyUsers } from './company-users.ts';
import { addToAssortment, assortmentItems, categoryList, priceListOf, priceLists, removeFromAssortment } from '../catalog/index.ts';
import {
  assignPriceList, createCustomer, customer, customerCard, deleteCustomer, findCustomers, linkSubCustomer, type WithdrawWaiting,
  unlinkSubCustomer, updateCustomer,
} from './customers.ts';
import { linkRefusal } from './policy.ts';
import { customerForm, linkForm } from './schemas.ts';

const blankCustomer = { customer_number: '', name: '', kind: 'company', country: 'SE', organisation_number: '', phone: '', email: '', invoice_customer: false, allow_child_delivery_address: false, restricted_catalogue: false, extra_order_copy_email: '' };

function typedCustomer(body: Record<string, unknown> | undefined) {
  const text = (k: string) => String(body?.[k] ?? '');
  return {
    ...Object.fromEntries(['customer_number', 'name', 'kind', 'country', 'organisation_number', 'phone', 'email', 'extra_order_copy_email'].map((k) => [k, text(k)])),
    invoice_customer: Boolean(body?.invoice_customer),
    allow_child_delivery_address: Boolean(body?.allow_child_delivery_address),
    restricted_catalogue: Boolean(body?.restricted_catalogue),
  };
}

const asFormValues = (c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v ?? '']));

// What the customer pages need of orders, passed in by the app: accounts does not import the
// orders and approval capabilities, which draw on it. `staffVisible`: the order statuses staff
// may see, so the history shows order events only once the order reached the shop (D3).
export type CustomerOrders = { staffVisible: readonly string[]; withdrawWaiting: WithdrawWaiting };

export function customerAdminRoutes(deps: WebDeps, orders: CustomerOrders): Router {
  const router = Router();
  router.get('/customers', async (req, res) => {
    const query = queryText(req.query.q);
    const afterId = parseId(req.query.after_id);
    const after = afterId ? { name: queryText(req.query.after_name, 200), id: afterId } : undefined;
    const customers = await findCustomers(contextFor(deps, req), query, after);
    renderStaff(res, 'accounts/admin/customers/index', { customers, query });
  });

  router.get('/customers/new', (_req, res) => renderStaff(res, 'accounts/admin/customers/new', { values: blankCustomer, errors: {} }));

  router.post('/customers', async (req, res) => {
    const form = parseForm(customerForm, req.body);
    if (!form.ok) return renderStaff(res, 'accounts/admin/customers/new', { values: typedCustomer(req.body), errors: form.errors }, 422);
    const outcome = await createCustomer(contextFor(deps, req), form.data);
    if (!outcome.ok) return renderStaff(res, 'accounts/admin/customers/new', { values: typedCustomer(req.body), errors: outcome.errors }, 422);
    flash(req, 'success', 'customers.created');
    res.redirect(`/admin/customers/${outcome.value}`);
  });

  const showCard = async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const ctx = contextFor(deps, req);
    const id = idFrom(req.params.id);
    const card = await customerCard(ctx, id);
    const linkQuery = queryText(req.query.link_q ?? req.body?.link_q);
    // Every match is listed; those that cannot be linked say why instead of vanishing.
    const candidates = linkQuery
      ? (await findCustomers(ctx, linkQuery)).map((c) => ({ ...c, refusal: linkRefusal(card.customer, c, c.child_count > 0) }))
      : [];
    const [users, audit, lists, pricing, assortment, categories] = await Promise.all([
      listCompanyUsers(ctx, id), staffAuditTrailOf(ctx, id, orders.staffVisible), priceLists(ctx), priceListOf(ctx, id), assortmentItems(ctx, id), categoryList(ctx),
    ]);
    renderStaff(res, 'accounts/admin/customers/show', {
      ...card, users, audit, lists, pricing, assortment, categories, linkQuery, candidates,
      linkErrors: {}, priceListErrors: {}, currencyChange: null, assortmentErrors: {}, assortmentValues: { sku: '', category_id: '' }, ...extra,
    }, status);
  };

  router.get('/customers/:id', (req, res) => showCard(req, res));

  router.get('/customers/:id/edit', async (req, res) => {
    const found = await customer(contextFor(deps, req), idFrom(req.params.id));
    renderStaff(res, 'accounts/admin/customers/edit', { customer: found, values: asFormValues(found), errors: {} });
  });

  router.post('/customers/:id', async (req, res) => {
    const ctx = contextFor(deps, req);
    const found = await customer(ctx, idFrom(req.params.id));
    const form = parseForm(customerForm, req.body);
    if (!form.ok) return renderStaff(res, 'accounts/admin/customers/edit', { customer: found, values: typedCustomer(req.body), errors: form.errors }, 422);
    const outcome = await updateCustomer(ctx, found.id, form.data);
    if (!outcome.ok) return renderStaff(res, 'accounts/admin/customers/edit', { customer: found, values: typedCustomer(req.body), errors: outcome.errors }, 422);
    flash(req, 'success', 'customers.saved');
    res.redirect(`/admin/customers/${found.id}`);
  });

  router.post('/customers/:id/sub-customers', async (req, res) => {
    const form = parseForm(linkForm, req.body);
    const outcome = form.ok ? await linkSubCustomer(contextFor(deps, req), idFrom(req.params.id), form.data.child_id) : form;
    if (!outcome.ok) return showCard(req, res, { linkErrors: outcome.errors }, 422);
    flash(req, 'success', 'customers.linked');
    res.redirect(`/admin/customers/${req.params.id}`);
  });

  router.post('/customers/:id/price-list', async (req, res) => {
    const raw = req.body?.price_list_id;
    const listId = raw === '' ? null : parseId(raw);
    const ctx = contextFor(deps, req);
    // A list in another currency changes what every amount of the customer means: asked first.
    if (listId && req.body?.confirm !== '1') {
      const [chosen, current] = await Promise.all([priceLists(ctx).then((all) => all.find((l) => l.id === listId)), priceListOf(ctx, idFrom(req.params.id))]);
      if (chosen && current && chosen.currency !== current.list.currency) return showCard(req, res, { currencyChange: { listId, name: chosen.name, from: current.list.currency, to: chosen.currency } });
    }
    const outcome = listId === undefined ? { ok: false as const, errors: { price_list_id: 'validation.invalid' } } : await assignPriceList(ctx, idFrom(req.params.id), listId);
    if (!outcome.ok) return showCard(req, res, { priceListErrors: outcome.errors }, 422);
    flash(req, 'success', 'customers.price_list_saved');
    res.redirect(`/admin/customers/${req.params.id}`);
  });

  router.post('/customers/:id/assortment', async (req, res) => {
    const id = idFrom(req.params.id);
    await customer(contextFor(deps, req), id);
    const sku = queryText(req.body?.sku, 64);
    const categoryId = parseId(req.body?.category_id);
    // Two forms post here: one with an article number, one with a category.
    const add = (target: { sku: string } | { categoryId: number }) => addToAssortment(contextFor(deps, req), id, target);
    const refuse = (field: string, key: string) => ({ ok: false as const, errors: { [field]: key } });
    let outcome;
    if (sku) outcome = await add({ sku });
    else if (req.body?.category_id === undefined) outcome = refuse('sku', 'validation.required');
    else outcome = categoryId ? await add({ categoryId }) : refuse('category_id', 'validation.invalid');
    if (!outcome.ok) return showCard(req, res, { assortmentErrors: outcome.errors, assortmentValues: { sku: String(req.body?.sku ?? ''), category_id: String(req.body?.category_id ?? '') } }, 422);
    flash(req, 'success', 'assortment.added');
    res.redirect(`/admin/customers/${id}`);
  });

  router.post('/customers/:id/assortment/:itemId/removal', async (req, res) => {
    // Removed already (a second click), or another customer's: not found, and no "removed" message.
    if (!(await removeFromAssortment(contextFor(deps, req), idFrom(req.params.id), idFrom(req.params.itemId)))) throw NotFound();
    flash(req, 'success', 'assortment.removed');
    res.redirect(`/admin/customers/${req.params.id}`);
  });

  router.post('/customers/:id/sub-customers/:childId/removal', async (req, res) => {
    await unlinkSubCustomer(contextFor(deps, req), idFrom(req.params.id), idFrom(req.params.childId));
    flash(req, 'success', 'customers.unlinked');
    res.redirect(`/admin/customers/${req.params.id}`);
  });

  router.get('/customers/:id/deletion', requireStaff('staff_admin'), async (req, res) => {
    const card = await customerCard(contextFor(deps, req), idFrom(req.params.id));
    renderStaff(res, 'accounts/admin/customers/delete', card);
  });

  router.post('/customers/:id/deletion', requireStaff('staff_admin'), async (req, res) => {
    await deleteCustomer(contextFor(deps, req), idFrom(req.params.id), orders.withdrawWaiting);
    flash(req, 'success', 'customers.deleted');
    res.redirect('/admin/customers');
  });

  return router;
}
