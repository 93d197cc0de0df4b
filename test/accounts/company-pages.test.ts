import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, createAdmin, createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

const t = useTestApp();

async function post(agent: Agent, page: string, action: string, fields: Record<string, string> = {}) {
  const form = await agent.get(page).expect(200);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(form.text), ...fields });
}

const address = (overrides: Record<string, string> = {}) => ({ name: 'Lager Syd', line1: 'Industrivägen 4', line2: '', postal_code: '211 20', city: 'Malmö', country: 'se', ...overrides });

async function family(options: { allowChildAddresses?: boolean } = {}) {
  const main = await createOrganisation(t.db, { name: 'Main AB', allow_child_delivery_address: options.allowChildAddresses ?? false });
  const sub = await createOrganisation(t.db, { name: 'Sub AB', parent_id: main.id });
  const mainAdmin = await createAdmin(t.db, { organisation_id: main.id });
  const subAdmin = await createAdmin(t.db, { organisation_id: sub.id });
  return { main, sub, mainAdmin: await signIn(t.app, mainAdmin.email), subAdmin: await signIn(t.app, subAdmin.email) };
}

describe('My page: company information and addresses (A11)', () => {
  it('shows the company read-only to everyone, and lets only its admin change the postal address', async () => {
    const org = await createOrganisation(t.db, { name: 'Läsbar AB', organisation_number: '556000-1234', extra_order_copy_email: 'kopior@lasbar.example' });
    const buyer = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders'] })).email);
    const page = await buyer.get('/my/company').expect(200);
    expect(page.text).toContain('556000-1234');
    // Where order copies go is shown (staff set it, A8).
    expect(page.text).toContain('kopior@lasbar.example');
    expect(page.text).not.toContain('action="/my/billing-address"');
    expect((await post(buyer, '/my/company', '/my/billing-address', address())).status).toBe(403);

    const admin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: org.id })).email);
    expect((await post(admin, '/my/company', '/my/billing-address', address({ name: 'Läsbar AB' }))).status).toBe(302);
    expect(await t.db('addresses').where({ organisation_id: org.id, kind: 'billing' }).first()).toMatchObject({ city: 'Malmö', country: 'SE' });
    const bad = await post(admin, '/my/company', '/my/billing-address', address({ city: '', postal_code: '' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="field-city-error"');
    const nonsense = await post(admin, '/my/company', '/my/billing-address', address({ postal_code: 'ABCDE', city: '12345', country: 'ZZ' }));
    expect(nonsense.status).toBe(422);
    for (const field of ['postal_code', 'city', 'country']) expect(nonsense.text).toContain(`id="field-${field}-error"`);
    expect(bad.text).toContain('value="Industrivägen 4"');
    expect((await t.db('addresses').where({ organisation_id: org.id, kind: 'billing' }).first()).city).toBe('Malmö');
  });

  it('an admin adds delivery addresses, keeps one default, edits and removes them', async () => {
    const org = await createOrganisation(t.db);
    const admin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: org.id })).email);
    await post(admin, '/my/addresses', '/my/addresses', address({ name: 'First', is_default: 'on' }));
    await post(admin, '/my/addresses', '/my/addresses', address({ name: 'Second', is_default: 'on' }));
    const rows = await t.db('addresses').where({ organisation_id: org.id, kind: 'delivery' }).orderBy('id');
    expect(rows.map((r) => [r.name, r.is_default])).toEqual([['First', false], ['Second', true]]);
    await post(admin, `/my/addresses/${rows[0].id}/edit`, `/my/addresses/${rows[0].id}`, address({ name: 'First, renamed' }));
    expect((await t.db('addresses').where({ id: rows[0].id }).first()).name).toBe('First, renamed');
    const confirm = await admin.get(`/my/addresses/${rows[1].id}/removal`).expect(200);
    expect(confirm.text).toContain('Remove this delivery address?');
    await post(admin, `/my/addresses/${rows[1].id}/removal`, `/my/addresses/${rows[1].id}/removal`);
    // Removing the default makes the remaining address the default.
    expect(await t.db('addresses').where({ organisation_id: org.id, kind: 'delivery' }).select('id', 'is_default')).toEqual([{ id: rows[0].id, is_default: true }]);
    // The last one stays: without it nobody could check out.
    const last = await post(admin, `/my/addresses/${rows[0].id}/removal`, `/my/addresses/${rows[0].id}/removal`);
    expect(last.status).toBe(409);
    expect(last.text).toContain('This is the only delivery address');
    expect(await t.db('addresses').where({ organisation_id: org.id, kind: 'delivery' })).toHaveLength(1);
  });
});

