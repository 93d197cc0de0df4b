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
  // What an employee bought in a period is read from the lines alone: each line carries its
  // order's time, and one index answers "this employee, these days" with the amounts in it.
  await db.schema.alterTable('order_lines', (t) => {
    t.timestamp('placed_at', { useTz: true });
  });
  await db.raw(`UPDATE order_lines l SET placed_at = o.placed_at FROM orders o WHERE o.id = l.order_id`);
  await db.raw(`CREATE INDEX order_lines_employee_idx ON order_lines (employee_id, placed_at) INCLUDE (line_total, status) WHERE employee_id IS NOT NULL`);
  // What each employee was bought, per day: kept by triggers on order_lines as lines are written
  // and decided (accepted lines count), so a year's totals for every employee sum a few rows
  // each instead of every line.
  await db.schema.createTable('employee_day_totals', (t) => {
    t.integer('employee_id').notNullable().references('employees.id').onDelete('CASCADE');
    t.date('day').notNullable();
    t.bigInteger('total').notNullable();
    t.integer('lines').notNullable();
    t.primary(['employee_id', 'day']);
  });
  // The same per calendar month (keyed by its first day): long periods sum months, and days only
  // at their edges.
  await db.schema.createTable('employee_month_totals', (t) => {
    t.integer('employee_id').notNullable().references('employees.id').onDelete('CASCADE');
    t.date('month').notNullable();
    t.bigInteger('total').notNullable();
    t.integer('lines').notNullable();
    t.primary(['employee_id', 'month']);
  });
  // Lines entering "accepted" (with an employee) go on, lines leaving it come off; an employee
  // being deleted has no totals left to keep. One function per event: a trigger only has the
  // transition tables of its own event.
  const counted = (table: string, sign: string) =>
    `SELECT employee_id, (placed_at AT TIME ZONE 'UTC')::date AS day, ${sign}line_total AS total, ${sign}1 AS lines
       FROM ${table} WHERE status = 'accepted' AND employee_id IS NOT NULL AND placed_at IS NOT NULL`;
  const into = (table: string, key: string, grain: string, changes: string) => `
    INSERT INTO ${table} (employee_id, ${key}, total, lines)
    SELECT c.employee_id, ${grain}, sum(c.total), sum(c.lines) FROM (${changes}) c
     WHERE c.employee_id IN (SELECT id FROM employees)
     GROUP BY 1, 2
    HAVING sum(c.total) <> 0 OR sum(c.lines) <> 0
     -- Rows locked in one order by every writer: two transactions never wait on each other crosswise.
     ORDER BY 1, 2
    ON CONFLICT (employee_id, ${key}) DO UPDATE SET total = ${table}.total + excluded.total, lines = ${table}.lines + excluded.lines`;
  const apply = (changes: string) =>
    `${into('employee_day_totals', 'day', 'c.day', changes)}; ${into('employee_month_totals', 'month', `date_trunc('month', c.day)::date`, changes)}`;
  const events = [
    ['insert', 'INSERT', 'NEW TABLE AS new_lines', counted('new_lines', '')],
    ['update', 'UPDATE', 'OLD TABLE AS old_lines NEW TABLE AS new_lines', `${counted('new_lines', '')} UNION ALL ${counted('old_lines', '-')}`],
    ['delete', 'DELETE', 'OLD TABLE AS old_lines', counted('old_lines', '-')],
  ];
  for (const [name, event, tables, changes] of events) {
    await db.raw(`CREATE FUNCTION employee_day_totals_on_${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${apply(changes)}; RETURN NULL; END $$`);
    await db.raw(`CREATE TRIGGER order_lines_employee_totals_${name} AFTER ${event} ON order_lines REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION employee_day_totals_on_${name}()`);
  }
  for (const statement of apply(counted('order_lines', '')).split('; ')) await db.raw(statement);
  // The cart remembers whom each line is for until the order is placed.
  await db.schema.alterTable('cart_items', (t) => {
    t.integer('employee_id').references('employees.id').onDelete('SET NULL');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cart_items', (t) => t.dropColumn('employee_id'));
  await db.raw('DROP INDEX IF EXISTS order_lines_employee_idx');
  await db.schema.alterTable('order_lines', (t) => t.dropColumn('placed_at'));
  await db.raw('ALTER TABLE order_lines DROP CONSTRAINT IF EXISTS order_lines_employee_fk');
  for (const name of ['insert', 'update', 'delete']) {
    await db.raw(`DROP TRIGGER IF EXISTS order_lines_employee_totals_${name} ON order_lines`);
    await db.raw(`DROP FUNCTION IF EXISTS employee_day_totals_on_${name}()`);
  }
  for (const table of ['employee_month_totals', 'employee_day_totals', 'employees', 'budget_alerts', 'budget_entries', 'budgets']) await db.schema.dropTableIfExists(table);
}
