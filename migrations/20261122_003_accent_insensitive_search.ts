// Staff search customers without typing å, ä, ö, ø or ü: "goteborg" finds "Göteborg".
// unaccent() is not immutable (its dictionary could change), so an index needs a wrapper
// that names the dictionary; that is the documented way to index it.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`CREATE EXTENSION IF NOT EXISTS unaccent`);
  await db.raw(`
    CREATE FUNCTION search_text(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      RETURN lower(public.unaccent('public.unaccent'::regdictionary, value))`);
  await db.raw(`DROP INDEX organisations_search_idx`);
  await db.raw(`CREATE INDEX organisations_search_idx ON organisations USING gin (search_text(name || ' ' || customer_number) gin_trgm_ops)`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`DROP INDEX organisations_search_idx`);
  await db.raw(`CREATE INDEX organisations_search_idx ON organisations USING gin ((lower(name || ' ' || customer_number)) gin_trgm_ops)`);
  await db.raw(`DROP FUNCTION search_text(text)`);
}
