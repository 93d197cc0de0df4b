import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCache, type SessionCache } from '../../src/accounts/index.ts';
import { sessionWithUser } from '../../src/accounts/queries.ts';
import { createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { signIn } from '../support/http.ts';

const t = useTestApp({ sessionCache: true });
let cache: SessionCache;

// Waits for something the database announces to be heard; fails after a few seconds.
async function until(check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not heard within 5 s');
    await sleep(10);
  }
}

beforeAll(async () => {
  cache = createSessionCache(t.db, t.url, pino({ level: 'silent' }));
  await until(cache.listening);
});
afterAll(() => cache.close());

async function signedInSession(user: { id: number }, lastsMs = 3_600_000) {
  const sid = randomBytes(12).toString('hex');
  await t.db('sessions').insert({ sid, sess: JSON.stringify({ passport: { user: user.id } }), expire: new Date(Date.now() + lastsMs) });
  return sid;
}

// A session read through the cache, counting the reads that reached the database.
function reader(sid: string, through = cache) {
  const counted = {
    sid,
    reads: 0,
    read: (now = Date.now()) => through.read(sid, now, () => {
      counted.reads++;
      return sessionWithUser(t.db, sid, new Date(now));
    }),
    // Reads once every change made so far has been heard.
    reread: async () => {
      expect(await through.heardAll()).toBe(true);
      return counted.read();
    },
  };
  return counted;
}

async function keptSession() {
  const org = await createOrganisation(t.db, { name: 'Kept AB' });
  const user = await createUser(t.db, { organisation_id: org.id, name: 'Kept Person' });
  const session = reader(await signedInSession(user));
  await session.read();
  expect((await session.read())?.user?.name).toBe('Kept Person');
  expect(session.reads).toBe(1);
  return { org, user, session };
}

describe('pages served with sessions kept in memory', () => {
  it('sign a login out on its next page once it is disabled, and only because the change was announced', async () => {
    const user = await createUser(t.db);
    await until(t.sessionCache!.listening);
    const agent = await signIn(t.app, user.email);
    // Signing in deleted the session before: once that is heard, the new one is kept.
    await t.sessionCache!.heardAll();
    await agent.get('/my').expect(200);
    // Unannounced (the trigger off), the change is not seen: the page came from memory.
    await t.db.raw('ALTER TABLE users DISABLE TRIGGER users_announce_change');
    try {
      await t.db('users').where({ id: user.id }).update({ name: 'Unannounced' });
      expect((await agent.get('/my').expect(200)).text).not.toContain('Unannounced');
    } finally {
      await t.db.raw('ALTER TABLE users ENABLE TRIGGER users_announce_change');
    }
    await t.db('users').where({ id: user.id }).update({ disabled_at: new Date() });
    await t.sessionCache!.heardAll();
    expect((await agent.get('/my').expect(302)).headers.location).toMatch(/^\/login/);
  });
});

