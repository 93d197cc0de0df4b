// Starting and ending "log in as sub-customer" (A7), and the middleware that applies it.
import { Router, type RequestHandler } from 'express';
import { NotFound } from '../lib/errors.ts';
import { contextFor, type WebDeps } from '../web/context.ts';
import { flash } from '../web/flash.ts';
import { idFrom } from '../web/forms.ts';
import { requireCustomer } from '../web/guards.ts';
import { actingUser, mayActAs, startActingAs } from './acting-as.ts';

export function applyActingAs(deps: WebDeps): RequestHandler {
  return async (req, _res, next) => {
    const subId = req.session?.actingAs;
    if (subId === undefined || !req.user) return next();
    const sub = await mayActAs(contextFor(deps, req), req.user, subId);
    if (sub) req.user = actingUser(req.user, sub);
    else delete req.session.actingAs;
    next();
  };
}

export function actingRoutes(deps: WebDeps): Router {
  const router = Router();
  router.post('/my/sub-customers/:id/acting', requireCustomer(), async (req, res) => {
    if (req.user!.acting_from) throw NotFound();
    const sub = await startActingAs(contextFor(deps, req), req.user!, idFrom(req.params.id));
    req.session.actingAs = sub.id;
    flash(req, 'info', 'acting.started', { name: sub.name });
    res.redirect('/');
  });
  return router;
}
