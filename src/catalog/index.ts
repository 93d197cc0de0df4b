export { priceListOf, pricesAt, pricesFor, type ProductPrice } from './pricing.ts';
export { activeProductBySku, productsBySku } from './queries.ts';
export { addToAssortment, assortmentItems, categoryList, createPriceList, priceLists, removeFromAssortment } from './service.ts';
export { priceListAdminRoutes } from './admin-routes.ts';
export { catalogRoutes } from './routes.ts';
export { productPage, catalogPage } from './browse.ts';
export { assortmentOf } from './browse.ts';
export { inAssortment } from './rules.ts';
