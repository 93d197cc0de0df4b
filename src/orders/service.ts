// Orders as buyers and staff see them. A buyer sees their own orders, or the whole customer's
// with "see the company's orders"; staff see an order only once it reached the shop (D3).
import { approvalHistory, orderLines } from '../approval/index.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import * as q from './queries.ts';

export type Reader = { id: number; organisation_id: number; permissions: string[] };

const seesAll = (reader: Reader) => reader.permissions.includes('view_all_orders');

export function ordersFor(ctx: Ctx, reader: Reader, beforeNumber: number | null) {
  return q.ordersOf(ctx.db, { organisationId: reader.organisation_id, placedBy: seesAll(reader) ? null : reader.id, beforeNumber });
}

export async function orderFor(ctx: Ctx, reader: Reader, number: number) {
  const order = await q.orderByNumber(ctx.db, number);
  if (!order || order.organisation_id !== reader.organisation_id || (!seesAll(reader) && order.placed_by !== reader.id)) throw NotFound();
  const [lines, history] = await Promise.all([orderLines(ctx, order), approvalHistory(ctx, order.id)]);
  return { order, lines, history };
}

export function mailsGoToMainCustomer(ctx: Ctx, organisationId: number): Promise<boolean> {
  return q.mailsGoToMainCustomer(ctx.db, organisationId);
}

export function staffOrders(ctx: Ctx, query: string, beforeNumber: number | null) {
  return q.staffOrders(ctx.db, { query, beforeNumber });
}

export async function staffOrder(ctx: Ctx, number: number) {
  const order = await q.orderByNumber(ctx.db, number);
  if (!order || !q.STAFF_VISIBLE.includes(order.status)) throw NotFound();
  const [lines, history] = await Promise.all([orderLines(ctx, order), approvalHistory(ctx, order.id)]);
  return { order, lines, history };
}
