// The outbox: one row per e-mail, written in the transaction of the change it reports.
import type { Db, Trx } from '../db/knex.ts';

type Conn = Db | Trx;

export type OutboxEmail = {
  id: number;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  sent_at: Date | null;
};

// The row and the job that sends it, in one statement (one round trip on every order path).
export async function insertOutboxEmail(
  db: Conn,
  row: { to_address: string; locale: string; template: string; subject: string; html: string; text: string },
  task: string,
): Promise<number> {
  const { rows } = await db.raw(
    `WITH e AS (INSERT INTO outbox_emails (to_address, locale, template, subject, html, text) VALUES (?, ?, ?, ?, ?, ?) RETURNING id)
     SELECT e.id, graphile_worker.add_job(?, json_build_object('id', e.id), max_attempts => 25) FROM e`,
    [row.to_address, row.locale, row.template, row.subject, row.html, row.text, task],
  );
  return rows[0].id;
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
