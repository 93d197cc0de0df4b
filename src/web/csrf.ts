// Synchroniser-token CSRF protection: every form carries the session's token in "_csrf".
import { csrfSync } from 'csrf-sync';
import type { RequestHandler } from 'express';
import { flash } from './flash.ts';
import { sessionEnded } from './session.ts';

export const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => req.body?._csrf,
  // 256 bits is plenty; the default 1024 would put 512 more characters into every page twice.
  size: 32,
});

// A form sent from a session that has ended meanwhile carries a token of that session: no
// forgery, nothing done, and the sender is asked to sign in again instead of told the form expired.
export const csrfProtection: RequestHandler = (req, res, next) => {
  csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (!err || !sessionEnded(req)) return next(err);
    flash(req, 'info', 'login.session_ended');
    res.redirect('/login');
  });
};
