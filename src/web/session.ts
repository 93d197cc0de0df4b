// Sessions live in PostgreSQL so any app process can serve any request and a restart keeps
// everyone signed in. The store writes an unchanged session back at most once a minute:
// writing on every request halves a page's throughput.
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Db } from '../db/knex.ts';
import { pgQueryable } from '../db/pg-queryable.ts';

const PgStore = connectPgSimple(session);
const TOUCH_EVERY_MS = 60_000;
export const SESSION_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'shop.sid';

type StoredSession = session.SessionData & { touchedAt?: number };
type Done = (err?: unknown) => void;

class ThrottledPgStore extends PgStore {
  set(sid: string, sess: StoredSession, done?: Done) {
    sess.touchedAt = Date.now();
    super.set(sid, sess, done);
  }

  touch(sid: string, sess: StoredSession, done?: Done) {
    if (Date.now() - (sess.touchedAt ?? 0) < TOUCH_EVERY_MS) return done?.();
    this.set(sid, sess, done);
  }
}

export function sessionMiddleware(db: Db, secret: string, secureCookie: boolean): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret,
    store: new ThrottledPgStore({
      pool: pgQueryable(db) as never,
      tableName: 'sessions',
      createTableIfMissing: false,
      pruneSessionInterval: false,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: secureCookie, maxAge: SESSION_MAX_AGE_MS },
  });
}
