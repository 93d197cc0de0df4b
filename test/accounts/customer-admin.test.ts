import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createOrder, createOrganisation, createStaff, createStaffAdmin, createUser } from '../factories/index.ts';
import { renderTemplate } from '../../src/web/views.ts';
import { translatorFor } from '../../src/web/i18n.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

const t = useTestApp();
let staff: Agent;
let staffAdmin: Agent;
beforeAll(async () => {
  staff = await signIn(t.app, (await createStaff(t.db)).email);
  staffAdmin = await signIn(t.app, (await createStaffAdmin(t.db)).email);
});

async function post(agent: Agent, page: string, action: string, fields: Record<string, string | string[]> = {}) {
  const form = await agent.get(page).expect(200);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(form.text), ...fields });
}

const customerFields = (overrides: Record<string, string> = {}) => ({ name: 'Fjord Handel AS', customer_number: '', kind: 'company', country: 'no', organisation_number: '987 654 321', phone: '', email: '', extra_order_copy_email: '', ...overrides });

describe('staff find and keep customers', () => {
  it('finds customers by any part of the name or the customer number', async () => {
    await createOrganisation(t.db, { name: 'Kontorsvaruhuset Malmö AB', customer_number: 'K-7731' });
    expect((await staff.get('/admin/customers?q=varuhuset').expect(200)).text).toContain('Kontorsvaruhuset Malmö AB');
    expect((await staff.get('/admin/customers?q=7731').expect(200)).text).toContain('Kontorsvaruhuset Malmö AB');
    expect((await staff.get('/admin/customers?q=MALMO').expect(200)).text).toContain('Kontorsvaruhuset Malmö AB');
    expect((await staff.get('/admin/customers?q=100%25').expect(200)).text).toContain('No customer matches.');
    expect((await staff.get('/admin/customers?q=nothing-like-this').expect(200)).text).toContain('No customer matches.');
  });

  it('creates a customer with the next free number and records it', async () => {
    const response = await post(staff, '/admin/customers/new', '/admin/customers', customerFields({ invoice_customer: 'on' }));
    expect(response.status).toBe(302);
    const id = Number(response.headers.location.split('/').pop());
    const row = await t.db('organisations').where({ id }).first();
    expect(row).toMatchObject({ name: 'Fjord Handel AS', country: 'NO', kind: 'company', invoice_customer: true, allow_child_delivery_address: false });
    expect(row.customer_number).toMatch(/^\d+$/);
    expect(await t.db('audit_events').where({ organisation_id: id, action: 'customer.created' }).first()).toBeDefined();
    expect((await staff.get(`/admin/customers/${id}`).expect(200)).text).toContain('Customer created');
  });

  it('automatic numbers skip numbers already given by hand', async () => {
    const { rows } = await t.db.raw(`SELECT last_value + 1 AS next FROM customer_numbers`);
    await createOrganisation(t.db, { customer_number: String(rows[0].next) });
    const response = await post(staff, '/admin/customers/new', '/admin/customers', customerFields({ name: 'Numbered AB' }));
    expect(response.status).toBe(302);
    expect((await t.db('organisations').where({ name: 'Numbered AB' }).first()).customer_number).toBe(String(Number(rows[0].next) + 1));
    // A deleted customer's number stays with its orders: neither the sequence nor staff give it again.
    const { rows: after } = await t.db.raw(`SELECT last_value + 1 AS next FROM customer_numbers`);
    const gone = await createOrganisation(t.db, { customer_number: String(after[0].next) });
    await createOrder(t.db, { organisation_id: gone.id });
    await t.db('organisations').where({ id: gone.id }).delete();
    expect((await post(staff, '/admin/customers/new', '/admin/customers', customerFields({ name: 'After Gone AB' }))).status).toBe(302);
    expect((await t.db('organisations').where({ name: 'After Gone AB' }).first()).customer_number).toBe(String(Number(after[0].next) + 1));
    const typed = await post(staff, '/admin/customers/new', '/admin/customers', customerFields({ name: 'Typed AB', customer_number: String(after[0].next) }));
    expect(typed.status).toBe(422);
    expect(typed.text).toMatch(/id="field-customer_number-error">Another customer has, or had, this number/);
  });

  it('refuses a taken customer number, a bad country and a bad e-mail beside the fields, keeping the values', async () => {
    const existing = await createOrganisation(t.db);
    const count = await t.db('organisations').count('* as n').first();
    const response = await post(staff, '/admin/customers/new', '/admin/customers', customerFields({ customer_number: existing.customer_number }));
    expect(response.status).toBe(422);
    expect(response.text).toContain('Another customer has, or had, this number: orders carry it.');
    expect(response.text).toContain('value="Fjord Handel AS"');
    const bad = await post(staff, '/admin/customers/new', '/admin/customers', customerFields({ country: 'Norway', email: 'nope', name: '' }));
    expect(bad.status).toBe(422);
    for (const field of ['country', 'email', 'name']) expect(bad.text).toContain(`id="field-${field}-error"`);
    expect(await t.db('organisations').count('* as n').first()).toEqual(count);
  });

  it('edits a customer, records before and after, and keeps the number when left empty', async () => {
    const org = await createOrganisation(t.db, { name: 'Old Name AB' });
    const response = await post(staff, `/admin/customers/${org.id}/edit`, `/admin/customers/${org.id}`, customerFields({ name: 'New Name AB', country: 'SE', extra_order_copy_email: 'copies@example.com' }));
    expect(response.status).toBe(302);
    expect(await t.db('organisations').where({ id: org.id }).first()).toMatchObject({ name: 'New Name AB', customer_number: org.customer_number, extra_order_copy_email: 'copies@example.com' });
    const audit = await t.db('audit_events').where({ organisation_id: org.id, action: 'customer.updated' }).first();
    expect(audit.before.name).toBe('Old Name AB');
    expect(audit.after.name).toBe('New Name AB');
  });

  it('turning off "sub-customers may give a delivery address" removes the addresses they gave (A6)', async () => {
    const main = await createOrganisation(t.db, { allow_child_delivery_address: true });
    const sub = await createOrganisation(t.db, { parent_id: main.id });
    const address = { name: 'X', line1: 'Gatan 1', postal_code: '111 11', city: 'Stockholm', country: 'SE', kind: 'delivery' };
    await t.db('addresses').insert([{ ...address, organisation_id: sub.id, added_by_sub_customer: true }, { ...address, organisation_id: sub.id, is_default: true }]);
    await post(staff, `/admin/customers/${main.id}/edit`, `/admin/customers/${main.id}`, customerFields({ name: 'Main AB', country: 'SE' }));
    expect(await t.db('addresses').where({ organisation_id: sub.id }).select('added_by_sub_customer')).toEqual([{ added_by_sub_customer: false }]);
  });
});

