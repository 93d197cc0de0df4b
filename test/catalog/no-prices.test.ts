// A login without "see prices" never gets a price: every page and answer of the catalogue,
// cart, quick order and shopping lists is read for money, in every language.
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

const t = useTestApp();
let agent: Agent;
let seen: { what: string; status: number; text: string }[] = [];

// 1,234.56 SEK with a break at 10 for 987.65: however a language writes them, digits stay.
// "Price on request" says nothing about a price, but only a login that sees prices needs it.
const MONEY = /1[\s,.\u00a0\u202f]?234|987[.,]65|SEK|kr\b|VAT|moms|MVA|MwSt|exkl|inkl|price on request|pris på f|preis auf anfrage/i;

beforeAll(async () => {
  const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const [{ id: category }] = await t.db('categories').insert({ slug: 'office', name: JSON.stringify({ en: 'Office' }) }).returning('id');
  const products = await t.db('products').insert([
    { sku: 'DESK-1', name: JSON.stringify({ en: 'Standing desk', sv: 'Skrivbord' }), category_id: category, group_key: 'desk', attributes: JSON.stringify({ size: 'L' }) },
    { sku: 'DESK-2', name: JSON.stringify({ en: 'Standing desk', sv: 'Skrivbord' }), category_id: category, group_key: 'desk', attributes: JSON.stringify({ size: 'XL' }) },
    { sku: 'UNPRICED', name: JSON.stringify({ en: 'Made to order' }), category_id: category },
  ]).returning('id');
  await t.db('prices').insert([
    { price_list_id: list, product_id: products[0].id, min_qty: 1, unit_price: 123456 },
    { price_list_id: list, product_id: products[0].id, min_qty: 10, unit_price: 98765 },
    { price_list_id: list, product_id: products[1].id, min_qty: 1, unit_price: 123456 },
  ]);
  const org = await createOrganisation(t.db, { country: 'SE' });
  const user = await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders', 'use_shopping_lists', 'view_orders'] });
  agent = await signIn(t.app, user.email);
});

async function look(what: string, response: Promise<{ status: number; text: string }> | { status: number; text: string }) {
  const r = await response;
  seen.push({ what, status: r.status, text: r.text ?? '' });
  return r;
}

describe('a login without "see prices"', () => {
  it('sees no price in any answer, in any language', async () => {
    for (const locale of ['en', 'sv', 'nb', 'de']) {
      seen = [];
      const get = (path: string) => look(`${locale} GET ${path}`, agent.get(path).set('Accept-Language', locale));
      const token = csrfFrom((await get('/catalog')).text);
      const post = (path: string, fields: Record<string, string>) => look(`${locale} POST ${path}`, agent.post(path).set('Accept-Language', locale).type('form').send({ _csrf: token, ...fields }));

      await get('/catalog?category=office');
      await get('/catalog?q=desk');
      await get('/catalog?q=stnding');
      await get('/catalog/DESK-1');
      await get('/catalog/UNPRICED');
      await post('/cart/items', { sku: 'DESK-1', qty: '12' });
      await post('/cart/items', { sku: 'DESK-1', qty: '-1' });
      await post('/cart/items', { sku: 'UNPRICED', qty: '1' });
      await get('/cart');
      await post('/quick-order', { lines: 'DESK-2 3\nUNPRICED 1\nNOPE 1' });
      await post('/quick-order', { lines: 'DESK-2 3' });
      await look(`${locale} upload`, agent.post('/quick-order/upload').set('Accept-Language', locale).field('_csrf', token).attach('file', Buffer.from('DESK-2;1\nUNPRICED;2\n'), 'o.csv'));
      await get('/cart');
      const created = await post('/shopping-lists', { name: `List ${locale}` });
      const listPath = created.status === 302 ? (created as unknown as { headers: { location: string } }).headers.location : '/shopping-lists';
      await post(`${listPath}/items`, { sku: 'DESK-1', qty: '2' });
      await post(`${listPath}/items`, { sku: 'DESK-1', qty: '0' });
      await get(listPath);
      await get('/shopping-lists');
      await get('/');
      await get('/my');

      for (const r of seen) {
        expect(r.status, r.what).toBeLessThan(500);
        const page = r.text.replace(/<input type="hidden" name="_csrf"[^>]*>/g, '');
        expect(page.match(MONEY)?.[0], `${r.what}: ${page.slice(Math.max(0, (page.search(MONEY)) - 80), page.search(MONEY) + 40)}`).toBeUndefined();
      }
    }
    // The cart did fill: what the buyer may do still works without prices.
    expect(Number((await t.db('cart_items').sum('qty as n').first())!.n)).toBeGreaterThan(0);
  });
});
