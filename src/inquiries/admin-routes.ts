// /admin/inquiries: requests waiting for staff: companies asking for an account, and
// customers' buyers asking for a product the shop does not list.
import { Router, type Request, type Response } from 'express';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm } from '../web/forms.ts';
import { isEmailTaken } from '../accounts/index.ts';
import { conversionForm } from './schemas.ts';
import { accountRequest, closeAccountRequest, convertAccountRequest, openAccountRequests } from './service.ts';
import type { Inquiry } from './queries.ts';

const idOf = idFrom;

const conversionValues = (i: Inquiry) => ({
  name: i.company_name ?? '', country: i.country ?? '', organisation_number: i.organisation_number ?? '',
  admin_name: i.contact_name, admin_email: i.email,
});

export function inquiryAdminRoutes(deps: WebDeps): Router {
  const router = Router();
  const show = async (req: Request, res: Response, inquiry: Inquiry, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) =>
    res.status(status).render('inquiries/admin/show', {
      // Only a company asking for an account becomes a login: the warning is for that.
      layout: 'staff', inquiry, values, errors, emailHasLogin: inquiry.kind === 'account_request' && (await isEmailTaken(contextFor(deps, req), inquiry.email)),
    });

  router.get('/inquiries', async (req, res) => {
    res.render('inquiries/admin/index', { layout: 'staff', inquiries: await openAccountRequests(contextFor(deps, req)) });
  });

  router.get('/inquiries/:id', async (req, res) => {
    const inquiry = await accountRequest(contextFor(deps, req), idOf(req.params.id));
    await show(req, res, inquiry, conversionValues(inquiry));
  });

  router.post('/inquiries/:id/conversion', async (req, res) => {
    const ctx = contextFor(deps, req);
    const inquiry = await accountRequest(ctx, idOf(req.params.id));
    const form = parseForm(conversionForm, req.body);
    if (!form.ok) return show(req, res, inquiry, { ...req.body }, form.errors, 422);
    const outcome = await convertAccountRequest(ctx, inquiry.id, form.data);
    if (!outcome.ok) return show(req, res, inquiry, { ...req.body }, outcome.errors, 422);
    flash(req, 'success', 'inquiries.converted');
    res.redirect(`/admin/customers/${outcome.value}`);
  });

  router.post('/inquiries/:id/closing', async (req, res) => {
    await closeAccountRequest(contextFor(deps, req), idOf(req.params.id));
    flash(req, 'success', 'inquiries.closed');
    res.redirect('/admin/inquiries');
  });

  return router;
}
