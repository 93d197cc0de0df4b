// Stand-ins (B): while an approver is away, what would go to them goes to someone else, for a
// period of at most a year; one approver's periods never share a day.
import { approversIn } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { dayOf, daysBetween } from '../lib/days.ts';
import { NotFound } from '../lib/errors.ts';
import type { Outcome } from '../lib/outcome.ts';
import * as q from './queries.ts';
import type { Decider } from './service.ts';

export function standInsOf(ctx: Ctx, approverId: number) {
  return q.standInsOf(ctx.db, approverId);
}

const STAND_IN_MAX_DAYS = 366;

export async function addStandIn(ctx: Ctx, approver: Decider, input: { stand_in_id: number; starts_on: string; ends_on: string }): Promise<Outcome> {
  if (input.stand_in_id === approver.id) return { ok: false, errors: { stand_in_id: 'approvals.stand_in_self' } };
  if (!(await approversIn(ctx, [approver.organisation_id!], approver.id)).some((a) => a.id === input.stand_in_id)) return { ok: false, errors: { stand_in_id: 'validation.invalid' } };
  if (input.ends_on < input.starts_on) return { ok: false, errors: { ends_on: 'validation.dates_order' } };
  if (input.ends_on < dayOf(ctx.now)) return { ok: false, errors: { ends_on: 'approvals.stand_in_over' } };
  // An absence, not a hand-over: a longer one is a new approver for the buyers.
  if (daysBetween(input.starts_on, input.ends_on) >= STAND_IN_MAX_DAYS) return { ok: false, errors: { ends_on: 'approvals.stand_in_too_long' } };
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    // One stand-in a day: two periods sharing a day would leave it to chance who decides.
    if (await q.standInOverlapping(trx, approver.id, input.starts_on, input.ends_on)) return { ok: false, errors: { starts_on: 'approvals.stand_in_overlaps' } };
    const id = await q.insertStandIn(trx, { approver_id: approver.id, ...input });
    await recordAudit(trx, ctx, { action: 'approval.stand_in_added', subjectType: 'user', subjectId: approver.id, organisationId: approver.organisation_id, after: { id, ...input } });
    return { ok: true, value: undefined };
  });
}

export async function removeStandIn(ctx: Ctx, approver: Decider, id: number): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    // Another approver's, or one removed already: nothing of this approver's to remove.
    if ((await q.deleteStandIn(trx, approver.id, id)) === 0) throw NotFound();
    await recordAudit(trx, ctx, { action: 'approval.stand_in_removed', subjectType: 'user', subjectId: approver.id, organisationId: approver.organisation_id, before: { id } });
  });
}
