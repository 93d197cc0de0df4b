export { checkoutRoutes } from './routes.ts';
export { reviewOrder, type OrderDraft } from './prepare.ts';
export { placeOrder, type Placed } from './service.ts';
export { orderMails } from './mails.ts';