describe('main and sub-customers', () => {
  it('links a sub-customer found by search, shows the link both ways, and unlinks it', async () => {
    const main = await createOrganisation(t.db, { name: 'Huvudkund AB' });
    const sub = await createOrganisation(t.db, { name: 'Underkund Kalle', kind: 'person' });
    const search = await staff.get(`/admin/customers/${main.id}?link_q=${encodeURIComponent('Underkund Kalle')}`).expect(200);
    expect(search.text).toContain(`name="child_id" value="${sub.id}"`);
    await staff.post(`/admin/customers/${main.id}/sub-customers`).type('form').send({ _csrf: csrfFrom(search.text), child_id: String(sub.id) }).expect(302);
    expect((await t.db('organisations').where({ id: sub.id }).first()).parent_id).toBe(main.id);
    expect((await staff.get(`/admin/customers/${main.id}`)).text).toContain(`href="/admin/customers/${sub.id}"`);
    expect((await staff.get(`/admin/customers/${sub.id}`)).text).toContain(`href="/admin/customers/${main.id}"`);
    await post(staff, `/admin/customers/${main.id}`, `/admin/customers/${main.id}/sub-customers/${sub.id}/removal`).then((r) => expect(r.status).toBe(302));
    expect((await t.db('organisations').where({ id: sub.id }).first()).parent_id).toBeNull();
  });

  it('refuses links that would break the one-level tree, with a message on the card', async () => {
    const main = await createOrganisation(t.db);
    const otherMain = await createOrganisation(t.db);
    const sub = await createOrganisation(t.db, { parent_id: otherMain.id });
    const cases: [number, number, string][] = [
      [main.id, main.id, 'A customer cannot be its own sub-customer.'],
      [main.id, sub.id, 'That customer already has a main customer.'],
      [main.id, otherMain.id, 'is a main customer with sub-customers of its own'],
      [sub.id, main.id, 'A sub-customer cannot have sub-customers of its own.'],
      [main.id, 99999999, 'That customer does not exist.'],
    ];
    for (const [parentId, childId, message] of cases) {
      const response = await post(staff, `/admin/customers/${parentId}`, `/admin/customers/${parentId}/sub-customers`, { child_id: String(childId) });
      expect(response.status, message).toBe(422);
      expect(response.text).toContain(message);
    }
    expect((await t.db('organisations').where({ id: main.id }).first()).parent_id).toBeNull();
    expect((await t.db('organisations').where({ id: sub.id }).first()).parent_id).toBe(otherMain.id);
  });
});

