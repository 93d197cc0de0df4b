// `npm run db:seed:large`: data at the scale the catalogue must handle — 100,000 products in
// 200 categories, 50 price lists (main → 9 countries → 40 sub lists under Sweden), about
// 1,000,000 prices and 2,000 customers, made with set-based SQL in a few statements. Adds a
// buyer (large-buyer@example.com, the demo password) at a Swedish sub-customer whose main
// customer buys from a sub list, so its prices come through three levels with fallbacks.
import type { Knex } from 'knex';
import bcrypt from 'bcrypt';
import { DEMO_PASSWORD } from './demo.ts';

export const LARGE_BUYER = 'large-buyer@example.com';

export async function seedLarge(db: Knex): Promise<void> {
  if (await db('products').where('sku', 'like', 'L-%').first('id')) return;
  await db.transaction(async (trx) => {
    await trx.raw(`
      INSERT INTO categories (slug, name, position)
      SELECT 'large-' || g, jsonb_build_object('en', 'Group ' || g, 'sv', 'Grupp ' || g, 'nb', 'Gruppe ' || g, 'de', 'Gruppe ' || g), g
        FROM generate_series(1, 10) g`);
    await trx.raw(`
      INSERT INTO categories (slug, parent_id, name, position)
      SELECT 'large-' || p.g || '-' || s, c.id, jsonb_build_object('en', 'Range ' || p.g || '.' || s, 'sv', 'Serie ' || p.g || '.' || s), s
        FROM generate_series(1, 10) p(g) CROSS JOIN generate_series(1, 19) s JOIN categories c ON c.slug = 'large-' || p.g`);

    const main = (await trx('price_lists').whereNull('parent_id').first('id'))?.id
      ?? (await trx('price_lists').insert({ name: 'Main', currency: 'SEK' }).returning('id'))[0].id;
    const countries: [string, string][] = [['SE', 'SEK'], ['NO', 'NOK'], ['DK', 'DKK'], ['FI', 'EUR'], ['DE', 'EUR'], ['CH', 'CHF'], ['AT', 'EUR'], ['NL', 'EUR'], ['PL', 'PLN']];
    for (const [country, currency] of countries) {
      await trx('price_lists').insert({ name: `Large ${country}`, parent_id: main, country, currency }).onConflict().ignore();
    }
    const sweden = (await trx('price_lists').where({ country: 'SE' }).first('id')).id;
    await trx.raw(`INSERT INTO price_lists (name, parent_id, currency) SELECT 'Large reseller ' || g, ?, 'SEK' FROM generate_series(1, 40) g`, [sweden]);

    await trx.raw(`
      INSERT INTO products (sku, group_key, name, description, attributes, category_id)
      SELECT 'L-' || lpad(g::text, 6, '0'),
             CASE WHEN g % 10 < 4 THEN 'L-G' || (g / 10) END,
             jsonb_build_object('en', 'Article ' || g || ' ' || (ARRAY['paper','pen','folder','cable','mouse','shirt','jacket','glove','tape','stapler'])[g % 10 + 1],
                                'sv', 'Artikel ' || g || ' ' || (ARRAY['papper','penna','pärm','kabel','mus','skjorta','jacka','handske','tejp','häftapparat'])[g % 10 + 1]),
             jsonb_build_object('en', 'Generated product number ' || g),
             CASE WHEN g % 10 < 4 THEN jsonb_build_object('size', (ARRAY['S','M','L','XL'])[g % 4 + 1]) ELSE '{}'::jsonb END,
             (SELECT id FROM categories WHERE slug = 'large-' || (g % 10 + 1) || '-' || (g % 19 + 1))
        FROM generate_series(1, 100000) g`);

    // Every product in the main list with a break from 10; 60 % in each country list; 9 % in
    // each reseller list: about 1,000,000 rows in all.
    await trx.raw(`
      INSERT INTO prices (price_list_id, product_id, min_qty, unit_price)
      SELECT ?, p.id, q.min_qty, (1000 + (p.id % 500) * 37) * q.factor / 100
        FROM products p CROSS JOIN (VALUES (1, 100), (10, 90)) q(min_qty, factor) WHERE p.sku LIKE 'L-%'`, [main]);
    await trx.raw(`
      INSERT INTO prices (price_list_id, product_id, min_qty, unit_price)
      SELECT l.id, p.id, 1, 900 + (p.id % 500) * 35
        FROM price_lists l JOIN products p ON p.sku LIKE 'L-%' AND (p.id + l.id) % 10 < 6
       WHERE l.country IS NOT NULL`);
    await trx.raw(`
      INSERT INTO prices (price_list_id, product_id, min_qty, unit_price)
      SELECT l.id, p.id, 1, 800 + (p.id % 500) * 33
        FROM price_lists l JOIN products p ON p.sku LIKE 'L-%' AND (p.id * 7 + l.id) % 100 < 9
       WHERE l.name LIKE 'Large reseller %'`);

    await trx.raw(`
      INSERT INTO organisations (customer_number, name, country, price_list_id)
      SELECT 'L' || lpad(g::text, 5, '0'), 'Large customer ' || g, (ARRAY['SE','NO','DK','FI','DE','CH','AT','NL','PL','SE'])[g % 10 + 1],
             CASE WHEN g % 10 IN (0, 9) THEN (SELECT id FROM price_lists WHERE name = 'Large reseller ' || (g % 40 + 1)) END
        FROM generate_series(1, 1000) g`);
    await trx.raw(`
      INSERT INTO organisations (customer_number, name, country, parent_id)
      SELECT 'LS' || lpad(g::text, 5, '0'), 'Large sub-customer ' || g, m.country, m.id
        FROM generate_series(1, 1000) g JOIN organisations m ON m.customer_number = 'L' || lpad(g::text, 5, '0')`);

    // The benchmark's buyer: a Swedish sub-customer of a Swedish main customer on a sub list.
    const bench = await trx('organisations').where('customer_number', 'LS00010').first('id');
    await trx('users').insert({
      email: LARGE_BUYER, name: 'Large Buyer', password_hash: await bcrypt.hash(DEMO_PASSWORD, 12), organisation_id: bench.id,
      permissions: ['place_orders', 'view_orders', 'view_prices', 'use_shopping_lists'],
    }).onConflict().ignore();
  });
  await db.raw('ANALYZE');
}
