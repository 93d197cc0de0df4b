// How a login's orders are approved (D1, D2): its mode (none, always, outside the assortment),
// its named approver (someone of the customer, or of its main customer, who may approve), and
// a per-order limit. Set by the customer's admins on the login's page.
import { z } from 'zod';
import { recordAudit } from '../audit/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { parseAmountInput } from '../lib/money.ts';
import type { Outcome } from '../lib/outcome.ts';
import { activeApprover } from './users-queries.ts';

export const APPROVAL_MODES = ['none', 'always', 'outside_assortment'] as const;

// "1500" or "1500.50" in the customer's currency; empty for no limit.
export const approvalSettingsForm = z.object({
  approval_mode: z.enum(APPROVAL_MODES, 'approval_settings.choose_mode'),
  approver_id: z.string().default('').pipe(z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'validation.invalid')])).transform((v) => (v === '' ? null : Number(v))),
  order_limit: z.string().trim().default('').refine((v) => v === '' || parseAmountInput(v, 9) !== null, 'approval_settings.limit_format')
    .transform((v) => (v === '' ? null : parseAmountInput(v, 9))),
});
export type ApprovalSettings = z.infer<typeof approvalSettingsForm>;

// The logins of these customers that may approve orders (but `except`): for naming an approver,
// a stand-in, or a rule's approver.
export function approversIn(ctx: Ctx, organisationIds: number[], except: number | null = null): Promise<{ id: number; name: string; email: string }[]> {
  return ctx.db('users as u').whereIn('u.organisation_id', organisationIds).whereRaw(activeApprover('u'))
    .modify((q) => except !== null && q.whereNot('u.id', except))
    .orderBy('u.name').select('u.id', 'u.name', 'u.email');
}

// Who may be named: logins of this customer and of its main customer that may approve, never
// the login itself. The approver named now stays among them when they can no longer act
// (disabled, or no longer approving; `canAct` false): saving the form for another field keeps
// them, and enabling them again brings the buyer's approver back.
export async function possibleApprovers(ctx: Ctx, organisationId: number, userId: number, current: number | null = null) {
  const org = await ctx.db('organisations').where({ id: organisationId }).first('parent_id');
  const ids = org?.parent_id ? [organisationId, org.parent_id] : [organisationId];
  const active = (await approversIn(ctx, ids, userId)).map((a) => ({ ...a, canAct: true }));
  if (current === null || active.some((a) => a.id === current)) return active;
  const named = await ctx.db('users').where({ id: current }).whereIn('organisation_id', ids).first('id', 'name', 'email');
  return named ? [...active, { ...named, canAct: false }] : active;
}

export async function approvalSettingsOf(ctx: Ctx, organisationId: number, userId: number) {
  const row = await ctx.db('users').where({ id: userId, organisation_id: organisationId }).first('id', 'name', 'approval_mode', 'approver_id', 'order_limit');
  if (!row) throw NotFound();
  return row;
}

export async function setApprovalSettings(ctx: Ctx, organisationId: number, userId: number, input: ApprovalSettings): Promise<Outcome> {
  const before = await approvalSettingsOf(ctx, organisationId, userId);
  if (input.approver_id !== null && !(await possibleApprovers(ctx, organisationId, userId, before.approver_id)).some((a) => a.id === input.approver_id)) {
    return { ok: false, errors: { approver_id: 'approval_settings.approver_invalid' } };
  }
  await inTransaction(ctx.db, async (trx) => {
    await trx('users').where({ id: userId }).update({ ...input, updated_at: ctx.now });
    await recordAudit(trx, ctx, { action: 'user.approval_changed', subjectType: 'user', subjectId: userId, organisationId, before, after: input });
  });
  return { ok: true, value: undefined };
}
