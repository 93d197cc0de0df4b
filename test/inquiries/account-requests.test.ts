import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createStaff, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

const t = useTestApp();
let staff: Agent;
beforeAll(async () => {
  staff = await signIn(t.app, (await createStaff(t.db)).email);
});

const requestFields = (overrides: Record<string, string> = {}) => ({
  company_name: 'Bergen Kontor AS', organisation_number: '912 345 678', country: 'no', contact_name: 'Kari Nordmann',
  email: 'kari@bergen-kontor.example', phone: '+47 55 00 00 00', message: 'Vi vil handle hos dere.', ...overrides,
});

async function sendRequest(fields: Record<string, string>, language = 'nb') {
  const agent = request.agent(t.app);
  const page = await agent.get('/request-account').set('Accept-Language', language).expect(200);
  return agent.post('/request-account').set('Accept-Language', language).type('form').send({ _csrf: csrfFrom(page.text), ...fields });
}

describe('a company without an account asks for one', () => {
  it('the request reaches staff with the visitor\'s language', async () => {
    expect((await request(t.app).get('/login')).text).toContain('href="/request-account"');
    const response = await sendRequest(requestFields());
    expect(response.status).toBe(302);
    const row = await t.db('inquiries').where({ email: 'kari@bergen-kontor.example' }).first();
    expect(row).toMatchObject({ kind: 'account_request', status: 'open', country: 'NO', locale: 'nb', company_name: 'Bergen Kontor AS' });
    expect((await staff.get('/admin/inquiries').expect(200)).text).toContain('Bergen Kontor AS');
    const open = await t.db('inquiries').where({ status: 'open' }).count('* as n').first();
    expect((await staff.get('/admin').expect(200)).text).toContain(`${open!.n} open request`);
  });

  it('missing fields come back with messages by the fields, nothing stored', async () => {
    const before = await t.db('inquiries').count('* as n').first();
    const response = await sendRequest(requestFields({ company_name: '', email: 'not-mail', country: 'Norge' }), 'en');
    expect(response.status).toBe(422);
    for (const field of ['company_name', 'email', 'country']) expect(response.text).toContain(`id="field-${field}-error"`);
    expect(response.text).toContain('value="Kari Nordmann"');
    expect(await t.db('inquiries').count('* as n').first()).toEqual(before);
  });
});

describe('staff turn a request into an account', () => {
  it('creates the customer and its admin in one step; the admin is invited in the request\'s language', async () => {
    await sendRequest(requestFields({ company_name: 'Stavanger Data AS', email: 'ola@stavanger.example', contact_name: 'Ola' }));
    const inquiry = await t.db('inquiries').where({ email: 'ola@stavanger.example' }).first();
    const page = await staff.get(`/admin/inquiries/${inquiry.id}`).expect(200);
    expect(page.text).toContain('value="Stavanger Data AS"');
    const response = await staff.post(`/admin/inquiries/${inquiry.id}/conversion`).type('form').send({
      _csrf: csrfFrom(page.text), name: 'Stavanger Data AS', country: 'NO', organisation_number: '912 345 678', admin_name: 'Ola Nordmann', admin_email: 'ola@stavanger.example',
    });
    expect(response.status).toBe(302);
    const org = await t.db('organisations').where({ name: 'Stavanger Data AS' }).first();
    expect(response.headers.location).toBe(`/admin/customers/${org.id}`);
    const admin = await t.db('users').where({ organisation_id: org.id }).first();
    expect(admin).toMatchObject({ email: 'ola@stavanger.example', locale: 'nb', password_hash: null });
    expect(admin.permissions).toContain('manage_users');
    expect(await t.db('inquiries').where({ id: inquiry.id }).first()).toMatchObject({ status: 'converted', converted_organisation_id: org.id });
    await t.deliverMail();
    const mail = await t.mail.waitFor((m) => m.to.includes('ola@stavanger.example'));
    expect(mail.text).toContain('/password/reset/');
    // Converting twice is refused, not a second customer.
    const again = await staff.post(`/admin/inquiries/${inquiry.id}/conversion`).type('form').send({
      _csrf: csrfFrom(page.text), name: 'Stavanger Data AS', country: 'NO', organisation_number: '', admin_name: 'Ola', admin_email: 'other@stavanger.example',
    });
    expect(again.status).toBe(409);
    expect(await t.db('organisations').where({ name: 'Stavanger Data AS' }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('an admin e-mail that already has a login is refused by the field and no customer is created', async () => {
    const existing = await createUser(t.db);
    await sendRequest(requestFields({ company_name: 'Taken Mail AS', email: 'taken@example.no' }));
    const inquiry = await t.db('inquiries').where({ email: 'taken@example.no' }).first();
    const page = await staff.get(`/admin/inquiries/${inquiry.id}`);
    const response = await staff.post(`/admin/inquiries/${inquiry.id}/conversion`).type('form').send({
      _csrf: csrfFrom(page.text), name: 'Taken Mail AS', country: 'NO', organisation_number: '', admin_name: 'X', admin_email: existing.email,
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-admin_email-error"');
    expect(await t.db('organisations').where({ name: 'Taken Mail AS' }).first()).toBeUndefined();
    expect((await t.db('inquiries').where({ id: inquiry.id }).first()).status).toBe('open');
  });

  it('customers cannot see requests', async () => {
    const admin = await signIn(t.app, (await createAdmin(t.db)).email);
    await admin.get('/admin/inquiries').expect(403);
    await request(t.app).get('/admin/inquiries').expect(302);
  });
});
