// Records who changed what, in the transaction of the change itself. It does not decide what
// is worth recording: every service that changes customers, users or settings calls it.
import type { Trx } from '../db/knex.ts';
import type { Ctx } from '../lib/context.ts';
import { auditEventsForOrganisation, insertAuditEvent } from './queries.ts';

export type AuditEntry = {
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  organisationId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

export async function recordAudit(trx: Trx, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(trx, auditRow(ctx, entry));
}

// The row an entry becomes: for a change that writes it in its own statement (placing an
// order writes it with the order, whose number is the subject).
export function auditRow(ctx: Ctx, entry: AuditEntry) {
  return {
    actor_id: ctx.actor?.userId ?? null,
    acting_as_organisation_id: ctx.actor?.actingAsOrganisationId ?? null,
    organisation_id: entry.organisationId ?? null,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    created_at: ctx.now,
  };
}

export function auditTrailOf(ctx: Ctx, organisationId: number, subject?: { type: string; id: number | string }) {
  return auditEventsForOrganisation(ctx.db, organisationId, 100, subject);
}

// The trail as the shop's staff see it: of orders, only those that reached the shop.
export function staffAuditTrailOf(ctx: Ctx, organisationId: number, visibleOrderStatuses: readonly string[]) {
  return auditEventsForOrganisation(ctx.db, organisationId, 100, undefined, visibleOrderStatuses);
}
