// Orders by the customer number they carry: a number that orders still carry (a deleted
// customer's, A9) is not given to a new customer, and looking that up needs no scan. Built
// CONCURRENTLY, outside a transaction, so checkout goes on writing orders meanwhile.
import type { Knex } from 'knex';

export const config = { transaction: false };

export async function up(db: Knex): Promise<void> {
  await db.raw('CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_number_idx ON orders (customer_number)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX CONCURRENTLY IF EXISTS orders_customer_number_idx');
}
