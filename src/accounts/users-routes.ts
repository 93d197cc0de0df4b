// /my/users: a company admin's logins. Every lookup goes through the organisation settled first.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { currencyOf } from '../catalog/index.ts';
import { Forbidden, NotFound } from '../lib/errors.ts';
import { formatAmountInput } from '../lib/money.ts';
import type { Outcome } from '../lib/outcome.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm } from '../web/forms.ts';
import { requireCustomer } from '../web/guards.ts';
import {
  approverDuties, companyUser, createCompanyUser, deleteCompanyUser, listCompanyUsers, setCompanyUserDisabled, updateCompanyUser,
} from './company-users.ts';
import { PERMISSIONS, ROLE_PRESETS, presetOf } from './permissions.ts';
import { organisationInScope } from './company.ts';
import { mayManageUsers } from './policy.ts';
import { APPROVAL_MODES, approvalSettingsForm, approvalSettingsOf, possibleApprovers, setApprovalSettings } from './approval-settings.ts';
import { companyUserForm } from './schemas.ts';

const userIdOf = (req: Request) => idFrom(req.params.id);

const formLocals = (values: Record<string, unknown>, errors: Record<string, string> = {}) => ({
  values,
  errors,
  permissionList: PERMISSIONS,
  presets: ROLE_PRESETS,
});

// What disabling or enabling a login says (here and on the staff pages): disabling an
// approver, also whom it leaves without one.
export function tellDisabled(req: Request, disabled: boolean, outcome: Outcome<{ approvesFor: number }>): void {
  if (!outcome.ok) return flash(req, 'error', outcome.errors._form);
  if (disabled && outcome.value.approvesFor > 0) return flash(req, 'success', 'users.disabled_approver', { count: outcome.value.approvesFor });
  flash(req, 'success', disabled ? 'users.disabled' : 'users.enabled');
}

// What the form shows again after a 422: exactly what was typed and ticked.
export function typedUser(body: Record<string, unknown> | undefined) {
  const permissions = body?.permissions;
  return {
    name: String(body?.name ?? ''),
    email: String(body?.email ?? ''),
    phone: String(body?.phone ?? ''),
    locale: String(body?.locale ?? ''),
    permissions: Array.isArray(permissions) ? permissions.map(String) : permissions ? [String(permissions)] : [],
  };
}

