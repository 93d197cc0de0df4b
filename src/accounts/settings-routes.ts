// Shop settings (/admin/settings), for staff administrators: who may sign in how, order mail
// to main customers, and the text a visitor without an account is shown.
import { Router } from 'express';
import { contextFor, type WebDeps } from '../web/context.ts';
import { renderStaff } from '../web/views.ts';
import { flash } from '../web/flash.ts';
import { parseForm } from '../web/forms.ts';
import { requireStaff } from '../web/guards.ts';
import { LOCALES } from '../web/i18n.ts';
import { settings, updateSettings } from './customers.ts';
import { settingsForm } from './schemas.ts';

export function shopSettingsRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get('/settings', requireStaff('staff_admin'), async (req, res) => {
    const current = await settings(contextFor(deps, req));
    const values = { ...current, ...Object.fromEntries(LOCALES.map((l) => [`account_required_text_${l}`, current.account_required_text[l] ?? ''])) };
    renderStaff(res, 'accounts/admin/settings', { values, errors: {} });
  });

  router.post('/settings', requireStaff('staff_admin'), async (req, res) => {
    const form = parseForm(settingsForm, req.body);
    if (!form.ok) return renderStaff(res, 'accounts/admin/settings', { values: { ...req.body }, errors: form.errors }, 422);
    const { account_required_text_en, account_required_text_sv, account_required_text_nb, account_required_text_de, ...flags } = form.data;
    const texts = { en: account_required_text_en, sv: account_required_text_sv, nb: account_required_text_nb, de: account_required_text_de };
    await updateSettings(contextFor(deps, req), { ...flags, account_required_text: JSON.stringify(texts) });
    flash(req, 'success', 'settings.saved');
    res.redirect('/admin/settings');
  });

  return router;
}
