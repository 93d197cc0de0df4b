import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createOrganisation, createStaff } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();
let staff: Agent;
beforeAll(async () => {
  staff = await signIn(t.app, (await createStaff(t.db)).email);
});

const idOf = async (name: string) => (await t.db('price_lists').where({ name }).first('id')).id as number;

describe('staff build the price-list tree (B1)', () => {
  it('a main list first, then country lists and sub lists; bad input is refused by the field', async () => {
    expect((await submitForm(staff, '/admin/price-lists', '/admin/price-lists', { name: 'Main', parent_id: '', country: '', currency: 'sek' })).status).toBe(302);
    const main = await idOf('Main');
    const second = await submitForm(staff, '/admin/price-lists', '/admin/price-lists', { name: 'Another main', parent_id: '', country: '', currency: 'SEK' });
    expect(second.status).toBe(422);
    expect(second.text).toContain('Choose the list this one goes under.');
    await submitForm(staff, '/admin/price-lists', '/admin/price-lists', { name: 'Sweden', parent_id: String(main), country: 'se', currency: 'SEK' });
    await submitForm(staff, '/admin/price-lists', '/admin/price-lists', { name: 'Reseller Sweden', parent_id: String(await idOf('Sweden')), country: '', currency: 'SEK' });
    const dup = await submitForm(staff, '/admin/price-lists', '/admin/price-lists', { name: 'Sweden again', parent_id: String(main), country: 'SE', currency: 'SEK' });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('That country already has its list.');
    const bad = await submitForm(staff, '/admin/price-lists', '/admin/price-lists', { name: '', parent_id: String(main), country: 'Norway', currency: 'kr' });
    expect(bad.status).toBe(422);
    for (const field of ['name', 'country', 'currency']) expect(bad.text).toContain(`id="field-${field}-error"`);
    // The tree's shape: country lists right under the main one, sub lists under a country list in its currency.
    const shapes: [Record<string, string>, string, string][] = [
      [{ name: 'Loose', parent_id: String(main), country: '', currency: 'SEK' }, 'parent_id', 'A list without a country goes under a country list.'],
      [{ name: 'Denmark', parent_id: String(await idOf('Reseller Sweden')), country: 'DK', currency: 'DKK' }, 'parent_id', 'A country list goes right under the main list.'],
      [{ name: 'Reseller in kroner', parent_id: String(await idOf('Sweden')), country: '', currency: 'NOK' }, 'currency', 'A sub list has the currency of its country list.'],
    ];
    for (const [fields, field, message] of shapes) {
      const refused = await submitForm(staff, '/admin/price-lists', '/admin/price-lists', fields);
      expect(refused.status).toBe(422);
      expect(refused.text).toContain(`id="field-${field}-error">${message}`);
    }
    const page = await staff.get('/admin/price-lists').expect(200);
    expect(page.text).toMatch(/tree-depth-2">Reseller Sweden/);
    expect(await t.db('price_lists').count('* as n').first()).toEqual({ n: 3 });
  });

  it('the customer card shows which list applies and why; staff choose one, or hand it back to the rules', async () => {
    const org = await createOrganisation(t.db, { country: 'SE' });
    const card = await staff.get(`/admin/customers/${org.id}`).expect(200);
    expect(card.text).toContain('Uses Sweden (SEK)');
    expect(card.text).toContain('its country&#39;s list');
    const reseller = String(await idOf('Reseller Sweden'));
    expect((await submitForm(staff, `/admin/customers/${org.id}`, `/admin/customers/${org.id}/price-list`, { price_list_id: reseller })).status).toBe(302);
    expect((await staff.get(`/admin/customers/${org.id}`)).text).toContain('Uses Reseller Sweden (SEK)');
    expect(await t.db('audit_events').where({ organisation_id: org.id, action: 'customer.price_list_changed' }).first()).toBeDefined();
    await submitForm(staff, `/admin/customers/${org.id}`, `/admin/customers/${org.id}/price-list`, { price_list_id: '' });
    expect((await t.db('organisations').where({ id: org.id }).first()).price_list_id).toBeNull();
    const bad = await submitForm(staff, `/admin/customers/${org.id}`, `/admin/customers/${org.id}/price-list`, { price_list_id: '999999' });
    expect(bad.status).toBe(422);
    // A list in another currency is asked first: nothing the customer has in SEK is converted.
    const [{ id: euro }] = await t.db('price_lists').insert({ name: 'Euro', currency: 'EUR', parent_id: await idOf('Main') }).returning('id');
    const asked = await submitForm(staff, `/admin/customers/${org.id}`, `/admin/customers/${org.id}/price-list`, { price_list_id: String(euro) });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Euro is in EUR, this customer&#39;s prices so far in SEK. Budgets, order limits and approval amounts are not converted');
    expect((await t.db('organisations').where({ id: org.id }).first()).price_list_id).toBeNull();
    expect((await staff.post(`/admin/customers/${org.id}/price-list`).type('form').send({ _csrf: csrfFrom(asked.text), price_list_id: String(euro), confirm: '1' })).status).toBe(302);
    expect((await t.db('organisations').where({ id: org.id }).first()).price_list_id).toBe(euro);
    await t.db('organisations').where({ id: org.id }).update({ price_list_id: null });
    await t.db('price_lists').where({ id: euro }).delete();
  });

  it('customers never choose price lists', async () => {
    const org = await createOrganisation(t.db);
    const admin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: org.id })).email);
    await admin.get('/admin/price-lists').expect(403);
    const token = /name="_csrf" value="([^"]+)"/.exec((await admin.get('/my')).text)![1];
    await admin.post(`/admin/customers/${org.id}/price-list`).type('form').send({ _csrf: token, price_list_id: '' }).expect(403);
    await request(t.app).get('/admin/price-lists').expect(302);
  });
});