describe('sessions kept in memory', () => {
  it('reads a session from the database once; later requests get their own copy from memory', async () => {
    const { user, session } = await keptSession();
    const first = await session.read();
    first!.sess.changed = true;
    first!.user!.permissions.push('approve_orders');
    const second = await session.read();
    expect(session.reads).toBe(1);
    expect(second).toMatchObject({ sess: { passport: { user: user.id } }, user: { id: user.id, organisation_name: 'Kept AB' } });
    expect(second!.sess.changed).toBeUndefined();
    expect(second!.user!.permissions).not.toContain('approve_orders');
  });

  it('forgets a session when it, its user or their organisation changes anywhere, and reads what changed', async () => {
    const changes: [string, (k: Awaited<ReturnType<typeof keptSession>>) => Promise<unknown>, (found: Awaited<ReturnType<typeof sessionWithUser>>) => void][] = [
      ['its user is disabled', (k) => t.db('users').where({ id: k.user.id }).update({ disabled_at: new Date() }), (found) => expect(found?.user).toBeNull()],
      ['its user gets other permissions', (k) => t.db('users').where({ id: k.user.id }).update({ permissions: ['view_orders'] }), (found) => expect(found?.user?.permissions).toEqual(['view_orders'])],
      ['its user changes language', (k) => t.db('users').where({ id: k.user.id }).update({ locale: 'sv' }), (found) => expect(found?.user?.locale).toBe('sv')],
      ['the organisation is renamed', (k) => t.db('organisations').where({ id: k.org.id }).update({ name: 'Renamed AB' }), (found) => expect(found?.user?.organisation_name).toBe('Renamed AB')],
      ['the session is signed out everywhere', (k) => t.db('sessions').whereRaw(`sess #>> '{passport,user}' = ?`, [String(k.user.id)]).delete(), (found) => expect(found).toBeNull()],
    ];
    for (const [what, change, check] of changes) {
      const kept = await keptSession();
      await change(kept);
      check(await kept.session.reread());
      expect(kept.session.reads, what).toBe(2);
    }
  });

  it('keeps a session when only what it does not use changes (signing in writes the password hash)', async () => {
    const { user, session } = await keptSession();
    await t.db('users').where({ id: user.id }).update({ password_hash: 'x', updated_at: new Date() });
    await session.reread();
    expect(session.reads).toBe(1);
  });

  it('gives the catalogue version staff last set, without reading the session again', async () => {
    const { session } = await keptSession();
    const before = (await session.read())!.catalogueVersion;
    await t.db('categories').insert({ slug: `c-${randomBytes(3).toString('hex')}`, name: JSON.stringify({ en: 'New' }) });
    expect((await session.reread())!.catalogueVersion).toBeGreaterThan(before);
    expect(session.reads).toBe(1);
  });

  it('does not keep a read that was under way when a change to it was heard', async () => {
    const user = await createUser(t.db, { name: 'Before' });
    const sid = await signedInSession(user);
    const before = await sessionWithUser(t.db, sid, new Date());
    let reads = 0;
    // The read saw the user before the change; the change is heard before it returns.
    await cache.read(sid, Date.now(), async () => {
      reads++;
      await t.db('users').where({ id: user.id }).update({ name: 'Changed Meanwhile' });
      await cache.heardAll();
      return before;
    });
    const after = await cache.read(sid, Date.now(), async () => {
      reads++;
      return sessionWithUser(t.db, sid, new Date());
    });
    expect(reads).toBe(2);
    expect(after?.user?.name).toBe('Changed Meanwhile');
  });

  it('reads again a session this process wrote, and one kept past its expiry', async () => {
    const user = await createUser(t.db);
    const own = reader(await signedInSession(user));
    await own.read();
    cache.forget(own.sid);
    await own.read();
    expect(own.reads).toBe(2);
    const expiring = reader(await signedInSession(user, 5_000));
    const kept = (await expiring.read())!;
    await expiring.read(kept.expiresAt - 1);
    expect(expiring.reads).toBe(1);
    await expiring.read(kept.expiresAt + 1);
    expect(expiring.reads).toBe(2);
  });

  it('while it cannot hear the database it keeps nothing, and starts again once it hears it', async () => {
    const { session } = await keptSession();
    await t.db.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN session_changes' AND pid <> pg_backend_pid()`);
    await until(() => !cache.listening());
    await session.read();
    await session.read();
    expect(session.reads).toBe(3);
    await until(cache.listening);
    await session.read();
    await session.read();
    expect(session.reads).toBe(4);
  });

  it('never trusts a LISTEN that hears nothing (through a pooler, or on another database): every read goes to the database', async () => {
    const elsewhere = await createTestDatabase();
    const deaf = createSessionCache(t.db, elsewhere.url, pino({ level: 'silent' }));
    try {
      const session = reader(await signedInSession(await createUser(t.db)), deaf);
      // Longer than a probe may take to be heard.
      await sleep(2500);
      expect(deaf.listening()).toBe(false);
      await session.read();
      await session.read();
      expect(session.reads).toBe(2);
      expect(await deaf.heardAll()).toBe(false);
    } finally {
      await deaf.close();
      await elsewhere.drop();
    }
  });
});
