// The outbox: one row per e-mail, written in the transaction of the change it reports.
import { type Conn, fastRaw, type Trx } from '../db/knex.ts';
import { MAX_ATTEMPTS } from '../jobs/queries.ts';

export type OutboxEmail = {
  id: number;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  sent_at: Date | null;
};

// The row only: the relay gives it its job (relay.ts), so the order path adds no job itself.
export async function insertOutboxEmail(
  db: Conn,
  row: { to_address: string; locale: string; template: string; subject: string; html: string; text: string },
): Promise<number> {
  const { rows } = await fastRaw<{ id: number }>(db, 'INSERT INTO outbox_emails (to_address, locale, template, subject, html, text) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    [row.to_address, row.locale, row.template, row.subject, row.html, row.text]);
  return rows[0].id;
}

export async function hasUnqueued(db: Conn): Promise<boolean> {
  const { rows } = await db.raw('SELECT EXISTS (SELECT 1 FROM outbox_emails WHERE queued_at IS NULL) AS waiting');
  return rows[0].waiting;
}

// Marks up to `limit` unqueued rows queued and adds a job for each, in one statement: a row
// is queued exactly when its job exists. SKIP LOCKED: two relays never take the same row.
// Jobs as graphile-worker's add_job makes them (src/jobs), a batch at a time.
export async function queueUnqueued(db: Conn, task: string, limit: number): Promise<number> {
  const { rows } = await db.raw(
    `WITH taken AS (
       UPDATE outbox_emails SET queued_at = now()
        WHERE id IN (SELECT id FROM outbox_emails WHERE queued_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING id)
     SELECT count(*)::int AS n FROM graphile_worker.add_jobs(ARRAY(
       SELECT json_populate_record(null::graphile_worker.job_spec, json_build_object('identifier', ?::text, 'payload', json_build_object('id', id), 'max_attempts', ?::int))
         FROM taken ORDER BY id))`,
    [limit, task, MAX_ATTEMPTS],
  );
  return rows[0].n;
}

// SKIP LOCKED: a second worker holding the same job id waits for nothing and sends nothing.
export function lockUnsentEmail(trx: Trx, id: number): Promise<OutboxEmail | undefined> {
  return trx('outbox_emails').where({ id }).whereNull('sent_at').forUpdate().skipLocked().first();
}

export async function markSent(trx: Trx, id: number, now: Date): Promise<void> {
  await trx('outbox_emails').where({ id }).update({ sent_at: now, attempts: trx.raw('attempts + 1'), last_error: null });
}

export async function recordFailure(db: Conn, id: number, error: string): Promise<void> {
  await db('outbox_emails').where({ id }).update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 500) });
}
