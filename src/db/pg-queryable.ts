// A pg-Pool-shaped face over knex's pool, so libraries that want a Pool (the session store)
// share the app's few connections instead of opening their own.
import type { Db } from './knex.ts';

type PgClient = { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };

export function pgQueryable(db: Db) {
  return {
    async query(text: string, params: unknown[] = []) {
      const client = (await db.client.acquireConnection()) as PgClient;
      try {
        return await client.query(text, params);
      } finally {
        await db.client.releaseConnection(client);
      }
    },
  };
}
