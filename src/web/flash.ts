// One-shot messages shown on the next page (POST → redirect → GET). The session is only
// written when there is something to show, so plain page views never write it.
import type { Request, RequestHandler } from 'express';

type Kind = 'success' | 'error' | 'info';

export function flash(req: Request, kind: Kind, key: string, params?: Record<string, unknown>): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, key, params }];
}

export function exposeFlash(): RequestHandler {
  return (req, res, next) => {
    res.locals.flash = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    next();
  };
}
