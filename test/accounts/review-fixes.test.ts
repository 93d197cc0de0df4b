import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeSession } from '../../src/web/session.ts';
import { createAdmin, createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, sessionCookie, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();
beforeAll(async () => {
  await t.db('shop_settings').update({ allow_parent_login_as_child: true });
});

const token = async (agent: Agent, page = '/my') => csrfFrom((await agent.get(page)).text);

describe('acting as a sub-customer grants ordering, not administration', () => {
  it('an admin acting as a sub-customer cannot manage its users or company data', async () => {
    const main = await createOrganisation(t.db);
    const sub = await createOrganisation(t.db, { parent_id: main.id });
    const admin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: main.id })).email);
    await admin.post(`/my/sub-customers/${sub.id}/acting`).type('form').send({ _csrf: await token(admin, '/my/sub-customers') }).expect(302);
    const home = await admin.get('/').expect(200);
    expect(home.text).toContain('Acting as');
    expect(home.text).not.toContain('href="/my/users"');
    await admin.get('/my/users').expect(403);
    const attempt = await admin.post('/my/users').type('form').send({ _csrf: csrfFrom(home.text), name: 'Planted', email: 'planted@example.com', locale: 'en', permissions: 'manage_users' });
    expect(attempt.status).toBe(403);
    expect(await t.db('users').where({ email: 'planted@example.com' }).first()).toBeUndefined();
    expect((await submitForm(admin, '/my/company', '/my/billing-address', { name: 'X', line1: 'Y', postal_code: '1', city: 'Z', country: 'SE' })).status).toBe(403);
  });
});

describe('concurrent changes are serialised, not 500s', () => {
  it('six parallel "add as default" give one default and no errors', async () => {
    const org = await createOrganisation(t.db);
    const admin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: org.id })).email);
    const csrf = await token(admin, '/my/addresses');
    const fields = { _csrf: csrf, name: 'N', line1: 'L', postal_code: '1', city: 'C', country: 'SE', is_default: 'on' };
    const statuses = await Promise.all(Array.from({ length: 6 }, () => admin.post('/my/addresses').type('form').send(fields).then((r) => r.status)));
    expect(statuses).toEqual([302, 302, 302, 302, 302, 302]);
    expect(await t.db('addresses').where({ organisation_id: org.id, kind: 'delivery', is_default: true }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('two admins disabling each other at once: one wins, no error, one admin left', async () => {
    const org = await createOrganisation(t.db);
    const [a, b] = [await createAdmin(t.db, { organisation_id: org.id }), await createAdmin(t.db, { organisation_id: org.id })];
    const [agentA, agentB] = [await signIn(t.app, a.email), await signIn(t.app, b.email)];
    const [tokenA, tokenB] = [await token(agentA), await token(agentB)];
    const statuses = await Promise.all([
      agentA.post(`/my/users/${b.id}/disabling`).type('form').send({ _csrf: tokenA }).then((r) => r.status),
      agentB.post(`/my/users/${a.id}/disabling`).type('form').send({ _csrf: tokenB }).then((r) => r.status),
    ]);
    expect(statuses).toEqual([302, 302]);
    expect(await t.db('users').where({ organisation_id: org.id }).whereNull('disabled_at').count('* as n').first()).toEqual({ n: 1 });
  });
});

describe('password links end when they should', () => {
  it('correcting a new login\'s e-mail ends the link sent to the wrong address and invites the right one', async () => {
    const org = await createOrganisation(t.db);
    const admin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: org.id })).email);
    await submitForm(admin, '/my/users/new', '/my/users', { name: 'Bob', email: 'bob@exampel.com', locale: 'en', permissions: 'place_orders' });
    const bob = await t.db('users').where({ email: 'bob@exampel.com' }).first();
    await t.deliverMail();
    const wrong = /\/password\/reset\/[\w-]+/.exec((await t.mail.waitFor((m) => m.to.includes('bob@exampel.com'))).text)![0];
    await submitForm(admin, `/my/users/${bob.id}/edit`, `/my/users/${bob.id}`, { name: 'Bob', email: 'bob@example.com', locale: 'en', permissions: 'place_orders' });
    await request(t.app).get(wrong).expect(410);
    await t.deliverMail();
    const right = /\/password\/reset\/[\w-]+/.exec((await t.mail.waitFor((m) => m.to.includes('bob@example.com'))).text)![0];
    await request(t.app).get(right).expect(200);
  });
});

describe('sessions that were ended stay ended', () => {
  it('a request that still had a deleted session loaded does not write it back', async () => {
    const user = await createUser(t.db);
    const response = await submitForm(request.agent(t.app), '/login', '/login', { email: user.email, password: 'correct-horse-battery' });
    const sid = decodeURIComponent(sessionCookie(response).split('=')[1]).slice(2).split('.')[0];
    const loaded = (await t.db('sessions').where({ sid }).first()).sess;
    await t.db('sessions').where({ sid }).delete();
    await storeSession(t.db, sid, JSON.stringify({ ...loaded, actingAs: 1 }), true);
    expect(await t.db('sessions').where({ sid }).first()).toBeUndefined();
  });
});
