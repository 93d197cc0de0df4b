import { beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../src/catalog/csv.ts';
import { createStaff } from '../factories/index.ts';
import { useTestApp } from '../support/app.ts';
import { csrfFrom, signIn, type Agent } from '../support/http.ts';

const t = useTestApp();
let staff: Agent;

beforeAll(async () => {
  staff = await signIn(t.app, (await createStaff(t.db)).email);
  const [{ id: main }] = await t.db('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id');
  await t.db('price_lists').insert({ name: 'Norway', parent_id: main, country: 'NO', currency: 'NOK' });
  await t.db('categories').insert({ slug: 'workwear', name: JSON.stringify({ en: 'Workwear' }) });
});

const PRODUCT_HEADER = COLUMNS.products.join(',');
const productLine = (sku: string, extra: Partial<Record<string, string>> = {}) => {
  const v: Record<string, string> = { sku, group: 'shirt', category: 'workwear', name_en: `Shirt ${sku}`, name_sv: 'Skjorta', name_nb: '', name_de: '', description_en: 'Cotton, "heavy"', description_sv: '', description_nb: '', description_de: '', colour: 'en:Black|sv:Svart', size: 'M', vat_percent: '25', active: 'yes', ...extra };
  return COLUMNS.products.map((c) => (/[",;]/.test(v[c]) ? `"${v[c].replace(/"/g, '""')}"` : v[c])).join(',');
};

async function upload(kind: string, content: string | Buffer, name = `${kind}.csv`) {
  const page = await staff.get('/admin/imports').expect(200);
  return staff.post('/admin/imports').field('_csrf', csrfFrom(page.text)).field('kind', kind).attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), name);
}

async function runToTheEnd(location: string) {
  const preview = await staff.get(location).expect(200);
  await staff.post(`${location}/start`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(302);
  // A second click starts nothing more.
  await staff.post(`${location}/start`).type('form').send({ _csrf: csrfFrom(preview.text) }).expect(302);
  const waiting = await staff.get(location).expect(200);
  expect(waiting.text).toContain('<progress');
  expect(waiting.text).toContain('http-equiv="refresh"');
  await t.runJobs();
  return staff.get(location).expect(200);
}

describe('CSV import of products and prices', () => {
  it('checks the file, previews it, and imports every row in one go with progress', async () => {
    const csv = `\ufeff${PRODUCT_HEADER}\n${productLine('SHIRT-M')}\n${productLine('SHIRT-L', { size: 'L' })}\n`;
    const checked = await upload('products', csv);
    expect(checked.status).toBe(302);
    const location = checked.headers.location;
    const preview = await staff.get(location).expect(200);
    expect(preview.text).toContain('The file is in order: 2 rows can be imported.');
    expect(preview.text).toContain('SHIRT-L');
    expect(await t.db('products').count('* as n').first()).toEqual({ n: 0 });
    const done = await runToTheEnd(location);
    expect(done.text).toContain('Done: 2 rows imported.');
    const shirt = await t.db('products').where({ sku: 'SHIRT-M' }).first();
    expect(shirt).toMatchObject({ group_key: 'shirt', name: { en: 'Shirt SHIRT-M', sv: 'Skjorta' }, description: { en: 'Cotton, "heavy"' }, attributes: { colour: { en: 'Black', sv: 'Svart' }, size: 'M' }, vat_rate_bp: 2500, active: true });
    expect(await t.db('audit_events').where({ action: 'catalogue.products_imported' }).first()).toBeDefined();

    // Semicolons, as Excel writes them in Sweden, Norway and Germany.
    const prices = await upload('prices', 'price_list;sku;min_qty;unit_price\nMain;SHIRT-M;1;449.00\nmain;SHIRT-M;10;399.5\nNorway;SHIRT-L;;520\n');
    expect(prices.status).toBe(302);
    expect((await runToTheEnd(prices.headers.location)).text).toContain('Done: 3 rows imported.');
    expect(await t.db('prices').join('products', 'products.id', 'prices.product_id').orderBy(['sku', 'min_qty']).select('sku', 'min_qty', 'unit_price')).toEqual([
      { sku: 'SHIRT-L', min_qty: 1, unit_price: 52000 },
      { sku: 'SHIRT-M', min_qty: 1, unit_price: 44900 },
      { sku: 'SHIRT-M', min_qty: 10, unit_price: 39950 },
    ]);
  });

  it('names every bad row and column, and imports nothing', async () => {
    const before = await t.db('prices').select('*').orderBy(['product_id', 'min_qty']);
    const response = await upload('prices', [
      'price_list,sku,min_qty,unit_price',
      'Main,SHIRT-M,1,400.00',
      'Main,SHIRT-L,1,"1,500"',
      'Main,SHIRT-L,2,SEK 12',
      'Main,NOPE,1,10',
      'Main,SHIRT-L,-3,10',
      'Main,SHIRT-L,1.5,10',
      'Main,SHIRT-L,100001,10',
      'Mars,SHIRT-L,1,10',
      'Main,SHIRT-L,1,-5',
      'Main,SHIRT-M,1,401.00',
      'Main,shirt-m,1,402.00',
      'main,SHIRT-M,1,403.00',
      'Main,SHIRT-M',
    ].join('\n'));
    expect(response.status).toBe(422);
    const text = response.text.replace(/&#34;/g, '"');
    for (const expected of [
      'A comma may only stand before the cents',
      'without a currency sign',
      'There is no product "NOPE"',
      'The quantity must be between 1 and 100,000.',
      'There is no price list "Mars"',
      'A price cannot be negative.',
      'The same row appears earlier in the file.',
      'This line has 2 columns; the first line has 4.',
    ]) expect(text).toContain(expected);
    expect(text).toMatch(/<td>3<\/td><td>unit_price<\/td>/);
    // shirt-m is SHIRT-M: the same row again.
    expect(text).toMatch(/<td>12<\/td><td>sku<\/td><td>The same row appears earlier in the file\./);
    expect(text).toMatch(/<td>13<\/td><td>sku<\/td><td>The same row appears earlier in the file\./);
    expect(text).toContain('Nothing was imported');
    expect(await t.db('prices').select('*').orderBy(['product_id', 'min_qty'])).toEqual(before);
    expect(await t.db('catalogue_imports').where({ kind: 'prices' }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('an article number written in other letters than an existing product\'s is refused, not made a second product', async () => {
    const response = await upload('products', `${PRODUCT_HEADER}\n${productLine('shirt-m')}\n${productLine('NEW-1')}\n${productLine('new-1')}\n`);
    expect(response.status).toBe(422);
    expect(response.text).toContain('Product SHIRT-M has this article number in other letters: write it as SHIRT-M.');
    expect(response.text).toMatch(/<td>4<\/td><td>sku<\/td><td>The same row appears earlier in the file\./);
  });

  it('refuses a file that is not UTF-8, has the wrong columns, is empty or is not CSV', async () => {
    const latin1 = Buffer.from(`${PRODUCT_HEADER}\n${productLine('KAFFE', { name_sv: 'Kaffe för kontoret' })}\n`, 'latin1');
    const encoding = await upload('products', latin1);
    expect(encoding.status).toBe(422);
    expect(encoding.text).toContain('The file is not UTF-8 text.');
    expect(encoding.text).toContain('id="field-file-error"');
    const columns = await upload('products', 'sku,name\nA,B\n');
    expect(columns.status).toBe(422);
    expect(columns.text).toContain('The columns are not right.');
    expect(columns.text).toContain('name_en');
    expect((await upload('prices', '')).text).toContain('Choose a file.');
    const binary = await upload('products', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'products.xlsx');
    expect(binary.status).toBe(422);
    expect(binary.text).toContain('The file is not UTF-8 text.');
    expect((await upload('prices', 'price_list,sku,min_qty,unit_price\n')).text).toContain('The file has no rows to import.');
    expect((await upload('prices', 'price_list,sku,min_qty,unit_price\n"Main,SHIRT-M,1,4\n')).text).toContain('not valid CSV');
    expect(await t.db('products').where({ sku: 'KAFFE' }).first()).toBeUndefined();
  });

  it('checks again when it runs: a row that went bad meanwhile fails the whole import', async () => {
    await t.db('categories').insert({ slug: 'seasonal', name: JSON.stringify({ en: 'Seasonal' }) });
    const checked = await upload('products', `${PRODUCT_HEADER}\n${productLine('JACKET-M', { category: 'seasonal' })}\n`);
    expect(checked.status).toBe(302);
    await t.db('categories').where({ slug: 'seasonal' }).delete();
    const result = await runToTheEnd(checked.headers.location);
    expect(result.text).toContain('Nothing was imported.');
    expect(result.text.replace(/&#34;/g, '"')).toContain('There is no category "seasonal"');
    expect(await t.db('products').where({ sku: 'JACKET-M' }).first()).toBeUndefined();
  });

  it('exports the same columns, and an exported file imports again unchanged', async () => {
    const products = await staff.get('/admin/exports/products.csv').expect(200);
    expect(products.headers['content-type']).toContain('text/csv');
    expect(products.headers['content-disposition']).toContain('products.csv');
    const lines = products.text.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe(PRODUCT_HEADER);
    expect(lines).toContain('SHIRT-M,shirt,workwear,Shirt SHIRT-M,Skjorta,,,"Cotton, ""heavy""",,,,en:Black|sv:Svart,M,25,yes');
    const prices = await staff.get('/admin/exports/prices.csv').expect(200);
    expect(prices.text.replace(/^\ufeff/, '').trim().split('\n')).toEqual(['price_list,sku,min_qty,unit_price', 'Main,SHIRT-M,1,449.00', 'Main,SHIRT-M,10,399.50', 'Norway,SHIRT-L,1,520.00']);
    const norway = (await t.db('price_lists').where({ name: 'Norway' }).first()).id;
    expect((await staff.get(`/admin/exports/prices.csv?list=${norway}`)).text.trim().split('\n')).toHaveLength(2);

    const before = await t.db('products').orderBy('sku').select('sku', 'group_key', 'name', 'description', 'attributes', 'vat_rate_bp', 'active', 'category_id');
    const again = await upload('products', Buffer.from(products.text));
    expect(again.status).toBe(302);
    expect((await runToTheEnd(again.headers.location)).text).toContain('Done: 2 rows imported.');
    expect(await t.db('products').orderBy('sku').select('sku', 'group_key', 'name', 'description', 'attributes', 'vat_rate_bp', 'active', 'category_id')).toEqual(before);

    // The prices as Swedish, Norwegian or German Excel saves them: semicolons and decimal commas.
    const pricesBefore = await t.db('prices').orderBy(['price_list_id', 'product_id', 'min_qty']).select('price_list_id', 'product_id', 'min_qty', 'unit_price');
    const nordic = prices.text.replace(/,/g, ';').replace(/(\d)\.(\d\d)(\r?\n|$)/g, '$1,$2$3');
    expect(nordic).toContain('Main;SHIRT-M;10;399,50');
    const imported = await upload('prices', Buffer.from(nordic));
    expect(imported.status).toBe(302);
    expect((await runToTheEnd(imported.headers.location)).text).toContain('Done: 3 rows imported.');
    expect(await t.db('prices').orderBy(['price_list_id', 'product_id', 'min_qty']).select('price_list_id', 'product_id', 'min_qty', 'unit_price')).toEqual(pricesBefore);
  });

  it('is for shop staff only', async () => {
    const { createAdmin, createOrganisation } = await import('../factories/index.ts');
    const org = await createOrganisation(t.db);
    const admin = await signIn(t.app, (await createAdmin(t.db, { organisation_id: org.id })).email);
    await admin.get('/admin/imports').expect(403);
    await admin.get('/admin/exports/prices.csv').expect(403);
    const token = csrfFrom((await admin.get('/my')).text);
    await admin.post('/admin/imports').field('_csrf', token).field('kind', 'prices').attach('file', Buffer.from('price_list,sku,min_qty,unit_price\nMain,SHIRT-M,1,1\n'), 'p.csv').expect(403);
    expect(await t.db('catalogue_imports').where({ file_name: 'p.csv' }).first()).toBeUndefined();
  });
});
