export { priceListOf, pricesFor, type ProductPrice } from './pricing.ts';
export { priceLists } from './service.ts';
