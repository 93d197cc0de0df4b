// Accounts, sign-in, sessions and mail: what the running shop needs before any shopping.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('organisations', (t) => {
    t.increments('id');
    t.text('customer_number').notNullable().unique();
    t.text('name').notNullable();
    t.text('kind').notNullable().defaultTo('company');
    t.integer('parent_id').references('organisations.id').onDelete('RESTRICT');
    t.string('country', 2).notNullable();
    t.boolean('invoice_customer').notNullable().defaultTo(false);
    t.boolean('allow_child_delivery_address').notNullable().defaultTo(false);
    t.text('extra_order_copy_email');
    t.timestamps(true, true);
  });
  await db.raw(`ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('company', 'person'))`);
  await db.raw(`ALTER TABLE organisations ADD CONSTRAINT organisations_not_own_parent CHECK (parent_id <> id)`);

  await db.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('email').notNullable();
    t.text('password_hash');
    t.text('name').notNullable();
    t.text('phone');
    t.string('locale', 2);
    t.integer('organisation_id').references('organisations.id').onDelete('CASCADE');
    t.text('staff_role');
    t.specificType('permissions', 'text[]').notNullable().defaultTo('{}');
    t.text('approval_mode').notNullable().defaultTo('none');
    t.integer('approver_id').references('users.id').onDelete('SET NULL');
    t.bigInteger('order_limit');
    t.boolean('newsletter').notNullable().defaultTo(false);
    t.timestamp('disabled_at', { useTz: true });
    t.timestamps(true, true);
  });
  await db.raw(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);
  await db.raw(`CREATE INDEX users_organisation_idx ON users (organisation_id)`);
  await db.raw(`ALTER TABLE users ADD CONSTRAINT users_locale_check CHECK (locale IN ('en', 'sv', 'nb', 'de'))`);
  await db.raw(`ALTER TABLE users ADD CONSTRAINT users_staff_role_check CHECK (staff_role IN ('staff', 'staff_admin'))`);
  // A login is either shop staff or a customer's, never both and never neither.
  await db.raw(`ALTER TABLE users ADD CONSTRAINT users_staff_or_customer CHECK ((staff_role IS NULL) <> (organisation_id IS NULL))`);
  await db.raw(`ALTER TABLE users ADD CONSTRAINT users_approval_mode_check CHECK (approval_mode IN ('none', 'always', 'outside_assortment'))`);

  // Single-use links for "forgot password" and "set your password"; only the hash is stored.
  await db.schema.createTable('password_tokens', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.text('purpose').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE password_tokens ADD CONSTRAINT password_tokens_purpose_check CHECK (purpose IN ('reset', 'invite'))`);

  // The table connect-pg-simple expects, under our plural name.
  await db.schema.createTable('sessions', (t) => {
    t.string('sid').primary();
    t.json('sess').notNullable();
    t.timestamp('expire', { precision: 6 }).notNullable().index();
  });

  // The table rate-limiter-flexible's PostgreSQL store expects (it is told not to create it).
  await db.schema.createTable('login_failures', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
  });

  await db.schema.createTable('outbox_emails', (t) => {
    t.increments('id');
    t.text('to_address').notNullable();
    t.string('locale', 2).notNullable();
    t.text('template').notNullable();
    t.text('subject').notNullable();
    t.text('html').notNullable();
    t.text('text').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['outbox_emails', 'login_failures', 'sessions', 'password_tokens', 'users', 'organisations']) {
    await db.schema.dropTableIfExists(table);
  }
}
