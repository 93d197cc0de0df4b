// Reads and writes of approval requests, their decisions and approvers' stand-ins. Orders'
// statuses change here as decisions land; orders are only ever inserted by the checkout.
import type { Knex } from 'knex';
import { activeAdmin, activeApprover, lockLogin } from '../accounts/index.ts';
import type { Conn, Trx } from '../db/knex.ts';
import type { Reason } from './evaluate.ts';

export type RequestRow = {
  id: number;
  order_id: number;
  organisation_id: number | null;
  approver_id: number | null;
  stand_in_for: number | null;
  reasons: Reason[];
  line_ids: number[] | null;
  status: 'pending' | 'approved' | 'rejected' | 'partly_approved' | 'withdrawn';
  decided_by: number | null;
  decided_at: Date | null;
  comment: string | null;
  created_at: Date;
  reminded_at: Date | null;
  escalated_at: Date | null;
};

export function lockRequest(trx: Trx, id: number): Promise<RequestRow | undefined> {
  return trx('approval_requests').where({ id }).forUpdate().first();
}

export function request(db: Conn, id: number): Promise<RequestRow | undefined> {
  return db('approval_requests').where({ id }).first();
}

const ACTIVE_APPROVER = activeApprover('a');

// Whether the named approver can no longer act (disabled, deleted or no longer approving since
// the order waited): then the customer's admins decide, or its main customer's when it has none
// (accounts' decidingAdmins).
export async function approverGone(db: Conn, approverId: number | null): Promise<boolean> {
  if (approverId === null) return false;
  return !(await db('users as a').where('a.id', approverId).whereRaw(ACTIVE_APPROVER).first('a.id'));
}

// An order's requests, each with whom it waits for: `approver_name` null while it waits for the
// admins, also when the named approver can no longer act (`replaced_name` is then theirs).
export function requestsOfOrder(db: Conn, orderId: number): Promise<(RequestRow & { approver_name: string | null; replaced_name: string | null; decided_by_name: string | null; stand_in_for_name: string | null })[]> {
  const replaced = `r.status = 'pending' AND r.approver_id IS NOT NULL AND NOT coalesce(${ACTIVE_APPROVER}, false)`;
  return db('approval_requests as r')
    .leftJoin('users as a', 'a.id', 'r.approver_id')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .leftJoin('users as s', 's.id', 'r.stand_in_for')
    .where('r.order_id', orderId)
    .orderBy('r.id')
    .select('r.*', db.raw(`CASE WHEN ${replaced} THEN NULL ELSE a.name END AS approver_name`), db.raw(`CASE WHEN ${replaced} THEN a.name END AS replaced_name`), 'd.name as decided_by_name', 's.name as stand_in_for_name');
}

export function lineDecisions(db: Conn, requestIds: number[]): Promise<{ request_id: number; order_line_id: number; decision: string }[]> {
  return requestIds.length === 0 ? Promise.resolve([]) : db('approval_line_decisions').whereIn('request_id', requestIds).select('request_id', 'order_line_id', 'decision');
}

export function order(db: Conn, id: number) {
  return db('orders').where({ id }).first();
}

export function lockOrder(trx: Trx, id: number) {
  return trx('orders').where({ id }).forUpdate().first('id', 'number', 'status', 'organisation_id', 'placed_by', 'currency');
}

export function lockWaitingOrdersOf(trx: Trx, organisationIds: number[]): Promise<{ id: number; number: number; organisation_id: number | null }[]> {
  return trx('orders').whereIn('organisation_id', organisationIds).where({ status: 'awaiting_approval' }).orderBy('id').forUpdate().select('id', 'number', 'organisation_id');
}

export function orderLines(db: Conn, orderId: number) {
  return db('order_lines as l').leftJoin('employees as e', 'e.id', 'l.employee_id').where('l.order_id', orderId).orderBy('l.line_no').select('l.*', 'e.name as employee_name');
}

