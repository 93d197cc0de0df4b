// Sign-in throttling, counted in PostgreSQL so every app process sees the same numbers.
// A point is taken before the password is checked (two parallel guesses cannot both slip
// under the limit) and given back when the password was right.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/knex.ts';

export const MAX_FAILURES_PER_ACCOUNT = 10;
// Many buyers of one company share an office address: the per-address limit is wider.
export const MAX_FAILURES_PER_IP = 50;
const WINDOW_SECONDS = 15 * 60;

export type LoginThrottle = {
  take: (email: string, ip: string) => Promise<boolean>;
  giveBack: (email: string, ip: string) => Promise<void>;
};

export function createLoginThrottle(db: Db): LoginThrottle {
  const common = { storeClient: db, storeType: 'knex', tableName: 'login_failures', tableCreated: true, clearExpiredByTimeout: false, duration: WINDOW_SECONDS };
  const perAccount = new RateLimiterPostgres({ ...common, keyPrefix: 'account', points: MAX_FAILURES_PER_ACCOUNT });
  const perIp = new RateLimiterPostgres({ ...common, keyPrefix: 'ip', points: MAX_FAILURES_PER_IP });
  const accountKey = (email: string) => email.trim().toLowerCase();

  return {
    async take(email, ip) {
      try {
        await Promise.all([perAccount.consume(accountKey(email)), perIp.consume(ip)]);
        return true;
      } catch (err) {
        if (err instanceof RateLimiterRes) return false;
        throw err;
      }
    },
    async giveBack(email, ip) {
      await Promise.all([perAccount.delete(accountKey(email)), perIp.reward(ip, 1)]);
    },
  };
}
