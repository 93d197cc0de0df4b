// /my/company, /my/addresses and /my/sub-customers: a customer account's own data, and a main
// customer's sub-customers. The same address pages serve both, under their own base path.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm, typedValues } from '../web/forms.ts';
import { requireCustomer } from '../web/guards.ts';
import {
  addDeliveryAddress, companyPage, organisationInScope, deliveryAddress, removeDeliveryAddress, saveBillingAddress, subCustomersOf,
  updateDeliveryAddress, updateSubCustomer,
} from './company.ts';
import { addressForm, subCustomerForm } from './schemas.ts';

const idOf = idFrom;

const addressFields = ['name', 'line1', 'line2', 'postal_code', 'city', 'country'];
const typedAddress = (body: Record<string, unknown> | undefined) => ({
  ...typedValues(body, addressFields),
  is_default: Boolean(body?.is_default),
});
const blankAddress = (country: string) => ({ ...typedAddress({}), country });

// The organisation a request is about, and where its pages live: the actor's own under /my,
// a sub-customer under /my/sub-customers/:subId.
function target(req: Request) {
  const own = req.user!.organisation_id!;
  if (req.params.subId === undefined) return { organisationId: own, base: '/my', companyPath: '/my/company' };
  const base = `/my/sub-customers/${idOf(req.params.subId)}`;
  return { organisationId: idOf(req.params.subId), base, companyPath: base };
}

export function companyRoutes(deps: WebDeps): Router {
  const router = Router({ mergeParams: true });
  const ctx = (req: Request) => contextFor(deps, req);

  const render = (view: string) => async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const { organisationId, base, companyPath } = target(req);
    const page = await companyPage(ctx(req), req.user!, organisationId);
    res.status(status).render(view, {
      ...page, base, companyPath,
      billingValues: page.billing ?? blankAddress(page.org.country), billingErrors: {},
      newAddress: blankAddress(page.org.country), addressErrors: {},
      subValues: page.org, subErrors: {},
      ...extra,
    });
  };
  const renderCompany = render('accounts/company/show');
  const renderAddresses = render('accounts/company/addresses');

  // Under /my/sub-customers/:subId only a sub-customer of the actor's own is found, checked
  // before anything else (a form's validation included).
  const subCustomerOnly: RequestHandler = async (req, _res, next) => {
    if (req.params.subId === undefined) return next();
    const subId = idOf(req.params.subId);
    if (subId === req.user!.organisation_id) throw NotFound();
    await organisationInScope(ctx(req), req.user!, subId);
    next();
  };

  for (const base of ['/my', '/my/sub-customers/:subId']) {
    const pages = Router({ mergeParams: true });
    pages.use(requireCustomer(), subCustomerOnly);

    pages.get(base === '/my' ? '/company' : '/', (req, res) => renderCompany(req, res));
    pages.get('/addresses', (req, res) => renderAddresses(req, res));

    pages.post('/billing-address', async (req, res) => {
      const form = parseForm(addressForm, req.body);
      if (!form.ok) return renderCompany(req, res, { billingValues: typedAddress(req.body), billingErrors: form.errors }, 422);
      const { is_default: _ignored, ...fields } = form.data;
      await saveBillingAddress(ctx(req), req.user!, target(req).organisationId, fields);
      flash(req, 'success', 'company.billing_saved');
      res.redirect(target(req).companyPath);
    });

    pages.post('/addresses', async (req, res) => {
      const form = parseForm(addressForm, req.body);
      if (!form.ok) return renderAddresses(req, res, { newAddress: typedAddress(req.body), addressErrors: form.errors }, 422);
      await addDeliveryAddress(ctx(req), req.user!, target(req).organisationId, form.data);
      flash(req, 'success', 'company.address_added');
      res.redirect(`${target(req).base}/addresses`);
    });

    pages.get('/addresses/:id/edit', async (req, res) => {
      const address = await deliveryAddress(ctx(req), req.user!, target(req).organisationId, idOf(req.params.id));
      res.render('accounts/company/address-edit', { address, base: target(req).base, values: { ...address, line2: address.line2 ?? '' }, errors: {} });
    });

    pages.post('/addresses/:id', async (req, res) => {
      const { organisationId, base: at } = target(req);
      const address = await deliveryAddress(ctx(req), req.user!, organisationId, idOf(req.params.id));
      const form = parseForm(addressForm, req.body);
      if (!form.ok) return res.status(422).render('accounts/company/address-edit', { address, base: at, values: typedAddress(req.body), errors: form.errors });
      await updateDeliveryAddress(ctx(req), req.user!, organisationId, address.id, form.data);
      flash(req, 'success', 'company.address_saved');
      res.redirect(`${at}/addresses`);
    });

    const removalPage = async (req: Request, res: Response, errors: Record<string, string>, status = 200) => {
      const address = await deliveryAddress(ctx(req), req.user!, target(req).organisationId, idOf(req.params.id));
      res.status(status).render('accounts/company/address-remove', { address, base: target(req).base, errors });
    };
    pages.get('/addresses/:id/removal', (req, res) => removalPage(req, res, {}));

    pages.post('/addresses/:id/removal', async (req, res) => {
      const outcome = await removeDeliveryAddress(ctx(req), req.user!, target(req).organisationId, idOf(req.params.id));
      if (!outcome.ok) return removalPage(req, res, outcome.errors, 409);
      flash(req, 'success', 'company.address_removed');
      res.redirect(`${target(req).base}/addresses`);
    });

    router.use(base, pages);
  }

  router.get('/my/sub-customers', requireCustomer(), async (req, res) => {
    const { subCustomers, mayActAs } = await subCustomersOf(ctx(req), req.user!);
    res.render('accounts/company/sub-customers', { subCustomers, mayActAs });
  });

  router.post('/my/sub-customers/:subId', requireCustomer(), subCustomerOnly, async (req, res) => {
    const form = parseForm(subCustomerForm, req.body);
    if (!form.ok) return renderCompany(req, res, { subValues: { ...req.body }, subErrors: form.errors }, 422);
    await updateSubCustomer(ctx(req), req.user!, target(req).organisationId, form.data);
    flash(req, 'success', 'customers.saved');
    res.redirect(target(req).base);
  });

  return router;
}
