// /checkout: the cart's lines, where they go, the buyer's reference; then a review that says
// what will happen (to the shop, or to whom for approval and why), then confirm. Confirming
// twice (a double click, the back button) gives the first order.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { deliveryAddressesOf, orderBillingAddressOf } from '../accounts/index.ts';
import { describeReason } from '../approval/describe.ts';
import { lastDayOf } from '../budgets/index.ts';
import { cartView, markCartLines } from '../cart/index.ts';
import { employeesToChoose, staleMarks } from '../employees/index.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { parseForm } from '../web/forms.ts';
import { requireCustomer, requirePermission } from '../web/guards.ts';
import { checkoutForm, confirmForm } from './schemas.ts';
import { organisation } from './queries.ts';
import { reviewOrder, type OrderDraft } from './prepare.ts';
import { placeOrder } from './service.ts';

const typed = (body: Record<string, unknown> | undefined) => ({
  delivery_address_id: String(body?.delivery_address_id ?? ''),
  reference: String(body?.reference ?? ''),
  comment: String(body?.comment ?? ''),
});

export function checkoutRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/checkout', requireCustomer(), requirePermission('place_orders'));

  const draftOf = (req: Request, form: { delivery_address_id: number; reference: string | null; comment: string | null; cart_fingerprint?: string }, key: string): OrderDraft => ({
    buyerId: req.user!.id, organisationId: req.user!.organisation_id!, deliveryAddressId: form.delivery_address_id,
    reference: form.reference, comment: form.comment, idempotencyKey: key, channel: 'web', reviewedCart: form.cart_fingerprint,
  });

  const checkoutPage = async (req: Request, res: Response, values: ReturnType<typeof typed>, errors: Record<string, string>, status = 200) => {
    const ctx = contextFor(deps, req);
    const orgId = req.user!.organisation_id!;
    const [cart, addresses, org, employees] = await Promise.all([cartView(ctx, { userId: req.user!.id, organisationId: orgId }), deliveryAddressesOf(ctx, orgId), organisation(deps.db, orgId), employeesToChoose(ctx, orgId)]);
    if (cart.lines.length === 0) return res.redirect('/cart');
    const billing = org ? await orderBillingAddressOf(ctx, org) : null;
    const chosen = values.delivery_address_id || String(addresses.find((a) => a.is_default)?.id ?? addresses[0]?.id ?? '');
    res.status(status).render('checkout/form', { cart, addresses, billing, employees, marks: req.method === 'POST' ? req.body ?? {} : {}, markErrors: { ...staleMarks(cart.lines, employees), ...errors }, values: { ...values, delivery_address_id: chosen }, errors, showPrices: req.user!.permissions.includes('view_prices') });
  };

  // A field's problem shows on the checkout form, as does a cart changed since the review (409:
  // reviewed again from there, with what was typed); another problem with the cart sends the
  // buyer back to it, with the message.
  const refused = (req: Request, res: Response, errors: Record<string, string>) => {
    if (!errors._form) return checkoutPage(req, res, typed(req.body), errors, 422);
    if (errors._form === 'checkout.changed_since_review') return checkoutPage(req, res, typed(req.body), errors, 409);
    flash(req, 'error', errors._form);
    res.redirect('/cart');
  };

  router.get('/checkout', (req, res) => checkoutPage(req, res, typed(undefined), {}));
  // The review and the way back are answers to the form; opened by address (a bookmark, a reload
  // the browser made a GET of) they lead to the form itself.
  router.get(['/checkout/review', '/checkout/form'], (_req, res) => res.redirect('/checkout'));
  // The review's "back": the form again with what was typed, sent in the body (a comment or a
  // reference does not belong in an address, which logs and browser histories keep).
  router.post('/checkout/form', (req, res) => checkoutPage(req, res, typed(req.body), {}));

  // The review: the same preparation placing does, nothing written.
  router.post('/checkout/review', async (req, res) => {
    const form = parseForm(checkoutForm, req.body);
    if (!form.ok) return checkoutPage(req, res, typed(req.body), form.errors, 422);
    // Whom each line is for is kept in the cart, so placing (and going back) sees the same.
    const marked = await markCartLines(contextFor(deps, req), { userId: req.user!.id, organisationId: req.user!.organisation_id! }, req.body);
    if (!marked.ok) return checkoutPage(req, res, typed(req.body), marked.errors, 422);
    const key = randomBytes(16).toString('hex');
    const reviewed = await reviewOrder(contextFor(deps, req), draftOf(req, form.data, key));
    if (!reviewed.ok) return refused(req, res, reviewed.errors);
    const review = reviewed.value;
    const t = res.locals.t;
    const nameOf = (id: number) => review.people.find((p) => p.id === id)?.name ?? '';
    // The admins, or the approver, and whom a stand-in decides for (as the order page says it).
    const who = (d: (typeof review.evaluation.requests)[number]['decider']) => {
      if (d.kind === 'admins') return t('checkout.admins_of', { organisation: d.organisationId === review.organisation.id ? review.organisation.name : t('checkout.main_customer') });
      return d.standInFor ? `${nameOf(d.userId)} (${t('approvals.standing_in_for', { name: nameOf(d.standInFor) })})` : nameOf(d.userId);
    };
    const waitsFor = review.evaluation.requests.map((r) => ({
      who: who(r.decider),
      reasons: r.reasons.map((reason) => describeReason(reason, res.locals.t, res.locals.fmt, review.currency, req.locale, req.user!.permissions.includes('view_prices'))),
    }));
    // Overspend goes to whoever decides the budget reason (seed 004).
    const overBudget = review.evaluation.requests.findIndex((r) => r.reasons.some((reason) => reason.code === 'over_budget'));
    const budget = review.budget && {
      ...review.budget,
      lastDay: lastDayOf(review.budget.period),
      // Never an order in one currency taken from a budget in another (it is not placed either).
      after: review.budget.budget.currency === review.currency ? review.budget.remaining - review.total : null,
      goesTo: overBudget >= 0 ? waitsFor[overBudget].who : null,
    };
    res.render('checkout/review', { review, waitsFor, budget, employees: review.employees, values: typed(req.body), key, showPrices: req.user!.permissions.includes('view_prices') });
  });

  router.post('/checkout', async (req, res) => {
    const form = parseForm(confirmForm, req.body);
    // The review's own fields (its key, the cart it showed) have no place on the form: reviewed again.
    if (!form.ok) return checkoutPage(req, res, typed(req.body), form.errors.idempotency_key || form.errors.cart_fingerprint ? { ...form.errors, _form: 'checkout.review_again' } : form.errors, 422);
    const placed = await placeOrder(contextFor(deps, req), draftOf(req, form.data, form.data.idempotency_key));
    if (!placed.ok) return refused(req, res, placed.errors);
    res.redirect(`/orders/${placed.value.number}?placed=1`);
  });

  return router;
}
