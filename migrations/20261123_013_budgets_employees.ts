// Budgets (E1, E2): a usage limit per login and period, and the ledger orders write against it:
// entries are only ever inserted, balances are sums. Employees (E3): people of the customer
// company, with or without a login, whom order lines are bought for.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('budgets', (t) => {
    t.increments('id');
    t.integer('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    // Calendar months, quarters or years from starts_on; or periods of length_days from starts_on.
    t.text('period').notNullable();
    t.date('starts_on').notNullable();
    t.integer('length_days');
    t.bigInteger('amount').notNullable();
    t.text('currency').notNullable();
    // What an order beyond the budget does: goes through and the admins hear of it, waits for
    // approval, or is refused.
    t.text('policy').notNullable().defaultTo('approve');
    t.boolean('paused').notNullable().defaultTo(false);
    // The budget applies up to (not including) this day; ended budgets stay for their history.
    // Ended on its first day, it never applied.
    t.date('ends_on');
    // Who set it: the approver of overspend when the buyer has no named approver.
    t.integer('owner_id').references('users.id').onDelete('SET NULL');
    t.timestamps(true, true);
    t.index(['user_id']);
    t.index(['organisation_id']);
  });
  await db.raw(`ALTER TABLE budgets ADD CONSTRAINT budgets_period_check CHECK (period IN ('month', 'quarter', 'year', 'custom'))`);
  await db.raw(`ALTER TABLE budgets ADD CONSTRAINT budgets_custom_length CHECK ((period = 'custom') = (length_days IS NOT NULL) AND (length_days IS NULL OR length_days BETWEEN 1 AND 3660))`);
  await db.raw(`ALTER TABLE budgets ADD CONSTRAINT budgets_policy_check CHECK (policy IN ('allow', 'approve', 'block'))`);
  await db.raw(`ALTER TABLE budgets ADD CONSTRAINT budgets_amount_range CHECK (amount > 0)`);
  await db.raw(`ALTER TABLE budgets ADD CONSTRAINT budgets_ends_after_start CHECK (ends_on IS NULL OR ends_on >= starts_on)`);

  await db.schema.createTable('budget_entries', (t) => {
    t.bigIncrements('id');
    t.integer('budget_id').notNullable().references('budgets.id').onDelete('CASCADE');
    t.integer('order_id').references('orders.id').onDelete('SET NULL');
    // The first day of the period of the order's date: what the entry counts against.
    t.date('period_start').notNullable();
    // reserve: an order waiting for approval (+); release: that reservation ended (-);
    // spend: what an order accepted by the shop costs (+).
    t.text('kind').notNullable();
    t.bigInteger('amount').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['budget_id', 'period_start']);
    t.index(['order_id']);
  });
  await db.raw(`ALTER TABLE budget_entries ADD CONSTRAINT budget_entries_kind_check CHECK (kind IN ('reserve', 'release', 'spend'))`);

  // One "budget used up" e-mail per budget and period.
  await db.schema.createTable('budget_alerts', (t) => {
    t.integer('budget_id').notNullable().references('budgets.id').onDelete('CASCADE');
    t.date('period_start').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['budget_id', 'period_start']);
  });

  await db.schema.createTable('employees', (t) => {
    t.increments('id');
    t.integer('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.text('employee_number').notNullable();
    t.text('name').notNullable();
    t.integer('supervisor_id').references('users.id').onDelete('SET NULL');
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.index(['supervisor_id']);
  });
  await db.raw(`CREATE UNIQUE INDEX employees_number_unique ON employees (organisation_id, lower(employee_number))`);
  await db.raw(`ALTER TABLE order_lines ADD CONSTRAINT order_lines_employee_fk FOREIGN KEY (employee_id) REFERENCES employees (id) ON DELETE SET NULL`);
  await db.raw(`CREATE INDEX order_lines_employee_idx ON order_lines (employee_id, order_id) WHERE employee_id IS NOT NULL`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX IF EXISTS order_lines_employee_idx');
  await db.raw('ALTER TABLE order_lines DROP CONSTRAINT IF EXISTS order_lines_employee_fk');
  for (const table of ['employees', 'budget_alerts', 'budget_entries', 'budgets']) await db.schema.dropTableIfExists(table);
}
