// /request-account: public, for companies that have no account yet.
import { Router } from 'express';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { countryForLocale } from '../web/i18n.ts';
import { parseForm } from '../web/forms.ts';
import { accountRequestForm } from './schemas.ts';
import { requestAccount } from './service.ts';

const fields = ['company_name', 'organisation_number', 'contact_name', 'email', 'phone', 'country', 'message'];
const typed = (body: Record<string, unknown> | undefined) => Object.fromEntries(fields.map((f) => [f, String(body?.[f] ?? '')]));

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

  return router;
}
