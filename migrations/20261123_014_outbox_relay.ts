// E-mails reach the job queue through a relay instead of a job added in the order's own
// transaction: graphile-worker's add_job (a PL/pgSQL function that also NOTIFYs, and NOTIFY
// serialises commits) was the most expensive statement on the order path. An outbox row now
// waits with queued_at empty until the relay hands it, in a batch, to the job queue.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('outbox_emails', (t) => {
    t.timestamp('queued_at', { useTz: true });
  });
  // Rows written before this change got their job when they were written.
  await db.raw('UPDATE outbox_emails SET queued_at = created_at');
  await db.raw('CREATE INDEX outbox_emails_unqueued_idx ON outbox_emails (id) WHERE queued_at IS NULL');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX outbox_emails_unqueued_idx');
  await db.schema.alterTable('outbox_emails', (t) => {
    t.dropColumn('queued_at');
  });
}
