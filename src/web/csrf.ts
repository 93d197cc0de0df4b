// Synchroniser-token CSRF protection: every form carries the session's token in "_csrf".
import { csrfSync } from 'csrf-sync';

export const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => req.body?._csrf,
  // 256 bits is plenty; the default 1024 would put 512 more characters into every page twice.
  size: 32,
});
