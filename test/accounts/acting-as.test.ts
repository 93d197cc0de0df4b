import { beforeEach, describe, expect, it } from 'vitest';
import { createAdmin, createOrganisation, createUser, TEST_PASSWORD } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import request from 'supertest';
import { csrfFrom, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();

const setSettings = (fields: Record<string, boolean>) => t.db('shop_settings').where({ id: 1 }).update(fields);
beforeEach(() => setSettings({ allow_parent_login_as_child: true, allow_child_login: true }));

async function post(agent: Agent, page: string, action: string) {
  const form = await agent.get(page).expect(200);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(form.text) });
}

async function family() {
  const main = await createOrganisation(t.db, { name: 'Moderbolaget AB' });
  const sub = await createOrganisation(t.db, { name: 'Dotterbutiken', parent_id: main.id });
  const mainAdmin = await createAdmin(t.db, { organisation_id: main.id });
  return { main, sub, mainAdmin, agent: await signIn(t.app, mainAdmin.email) };
}

describe('a main customer logs in as a sub-customer (A7)', () => {
  it('acts as the sub-customer, sees a way back, and records both identities; signing out returns, a second sign-out ends the session', async () => {
    const { sub, mainAdmin, agent } = await family();
    const list = await agent.get('/my/sub-customers').expect(200);
    expect(list.text).toContain(`action="/my/sub-customers/${sub.id}/acting"`);
    await agent.post(`/my/sub-customers/${sub.id}/acting`).type('form').send({ _csrf: csrfFrom(list.text) }).expect(302);

    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Acting as Dotterbutiken for Moderbolaget AB.');
    expect(home.text).toContain('Back to Moderbolaget AB');
    expect((await agent.get('/my/company')).text).toContain('Dotterbutiken');
    const started = await t.db('audit_events').where({ action: 'customer.acting_started', organisation_id: sub.id }).first();
    expect(started).toMatchObject({ actor_id: mainAdmin.id, acting_as_organisation_id: sub.id });

    await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(302).expect('location', '/');
    const back = await agent.get('/').expect(200);
    expect(back.text).not.toContain('Acting as');
    expect(back.text).toContain('You are back as Moderbolaget AB.');
    expect(await t.db('audit_events').where({ action: 'customer.acting_ended', actor_id: mainAdmin.id, acting_as_organisation_id: sub.id }).first()).toBeDefined();

    await agent.post('/logout').type('form').send({ _csrf: csrfFrom(back.text) }).expect(302).expect('location', '/login?signed_out=1');
    await agent.get('/').expect(302);
  });

  it('is refused when the shop does not allow it, and ends when the setting is switched off', async () => {
    const { sub, agent } = await family();
    await setSettings({ allow_parent_login_as_child: false });
    expect((await agent.get('/my/sub-customers')).text).not.toContain('/acting"');
    expect((await post(agent, '/my/sub-customers', `/my/sub-customers/${sub.id}/acting`)).status).toBe(403);

    await setSettings({ allow_parent_login_as_child: true });
    await post(agent, '/my/sub-customers', `/my/sub-customers/${sub.id}/acting`);
    expect((await agent.get('/')).text).toContain('Acting as');
    await setSettings({ allow_parent_login_as_child: false });
    expect((await agent.get('/')).text).not.toContain('Acting as');
  });

  it('cannot act as another company\'s sub-customer', async () => {
    const { agent } = await family();
    const other = await family();
    expect((await post(agent, '/my/sub-customers', `/my/sub-customers/${other.sub.id}/acting`)).status).toBe(404);
    expect((await agent.get('/')).text).not.toContain('Acting as');
  });
});

describe('"sub-customers may log in"', () => {
  it('when off, a sub-customer\'s login is refused with a clear message and open sessions end; main customers are unaffected', async () => {
    const { sub, mainAdmin } = await family();
    const subUser = await createUser(t.db, { organisation_id: sub.id });
    const subAgent = await signIn(t.app, subUser.email);
    const staffAdmin = await signIn(t.app, (await createUser(t.db, { staff_role: 'staff_admin', organisation_id: null })).email);
    await submitForm(staffAdmin, '/admin/settings', '/admin/settings', { allow_parent_login_as_child: 'on' });
    await subAgent.get('/').expect(302);
    const refused = await submitForm(request.agent(t.app), '/login', '/login', { email: subUser.email, password: TEST_PASSWORD });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Sub-customer logins are not open in this shop.');
    await signIn(t.app, mainAdmin.email);
  });
});
