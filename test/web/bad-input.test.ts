import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, sessionCookie, signIn, submitForm } from '../support/http.ts';

const t = useTestApp();

describe('bad input never gives a 500 or a stack trace', () => {
  it('a body too large for any form gets the translated error page', async () => {
    const response = await request(t.app).post('/login').set('Accept-Language', 'sv').type('form').send(`email=${'x'.repeat(300_000)}`);
    expect(response.status).toBe(413);
    expect(response.text).toContain('<html lang="sv">');
    expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(response.text).not.toContain('ReferenceError');
  });

  it('a NUL character in a field is refused beside the field, and nothing is saved', async () => {
    const user = await createUser(t.db, { name: 'Anna' });
    const agent = await signIn(t.app, user.email);
    const response = await submitForm(agent, '/my', '/my', { name: 'An\u0000na', locale: 'en' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('This contains characters that cannot be saved.');
    expect((await t.db('users').where({ id: user.id }).first('name')).name).toBe('Anna');
  });

  it('an e-mail address longer than mail allows is a form error at sign-in, not a database error', async () => {
    const response = await submitForm(request.agent(t.app), '/login', '/login', { email: `${'a'.repeat(250)}@example.com`, password: 'whatever-it-is' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-email-error"');
  });

  it('a password bcrypt would cut short is refused instead of silently truncated', async () => {
    const user = await createUser(t.db);
    const agent = await signIn(t.app, user.email);
    const long = 'p'.repeat(73);
    const response = await submitForm(agent, '/my', '/my/password', { current_password: TEST_PASSWORD, password: long, password_confirmation: long });
    expect(response.status).toBe(422);
    expect(response.text).toContain('at most 72 characters');
  });

  it('a form sent with its fields missing says they are required', async () => {
    const response = await submitForm(request.agent(t.app), '/password/forgot', '/password/forgot', {});
    expect(response.status).toBe(422);
    expect(response.text).toContain('Please fill in this field.');
  });

  it('a missing asset is a 404, not a trip to the sign-in page', async () => {
    await request(t.app).get('/assets/app.css').expect(200);
    await request(t.app).get('/assets/nope.css').expect(404);
  });
});

describe('signing in and the next form', () => {
  it('the new session is saved with its CSRF token before the redirect, so the next page\'s forms carry that token', async () => {
    const user = await createUser(t.db);
    const agent = request.agent(t.app);
    const login = await submitForm(agent, '/login', '/login', { email: user.email, password: TEST_PASSWORD });
    const sid = decodeURIComponent(sessionCookie(login).split('=')[1]).slice(2).split('.')[0];
    const stored = await t.db('sessions').where({ sid }).first();
    expect(stored.sess.csrfToken).toMatch(/^[0-9a-f]{64}$/);
    const home = await agent.get('/').expect(200);
    expect(csrfFrom(home.text)).toBe(stored.sess.csrfToken);
  });
});
