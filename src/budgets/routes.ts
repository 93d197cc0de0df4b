// /my/budgets: a company admin with manage_budgets sets each login's budget, sees its period's
// spend, reservations and remainder (as a chart, and as a table that needs no script), and
// changes, pauses or ends it.
import { Router, type Request, type Response } from 'express';
import { currencyOf } from '../catalog/index.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseForm, typedValues } from '../web/forms.ts';
import { requireCustomer, requireOwnAccount, requirePermission } from '../web/guards.ts';
import { dayOf } from '../lib/days.ts';
import { formatAmountInput } from '../lib/money.ts';
import { budgetStateOf } from './ledger.ts';
import { lastDayOf } from './periods.ts';
import { budgetChangeForm, budgetOf, budgetsPage, changeBudget, createBudget } from './admin.ts';

const NEW_FIELDS = ['user_id', 'period', 'starts_on', 'length_days', 'amount', 'policy'];

export function budgetRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/my/budgets', requireCustomer(), requirePermission('manage_budgets'), requireOwnAccount());
  const currency = (req: Request) => currencyOf(contextFor(deps, req), req.user!.organisation_id!);

  const index = async (req: Request, res: Response, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const ctx = contextFor(deps, req);
    const page = await budgetsPage(ctx, req.user!.organisation_id!);
    const chart = page.budgets.filter((b) => b.current && b.state !== 'ended').map((b) => ({ label: b.user_name, amount: b.amount / 100, spent: b.spent / 100, reserved: b.reserved / 100 }));
    const shown = await currency(req);
    res.status(status).render('budgets/index', { ...page, chart, currency: shown, values, errors });
  };

  router.get('/my/budgets', (req, res) => index(req, res, { period: 'month', policy: 'approve', starts_on: dayOf(contextFor(deps, req).now) }, {}));
  router.post('/my/budgets', async (req, res) => {
    const outcome = await createBudget(contextFor(deps, req), req.user!.organisation_id!, await currency(req), req.body ?? {});
    if (!outcome.ok) return index(req, res, typedValues(req.body, NEW_FIELDS), outcome.errors, 422);
    flash(req, 'success', 'budgets.created');
    res.redirect('/my/budgets');
  });

  const show = async (req: Request, res: Response, values: Record<string, string> | null, errors: Record<string, string>, status = 200) => {
    const { budget, history } = await budgetOf(contextFor(deps, req), req.user!.organisation_id!, idFrom(req.params.id));
    res.status(status).render('budgets/show', { budget, history, values: values ?? { amount: formatAmountInput(budget.amount, req.locale !== 'en'), policy: budget.policy }, errors });
  };
  router.get('/my/budgets/:id', (req, res) => show(req, res, null, {}));
  router.post('/my/budgets/:id', async (req, res) => {
    const form = parseForm(budgetChangeForm, req.body);
    const outcome = form.ok ? await changeBudget(contextFor(deps, req), req.user!.organisation_id!, idFrom(req.params.id), { kind: 'terms', ...form.data }) : form;
    if (!outcome.ok) return show(req, res, typedValues(req.body, ['amount', 'policy']), outcome.errors, 422);
    flash(req, 'success', 'budgets.changed');
    res.redirect(`/my/budgets/${idFrom(req.params.id)}`);
  });
  for (const kind of ['pause', 'resume', 'end'] as const) {
    router.post(`/my/budgets/:id/${kind}`, async (req, res) => {
      const outcome = await changeBudget(contextFor(deps, req), req.user!.organisation_id!, idFrom(req.params.id), { kind });
      flash(req, outcome.ok ? 'success' : 'error', outcome.ok ? `budgets.done_${kind}` : outcome.errors._form);
      res.redirect(`/my/budgets/${idFrom(req.params.id)}`);
    });
  }
  return router;
}

// My page shows the signed-in buyer's budget: amount, spent, reserved, remaining, period (E2).
export function myBudgetPart(deps: WebDeps) {
  return async (req: Request): Promise<{ myBudget?: unknown }> => {
    if (!req.user?.organisation_id || !req.user.permissions.includes('view_prices')) return {};
    const ctx = contextFor(deps, req);
    const state = await budgetStateOf(ctx.db, req.user.id, dayOf(ctx.now));
    return state ? { myBudget: { ...state, lastDay: lastDayOf(state.period) } } : {};
  };
}
