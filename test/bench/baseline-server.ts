// The benchmark's yardstick: a bare Express 5 app on PORT with `GET /hello` and `GET /`, the
// latter rendering the real start page in the real layout through the project's view engine,
// from fixed in-memory locals — no session, no database, no middleware. Run by test/bench/run.ts.
import type { Server } from 'node:http';
import express from 'express';
import { formattersFor, LOCALES, translatorFor } from '../../src/web/i18n.ts';
import { useViews } from '../../src/web/views.ts';

if (process.env.NODE_ENV !== 'production') throw new Error('baseline-server: run with NODE_ENV=production (view caching)');
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('baseline-server: PORT is required');

const user: Express.User = {
  id: 1,
  email: 'buyer@nordic-office.example',
  name: 'Bo Berg',
  locale: 'sv',
  organisation_id: 1,
  organisation_name: 'Nordic Office AB',
  parent_organisation_id: null,
  staff_role: null,
  permissions: ['place_orders', 'view_orders', 'view_prices', 'use_shopping_lists', 'use_inquiries'],
};

const startPageLocals = {
  user,
  locale: 'sv',
  t: translatorFor('sv'),
  fmt: formattersFor('sv'),
  locales: LOCALES,
  currentPath: '/',
  flash: [],
  mailboxEnabled: false,
  csrfToken: () => 'baseline-fixed-csrf-token',
};

const app = express();
useViews(app, true);
app.get('/hello', (_req, res) => {
  res.send('hello');
});
app.get('/', (_req, res) => {
  res.render('home/index', startPageLocals);
});

const server: Server = app.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
