// The start page after sign-in, and the back office's front page for shop staff.
import { Router } from 'express';
import { requireStaff } from '../web/guards.ts';

export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('home/index');
  });
  router.get('/admin', requireStaff(), (_req, res) => {
    res.render('home/staff', { layout: 'staff' });
  });
  return router;
}
