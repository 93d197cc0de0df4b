// Passport with one strategy: e-mail and password, throttled. The session holds only the
// user id; the user is read fresh on each request, so a disabled login is out at once.
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { WebDeps } from '../web/context.ts';
import { contextFor } from '../web/context.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { signIn, userForSession } from './service.ts';

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
  passport.deserializeUser((id: number, done) => {
    userForSession(deps, id)
      .then((user) => done(null, user ?? false))
      .catch(done);
  });
  return passport;
}
