// What orders do to budgets (E2). Placing an order reserves its total (with VAT) in the period of
// its order date while it waits for approval, or spends it at once when it goes to the shop.
// When the wait ends, the reservation is released and what the shop accepted is spent. A budget
// used up (spent reaches it; what orders still waiting reserve does not count, they may be
// rejected) tells the customer's admins, once per period.
import { adminsOf } from '../accounts/index.ts';
import type { Trx } from '../db/knex.ts';
import type { Ctx } from '../lib/context.ts';
import { queueEmail } from '../mail/index.ts';
import { mailLocale } from '../web/i18n.ts';
import { periodOf, type Period } from './periods.ts';
import * as q from './queries.ts';

export type BudgetState = { budget: q.Budget; period: Period; reserved: number; spent: number; remaining: number };

// The login's budget that applies on the day, with what it has left. Paused budgets do not
// apply. Placing reads the rows it locked instead (budgetsOfBuyerJson).
export async function budgetStateOf(db: Ctx['db'], userId: number, day: string): Promise<BudgetState | null> {
  return budgetStateFrom(db, await q.budgetsOfUser(db, userId), day);
}

// The same from a login's budgets already read (BUDGETS_OF_BUYER), oldest first.
export async function budgetStateFrom(db: Ctx['db'], budgets: q.Budget[], day: string): Promise<BudgetState | null> {
  for (const budget of budgets) {
    const period = budget.paused ? null : periodOf(budget, day);
    if (!period) continue;
    const [balance] = await q.balances(db, [{ budgetId: budget.id, periodStart: period.start }]);
    return { budget, period, reserved: Number(balance?.reserved ?? 0), spent: Number(balance?.spent ?? 0), remaining: q.remainingOf(budget, balance) };
  }
  return null;
}

// Placing: the order's total is reserved (it waits) or spent (it went to the shop). The entry
// is written with the order, in its statement (it needs the order's id); then chargedOrder.
export function placedOrderEntry(state: BudgetState, order: { total: number; waits: boolean }) {
  return { budget_id: state.budget.id, period_start: state.period.start, kind: order.waits ? 'reserve' as const : 'spend' as const, amount: order.total };
}

// After the entry is written: a budget the order used up tells the customer's admins.
export async function chargedOrder(ctx: Ctx, trx: Trx, state: BudgetState, order: { total: number; waits: boolean }): Promise<void> {
  if (!order.waits) await tellIfUsedUp(ctx, trx, state.budget, state.period.start, state.spent + order.total);
}

// The order's wait ended (decided or withdrawn): release what it reserved, spend what the shop
// accepted of it (nothing when it was rejected or withdrawn).
export async function settleOrderBudget(ctx: Ctx, trx: Trx, orderId: number): Promise<void> {
  const open = await q.openReservations(trx, orderId);
  if (open.length === 0) return;
  const accepted = await q.acceptedTotal(trx, orderId);
  for (const reservation of open) {
    await q.insertEntries(trx, [
      { budget_id: reservation.budget_id, order_id: orderId, period_start: reservation.period_start, kind: 'release', amount: -reservation.reserved },
      ...(accepted > 0 ? [{ budget_id: reservation.budget_id, order_id: orderId, period_start: reservation.period_start, kind: 'spend' as const, amount: accepted }] : []),
    ]);
    if (accepted === 0) continue;
    const budget = (await q.budgetById(trx, reservation.budget_id))!;
    const [balance] = await q.balances(trx, [{ budgetId: budget.id, periodStart: reservation.period_start }]);
    await tellIfUsedUp(ctx, trx, budget, reservation.period_start, Number(balance?.spent ?? 0));
  }
}

async function tellIfUsedUp(ctx: Ctx, trx: Trx, budget: q.Budget, periodStart: string, spent: number): Promise<void> {
  if (spent < budget.amount || !(await q.markUsedUp(trx, budget.id, periodStart))) return;
  // The customer's admins hear it.
  const [buyer, admins] = await Promise.all([q.userAndCountry(trx, budget.user_id), adminsOf(trx, budget.organisation_id)]);
  for (const admin of admins) {
    await queueEmail(trx, {
      to: admin.email,
      locale: mailLocale(admin.locale, buyer.country),
      template: 'budget-used-up',
      data: { name: admin.name, buyerName: buyer.name, amount: budget.amount, currency: budget.currency, periodStart, spent, budgetsLink: `${ctx.baseUrl}/my/budgets` },
    });
  }
}

