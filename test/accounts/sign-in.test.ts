import { createHmac } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createOrganisation, createStaff, createUser, TEST_PASSWORD } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, sessionCookie, signIn, submitForm } from '../support/http.ts';

const t = useTestApp();

describe('signing in', () => {
  it('a buyer with the right password lands on the start page with their organisation', async () => {
    const org = await createOrganisation(t.db, { name: 'Kontorsgruppen AB' });
    const buyer = await createUser(t.db, { organisation_id: org.id, name: 'Britt Buyer' });
    const agent = await signIn(t.app, buyer.email);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Britt Buyer');
    expect(home.text).toContain('Kontorsgruppen AB');
  });

  it('accepts the e-mail address in any letter case, and pasted with spaces around it', async () => {
    await createUser(t.db, { email: 'Mixed.Case@Example.com' });
    const agent = await signIn(t.app, 'mixed.case@example.COM');
    const my = await agent.get('/my').expect(200);
    expect(my.text).toContain('Mixed.Case@Example.com');
    await (await signIn(t.app, ' Mixed.Case@Example.com ')).get('/my').expect(200);
  });

  it('a wrong password is refused with a message on the form, and the typed e-mail is kept', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    const response = await submitForm(agent, '/login', '/login', { email: buyer.email, password: 'wrong-password-1' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('The e-mail address or the password is wrong.');
    expect(response.text).toContain(`value="${buyer.email}"`);
    await agent.get('/my').expect(302).expect('location', '/login?next=%2Fmy');
  });

  it('an unknown e-mail gets the same answer as a wrong password', async () => {
    const agent = request.agent(t.app);
    const response = await submitForm(agent, '/login', '/login', { email: 'nobody@example.com', password: 'whatever-it-is' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('The e-mail address or the password is wrong.');
  });

  it('an empty or malformed form gets errors beside the fields, never a 500', async () => {
    const agent = request.agent(t.app);
    const response = await submitForm(agent, '/login', '/login', { email: 'not-an-address', password: '' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-email-error"');
    expect(response.text).toContain('Please enter a valid e-mail address');
    expect(response.text).toContain('id="field-password-error"');
  });

  it('a disabled user cannot sign in, and an open session of theirs ends', async () => {
    const buyer = await createUser(t.db);
    const agent = await signIn(t.app, buyer.email);
    await t.db('users').where({ id: buyer.id }).update({ disabled_at: new Date() });
    await agent.get('/my').expect(302);
    const response = await submitForm(request.agent(t.app), '/login', '/login', { email: buyer.email, password: TEST_PASSWORD });
    expect(response.status).toBe(422);
    expect(response.text).toContain('This login has been disabled');
  });

  it('a form sent from a session that ended meanwhile does nothing and asks to sign in again; a forged one is still refused', async () => {
    const buyer = await createUser(t.db);
    const agent = await signIn(t.app, buyer.email);
    const page = await agent.get('/my').expect(200);
    await t.db('sessions').whereRaw(`sess::jsonb -> 'passport' ->> 'user' = ?`, [String(buyer.id)]).delete();
    const sent = await agent.post('/my').type('form').send({ _csrf: csrfFrom(page.text), name: 'Changed', phone: '', locale: 'en' });
    expect(sent.status).toBe(302);
    expect(sent.headers.location).toBe('/login');
    expect((await agent.get('/login').set('Accept-Language', 'en')).text).toContain('You were signed out meanwhile, so nothing was done.');
    expect((await t.db('users').where({ id: buyer.id }).first('name')).name).not.toBe('Changed');
    await request(t.app).post('/my').type('form').send({ _csrf: 'forged', name: 'X' }).expect(403);
  });

  it('signing in gives a new session id, so a planted session id is worthless', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    const loginPage = await agent.get('/login').expect(200);
    const before = sessionCookie(loginPage);
    expect(before).not.toBe('');
    const signedIn = await agent.post('/login').type('form').send({ _csrf: csrfFrom(loginPage.text), email: buyer.email, password: TEST_PASSWORD }).expect(302);
    const after = sessionCookie(signedIn);
    expect(after).not.toBe('');
    expect(after).not.toBe(before);
    await request(t.app).get('/my').set('Cookie', before).expect(302);
    await request(t.app).get('/my').set('Cookie', after).expect(200);
  });

  it('a visitor asking for /my is sent to sign in and then back to /my', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    await agent.get('/my').expect(302).expect('location', '/login?next=%2Fmy');
    const response = await submitForm(agent, '/login?next=%2Fmy', '/login', { email: buyer.email, password: TEST_PASSWORD, next: '/my' });
    expect(response.headers.location).toBe('/my');
  });

  it('does not follow a "next" that leads off the site', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    const response = await submitForm(agent, '/login', '/login', { email: buyer.email, password: TEST_PASSWORD, next: '//evil.example/' });
    expect(response.headers.location).toBe('/');
  });

  it('signing out ends the session: the old cookie no longer opens /my', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    const cookie = sessionCookie(await submitForm(agent, '/login', '/login', { email: buyer.email, password: TEST_PASSWORD }));
    const my = await agent.get('/my').expect(200);
    await agent.post('/logout').type('form').send({ _csrf: csrfFrom(my.text) }).expect(302).expect('location', '/login?signed_out=1');
    await request(t.app).get('/my').set('Cookie', cookie).expect(302);
    expect(await t.db('sessions').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(buyer.id)]).first()).toBeUndefined();
  });

  it('staff sign in like everyone else and reach the back office', async () => {
    const staff = await createStaff(t.db, { name: 'Stina Staff' });
    const agent = await signIn(t.app, staff.email);
    const page = await agent.get('/admin').expect(200);
    expect(page.text).toContain('Back office');
    expect(page.text).toContain('Stina Staff');
  });
});

