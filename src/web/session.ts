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

type StoredSession = session.SessionData & { touchedAt?: number; loaded?: unknown };
type Done = (err?: unknown) => void;

// Reads a session together with what every request needs beside it (the signed-in user), in
// one query; that extra data sits under `loaded` and is never written back.
export type SessionLoader = (sid: string) => Promise<StoredSession | null>;

class ThrottledPgStore extends PgStore {
  loader?: SessionLoader;
  pool!: ReturnType<typeof pgQueryable>;

  get(sid: string, done: (err: unknown, sess?: StoredSession | null) => void) {
    if (!this.loader) return super.get(sid, done);
    this.loader(sid).then((sess) => done(null, sess), done);
  }

  set(sid: string, sess: StoredSession, done?: Done) {
    const { loaded: _loaded, ...stored } = sess;
    const existed = stored.touchedAt !== undefined;
    stored.touchedAt = Date.now();
    if (!existed) return super.set(sid, stored as session.SessionData, done);
    // A session that was stored before is only updated, never inserted again: one deleted
    // meanwhile (signed out everywhere after a password reset) stays deleted, even when a
    // request that still had it loaded finishes later.
    const expireSeconds = Math.ceil((Date.now() + (sess.cookie?.maxAge ?? SESSION_MAX_AGE_MS)) / 1000);
    this.pool.query('UPDATE sessions SET sess = $1, expire = to_timestamp($2) WHERE sid = $3', [stored, expireSeconds, sid]).then(() => done?.(), done);
  }

  touch(sid: string, sess: StoredSession, done?: Done) {
    if (Date.now() - (sess.touchedAt ?? 0) < TOUCH_EVERY_MS) return done?.();
    this.set(sid, sess, done);
  }
}

export function createSessionStore(db: Db, loader?: SessionLoader): ThrottledPgStore {
  const store = new ThrottledPgStore({
    pool: pgQueryable(db) as never,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: false,
  });
  store.loader = loader;
  store.pool = pgQueryable(db);
  return store;
}

export function sessionMiddleware(db: Db, secret: string, secureCookie: boolean, loader?: SessionLoader): RequestHandler {
  const store = createSessionStore(db, loader);
  return session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    // The cookie is (re)sent when the session is saved, not on every response; a session lasts
    // 14 days from its last change.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: secureCookie, maxAge: SESSION_MAX_AGE_MS },
  });
}

// express-session saves a changed session while the response is already on its way, so the
// browser's next request (after a redirect) can read the old one: a flash message then shows a
// page late, a CSRF token goes stale. A redirect after a POST therefore waits for the save.
export function saveSessionBeforeRedirect(): RequestHandler {
  return (req, res, next) => {
    // A GET that redirects (to sign in, say) changes no session: it must not create one either.
    if (req.method === 'GET') return next();
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    // An unchanged session is not written (placing an order changes none).
    const before = req.session && JSON.stringify(req.session);
    res.redirect = ((...args: unknown[]) => {
      if (!req.session || JSON.stringify(req.session) === before) return redirect(...args);
      req.session.save((err) => (err ? next(err) : redirect(...args)));
    }) as typeof res.redirect;
    next();
  };
}
