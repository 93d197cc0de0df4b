import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.ts';
import { createMailer, deliverEmail, queueEmail, relayOutbox, startMailCatcher } from '../../src/mail/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { runJobs } from '../support/app.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const request = { to: 'anna@example.com', locale: 'de' as const, template: 'password-reset', data: { name: 'Anna', link: 'http://shop.test/x' } };

describe('the mail outbox', () => {
  it('is written in the business transaction: a rolled-back change leaves no mail and no job', async () => {
    await expect(
      inTransaction(database.db, async (trx) => {
        await queueEmail(trx, request);
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await database.db('outbox_emails').count('* as n').first()).toEqual({ n: 0 });
    expect(await database.db.raw('select count(*)::int as n from graphile_worker.jobs').then((r) => r.rows[0].n)).toBe(0);
  });

  it('gets its job from the relay, once, however many relays run at the same time', async () => {
    const jobs = () => database.db.raw(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_email'`).then((r) => r.rows[0].n);
    const ids = await inTransaction(database.db, async (trx) => [await queueEmail(trx, request), await queueEmail(trx, request), await queueEmail(trx, request)]);
    // Written, but not yet handed to the job queue: the business transaction adds no job.
    expect(await jobs()).toBe(0);
    const relayed = await Promise.all([relayOutbox(database.db), relayOutbox(database.db), relayOutbox(database.db)]);
    expect(relayed.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await jobs()).toBe(3);
    const payloads = await database.db.raw(`select payload->>'id' as id from graphile_worker._private_jobs order by id`).then((r) => r.rows.map((row: { id: string }) => Number(row.id)));
    expect(payloads).toEqual(ids);
    expect(await relayOutbox(database.db)).toBe(0);
    expect(await jobs()).toBe(3);
    await database.db.raw('delete from graphile_worker._private_jobs');
    await database.db('outbox_emails').delete();
  });

  it('retries after an SMTP outage and sends each mail exactly once', async () => {
    // A port where no SMTP server listens: the outage.
    const probe = await startMailCatcher();
    const port = probe.port;
    await probe.close();
    const mailer = createMailer(`smtp://127.0.0.1:${port}`);

    const id = await inTransaction(database.db, (trx) => queueEmail(trx, request));
    await runJobs(database, mailer);
    const failed = await database.db('outbox_emails').where({ id }).first();
    expect(failed.sent_at).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    const job = await database.db.raw('select id, attempts, run_at from graphile_worker.jobs').then((r) => r.rows[0]);
    expect(job.attempts).toBe(1);
    expect(new Date(job.run_at).getTime()).toBeGreaterThan(Date.now());

    // The server comes back; the retry (brought forward instead of waiting the backoff) sends it.
    const catcher = await startMailCatcher(port);
    try {
      await database.db.raw('select graphile_worker.reschedule_jobs(array[?]::bigint[], run_at := now())', [job.id]);
      await runJobs(database, mailer);
      await catcher.waitFor((m) => m.to.includes('anna@example.com'));
      const sent = await database.db('outbox_emails').where({ id }).first();
      expect(sent.sent_at).not.toBeNull();
      expect(sent.attempts).toBe(2);

      // Running the job again, or the task directly, sends nothing more.
      await runJobs(database, mailer);
      await deliverEmail({ db: database.db, mailer, from: 'Shop <shop@example.com>' }, id);
      expect(catcher.messages().filter((m) => m.to.includes('anna@example.com'))).toHaveLength(1);
      expect(catcher.messages()[0].subject).toBe('Neues Passwort festlegen');
      expect(await database.db.raw('select count(*)::int as n from graphile_worker.jobs').then((r) => r.rows[0].n)).toBe(0);
    } finally {
      mailer.close();
      await catcher.close();
    }
  });
});
