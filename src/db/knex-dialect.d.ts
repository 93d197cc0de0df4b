// knex's PostgreSQL dialect, which createDb extends; knex ships no types for it.
declare module 'knex/lib/dialects/postgres/index.js' {
  import { Knex } from 'knex';

  export default class PgDialect extends Knex.Client {
    _query(connection: unknown, obj: unknown): Promise<unknown>;
  }
}
