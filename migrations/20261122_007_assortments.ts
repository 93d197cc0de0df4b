// Customer assortments (B2): products or whole categories per customer. A sub-customer without
// its own uses its main customer's. A restricted customer sees only its assortment.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('assortment_items', (t) => {
    t.increments('id');
    t.integer('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.integer('product_id').references('products.id').onDelete('CASCADE');
    t.integer('category_id').references('categories.id').onDelete('CASCADE');
  });
  await db.raw(`ALTER TABLE assortment_items ADD CONSTRAINT assortment_items_one_target CHECK ((product_id IS NULL) <> (category_id IS NULL))`);
  await db.raw(`CREATE UNIQUE INDEX assortment_items_product ON assortment_items (organisation_id, product_id) WHERE product_id IS NOT NULL`);
  await db.raw(`CREATE UNIQUE INDEX assortment_items_category ON assortment_items (organisation_id, category_id) WHERE category_id IS NOT NULL`);
  await db.schema.alterTable('organisations', (t) => {
    t.boolean('restricted_catalogue').notNullable().defaultTo(false);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('organisations', (t) => t.dropColumn('restricted_catalogue'));
  await db.schema.dropTableIfExists('assortment_items');
}
