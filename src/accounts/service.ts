// Signing in and setting passwords. What a signed-in user may do beyond that (permissions,
// organisations, sub-customers) is not decided here.
import { inTransaction } from '../db/transaction.ts';
import type { Ctx } from '../lib/context.ts';
import { queueEmail } from '../mail/index.ts';
import type { Locale } from '../web/i18n.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Trx } from '../db/knex.ts';
import { hashLinkToken, hashPassword, INVITE_LINK_TTL_MS, newLinkToken, RESET_LINK_TTL_MS, verifyPassword } from './passwords.ts';
import * as q from './queries.ts';

export type SignInResult = { ok: true; userId: number } | { ok: false; reason: 'invalid' | 'disabled' | 'throttled' | 'sub_customers_closed' };

export async function signIn(
  ctx: Ctx,
  throttle: LoginThrottle,
  typed: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  // An address pasted with a space around it is still the address.
  const input = { ...typed, email: typed.email.trim() };
  if (!(await throttle.take(input.email, input.ip))) return { ok: false, reason: 'throttled' };
  const login = await q.loginByEmail(ctx.db, input.email);
  if (!(await verifyPassword(input.password, login?.password_hash ?? null)) || !login) {
    return { ok: false, reason: 'invalid' };
  }
  if (login.disabled_at) return { ok: false, reason: 'disabled' };
  if (login.is_sub_customer && !(await q.subCustomersMayLogIn(ctx.db))) return { ok: false, reason: 'sub_customers_closed' };
  await throttle.giveBack(input.email, input.ip);
  return { ok: true, userId: login.id };
}

const LINKS = {
  reset: { ttlMs: RESET_LINK_TTL_MS, template: 'password-reset' },
  invite: { ttlMs: INVITE_LINK_TTL_MS, template: 'invite' },
} as const;

// A single-use link to choose a password, e-mailed in the user's language, in the caller's
// transaction: "forgot password" and the invitation of a new login.
export async function mailPasswordLink(
  trx: Trx,
  ctx: Ctx,
  user: { id: number; email: string; name: string; locale: Locale },
  purpose: keyof typeof LINKS,
): Promise<void> {
  const { token, hash } = newLinkToken();
  await q.insertPasswordToken(trx, { user_id: user.id, token_hash: hash, purpose, expires_at: new Date(ctx.now.getTime() + LINKS[purpose].ttlMs), created_at: ctx.now });
  await queueEmail(trx, { to: user.email, locale: user.locale, template: LINKS[purpose].template, data: { name: user.name, link: `${ctx.baseUrl}/password/reset/${token}` } });
}

// Says nothing about whether the address is known: the page always answers the same.
// At most three links per account in 15 minutes, so the form cannot be used to flood an inbox.
export async function requestPasswordReset(ctx: Ctx, email: string, fallbackLocale: Locale): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const login = await q.loginByEmail(trx, email);
    if (!login || login.disabled_at) return;
    const since = new Date(ctx.now.getTime() - 15 * 60 * 1000);
    if ((await q.recentPasswordTokenCount(trx, login.id, since)) >= 3) return;
    await mailPasswordLink(trx, ctx, { id: login.id, email: login.email, name: login.name, locale: (login.locale as Locale | null) ?? fallbackLocale }, 'reset');
  });
}

// What an unused, unexpired link is for ('reset' or 'invite') and its user's language, or null.
export async function passwordLink(ctx: Ctx, token: string): Promise<{ purpose: string; locale: string | null } | null> {
  const link = await q.usablePasswordToken(ctx.db, hashLinkToken(token), ctx.now);
  if (!link) return null;
  const login = await q.loginById(ctx.db, link.user_id);
  return { purpose: link.purpose, locale: login?.locale ?? null };
}

export async function resetPassword(ctx: Ctx, token: string, password: string): Promise<{ ok: boolean; purpose?: string }> {
  // bcrypt is slow on purpose: spend it only on a link that can still be used.
  if (!(await q.usablePasswordToken(ctx.db, hashLinkToken(token), ctx.now))) return { ok: false };
  const hash = await hashPassword(password);
  return inTransaction(ctx.db, async (trx) => {
    const used = await q.consumePasswordToken(trx, hashLinkToken(token), ctx.now);
    if (!used) return { ok: false };
    await q.setPasswordHash(trx, used.user_id, hash, ctx.now);
    await q.invalidatePasswordTokens(trx, used.user_id, ctx.now);
    await q.deleteSessionsOfUser(trx, used.user_id);
    return { ok: true, purpose: used.purpose };
  });
}

export async function changePassword(
  ctx: Ctx,
  userId: number,
  input: { current: string; password: string; keepSessionId: string },
): Promise<{ ok: boolean }> {
  const login = await q.loginById(ctx.db, userId);
  if (!login || !(await verifyPassword(input.current, login.password_hash))) return { ok: false };
  const hash = await hashPassword(input.password);
  await inTransaction(ctx.db, async (trx) => {
    await q.setPasswordHash(trx, userId, hash, ctx.now);
    await q.invalidatePasswordTokens(trx, userId, ctx.now);
    await q.deleteSessionsOfUser(trx, userId, input.keepSessionId);
  });
  return { ok: true };
}

export async function updateProfile(ctx: Ctx, userId: number, fields: { name: string; phone: string | null; locale: Locale | null; newsletter: boolean }) {
  await q.updateProfile(ctx.db, userId, fields, ctx.now);
}

export async function profile(ctx: Ctx, userId: number) {
  return (await q.profileOf(ctx.db, userId)) ?? { phone: null, newsletter: false };
}

export async function saveLanguage(ctx: Ctx, userId: number, locale: Locale) {
  await q.updateLocale(ctx.db, userId, locale, ctx.now);
}

export function userForSession(ctx: Pick<Ctx, 'db'>, id: number) {
  return q.sessionUser(ctx.db, id);
}
