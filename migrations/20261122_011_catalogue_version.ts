// One number that changes whenever anything a catalogue page is made of changes: products,
// prices, categories, price lists, assortments, and the customer fields that choose a price
// list or an assortment. The shop keeps catalogue reads in memory under this number, so one
// tiny read per request tells it whether they still hold (src/catalog/cache.ts).
import type { Knex } from 'knex';

const TABLES = ['products', 'prices', 'categories', 'price_lists', 'assortment_items', 'organisations'];

export async function up(db: Knex): Promise<void> {
  await db.raw(`CREATE TABLE catalogue_version (id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1), version bigint NOT NULL DEFAULT 1)`);
  await db.raw(`INSERT INTO catalogue_version DEFAULT VALUES`);
  await db.raw(`
    CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE catalogue_version SET version = version + 1;
      RETURN NULL;
    END $$`);
  for (const table of TABLES) {
    await db.raw(`CREATE TRIGGER ${table}_bump_catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version()`);
  }
}

export async function down(db: Knex): Promise<void> {
  for (const table of TABLES) await db.raw(`DROP TRIGGER ${table}_bump_catalogue_version ON ${table}`);
  await db.raw('DROP FUNCTION bump_catalogue_version()');
  await db.raw('DROP TABLE catalogue_version');
}
