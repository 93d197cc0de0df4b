import { readFileSync } from 'node:fs';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAdmin, createOrganisation, createStaff, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();
beforeEach(() => t.mail.clear());

async function adminOfNewCompany() {
  const org = await createOrganisation(t.db);
  const admin = await createAdmin(t.db, { organisation_id: org.id });
  return { org, admin, agent: await signIn(t.app, admin.email) };
}

async function post(agent: Agent, page: string, action: string, fields: Record<string, string | string[]> = {}) {
  const form = await agent.get(page).expect(200);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(form.text), ...fields });
}

describe('a company admin creates users', () => {
  it('creates a login with the ticked permissions and e-mails a link to choose a password, in the user\'s language', async () => {
    const { org, agent } = await adminOfNewCompany();
    const response = await post(agent, '/my/users/new', '/my/users', {
      name: 'Nils Nordmann', email: 'nils@example.no', phone: '+47 123', locale: 'nb', permissions: ['place_orders', 'view_prices'],
    });
    expect(response.status).toBe(302);
    const row = await t.db('users').whereRaw('lower(email) = ?', ['nils@example.no']).first();
    expect(row).toMatchObject({ organisation_id: org.id, name: 'Nils Nordmann', locale: 'nb', permissions: ['place_orders', 'view_prices'], password_hash: null });
    const audit = await t.db('audit_events').where({ action: 'user.created', subject_id: String(row.id) }).first();
    expect(audit.organisation_id).toBe(org.id);

    await t.deliverMail();
    const mail = await t.mail.waitFor((m) => m.to.includes('nils@example.no'));
    expect(mail.subject).not.toBe('Your login for Nordic B2B Shop');
    const link = /\/password\/reset\/[\w-]+/.exec(mail.text)![0];
    // The page speaks the new user's language, whatever the browser says.
    const page = await request(t.app).get(link).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('lang="nb"');
    expect(page.text).toContain(JSON.parse(readFileSync('locales/nb.json', 'utf8')).password.invite_title);
    await submitForm(request.agent(t.app), link, link, { password: 'nils-new-password', password_confirmation: 'nils-new-password' });
    const nils = await signIn(t.app, 'nils@example.no', 'nils-new-password');
    await nils.get('/').expect(200);
    await nils.get('/my/users').expect(403);
  });

  it('refuses a taken e-mail address beside the field, keeps what was typed and saves nothing', async () => {
    const { agent } = await adminOfNewCompany();
    const other = await createUser(t.db);
    const before = await t.db('users').count('* as n').first();
    const response = await post(agent, '/my/users/new', '/my/users', { name: 'Dup', email: other.email.toUpperCase(), locale: 'en', permissions: 'view_prices' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('This e-mail address already has a login in the shop.');
    expect(response.text).toContain('value="Dup"');
    expect(response.text).toMatch(/value="view_prices" checked/);
    expect(await t.db('users').count('* as n').first()).toEqual(before);
  });

  it('refuses an empty name, a bad address, an unknown language or permission with messages by the fields', async () => {
    const { agent } = await adminOfNewCompany();
    const response = await post(agent, '/my/users/new', '/my/users', { name: ' ', email: 'nope', locale: 'fi', permissions: ['hack_the_shop'] });
    expect(response.status).toBe(422);
    for (const field of ['name', 'email', 'locale', 'permissions']) expect(response.text).toContain(`id="field-${field}-error"`);
  });
});

describe('a company admin edits, disables and deletes users', () => {
  it('saves changed permissions and records before and after', async () => {
    const { org, agent } = await adminOfNewCompany();
    const buyer = await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders'] });
    const response = await post(agent, `/my/users/${buyer.id}/edit`, `/my/users/${buyer.id}`, {
      name: 'Renamed', email: buyer.email, locale: 'sv', permissions: ['view_prices', 'approve_orders'],
    });
    expect(response.status).toBe(302);
    expect(await t.db('users').where({ id: buyer.id }).first('name', 'permissions')).toEqual({ name: 'Renamed', permissions: ['view_prices', 'approve_orders'] });
    const audit = await t.db('audit_events').where({ action: 'user.updated', subject_id: String(buyer.id) }).first();
    expect(audit.before.permissions).toEqual(['place_orders']);
    expect(audit.after.permissions).toEqual(['view_prices', 'approve_orders']);
  });

  it('a login that follows its browser\'s language keeps doing so when the admin saves it unchanged', async () => {
    const { org, agent } = await adminOfNewCompany();
    const buyer = await createUser(t.db, { organisation_id: org.id, locale: null });
    const form = await agent.get(`/my/users/${buyer.id}/edit`).expect(200);
    expect(form.text).toMatch(/<option value="" selected>The browser&#39;s language<\/option>/);
    const fields = { name: buyer.name, email: buyer.email, permissions: ['place_orders', 'view_orders', 'view_prices'] };
    expect((await post(agent, `/my/users/${buyer.id}/edit`, `/my/users/${buyer.id}`, { ...fields, locale: '' })).status).toBe(302);
    expect((await t.db('users').where({ id: buyer.id }).first('locale')).locale).toBeNull();
    expect((await post(agent, `/my/users/${buyer.id}/edit`, `/my/users/${buyer.id}`, { ...fields, locale: 'nb' })).status).toBe(302);
    expect((await t.db('users').where({ id: buyer.id }).first('locale')).locale).toBe('nb');
    // A new login left to its browser is invited in its (Swedish) customer's language.
    expect((await post(agent, '/my/users/new', '/my/users', { name: 'Vera Webb', email: 'vera@example.se', locale: '', permissions: 'place_orders' })).status).toBe(302);
    expect(await t.db('outbox_emails').where({ to_address: 'vera@example.se' }).select('template', 'locale')).toEqual([{ template: 'invite', locale: 'sv' }]);
  });

  it('the last admin cannot take away their own admin rights, disable or delete themselves', async () => {
    const { admin, agent } = await adminOfNewCompany();
    const edit = await post(agent, `/my/users/${admin.id}/edit`, `/my/users/${admin.id}`, { name: 'Me', email: admin.email, locale: 'en', permissions: ['place_orders'] });
    expect(edit.status).toBe(422);
    expect(edit.text).toContain('at least one active user who may manage users');
    await post(agent, '/my/users', `/my/users/${admin.id}/disabling`).then((r) => expect(r.status).toBe(302));
    await post(agent, `/my/users/${admin.id}/deletion`, `/my/users/${admin.id}/deletion`).then((r) => expect(r.status).toBe(302));
    const row = await t.db('users').where({ id: admin.id }).first();
    expect(row.disabled_at).toBeNull();
    expect(row.permissions).toContain('manage_users');
    expect((await agent.get('/my/users')).text).toContain('at least one active user who may manage users');
  });

  it('with a second admin who can sign in, an admin may step down; an invited one does not count', async () => {
    const { org, admin, agent } = await adminOfNewCompany();
    await createAdmin(t.db, { organisation_id: org.id, password_hash: null });
    const refused = await post(agent, `/my/users/${admin.id}/edit`, `/my/users/${admin.id}`, { name: 'Me', email: admin.email, locale: 'en', permissions: ['place_orders'] });
    expect(refused.status).toBe(422);
    await createAdmin(t.db, { organisation_id: org.id });
    const edit = await post(agent, `/my/users/${admin.id}/edit`, `/my/users/${admin.id}`, { name: 'Me', email: admin.email, locale: 'en', permissions: ['place_orders'] });
    expect(edit.status).toBe(302);
    expect(edit.headers.location).toBe('/');
  });

  it('disabling signs the user out and keeps them out; enabling lets them back in', async () => {
    const { org, agent } = await adminOfNewCompany();
    const buyer = await createUser(t.db, { organisation_id: org.id });
    const buyerAgent = await signIn(t.app, buyer.email);
    await post(agent, '/my/users', `/my/users/${buyer.id}/disabling`).then((r) => expect(r.status).toBe(302));
    await buyerAgent.get('/my').expect(302);
    await expect(signIn(t.app, buyer.email)).rejects.toThrow('422');
    await post(agent, '/my/users', `/my/users/${buyer.id}/enabling`);
    await signIn(t.app, buyer.email);
  });

  it('disabling an approver says whom it leaves without one', async () => {
    const { org, agent } = await adminOfNewCompany();
    const approver = await createUser(t.db, { organisation_id: org.id, name: 'Away Approver', permissions: ['approve_orders'] });
    const buyer = await createUser(t.db, { organisation_id: org.id, approver_id: approver.id });
    await createUser(t.db, { organisation_id: org.id, approver_id: approver.id });
    await createUser(t.db, { organisation_id: org.id, approver_id: approver.id, disabled_at: new Date() });
    await post(agent, '/my/users', `/my/users/${approver.id}/disabling`).then((r) => expect(r.status).toBe(302));
    expect((await agent.get('/my/users')).text).toContain('2 buyers name them as approver: until you choose another, those buyers&#39; orders, and those already waiting, go to the administrators.');
    // The buyer's form still names them, saying so; saving another field keeps them.
    const form = await agent.get(`/my/users/${buyer.id}/approval`).expect(200);
    expect(form.text).toMatch(new RegExp(`<option value="${approver.id}" selected>Away Approver \\([^)]+\\) · can no longer approve: the administrators decide meanwhile</option>`));
    await post(agent, `/my/users/${buyer.id}/approval`, `/my/users/${buyer.id}/approval`, { approval_mode: 'always', approver_id: String(approver.id), order_limit: '500' }).then((r) => expect(r.status).toBe(302));
    expect(await t.db('users').where({ id: buyer.id }).first('approver_id', 'approval_mode')).toEqual({ approver_id: approver.id, approval_mode: 'always' });
  });

  it('deleting an approver says what it leaves to the admins; a rule of theirs the admins have already goes instead of turning into its twin', async () => {
    const { org, agent } = await adminOfNewCompany();
    const approver = await createUser(t.db, { organisation_id: org.id, name: 'Leaving Approver', permissions: ['approve_orders'] });
    await createUser(t.db, { organisation_id: org.id, approver_id: approver.id });
    await t.db('approval_rules').insert([
      { organisation_id: org.id, kind: 'total_at_least', amount: 100000, approver_id: null },
      { organisation_id: org.id, kind: 'total_at_least', amount: 100000, approver_id: approver.id },
      { organisation_id: org.id, kind: 'total_at_least', amount: 500000, approver_id: approver.id },
    ]);
    const confirm = await agent.get(`/my/users/${approver.id}/deletion`).expect(200);
    expect(confirm.text).toContain('Leaving Approver is the approver of 1 buyer.');
    expect(confirm.text).toContain('Leaving Approver is named in 2 approval rules.');
    await agent.post(`/my/users/${approver.id}/deletion`).type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(302);
    expect(await t.db('approval_rules').where({ organisation_id: org.id }).orderBy('amount').select('amount', 'approver_id')).toEqual([
      { amount: 100000, approver_id: null }, { amount: 500000, approver_id: null },
    ]);
    expect(await t.db('audit_events').where({ organisation_id: org.id, action: 'approval.rule_removed' }).select('before')).toEqual([{ before: { kind: 'total_at_least', amount: 100000, category_id: null, approver_id: approver.id } }]);
  });

  it('deleting asks first, then removes the login and records it', async () => {
    const { org, agent } = await adminOfNewCompany();
    const buyer = await createUser(t.db, { organisation_id: org.id, name: 'Gone Soon' });
    const confirm = await agent.get(`/my/users/${buyer.id}/deletion`).expect(200);
    expect(confirm.text).toContain('Gone Soon');
    expect(await t.db('users').where({ id: buyer.id }).first()).toBeDefined();
    await agent.post(`/my/users/${buyer.id}/deletion`).type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(302);
    expect(await t.db('users').where({ id: buyer.id }).first()).toBeUndefined();
    expect(await t.db('audit_events').where({ action: 'user.deleted', subject_id: String(buyer.id) }).first()).toBeDefined();
  });
});

describe('who may manage users', () => {
  it('refuses a visitor, a user without the permission, staff, and an admin of another company', async () => {
    const { org } = await adminOfNewCompany();
    const victim = await createUser(t.db, { organisation_id: org.id, name: 'Victim' });
    await request(t.app).get('/my/users').expect(302).expect('location', '/login?next=%2Fmy%2Fusers');

    const buyer = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders'] })).email);
    await buyer.get('/my/users').expect(403);
    await buyer.get(`/my/users/${victim.id}/edit`).expect(403);

    const staff = await signIn(t.app, (await createStaff(t.db)).email);
    await staff.get('/my/users').expect(403);

    const stranger = (await adminOfNewCompany()).agent;
    const list = await stranger.get('/my/users').expect(200);
    expect(list.text).not.toContain('Victim');
    await stranger.get(`/my/users/${victim.id}/edit`).expect(404);
    await stranger.get(`/my/users/${victim.id}/deletion`).expect(404);
    const token = csrfFrom(list.text);
    await stranger.post(`/my/users/${victim.id}`).type('form').send({ _csrf: token, name: 'Hijacked', email: 'x@example.com', locale: 'en' }).expect(404);
    await stranger.post(`/my/users/${victim.id}/disabling`).type('form').send({ _csrf: token }).expect(404);
    await stranger.post(`/my/users/${victim.id}/deletion`).type('form').send({ _csrf: token }).expect(404);
    await stranger.get('/my/users/not-a-number/edit').expect(404);
    const row = await t.db('users').where({ id: victim.id }).first();
    expect(row).toMatchObject({ name: 'Victim', disabled_at: null });
  });
});
