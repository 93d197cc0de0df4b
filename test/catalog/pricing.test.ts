import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricesFor } from '../../src/catalog/index.ts';
import { createOrganisation } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const ctx = () => ({ db: database.db, actor: null, now: new Date(), baseUrl: 'http://shop.test' });

async function product(sku: string) {
  const [{ id }] = await database.db('products').insert({ sku, name: JSON.stringify({ en: sku }) }).returning('id');
  return id as number;
}

describe('prices for a page of products, from the database', () => {
  it('resolves each product through the sub-customer\'s three-level path with one price query', async () => {
    const db = database.db;
    const [{ id: mainList }] = await db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
    const [{ id: sweden }] = await db('price_lists').insert({ name: 'Sweden', parent_id: mainList, country: 'SE', currency: 'SEK' }).returning('id');
    const [{ id: reseller }] = await db('price_lists').insert({ name: 'Reseller Sweden', parent_id: sweden, currency: 'SEK' }).returning('id');
    const [{ id: norway }] = await db('price_lists').insert({ name: 'Norway', parent_id: mainList, country: 'NO', currency: 'NOK' }).returning('id');
    const [pen, paper, chair, unpriced] = [await product('PEN-1'), await product('PAPER-1'), await product('CHAIR-1'), await product('NOPE-1')];
    await db('prices').insert([
      { price_list_id: mainList, product_id: pen, min_qty: 1, unit_price: 1500 },
      { price_list_id: sweden, product_id: paper, min_qty: 1, unit_price: 4900 },
      { price_list_id: sweden, product_id: paper, min_qty: 10, unit_price: 4500 },
      { price_list_id: reseller, product_id: chair, min_qty: 1, unit_price: 99000 },
      { price_list_id: norway, product_id: paper, min_qty: 1, unit_price: 5900 },
    ]);
    const main = await createOrganisation(db, { country: 'SE', price_list_id: reseller });
    const sub = await createOrganisation(db, { country: 'SE', parent_id: main.id });
    const norwegianSub = await createOrganisation(db, { country: 'NO', parent_id: main.id });

    const prices = await pricesFor(ctx(), sub.id, [pen, paper, chair, unpriced]);
    expect(prices.get(chair)).toEqual({ unitPrice: 99000, currency: 'SEK', breaks: [{ minQty: 1, unitPrice: 99000 }] });
    expect(prices.get(paper)).toEqual({ unitPrice: 4900, currency: 'SEK', breaks: [{ minQty: 1, unitPrice: 4900 }, { minQty: 10, unitPrice: 4500 }] });
    expect(prices.get(pen)?.unitPrice).toBe(1500);
    expect(prices.has(unpriced)).toBe(false);
    expect((await pricesFor(ctx(), sub.id, [paper], 12)).get(paper)?.unitPrice).toBe(4500);

    const norwegian = await pricesFor(ctx(), norwegianSub.id, [pen, paper, chair]);
    expect(norwegian.get(paper)).toMatchObject({ unitPrice: 5900, currency: 'NOK' });
    // Not in the Norwegian list, and never taken from the Swedish (SEK) main list.
    expect(norwegian.has(pen)).toBe(false);
    expect(norwegian.has(chair)).toBe(false);
  });
});
