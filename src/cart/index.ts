export { cartRoutes, quickOrderRoutes } from './routes.ts';
export { cartView, addToCart, type CartOwner } from './service.ts';
