// Jobs are rows in graphile-worker's tables, added inside the caller's transaction: a job
// exists exactly when the business change that asked for it committed.
import type { Conn } from '../db/knex.ts';

// How often a job is tried before graphile-worker gives up on it (its own default).
export const MAX_ATTEMPTS = 25;

export async function addJob(
  db: Conn,
  task: string,
  payload: Record<string, unknown>,
  options: { maxAttempts?: number; jobKey?: string } = {},
): Promise<void> {
  await db.raw('SELECT graphile_worker.add_job(?, ?::json, max_attempts => ?, job_key => ?)', [
    task,
    JSON.stringify(payload),
    options.maxAttempts ?? MAX_ATTEMPTS,
    options.jobKey ?? null,
  ]);
}
