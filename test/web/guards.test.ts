import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createStaff, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm } from '../support/http.ts';

const t = useTestApp();

describe('who may see what', () => {
  it('a logged-out visitor is sent to sign in from every private page', async () => {
    for (const path of ['/', '/my', '/admin']) {
      const response = await request(t.app).get(path);
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('a buyer is refused the back office with a translated 403 page', async () => {
    const buyer = await createUser(t.db, { locale: 'sv' });
    const agent = await signIn(t.app, buyer.email);
    const response = await agent.get('/admin');
    expect(response.status).toBe(403);
    expect(response.text).toContain('lang="sv"');
    expect(response.text).toContain('Åtkomst nekad');
  });

  it('staff reach the back office', async () => {
    const staff = await createStaff(t.db);
    const agent = await signIn(t.app, staff.email);
    await agent.get('/admin').expect(200);
  });
});

describe('My page', () => {
  it('saves name and language, and shows the page in the new language', async () => {
    const user = await createUser(t.db);
    const agent = await signIn(t.app, user.email);
    const saved = await submitForm(agent, '/my', '/my', { name: 'Nina Nordmann', phone: '+47 22 00 00 00', locale: 'nb', newsletter: 'on' });
    expect(saved.status).toBe(302);
    expect(await t.db('users').where({ id: user.id }).first('phone', 'newsletter')).toEqual({ phone: '+47 22 00 00 00', newsletter: true });
    const page = await agent.get('/my');
    expect(page.text).toContain('Nina Nordmann');
    expect(page.text).toMatch(/name="newsletter" checked/);
    expect(page.text).toContain('<h1>Min side</h1>');
  });

  it('a login that follows its browser\'s language keeps doing so when it saves its profile', async () => {
    const user = await createUser(t.db, { locale: null });
    const agent = await signIn(t.app, user.email);
    const form = await agent.get('/my').set('Accept-Language', 'de');
    expect(form.text).toMatch(/<option value="" selected>Sprache des Browsers<\/option>/);
    expect((await submitForm(agent, '/my', '/my', { name: 'Browser Bo', phone: '', locale: '' })).status).toBe(302);
    expect(await t.db('users').where({ id: user.id }).first('name', 'locale')).toEqual({ name: 'Browser Bo', locale: null });
    // Having picked English in the footer once, choosing the browser's language again forgets that.
    await submitForm(agent, '/my', '/language', { locale: 'en' });
    await t.db('users').where({ id: user.id }).update({ locale: null });
    expect((await agent.get('/my').set('Accept-Language', 'de')).text).toContain('<html lang="en"');
    expect((await submitForm(agent, '/my', '/my', { name: 'Browser Bo', phone: '', locale: '' })).status).toBe(302);
    expect((await agent.get('/my').set('Accept-Language', 'de')).text).toContain('<html lang="de"');
  });

  it('an empty name is refused beside the field and nothing is saved', async () => {
    const user = await createUser(t.db, { name: 'Keep Me' });
    const agent = await signIn(t.app, user.email);
    const response = await submitForm(agent, '/my', '/my', { name: '   ', locale: 'xx' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-name-error"');
    expect(response.text).toContain('id="field-locale-error"');
    expect((await t.db('users').where({ id: user.id }).first('name')).name).toBe('Keep Me');
  });

  it('changing the password needs the current one', async () => {
    const user = await createUser(t.db);
    const agent = await signIn(t.app, user.email);
    const wrong = await submitForm(agent, '/my', '/my/password', { current_password: 'not-the-password', password: 'a-new-password', password_confirmation: 'a-new-password' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('The current password is not right.');
    const page = await agent.get('/my');
    const ok = await agent.post('/my/password').type('form').send({
      _csrf: csrfFrom(page.text),
      current_password: 'correct-horse-battery',
      password: 'a-new-password',
      password_confirmation: 'a-new-password',
    });
    expect(ok.status).toBe(302);
    await agent.get('/my').expect(200);
    await signIn(t.app, user.email, 'a-new-password');
  });
});

describe('health and errors', () => {
  it('/healthz answers 200 while the database is reachable', async () => {
    const response = await request(t.app).get('/healthz').expect(200);
    expect(response.text).toBe('ok');
  });

  it('/dev/mailbox exists only when mail goes to the built-in catcher', async () => {
    const staff = await createStaff(t.db);
    const agent = await signIn(t.app, staff.email);
    await agent.get('/dev/mailbox').expect(404);
  });

  it('sends security headers with a script policy that allows no inline script', async () => {
    const response = await request(t.app).get('/login');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.text).not.toMatch(/<script(?![^>]*src=)/);
    // Same-origin pages get the referrer (a form shown again after a POST switches language back to it).
    expect(response.headers['referrer-policy']).toBe('same-origin');
  });
});