// The same pages serve an account's own logins (/my/users) and, for a main customer's admins,
// each sub-customer's logins (/my/sub-customers/:subId/users, A10). The organisation is
// settled before anything else runs: the actor's own, or a sub-customer of it.
export function companyUsersRoutes(deps: WebDeps): Router {
  const router = Router();
  const pages = Router({ mergeParams: true });
  const orgOf = (res: Response): number => res.locals.usersOrganisationId;
  const base = (res: Response): string => res.locals.usersBase;

  const settle: RequestHandler = async (req, res, next) => {
    if (!mayManageUsers(req.user!)) throw Forbidden();
    if (req.params.subId === undefined) {
      res.locals.usersOrganisationId = req.user!.organisation_id;
      res.locals.usersBase = '/my/users';
      res.locals.usersOf = null;
      return next();
    }
    const subId = idFrom(req.params.subId);
    if (subId === req.user!.organisation_id) throw NotFound();
    const { org } = await organisationInScope(contextFor(deps, req), req.user!, subId);
    res.locals.usersOrganisationId = org.id;
    res.locals.usersBase = `/my/sub-customers/${org.id}/users`;
    res.locals.usersOf = org.name;
    next();
  };

  pages.get('/', async (req, res) => {
    const users = await listCompanyUsers(contextFor(deps, req), orgOf(res));
    res.render('accounts/users/index', { users, presetOf });
  });

  pages.get('/new', (req, res) => {
    res.render('accounts/users/new', formLocals({ name: '', email: '', phone: '', locale: req.locale, permissions: ROLE_PRESETS.buyer }));
  });

  pages.post('/', async (req, res) => {
    const form = parseForm(companyUserForm, req.body);
    if (!form.ok) return res.status(422).render('accounts/users/new', formLocals(typedUser(req.body), form.errors));
    const outcome = await createCompanyUser(contextFor(deps, req), orgOf(res), form.data);
    if (!outcome.ok) return res.status(422).render('accounts/users/new', formLocals(typedUser(req.body), outcome.errors));
    flash(req, 'success', 'users.created', { email: form.data.email });
    res.redirect(base(res));
  });

  pages.get('/:id/edit', async (req, res) => {
    const login = await companyUser(contextFor(deps, req), orgOf(res), userIdOf(req));
    res.render('accounts/users/edit', { login, ...formLocals({ ...login, phone: login.phone ?? '', locale: login.locale ?? '' }) });
  });

  pages.post('/:id', async (req, res) => {
    const ctx = contextFor(deps, req);
    const login = await companyUser(ctx, orgOf(res), userIdOf(req));
    const form = parseForm(companyUserForm, req.body);
    if (!form.ok) return res.status(422).render('accounts/users/edit', { login, ...formLocals(typedUser(req.body), form.errors) });
    const outcome = await updateCompanyUser(ctx, orgOf(res), login.id, form.data);
    if (!outcome.ok) return res.status(422).render('accounts/users/edit', { login, ...formLocals(typedUser(req.body), outcome.errors) });
    flash(req, 'success', 'users.saved', { name: form.data.name });
    // An admin who just gave up managing users cannot see this list any more.
    res.redirect(login.id === req.user!.id && !form.data.permissions.includes('manage_users') ? '/' : base(res));
  });

  for (const [action, disabled] of [['disabling', true], ['enabling', false]] as const) {
    pages.post(`/:id/${action}`, async (req, res) => {
      tellDisabled(req, disabled, await setCompanyUserDisabled(contextFor(deps, req), orgOf(res), userIdOf(req), disabled));
      res.redirect(base(res));
    });
  }

  const approvalPage = async (req: Request, res: Response, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const ctx = contextFor(deps, req);
    const login = await approvalSettingsOf(ctx, orgOf(res), userIdOf(req));
    const [approvers, currency] = await Promise.all([possibleApprovers(ctx, orgOf(res), login.id, login.approver_id), currencyOf(ctx, orgOf(res))]);
    res.status(status).render('accounts/users/approval', { login, approvers, currency, values, errors, modes: APPROVAL_MODES });
  };

  pages.get('/:id/approval', async (req, res) => {
    const s = await approvalSettingsOf(contextFor(deps, req), orgOf(res), userIdOf(req));
    const limit = s.order_limit === null ? '' : formatAmountInput(Number(s.order_limit), req.locale !== 'en');
    await approvalPage(req, res, { approval_mode: s.approval_mode, approver_id: s.approver_id === null ? '' : String(s.approver_id), order_limit: limit }, {});
  });

  pages.post('/:id/approval', async (req, res) => {
    const values = { approval_mode: String(req.body?.approval_mode ?? ''), approver_id: String(req.body?.approver_id ?? ''), order_limit: String(req.body?.order_limit ?? '') };
    const form = parseForm(approvalSettingsForm, req.body);
    const outcome = form.ok ? await setApprovalSettings(contextFor(deps, req), orgOf(res), userIdOf(req), form.data) : form;
    if (!outcome.ok) return approvalPage(req, res, values, outcome.errors, 422);
    flash(req, 'success', 'approval_settings.saved');
    res.redirect(base(res));
  });

  pages.get('/:id/deletion', async (req, res) => {
    const login = await companyUser(contextFor(deps, req), orgOf(res), userIdOf(req));
    res.render('accounts/users/delete', { login, duties: await approverDuties(contextFor(deps, req), login.id) });
  });

  pages.post('/:id/deletion', async (req, res) => {
    const outcome = await deleteCompanyUser(contextFor(deps, req), orgOf(res), userIdOf(req));
    if (outcome.ok) flash(req, 'success', 'users.deleted');
    else flash(req, 'error', outcome.errors._form);
    res.redirect(base(res));
  });

  router.use(['/my/users', '/my/sub-customers/:subId/users'], requireCustomer(), settle, pages);
  return router;
}