describe('main and sub-customers on My page (A5, A6, A8)', () => {
  it('a sub-customer cannot change its own billing or delivery data', async () => {
    const { sub, subAdmin } = await family();
    expect((await post(subAdmin, '/my/company', '/my/billing-address', address())).status).toBe(403);
    expect((await post(subAdmin, '/my/addresses', '/my/addresses', address())).status).toBe(403);
    expect(await t.db('addresses').where({ organisation_id: sub.id }).first()).toBeUndefined();
    expect((await subAdmin.get('/my/addresses')).text).toContain('Main AB looks after these details for you.');
  });

  it('when its main customer allows it, a sub-customer adds other delivery addresses, and only those it may change', async () => {
    const { sub, subAdmin, mainAdmin } = await family({ allowChildAddresses: true });
    await post(mainAdmin, `/my/sub-customers/${sub.id}/addresses`, `/my/sub-customers/${sub.id}/addresses`, address({ name: 'Set by main', is_default: 'on' }));
    expect((await post(subAdmin, '/my/addresses', '/my/addresses', address({ name: 'Site office', is_default: 'on' }))).status).toBe(302);
    const rows = await t.db('addresses').where({ organisation_id: sub.id }).orderBy('id');
    expect(rows.map((r) => [r.name, r.added_by_sub_customer, r.is_default])).toEqual([['Set by main', false, true], ['Site office', true, false]]);
    expect((await post(subAdmin, '/my/addresses', `/my/addresses/${rows[0].id}/removal`)).status).toBe(403);
    expect((await post(subAdmin, '/my/addresses', `/my/addresses/${rows[1].id}/removal`)).status).toBe(302);
  });

  it('a main customer edits its sub-customers\' contact data and order-copy e-mail; the sub-customer cannot', async () => {
    const { sub, mainAdmin, subAdmin } = await family();
    const list = await mainAdmin.get('/my/sub-customers').expect(200);
    expect(list.text).toContain('Sub AB');
    const saved = await post(mainAdmin, `/my/sub-customers/${sub.id}`, `/my/sub-customers/${sub.id}`, { name: 'Sub AB', phone: '', email: '', extra_order_copy_email: 'copies@sub.example' });
    expect(saved.status).toBe(302);
    expect((await t.db('organisations').where({ id: sub.id }).first()).extra_order_copy_email).toBe('copies@sub.example');
    const audit = await t.db('audit_events').where({ organisation_id: sub.id, action: 'customer.updated' }).first();
    expect(audit.after.extra_order_copy_email).toBe('copies@sub.example');
    await subAdmin.get('/my/sub-customers').expect(403);
    const own = await subAdmin.get('/my/company').expect(200);
    expect(own.text).not.toContain('name="extra_order_copy_email"');
  });

  it('nobody reaches another company\'s pages by guessing ids, and a sub-customer never its main customer\'s', async () => {
    const { main, sub, subAdmin } = await family();
    const stranger = await signIn(t.app, (await createUser(t.db, { permissions: ALL_PERMISSIONS })).email);
    for (const path of [`/my/sub-customers/${sub.id}`, `/my/sub-customers/${sub.id}/addresses`]) await stranger.get(path).expect(404);
    expect((await post(stranger, '/my/company', `/my/sub-customers/${sub.id}/addresses`, address())).status).toBe(404);
    await subAdmin.get(`/my/sub-customers/${main.id}`).expect(404);
    expect(await t.db('addresses').where({ organisation_id: sub.id }).first()).toBeUndefined();
    await request(t.app).get('/my/company').expect(302);
  });
});

describe('a main customer manages its sub-customers\' logins (A10)', () => {
  it('creates, edits and disables a sub-customer login; the sub-customer cannot, nor can another company', async () => {
    const { sub, mainAdmin } = await family();
    const list = await mainAdmin.get(`/my/sub-customers/${sub.id}/users`).expect(200);
    expect(list.text).toContain('Users of Sub AB');
    expect(list.text).toContain('Everyone who can sign in and order on the account of Sub AB.');
    const created = await post(mainAdmin, `/my/sub-customers/${sub.id}/users/new`, `/my/sub-customers/${sub.id}/users`, { name: 'Sub Buyer', email: 'sub.buyer@example.com', locale: 'sv', permissions: 'place_orders' });
    expect(created.status).toBe(302);
    expect(created.headers.location).toBe(`/my/sub-customers/${sub.id}/users`);
    const login = await t.db('users').where({ email: 'sub.buyer@example.com' }).first();
    expect(login.organisation_id).toBe(sub.id);
    await post(mainAdmin, `/my/sub-customers/${sub.id}/users/${login.id}/edit`, `/my/sub-customers/${sub.id}/users/${login.id}`, { name: 'Sub Buyer Renamed', email: 'sub.buyer@example.com', locale: 'sv', permissions: 'place_orders' });
    expect((await t.db('users').where({ id: login.id }).first()).name).toBe('Sub Buyer Renamed');
    // The sub-customer's only "admin" can be disabled: its logins administer nothing.
    const subAdminRow = await t.db('users').where({ organisation_id: sub.id }).whereNot({ id: login.id }).first();
    await post(mainAdmin, `/my/sub-customers/${sub.id}/users`, `/my/sub-customers/${sub.id}/users/${subAdminRow.id}/disabling`);
    expect((await t.db('users').where({ id: subAdminRow.id }).first()).disabled_at).not.toBeNull();

    const subLogin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: sub.id })).email);
    await subLogin.get(`/my/sub-customers/${sub.id}/users`).expect(403);
    await subLogin.get('/my/users').expect(403);
    const stranger = await signIn(t.app, (await createAdmin(t.db)).email);
    await stranger.get(`/my/sub-customers/${sub.id}/users`).expect(404);
    await stranger.get(`/my/sub-customers/${sub.id}/users/${login.id}/edit`).expect(404);
  });
});
