// /my/users: a company admin's logins. Every lookup goes through the admin's own organisation.
import { Router, type Request } from 'express';
import { Forbidden, NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { parseForm } from '../web/forms.ts';
import { requireCustomer } from '../web/guards.ts';
import {
  companyUser, createCompanyUser, deleteCompanyUser, listCompanyUsers, setCompanyUserDisabled, updateCompanyUser,
} from './company-users.ts';
import { PERMISSIONS, ROLE_PRESETS, presetOf } from './permissions.ts';
import { mayManageUsers } from './policy.ts';
import { companyUserForm, idParam } from './schemas.ts';

function userIdOf(req: Request): number {
  const id = idParam.safeParse(req.params.id);
  if (!id.success) throw NotFound();
  return id.data;
}

const formLocals = (values: Record<string, unknown>, errors: Record<string, string> = {}) => ({
  values,
  errors,
  permissionList: PERMISSIONS,
  presets: ROLE_PRESETS,
});

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

export function companyUsersRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/my/users', requireCustomer(), (req, _res, next) => {
    if (!mayManageUsers(req.user!)) throw Forbidden();
    next();
  });
  const orgOf = (req: Request) => req.user!.organisation_id!;

  router.get('/my/users', async (req, res) => {
    const users = await listCompanyUsers(contextFor(deps, req), orgOf(req));
    res.render('accounts/users/index', { users, presetOf });
  });

  router.get('/my/users/new', (req, res) => {
    res.render('accounts/users/new', formLocals({ name: '', email: '', phone: '', locale: req.locale, permissions: ROLE_PRESETS.buyer }));
  });

  router.post('/my/users', async (req, res) => {
    const form = parseForm(companyUserForm, req.body);
    if (!form.ok) return res.status(422).render('accounts/users/new', formLocals(typedUser(req.body), form.errors));
    const outcome = await createCompanyUser(contextFor(deps, req), orgOf(req), form.data);
    if (!outcome.ok) return res.status(422).render('accounts/users/new', formLocals(typedUser(req.body), outcome.errors));
    flash(req, 'success', 'users.created', { email: form.data.email });
    res.redirect('/my/users');
  });

  router.get('/my/users/:id/edit', async (req, res) => {
    const login = await companyUser(contextFor(deps, req), orgOf(req), userIdOf(req));
    res.render('accounts/users/edit', { login, ...formLocals({ ...login, phone: login.phone ?? '', locale: login.locale ?? '' }) });
  });

  router.post('/my/users/:id', async (req, res) => {
    const ctx = contextFor(deps, req);
    const login = await companyUser(ctx, orgOf(req), userIdOf(req));
    const form = parseForm(companyUserForm, req.body);
    if (!form.ok) return res.status(422).render('accounts/users/edit', { login, ...formLocals(typedUser(req.body), form.errors) });
    const outcome = await updateCompanyUser(ctx, orgOf(req), login.id, form.data);
    if (!outcome.ok) return res.status(422).render('accounts/users/edit', { login, ...formLocals(typedUser(req.body), outcome.errors) });
    flash(req, 'success', 'users.saved', { name: form.data.name });
    // An admin who just gave up managing users cannot see this list any more.
    res.redirect(login.id === req.user!.id && !form.data.permissions.includes('manage_users') ? '/' : '/my/users');
  });

  for (const [action, disabled] of [['disabling', true], ['enabling', false]] as const) {
    router.post(`/my/users/:id/${action}`, async (req, res) => {
      const outcome = await setCompanyUserDisabled(contextFor(deps, req), orgOf(req), userIdOf(req), disabled);
      if (outcome.ok) flash(req, 'success', disabled ? 'users.disabled' : 'users.enabled');
      else flash(req, 'error', outcome.errors._form);
      res.redirect('/my/users');
    });
  }

  router.get('/my/users/:id/deletion', async (req, res) => {
    const login = await companyUser(contextFor(deps, req), orgOf(req), userIdOf(req));
    res.render('accounts/users/delete', { login });
  });

  router.post('/my/users/:id/deletion', async (req, res) => {
    const outcome = await deleteCompanyUser(contextFor(deps, req), orgOf(req), userIdOf(req));
    if (outcome.ok) flash(req, 'success', 'users.deleted');
    else flash(req, 'error', outcome.errors._form);
    res.redirect('/my/users');
  });

  return router;
}
