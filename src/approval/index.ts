export { evaluate, waitingLines, type Evaluation, type Facts, type Reason } from './evaluate.ts';
export { describeReason } from './describe.ts';
export { approvalHistory, approvalPage, buyersOf, decide, orderLines, pendingApprovalCount, pendingApprovals, type Decider } from './service.ts';
export { addStandIn, removeStandIn, standInsOf } from './stand-ins.ts';
export { remindUndecided, workingDaysBetween } from './reminders.ts';
export { withdrawOrder, withdrawWaitingOrders } from './withdrawals.ts';
export { approvalRoutes, approvalCountLocals } from './routes.ts';