export async function decideRequest(trx: Trx, id: number, fields: { status: RequestRow['status']; decided_by: number | null; decided_at: Date; comment: string | null }) {
  await trx('approval_requests').where({ id }).update(fields);
}

export async function insertLineDecisions(trx: Trx, rows: { request_id: number; order_line_id: number; decision: 'approved' | 'rejected' }[]) {
  if (rows.length > 0) await trx('approval_line_decisions').insert(rows);
}

export async function setLineStatus(trx: Trx, orderId: number, lineIds: number[], status: string) {
  await trx('order_lines').where({ order_id: orderId }).whereIn('id', lineIds).update({ status });
}

// The order withdrawn, and its lines; those a decision rejected already stay rejected.
export async function markWithdrawn(trx: Trx, orderId: number, now: Date) {
  await trx('orders').where({ id: orderId }).update({ status: 'withdrawn', decided_at: now });
  await trx('order_lines').where({ order_id: orderId }).whereNot({ status: 'rejected' }).update({ status: 'withdrawn' });
}

// The requests still waiting, now withdrawn: their deciders are told.
export async function withdrawPendingRequests(trx: Trx, orderId: number, now: Date): Promise<RequestRow[]> {
  return trx('approval_requests').where({ order_id: orderId, status: 'pending' }).update({ status: 'withdrawn', decided_at: now }).returning('*');
}

export async function pendingCount(trx: Conn, orderId: number): Promise<number> {
  const row = await trx('approval_requests').where({ order_id: orderId, status: 'pending' }).count<{ n: number }[]>('* as n').first();
  return Number(row?.n ?? 0);
}

// The order after its last decision: totals of what goes on, and where it goes.
export async function settleOrder(trx: Trx, orderId: number, now: Date): Promise<string> {
  await trx('order_lines').where({ order_id: orderId, status: 'waiting' }).update({ status: 'accepted' });
  const sums = await trx('order_lines').where({ order_id: orderId, status: 'accepted' })
    .first(trx.raw('count(*)::int AS n'), trx.raw('coalesce(sum(line_total), 0)::bigint AS subtotal'), trx.raw('coalesce(sum(line_vat), 0)::bigint AS vat'));
  // A rejected order keeps its totals as placed: nothing is charged, and the list still says what was asked.
  if (Number(sums.n) === 0) {
    await trx('orders').where({ id: orderId }).update({ status: 'rejected', decided_at: now });
    return 'rejected';
  }
  await trx('orders').where({ id: orderId }).update({ status: 'processing', decided_at: now, subtotal: sums.subtotal, vat_total: sums.vat, total: Number(sums.subtotal) + Number(sums.vat) });
  return 'processing';
}

// What waits for this user: requests naming them, or their stand-in in their stead, or an
// approver (still active) they stand in for on `day`; for an organisation's admins, those that
// name nobody, were escalated, or name an approver who can no longer act; for a main
// customer's admins, those that name nobody or such an approver of a sub-customer without
// admins of its own (as accounts' decidingAdmins). Never an order of their own.
export function pendingFor(db: Conn, user: { id: number; organisation_id: number | null; isAdmin: boolean; approves: boolean }, day: string) {
  const approverActs = (u: Knex.QueryBuilder) => u.select(db.raw('1')).from('users as a').whereRaw('a.id = r.approver_id').whereRaw(ACTIVE_APPROVER);
  const ownAdmin = (u: Knex.QueryBuilder) => u.select(db.raw('1')).from('users as m').whereRaw('m.organisation_id = r.organisation_id').whereRaw(activeAdmin('m'))
    .whereRaw('m.id IS DISTINCT FROM o.placed_by');
  return db('approval_requests as r')
    .join('orders as o', 'o.id', 'r.order_id')
    .where('r.status', 'pending')
    .where((w) => {
      w.where('r.approver_id', user.id);
      if (user.approves) {
        w.orWhereExists(standInsOnDay(db, day).select(db.raw('1')).whereRaw('s.approver_id = r.approver_id').where('s.stand_in_id', user.id));
        // Sent to their stand-in while they were away: still theirs to decide, back early or not.
        w.orWhere('r.stand_in_for', user.id);
      }
      if (user.isAdmin && user.organisation_id) {
        w.orWhere((x) => x.where('r.organisation_id', user.organisation_id).where((y) => y.whereNull('r.approver_id').orWhereNotNull('r.escalated_at').orWhereNotExists(approverActs)));
        w.orWhere((x) => x.whereIn('r.organisation_id', db('organisations').select('id').where('parent_id', user.organisation_id))
          .where((y) => y.whereNull('r.approver_id').orWhereNotExists(approverActs)).whereNotExists(ownAdmin));
      }
    })
    .where((w) => w.whereNull('o.placed_by').orWhereNot('o.placed_by', user.id))
    .orderBy('r.created_at')
    .select('r.id', 'r.reasons', 'r.line_ids', 'r.created_at', 'o.number', 'o.placed_by_name', 'o.customer_name', 'o.total', 'o.currency', 'o.placed_at');
}

