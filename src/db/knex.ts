// The knex instance and the types other modules use to talk about it.
import knex, { type Knex } from 'knex';
import pg from 'pg';

export type Db = Knex;
export type Trx = Knex.Transaction;

// Money and counts are bigint in the database but stay far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
// A date is a day, not a moment: kept as 'YYYY-MM-DD', never shifted by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export function createDb(connectionString: string, poolMax = 5): Db {
  return knex({
    client: 'pg',
    connection: connectionString,
    // A few pooled connections beat many on two cores; min 0 lets idle test databases close.
    pool: { min: 0, max: poolMax },
  });
}
