import { beforeAll, describe, expect, it } from 'vitest';
import { addLinesToCart } from '../../src/cart/index.ts';
import { createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

const t = useTestApp();
let org: { id: number };
const ids: Record<string, number> = {};

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const [paper, pen, unpriced] = await t.db('products')
    .insert([
      { sku: 'PAPER', name: JSON.stringify({ en: 'Paper' }), vat_rate_bp: 2500 },
      { sku: 'PEN', name: JSON.stringify({ en: 'Pen' }), vat_rate_bp: 2500 },
      { sku: 'SECRET', name: JSON.stringify({ en: 'Not priced' }) },
    ])
    .returning('id');
  await t.db('prices').insert([
    { price_list_id: list, product_id: paper.id, min_qty: 1, unit_price: 5000 },
    { price_list_id: list, product_id: paper.id, min_qty: 10, unit_price: 4000 },
    { price_list_id: list, product_id: pen.id, min_qty: 1, unit_price: 1000 },
  ]);
  Object.assign(ids, { list, paper: paper.id, pen: pen.id, unpriced: unpriced.id });
  org = await createOrganisation(t.db);
});

const buyer = async (permissions = ['place_orders', 'view_prices']) => {
  const user = await createUser(t.db, { organisation_id: org.id, permissions });
  return { user, agent: await signIn(t.app, user.email) };
};

async function add(agent: Agent, sku: string, qty: string) {
  const page = await agent.get(`/catalog/${sku}`).set('Accept-Language', 'en');
  return agent.post('/cart/items').set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(page.text), sku, qty });
}

