// /my/budgets, the company admin's side (E1): a usage limit per login and period, in the
// customer's currency, and what an order beyond it does. A budget is changed (amount, policy),
// paused or ended, never deleted: its ledger and its history in the audit trail stay.
import { z } from 'zod';
import { listCompanyUsers, lockLogin } from '../accounts/index.ts';
import { auditTrailOf, recordAudit } from '../audit/index.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { NotFound } from '../lib/errors.ts';
import { parseAmountInput } from '../lib/money.ts';
import type { Outcome } from '../lib/outcome.ts';
import { dayField, parseForm } from '../web/forms.ts';
import { addDays, dayOf } from '../lib/days.ts';
import { hasEnded, lastDayOf, overlaps, periodOf } from './periods.ts';
import * as q from './queries.ts';

// Up to 100 million in the currency: more is a typing mistake, not a budget.
const MAX_MAJOR_DIGITS = 8;

const terms = {
  amount: z.string().trim().min(1, 'validation.required').transform((text, c) => {
    const amount = parseAmountInput(text, MAX_MAJOR_DIGITS);
    if (amount !== null && amount > 0) return amount;
    c.addIssue({ code: 'custom', message: 'budgets.amount_invalid' });
    return z.NEVER;
  }),
  policy: z.enum(['allow', 'approve', 'block'], 'validation.invalid'),
};

// Days in a custom period (1 to ten years), or the error key; other periods have none.
function lengthDays(period: unknown, text: string): { ok: true; days: number | null } | { ok: false; error: string } {
  if (period !== 'custom') return { ok: true, days: null };
  const days = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (days >= 1 && days <= 3660) return { ok: true, days };
  return { ok: false, error: text === '' ? 'validation.required' : 'budgets.length_invalid' };
}

// Days in a period ("custom" only) are checked beside the login, by lengthDays: a schema's own
// refinement would only run once every other field was right.
const budgetForm = z.object({
  user_id: z.string().min(1, 'validation.required'),
  period: z.enum(['month', 'quarter', 'year', 'custom'], 'validation.invalid'),
  starts_on: dayField,
  ...terms,
});
export const budgetChangeForm = z.object(terms);

// Every budget of the customer with the figures of its period now (paused ones too: what they
// counted stays), or of its last period once ended. The period shown starts no earlier than
// the budget itself.
export async function budgetsPage(ctx: Ctx, organisationId: number) {
  const [budgets, users] = await Promise.all([withFigures(ctx, await q.budgetsOfOrganisation(ctx.db, organisationId)), listCompanyUsers(ctx, organisationId)]);
  return { budgets, users };
}

// One budget with its figures, and its history.
export async function budgetOf(ctx: Ctx, organisationId: number, id: number) {
  const [budget] = await withFigures(ctx, await q.budgetsOfOrganisation(ctx.db, organisationId, id));
  if (!budget) throw NotFound();
  return { budget, history: await auditTrailOf(ctx, organisationId, { type: 'budget', id }) };
}

async function withFigures(ctx: Ctx, all: Awaited<ReturnType<typeof q.budgetsOfOrganisation>>) {
  const day = dayOf(ctx.now);
  const shown = all.map((b) => {
    const ended = hasEnded(b);
    const lastDayApplied = ended && b.ends_on! > b.starts_on ? addDays(b.ends_on!, -1) : null;
    const period = ended ? (lastDayApplied ? periodOf(b, lastDayApplied) : null) : periodOf(b, day);
    return { budget: b, ended, period };
  });
  const sums = await q.balances(ctx.db, shown.flatMap(({ budget, period }) => (period ? [{ budgetId: budget.id, periodStart: period.start }] : [])));
  const budgets = shown.map(({ budget, ended, period }) => {
    const sum = (period && sums.find((s) => s.budget_id === budget.id && s.period_start === period.start)) || undefined;
    const state = ended ? 'ended' : budget.paused ? 'paused' : budget.starts_on > day ? 'planned' : 'active';
    const current = period && { start: period.start > budget.starts_on ? period.start : budget.starts_on, end: period.end };
    const lastDay = period && (budget.ends_on !== null && budget.ends_on < period.end ? addDays(budget.ends_on, -1) : lastDayOf(period));
    return { ...budget, state, current, lastDay, reserved: Number(sum?.reserved ?? 0), spent: Number(sum?.spent ?? 0), remaining: q.remainingOf(budget, sum) };
  });
  return budgets;
}

