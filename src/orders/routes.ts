// /orders and /orders/:number for customers; /admin/orders for staff (behind the staff guard).
import { Router, type Request, type Response } from 'express';
import { describeReason, withdrawOrder } from '../approval/index.ts';
import type { Reason } from '../approval/index.ts';
import { addLinesToCart } from '../cart/index.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom, parseId, queryText } from '../web/forms.ts';
import { requireCustomer } from '../web/guards.ts';
import { Forbidden } from '../lib/errors.ts';
import { mailsGoToMainCustomer, orderFor, ordersFor, staffOrder, staffOrders, type Reader } from './service.ts';

const readerOf = (req: Request): Reader => ({ id: req.user!.id, organisation_id: req.user!.organisation_id!, permissions: req.user!.permissions });

const ORDER_PERMISSIONS = ['place_orders', 'view_orders', 'view_all_orders'];

// Reasons in the reader's words, for the approval history.
const describer = (req: Request, res: Response, currency: string, showPrices: boolean) => (reason: Reason) => describeReason(reason, res.locals.t, res.locals.fmt, currency, req.locale, showPrices);

// The thanks after placing ("?placed=1") says where the order went: only while it is still
// there, not on a reload after it was decided or withdrawn.
const stillAsPlaced = (order: { status: string }, history: unknown[]) => order.status === 'awaiting_approval' || (order.status === 'processing' && history.length === 0);

// Only its buyer takes back an order, and only while it waits.
const mayWithdraw = (order: { status: string; placed_by: number | null }, userId: number) => order.status === 'awaiting_approval' && order.placed_by === userId;

export function orderRoutes(deps: WebDeps): Router {
  const router = Router();
  router.use('/orders', requireCustomer(), (req, _res, next) => {
    if (!ORDER_PERMISSIONS.some((p) => req.user!.permissions.includes(p))) throw Forbidden();
    next();
  });

  router.get('/orders', async (req, res) => {
    const orders = await ordersFor(contextFor(deps, req), readerOf(req), parseId(req.query.before) ?? null);
    res.render('orders/index', { orders, showPrices: req.user!.permissions.includes('view_prices') });
  });

  const show = async (req: Request, res: Response, errors: Record<string, string> = {}, status = 200, confirmingWithdrawal = false) => {
    const page = await orderFor(contextFor(deps, req), readerOf(req), idFrom(req.params.number));
    const placed = req.query.placed === '1' && stillAsPlaced(page.order, page.history);
    // Who will hear of the decision: the buyer, or (C7) the main customer.
    const mailsToMain = placed && (await mailsGoToMainCustomer(contextFor(deps, req), page.order.organisation_id));
    res.status(status).render('orders/show', {
      ...page, errors, confirmingWithdrawal, placed, mailsToMain, waiting: page.history.filter((h) => h.status === 'pending'), showPrices: req.user!.permissions.includes('view_prices'),
      mayWithdraw: mayWithdraw(page.order, req.user!.id), describe: describer(req, res, page.order.currency, req.user!.permissions.includes('view_prices')),
      mayReorder: req.user!.permissions.includes('place_orders'),
    });
  };

  router.get('/orders/:number', (req, res) => show(req, res));

  router.post('/orders/:number/withdrawal', async (req, res) => {
    const { order } = await orderFor(contextFor(deps, req), readerOf(req), idFrom(req.params.number));
    // As a decision is: the first press asks, OK withdraws.
    if (req.body?.confirm !== '1' && mayWithdraw(order, req.user!.id)) return show(req, res, {}, 200, true);
    const outcome = await withdrawOrder(contextFor(deps, req), req.user!.id, order.id);
    if (!outcome.ok) return show(req, res, outcome.errors, 409);
    flash(req, 'success', 'orders.withdrawn');
    res.redirect(`/orders/${order.number}`);
  });

  // Reorder: the order's lines into the cart at today's prices; what cannot be ordered any more is named.
  router.post('/orders/:number/reorder', async (req, res) => {
    if (!req.user!.permissions.includes('place_orders')) throw Forbidden();
    const ctx = contextFor(deps, req);
    const { lines } = await orderFor(ctx, readerOf(req), idFrom(req.params.number));
    const { added, refused } = await addLinesToCart(ctx, { userId: req.user!.id, organisationId: req.user!.organisation_id! }, lines.map((l: { sku: string; qty: number }) => ({ sku: l.sku, qty: l.qty })));
    if (added > 0 || refused.length === 0) flash(req, 'success', 'orders.reordered', { count: added });
    if (refused.length > 0) flash(req, 'info', 'orders.reorder_skipped', { count: refused.length });
    res.redirect('/cart');
  });

  return router;
}

export function orderAdminRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get('/orders', async (req, res) => {
    const query = queryText(req.query.q);
    const orders = await staffOrders(contextFor(deps, req), query, parseId(req.query.before) ?? null);
    res.render('orders/admin/index', { layout: 'staff', orders, query });
  });
  router.get('/orders/:number', async (req, res) => {
    const page = await staffOrder(contextFor(deps, req), idFrom(req.params.number));
    res.render('orders/admin/show', { layout: 'staff', ...page, showPrices: true, mayWithdraw: false, placed: false, errors: {}, describe: describer(req, res, page.order.currency, true) });
  });
  return router;
}