describe('sign-in throttling', () => {
  it('after 10 failures in 15 minutes the account is refused, even with the right password', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    const page = await agent.get('/login');
    const token = csrfFrom(page.text);
    for (let i = 0; i < 10; i++) {
      await agent.post('/login').type('form').send({ _csrf: token, email: buyer.email, password: `wrong-${i}-password` }).expect(422);
    }
    const refused = await agent.post('/login').type('form').send({ _csrf: token, email: buyer.email, password: TEST_PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Too many failed attempts');
    const row = await t.db('login_failures').where({ key: `account:${buyer.email.toLowerCase()}` }).first();
    expect(row.points).toBeGreaterThanOrEqual(10);
    // Another account from the same address is not locked out by this one.
    const colleague = await createUser(t.db);
    const ok = await agent.post('/login').type('form').send({ _csrf: token, email: colleague.email, password: TEST_PASSWORD });
    expect(ok.status).toBe(302);
  });

  it('a successful sign-in clears the account\'s earlier failures', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    const token = csrfFrom((await agent.get('/login')).text);
    for (let i = 0; i < 3; i++) {
      await agent.post('/login').type('form').send({ _csrf: token, email: buyer.email, password: 'nope-nope-nope' }).expect(422);
    }
    await agent.post('/login').type('form').send({ _csrf: token, email: buyer.email, password: TEST_PASSWORD }).expect(302);
    expect(await t.db('login_failures').where({ key: `account:${buyer.email.toLowerCase()}` }).first()).toBeUndefined();
  });
});

