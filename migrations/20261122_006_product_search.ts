// Product search: article number, names and descriptions in every language, accents ignored.
// Words match by prefix through a full-text index; typos and partial article numbers through
// a trigram index on the same text.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE FUNCTION product_search_doc(sku text, name jsonb, description jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN search_text(concat_ws(' ', sku, name->>'en', name->>'sv', name->>'nb', name->>'de',
                                        description->>'en', description->>'sv', description->>'nb', description->>'de'))`);
  await db.raw(`ALTER TABLE products ADD COLUMN search_doc text GENERATED ALWAYS AS (product_search_doc(sku, name, description)) STORED`);
  await db.raw(`ALTER TABLE products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', product_search_doc(sku, name, description))) STORED`);
  await db.raw(`CREATE INDEX products_search_vector_idx ON products USING gin (search_vector)`);
  await db.raw(`CREATE INDEX products_search_doc_trgm_idx ON products USING gin (search_doc gin_trgm_ops)`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`ALTER TABLE products DROP COLUMN search_vector, DROP COLUMN search_doc`);
  await db.raw(`DROP FUNCTION product_search_doc(text, jsonb, jsonb)`);
}
