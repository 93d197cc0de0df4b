// Deciding what waits: an approver approves or rejects a whole order, or single lines where
// only lines wait. Each request is locked while it is decided, so two approvers at once give
// one decision and the second is told. When an order's last request is decided, what was
// approved goes to the shop and the buyer is told either way.
import { decidingAdmins } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { settleOrderBudget } from '../budgets/index.ts';
import { orderMails } from '../checkout/mails.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { dayOf } from '../lib/days.ts';
import { NotFound } from '../lib/errors.ts';
import type { Outcome } from '../lib/outcome.ts';
import { inTotals } from './amounts.ts';
import * as q from './queries.ts';

export type Decider = { id: number; name: string; organisation_id: number | null; permissions: string[] };

// May this user decide this request? Its named approver (or stand-in) may; a request naming
// nobody is for the organisation's admins. Nobody decides an order they placed.
// After five working days undecided (escalated), the organisation's admins may decide too.
// `facts.standingIn`: this user stands in today for the named approver, who can still act (the
// order may have waited since before the stand-in's period began); only what still waits.
// `facts.takenOverBy`: when the named approver can no longer act (disabled, deleted or no longer
// approving since the order waited), the customer whose admins decide instead (decidingAdmins).
type DecisionFacts = { standingIn: boolean; takenOverBy: number | null };
function mayDecide(user: Decider, request: q.RequestRow, placedBy: number | null, facts: DecisionFacts): boolean {
  if (placedBy === user.id) return false;
  if (request.approver_id === user.id) return true;
  // The approver a stand-in was named in place of (as pendingFor lists it).
  if (request.stand_in_for === user.id && user.permissions.includes('approve_orders')) return true;
  if (facts.standingIn && request.status === 'pending' && user.permissions.includes('approve_orders')) return true;
  if (user.organisation_id === null || !user.permissions.includes('manage_users')) return false;
  if (facts.takenOverBy !== null && user.organisation_id === facts.takenOverBy) return true;
  return user.organisation_id === request.organisation_id && (request.approver_id === null || request.escalated_at !== null);
}

async function decisionFacts(ctx: Ctx, db: Ctx['db'], user: Decider, request: q.RequestRow, placedBy: number | null): Promise<DecisionFacts> {
  // The named approver needs neither.
  if (request.approver_id === user.id) return { standingIn: false, takenOverBy: null };
  // One that names nobody is the admins': the customer's own, else (none left) its main customer's.
  if (request.approver_id === null) {
    const other = request.organisation_id !== null && request.organisation_id !== user.organisation_id;
    return { standingIn: false, takenOverBy: other ? (await decidingAdmins(db, request.organisation_id!, placedBy)).organisationId : null };
  }
  const [gone, standingIn] = await Promise.all([q.approverGone(db, request.approver_id), q.standsInFor(db, user.id, request.approver_id, dayOf(ctx.now))]);
  const takenOverBy = gone && request.organisation_id !== null ? (await decidingAdmins(db, request.organisation_id, placedBy)).organisationId : null;
  return { standingIn, takenOverBy };
}

export type Decision = { kind: 'approve' | 'reject' } | { kind: 'lines'; lines: Map<number, 'approved' | 'rejected'> };

// An order's lines as placed, with whom each is for when marked for an employee, and whether
// each is part of the order's totals: for the order page as for the approval page.
export async function orderLines(ctx: Ctx, order: { id: number; status: string }) {
  return (await q.orderLines(ctx.db, order.id)).map((l) => ({ ...l, in_totals: inTotals(order.status, l.status) }));
}

export async function approvalPage(ctx: Ctx, user: Decider, requestId: number) {
  const request = await q.request(ctx.db, requestId);
  if (!request) throw NotFound();
  const order = await q.order(ctx.db, request.order_id);
  // Only who may decide it sees it; to anybody else it does not exist.
  const facts = await decisionFacts(ctx, ctx.db, user, request, order?.placed_by ?? null);
  if (!order || !(mayDecide(user, request, order.placed_by, facts) || request.decided_by === user.id)) throw NotFound();
  const [lines, history] = await Promise.all([orderLines(ctx, order), q.requestsOfOrder(ctx.db, order.id)]);
  const decisions = await q.lineDecisions(ctx.db, history.map((h) => h.id));
  return { request, order, lines, history, decisions, mayDecide: request.status === 'pending' && order.status === 'awaiting_approval' && mayDecide(user, request, order.placed_by, facts) };
}

