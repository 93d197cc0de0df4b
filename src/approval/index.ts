export { evaluate, waitingLines, type Evaluation, type Facts, type Reason } from './evaluate.ts';
export { describeReason } from './describe.ts';
export {
  addStandIn, approvalPage, buyersOf, decide, orderLines, pendingApprovalCount, pendingApprovals, remindUndecided, removeStandIn, standInsOf,
  withdrawOrder, withdrawWaitingOrders, workingDaysBetween, type Decider,
} from './service.ts';
export { approvalRoutes, approvalCountLocals } from './routes.ts';

import type { Ctx } from '../lib/context.ts';
import * as q from './queries.ts';

// Every request an order waited on, with its decision: the order page's approval history.
export async function approvalHistory(ctx: Ctx, orderId: number) {
  const requests = await q.requestsOfOrder(ctx.db, orderId);
  const decisions = await q.lineDecisions(ctx.db, requests.map((r) => r.id));
  return requests.map((r) => ({ ...r, lineDecisions: decisions.filter((d) => d.request_id === r.id) }));
}
