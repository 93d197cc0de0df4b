// Shopping lists: named lists of products per login, optionally shared with everyone in the
// same customer account.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('shopping_lists', (t) => {
    t.increments('id');
    t.integer('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.integer('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.boolean('shared').notNullable().defaultTo(false);
    t.timestamps(true, true);
  });
  await db.raw(`CREATE INDEX shopping_lists_organisation_idx ON shopping_lists (organisation_id)`);
  await db.schema.createTable('shopping_list_items', (t) => {
    t.integer('list_id').notNullable().references('shopping_lists.id').onDelete('CASCADE');
    t.integer('product_id').notNullable().references('products.id').onDelete('CASCADE');
    t.integer('qty').notNullable().defaultTo(1);
    t.primary(['list_id', 'product_id']);
  });
  await db.raw(`ALTER TABLE shopping_list_items ADD CONSTRAINT shopping_list_items_qty_range CHECK (qty BETWEEN 1 AND 100000)`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('shopping_list_items');
  await db.schema.dropTableIfExists('shopping_lists');
}
