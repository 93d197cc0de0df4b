export { shoppingListRoutes } from './routes.ts';
