// Synchroniser-token CSRF protection: every form carries the session's token in "_csrf".
import { csrfSync } from 'csrf-sync';

export const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => req.body?._csrf,
});
