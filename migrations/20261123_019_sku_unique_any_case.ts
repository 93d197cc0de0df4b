// An article number is one product whatever its case: the index on upper(sku) becomes unique,
// so two staff saving PEN and pen at the same moment cannot make twins that the checks before
// the write (product form, import) each let through. Twins made before this stop the migration
// with their numbers: staff rename or merge them, then the shop starts.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // Held until the index is built: no twin can come between the check and the build.
  await db.raw('LOCK TABLE products IN SHARE MODE');
  const { rows } = await db.raw<{ rows: { skus: string[] }[] }>('SELECT array_agg(sku ORDER BY sku) AS skus FROM products GROUP BY upper(sku) HAVING count(*) > 1 ORDER BY 1 LIMIT 20');
  if (rows.length > 0) {
    throw new Error(`Article numbers that differ only in case: ${rows.map((r) => r.skus.join(' / ')).join(', ')}. Give each product its own number, then start again.`);
  }
  await db.raw('CREATE UNIQUE INDEX products_sku_upper_key ON products (upper(sku))');
  await db.raw('DROP INDEX products_sku_upper_idx');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('CREATE INDEX products_sku_upper_idx ON products (upper(sku))');
  await db.raw('DROP INDEX products_sku_upper_key');
}
