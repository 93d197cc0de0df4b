// The one error handler: every failure becomes a page in the user's language with the right
// status. Internals go to the log, never to the page.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, NotFound } from '../lib/errors.ts';
import { formattersFor, localeOf, LOCALES, translatorFor } from './i18n.ts';
import { responseEnding } from './session.ts';

type HttpishError = Error & { status?: number; statusCode?: number; code?: string; type?: string; expose?: boolean };

export function notFound(): RequestHandler {
  return () => {
    throw NotFound();
  };
}

function describe(err: HttpishError): { status: number; key: string; params: Record<string, unknown> } {
  if (err instanceof AppError) return { status: err.status, key: err.message, params: err.params };
  if (err.code === 'EBADCSRFTOKEN') return { status: 403, key: 'errors.csrf.message', params: {} };
  const status = err.status ?? err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const key = status === 413 ? 'errors.too_large.message' : status === 404 ? 'errors.not_found.message' : 'errors.bad_request.message';
    return { status, key, params: {} };
  }
  return { status: 500, key: 'errors.server.message', params: {} };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: HttpishError, req, res, next) => {
    if (res.headersSent) return next(err);
    if (responseEnding(res)) return void logger.error({ err, reqId: req.id }, 'request failed after its response was complete');
    const { status, key, params } = describe(err);
    if (status >= 500) logger.error({ err, reqId: req.id }, 'request failed');
    // An error can come before the page's locals were set (a body too large, a bad charset):
    // fill in what the layout needs so the page still renders, in English if nothing else.
    const locale = res.locals.locale ?? localeOf(req);
    const t = res.locals.t ?? translatorFor(locale);
    Object.assign(res.locals, {
      t,
      fmt: res.locals.fmt ?? formattersFor(locale),
      locale,
      locales: LOCALES,
      user: res.locals.user ?? null,
      flash: res.locals.flash ?? [],
      currentPath: res.locals.currentPath ?? '/',
      mailboxEnabled: res.locals.mailboxEnabled ?? false,
      csrfToken: res.locals.csrfToken ?? (() => ''),
    });
    const titleKey = [403, 404, 409, 422, 500].includes(status) ? `errors.title_${status}` : 'errors.title_other';
    res.status(status).render('errors/error', { status, title: t(titleKey), message: t(key, params) }, (renderErr: Error | null, html?: string) => {
      if (renderErr) {
        logger.error({ err: renderErr, reqId: req.id }, 'error page failed to render');
        return res.type('text/plain').send(`${t(titleKey)} (${status})`);
      }
      res.send(html);
    });
  };
}
