// Staff see and manage every login of a customer (/admin/customers/:id/users), with the same
// form and rules as its admins.
import { Router, type Response } from 'express';
import { contextFor, type WebDeps } from '../web/context.ts';
import { renderStaff } from '../web/views.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm } from '../web/forms.ts';
import { localeForCountry } from '../web/i18n.ts';
import { approverDuties, companyUser, createCompanyUser, deleteCompanyUser, setCompanyUserDisabled, updateCompanyUser } from './company-users.ts';
import { customer } from './customers.ts';
import { PERMISSIONS, ROLE_PRESETS } from './permissions.ts';
import { companyUserForm } from './schemas.ts';
import { tellDisabled, typedUser } from './users-routes.ts';

export function customerLoginAdminRoutes(deps: WebDeps): Router {
  const router = Router();
  const userForm = (res: Response, view: string, locals: Record<string, unknown>, status = 200) =>
    renderStaff(res, view, { permissionList: PERMISSIONS, presets: ROLE_PRESETS, errors: {}, ...locals }, status);

  router.get('/customers/:id/users/new', async (req, res) => {
    const found = await customer(contextFor(deps, req), idFrom(req.params.id));
    // A sub-customer's logins order; its main customer administers it (A10).
    const preset = found.parent_id === null ? ROLE_PRESETS.admin : ROLE_PRESETS.buyer;
    userForm(res, 'accounts/admin/customers/user-new', { customer: found, values: { name: '', email: '', phone: '', locale: localeForCountry(found.country) ?? req.locale, permissions: preset } });
  });

  router.post('/customers/:id/users', async (req, res) => {
    const ctx = contextFor(deps, req);
    const found = await customer(ctx, idFrom(req.params.id));
    const form = parseForm(companyUserForm, req.body);
    const outcome = form.ok ? await createCompanyUser(ctx, found.id, form.data) : form;
    if (!outcome.ok) return userForm(res, 'accounts/admin/customers/user-new', { customer: found, values: typedUser(req.body), errors: outcome.errors }, 422);
    flash(req, 'success', 'users.created', { email: String(req.body.email) });
    res.redirect(`/admin/customers/${found.id}`);
  });

  router.get('/customers/:id/users/:userId/edit', async (req, res) => {
    const ctx = contextFor(deps, req);
    const found = await customer(ctx, idFrom(req.params.id));
    const login = await companyUser(ctx, found.id, idFrom(req.params.userId));
    userForm(res, 'accounts/admin/customers/user-edit', { customer: found, login, values: { ...login, phone: login.phone ?? '', locale: login.locale ?? '' } });
  });

  router.post('/customers/:id/users/:userId', async (req, res) => {
    const ctx = contextFor(deps, req);
    const found = await customer(ctx, idFrom(req.params.id));
    const login = await companyUser(ctx, found.id, idFrom(req.params.userId));
    const form = parseForm(companyUserForm, req.body);
    const outcome = form.ok ? await updateCompanyUser(ctx, found.id, login.id, form.data) : form;
    if (!outcome.ok) return userForm(res, 'accounts/admin/customers/user-edit', { customer: found, login, values: typedUser(req.body), errors: outcome.errors }, 422);
    flash(req, 'success', 'users.saved', { name: login.name });
    res.redirect(`/admin/customers/${found.id}`);
  });

  for (const [action, disabled] of [['disabling', true], ['enabling', false]] as const) {
    router.post(`/customers/:id/users/:userId/${action}`, async (req, res) => {
      tellDisabled(req, disabled, await setCompanyUserDisabled(contextFor(deps, req), idFrom(req.params.id), idFrom(req.params.userId), disabled));
      res.redirect(`/admin/customers/${req.params.id}`);
    });
  }

  router.get('/customers/:id/users/:userId/deletion', async (req, res) => {
    const ctx = contextFor(deps, req);
    const found = await customer(ctx, idFrom(req.params.id));
    const login = await companyUser(ctx, found.id, idFrom(req.params.userId));
    renderStaff(res, 'accounts/admin/customers/user-delete', { customer: found, login, duties: await approverDuties(ctx, login.id) });
  });

  router.post('/customers/:id/users/:userId/deletion', async (req, res) => {
    const outcome = await deleteCompanyUser(contextFor(deps, req), idFrom(req.params.id), idFrom(req.params.userId));
    if (outcome.ok) flash(req, 'success', 'users.deleted');
    else flash(req, 'error', outcome.errors._form);
    res.redirect(`/admin/customers/${req.params.id}`);
  });

  return router;
}
