export { cartRoutes, quickOrderRoutes } from './routes.ts';
export { cartView, addToCart, type CartOwner } from './service.ts';
export { addLinesToCart } from './quick-order.ts';
