export { budgetStateOf, budgetStateFrom, chargedOrder, placedOrderEntry, settleOrderBudget, today, type BudgetState } from './ledger.ts';
export { BUDGETS_OF_BUYER, LOCKED_BUDGETS_OF_BUYER, type Budget } from './queries.ts';
export { lastDayOf, periodOf, overlaps, type BudgetTerms, type Period } from './periods.ts';
export { budgetRoutes, myBudgetLocals } from './routes.ts';
