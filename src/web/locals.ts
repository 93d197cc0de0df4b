// What every page may use: the signed-in user, the current path (for "back here" links and
// the language switch), and a CSRF token made only when a page has a form that needs it.
import type { Request, RequestHandler } from 'express';
import { generateToken } from './csrf.ts';

// The page the user is looking at, for "back here" links such as the language switch: a form
// shown again after a failed POST is the page it was sent from, not the POST's address.
function pagePath(req: Request): string {
  if (req.method === 'GET') return req.originalUrl;
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === req.get('host') ? url.pathname + url.search : '/';
  } catch {
    return '/';
  }
}

export function pageLocals(options: { mailboxEnabled: boolean }): RequestHandler {
  return (req, res, next) => {
    res.locals.user = req.user ?? null;
    res.locals.currentPath = pagePath(req);
    res.locals.mailboxEnabled = options.mailboxEnabled;
    res.locals.csrfToken = () => generateToken(req);
    next();
  };
}
