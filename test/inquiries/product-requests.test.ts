import { describe, expect, it } from 'vitest';
import { createOrganisation, createStaff, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn } from '../support/http.ts';

const t = useTestApp();

describe('"can\'t find it? ask us" (B3)', () => {
  it('a search without hits offers the form; the question reaches staff with the search and the buyer', async () => {
    const org = await createOrganisation(t.db, { name: 'Asking AB' });
    const buyer = await createUser(t.db, { organisation_id: org.id, name: 'Alva Ask', permissions: ['place_orders', 'view_prices', 'use_inquiries'] });
    // Without "use inquiries" there is no form, and a hand-made request is refused.
    const quiet = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id })).email);
    const noForm = await quiet.get('/catalog?q=laminator').set('Accept-Language', 'en').expect(200);
    expect(noForm.text).not.toContain('action="/catalog/product-requests"');
    await quiet.post('/catalog/product-requests').type('form').send({ _csrf: csrfFrom(noForm.text), q: 'laminator', message: 'Please' }).expect(403);
    const agent = await signIn(t.app, buyer.email);
    const page = await agent.get('/catalog?q=laminator').set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('Nothing matches your search.');
    expect(page.text).toContain('find it? Ask us');
    const sent = await agent.post('/catalog/product-requests').type('form').send({ _csrf: csrfFrom(page.text), q: 'laminator', message: 'An A3 laminator, 10 pieces.' });
    expect(sent.status).toBe(302);
    const row = await t.db('inquiries').where({ kind: 'product_request' }).first();
    expect(row).toMatchObject({ organisation_id: org.id, user_id: buyer.id, contact_name: 'Alva Ask', status: 'open' });
    expect(row.message).toContain('laminator');
    expect(row.message).toContain('An A3 laminator, 10 pieces.');

    const staff = await signIn(t.app, (await createStaff(t.db)).email);
    const list = await staff.get('/admin/inquiries').set('Accept-Language', 'en').expect(200);
    expect(list.text).toContain('<h1>Requests</h1>');
    expect(list.text).toContain('Product request from Asking AB');
    const detail = await staff.get(`/admin/inquiries/${row.id}`).set('Accept-Language', 'en').expect(200);
    expect(detail.text).toContain('Product request from Alva Ask');
    expect(detail.text).not.toContain('Create the customer account');
    // The customer it came from, and no warning meant for account requests.
    expect(detail.text).toContain(`<a href="/admin/customers/${org.id}">Asking AB</a>`);
    expect(detail.text).not.toContain('already has a login');
    await staff.post(`/admin/inquiries/${row.id}/closing`).type('form').send({ _csrf: csrfFrom(detail.text) }).expect(302);
    expect((await t.db('inquiries').where({ id: row.id }).first()).status).toBe('closed');
  });

  it('an empty question is not sent', async () => {
    const agent = await signIn(t.app, (await createUser(t.db, { permissions: ['place_orders', 'view_prices', 'use_inquiries'] })).email);
    const page = await agent.get('/catalog');
    const before = await t.db('inquiries').count('* as n').first();
    await agent.post('/catalog/product-requests').type('form').send({ _csrf: csrfFrom(page.text), message: '  ' }).expect(302);
    expect(await t.db('inquiries').count('* as n').first()).toEqual(before);
    expect((await agent.get('/catalog').set('Accept-Language', 'en')).text).toContain('Please write what you are looking for.');
  });
});
