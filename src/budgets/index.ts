export { budgetStateOf, budgetStateFrom, chargedOrder, placedOrderEntry, settleOrderBudget, today, type BudgetState } from './ledger.ts';
export { budgetsOfBuyerJson, type Budget } from './queries.ts';
export { lastDayOf, periodOf, overlaps, type BudgetTerms, type Period } from './periods.ts';
export { budgetRoutes, myBudgetLocals } from './routes.ts';
