// The start page after sign-in, and the back office's front page for shop staff.
import { Router } from 'express';
import { countCustomers } from '../accounts/index.ts';
import { openAccountRequestCount } from '../inquiries/index.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { requireStaff } from '../web/guards.ts';

export function homeRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('home/index');
  });
  router.get('/admin', requireStaff(), async (req, res) => {
    const ctx = contextFor(deps, req);
    const [customers, openRequests] = await Promise.all([countCustomers(ctx), openAccountRequestCount(ctx)]);
    res.render('home/staff', { layout: 'staff', customers, openRequests });
  });
  return router;
}
