// Organisation rules (D5): an order at or above an amount, or with a line from a chosen
// category, waits for a chosen approver (or, naming nobody, the admins). Set by the customer's
// admins at /my/approval-rules; the evaluation reads them at every checkout.
import { z } from 'zod';
import { approversIn } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { categoryList } from '../catalog/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { parseAmountInput } from '../lib/money.ts';
import type { Outcome } from '../lib/outcome.ts';

export const ruleForm = z.object({
  kind: z.enum(['total_at_least', 'category'], 'validation.invalid'),
  amount: z.string().trim().default(''),
  category_id: z.string().default(''),
  approver_id: z.string().default('').pipe(z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'validation.invalid')])).transform((v) => (v === '' ? null : Number(v))),
});
export type RuleForm = z.infer<typeof ruleForm>;

export function rulesOf(ctx: Ctx, organisationId: number) {
  return ctx.db('approval_rules as r')
    .leftJoin('users as u', 'u.id', 'r.approver_id')
    .leftJoin('categories as c', 'c.id', 'r.category_id')
    .where('r.organisation_id', organisationId)
    .orderBy('r.id')
    .select('r.id', 'r.kind', 'r.amount', 'r.category_id', 'u.name as approver_name', 'c.name as category_name');
}

export async function addRule(ctx: Ctx, organisationId: number, form: RuleForm): Promise<Outcome> {
  const row: { organisation_id: number; kind: string; amount: number | null; category_id: number | null; approver_id: number | null } = { organisation_id: organisationId, kind: form.kind, amount: null, category_id: null, approver_id: form.approver_id };
  if (form.kind === 'total_at_least') {
    const amount = parseAmountInput(form.amount, 9);
    if (!amount) return { ok: false, errors: { amount: 'approval_settings.limit_format' } };
    row.amount = amount;
  } else {
    const category = (await categoryList(ctx)).find((c) => String(c.id) === form.category_id);
    if (!category) return { ok: false, errors: { category_id: form.category_id === '' ? 'validation.required' : 'validation.invalid' } };
    row.category_id = category.id;
  }
  if (row.approver_id !== null && !(await approversIn(ctx, [organisationId])).some((a) => a.id === row.approver_id)) return { ok: false, errors: { approver_id: 'approval_settings.approver_invalid' } };
  // The same rule twice says nothing more (the evaluation gives one reason once per approver
  // anyway). Deleting a login drops its rules that the admins have already, so none falls to
  // the admins as a twin.
  if (await ctx.db('approval_rules').where(row).first('id')) return { ok: false, errors: { [form.kind === 'total_at_least' ? 'amount' : 'category_id']: 'approval_settings.rule_exists' } };
  await inTransaction(ctx.db, async (trx) => {
    const [{ id }] = await trx('approval_rules').insert(row).returning('id');
    await recordAudit(trx, ctx, { action: 'approval.rule_added', subjectType: 'approval_rule', subjectId: id, organisationId, after: row });
  });
  return { ok: true, value: undefined };
}

// Another customer's rule, or one that is gone, does not exist here.
export async function removeRule(ctx: Ctx, organisationId: number, id: number): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    if ((await trx('approval_rules').where({ organisation_id: organisationId, id }).delete()) === 0) throw NotFound();
    await recordAudit(trx, ctx, { action: 'approval.rule_removed', subjectType: 'approval_rule', subjectId: id, organisationId });
  });
}
