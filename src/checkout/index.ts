export { checkoutRoutes } from './routes.ts';
export { placeOrder, reviewOrder, type OrderDraft, type Placed } from './service.ts';
export { orderMails } from './mails.ts';
