export { inquiryRoutes } from './routes.ts';
export { inquiryAdminRoutes } from './admin-routes.ts';
export { openAccountRequestCount } from './service.ts';