describe('CSRF and sessions', () => {
  it('a POST without the CSRF token is refused with a page, not a stack trace', async () => {
    const buyer = await createUser(t.db);
    const agent = await signIn(t.app, buyer.email);
    const response = await agent.post('/my').type('form').send({ name: 'Hacked', locale: 'en' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('The form had expired');
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
    const row = await t.db('users').where({ id: buyer.id }).first('name');
    expect(row.name).toBe('Test User');
  });

  it('a signed-in user stays signed in when the app is restarted', async () => {
    const buyer = await createUser(t.db);
    const agent = request.agent(t.app);
    const response = await submitForm(agent, '/login', '/login', { email: buyer.email, password: TEST_PASSWORD });
    const cookie = sessionCookie(response);
    const restarted = t.rebuildApp();
    const my = await request(restarted).get('/my').set('Cookie', cookie).expect(200);
    expect(my.text).toContain(buyer.email);
  });

  it('plain page views do not write the session row on every request', async () => {
    const buyer = await createUser(t.db);
    const agent = await signIn(t.app, buyer.email);
    await agent.get('/').expect(200);
    const before = await t.db('sessions').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(buyer.id)]).first('sess', 'expire');
    for (let i = 0; i < 5; i++) await agent.get('/').expect(200);
    const after = await t.db('sessions').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(buyer.id)]).first('sess', 'expire');
    expect(after.expire.getTime()).toBe(before.expire.getTime());
    expect(after.sess).toEqual(before.sess);
    // Only the data is stored, not what the session object offers beside it.
    for (const offered of ['loaded', 'save', 'destroy', 'regenerate']) expect(after.sess).not.toHaveProperty(offered);
    expect(after.sess.passport).toEqual({ user: buyer.id });
  });

  it('a session cookie signed as before the session code was replaced still signs in; a forged one gets a new, empty session', async () => {
    const buyer = await createUser(t.db);
    const sid = 'older-session-id-0123456789abcdef';
    // As express-session stored it: with its cookie settings inside.
    const sess = { cookie: { originalMaxAge: 1209600000, expires: new Date(Date.now() + 86_400_000).toISOString(), httpOnly: true, path: '/' }, passport: { user: buyer.id } };
    await t.db('sessions').insert({ sid, sess: JSON.stringify(sess), expire: new Date(Date.now() + 86_400_000) });
    const mac = createHmac('sha256', 'test-session-secret-that-is-long-enough').update(sid).digest('base64').replace(/=+$/, '');
    const page = await request(t.app).get('/my').set('Cookie', `shop.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`).expect(200);
    expect(page.text).toContain(buyer.email);
    for (const forged of [`s:${sid}.${mac.slice(1)}x`, `s:${sid}`, sid, '%E0%A4%A']) {
      await request(t.app).get('/my').set('Cookie', `shop.sid=${forged}`).expect(302).expect('Location', /\/login/);
    }
  });

  it('an active session stays alive: an unchanged one is written (and its cookie sent again) at most once a minute', async () => {
    const buyer = await createUser(t.db);
    const agent = await signIn(t.app, buyer.email);
    const row = () => t.db('sessions').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(buyer.id)]).first('sid', 'sess', 'expire');
    const { sid, sess } = await row();
    // Last used two minutes ago, and due to end in a day.
    await t.db('sessions').where({ sid }).update({ sess: JSON.stringify({ ...sess, touchedAt: Date.now() - 120_000 }), expire: new Date(Date.now() + 86_400_000) });
    const touched = await agent.get('/').expect(200);
    expect(sessionCookie(touched)).toContain(encodeURIComponent('s:') + sid);
    const after = await row();
    expect(after.expire.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(after.sess.touchedAt).toBeGreaterThan(Date.now() - 10_000);
    const again = await agent.get('/').expect(200);
    expect(again.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^shop\.sid=/));
    expect((await row()).expire.getTime()).toBe(after.expire.getTime());
  });

  it('a session that cannot be saved turns the response into an error instead of a page that relies on it', async () => {
    // A new visitor's sign-in page makes a session for its CSRF token; the database refuses it.
    await t.db.raw(`ALTER TABLE sessions ADD CONSTRAINT refuse_all CHECK (sess->>'csrfToken' IS NULL) NOT VALID`);
    try {
      const page = await request(t.app).get('/login').set('Accept-Language', 'sv');
      expect(page.status).toBe(500);
      expect(page.text).toContain('Ett oväntat fel uppstod');
      expect(page.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^shop\.sid=/));
    } finally {
      await t.db.raw('ALTER TABLE sessions DROP CONSTRAINT refuse_all');
    }
    await request(t.app).get('/login').expect(200);
  });

  it('a message after a form travels in its own signed cookie: shown once, never written to the session', async () => {
    const buyer = await createUser(t.db);
    const agent = await signIn(t.app, buyer.email);
    await agent.get('/my').expect(200);
    const before = await t.db('sessions').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(buyer.id)]).first('sess', 'expire');
    const saved = await submitForm(agent, '/my', '/my', { name: 'Britt Renamed', locale: 'en' });
    expect(saved.status).toBe(302);
    const flashCookie = ([] as string[]).concat(saved.headers['set-cookie'] ?? []).find((c) => c.startsWith('shop.flash='));
    expect(flashCookie).toMatch(/HttpOnly/);
    const after = await t.db('sessions').whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(buyer.id)]).first('sess', 'expire');
    expect(after.sess).toEqual(before.sess);
    expect((await agent.get('/my').expect(200)).text).toContain('Your profile has been saved.');
    expect((await agent.get('/my').expect(200)).text).not.toContain('Your profile has been saved.');

    // A message made up or altered in the browser is not shown.
    const value = flashCookie!.split(';')[0].slice('shop.flash='.length);
    const forged = Buffer.from(JSON.stringify([{ kind: 'error', key: 'my.password_changed' }])).toString('base64url');
    for (const cookie of [`${forged}.${value.split('.')[1]}`, `${value}x`, 'garbage', `${forged}`]) {
      const page = await request(t.app).get('/login').set('Cookie', `shop.flash=${cookie}`).expect(200);
      expect(page.text).not.toContain('Your password has been changed');
      expect(page.text).not.toContain('Your profile has been saved.');
    }

    // The real one, replayed: shown while it is fresh, not after five minutes.
    const replay = () => request(t.app).get('/login').set('Cookie', `shop.flash=${value}`).expect(200);
    expect((await replay()).text).toContain('Your profile has been saved.');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60 * 1000 + 1000 });
    try {
      expect((await replay()).text).not.toContain('Your profile has been saved.');
    } finally {
      vi.useRealTimers();
    }
  });
});
