// /my: every signed-in user's own page (profile, language, password), staff included.
import { Router, type Request } from 'express';
import { safeLocalPath } from '../lib/local-path.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { parseForm } from '../web/forms.ts';
import { rememberLocale } from '../web/i18n.ts';
import { changePasswordForm, localeForm, profileForm } from './schemas.ts';
import { changePassword, profile, saveLanguage, updateProfile } from './service.ts';

// What other capabilities add to the page (the buyer's budget), every time it is shown.
export type MyPagePart = (req: Request) => Promise<Record<string, unknown>>;

export function myRoutes(deps: WebDeps, parts: MyPagePart[] = []): Router {
  const router = Router();
  const page = async (req: Request, overrides: Record<string, unknown> = {}) => {
    const user = req.user!;
    const [extra, ...added] = await Promise.all([profile(contextFor(deps, req), user.id), ...parts.map((part) => part(req))]);
    return {
      ...Object.assign({}, ...added),
      profile: { name: user.name, locale: user.locale ?? '', phone: extra.phone ?? '', newsletter: extra.newsletter },
      profileErrors: {},
      passwordErrors: {},
      ...overrides,
    };
  };

  router.get('/my', async (req, res) => {
    res.render('accounts/my', await page(req));
  });

  router.post('/my', async (req, res) => {
    const form = parseForm(profileForm, req.body);
    if (!form.ok) {
      const typed = { name: String(req.body?.name ?? ''), locale: String(req.body?.locale ?? ''), phone: String(req.body?.phone ?? ''), newsletter: req.body?.newsletter === 'on' };
      return res.status(422).render('accounts/my', await page(req, { profile: typed, profileErrors: form.errors }));
    }
    await updateProfile(contextFor(deps, req), req.user!.id, form.data);
    rememberLocale(res, form.data.locale);
    flash(req, 'success', 'my.profile_saved');
    res.redirect('/my');
  });

  router.post('/my/password', async (req, res) => {
    const form = parseForm(changePasswordForm, req.body);
    if (!form.ok) return res.status(422).render('accounts/my', await page(req, { passwordErrors: form.errors }));
    const result = await changePassword(contextFor(deps, req), req.user!.id, {
      current: form.data.current_password,
      password: form.data.password,
      keepSessionId: req.sessionID,
    });
    if (!result.ok) {
      return res.status(422).render('accounts/my', await page(req, { passwordErrors: { current_password: 'validation.current_password_wrong' } }));
    }
    flash(req, 'success', 'my.password_changed');
    res.redirect('/my');
  });

  router.post('/language', async (req, res) => {
    const form = parseForm(localeForm, req.body);
    if (form.ok) {
      await saveLanguage(contextFor(deps, req), req.user!.id, form.data.locale);
      rememberLocale(res, form.data.locale);
    }
    res.redirect(safeLocalPath(req.body?.next, '/'));
  });

  return router;
}

// Visitors switch language with a plain GET form: it sets only a cookie, nothing is saved.
export function languageSwitchRoute(): Router {
  const router = Router();
  router.get('/language', (req, res) => {
    const form = parseForm(localeForm, req.query);
    if (form.ok) rememberLocale(res, form.data.locale);
    res.redirect(safeLocalPath(req.query.next, '/'));
  });
  return router;
}
