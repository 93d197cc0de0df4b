// The catalogue's core: categories, products (variants share a group), price lists as a tree
// (main → country → sub lists), and prices with quantity breaks. Carts, assortments and
// shopping lists come with their pages.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('price_lists', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.integer('parent_id').references('price_lists.id').onDelete('RESTRICT');
    // Set on country lists; sub lists and the main list have none of their own.
    t.string('country', 2);
    t.string('currency', 3).notNullable();
    t.timestamps(true, true);
  });
  // Exactly one main list: the only one without a parent.
  await db.raw(`CREATE UNIQUE INDEX price_lists_one_main ON price_lists ((parent_id IS NULL)) WHERE parent_id IS NULL`);
  await db.raw(`CREATE UNIQUE INDEX price_lists_one_per_country ON price_lists (country) WHERE country IS NOT NULL`);
  await db.raw(`ALTER TABLE price_lists ADD CONSTRAINT price_lists_not_own_parent CHECK (parent_id <> id)`);

  await db.schema.alterTable('organisations', (t) => {
    // Set by staff only (B1); null = derived from the customer's main customer and country.
    t.integer('price_list_id').references('price_lists.id').onDelete('SET NULL');
  });

  await db.schema.createTable('categories', (t) => {
    t.increments('id');
    t.integer('parent_id').references('categories.id').onDelete('RESTRICT');
    t.text('slug').notNullable().unique();
    t.jsonb('name').notNullable();
    t.integer('position').notNullable().defaultTo(0);
  });

  await db.schema.createTable('products', (t) => {
    t.increments('id');
    t.text('sku').notNullable().unique();
    // Variants (colour, size) are sibling products with the same group.
    t.text('group_key');
    t.jsonb('name').notNullable();
    t.jsonb('description').notNullable().defaultTo('{}');
    t.jsonb('attributes').notNullable().defaultTo('{}');
    t.integer('category_id').references('categories.id').onDelete('SET NULL');
    t.integer('vat_rate_bp').notNullable().defaultTo(2500);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
  });
  await db.raw(`CREATE INDEX products_group_idx ON products (group_key) WHERE group_key IS NOT NULL`);
  await db.raw(`CREATE INDEX products_category_idx ON products (category_id)`);

  await db.schema.createTable('prices', (t) => {
    t.integer('price_list_id').notNullable().references('price_lists.id').onDelete('CASCADE');
    t.integer('product_id').notNullable().references('products.id').onDelete('CASCADE');
    t.integer('min_qty').notNullable().defaultTo(1);
    // Minor units (öre, cents), ex VAT, in the list's currency.
    t.bigInteger('unit_price').notNullable();
    t.primary(['price_list_id', 'product_id', 'min_qty']);
  });
  await db.raw(`ALTER TABLE prices ADD CONSTRAINT prices_min_qty_positive CHECK (min_qty >= 1)`);
  await db.raw(`ALTER TABLE prices ADD CONSTRAINT prices_unit_price_not_negative CHECK (unit_price >= 0)`);
  await db.raw(`CREATE INDEX prices_product_idx ON prices (product_id, price_list_id)`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('prices');
  await db.schema.dropTableIfExists('products');
  await db.schema.dropTableIfExists('categories');
  await db.schema.alterTable('organisations', (t) => t.dropColumn('price_list_id'));
  await db.schema.dropTableIfExists('price_lists');
}
