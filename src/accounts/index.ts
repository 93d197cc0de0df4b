export { accountRoutes } from './routes.ts';
export { myRoutes, languageSwitchRoute } from './my-routes.ts';
export { createPassport } from './passport.ts';
export { createLoginThrottle, type LoginThrottle } from './login-throttle.ts';
export { hashPassword } from './passwords.ts';
