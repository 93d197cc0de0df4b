import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createStaff, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { signIn, type Agent } from '../support/http.ts';

const t = useTestApp();
let buyer: Agent;
let noPrices: Agent;
let orgId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const db = t.db;
  const [{ id: main }] = await db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  const [{ id: sweden }] = await db('price_lists').insert({ name: 'Sweden', parent_id: main, country: 'SE', currency: 'SEK' }).returning('id');
  const [{ id: office }] = await db('categories').insert({ slug: 'office', name: JSON.stringify({ en: 'Office', sv: 'Kontor' }) }).returning('id');
  const [{ id: paper }] = await db('categories').insert({ slug: 'paper', parent_id: office, name: JSON.stringify({ en: 'Paper', sv: 'Papper' }) }).returning('id');
  const [{ id: clothing }] = await db('categories').insert({ slug: 'workwear', name: JSON.stringify({ en: 'Workwear', sv: 'Arbetskläder' }) }).returning('id');
  const rows = Array.from({ length: 28 }, (_, i) => ({ sku: `PEN-${String(i).padStart(2, '0')}`, name: JSON.stringify({ en: `Pen ${String(i).padStart(2, '0')}`, sv: `Penna ${String(i).padStart(2, '0')}` }), category_id: office }));
  const pens = await db('products').insert(rows).returning(['id', 'sku']);
  const [{ id: a4 }] = await db('products').insert({ sku: 'A4-500', name: JSON.stringify({ en: 'Copy paper A4' }), category_id: paper }).returning('id');
  const shirts = await db('products').insert([
    { sku: 'SHIRT-BLK-M', group_key: 'shirt', name: JSON.stringify({ en: 'Work shirt' }), attributes: JSON.stringify({ colour: 'Black', size: 'M' }), category_id: clothing },
    { sku: 'SHIRT-BLK-L', group_key: 'shirt', name: JSON.stringify({ en: 'Work shirt' }), attributes: JSON.stringify({ colour: { en: 'Black', sv: 'Svart' }, size: 'L' }), category_id: clothing },
  ]).returning('id');
  await db('products').insert({ sku: 'OLD-1', name: JSON.stringify({ en: 'Gone' }), active: false });
  await db('prices').insert([
    ...pens.map((p: { id: number }) => ({ price_list_id: main, product_id: p.id, min_qty: 1, unit_price: 1250 })),
    { price_list_id: sweden, product_id: a4, min_qty: 1, unit_price: 4900 },
    { price_list_id: sweden, product_id: a4, min_qty: 10, unit_price: 4500 },
    { price_list_id: main, product_id: shirts[0].id, min_qty: 1, unit_price: 29900 },
  ]);
  Object.assign(ids, { office, paper, a4 });
  const org = await createOrganisation(t.db, { country: 'SE' });
  orgId = org.id;
  buyer = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders', 'view_prices'] })).email);
  noPrices = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders'] })).email);
});

