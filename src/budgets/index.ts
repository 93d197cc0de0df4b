export { budgetStateOf, chargePlacedOrder, settleOrderBudget, today, type BudgetState } from './ledger.ts';
export { lastDayOf, periodOf, overlaps, type BudgetTerms, type Period } from './periods.ts';
export { budgetRoutes, myBudgetLocals } from './routes.ts';
