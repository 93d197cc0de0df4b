export { priceListOf, pricesFor, type ProductPrice } from './pricing.ts';
export { createPriceList, priceLists } from './service.ts';
export { priceListAdminRoutes } from './admin-routes.ts';
export { catalogRoutes } from './routes.ts';
