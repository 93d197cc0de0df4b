// buildApp: the middleware order and each capability's routes. No logic and no listen here.
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { accountRoutes, type SessionCache, actingRoutes, applyActingAs, companyRoutes, companyUsersRoutes, customerAdminRoutes, customerLoginAdminRoutes, createLoginThrottle, createPassport, languageSwitchRoute, myRoutes, sessionLoader, shopSettingsRoutes } from './accounts/index.ts';
import { cartRoutes, quickOrderRoutes } from './cart/index.ts';
import { catalogRoutes, priceListAdminRoutes, productAdminRoutes } from './catalog/index.ts';
import type { Db } from './db/knex.ts';
import { homeRoutes } from './home/index.ts';
import { inquiryAdminRoutes, inquiryRoutes } from './inquiries/index.ts';
import { mailboxRoutes, type MailCatcher } from './mail/index.ts';
import { shoppingListRoutes } from './shopping-lists/index.ts';
import { csrfProtection } from './web/csrf.ts';
import { errorHandler, notFound } from './web/errors.ts';
import { exposeFlash } from './web/flash.ts';
import { requireLogin, requireStaff } from './web/guards.ts';
import { healthRoute } from './web/health.ts';
import { localize } from './web/i18n.ts';
import { pageLocals } from './web/locals.ts';
import { requestLogger } from './web/logging.ts';
import { routes } from './web/routing.ts';
import { sessionMiddleware } from './web/session.ts';
import { acceptUpload } from './web/uploads.ts';
import { approvalCountLocals, approvalRoutes, withdrawWaitingOrders } from './approval/index.ts';
import { budgetRoutes, myBudgetPart } from './budgets/index.ts';
import { checkoutRoutes } from './checkout/index.ts';
import { employeeRoutes } from './employees/index.ts';
import { orderAdminRoutes, orderRoutes, STAFF_VISIBLE } from './orders/index.ts';
import { useViews } from './web/views.ts';

export type AppDeps = {
  db: Db;
  logger: Logger;
  baseUrl: string;
  sessionSecret: string;
  production: boolean;
  trustProxy: string | boolean;
  // Set when mail goes to the built-in catcher: then /dev/mailbox shows it.
  mailCatcher?: MailCatcher;
  // Set when sessions are kept in this process's memory between requests.
  sessionCache?: SessionCache;
};

const CHART_JS = fileURLToPath(new URL('../node_modules/chart.js/dist/chart.umd.min.js', import.meta.url));

export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  const web = { db: deps.db, baseUrl: deps.baseUrl };
  const passport = createPassport(web, createLoginThrottle(deps.db));

  app.set('trust proxy', deps.trustProxy);
  app.disable('x-powered-by');
  // Pages are made for one user at one moment (a form's token, a cart): an ETag, a hash of
  // every page sent, would never let a browser reuse one. Static files keep theirs.
  app.set('etag', false);
  useViews(app, deps.production);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: deps.production ? [] : null,
        },
      },
      strictTransportSecurity: deps.production,
      // Our own pages tell the next one where the browser came from (a form shown again after a
      // POST offers the language switch back to that page); other sites learn nothing.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(requestLogger(deps.logger));
  // The chart library, served from the app (no third-party host): the one file pages use.
  app.get('/assets/vendor/chart.umd.js', (_req, res) => res.sendFile(CHART_JS, { maxAge: deps.production ? '1h' : 0 }));
  // Under a prefix, so page requests never look at the disk; a missing file is a plain 404.
  app.use('/assets', express.static(fileURLToPath(new URL('../public/', import.meta.url)), { maxAge: deps.production ? '1h' : 0, index: false, fallthrough: false }));
  app.use(healthRoute(deps.db));

  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(sessionMiddleware({ db: deps.db, secret: deps.sessionSecret, secureCookie: deps.baseUrl.startsWith('https:'), loader: sessionLoader(deps.db, deps.sessionCache) }));
  app.use(passport.session());
  app.use(applyActingAs(web));
  app.use(localize());
  app.use(pageLocals({ mailboxEnabled: Boolean(deps.mailCatcher) }));
  app.use(exposeFlash(deps.sessionSecret, deps.baseUrl.startsWith('https:')));
  // Forms with a file: read before the CSRF check, which needs their token.
  app.post(['/admin/imports', '/quick-order/upload'], acceptUpload('file'));
  app.post('/admin/products/:id/images', acceptUpload('image', 5 * 1024 * 1024));
  app.use(csrfProtection);

  // Public pages.
  app.use(routes(accountRoutes(web, passport), languageSwitchRoute(), inquiryRoutes(web), ...(deps.mailCatcher ? [mailboxRoutes(deps.mailCatcher)] : [])));

  // Everything below needs a signed-in user.
  app.use(requireLogin());
  app.use(approvalCountLocals(web));
  app.use(
    routes(
      homeRoutes(web),
      myRoutes(web, [myBudgetPart(web)]),
      companyUsersRoutes(web),
      companyRoutes(web),
      actingRoutes(web),
      catalogRoutes(web),
      cartRoutes(web),
      quickOrderRoutes(web),
      shoppingListRoutes(web),
      checkoutRoutes(web),
      orderRoutes(web),
      approvalRoutes(web),
      budgetRoutes(web),
      employeeRoutes(web),
    ),
  );
  app.use('/admin', requireStaff(), routes(customerAdminRoutes(web, { staffVisible: STAFF_VISIBLE, withdrawWaiting: withdrawWaitingOrders }), ...[customerLoginAdminRoutes, shopSettingsRoutes, inquiryAdminRoutes, priceListAdminRoutes, productAdminRoutes, orderAdminRoutes].map((admin) => admin(web))));

  app.use(notFound());
  app.use(errorHandler(deps.logger));
  return app;
}
