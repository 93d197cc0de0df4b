// Reads and writes for logins, password links and sessions. Every lookup that serves a request
// is scoped to the user it is for; organisations and permissions editing comes with My page.
import { type Conn, type Db, fastRaw } from '../db/knex.ts';

export type LoginRow = {
  id: number;
  email: string;
  password_hash: string | null;
  disabled_at: Date | null;
  locale: string | null;
  name: string;
};

const sessionUserColumns = [
  'u.id', 'u.email', 'u.name', 'u.locale', 'u.organisation_id', 'u.staff_role', 'u.permissions',
  'o.name as organisation_name', 'o.parent_id as parent_organisation_id',
];

// Runs on every signed-in request: one indexed join, nothing else.
export function sessionUser(db: Conn, id: number): Promise<Express.User | undefined> {
  return db('users as u')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .where('u.id', id)
    .whereNull('u.disabled_at')
    .first(sessionUserColumns);
}

// The session and its signed-in user in one prepared statement: the only read a plain signed-in
// page view makes before its own. A disabled user comes back as no user.
const SESSION_WITH_USER = `
  SELECT s.sess, floor(extract(epoch FROM s.expire))::bigint AS expire_s, u.id, u.email, u.name, u.locale, u.organisation_id, u.staff_role, u.permissions,
         o.name AS organisation_name, o.parent_id AS parent_organisation_id,
         (SELECT version FROM catalogue_version) AS catalogue_version
    FROM sessions s
    LEFT JOIN users u ON u.id = (s.sess #>> '{passport,user}')::int AND u.disabled_at IS NULL
    LEFT JOIN organisations o ON o.id = u.organisation_id
   WHERE s.sid = ? AND s.expire >= to_timestamp(?)`;

// The catalogue's version comes along: catalogue pages need it, and here it costs no round trip.
type SessionWithUserRow = Express.User & { sess: Record<string, unknown>; expire_s: number; catalogue_version: number };

export async function sessionWithUser(db: Db, sid: string, now: Date) {
  const { rows } = await fastRaw<SessionWithUserRow>(db, SESSION_WITH_USER, [sid, now.getTime() / 1000]);
  const row = rows[0] as SessionWithUserRow | undefined;
  if (!row) return null;
  const { sess, expire_s, catalogue_version, ...user } = row;
  return { sess, expiresAt: expire_s * 1000, catalogueVersion: Number(catalogue_version), user: user.id === null ? null : (user as Express.User) };
}

export function loginByEmail(db: Conn, email: string): Promise<(LoginRow & { is_sub_customer: boolean }) | undefined> {
  return db('users as u')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .whereRaw('lower(u.email) = lower(?)', [email])
    .first('u.id', 'u.email', 'u.password_hash', 'u.disabled_at', 'u.locale', 'u.name', db.raw('(o.parent_id IS NOT NULL) AS is_sub_customer'));
}

export async function subCustomersMayLogIn(db: Conn): Promise<boolean> {
  return Boolean((await db('shop_settings').where({ id: 1 }).first('allow_child_login'))?.allow_child_login);
}

export function loginById(db: Conn, id: number): Promise<LoginRow | undefined> {
  return db('users').where({ id }).first('id', 'email', 'password_hash', 'disabled_at', 'locale', 'name');
}

export async function setPasswordHash(db: Conn, userId: number, hash: string, now: Date): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: hash, updated_at: now });
}

export function profileOf(db: Conn, userId: number): Promise<{ phone: string | null; newsletter: boolean } | undefined> {
  return db('users').where({ id: userId }).first('phone', 'newsletter');
}

export async function updateProfile(db: Conn, userId: number, fields: { name: string; phone: string | null; locale: string | null; newsletter: boolean }, now: Date) {
  await db('users').where({ id: userId }).update({ ...fields, updated_at: now });
}

export async function updateLocale(db: Conn, userId: number, locale: string, now: Date) {
  await db('users').where({ id: userId }).update({ locale, updated_at: now });
}

export async function insertPasswordToken(
  db: Conn,
  row: { user_id: number; token_hash: string; purpose: 'reset' | 'invite'; expires_at: Date; created_at: Date },
): Promise<void> {
  await db('password_tokens').insert(row);
}

export async function recentPasswordTokenCount(db: Conn, userId: number, since: Date): Promise<number> {
  const row = await db('password_tokens').where({ user_id: userId }).where('created_at', '>', since).count<{ count: number }[]>('* as count').first();
  return Number(row?.count ?? 0);
}

export function usablePasswordToken(db: Conn, tokenHash: string, now: Date) {
  return db('password_tokens')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .first('id', 'user_id', 'purpose');
}

// Marks the link used in the same statement that checks it: two clicks cannot both succeed.
export async function consumePasswordToken(db: Conn, tokenHash: string, now: Date) {
  const [row] = await db('password_tokens')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .update({ used_at: now })
    .returning(['id', 'user_id', 'purpose']);
  return row as { id: number; user_id: number; purpose: string } | undefined;
}

// Every link of a user not used yet stops working: after a reset, a password or e-mail
// change, or disabling the login.
export async function invalidatePasswordTokens(db: Conn, userId: number, now: Date): Promise<void> {
  await db('password_tokens').where({ user_id: userId }).whereNull('used_at').update({ used_at: now });
}

// After a password change, every other signed-in device of that user is signed out.
export async function deleteSessionsOfUser(db: Conn, userId: number, keepSid?: string): Promise<void> {
  const q = db('sessions').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(userId)]);
  if (keepSid) q.whereNot('sid', keepSid);
  await q.delete();
}
