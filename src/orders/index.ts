export { orderRoutes, orderAdminRoutes } from './routes.ts';
export { STAFF_VISIBLE } from './queries.ts';
