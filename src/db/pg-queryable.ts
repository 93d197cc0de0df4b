// A pg-Pool-shaped face over knex's pool, so libraries that want a Pool (the session store)
// share the app's few connections instead of opening their own.
import type { Db } from './knex.ts';

type Query = string | { name: string; text: string; values: unknown[] };
type PgClient = { query: (query: Query, params?: unknown[]) => Promise<{ rows: unknown[] }> };

export function pgQueryable(db: Db) {
  return {
    // A named query ({ name, text, values }) is prepared once per connection: for the hottest reads.
    async query(query: Query, params: unknown[] = []) {
      const client = (await db.client.acquireConnection()) as PgClient;
      try {
        return await (typeof query === 'string' ? client.query(query, params) : client.query(query));
      } finally {
        await db.client.releaseConnection(client);
      }
    },
  };
}
