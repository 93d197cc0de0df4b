// Quick order finds an article number typed in any case: an index on upper(sku) keeps that a
// lookup, not a scan of the catalogue.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw('CREATE INDEX products_sku_upper_idx ON products (upper(sku))');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX products_sku_upper_idx');
}
