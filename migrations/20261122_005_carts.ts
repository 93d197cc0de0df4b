// Carts live in the database, one per login and customer account (a main customer acting for
// a sub-customer has that sub-customer's cart), so they survive sign-out and a second device.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('carts', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.unique(['user_id', 'organisation_id']);
  });
  await db.schema.createTable('cart_items', (t) => {
    t.increments('id');
    t.integer('cart_id').notNullable().references('carts.id').onDelete('CASCADE');
    t.integer('product_id').notNullable().references('products.id').onDelete('CASCADE');
    t.integer('qty').notNullable();
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.unique(['cart_id', 'product_id']);
  });
  await db.raw(`ALTER TABLE cart_items ADD CONSTRAINT cart_items_qty_range CHECK (qty BETWEEN 1 AND 100000)`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('cart_items');
  await db.schema.dropTableIfExists('carts');
}
