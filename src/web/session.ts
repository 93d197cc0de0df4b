// Sessions live in PostgreSQL so any app process can serve any request and a restart keeps
// everyone signed in. Read on every request (with the signed-in user, by the loader), written
// back only when changed, or at most once a minute to keep an active session alive: a session
// lasts 14 days from the last time it was used. A changed session is written before the
// response goes out, so the page a redirect leads to reads it (a CSRF token, a sign-in).
// The cookie is express-session's signed format, so sessions made before it was replaced
// stay valid; the object in req.session offers what passport and csrf-sync use of it.
import { createSecretKey, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { fastRaw, type Db } from '../db/knex.ts';
import { translatorFor } from './i18n.ts';
import { cookieReader, signer } from './signed-cookie.ts';

const TOUCH_EVERY_MS = 60_000;
const MAX_VERIFIED = 10_000;
export const SESSION_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'shop.sid';

type Data = Record<string, unknown> & { touchedAt?: number };
type Done = (err?: unknown) => void;

// Reads a session together with what every request needs beside it (the signed-in user), in
// one query; that extra data is kept as `loaded` on the session and never written back.
// `changed` hears of every write and delete of a session here, for a loader that keeps them.
export type SessionLoader = {
  load: (sid: string) => Promise<{ data: Data; loaded: unknown } | null>;
  changed: (sid: string) => void;
};

// Writes a session: a new one is inserted; one that was stored before is only updated, never
// inserted again, so one deleted meanwhile (signed out everywhere after a password reset) stays
// deleted even when a request that still had it loaded finishes later.
export async function storeSession(db: Db, sid: string, sess: string, stored: boolean): Promise<void> {
  const expire = Math.ceil((Date.now() + SESSION_MAX_AGE_MS) / 1000);
  if (stored) await fastRaw(db, 'UPDATE sessions SET sess = ?, expire = to_timestamp(?) WHERE sid = ?', [sess, expire, sid]);
  else await fastRaw(db, 'INSERT INTO sessions (sid, sess, expire) VALUES (?, ?, to_timestamp(?))', [sid, sess, expire]);
}

async function deleteSession(db: Db, sid: string): Promise<void> {
  await fastRaw(db, 'DELETE FROM sessions WHERE sid = ?', [sid]);
}

type Options = { db: Db; secret: string; secureCookie: boolean; loader: SessionLoader };

// What the middleware keeps about the session in req.session, beside the data itself.
type State = {
  sid: string;
  // In the table: loaded from it or saved since.
  stored: boolean;
  // The data as last read or written, to tell whether it changed.
  saved: string;
  destroyed: boolean;
  // Saves run one after another: a new session is inserted once, then updated.
  writing: Promise<void>;
};

// Responses held back while their session is saved.
const saving = new WeakSet<Response>();

// Whether the response is on its way out, its session being saved first: an error raised
// meanwhile can no longer change it.
export function responseEnding(res: Response): boolean {
  return saving.has(res);
}

export function sessionMiddleware(options: Options): RequestHandler {
  const { db, loader } = options;
  // cookie-signature's encoding: base64 without padding.
  const signature = signer(createSecretKey(Buffer.from(options.secret)), (mac) => mac.toString('base64').replace(/=+$/, ''));
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: options.secureCookie, maxAge: SESSION_MAX_AGE_MS, path: '/' };

  // A session object: the data as its own properties, so JSON.stringify(req.session) is the
  // data; its methods and state are the class's, which neither JSON nor a spread or for-in sees.
  class StoredSession {
    // The data, as the session's users read and change it.
    [key: string]: unknown;
    declare touchedAt?: number;
    readonly #state: State;
    readonly #req: Request;
    readonly #loaded: unknown;

    constructor(req: Request, sid: string, data: Data, stored: boolean, loaded: unknown) {
      Object.assign(this, data);
      this.#req = req;
      this.#loaded = loaded;
      this.#state = { sid, stored, saved: JSON.stringify(this), destroyed: false, writing: Promise.resolve() };
    }

    static state(object: StoredSession): State {
      return object.#state;
    }

    // What the loader read beside the data (the signed-in user); never written back.
    get loaded(): unknown {
      return this.#loaded;
    }

    save(done?: Done): this {
      save(this).then(() => done?.(), (err) => done?.(err));
      return this;
    }

    destroy(done?: Done): this {
      this.#state.destroyed = true;
      delete (this.#req as { session?: unknown }).session;
      (this.#state.stored ? remove(this.#state.sid) : Promise.resolve()).then(() => done?.(), (err) => done?.(err));
      return this;
    }

    // A new id for a new session (after signing in or out): the old one is deleted.
    regenerate(done?: Done): this {
      this.#state.destroyed = true;
      (this.#state.stored ? remove(this.#state.sid) : Promise.resolve()).then(() => {
        attach(this.#req, randomSid(), {}, false);
        done?.();
      }, (err) => done?.(err));
      return this;
    }
  }

  // The loader is told before a write, so no read already under way is kept, and after, so
  // none is kept from before.
  const changing = async (sid: string, write: () => Promise<void>) => {
    loader.changed(sid);
    await write();
    loader.changed(sid);
  };
  const remove = (sid: string) => changing(sid, () => deleteSession(db, sid));

  const attach = (req: Request, sid: string, data: Data, stored: boolean, loaded?: unknown) => {
    req.session = new StoredSession(req, sid, data, stored, loaded) as unknown as Request['session'];
    req.sessionID = sid;
  };

  // What is written is what the session held when the write began: a change made meanwhile
  // still counts as a change.
  const save = (object: StoredSession): Promise<void> => {
    const state = StoredSession.state(object);
    const write = async () => {
      if (state.destroyed) return;
      object.touchedAt = Date.now();
      const json = JSON.stringify(object);
      await changing(state.sid, () => storeSession(db, state.sid, json, state.stored));
      state.stored = true;
      state.saved = json;
    };
    const done = state.writing.then(write, write);
    state.writing = done.catch(() => {});
    return done;
  };

  // What the end of a request writes: a changed session; an unchanged one once a minute.
  const due = (object: StoredSession | undefined): boolean => {
    if (!object) return false;
    const state = StoredSession.state(object);
    if (state.destroyed) return false;
    const json = JSON.stringify(object);
    if (json !== state.saved) return state.stored || json !== '{}';
    return state.stored && Date.now() - (object.touchedAt ?? 0) >= TOUCH_EVERY_MS;
  };

  const signed = (sid: string) => `s:${sid}.${signature.sign(sid)}`;
  // A signature once checked stays right: the cookies of recent requests are not checked again.
  // Only cookies that passed are kept, so a forged one always meets the check.
  const verified = new Map<string, string>();
  const sidOf = (header: string | undefined): string | undefined => {
    const raw = sessionCookieOf(header);
    if (!raw) return undefined;
    const known = verified.get(raw);
    if (known) return known;
    const sid = unsign(raw, signature.verify);
    if (sid) {
      if (verified.size >= MAX_VERIFIED) verified.clear();
      verified.set(raw, sid);
    }
    return sid;
  };

  return (req, res, next) => {
    const cookieSid = sidOf(req.headers.cookie);
    // The cookie goes out with a session that is new or was written: its 14 days start again.
    let cookieSet = false;
    const setCookie = (written: boolean) => {
      const object = current();
      const state = object && StoredSession.state(object);
      if (cookieSet || !state || state.destroyed || !(written || (state.stored && state.sid !== cookieSid))) return;
      cookieSet = true;
      res.cookie(SESSION_COOKIE, signed(state.sid), cookieOptions);
    };
    const current = () => req.session as unknown as StoredSession | undefined;
    let ending = false;
    // Headers sent before the end (a streamed download) carry the cookie the end would.
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (!ending) setCookie(due(current()));
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      const finish = (...a: unknown[]) => (end as (...a: unknown[]) => Response).apply(res, a);
      // Once the end has begun, another (an error page after a failed step) changes nothing.
      if (ending) return saving.has(res) ? res : finish(...args);
      ending = true;
      const object = current();
      const write = due(object);
      if (!res.headersSent) setCookie(write);
      if (!write) return finish(...args);
      saving.add(res);
      save(object!).then(() => {
        saving.delete(res);
        finish(...args);
      }, (err) => {
        saving.delete(res);
        req.log?.error({ err }, 'the session could not be saved');
        if (res.headersSent) return finish(...args);
        // What the response was about to say (a redirect after a change) would not be true.
        for (const header of ['Location', 'Set-Cookie', 'Content-Length', 'ETag']) res.removeHeader(header);
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        finish(translatorFor(req.locale ?? 'en')('errors.server.message'));
      });
      return res;
    } as Response['end'];

    const fresh = () => attach(req, randomSid(), {}, false);
    if (!cookieSid) {
      fresh();
      return next();
    }
    loader.load(cookieSid).then((found) => {
      if (!found) {
        ended.add(req);
        fresh();
      } else {
        // express-session kept its cookie's settings in the data; they are not data.
        const { cookie: _cookie, ...data } = found.data;
        attach(req, cookieSid, data, true, found.loaded);
      }
      next();
    }, next);
  };
}

// Requests whose signed cookie named a session there is no longer: signed out everywhere, the
// login disabled, or the session expired.
const ended = new WeakSet<Request>();

export function sessionEnded(req: Request): boolean {
  return ended.has(req);
}

function randomSid(): string {
  return randomBytes(24).toString('base64url');
}

const sessionCookieOf = cookieReader(SESSION_COOKIE);

// The session id from a cookie signed as express-session signs it ("s:<id>.<HMAC-SHA256>").
function unsign(raw: string, verify: (value: string, mac: string) => boolean): string | undefined {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  const dot = value.lastIndexOf('.');
  if (!value.startsWith('s:') || dot < 0) return undefined;
  const sid = value.slice(2, dot);
  return verify(sid, value.slice(dot + 1)) ? sid : undefined;
}
