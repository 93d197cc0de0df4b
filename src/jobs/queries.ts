// Jobs are rows in graphile-worker's tables, added inside the caller's transaction: a job
// exists exactly when the business change that asked for it committed.
import type { Db, Trx } from '../db/knex.ts';

export async function addJob(
  db: Db | Trx,
  task: string,
  payload: Record<string, unknown>,
  options: { maxAttempts?: number; jobKey?: string } = {},
): Promise<void> {
  await db.raw('SELECT graphile_worker.add_job(?, ?::json, max_attempts => ?, job_key => ?)', [
    task,
    JSON.stringify(payload),
    options.maxAttempts ?? 25,
    options.jobKey ?? null,
  ]);
}
