// The audit trail: rows are only ever inserted. Reading is per customer, newest first.
import type { Db, Trx } from '../db/knex.ts';

export type AuditEventRow = {
  id: number;
  actor_id: number | null;
  actor_name: string | null;
  acting_as_organisation_id: number | null;
  acting_as_name: string | null;
  organisation_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  created_at: Date;
};

export async function insertAuditEvent(db: Db | Trx, row: Omit<AuditEventRow, 'id' | 'actor_name' | 'acting_as_name'>) {
  await db('audit_events').insert({
    ...row,
    before: row.before === null ? null : JSON.stringify(row.before),
    after: row.after === null ? null : JSON.stringify(row.after),
  });
}

// A customer's events, or only those about one subject (a budget's history). With
// `orderStatuses`, events about an order count only while the order is in one of them: staff
// never learn of an order that has not reached the shop (D3).
export function auditEventsForOrganisation(db: Db | Trx, organisationId: number, limit = 100, subject?: { type: string; id: number | string }, orderStatuses?: readonly string[]): Promise<AuditEventRow[]> {
  return db('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .leftJoin('organisations as o', 'o.id', 'e.acting_as_organisation_id')
    .where('e.organisation_id', organisationId)
    .modify((q) => subject && q.where({ 'e.subject_type': subject.type, 'e.subject_id': String(subject.id) }))
    .modify((q) => {
      if (!orderStatuses) return;
      // The customer's own orders only (the organisation index narrows it), the number compared
      // as text since a subject id is text for every kind of subject.
      q.where((w) => w.whereNot('e.subject_type', 'order').orWhereExists((x) => x.select(db.raw('1')).from('orders as x')
        .whereRaw('x.organisation_id = e.organisation_id').whereRaw('x.number::text = e.subject_id').whereIn('x.status', [...orderStatuses])));
    })
    .orderBy('e.id', 'desc')
    .limit(limit)
    .select('e.*', 'u.name as actor_name', 'o.name as acting_as_name');
}
