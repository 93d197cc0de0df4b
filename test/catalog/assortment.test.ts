import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn } from '../support/http.ts';

const t = useTestApp();
const ids: Record<string, number> = {};

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const [{ id: office }] = await t.db('categories').insert({ slug: 'office', name: JSON.stringify({ en: 'Office' }) }).returning('id');
  const [{ id: paper }] = await t.db('categories').insert({ slug: 'paper', parent_id: office, name: JSON.stringify({ en: 'Paper' }) }).returning('id');
  const [{ id: it }] = await t.db('categories').insert({ slug: 'it', name: JSON.stringify({ en: 'IT' }) }).returning('id');
  const products = await t.db('products').insert([
    { sku: 'A4', name: JSON.stringify({ en: 'Paper A4' }), category_id: paper },
    { sku: 'MOUSE', name: JSON.stringify({ en: 'Mouse' }), category_id: it },
    { sku: 'SCREEN', name: JSON.stringify({ en: 'Screen' }), category_id: it },
  ]).returning(['id', 'sku']);
  await t.db('prices').insert(products.map((p: { id: number }) => ({ price_list_id: list, product_id: p.id, min_qty: 1, unit_price: 1000 })));
  for (const p of products) ids[p.sku] = p.id;
  Object.assign(ids, { office, it });
});

async function customerWithAssortment(restricted: boolean) {
  const main = await createOrganisation(t.db, { restricted_catalogue: restricted });
  // The office category (with its paper sub-category) and one IT product.
  await t.db('assortment_items').insert([{ organisation_id: main.id, category_id: ids.office }, { organisation_id: main.id, product_id: ids.MOUSE }]);
  const sub = await createOrganisation(t.db, { parent_id: main.id, restricted_catalogue: restricted });
  return { main, sub };
}

describe('customer assortments (B2)', () => {
  it('marks what lies outside, for the customer and its sub-customer, and filters on request', async () => {
    const { sub } = await customerWithAssortment(false);
    const agent = await signIn(t.app, (await createUser(t.db, { organisation_id: sub.id })).email);
    const page = await agent.get('/catalog').set('Accept-Language', 'en').expect(200);
    const cards = page.text.split('class="card product-card"').slice(1);
    const marked = (sku: string) => cards.find((c) => c.includes(`/catalog/${sku}"`))!.includes('Outside your assortment');
    expect([marked('A4'), marked('MOUSE'), marked('SCREEN')]).toEqual([false, false, true]);
    const mine = await agent.get('/catalog?mine=1').set('Accept-Language', 'en').expect(200);
    expect(mine.text).toContain('/catalog/A4"');
    expect(mine.text).not.toContain('/catalog/SCREEN"');
    // Not restricted: outside products can still be ordered.
    const product = await agent.get('/catalog/SCREEN').set('Accept-Language', 'en');
    expect(product.text).toContain('Outside your assortment');
    await agent.post('/cart/items').type('form').send({ _csrf: csrfFrom(product.text), sku: 'SCREEN', qty: '1' }).expect(302);
  });

  it('a restricted customer sees, searches and orders only its assortment', async () => {
    const { main } = await customerWithAssortment(true);
    const agent = await signIn(t.app, (await createUser(t.db, { organisation_id: main.id })).email);
    const page = await agent.get('/catalog').expect(200);
    expect(page.text).toContain('/catalog/A4"');
    expect(page.text).not.toContain('/catalog/SCREEN"');
    expect((await agent.get('/catalog?q=screen')).text).not.toContain('/catalog/SCREEN"');
    await agent.get('/catalog/SCREEN').expect(404);
    const form = await agent.get('/catalog/A4');
    const refused = await agent.post('/cart/items').type('form').send({ _csrf: csrfFrom(form.text), sku: 'SCREEN', qty: '1' });
    expect(refused.status).toBe(404);
    const quick = await agent.get('/quick-order');
    const checked = await agent.post('/quick-order').set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(quick.text), lines: 'SCREEN 1\nA4 2' });
    expect(checked.status).toBe(422);
    expect(checked.text).toContain('there is no product SCREEN');
  });

  it('a customer without an assortment sees no marks', async () => {
    const agent = await signIn(t.app, (await createUser(t.db)).email);
    const page = await agent.get('/catalog').set('Accept-Language', 'en').expect(200);
    expect(page.text).not.toContain('Outside your assortment');
    expect(page.text).not.toContain('Show only your assortment');
  });
});

describe('staff keep a customer\'s assortment on its card', () => {
  it('adds a product by article number and a category, removes one, and makes the catalogue restricted', async () => {
    const { createStaff } = await import('../factories/index.ts');
    const staff = await signIn(t.app, (await createStaff(t.db)).email);
    const org = await createOrganisation(t.db);
    const post = async (action: string, fields: Record<string, string>) => {
      const card = await staff.get(`/admin/customers/${org.id}`);
      return staff.post(action).set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(card.text), ...fields });
    };
    expect((await post(`/admin/customers/${org.id}/assortment`, { sku: 'mouse' })).status).toBe(302);
    expect((await post(`/admin/customers/${org.id}/assortment`, { sku: '', category_id: String(ids.office) })).status).toBe(302);
    const unknown = await post(`/admin/customers/${org.id}/assortment`, { sku: 'NOPE' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('There is no product with this article number.');
    expect(unknown.text).toMatch(/id="field-sku" name="sku" value="NOPE"/);
    // A category that is none is said beside the category's select.
    const noCategory = await post(`/admin/customers/${org.id}/assortment`, { category_id: '999999' });
    expect(noCategory.status).toBe(422);
    expect(noCategory.text).toContain('id="field-category_id-error"');
    expect((await post(`/admin/customers/${org.id}/assortment`, { category_id: 'abc' })).text).toContain('id="field-category_id-error"');
    const items = await t.db('assortment_items').where({ organisation_id: org.id }).orderBy('id');
    expect(items.map((i) => [i.product_id, i.category_id])).toEqual([[ids.MOUSE, null], [null, ids.office]]);
    expect((await post(`/admin/customers/${org.id}/assortment/${items[0].id}/removal`, {})).status).toBe(302);
    // Removed already, or another customer's: not found, and no "removed" message.
    expect((await post(`/admin/customers/${org.id}/assortment/${items[0].id}/removal`, {})).status).toBe(404);
    expect((await post(`/admin/customers/${org.id}/assortment/${items[1].id + 100000}/removal`, {})).status).toBe(404);
    expect(await t.db('assortment_items').where({ organisation_id: org.id }).count('* as n').first()).toEqual({ n: 1 });
    expect(await t.db('audit_events').where({ organisation_id: org.id, action: 'assortment.added' }).count('* as n').first()).toEqual({ n: 2 });

    const buyer = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id })).email);
    expect((await buyer.get('/catalog')).text).toContain('/catalog/SCREEN"');
    await t.db('organisations').where({ id: org.id }).update({ restricted_catalogue: true });
    expect((await buyer.get('/catalog')).text).not.toContain('/catalog/SCREEN"');
  });
});