describe('the catalogue for a buyer', () => {
  it('lists 24 products a page with this customer\'s prices ex and incl. VAT, then the next page', async () => {
    const first = await buyer.get('/catalog').set('Accept-Language', 'en').expect(200);
    expect(first.text.match(/class="card product-card"/g)).toHaveLength(24);
    expect(first.text).toContain('Copy paper A4');
    expect(first.text).toMatch(/SEK\s?49\.00/);
    expect(first.text).toMatch(/SEK\s?61\.25 incl\. VAT/);
    expect(first.text).toMatch(/from 10: SEK\s?45\.00/);
    const next = /href="(\/catalog\?after_name=[^"]+)"/.exec(first.text)![1].replace(/&amp;/g, '&');
    const second = await buyer.get(next).set('Accept-Language', 'en').expect(200);
    expect(second.text.match(/class="card product-card"/g)).toHaveLength(7);
    expect(second.text).not.toContain('>Copy paper A4<');
    expect(second.text).not.toMatch(/class="button" href="\/catalog\?after_name/);
  });

  it('filters by category, sub-categories included, in the reader\'s language', async () => {
    const office = await buyer.get('/catalog?category=office').set('Accept-Language', 'sv').expect(200);
    expect(office.text).toContain('<h1>Kontor</h1>');
    expect(office.text).toContain('Copy paper A4');
    expect(office.text).toContain('Penna 00');
    expect(office.text).not.toContain('Work shirt');
    const paper = await buyer.get('/catalog?category=paper').expect(200);
    expect(paper.text.match(/class="card product-card"/g)).toHaveLength(1);
    await buyer.get('/catalog?category=nope').expect(404);
  });

  it('shows a product with its variants; one without a price says "ask us"; an inactive one is not found', async () => {
    const shirt = await buyer.get('/catalog/SHIRT-BLK-M').set('Accept-Language', 'en').expect(200);
    expect(shirt.text).toContain('Black · M');
    expect(shirt.text).toContain('href="/catalog/SHIRT-BLK-L"');
    expect(shirt.text).toMatch(/SEK\s?299\.00/);
    const large = await buyer.get('/catalog/SHIRT-BLK-L').set('Accept-Language', 'en').expect(200);
    expect(large.text).toContain('Price on request: ask us.');
    expect(large.text).toContain('<dd>Black</dd>');
    expect((await buyer.get('/catalog/SHIRT-BLK-L').set('Accept-Language', 'sv')).text).toContain('<dd>Svart</dd>');
    await buyer.get('/catalog/OLD-1').expect(404);
    await buyer.get('/catalog/NOT-THERE').expect(404);
    // Typed in another case: to the product's own address.
    await buyer.get('/catalog/shirt-blk-m').expect(301).expect('location', '/catalog/SHIRT-BLK-M');
    // An inactive product is not found in other letters either, nor is a longer address cut short.
    await buyer.get('/catalog/old-1').expect(404);
    await buyer.get(`/catalog/SHIRT-BLK-M${'X'.repeat(60)}`).expect(404);
  });

  it('a change to prices, products or categories shows on the very next page, however the page was kept', async () => {
    const before = await buyer.get('/catalog?category=paper').set('Accept-Language', 'en').expect(200);
    expect(before.text).toMatch(/SEK\s?49\.00/);
    const a4 = (await t.db('products').where({ sku: 'A4-500' }).first('id')).id;
    await t.db('prices').where({ product_id: a4, min_qty: 1 }).update({ unit_price: 5100 });
    await t.db('products').where({ id: a4 }).update({ name: JSON.stringify({ en: 'Copy paper A4, recycled' }) });
    const after = await buyer.get('/catalog?category=paper').set('Accept-Language', 'en').expect(200);
    expect(after.text).toMatch(/SEK\s?51\.00/);
    expect(after.text).toContain('Copy paper A4, recycled');
    await t.db('prices').where({ product_id: a4, min_qty: 1 }).update({ unit_price: 4900 });
    await t.db('products').where({ id: a4 }).update({ name: JSON.stringify({ en: 'Copy paper A4' }) });
    expect((await buyer.get('/catalog?category=paper').set('Accept-Language', 'en')).text).toMatch(/SEK\s?49\.00/);
  });

  it('sorts by article number or name; links keep the search, category and order', async () => {
    const bySku = await buyer.get('/catalog?category=office&sort=sku').set('Accept-Language', 'en').expect(200);
    const skus = [...bySku.text.matchAll(/Art\. no\. ([A-Z0-9-]+)/g)].map((m) => m[1]);
    expect(skus).toEqual([...skus].sort());
    expect(skus[0]).toBe('A4-500');
    const next = /href="(\/catalog\?[^"]*after_name=[^"]+)"/.exec(bySku.text)![1].replace(/&amp;/g, '&');
    expect(next).toContain('category=office');
    expect(next).toContain('sort=sku');
    const second = await buyer.get(next).set('Accept-Language', 'en').expect(200);
    const more = [...second.text.matchAll(/Art\. no\. ([A-Z0-9-]+)/g)].map((m) => m[1]);
    expect(more.length).toBeGreaterThan(0);
    expect(more[0] > skus[skus.length - 1]).toBe(true);
    const search = await buyer.get('/catalog?q=pen&sort=name').set('Accept-Language', 'en').expect(200);
    expect(search.text).toMatch(/<option value="name" selected>/);
    expect(search.text).toContain('name="q" value="pen"');
  });

  it('a page kept for every buyer of a kind carries each session its own form token', async () => {
    const asking = ['place_orders', 'view_prices', 'use_inquiries'];
    const colleague = await signIn(t.app, (await createUser(t.db, { organisation_id: orgId, permissions: asking })).email);
    const me = await signIn(t.app, (await createUser(t.db, { organisation_id: orgId, permissions: asking })).email);
    const tokensOf = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    const mine = tokensOf((await me.get('/catalog?q=laminator').set('Accept-Language', 'en')).text);
    const theirs = tokensOf((await colleague.get('/catalog?q=laminator').set('Accept-Language', 'en')).text);
    expect(mine.length).toBeGreaterThan(1);
    expect(new Set(mine).size).toBe(1);
    expect(new Set(theirs).size).toBe(1);
    expect(theirs[0]).not.toBe(mine[0]);
    const askUs = await colleague.post('/catalog/product-requests').type('form').send({ _csrf: theirs[theirs.length - 1], q: 'laminator', message: 'Ten laminators.' });
    expect(askUs.status).toBe(302);
    // A colleague who may not ask gets the same search without the form, though kept alike.
    expect((await buyer.get('/catalog?q=laminator').set('Accept-Language', 'en')).text).not.toContain('action="/catalog/product-requests"');
  });

  it('a user without "see prices" sees no price anywhere', async () => {
    for (const path of ['/catalog', '/catalog?category=paper', '/catalog/A4-500', '/catalog/SHIRT-BLK-M']) {
      const page = await noPrices.get(path).set('Accept-Language', 'en').expect(200);
      expect(page.text, path).not.toMatch(/SEK|VAT|ask us|from 10/);
    }
  });

  it('staff browse the catalogue without prices; visitors are sent to sign in', async () => {
    const staff = await signIn(t.app, (await createStaff(t.db)).email);
    const page = await staff.get('/catalog').expect(200);
    expect(page.text).not.toMatch(/SEK/);
    const visitor = await (await import('supertest')).default(t.app).get('/catalog');
    expect(visitor.status).toBe(302);
  });
});
