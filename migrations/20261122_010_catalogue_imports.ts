// Staff's CSV imports of products and prices: a checked file waits here until staff start it,
// then a background job writes it in one transaction and counts its progress for the page.
// Product images live in the database too, so a backup of it is a backup of the shop.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // Files name price lists by name, so a name means one list.
  await db.raw(`CREATE UNIQUE INDEX price_lists_name_unique ON price_lists (lower(name))`);
  await db.schema.createTable('catalogue_imports', (t) => {
    t.increments('id');
    t.text('kind').notNullable();
    t.text('file_name').notNullable();
    // The decoded file as checked, so the job imports exactly what staff previewed.
    t.text('content').notNullable();
    t.integer('row_count').notNullable();
    t.integer('processed').notNullable().defaultTo(0);
    t.text('status').notNullable().defaultTo('checked');
    // Row errors found when the job checked the file again (the catalogue may have changed).
    t.jsonb('errors');
    t.integer('created_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });
  await db.raw(`ALTER TABLE catalogue_imports ADD CONSTRAINT catalogue_imports_kind CHECK (kind IN ('products', 'prices'))`);
  await db.raw(`ALTER TABLE catalogue_imports ADD CONSTRAINT catalogue_imports_status CHECK (status IN ('checked', 'queued', 'running', 'done', 'failed'))`);

  await db.schema.createTable('product_images', (t) => {
    t.increments('id');
    t.integer('product_id').notNullable().references('products.id').onDelete('CASCADE');
    t.integer('position').notNullable().defaultTo(0);
    t.text('content_type').notNullable();
    t.binary('data').notNullable();
    t.text('alt');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`CREATE INDEX product_images_product_idx ON product_images (product_id, position, id)`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('product_images');
  await db.schema.dropTableIfExists('catalogue_imports');
  await db.raw('DROP INDEX price_lists_name_unique');
}
