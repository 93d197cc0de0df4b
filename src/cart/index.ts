export { cartRoutes, quickOrderRoutes } from './routes.ts';
export { cartView, addToCart, markCartLines, type CartOwner } from './service.ts';
export { addLinesToCart } from './quick-order.ts';
