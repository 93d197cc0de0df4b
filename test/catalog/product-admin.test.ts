import { describe, expect, it, beforeAll } from 'vitest';
import { createOrganisation, createStaff, createUser } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, submitForm, type Agent } from '../support/http.ts';

const t = useTestApp();
let staff: Agent;
let mainList: number;
let category: number;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeAll(async () => {
  staff = await signIn(t.app, (await createStaff(t.db)).email);
  [{ id: mainList }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  [{ id: category }] = await t.db('categories').insert({ slug: 'paper', name: JSON.stringify({ en: 'Paper', sv: 'Papper' }) }).returning('id');
});

const productFields = (overrides: Record<string, string> = {}) => ({
  sku: 'PAPER-A4', group_key: '', category_id: String(category), name_en: 'Copy paper A4', name_sv: 'Kopieringspapper A4', name_nb: '', name_de: '',
  description_en: '500 sheets', description_sv: '', description_nb: '', description_de: '', colour: '', size: '', vat_percent: '25', active: 'on', ...overrides,
});

async function createProduct(fields: Record<string, string>) {
  const response = await submitForm(staff, '/admin/products/new', '/admin/products', fields);
  expect(response.status).toBe(302);
  return Number(/\/admin\/products\/(\d+)/.exec(response.headers.location)![1]);
}

describe('staff edit products, variants, categories and prices', () => {
  it('creates a product; bad input is refused by its field and keeps what was typed', async () => {
    const bad = await submitForm(staff, '/admin/products/new', '/admin/products', productFields({ sku: 'bad sku!', name_en: '', vat_percent: '25,555' }));
    expect(bad.status).toBe(422);
    for (const field of ['sku', 'name_en', 'vat_percent']) expect(bad.text).toContain(`id="field-${field}-error"`);
    expect(bad.text).toContain('Kopieringspapper A4');
    const id = await createProduct(productFields());
    const page = await staff.get(`/admin/products/${id}`).expect(200);
    expect(page.text).toContain('Kopieringspapper A4');
    const taken = await submitForm(staff, '/admin/products/new', '/admin/products', productFields());
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('Another product has this article number.');
    // Nor in other letters: article numbers are the same whatever the case.
    const otherCase = await submitForm(staff, '/admin/products/new', '/admin/products', productFields({ sku: 'paper-a4' }));
    expect(otherCase.status).toBe(422);
    expect(otherCase.text).toMatch(/id="field-sku-error">Another product has this article number in other letters/);
    // A product's own number may change case.
    expect((await submitForm(staff, `/admin/products/${id}`, `/admin/products/${id}`, productFields({ sku: 'Paper-A4' }))).status).toBe(302);
    expect((await submitForm(staff, `/admin/products/${id}`, `/admin/products/${id}`, productFields())).status).toBe(302);
    expect(await t.db('audit_events').where({ action: 'product.created', subject_id: String(id) }).first()).toBeDefined();
  });

  it('two staff saving one article number in two spellings at once make one product; the other is told beside the field', async () => {
    const saves = await Promise.all(['RACE-1', 'race-1'].map((sku) => submitForm(staff, '/admin/products/new', '/admin/products', productFields({ sku }))));
    expect(saves.map((r) => r.status).sort()).toEqual([302, 422]);
    expect(saves.find((r) => r.status === 422)!.text).toMatch(/id="field-sku-error">Another product has this article number in other letters/);
    expect(await t.db('products').whereRaw("upper(sku) = 'RACE-1'").count<{ n: number }[]>('* as n')).toEqual([{ n: 1 }]);
  });

  it('a variant starts as a copy in the same group; colours may be given per language', async () => {
    const id = await createProduct(productFields({ sku: 'SHIRT-BLK-M', group_key: 'shirt', name_en: 'Shirt', name_sv: 'Skjorta', colour: 'en:Black|sv:Svart', size: 'M' }));
    const form = await staff.get(`/admin/products/new?from=${id}`).expect(200);
    expect(form.text).toContain('value="shirt"');
    expect(form.text).toContain('value="en:Black|sv:Svart"');
    const variant = await createProduct(productFields({ sku: 'SHIRT-BLK-L', group_key: 'shirt', name_en: 'Shirt', colour: 'en:Black|sv:Svart', size: 'L' }));
    expect((await t.db('products').where({ id: variant }).first()).attributes).toEqual({ colour: { en: 'Black', sv: 'Svart' }, size: 'L' });
    const page = await staff.get(`/admin/products/${id}`).expect(200);
    expect(page.text).toContain('SHIRT-BLK-L');
  });

  it('sets and removes prices; an ambiguous comma or a currency sign is named as the problem', async () => {
    const id = await createProduct(productFields({ sku: 'PEN-BLUE', name_en: 'Pen' }));
    const form = `/admin/products/${id}`;
    const comma = await submitForm(staff, form, `${form}/prices`, { price_list_id: String(mainList), min_qty: '1', unit_price: '1,500' });
    expect(comma.status).toBe(422);
    expect(comma.text).toContain('A comma may only stand before the cents');
    const sign = await submitForm(staff, form, `${form}/prices`, { price_list_id: String(mainList), min_qty: '0', unit_price: '12 kr' });
    expect(sign.status).toBe(422);
    expect(sign.text).toContain('without a currency sign');
    expect(sign.text).toContain('id="field-min_qty-error"');
    expect((await submitForm(staff, form, `${form}/prices`, { price_list_id: String(mainList), min_qty: '1', unit_price: '12.50' })).status).toBe(302);
    expect((await submitForm(staff, form, `${form}/prices`, { price_list_id: String(mainList), min_qty: '10', unit_price: '9.9' })).status).toBe(302);
    expect(await t.db('prices').where({ product_id: id }).orderBy('min_qty').select('min_qty', 'unit_price')).toEqual([{ min_qty: 1, unit_price: 1250 }, { min_qty: 10, unit_price: 990 }]);
    expect((await submitForm(staff, form, `${form}/prices/removal`, { price_list_id: String(mainList), min_qty: '10' })).status).toBe(302);
    // Removed already, or no such price: not found, and no "removed" message.
    expect((await submitForm(staff, form, `${form}/prices/removal`, { price_list_id: String(mainList), min_qty: '10' })).status).toBe(404);
    expect((await submitForm(staff, form, `${form}/prices/removal`, { price_list_id: 'x', min_qty: '' })).status).toBe(404);
    expect(await t.db('prices').where({ product_id: id }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('takes JPEG, PNG or WebP images by their content and serves them to buyers of active products', async () => {
    const id = await createProduct(productFields({ sku: 'LAMP', name_en: 'Lamp' }));
    const page = await staff.get(`/admin/products/${id}`).expect(200);
    const notImage = await staff.post(`/admin/products/${id}/images`).field('_csrf', csrfFrom(page.text)).attach('image', Buffer.from('<svg/>'), 'x.png');
    expect(notImage.status).toBe(422);
    expect(notImage.text).toContain('This is not a JPEG, PNG or WebP image.');
    await staff.post(`/admin/products/${id}/images`).field('_csrf', csrfFrom(page.text)).field('alt', 'A lamp\u0000').attach('image', PNG, 'lamp.png').expect(302);
    const image = await t.db('product_images').where({ product_id: id }).first('id');
    const org = await createOrganisation(t.db);
    const buyer = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders'] })).email);
    const served = await buyer.get(`/product-images/${image.id}`).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect((await buyer.get('/catalog/LAMP')).text).toContain(`/product-images/${image.id}`);
  });

  it('deactivating a product takes it out of the catalogue and out of carts, with a notice', async () => {
    const id = await createProduct(productFields({ sku: 'OLD-STAPLER', name_en: 'Old stapler' }));
    await t.db('prices').insert({ price_list_id: mainList, product_id: id, min_qty: 1, unit_price: 10000 });
    const org = await createOrganisation(t.db);
    const buyer = await signIn(t.app, (await createUser(t.db, { organisation_id: org.id, permissions: ['place_orders', 'view_prices'] })).email);
    const productPage = await buyer.get('/catalog/OLD-STAPLER').expect(200);
    await buyer.post('/cart/items').type('form').send({ _csrf: csrfFrom(productPage.text), sku: 'OLD-STAPLER', qty: '2' }).expect(302);
    await submitForm(staff, `/admin/products/${id}`, `/admin/products/${id}`, productFields({ sku: 'OLD-STAPLER', name_en: 'Old stapler', active: '' }));
    expect(await t.db('audit_events').where({ action: 'product.deactivated', subject_id: String(id) }).first()).toBeDefined();
    await buyer.get('/catalog/OLD-STAPLER').expect(404);
    expect((await buyer.get('/catalog?q=stapler')).text).not.toContain('OLD-STAPLER');
    const cart = await buyer.get('/cart').expect(200);
    expect(cart.text).toContain('no longer');
    expect(cart.text).not.toContain('Old stapler');
  });

  it('categories form a tree that never loops', async () => {
    expect((await submitForm(staff, '/admin/categories', '/admin/categories', { slug: 'office', parent_id: '', name_en: 'Office', name_sv: 'Kontor', name_nb: '', name_de: '', position: '1' })).status).toBe(302);
    const office = (await t.db('categories').where({ slug: 'office' }).first()).id;
    await submitForm(staff, '/admin/categories', '/admin/categories', { slug: 'desks', parent_id: String(office), name_en: 'Desks', name_sv: '', name_nb: '', name_de: '', position: '0' });
    const desks = (await t.db('categories').where({ slug: 'desks' }).first()).id;
    const loop = await submitForm(staff, `/admin/categories/${office}`, `/admin/categories/${office}`, { slug: 'office', parent_id: String(desks), name_en: 'Office', name_sv: '', name_nb: '', name_de: '', position: '1' });
    expect(loop.status).toBe(422);
    expect(loop.text).toContain('cannot be placed under itself');
    const bad = await submitForm(staff, '/admin/categories', '/admin/categories', { slug: 'Office Stuff', parent_id: '', name_en: '', name_sv: '', name_nb: '', name_de: '', position: 'x' });
    expect(bad.status).toBe(422);
    for (const field of ['slug', 'name_en', 'position']) expect(bad.text).toContain(`id="field-${field}-error"`);
    expect((await staff.get('/admin/categories')).text).toMatch(/tree-depth-1"><a href="\/admin\/categories\/\d+">Desks/);
  });
});
