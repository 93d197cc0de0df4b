import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../factories/index.ts';
import { TEST_BASE_URL, useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm } from '../support/http.ts';

const t = useTestApp();
beforeEach(() => t.mail.clear());

async function requestLink(email: string): Promise<string> {
  const response = await submitForm(request.agent(t.app), '/password/forgot', '/password/forgot', { email });
  expect(response.status).toBe(302);
  await t.deliverMail();
  const mail = await t.mail.waitFor((m) => m.to.includes(email.toLowerCase()));
  const link = new RegExp(`${TEST_BASE_URL}(/password/reset/[\\w-]+)`).exec(mail.text);
  expect(link).not.toBeNull();
  return link![1];
}

describe('forgot password', () => {
  it('mails a single-use link in the user\'s own language, storing only a hash of the token', async () => {
    const user = await createUser(t.db, { locale: 'sv', name: 'Sven Svensson' });
    const path = await requestLink(user.email);
    const mail = t.mail.messages()[0];
    expect(mail.subject).toBe('Välj ett nytt lösenord');
    expect(mail.text).toContain('Sven Svensson');
    expect(mail.html).toContain(path);
    const token = path.split('/').pop()!;
    const stored = await t.db('password_tokens').where({ user_id: user.id }).first();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBe(60 * 60 * 1000);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const agent = request.agent(t.app);
    const response = await submitForm(agent, '/password/forgot', '/password/forgot', { email: 'ghost@example.com' });
    expect(response.status).toBe(302);
    const page = await agent.get('/login');
    expect(page.text).toContain('a link to choose a new password is on its way');
    await t.deliverMail();
    expect(t.mail.messages()).toHaveLength(0);
  });

  it('a malformed address gets an error beside the field', async () => {
    const response = await submitForm(request.agent(t.app), '/password/forgot', '/password/forgot', { email: 'no-at-sign' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-email-error"');
    expect(response.text).toContain('value="no-at-sign"');
  });
});

describe('setting a new password from the link', () => {
  it('a short password is refused beside the field, and the link still works afterwards', async () => {
    const user = await createUser(t.db);
    const path = await requestLink(user.email);
    const short = await submitForm(request.agent(t.app), path, path, { password: 'short', password_confirmation: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('at least 10 characters');
    const mismatch = await submitForm(request.agent(t.app), path, path, { password: 'long-enough-1', password_confirmation: 'long-enough-2' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('The two passwords are not the same.');
    await request(t.app).get(path).expect(200);
  });

  it('works once: the new password signs in, the old does not, and the link cannot be used again', async () => {
    const user = await createUser(t.db);
    const path = await requestLink(user.email);
    const done = await submitForm(request.agent(t.app), path, path, { password: 'brand-new-password', password_confirmation: 'brand-new-password' });
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/login');
    await signIn(t.app, user.email, 'brand-new-password');
    const old = await submitForm(request.agent(t.app), '/login', '/login', { email: user.email, password: TEST_PASSWORD });
    expect(old.status).toBe(422);
    const again = await request(t.app).get(path);
    expect(again.status).toBe(410);
    expect(again.text).toContain('expired or has already been used');
  });

  it('the sign-in page after it speaks the login\'s language, as the form did', async () => {
    const user = await createUser(t.db, { locale: 'sv' });
    const path = await requestLink(user.email);
    const agent = request.agent(t.app);
    // So does the form shown again after a mistake.
    const short = await submitForm(agent, path, path, { password: 'short', password_confirmation: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('<html lang="sv">');
    await submitForm(agent, path, path, { password: 'brand-new-password', password_confirmation: 'brand-new-password' }).then((r) => expect(r.status).toBe(302));
    const login = await agent.get('/login').set('Accept-Language', 'en').expect(200);
    expect(login.text).toContain('<html lang="sv">');
  });

  it('a link older than one hour cannot be used', async () => {
    const user = await createUser(t.db);
    const path = await requestLink(user.email);
    await t.db('password_tokens').where({ user_id: user.id }).update({ expires_at: new Date(Date.now() - 1000) });
    await request(t.app).get(path).expect(410);
    const before = await t.db('users').where({ id: user.id }).first('password_hash');
    const agent = request.agent(t.app);
    const token = csrfFrom((await agent.get('/login')).text);
    const response = await agent.post(path).type('form').send({ _csrf: token, password: 'brand-new-password', password_confirmation: 'brand-new-password' });
    expect(response.status).toBe(410);
    expect(await t.db('users').where({ id: user.id }).first('password_hash')).toEqual(before);
  });

  it('signs the user out everywhere else', async () => {
    const user = await createUser(t.db);
    const elsewhere = await signIn(t.app, user.email);
    await elsewhere.get('/my').expect(200);
    const path = await requestLink(user.email);
    await submitForm(request.agent(t.app), path, path, { password: 'another-new-pass', password_confirmation: 'another-new-pass' });
    await elsewhere.get('/my').expect(302);
  });

  it('sends at most three links per account in 15 minutes', async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 5; i++) {
      await submitForm(request.agent(t.app), '/password/forgot', '/password/forgot', { email: user.email });
    }
    await t.deliverMail();
    expect(t.mail.messages().filter((m) => m.to.includes(user.email))).toHaveLength(3);
  });
});