export async function decide(ctx: Ctx, user: Decider, requestId: number, decision: Decision, comment: string | null): Promise<Outcome<{ orderNumber: number; orderStatus: string }>> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome<{ orderNumber: number; orderStatus: string }>> => {
    // The order first, then the request, as withdrawing does: one order's changes queue on
    // its row instead of locking each other out.
    const unlocked = await q.request(trx, requestId);
    if (!unlocked) throw NotFound();
    const order = await q.lockOrder(trx, unlocked.order_id);
    const request = await q.lockRequest(trx, requestId);
    if (!order || !request) throw NotFound();
    const facts = await decisionFacts(ctx, trx, user, request, order.placed_by);
    if (!mayDecide(user, request, order.placed_by, facts)) throw NotFound();
    if (order.status === 'withdrawn') return { ok: false, errors: { _form: 'approvals.order_withdrawn' } };
    if (request.status !== 'pending' || order.status !== 'awaiting_approval') return { ok: false, errors: { _form: 'approvals.already_decided' } };

    const waiting = request.line_ids ?? (await q.orderLines(trx, order.id)).map((l: { id: number }) => l.id);
    let verdicts: Map<number, 'approved' | 'rejected'>;
    if (decision.kind === 'lines') {
      if (request.line_ids === null || waiting.some((id) => !decision.lines.has(id)) || [...decision.lines.keys()].some((id) => !waiting.includes(id))) {
        return { ok: false, errors: { decision: 'approvals.decide_every_line' } };
      }
      verdicts = decision.lines;
    } else {
      verdicts = new Map(waiting.map((id) => [id, decision.kind === 'approve' ? 'approved' : 'rejected']));
    }
    const rejected = [...verdicts].filter(([, v]) => v === 'rejected').map(([id]) => id);
    if (rejected.length > 0 && !comment) return { ok: false, errors: { comment: 'approvals.comment_required' } };

    const status = rejected.length === 0 ? 'approved' : rejected.length === verdicts.size ? 'rejected' : 'partly_approved';
    await q.decideRequest(trx, request.id, { status, decided_by: user.id, decided_at: ctx.now, comment });
    if (request.line_ids !== null) await q.insertLineDecisions(trx, [...verdicts].map(([lineId, v]) => ({ request_id: request.id, order_line_id: lineId, decision: v })));
    if (rejected.length > 0) await q.setLineStatus(trx, order.id, rejected, 'rejected');
    // A whole order rejected needs no other decision.
    if (request.line_ids === null && status === 'rejected') await q.withdrawPendingRequests(trx, order.id, ctx.now);

    let orderStatus = order.status;
    if ((await q.pendingCount(trx, order.id)) === 0) {
      orderStatus = await q.settleOrder(trx, order.id, ctx.now);
      await settleOrderBudget(ctx, trx, order.id);
    }
    await recordAudit(trx, ctx, {
      action: 'approval.decided', subjectType: 'order', subjectId: order.number, organisationId: order.organisation_id,
      // Decided as a stand-in: for the approver named when the order was placed, or for the one
      // this user stands in for today.
      after: { request: request.id, decision: status, rejected_lines: request.line_ids === null ? null : rejected, comment, order_status: orderStatus,
        stand_in_for: request.stand_in_for ?? (facts.standingIn && request.approver_id !== user.id ? request.approver_id : null) },
    });
    if (orderStatus !== 'awaiting_approval') await orderMails.decided(ctx, trx, { orderId: order.id, comment, deciderName: user.name });
    return { ok: true, value: { orderNumber: order.number, orderStatus } };
  });
}

export function pendingApprovals(ctx: Ctx, user: Decider) {
  return q.pendingFor(ctx.db, { id: user.id, organisation_id: user.organisation_id, isAdmin: user.permissions.includes('manage_users'), approves: user.permissions.includes('approve_orders') }, dayOf(ctx.now));
}

// Approvers, and admins (who decide what names nobody), have orders to approve.
export const mayApprove = (permissions: readonly string[]) => permissions.includes('approve_orders') || permissions.includes('manage_users');

export async function pendingApprovalCount(ctx: Ctx, user: Decider): Promise<number> {
  if (!mayApprove(user.permissions)) return 0;
  const row = await pendingApprovals(ctx, user).clearSelect().clearOrder().count<{ n: number }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

export function buyersOf(ctx: Ctx, approverId: number) {
  return q.buyersOf(ctx.db, approverId);
}

// Every request an order waited on, with its decision: the order page's approval history.
export async function approvalHistory(ctx: Ctx, orderId: number) {
  const requests = await q.requestsOfOrder(ctx.db, orderId);
  const decisions = await q.lineDecisions(ctx.db, requests.map((r) => r.id));
  return requests.map((r) => ({ ...r, lineDecisions: decisions.filter((d) => d.request_id === r.id) }));
}
