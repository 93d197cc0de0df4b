// Sign-in, sign-out and password links: the pages a visitor reaches without an account.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { safeLocalPath } from '../lib/local-path.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { generateToken } from '../web/csrf.ts';
import { hasChosenLocale, isLocale, rememberLocale, useLocale } from '../web/i18n.ts';
import { flash } from '../web/flash.ts';
import { parseForm } from '../web/forms.ts';
import { SESSION_COOKIE } from '../web/session.ts';
import type { PassportInstance } from './passport.ts';
import { forgotPasswordForm, loginForm, resetPasswordForm } from './schemas.ts';
import { stopActingAs } from './acting-as.ts';
import { accountRequiredText } from './customers.ts';
import { passwordLink, requestPasswordReset, resetPassword } from './service.ts';

type AuthOutcome = { user: Express.User | false; reason?: string };

function authenticate(passport: PassportInstance, req: Request, res: Response, next: NextFunction): Promise<AuthOutcome> {
  return new Promise((resolve, reject) => {
    passport.authenticate('local', (err: unknown, user: Express.User | false, info?: { message?: string }) =>
      err ? reject(err) : resolve({ user, reason: info?.message }),
    )(req, res, next);
  });
}

const reasonMessages: Record<string, { status: number; key: string }> = {
  invalid: { status: 422, key: 'login.invalid' },
  disabled: { status: 422, key: 'login.disabled' },
  throttled: { status: 429, key: 'login.throttled' },
  sub_customers_closed: { status: 422, key: 'login.sub_customers_closed' },
};

export function accountRoutes(deps: WebDeps, passport: PassportInstance): Router {
  const router = Router();

  router.get('/login', async (req, res) => {
    if (req.user) return res.redirect('/');
    res.render('accounts/login', {
      accountText: await accountRequiredText(contextFor(deps, req), req.locale),
      values: { email: '', next: safeLocalPath(req.query.next, '') },
      errors: {},
      signedOut: req.query.signed_out === '1',
    });
  });

  router.post('/login', async (req, res, next) => {
    const form = parseForm(loginForm, req.body);
    const values = { email: String(req.body?.email ?? ''), next: safeLocalPath(req.body?.next, '') };
    const accountText = await accountRequiredText(contextFor(deps, req), req.locale);
    if (!form.ok) return res.status(422).render('accounts/login', { values, errors: form.errors, accountText });
    const outcome = await authenticate(passport, req, res, next);
    if (!outcome.user) {
      const { status, key } = reasonMessages[outcome.reason ?? 'invalid'] ?? reasonMessages.invalid;
      return res.status(status).render('accounts/login', { values, errors: { _form: key }, accountText });
    }
    // Passport gives the signed-in user a new session id (no session fixation).
    await new Promise<void>((resolve, reject) => req.logIn(outcome.user as Express.User, (err) => (err ? reject(err) : resolve())));
    // The new session gets its CSRF token now and is saved before the redirect goes out: a
    // session saved late, after the browser already asked for the next page, would replace
    // the token that page's forms carry.
    generateToken(req);
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    res.redirect(safeLocalPath(values.next, '/'));
  });

  router.post('/logout', async (req, res) => {
    // Signing out of a sub-customer returns to the main customer; the next sign-out ends the session (A7).
    if (req.session.actingAs !== undefined && req.user?.acting_from) {
      const main = req.user.acting_from.name;
      await stopActingAs(contextFor(deps, req));
      delete req.session.actingAs;
      flash(req, 'info', 'acting.ended', { name: main });
      return res.redirect('/');
    }
    // The sign-in page that follows keeps the language the user had chosen.
    if (isLocale(req.user?.locale)) rememberLocale(res, req.user.locale);
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie(SESSION_COOKIE);
    res.redirect('/login?signed_out=1');
  });

  router.get('/password/forgot', (_req, res) => {
    res.render('accounts/forgot', { values: { email: '' }, errors: {} });
  });

  router.post('/password/forgot', async (req, res) => {
    const form = parseForm(forgotPasswordForm, req.body);
    if (!form.ok) return res.status(422).render('accounts/forgot', { values: { email: String(req.body?.email ?? '') }, errors: form.errors });
    await requestPasswordReset(contextFor(deps, req), form.data.email, req.locale);
    flash(req, 'info', 'password.link_sent');
    res.redirect('/login');
  });

  router.get('/password/reset/:token', async (req, res) => {
    const link = await passwordLink(contextFor(deps, req), req.params.token);
    if (!link) return res.status(410).render('accounts/link-invalid');
    // The page speaks the language the login was created with, unless the visitor chose one.
    if (isLocale(link.locale) && !hasChosenLocale(req)) useLocale(res, link.locale);
    res.render('accounts/reset', { token: req.params.token, purpose: link.purpose, errors: {} });
  });

  router.post('/password/reset/:token', async (req, res) => {
    const link = await passwordLink(contextFor(deps, req), req.params.token);
    // The form shown again, and the sign-in page that follows, speak the login's language too.
    const loginLocale = isLocale(link?.locale) && !hasChosenLocale(req) ? link.locale : null;
    const form = parseForm(resetPasswordForm, req.body);
    if (!form.ok) {
      if (loginLocale) useLocale(res, loginLocale);
      return res.status(422).render('accounts/reset', { token: req.params.token, purpose: link?.purpose ?? 'reset', errors: form.errors });
    }
    const result = await resetPassword(contextFor(deps, req), req.params.token, form.data.password);
    if (!result.ok) return res.status(410).render('accounts/link-invalid');
    if (loginLocale) rememberLocale(res, loginLocale);
    flash(req, 'success', result.purpose === 'invite' ? 'password.set_sign_in' : 'password.changed_sign_in');
    res.redirect('/login');
  });

  return router;
}
