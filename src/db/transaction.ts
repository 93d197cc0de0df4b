import type { Db, Trx } from './knex.ts';

// Runs work in a transaction, joining the caller's when one is already open.
export function inTransaction<T>(db: Db | Trx, work: (trx: Trx) => Promise<T>): Promise<T> {
  if ((db as Trx).isTransaction) return work(db as Trx);
  return db.transaction(work);
}
