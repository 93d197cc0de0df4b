import type { Db } from './knex.ts';

export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await db.raw('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