// The form as sent: its fields' problems and the login's are told all at once. The budget is in
// the customer's currency (`currency`): the one its orders are in, so nothing is ever converted.
export async function createBudget(ctx: Ctx, organisationId: number, currency: string, body: z.input<typeof budgetForm> & { length_days?: string }): Promise<Outcome<number>> {
  const parsed = parseForm(budgetForm, body);
  const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
  const users = await listCompanyUsers(ctx, organisationId);
  // A disabled login is not offered, and not taken either.
  const user = users.find((u: { id: number; disabled_at: Date | null }) => String(u.id) === String(body.user_id ?? '') && !u.disabled_at);
  if (!user) errors.user_id ??= 'validation.invalid';
  const length = lengthDays(body.period, String(body.length_days ?? '').trim());
  if (!length.ok) errors.length_days ??= length.error;
  if (!parsed.ok || !user || !length.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const form = parsed.data;

  return inTransaction(ctx.db, async (trx): Promise<Outcome<number>> => {
    // The login itself, locked: two admins adding at once cannot both miss the other's budget.
    await lockLogin(trx, user.id);
    const existing = await q.budgetsOfUser(trx, user.id);
    const row = { organisation_id: organisationId, user_id: user.id, period: form.period, starts_on: form.starts_on, length_days: length.days, amount: form.amount, currency, policy: form.policy, owner_id: ctx.actor?.userId ?? null };
    if (existing.some((b) => overlaps(b, { starts_on: row.starts_on, ends_on: null }))) return { ok: false, errors: { starts_on: 'budgets.overlaps' } };
    const id = await q.insertBudget(trx, row);
    await recordAudit(trx, ctx, { action: 'budget.created', subjectType: 'budget', subjectId: id, organisationId, after: row });
    return { ok: true, value: id };
  });
}

type Change = ({ kind: 'terms' } & z.infer<typeof budgetChangeForm>) | { kind: 'pause' } | { kind: 'resume' } | { kind: 'end' };

export async function changeBudget(ctx: Ctx, organisationId: number, id: number, change: Change): Promise<Outcome> {
  return inTransaction(ctx.db, async (trx): Promise<Outcome> => {
    const budget = await q.budget(trx, organisationId, id, true);
    if (!budget) throw NotFound();
    const day = dayOf(ctx.now);
    if (hasEnded(budget)) return { ok: false, errors: { _form: 'budgets.already_ended' } };
    // Pausing what is paused (a second click), or saving the terms as they are, changes nothing
    // and writes no history.
    const same = change.kind === 'terms' ? Number(budget.amount) === change.amount && budget.policy === change.policy : change.kind === 'pause' ? budget.paused : change.kind === 'resume' && !budget.paused;
    if (same) return { ok: true, value: undefined };
    let fields: Partial<q.Budget>;
    if (change.kind === 'terms') fields = { amount: change.amount, policy: change.policy };
    else if (change.kind === 'pause') fields = { paused: true };
    else if (change.kind === 'resume') fields = { paused: false };
    // Ended from today on; one not started yet ends before it ever applies.
    else fields = { ends_on: budget.starts_on > day ? budget.starts_on : day };
    await q.updateBudget(trx, id, fields, ctx.now);
    await recordAudit(trx, ctx, { action: `budget.${change.kind === 'terms' ? 'changed' : change.kind === 'end' ? 'ended' : change.kind === 'pause' ? 'paused' : 'resumed'}`, subjectType: 'budget', subjectId: id, organisationId, before: budget, after: fields });
    return { ok: true, value: undefined };
  });
}