describe('the back office start page', () => {
  it('counts main and sub-customers, each in its own number', async () => {
    const t1 = translatorFor('en');
    const tile = async (main: number, sub: number) => /tile__text">([^<]*customer[^<]*)</.exec(await renderTemplate('home/staff.ejs', { t: t1, user: { name: 'S', staff_role: 'staff' }, customers: { main, sub }, openRequests: 0 }))![1];
    expect(await tile(1, 1)).toBe('1 main customer and 1 sub-customer');
    expect(await tile(7, 2)).toBe('7 main customers and 2 sub-customers');
    await staff.get('/admin').expect(200);
  });
});

describe('deleting customers (A9)', () => {
  it('only a staff administrator may delete, after confirming', async () => {
    const org = await createOrganisation(t.db);
    await staff.get(`/admin/customers/${org.id}/deletion`).expect(403);
    const confirm = await staffAdmin.get(`/admin/customers/${org.id}/deletion`).expect(200);
    await staff.post(`/admin/customers/${org.id}/deletion`).type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(403);
    expect(await t.db('organisations').where({ id: org.id }).first()).toBeDefined();
  });

  it('a main customer takes its sub-customers and logins; its orders lose its name, address and phone, except those it placed for a sub-customer', async () => {
    const main = await createOrganisation(t.db, { name: 'Main To Go AB' });
    const sub = await createOrganisation(t.db, { name: 'Sub To Go', parent_id: main.id });
    const mainAdmin = await createAdmin(t.db, { organisation_id: main.id });
    const subBuyer = await createUser(t.db, { organisation_id: sub.id });
    const ownOrder = await createOrder(t.db, { organisation_id: main.id });
    const forSub = await createOrder(t.db, { organisation_id: sub.id, placed_by: mainAdmin.id, placed_by_organisation_id: main.id, customer_name: 'Sub To Go' });

    await post(staffAdmin, `/admin/customers/${main.id}/deletion`, `/admin/customers/${main.id}/deletion`).then((r) => expect(r.status).toBe(302));

    expect(await t.db('organisations').whereIn('id', [main.id, sub.id])).toEqual([]);
    expect(await t.db('users').whereIn('id', [mainAdmin.id, subBuyer.id])).toEqual([]);
    expect(await t.db('orders').where({ id: ownOrder.id }).first()).toMatchObject({ customer_name: null, customer_phone: null, billing_address: null, organisation_id: null });
    const kept = await t.db('orders').where({ id: forSub.id }).first();
    expect(kept).toMatchObject({ customer_name: 'Sub To Go', customer_phone: '+46 8 123 45' });
    expect(kept.billing_address).toEqual({ line1: 'Storgatan 1', city: 'Stockholm' });
    expect(await t.db('audit_events').where({ action: 'customer.deleted' }).whereIn('organisation_id', [main.id, sub.id]).count('* as n').first()).toEqual({ n: 2 });
  });

  it('a sub-customer\'s orders move to its main customer; one still waiting for approval is withdrawn, not left to wait for ever', async () => {
    const main = await createOrganisation(t.db);
    const sub = await createOrganisation(t.db, { parent_id: main.id });
    const mainApprover = await createUser(t.db, { organisation_id: main.id, permissions: ['approve_orders'] });
    const subApprover = await createUser(t.db, { organisation_id: sub.id, permissions: ['approve_orders'] });
    const order = await createOrder(t.db, { organisation_id: sub.id });
    const waiting = await createOrder(t.db, { organisation_id: sub.id, status: 'awaiting_approval' });
    await t.db('approval_requests').insert([mainApprover, subApprover].map((a) => ({ order_id: waiting.id, organisation_id: sub.id, approver_id: a.id, reasons: JSON.stringify([{ code: 'always', params: {}, lines: null }]) })));
    const page = await staffAdmin.get(`/admin/customers/${sub.id}/deletion`).expect(200);
    expect(page.text).toContain('Orders still waiting for approval are withdrawn.');
    await staffAdmin.post(`/admin/customers/${sub.id}/deletion`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    expect(await t.db('orders').where({ id: order.id }).first()).toMatchObject({ organisation_id: main.id, customer_name: expect.any(String), status: 'processing' });
    expect(await t.db('orders').where({ id: waiting.id }).first()).toMatchObject({ organisation_id: main.id, status: 'withdrawn' });
    expect(await t.db('approval_requests').where({ order_id: waiting.id }).first('status')).toEqual({ status: 'withdrawn' });
    expect(await t.db('audit_events').where({ action: 'order.withdrawn', subject_id: String(waiting.number) }).first('after')).toEqual({ after: { reason: 'customer_deleted' } });
    // The main customer's approver it waited for is told; the sub-customer's, deleted with it, is not.
    const told = await t.db('outbox_emails').where({ template: 'order-withdrawn' }).whereIn('to_address', [mainApprover.email, subApprover.email]).select('to_address', 'text');
    expect(told.map((m) => m.to_address)).toEqual([mainApprover.email]);
    expect(told[0].text).toContain('drogs tillbaka medan den väntade på ditt beslut: butiken har tagit bort kunden');
    expect(await t.db('organisations').where({ id: main.id }).first()).toBeDefined();
  });
});

describe('shop settings and who may reach the back office', () => {
  it('a staff administrator switches settings; plain staff may not', async () => {
    await staff.get('/admin/settings').expect(403);
    const response = await post(staffAdmin, '/admin/settings', '/admin/settings', { allow_parent_login_as_child: 'on', order_mail_to_parent_only: 'on', account_required_text_sv: 'Du behöver ett konto.' });
    expect(response.status).toBe(302);
    expect(await t.db('shop_settings').first()).toMatchObject({ allow_parent_login_as_child: true, allow_child_login: false, order_mail_to_parent_only: true, account_required_text: { en: '', sv: 'Du behöver ett konto.', nb: '', de: '' } });
    expect(await t.db('audit_events').where({ action: 'settings.updated' }).first()).toBeDefined();
  });

  it('a visitor is sent to sign in and a customer\'s admin is refused', async () => {
    const org = await createOrganisation(t.db);
    for (const path of ['/admin/customers', `/admin/customers/${org.id}`, '/admin/settings']) {
      await request(t.app).get(path).expect(302);
    }
    const admin = await signIn(t.app, (await createAdmin(t.db)).email);
    for (const path of ['/admin/customers', `/admin/customers/${org.id}`, `/admin/customers/${org.id}/edit`, '/admin/settings']) {
      await admin.get(path).expect(403);
    }
    await staff.get('/admin/customers/999999').expect(404);
    await staff.get('/admin/customers/abc').expect(404);
  });
});

describe('staff manage a customer\'s logins', () => {
  it('create a login from the customer card, edit it and disable it', async () => {
    const org = await createOrganisation(t.db, { name: 'Login Holder AB' });
    const created = await post(staff, `/admin/customers/${org.id}/users/new`, `/admin/customers/${org.id}/users`, { name: 'Via Staff', email: 'via.staff@example.com', phone: '', locale: 'sv', permissions: 'manage_users' });
    expect(created.status).toBe(302);
    const login = await t.db('users').where({ email: 'via.staff@example.com' }).first();
    expect(login).toMatchObject({ organisation_id: org.id, permissions: ['manage_users'], locale: 'sv' });
    const card = await staff.get(`/admin/customers/${org.id}`).expect(200);
    expect(card.text).toContain('via.staff@example.com');
    expect(card.text).toContain('Login created');

    const edited = await post(staff, `/admin/customers/${org.id}/users/${login.id}/edit`, `/admin/customers/${org.id}/users/${login.id}`, { name: 'Renamed By Staff', email: 'via.staff@example.com', locale: 'sv', permissions: ['manage_users', 'place_orders'] });
    expect(edited.status).toBe(302);
    const bad = await post(staff, `/admin/customers/${org.id}/users/${login.id}/edit`, `/admin/customers/${org.id}/users/${login.id}`, { name: '', email: 'x', locale: 'sv' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="field-email-error"');
    // The edit page's header still shows the signed-in staff member, not the login being edited.
    expect((await staff.get(`/admin/customers/${org.id}/users/${login.id}/edit`)).text).toMatch(/class="user-box__name">Staff Person</);

    // The only admin who can sign in cannot be disabled; a second one makes it possible.
    const { password_hash } = await t.db('users').whereNotNull('password_hash').first('password_hash');
    await t.db('users').where({ id: login.id }).update({ password_hash });
    expect((await post(staff, `/admin/customers/${org.id}`, `/admin/customers/${org.id}/users/${login.id}/disabling`)).status).toBe(302);
    expect((await t.db('users').where({ id: login.id }).first()).disabled_at).toBeNull();
    await createAdmin(t.db, { organisation_id: org.id });
    await post(staff, `/admin/customers/${org.id}`, `/admin/customers/${org.id}/users/${login.id}/disabling`);
    expect((await t.db('users').where({ id: login.id }).first()).disabled_at).not.toBeNull();
  });

  it('delete a login after confirming, but never the customer\'s last admin', async () => {
    const org = await createOrganisation(t.db);
    const admin = await createAdmin(t.db, { organisation_id: org.id });
    const buyer = await createUser(t.db, { organisation_id: org.id, name: 'Leaving Buyer' });
    const confirm = await staff.get(`/admin/customers/${org.id}/users/${buyer.id}/deletion`).expect(200);
    expect(confirm.text).toContain('Leaving Buyer');
    await staff.post(`/admin/customers/${org.id}/users/${buyer.id}/deletion`).type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(302);
    expect(await t.db('users').where({ id: buyer.id }).first()).toBeUndefined();
    await post(staff, `/admin/customers/${org.id}/users/${admin.id}/deletion`, `/admin/customers/${org.id}/users/${admin.id}/deletion`);
    expect(await t.db('users').where({ id: admin.id }).first()).toBeDefined();
  });

  it('a login of another customer is not found under this one', async () => {
    const org = await createOrganisation(t.db);
    const stranger = await createUser(t.db);
    await staff.get(`/admin/customers/${org.id}/users/${stranger.id}/edit`).expect(404);
    await staff.get(`/admin/customers/${org.id}/users/${stranger.id}/deletion`).expect(404);
  });
});