export function buyersOf(db: Conn, approverId: number) {
  return db('users').where({ approver_id: approverId }).whereNull('disabled_at').orderBy('name').select('id', 'name', 'email', 'approval_mode', 'order_limit', 'organisation_id');
}

export function standInsOf(db: Conn, approverId: number) {
  return db('approval_stand_ins as s').join('users as u', 'u.id', 's.stand_in_id').where('s.approver_id', approverId).orderBy('s.starts_on').select('s.id', 's.starts_on', 's.ends_on', 'u.name as stand_in_name');
}

// Stand-in periods (`s`) covering `day` of approvers (`a`) who can still act: a disabled
// approver's orders go to the admins, not to whom they had named.
function standInsOnDay(db: Conn, day: string) {
  return db('approval_stand_ins as s').join('users as a', 'a.id', 's.approver_id').where('s.starts_on', '<=', day).where('s.ends_on', '>=', day).whereRaw(ACTIVE_APPROVER);
}

// Whether `userId` stands in for `approverId` on `day`.
export async function standsInFor(db: Conn, userId: number, approverId: number | null, day: string): Promise<boolean> {
  if (approverId === null) return false;
  return Boolean(await standInsOnDay(db, day).where({ 's.approver_id': approverId, 's.stand_in_id': userId }).first('s.id'));
}

// Another stand-in period of this approver's sharing a day with [startsOn, endsOn]. The
// approver's row is locked first, so two periods added at once are checked one after the other.
export async function standInOverlapping(trx: Trx, approverId: number, startsOn: string, endsOn: string): Promise<boolean> {
  await lockLogin(trx, approverId);
  return Boolean(await trx('approval_stand_ins').where({ approver_id: approverId }).where('starts_on', '<=', endsOn).where('ends_on', '>=', startsOn).first('id'));
}

export async function insertStandIn(db: Conn, row: { approver_id: number; stand_in_id: number; starts_on: string; ends_on: string }) {
  const [{ id }] = await db('approval_stand_ins').insert(row).returning('id');
  return id as number;
}

export function deleteStandIn(db: Conn, approverId: number, id: number) {
  return db('approval_stand_ins').where({ approver_id: approverId, id }).delete();
}

export function undecidedSince(db: Conn, before: Date) {
  return db('approval_requests').where({ status: 'pending' }).where('created_at', '<', before).where((w) => w.whereNull('reminded_at').orWhereNull('escalated_at')).select('id', 'created_at', 'reminded_at', 'escalated_at');
}

export async function markReminded(trx: Trx, id: number, field: 'reminded_at' | 'escalated_at', now: Date) {
  return (await trx('approval_requests').where({ id, status: 'pending' }).whereNull(field).update({ [field]: now })) > 0;
}
