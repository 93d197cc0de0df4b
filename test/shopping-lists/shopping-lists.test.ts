import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

const t = useTestApp();
let org: { id: number };
const listUser = (organisation_id: number, permissions = ['place_orders', 'view_prices', 'use_shopping_lists']) => createUser(t.db, { organisation_id, permissions });

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const products = await t.db('products').insert([
    { sku: 'A4', name: JSON.stringify({ en: 'Paper' }) },
    { sku: 'PEN', name: JSON.stringify({ en: 'Pen' }) },
  ]).returning('id');
  await t.db('prices').insert(products.map((p: { id: number }) => ({ price_list_id: list, product_id: p.id, min_qty: 1, unit_price: 1000 })));
  org = await createOrganisation(t.db);
});

async function post(agent: Agent, page: string, action: string, fields: Record<string, string> = {}) {
  const form = await agent.get(page).expect(200);
  return agent.post(action).set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(form.text), ...fields });
}

describe('shopping lists', () => {
  it('a buyer keeps a named list, shares it, and colleagues use it but do not change it', async () => {
    const owner = await signIn(t.app, (await listUser(org.id)).email);
    const created = await post(owner, '/shopping-lists', '/shopping-lists', { name: 'Monthly office order' });
    expect(created.status).toBe(302);
    // Two of one's lists with one name could not be told apart.
    const twice = await post(owner, '/shopping-lists', '/shopping-lists', { name: 'monthly office order' });
    expect(twice.status).toBe(422);
    expect(twice.text).toMatch(/id="field-name-error">You have a list with this name already\./);
    // A double click makes one list.
    const form = await owner.get('/shopping-lists');
    const both = await Promise.all([1, 2].map(() => owner.post('/shopping-lists').type('form').send({ _csrf: csrfFrom(form.text), name: 'Clicked twice' })));
    expect(both.map((r) => r.status).sort()).toEqual([302, 422]);
    const listPath = created.headers.location;
    expect((await post(owner, listPath, `${listPath}/items`, { sku: 'A4', qty: '10' })).status).toBe(302);
    // As typed, in any case.
    expect((await post(owner, listPath, `${listPath}/items`, { sku: 'pen', qty: '5' })).status).toBe(302);
    const unknown = await post(owner, listPath, `${listPath}/items`, { sku: 'NOPE', qty: '1' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('id="field-sku-error"');
    const zero = await post(owner, listPath, `${listPath}/items`, { sku: 'PEN', qty: '0' });
    expect(zero.status).toBe(422);
    expect(zero.text).toContain('id="field-qty-error"');
    expect(zero.text).toContain('value="PEN"');

    const colleague = await signIn(t.app, (await listUser(org.id)).email);
    await colleague.get(listPath).expect(404);
    await post(owner, listPath, `${listPath}/sharing`, { shared: '1' });
    const seen = await colleague.get(listPath).set('Accept-Language', 'en').expect(200);
    expect(seen.text).toContain('Monthly office order');
    expect(seen.text).not.toContain(`${listPath}/items"`);
    expect((await post(colleague, listPath, `${listPath}/deletion`)).status).toBe(403);

    expect((await post(colleague, listPath, `${listPath}/cart`)).status).toBe(302);
    const cart = await colleague.get('/cart').set('Accept-Language', 'en');
    expect(cart.text).toContain('2 products from the list are in your cart.');
    expect(cart.text).toContain('value="10"');
    expect(cart.text).toContain('value="5"');
    // One no longer sold: said in its own number, beside what went in.
    await t.db('products').where({ sku: 'PEN' }).update({ active: false });
    expect((await post(colleague, listPath, `${listPath}/cart`)).status).toBe(302);
    const again = await colleague.get('/cart').set('Accept-Language', 'en');
    expect(again.text).toContain('1 product from the list is in your cart.');
    expect(again.text).toContain('1 product could not be ordered.');
    await t.db('products').where({ sku: 'PEN' }).update({ active: true });
  });

  it('another company never sees it; a login without the permission has no lists', async () => {
    const owner = await signIn(t.app, (await listUser(org.id)).email);
    const created = await post(owner, '/shopping-lists', '/shopping-lists', { name: 'Private' });
    await post(owner, created.headers.location, `${created.headers.location}/sharing`, { shared: '1' });
    const stranger = await signIn(t.app, (await listUser((await createOrganisation(t.db)).id)).email);
    await stranger.get(created.headers.location).expect(404);
    expect((await stranger.get('/shopping-lists')).text).not.toContain('Private');
    const noPermission = await signIn(t.app, (await listUser(org.id, ['place_orders'])).email);
    await noPermission.get('/shopping-lists').expect(403);
  });

  it('a product page puts the product on one of the buyer\'s own lists', async () => {
    const owner = await signIn(t.app, (await listUser(org.id)).email);
    await post(owner, '/shopping-lists', '/shopping-lists', { name: 'First' });
    const second = await post(owner, '/shopping-lists', '/shopping-lists', { name: 'Second' });
    const secondId = second.headers.location.split('/').pop();
    const product = await owner.get('/catalog/PEN').set('Accept-Language', 'en').expect(200);
    expect(product.text).toContain('Add to shopping list');
    const added = await owner.post('/shopping-lists/items').type('form').send({ _csrf: csrfFrom(product.text), list: secondId, sku: 'PEN', qty: '1' });
    expect(added.status).toBe(302);
    expect(added.headers.location).toBe('/catalog/PEN');
    expect((await owner.get(`/shopping-lists/${secondId}`)).text).toContain('/catalog/PEN"');
  });

  it('an empty name is refused by the field', async () => {
    const owner = await signIn(t.app, (await listUser(org.id)).email);
    const response = await post(owner, '/shopping-lists', '/shopping-lists', { name: ' ' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-name-error"');
  });
});
