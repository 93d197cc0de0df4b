import { describe, expect, it, beforeAll } from 'vitest';
import { parseLines } from '../../src/cart/quick-order.ts';
import { createOrganisation, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

describe('reading quick-order lines', () => {
  it('takes spaces, tabs, commas and semicolons, and skips blank lines', () => {
    expect(parseLines('A 1\n\nB\t2\r\nC;3\nD,4\nE\n F  5 ')).toEqual([
      { number: 1, text: 'A 1', sku: 'A', qtyText: '1' },
      { number: 3, text: 'B\t2', sku: 'B', qtyText: '2' },
      { number: 4, text: 'C;3', sku: 'C', qtyText: '3' },
      { number: 5, text: 'D,4', sku: 'D', qtyText: '4' },
      { number: 6, text: 'E', sku: 'E', qtyText: '' },
      { number: 7, text: 'F  5', sku: 'F', qtyText: '5' },
    ]);
  });
});

describe('quick order', () => {
  const t = useTestApp();
  let agent: Agent;
  let userId: number;
  beforeAll(async () => {
    const [{ id: list }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
    const products = await t.db('products').insert([
      { sku: 'A4', name: JSON.stringify({ en: 'Paper' }) },
      { sku: 'PEN', name: JSON.stringify({ en: 'Pen' }) },
      { sku: 'OLD', name: JSON.stringify({ en: 'Old' }), active: false },
      { sku: 'ASK', name: JSON.stringify({ en: 'Unpriced' }) },
    ]).returning('id');
    await t.db('prices').insert(products.slice(0, 3).map((p: { id: number }) => ({ price_list_id: list, product_id: p.id, min_qty: 1, unit_price: 1000 })));
    const user = await createUser(t.db, { organisation_id: (await createOrganisation(t.db)).id });
    userId = user.id;
    agent = await signIn(t.app, user.email);
  });

  const cartQuantities = async () =>
    Object.fromEntries((await t.db('cart_items as i').join('carts as c', 'c.id', 'i.cart_id').join('products as p', 'p.id', 'i.product_id').where('c.user_id', userId).select('p.sku', 'i.qty')).map((r) => [r.sku, r.qty]));

  async function send(fields: Record<string, string>) {
    const page = await agent.get('/quick-order');
    return agent.post('/quick-order').set('Accept-Language', 'en').type('form').send({ _csrf: csrfFrom(page.text), ...fields });
  }

  it('names every problem on its line and adds nothing until told to', async () => {
    const response = await send({ lines: 'A4 10\nNOPE 1\nOLD 2\nPEN -3\nPEN 1.5\nASK 1\nPEN' });
    expect(response.status).toBe(422);
    for (const message of ['there is no product NOPE', 'OLD is no longer sold', 'between 1 and 100,000', 'Write the quantity as a whole number', 'not for sale to your company', 'the quantity is missing']) {
      expect(response.text).toContain(message);
    }
    expect(response.text).toContain('6 lines need attention');
    expect(response.text).toContain('Add the 1 valid line');
    expect(response.text).toContain('A4 10\nNOPE 1');
    expect(await cartQuantities()).toEqual({});

    const added = await send({ lines: 'A4 10\nNOPE 1', add_valid: '1' });
    expect(added.status).toBe(302);
    expect(await cartQuantities()).toEqual({ A4: 10 });
  });

  it('adds every line when all are valid, article numbers in any case', async () => {
    const response = await send({ lines: 'pen 5\nA4;2' });
    expect(response.status).toBe(302);
    expect(await cartQuantities()).toEqual({ A4: 12, PEN: 5 });
  });

  async function upload(content: Buffer | string) {
    const page = await agent.get('/quick-order');
    return agent.post('/quick-order/upload').field('_csrf', csrfFrom(page.text)).attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), 'order.csv');
  }

  it('takes an uploaded CSV, heading row and all, and checks it like typed lines', async () => {
    const bad = await upload('Article;Qty\nPEN;2\nNOPE;1\n');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('there is no product NOPE');
    expect(bad.text).toMatch(/Line 2:<\/span> <code>PEN 2<\/code>/);
    const good = await upload('\ufeffsku,quantity\nPEN,2\n"A4",3\n');
    expect(good.status).toBe(302);
    expect(await cartQuantities()).toEqual({ A4: 15, PEN: 7 });
    const latin1 = await upload(Buffer.from('PEN;2\nKÄFFE;1\n', 'latin1'));
    expect(latin1.status).toBe(422);
    expect(latin1.text).toContain('id="field-file-error"');
    expect(latin1.text).toContain('The file is not UTF-8 text.');
    const none = await upload(Buffer.alloc(0));
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose a file.');
  });

  it('more than 500 lines are refused whole, by the box or the file they came in, not cut short', async () => {
    const before = await cartQuantities();
    const many = Array.from({ length: 501 }, () => 'PEN 1').join('\n');
    const typed = await send({ lines: many });
    expect(typed.status).toBe(422);
    expect(typed.text).toMatch(/id="field-lines-error">At most 500 lines at a time: this has 501\./);
    expect(typed.text).toContain('PEN 1\nPEN 1');
    const uploaded = await upload(many);
    expect(uploaded.status).toBe(422);
    expect(uploaded.text).toMatch(/id="field-file-error">At most 500 lines at a time: this has 501\./);
    const huge = await upload('PEN 1\n'.repeat(10_000));
    expect(huge.text).toMatch(/id="field-file-error">The file is too large/);
    expect(await cartQuantities()).toEqual(before);
  });

  it('an empty box asks for lines', async () => {
    const response = await send({ lines: '  ' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-lines-error"');
  });
});
