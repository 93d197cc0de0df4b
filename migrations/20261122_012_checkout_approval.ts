// Checkout and the approval service: order lines with their snapshots, the requests an order
// waits on (one per approver, for the whole order or for some lines), decisions on single
// lines, organisation rules that call for approval, and approvers' stand-ins.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('orders', (t) => {
    t.bigInteger('subtotal').notNullable().defaultTo(0);
    t.bigInteger('vat_total').notNullable().defaultTo(0);
    t.text('comment');
    t.text('placed_by_name');
    t.timestamp('decided_at', { useTz: true });
  });
  await db.raw(`ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('awaiting_approval', 'processing', 'rejected', 'withdrawn', 'shipped', 'delivered', 'invoiced', 'cancelled'))`);
  await db.raw(`CREATE INDEX orders_placed_by_idx ON orders (placed_by, placed_at DESC)`);
  await db.raw(`CREATE INDEX orders_status_idx ON orders (status, placed_at DESC)`);

  await db.schema.createTable('order_lines', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.integer('line_no').notNullable();
    t.integer('product_id').references('products.id').onDelete('SET NULL');
    // What was ordered, as it was: names in every language, attributes, category, VAT.
    t.text('sku').notNullable();
    t.jsonb('name').notNullable();
    t.jsonb('attributes').notNullable().defaultTo('{}');
    t.integer('category_id');
    t.integer('qty').notNullable();
    t.bigInteger('unit_price').notNullable();
    t.integer('vat_rate_bp').notNullable();
    t.bigInteger('line_total').notNullable();
    t.bigInteger('line_vat').notNullable();
    // For whom in the company (employees come with the budgets issue; no reference yet).
    t.integer('employee_id');
    t.boolean('in_assortment').notNullable().defaultTo(true);
    t.text('status').notNullable();
    t.unique(['order_id', 'line_no']);
  });
  await db.raw(`ALTER TABLE order_lines ADD CONSTRAINT order_lines_status_check CHECK (status IN ('waiting', 'accepted', 'rejected', 'withdrawn'))`);
  await db.raw(`ALTER TABLE order_lines ADD CONSTRAINT order_lines_qty_range CHECK (qty BETWEEN 1 AND 100000)`);

  await db.schema.createTable('approval_requests', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.integer('organisation_id').references('organisations.id').onDelete('SET NULL');
    // A named approver; null when the organisation's admins decide (any one of them).
    t.integer('approver_id').references('users.id').onDelete('SET NULL');
    // Set when the request went to a stand-in instead of the approver it was meant for.
    t.integer('stand_in_for').references('users.id').onDelete('SET NULL');
    // [{ code, params }] — why the order waits for this approver.
    t.jsonb('reasons').notNullable();
    // null: the whole order; otherwise the order_lines ids that wait on this request.
    t.specificType('line_ids', 'integer[]');
    t.text('status').notNullable().defaultTo('pending');
    t.integer('decided_by').references('users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true });
    t.text('comment');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('reminded_at', { useTz: true });
    t.timestamp('escalated_at', { useTz: true });
  });
  await db.raw(`ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'partly_approved', 'withdrawn'))`);
  await db.raw(`CREATE INDEX approval_requests_order_idx ON approval_requests (order_id)`);
  await db.raw(`CREATE INDEX approval_requests_pending_idx ON approval_requests (organisation_id, approver_id) WHERE status = 'pending'`);

  await db.schema.createTable('approval_line_decisions', (t) => {
    t.integer('request_id').notNullable().references('approval_requests.id').onDelete('CASCADE');
    t.integer('order_line_id').notNullable().references('order_lines.id').onDelete('CASCADE');
    t.text('decision').notNullable();
    t.primary(['request_id', 'order_line_id']);
  });
  await db.raw(`ALTER TABLE approval_line_decisions ADD CONSTRAINT approval_line_decisions_check CHECK (decision IN ('approved', 'rejected'))`);

  await db.schema.createTable('approval_rules', (t) => {
    t.increments('id');
    t.integer('organisation_id').notNullable().references('organisations.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.bigInteger('amount');
    t.integer('category_id').references('categories.id').onDelete('CASCADE');
    t.integer('approver_id').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE approval_rules ADD CONSTRAINT approval_rules_kind CHECK ((kind = 'total_at_least' AND amount IS NOT NULL AND amount > 0) OR (kind = 'category' AND category_id IS NOT NULL))`);

  await db.schema.createTable('approval_stand_ins', (t) => {
    t.increments('id');
    t.integer('approver_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('stand_in_id').notNullable().references('users.id').onDelete('CASCADE');
    t.date('starts_on').notNullable();
    t.date('ends_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`ALTER TABLE approval_stand_ins ADD CONSTRAINT approval_stand_ins_dates CHECK (ends_on >= starts_on AND stand_in_id <> approver_id)`);
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['approval_stand_ins', 'approval_rules', 'approval_line_decisions', 'approval_requests', 'order_lines']) await db.schema.dropTableIfExists(table);
  await db.raw('ALTER TABLE orders DROP CONSTRAINT orders_status_check');
  await db.raw('DROP INDEX orders_placed_by_idx');
  await db.raw('DROP INDEX orders_status_idx');
  await db.schema.alterTable('orders', (t) => {
    for (const column of ['subtotal', 'vat_total', 'comment', 'placed_by_name', 'decided_at']) t.dropColumn(column);
  });
}
