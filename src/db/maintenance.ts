// Hourly clean-up of rows that only expire: old sessions and old sign-in failure counts.
import type { Db } from './knex.ts';

export async function pruneExpired(db: Db, now: Date): Promise<void> {
  await db('sessions').where('expire', '<', now).delete();
  await db('login_failures').where('expire', '<', now.getTime()).delete();
}
