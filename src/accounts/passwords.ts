// Password hashing and the single-use links that set one. Links are random 256-bit tokens;
// only their SHA-256 is stored, so a leaked table does not sign anyone in.
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';

export const BCRYPT_COST = 12;
export const RESET_LINK_TTL_MS = 60 * 60 * 1000;
export const INVITE_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// Compared against when the e-mail is unknown, so a miss takes as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', BCRYPT_COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((same) => same && hash !== null);
}

export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
