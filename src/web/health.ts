// /healthz for load balancers and orchestrators: 200 while the database answers, 503 otherwise.
import { Router } from 'express';
import type { Db } from '../db/knex.ts';
import { isDatabaseReachable } from '../db/health.ts';

export function healthRoute(db: Db): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const ok = await isDatabaseReachable(db);
    res.status(ok ? 200 : 503).type('text/plain').send(ok ? 'ok' : 'database unreachable');
  });
  return router;
}
