// Customer accounts: company data, addresses, shop settings, account requests, the audit trail,
// and the core of the orders table (the checkout fills it; deleting customers already acts on it).
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('organisations', (t) => {
    t.text('organisation_number');
    t.text('phone');
    t.text('email');
  });
  await db.raw(`CREATE INDEX organisations_parent_idx ON organisations (parent_id)`);
  // Staff find customers by any part of the name or customer number.
  await db.raw(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  await db.raw(`CREATE INDEX organisations_search_idx ON organisations USING gin ((lower(name || ' ' || customer_number)) gin_trgm_ops)`);

  await db.schema.createTable('addresses', (t) => {
    t.increments('id');
    t.integer('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.text('line1').notNullable();
    t.text('line2');
    t.text('postal_code').notNullable();
    t.text('city').notNullable();
    t.string('country', 2).notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    // Given by a sub-customer itself where its main customer allows it (A6); removed when it no longer does.
    t.boolean('added_by_sub_customer').notNullable().defaultTo(false);
    t.timestamps(true, true);
  });
  await db.raw(`ALTER TABLE addresses ADD CONSTRAINT addresses_kind_check CHECK (kind IN ('billing', 'delivery'))`);
  await db.raw(`CREATE UNIQUE INDEX addresses_one_billing ON addresses (organisation_id) WHERE kind = 'billing'`);
  await db.raw(`CREATE UNIQUE INDEX addresses_one_default_delivery ON addresses (organisation_id) WHERE kind = 'delivery' AND is_default`);

  await db.schema.createTable('shop_settings', (t) => {
    t.integer('id').primary().defaultTo(1);
    t.boolean('allow_parent_login_as_child').notNullable().defaultTo(false);
    t.boolean('allow_child_login').notNullable().defaultTo(true);
    t.boolean('order_mail_to_parent_only').notNullable().defaultTo(false);
    // The "orders need an account" text per language: { "en": "…", "sv": "…" }.
    t.jsonb('account_required_text').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE shop_settings ADD CONSTRAINT shop_settings_one_row CHECK (id = 1)`);
  await db('shop_settings').insert({ id: 1 });

  await db.schema.createTable('inquiries', (t) => {
    t.increments('id');
    t.text('kind').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.integer('organisation_id').references('organisations.id').onDelete('SET NULL');
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.text('company_name');
    t.text('organisation_number');
    t.text('contact_name').notNullable();
    t.text('email').notNullable();
    t.text('phone');
    t.string('country', 2);
    t.text('message');
    t.string('locale', 2).notNullable().defaultTo('en');
    t.integer('converted_organisation_id').references('organisations.id').onDelete('SET NULL');
    t.timestamps(true, true);
  });
  await db.raw(`ALTER TABLE inquiries ADD CONSTRAINT inquiries_kind_check CHECK (kind IN ('account_request', 'product_request', 'general'))`);
  await db.raw(`ALTER TABLE inquiries ADD CONSTRAINT inquiries_status_check CHECK (status IN ('open', 'converted', 'closed'))`);

  await db.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id');
    t.integer('actor_id').references('users.id').onDelete('SET NULL');
    // Set when a main customer acts as one of its sub-customers: the organisation it acts for.
    t.integer('acting_as_organisation_id').references('organisations.id').onDelete('SET NULL');
    // The customer the change belongs to, so the customer card can list its history.
    t.integer('organisation_id');
    t.text('action').notNullable();
    t.text('subject_type').notNullable();
    t.text('subject_id');
    t.jsonb('before');
    t.jsonb('after');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`CREATE INDEX audit_events_organisation_idx ON audit_events (organisation_id, created_at DESC)`);

  await db.raw(`CREATE SEQUENCE order_numbers START 100001`);
  await db.raw(`CREATE SEQUENCE customer_numbers START 10001`);
  await db.schema.createTable('orders', (t) => {
    t.increments('id');
    t.bigInteger('number').notNullable().unique().defaultTo(db.raw(`nextval('order_numbers')`));
    // Orders are the shop's records and outlive the customer (A9): a deleted customer leaves null here.
    t.integer('organisation_id').references('organisations.id').onDelete('SET NULL');
    t.text('customer_number').notNullable();
    t.integer('placed_by').references('users.id').onDelete('SET NULL');
    // Set when a main customer placed the order while acting as the sub-customer it is for (A7).
    t.integer('placed_by_organisation_id').references('organisations.id').onDelete('SET NULL');
    t.text('channel').notNullable().defaultTo('web');
    t.text('status').notNullable();
    t.string('currency', 3).notNullable();
    t.bigInteger('total').notNullable().defaultTo(0);
    t.text('customer_name');
    t.text('customer_phone');
    t.jsonb('billing_address');
    t.jsonb('delivery_address');
    t.text('reference');
    t.text('idempotency_key').unique();
    t.timestamp('placed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`CREATE INDEX orders_organisation_idx ON orders (organisation_id, placed_at DESC)`);
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['orders', 'audit_events', 'inquiries', 'shop_settings', 'addresses']) await db.schema.dropTableIfExists(table);
  await db.raw('DROP SEQUENCE IF EXISTS order_numbers');
  await db.raw('DROP SEQUENCE IF EXISTS customer_numbers');
  await db.schema.alterTable('organisations', (t) => {
    t.dropColumn('organisation_number');
    t.dropColumn('phone');
    t.dropColumn('email');
  });
}
