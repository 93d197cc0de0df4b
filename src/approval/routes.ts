// /approvals: what waits for this approver, the buyers they approve for (D4) and their
// stand-ins; /approvals/:id: one order to decide. A link from an e-mail only opens the page: a
// decision takes a POST from the signed-in approver, confirmed in a second step (S0).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { Forbidden } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { dayField, idFrom, parseForm } from '../web/forms.ts';
import { requireCustomer, requireOwnAccount, requirePermission } from '../web/guards.ts';
import { approversIn } from '../accounts/index.ts';
import { categoryList, currencyOf } from '../catalog/index.ts';
import { employeesSupervisedBy } from '../employees/index.ts';
import { describeReason } from './describe.ts';
import { addRule, removeRule, ruleForm, rulesOf } from './rules.ts';
import type { Reason } from './evaluate.ts';
import { approvalPage, buyersOf, decide, mayApprove, pendingApprovalCount, pendingApprovals, type Decider, type Decision } from './service.ts';
import { addStandIn, removeStandIn, standInsOf } from './stand-ins.ts';

const deciderOf = (req: Request): Decider => ({ id: req.user!.id, name: req.user!.name, organisation_id: req.user!.organisation_id, permissions: req.user!.permissions });

const standInForm = z.object({
  stand_in_id: z.string().min(1, 'validation.required').regex(/^\d{1,9}$/, 'validation.invalid').transform(Number),
  starts_on: dayField,
  ends_on: dayField,
});

// An approver's comment: room for a reason, not for a letter (the column is text).
const MAX_COMMENT = 2000;

// The count of orders waiting, for the header: only for those who may approve.
export function approvalCountLocals(deps: WebDeps) {
  return async (req: Request, res: Response, next: () => void) => {
    if (req.method === 'GET' && req.user?.organisation_id && mayApprove(req.user.permissions) && !req.user.acting_from) {
      res.locals.approvalCount = await pendingApprovalCount(contextFor(deps, req), deciderOf(req));
    }
    next();
  };
}

