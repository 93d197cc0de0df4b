export { accountRoutes } from './routes.ts';
export { myRoutes, languageSwitchRoute } from './my-routes.ts';
export { createPassport, sessionLoader } from './passport.ts';
export { createLoginThrottle, type LoginThrottle } from './login-throttle.ts';
export { hashPassword } from './passwords.ts';
