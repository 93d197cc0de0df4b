// Passport with one strategy: e-mail and password, throttled. The session holds only the
// user id; the user is read with the session on each request (from memory while nothing about
// them changed, see session-cache.ts), so a disabled login is out at once.
import type { Request } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { WebDeps } from '../web/context.ts';
import { contextFor } from '../web/context.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Db } from '../db/knex.ts';
import type { SessionLoader } from '../web/session.ts';
import { sessionWithUser } from './queries.ts';
import type { SessionCache } from './session-cache.ts';
import { signIn, userForSession } from './service.ts';

// The session store's loader: each request's session comes with its signed-in user.
export function sessionLoader(db: Db, cache?: SessionCache): SessionLoader {
  const read = (sid: string) => sessionWithUser(db, sid, new Date());
  return {
    load: async (sid) => {
      const found = cache ? await cache.read(sid, Date.now(), () => read(sid)) : await read(sid);
      return found && { data: found.sess, loaded: { user: found.user, catalogueVersion: found.catalogueVersion } };
    },
    changed: (sid) => cache?.forget(sid),
  };
}

export type PassportInstance = InstanceType<typeof Passport>;

export function createPassport(deps: WebDeps, throttle: LoginThrottle): PassportInstance {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passReqToCallback: true }, (req, email, password, done) => {
      signIn(contextFor(deps, req), throttle, { email, password, ip: req.ip ?? 'unknown' })
        .then((result) => (result.ok ? done(null, { id: result.userId } as Express.User) : done(null, false, { message: result.reason })))
        .catch(done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((req: Request, id: number, done: (err: unknown, user?: Express.User | false) => void) => {
    // Usually read with the session already (sessionLoader); a fresh session reads it here.
    const loaded = (req.session as { loaded?: { user?: Express.User | null } }).loaded;
    if (loaded?.user?.id === id) return done(null, loaded.user);
    userForSession(deps, id)
      .then((user) => done(null, user ?? false))
      .catch(done);
  });
  return passport;
}