describe('the cart', () => {
  it('adds from the product page, sums repeat adds, and prices each line at its quantity with VAT', async () => {
    const { agent } = await buyer();
    expect((await add(agent, 'PAPER', '4')).status).toBe(302);
    await add(agent, 'PAPER', '6');
    await add(agent, 'PEN', '1');
    const cart = await agent.get('/cart').set('Accept-Language', 'en').expect(200);
    expect(cart.text).toContain('value="10"');
    // 10 × 40.00 (the break from 10) + 1 × 10.00 = 410.00; VAT 25 % = 102.50.
    expect(cart.text).toMatch(/SEK\s?410\.00/);
    expect(cart.text).toMatch(/SEK\s?102\.50/);
    expect(cart.text).toMatch(/SEK\s?512\.50/);
  });

  it('adding past the most a line holds says the line is full, not that all was added', async () => {
    const { agent } = await buyer();
    await add(agent, 'PEN', '99999');
    expect((await agent.get('/catalog/PEN').set('Accept-Language', 'en')).text).toContain('PEN has been added to your cart.');
    await add(agent, 'PEN', '5');
    const after = await agent.get('/catalog/PEN').set('Accept-Language', 'en');
    expect(after.text).toContain('PEN is in your cart with the most one line can hold: 100,000.');
    expect(after.text).not.toContain('has been added');
  });

  it('refuses bad quantities beside the field and adds nothing', async () => {
    const { user, agent } = await buyer();
    for (const qty of ['-1', '0', '1.5', 'abc', '100001', '']) {
      const response = await add(agent, 'PEN', qty);
      expect(response.status, qty).toBe(422);
      expect(response.text, qty).toContain('id="field-qty-error"');
    }
    expect(await t.db('cart_items as i').join('carts as c', 'c.id', 'i.cart_id').where('c.user_id', user.id).first()).toBeUndefined();
  });

  it('a product without a price for this customer cannot be added', async () => {
    const { agent } = await buyer();
    const response = await add(agent, 'SECRET', '1');
    expect(response.status).toBe(422);
    expect(response.text).toContain('not for sale to your company');
  });

  it('changing a quantity reprices the line; a bad one is shown on its line; lines can be removed', async () => {
    const { agent } = await buyer();
    await add(agent, 'PAPER', '1');
    let page = await agent.get('/cart');
    await agent.post(`/cart/items/${ids.paper}`).type('form').send({ _csrf: csrfFrom(page.text), qty: '12' }).expect(302);
    expect((await agent.get('/cart').set('Accept-Language', 'en')).text).toMatch(/SEK\s?480\.00/);
    page = await agent.get('/cart');
    const bad = await agent.post(`/cart/items/${ids.paper}`).set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(page.text), qty: '2.5' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(`id="qty-${ids.paper}-error"`);
    // What was typed stays in the field; a negative number is told the range, as quick order tells it.
    expect(bad.text).toMatch(new RegExp(`id="qty-${ids.paper}"[^>]*value="2.5"`));
    // So is one past what a number holds.
    for (const qty of ['-1', '99999999999999999999']) {
      const outside = await agent.post(`/cart/items/${ids.paper}`).set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(page.text), qty });
      expect(outside.status).toBe(422);
      expect(outside.text).toContain('The quantity must be between 1 and 100,000.');
    }
    await agent.post(`/cart/items/${ids.paper}/removal`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(302);
    expect((await agent.get('/cart').set('Accept-Language', 'en')).text).toContain('Your cart is empty.');
  });

  it('shows today\'s prices: a staff price change reaches open carts; a product taken out leaves with a notice', async () => {
    const { agent } = await buyer();
    await add(agent, 'PEN', '2');
    await t.db('prices').where({ product_id: ids.pen, min_qty: 1 }).update({ unit_price: 1500 });
    expect((await agent.get('/cart').set('Accept-Language', 'en')).text).toMatch(/SEK\s?30\.00/);
    await t.db('products').where({ id: ids.pen }).update({ active: false });
    const after = await agent.get('/cart').set('Accept-Language', 'en');
    expect(after.text).toContain('1 product is no longer sold and has been removed from your cart.');
    expect(after.text).toContain('Your cart is empty.');
    await t.db('products').where({ id: ids.pen }).update({ active: true });
    await t.db('prices').where({ product_id: ids.pen, min_qty: 1 }).update({ unit_price: 1000 });
  });

  it('survives signing out and another device; another user never sees it', async () => {
    const { user, agent } = await buyer();
    await add(agent, 'PAPER', '3');
    const again = await signIn(t.app, user.email);
    expect((await again.get('/cart')).text).toContain('value="3"');
    const { agent: colleague } = await buyer();
    expect((await colleague.get('/cart').set('Accept-Language', 'en')).text).toContain('Your cart is empty.');
  });

  it('needs "place orders"; without "see prices" it shows no prices', async () => {
    const { agent: viewer } = await buyer(['view_prices']);
    await viewer.get('/cart').expect(403);
    const { agent: blind } = await buyer(['place_orders']);
    await add(blind, 'PAPER', '2');
    const cart = await blind.get('/cart').set('Accept-Language', 'en').expect(200);
    expect(cart.text).toContain('value="2"');
    expect(cart.text).not.toMatch(/SEK|VAT/);
  });

  it('takes lines from elsewhere (reorder, shopping lists) at today\'s prices, and names what it cannot take', async () => {
    const { user, agent } = await buyer();
    const ctx = { db: t.db, actor: null, now: new Date(), baseUrl: '' };
    const owner = { userId: user.id, organisationId: org.id };
    const result = await addLinesToCart(ctx, owner, [{ sku: 'PAPER', qty: 10 }, { sku: 'SECRET', qty: 1 }, { sku: 'GONE', qty: 1 }, { sku: 'PEN', qty: 0 }]);
    expect(result.added).toBe(1);
    expect(result.refused.map((l) => [l.sku, l.error])).toEqual([['SECRET', 'cart.not_for_sale'], ['GONE', 'quick_order.unknown_sku'], ['PEN', 'cart.qty_range']]);
    const cart = await agent.get('/cart').set('Accept-Language', 'en').expect(200);
    expect(cart.text).toMatch(/SEK\s?400\.00/);
  });
});
