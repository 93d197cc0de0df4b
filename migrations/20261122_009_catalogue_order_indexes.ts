// The catalogue lists products by name in the reader's language: one index per language, with
// the same expression the query uses, so a page is an index range scan, not a sort of all.
import type { Knex } from 'knex';

const LOCALES = ['en', 'sv', 'nb', 'de'];

export async function up(db: Knex): Promise<void> {
  for (const locale of LOCALES) {
    await db.raw(`CREATE INDEX products_catalogue_order_${locale} ON products ((coalesce(name->>'${locale}', name->>'en')), id) WHERE active`);
  }
}

export async function down(db: Knex): Promise<void> {
  for (const locale of LOCALES) await db.raw(`DROP INDEX products_catalogue_order_${locale}`);
}
