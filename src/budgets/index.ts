export { budgetStateOf, budgetStateFrom, chargedOrder, placedOrderEntry, settleOrderBudget, type BudgetState } from './ledger.ts';
export { budgetsOfBuyerJson, type Budget } from './queries.ts';
export { lastDayOf } from './periods.ts';
export { budgetRoutes, myBudgetPart } from './routes.ts';
