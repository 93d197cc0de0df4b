// What every page may use: the signed-in user, the current path (for "back here" links and
// the language switch), and a CSRF token made only when a page has a form that needs it.
import type { RequestHandler } from 'express';
import { generateToken } from './csrf.ts';

export function pageLocals(options: { mailboxEnabled: boolean }): RequestHandler {
  return (req, res, next) => {
    res.locals.user = req.user ?? null;
    res.locals.currentPath = req.originalUrl;
    res.locals.mailboxEnabled = options.mailboxEnabled;
    res.locals.csrfToken = () => generateToken(req);
    next();
  };
}