export function approvalRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/approvals', requireCustomer(), requireOwnAccount(), (req, _res, next) => {
    if (!mayApprove(req.user!.permissions)) throw Forbidden();
    next();
  });

  const index = async (req: Request, res: Response, values: Record<string, string> = { stand_in_id: '', starts_on: '', ends_on: '' }, errors: Record<string, string> = {}, status = 200) => {
    const ctx = contextFor(deps, req);
    const me = deciderOf(req);
    const [waiting, buyers, standIns, colleagues, employees] = await Promise.all([
      pendingApprovals(ctx, me), buyersOf(ctx, me.id), standInsOf(ctx, me.id), approversIn(ctx, [me.organisation_id!], me.id), employeesSupervisedBy(ctx, me.organisation_id!, me.id),
    ]);
    const describe = (reason: Reason, currency: string) => describeReason(reason, res.locals.t, res.locals.fmt, currency, req.locale, req.user!.permissions.includes('view_prices'));
    // A buyer's order limit is in their own customer's currency (a sub-customer's may differ).
    const orgs = [...new Set(buyers.map((b: { organisation_id: number }) => b.organisation_id))];
    const currencies = new Map(await Promise.all(orgs.map(async (org) => [org, await currencyOf(ctx, org)] as const)));
    const limited = buyers.map((b: { organisation_id: number }) => ({ ...b, currency: currencies.get(b.organisation_id) }));
    res.status(status).render('approvals/index', { waiting, buyers: limited, standIns, colleagues, employees, values, errors, describe, showPrices: req.user!.permissions.includes('view_prices') });
  };

  router.get('/approvals', (req, res) => index(req, res));

  const show = async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const page = await approvalPage(contextFor(deps, req), deciderOf(req), idFrom(req.params.id));
    const describe = (reason: Reason) => describeReason(reason, res.locals.t, res.locals.fmt, page.order.currency, req.locale, req.user!.permissions.includes('view_prices'));
    res.status(status).render('approvals/show', { ...page, describe, errors: {}, confirming: null, comment: '', choices: {}, showPrices: req.user!.permissions.includes('view_prices'), ...extra });
  };

  router.get('/approvals/:id', (req, res) => show(req, res));

  // First POST: what was chosen, shown back read-only with "confirm". Second POST (confirm=1):
  // decided.
  router.post('/approvals/:id/decision', async (req, res) => {
    const requestId = idFrom(req.params.id);
    const typed = String(req.body?.comment ?? '').replace(/\u0000/g, '').trim();
    const comment = typed || null;
    const kind = String(req.body?.decision ?? '');
    const choices: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.body ?? {})) {
      const match = /^line_(\d{1,9})$/.exec(key);
      if (match && (value === 'approved' || value === 'rejected')) choices[match[1]] = value;
    }
    if (typed.length > MAX_COMMENT) return show(req, res, { errors: { comment: 'validation.too_long' }, comment: typed, choices }, 422);
    // "Change" on the confirmation: back to the choice, as it was.
    if (kind === 'change') return show(req, res, { comment: typed, choices });
    let decision: Decision;
    if (kind === 'approve' || kind === 'reject') decision = { kind };
    else if (kind === 'lines') decision = { kind: 'lines', lines: new Map(Object.entries(choices).map(([id, v]) => [Number(id), v as 'approved' | 'rejected'])) };
    else return show(req, res, { errors: { decision: 'approvals.choose' }, comment: comment ?? '', choices }, 422);
    if (kind === 'lines') {
      const { request } = await approvalPage(contextFor(deps, req), deciderOf(req), requestId);
      if (!request.line_ids || request.line_ids.some((id) => !choices[id])) return show(req, res, { errors: { decision: 'approvals.decide_every_line' }, comment: comment ?? '', choices }, 422);
    }
    const rejects = kind === 'reject' || Object.values(choices).includes('rejected');
    if (rejects && !comment) return show(req, res, { errors: { comment: 'approvals.comment_required' }, comment: '', choices }, 422);
    if (req.body?.confirm !== '1') return show(req, res, { confirming: kind, comment: comment ?? '', choices });
    const outcome = await decide(contextFor(deps, req), deciderOf(req), requestId, decision, comment);
    if (!outcome.ok) return show(req, res, { errors: outcome.errors, comment: comment ?? '', choices }, outcome.errors._form ? 409 : 422);
    flash(req, 'success', `approvals.done.${outcome.value.orderStatus}`, { number: outcome.value.orderNumber });
    res.redirect('/approvals');
  });

  router.post('/approvals/stand-ins', async (req, res) => {
    const values = { stand_in_id: String(req.body?.stand_in_id ?? ''), starts_on: String(req.body?.starts_on ?? ''), ends_on: String(req.body?.ends_on ?? '') };
    const form = parseForm(standInForm, req.body);
    const outcome = form.ok ? await addStandIn(contextFor(deps, req), deciderOf(req), form.data) : form;
    if (!outcome.ok) return index(req, res, values, outcome.errors, 422);
    flash(req, 'success', 'approvals.stand_in_added');
    res.redirect('/approvals');
  });

  router.post('/approvals/stand-ins/:id/removal', async (req, res) => {
    await removeStandIn(contextFor(deps, req), deciderOf(req), idFrom(req.params.id));
    flash(req, 'success', 'approvals.stand_in_removed');
    res.redirect('/approvals');
  });

  // Organisation rules, for the customer's admins (main customers; a sub-customer's admins manage nothing, A10).
  const rulesPage = async (req: Request, res: Response, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const ctx = contextFor(deps, req);
    const orgId = req.user!.organisation_id!;
    const [rules, approvers, categories] = await Promise.all([rulesOf(ctx, orgId), approversIn(ctx, [orgId]), categoryList(ctx)]);
    res.status(status).render('approvals/rules', { rules, approvers, categories, values, errors, currency: await currencyOf(ctx, orgId) });
  };
  router.use('/my/approval-rules', requireCustomer(), requirePermission('manage_users'), requireOwnAccount(), (req, _res, next) => {
    // Rules are the main customer's: a sub-customer's admin has none of their own.
    if (req.user!.parent_organisation_id !== null) throw Forbidden();
    next();
  });
  router.get('/my/approval-rules', (req, res) => rulesPage(req, res, { kind: 'total_at_least', amount: '', category_id: '', approver_id: '' }, {}));
  router.post('/my/approval-rules', async (req, res) => {
    const values = { kind: String(req.body?.kind ?? ''), amount: String(req.body?.amount ?? ''), category_id: String(req.body?.category_id ?? ''), approver_id: String(req.body?.approver_id ?? '') };
    const form = parseForm(ruleForm, req.body);
    const outcome = form.ok ? await addRule(contextFor(deps, req), req.user!.organisation_id!, form.data) : form;
    if (!outcome.ok) return rulesPage(req, res, values, outcome.errors, 422);
    flash(req, 'success', 'approval_rules.added');
    res.redirect('/my/approval-rules');
  });
  router.post('/my/approval-rules/:id/removal', async (req, res) => {
    await removeRule(contextFor(deps, req), req.user!.organisation_id!, idFrom(req.params.id));
    flash(req, 'success', 'approval_rules.removed');
    res.redirect('/my/approval-rules');
  });

  return router;
}
