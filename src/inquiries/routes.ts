// /request-account: public, for companies that have no account yet; and a buyer's "can't
// find it? ask us" from the catalogue (B3).
import { Router } from 'express';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { countryForLocale } from '../web/i18n.ts';
import { parseForm, queryText, typedValues } from '../web/forms.ts';
import { requireCustomer, requireLogin, requirePermission } from '../web/guards.ts';
import { accountRequestForm, productRequestForm } from './schemas.ts';
import { requestAccount, requestProduct } from './service.ts';

const fields = ['company_name', 'organisation_number', 'contact_name', 'email', 'phone', 'country', 'message'];
const typed = (body: Record<string, unknown> | undefined) => typedValues(body, fields);

export function inquiryRoutes(deps: WebDeps): Router {
  const router = Router();

  router.get('/request-account', (req, res) => {
    res.render('inquiries/request-account', { values: { ...typed({}), country: countryForLocale(req.locale) }, errors: {} });
  });

  router.post('/request-account', async (req, res) => {
    const form = parseForm(accountRequestForm, req.body);
    if (!form.ok) return res.status(422).render('inquiries/request-account', { values: typed(req.body), errors: form.errors });
    await requestAccount(contextFor(deps, req), form.data, req.locale);
    flash(req, 'success', 'inquiries.request_received');
    res.redirect('/login');
  });

  router.post('/catalog/product-requests', requireLogin(), requireCustomer(), requirePermission('use_inquiries'), async (req, res) => {
    const form = parseForm(productRequestForm, req.body);
    const search = queryText(req.body?.q, 200);
    if (!form.ok) {
      flash(req, 'error', 'inquiries.product_request_empty');
      return res.redirect(`/catalog${search ? `?q=${encodeURIComponent(search)}` : ''}`);
    }
    const user = req.user!;
    await requestProduct(contextFor(deps, req), { id: user.id, name: user.name, email: user.email, organisation_id: user.organisation_id! }, form.data.message, search, req.locale);
    flash(req, 'success', 'inquiries.product_request_received');
    res.redirect('/catalog');
  });

  return router;
}
