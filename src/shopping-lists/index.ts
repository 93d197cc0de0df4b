export { shoppingListRoutes } from './routes.ts';
export { ownShoppingLists } from './service.ts';
